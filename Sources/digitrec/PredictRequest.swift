import ArgumentParser
import DigitApp
import Glibc
import Support

/// What `digitrec predict` is asked to do, however its command line was read: ArgumentParser's
/// `Predict` and the quick parse of the everyday form (QuickPredict) both build one, so the two
/// paths share every step after parsing.
struct PredictRequest: Equatable {
    var model: String?
    var json = false, art = false, ascii = false
    var files: [String] = []

    func run() throws {
        let inputs = expand(files)
        // The first image is read and segmented on the other core while the model loads: for
        // one image, that is most of what does not need the model (see `PreparedImage`).
        let firstInput = inputs.lazy.filter { if case .problem = $0 { false } else if case .note = $0 { false } else { true } }.first
        let (loading, first) = concurrently(
            { Result { try ModelStore().load(try ModelOption.path(for: model), threads: 1) } },
            { firstInput.flatMap { input in input.prepare() } })
        let recognizer: Recognizer, learnt: LearntImages
        do {
            let loaded = try loading.get()
            recognizer = Recognizer(network: loaded.network)
            learnt = LearntImages(metadata: loaded.metadata)
        } catch {
            Console.error("digitrec predict: \(error)")
            throw ExitCode(1)
        }
        var failed = false
        var score = LabelScore()
        var prepared = first
        for input in inputs {
            // Nobody reads the rest (`| head`): stop instead of reading 10,000 images for nothing.
            if Console.stdoutFailed { break }
            switch input {
            case let .file(file):
                let image = prepared
                prepared = nil
                if !predict(file, with: recognizer, learnt: learnt, score: &score, prepared: image) { failed = true }
            case .standardInput:
                let image = prepared ?? input.prepare()
                prepared = nil
                if !predict(Self.standardInputName, with: recognizer, learnt: learnt, score: &score, prepared: image, named: false) { failed = true }
            case let .problem(file, message, reason):
                failed = true
                report(file: file, error: message, reason: reason)
            case let .note(message):
                Console.error(message)
            }
        }
        if !json, let summary = score.summary { Console.out(summary) }
        if failed { throw ExitCode(1) }
    }

    /// Prints one file's result; false when it could not be used. An image the model was
    /// fine-tuned on is marked, and scored apart (`learnt`: nothing for other models).
    /// `prepared`: the file already read and segmented (or why it could not be), for the first.
    /// `named` false: piped bytes, which have no name and so no expected label.
    func predict(_ file: String, with recognizer: Recognizer, learnt: LearntImages, score: inout LabelScore,
                 prepared: Result<PreparedImage, any Error>? = nil, named: Bool = true) -> Bool {
        do {
            let result = try prepared.map { try recognizer.recognize($0.get()) } ?? recognizer.recognize(file: file)
            // A label the model could never read ("nine") is said, not scored (walkthrough).
            let (label, expected) = named ? score.label(for: file, names: result.classNames) : (nil, nil)
            let seen = learnt.contains(result.contentID)
            if let expected { score.count(right: expected == result.prediction, learnt: seen) }
            if json {
                Console.data(ReportJSON.prediction(result, expected: label, learntFrom: learnt.isEmpty ? nil : seen))
            } else if art {
                let ascii = ascii || !Console.unicodeOut
                Console.out(ArtReport.text(result, style: ascii ? .ascii : .halfBlocks, color: !ascii && Console.colorOut,
                                           width: Console.columns, expected: expected))
            } else {
                let ascii = ascii || !Console.unicodeOut
                let mark = (expected.map { $0 == result.prediction ? (ascii ? "  ok" : "  ✓") : (ascii ? "  WRONG, expected \($0)" : "  ✗ expected \($0)") } ?? "")
                    + (seen ? "  (learnt from)" : "")
                // One line of output per line of digits, the later ones under the first.
                let name = "\(Path.display(file)): "
                let number = ReportText.numberWithConfidences(result, indent: name.count)
                // As the gallery says it: the least sure digit under 90 %, and its runner-up.
                let unsure = result.leastSure.flatMap { i in
                    result.doubt(at: i).map { result.digits.count == 1 ? "  unsure: \($0)" : "  unsure: \(Format.ordinal(i + 1)) digit, \($0)" }
                } ?? ""
                Console.out("\(name)\(number)\(unsure)\(mark)")
            }
            return true
        } catch {
            if named { score.countUnread(file: file, names: recognizer.network.classNames) }
            report(file: file, error: "\(error)", reason: ReportJSON.reason(error))
            return false
        }
    }

    /// On stderr the message names the file; a JSON object names it in "file" already, so its
    /// "error" is the reason alone where there is one ("no digit found", README audit).
    func report(file: String, error: String, reason: String? = nil) {
        if json { Console.data(ReportJSON.failure(file: file, error: reason ?? error)) } else { Console.error(error) }
    }

    /// A problem's `reason` is its message without the file's name, for JSON (review).
    enum Input {
        case file(String), standardInput, problem(file: String, message: String, reason: String?), note(String)

        /// Read and segmented ahead of the model (the first input), or nil where there is nothing to read.
        func prepare() -> Result<PreparedImage, any Error>? {
            switch self {
            case let .file(file): Result { try PreparedImage(file: file) }
            case .standardInput: Result { try PreparedImage(standardInputAs: PredictRequest.standardInputName) }
            case .problem, .note: nil
            }
        }
    }

    /// `-` names the image piped in on standard input; messages and JSON call it "stdin".
    static let standardInputArgument = "-", standardInputName = "stdin"

    /// Folders become their images, sorted, with a note of what was skipped; an empty or
    /// unreadable folder is a failure (nothing silently succeeds); files are kept as given.
    func expand(_ args: [String]) -> [Input] {
        args.flatMap { arg -> [Input] in
            if arg == Self.standardInputArgument { return [.standardInput] }
            guard Path.isFolder(arg) else { return [.file(arg)] }
            do {
                let folder = try ImageFolder.scan(arg)
                var inputs: [Input] = folder.files.map { .file($0) }
                if !folder.skipped.isEmpty {
                    inputs.append(.note("\(Path.display(arg)): skipped \(folder.skipped.joined(separator: ", "))"))
                }
                // A labels.csv row naming no image read (a misspelt name) is said, as the gallery
                // says it (walkthrough 36); a labels.csv that cannot be read is said by LabelScore.
                if let labels = try? ImageLabels.load(folder: arg, subfolders: folder.subfolders),
                   let unlisted = labels.unlistedWarning(among: folder.files) {
                    inputs.append(.note("warning: \(Path.display(arg)): \(unlisted)"))
                }
                if folder.files.isEmpty {
                    let reason = "no PNG or JPEG images in this folder"
                    inputs.append(.problem(file: arg, message: "\(Path.display(arg)): \(reason)", reason: reason))
                }
                return inputs
            } catch {
                return [.problem(file: arg, message: "\(error)", reason: ReportJSON.reason(error))]
            }
        }
    }
}
