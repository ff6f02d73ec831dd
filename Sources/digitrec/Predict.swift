import ArgumentParser
import DigitApp
import Glibc

struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Recognise the digits in PNG or JPEG images (a folder means every such image in it).",
        discussion: """
            Prints the number read from each image (an image may hold several digits,
            "5283") and, when the file name or labels.csv says what it should be,
            whether it matches; images a fine-tuned model learnt from are marked
            "(learnt from)" and scored apart ("learnt_from" in JSON). Digits
            written on several lines are read line by line and printed one line
            each; the expected label joins them ("12" above "34" is 1234). With
            --json, one object per file and line:
              {"file": "...", "prediction": "5283", "expected": "5283",
               "lines": ["5283"], "digits": [{"label": 5, "probabilities": [...],
               "box": [x, y, w, h], "line": 0}]}
            A box is in the file's own pixels, upright (a very large photo is
            read smaller and its boxes are scaled back). A file that cannot be
            used gives {"file": "...", "error": "..."}; the others are still
            processed.
            "-" reads one image piped in on standard input ("stdin" in the output).
            Exit status: 0 all fine, 1 some input failed, 2 usage error.

            Examples:
              digitrec predict digits/7_thin_canvas.png
              digitrec predict --json digits/
              digitrec predict --art --ascii digits/42_chalk.png
              digitrec predict - < photo.jpg
            """)

    @OptionGroup var modelOption: ModelOption
    @Flag(help: "One JSON object per file, one per line.") var json = false
    @Flag(help: "Draw each image and its 28×28 input with the ten probabilities.") var art = false
    @OptionGroup var asciiOption: AsciiOption
    @Argument(help: ArgumentHelp("PNG or JPEG files, or folders; - for standard input.", valueName: "file-or-folder")) var files: [String] = []

    func validate() throws {
        // An unknown option beside it is said instead (Digitrec.unknownOptionMessage).
        if files.isEmpty { throw ValidationError("name at least one PNG or JPEG file, or a folder") }
        // As `--model ""` is (walkthrough: ': cannot read (no such file)', with no name to see).
        if files.contains("") { throw ValidationError("an empty file name: name a PNG or JPEG file, or a folder") }
        // JSON has no pictures: --art was dropped without a word (walkthrough).
        if json && art { throw ValidationError("--art draws pictures and --json prints data: choose one") }
        // Standard input can be read once.
        if files.filter({ $0 == PredictRequest.standardInputArgument }).count > 1 {
            throw ValidationError("- (standard input) given more than once")
        }
    }

    /// The request both command-line readers build: this parse, and the quick one (QuickPredict).
    var request: PredictRequest {
        PredictRequest(model: modelOption.model, json: json, art: art, ascii: asciiOption.ascii, files: files)
    }

    func run() throws { try request.run() }
}
