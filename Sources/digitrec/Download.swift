import ArgumentParser
import DigitApp
import Glibc
import Support

struct Download: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "download",
        abstract: "Download the four MNIST files, verify them and store them.",
        discussion: """
            Tries public HTTPS mirrors in order ($DIGITREC_MNIST_MIRRORS, comma-separated,
            overrides them), resumes partial downloads (.part files) and checks the
            SHA-256 of the decompressed content.

            Examples:
              digitrec download
              digitrec download --data ~/mnist
            """)

    @Option(help: ArgumentHelp("Target folder (default: $DIGITREC_DATA, else ~/.cache/digitrec/mnist).", valueName: "dir"))
    var data: String?

    func validate() throws {
        try refuseEmptyPaths([("--data", data)])
        // A file, FIFO or device is refused before any mirror is asked (walkthrough: the
        // mirrors were tried and blamed, and the advice was to copy the files "into /dev/zero").
        if let data, let kind = FileBytes.kind(of: data), kind != S_IFDIR {
            throw ValidationError("--data: \(Path.display(data)) is \(kind == S_IFREG ? "a file" : FileBytes.kindName(kind)), not a folder")
        }
    }

    func run() throws {
        let terminal = Console.stderrIsTerminal
        let throttle = Throttle(interval: 0.1)
        let folder: String
        do {
            folder = try MNISTDownload.run(into: data) { event in
                switch event {
                case let .started(file, url, offset):
                    Console.error("\(file): \(offset > 0 ? "resuming at \(offset) bytes from" : "fetching") \(url)")
                case let .progress(file, received, total):
                    guard terminal, throttle.ready() else { return }
                    let fraction = total.map { Double(received) / Double(max($0, 1)) } ?? 0
                    Console.status("\(file) \(ProgressText.bar(fraction: fraction, width: 30)) \(Format.fixed(fraction * 100, 0))% \(Format.grouped(Int(received / 1024))) KiB")
                case let .finished(file, already):
                    if terminal { Console.status("") }
                    Console.error(already ? "\(file): already present and verified" : "\(file): done, checksum verified")
                case let .mirrorFailed(file, url, reason):
                    if terminal { Console.status("") }
                    Console.error("\(file): \(url) failed: \(reason)")
                }
            }
        } catch {
            Console.error("digitrec download: \(error)")
            throw ExitCode(1)
        }
        Console.out("MNIST is in \(folder)")
    }
}
