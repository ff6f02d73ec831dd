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
            A file that cannot be used gives {"file": "...", "error": "..."}; the
            others are still processed.
            Exit status: 0 all fine, 1 some input failed, 2 usage error.

            Examples:
              digitrec predict digits/7_thin_canvas.png
              digitrec predict --json digits/
              digitrec predict --art --ascii digits/42_chalk.png
            """)

    @OptionGroup var modelOption: ModelOption
    @Flag(help: "One JSON object per file, one per line.") var json = false
    @Flag(help: "Draw each image and its 28×28 input with the ten probabilities.") var art = false
    @OptionGroup var asciiOption: AsciiOption
    @Argument(help: ArgumentHelp("PNG or JPEG files, or folders.", valueName: "file-or-folder")) var files: [String] = []

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one PNG or JPEG file, or a folder") }
    }

    func run() throws {
        let recognizer: Recognizer, learnt: LearntImages
        do {
            let loaded = try ModelStore().load(try modelOption.path(), threads: 1)
            recognizer = Recognizer(network: loaded.network)
            learnt = LearntImages(metadata: loaded.metadata)
        } catch {
            Console.error("digitrec predict: \(error)")
            throw ExitCode(1)
        }
        var failed = false
        var score = LabelScore()
        for input in expand(files) {
            switch input {
            case let .file(file):
                if !predict(file, with: recognizer, learnt: learnt, score: &score) { failed = true }
            case let .problem(file, message):
                failed = true
                report(file: file, error: message)
            case let .note(message):
                Console.error(message)
            }
        }
        if !json, let summary = score.summary { Console.out(summary) }
        if failed { throw ExitCode(1) }
    }

    /// Prints one file's result; false when it could not be used. An image the model was
    /// fine-tuned on is marked, and scored apart (`learnt`: nothing for other models).
    func predict(_ file: String, with recognizer: Recognizer, learnt: LearntImages, score: inout LabelScore) -> Bool {
        do {
            let result = try recognizer.recognize(file: file)
            let expected = score.expected(for: file)
            let seen = learnt.contains(result.contentID)
            if let expected { score.count(right: expected == result.prediction, learnt: seen) }
            if json {
                Console.out(ReportJSON.prediction(result, expected: expected, learntFrom: learnt.isEmpty ? nil : seen))
            } else if art {
                let ascii = asciiOption.ascii
                Console.out(ArtReport.text(result, style: ascii ? .ascii : .halfBlocks, color: !ascii && isatty(1) == 1,
                                           width: Console.columns, expected: expected))
            } else {
                let conf = result.digits.map { Format.fixed(Double($0.confidence) * 100, 1) + "%" }.joined(separator: " ")
                let mark = (expected.map { $0 == result.prediction ? (asciiOption.ascii ? "  ok" : "  ✓") : (asciiOption.ascii ? "  WRONG, expected \($0)" : "  ✗ expected \($0)") } ?? "")
                    + (seen ? "  (learnt from)" : "")
                // One line of output per line of digits, the later ones under the first.
                let name = "\(Path.display(file)): "
                let number = ReportText.number(result, indent: name.count)
                Console.out("\(name)\(number)  (\(conf))\(mark)")
            }
            return true
        } catch {
            report(file: file, error: "\(error)")
            return false
        }
    }

    func report(file: String, error: String) {
        if json { Console.out(ReportJSON.failure(file: file, error: error)) } else { Console.error(error) }
    }

    enum Input { case file(String), problem(file: String, message: String), note(String) }

    /// Folders become their images, sorted, with a note of what was skipped; an empty or
    /// unreadable folder is a failure (nothing silently succeeds); files are kept as given.
    func expand(_ args: [String]) -> [Input] {
        args.flatMap { arg -> [Input] in
            guard Path.isFolder(arg) else { return [.file(arg)] }
            do {
                let folder = try ImageFolder.scan(arg)
                var inputs: [Input] = folder.files.map { .file($0) }
                if !folder.skipped.isEmpty {
                    inputs.append(.note("\(Path.display(arg)): skipped \(folder.skipped.joined(separator: ", "))"))
                }
                if folder.files.isEmpty {
                    inputs.append(.problem(file: arg, message: "\(Path.display(arg)): no PNG or JPEG images in this folder"))
                }
                return inputs
            } catch {
                return [.problem(file: arg, message: "\(error)")]
            }
        }
    }
}

/// Expected labels (labels.csv or the file name) and how many predictions match them.
struct LabelScore {
    private var labels: [String: ImageLabels] = [:]
    private(set) var right = 0, total = 0
    /// The images the model was fine-tuned on, scored apart: reading them right shows little.
    private(set) var learntRight = 0, learntTotal = 0

    mutating func expected(for file: String) -> String? {
        let folder = Path.folder(of: file)
        if labels[folder] == nil {
            do {
                let loaded = try ImageLabels.load(folder: folder)
                // Once per folder: the lines left out, with their numbers.
                if let warning = loaded.warning { Console.error("warning: \(warning)") }
                labels[folder] = loaded
            } catch {
                Console.error("warning: \(error); the file names give the expected labels")
                labels[folder] = ImageLabels(folder: folder)
            }
        }
        return labels[folder]?.expected(for: file)
    }

    mutating func count(right isRight: Bool, learnt: Bool = false) {
        if learnt {
            learntTotal += 1
            if isRight { learntRight += 1 }
        } else {
            total += 1
            if isRight { right += 1 }
        }
    }

    /// "24/25 match the expected label" (from labels.csv or the file name), when any file had
    /// one; the images the model learnt from follow apart: "7/9 match the expected label;
    /// learnt from, not counted: 12/12".
    var summary: String? {
        guard total + learntTotal > 0 else { return nil }
        let learnt = learntTotal == 0 ? "" : "; learnt from, not counted: \(learntRight)/\(learntTotal)"
        return "\(right)/\(total) match the expected label" + learnt
    }
}
