import ArgumentParser
import DigitModel
import Glibc
import MNIST

struct Digitrec: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digitrec",
        abstract: "Handwritten Digit Recognizer v2.0 — recognise digits in PNG images, train and evaluate models.",
        discussion: """
            Without a subcommand, starts the interactive program (needs a terminal).

            Subcommands (each has --help):
              train      Train a model on MNIST and save it.
              eval       Evaluate a model on the 10,000 MNIST test images.
              predict    Recognise the digits in PNG images.
              download   Download the four MNIST files, verify them and store them.

            Examples:
              digitrec                                   # interactive: load a model or train one
              digitrec --model saved_models/mlp.safetensors --digits digits/
              digitrec predict digits/7_thin_canvas.png  # print the number in an image
              digitrec predict --json digits/            # one JSON line per image
              digitrec train --arch cnn --epochs 3       # train on MNIST ($DIGITREC_DATA or --data)
              digitrec eval --json                       # test accuracy and confusion matrix
              digitrec download --data ~/mnist           # fetch MNIST
            """,
        version: "2.0")

    @Option(help: "Open the gallery with this model, skipping the start menu.")
    var model: String?

    @Option(help: "Folder of PNG images for the gallery.")
    var digits: String = "digits"

    @Flag(help: "Draw with ASCII only (no Unicode block characters).")
    var ascii = false

    @Option(help: "MNIST folder for training from the interactive program.")
    var data: String?

    mutating func run() throws {
        guard isatty(0) == 1, isatty(1) == 1 else {
            Console.error("digitrec: the interactive program needs a terminal; see `digitrec --help` for the subcommands (train, eval, predict, download).")
            throw ExitCode(2)
        }
        try Interactive.run(model: model, digits: digits, ascii: ascii, data: data)
    }
}

/// Shared options and helpers.
enum Paths {
    static let defaultModel = "saved_models/default.safetensors"

    static func dataFolder(_ explicit: String?) throws -> String {
        try DataLocator.locate(explicit: explicit, environment: Environment.variables)
    }
}

enum Environment {
    static var variables: [String: String] {
        var env: [String: String] = [:]
        var p = environ
        while let entry = p.pointee {
            let s = String(cString: entry)
            if let eq = s.firstIndex(of: "=") { env[String(s[..<eq])] = String(s[s.index(after: eq)...]) }
            p += 1
        }
        return env
    }
}

extension Preset: ExpressibleByArgument {}
extension OptimizerKind: ExpressibleByArgument {}
extension Schedule: ExpressibleByArgument {}
