enum Interactive {
    static func run(model: String?, digits: String, ascii: Bool, data: String?) throws {
        Console.out("Handwritten Digit Recognizer v2.0 — the interactive program is not built yet; see digitrec --help.")
    }
}
