import Support

/// Where the tests find the package, the built binaries, the shared test material and MNIST.
/// One place for every test target (the environment read through Support, like the app does).
public enum Env {
    /// The package root (this file is Tests/TestSupport/Env.swift).
    public static let root = Path.folder(of: Path.folder(of: Path.folder(of: #filePath)))
    /// The shared corpora (../shared/testdata beside the checkout unless $DIGITREC_TESTDATA says otherwise).
    public static let testdata = Environment.value("DIGITREC_TESTDATA") ?? root + "/../shared/testdata"
    /// The real MNIST folder; nil when $DIGITREC_DATA is unset or empty.
    public static let mnist = Environment.value("DIGITREC_DATA").flatMap { $0.isEmpty ? nil : $0 }
    /// CI sets this: a test whose data is missing then fails instead of reporting itself skipped.
    public static let requireData = Environment.value("DIGITREC_REQUIRE_DATA") == "1"

    public static let shippedModel = root + "/saved_models/default.safetensors"
    /// The sample PNGs shipped with the repository, named `<digits>_<what>.png`.
    public static let samples = root + "/digits"
    /// The release binary under test ($DIGITREC_BIN runs another build, e.g. the ASan one).
    public static let digitrec = Environment.value("DIGITREC_BIN") ?? root + "/.build/release/digitrec"
    /// The benchmark binary built beside it (its save-loop drives the crash-safety test).
    public static let digitBench = Path.folder(of: digitrec) + "/DigitBench"

    /// The names in a folder ending in `suffix`, sorted; empty when the folder cannot be read.
    public static func files(in folder: String, suffix: String = ".png") -> [String] {
        ((try? Path.names(in: folder)) ?? []).filter { $0.hasSuffix(suffix) }.sorted()
    }
}
