import ArgumentParser
import DigitImage
import DigitModel
import Glibc
import Recognition

struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digitrec predict",
        abstract: "Recognise the digits in PNG images (a folder means every PNG in it).",
        discussion: """
            Prints the number read from each image. An image may hold several digits ("5283").
            With --json, one object per file and line:
              {"file": "...", "prediction": "5283", "digits": [{"label": 5, "probabilities": [...], "box": [x, y, w, h]}, ...]}
            A file that cannot be used gives {"file": "...", "error": "..."}; the others are still processed.
            Exit status: 0 all fine, 1 some input failed, 2 usage error.

            Examples:
              digitrec predict digits/7_thin_canvas.png
              digitrec predict --json digits/
              digitrec predict --art --model saved_models/mlp.safetensors digits/3_chalk.png
            """)

    @Option(help: "Model file.") var model: String = Paths.defaultModel
    @Flag(help: "One JSON object per file, one per line.") var json = false
    @Flag(help: "Draw each image and its 28×28 input with the ten probabilities.") var art = false
    @Flag(help: "With --art: ASCII only, no colour.") var ascii = false
    @Argument(help: "PNG files or folders.") var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one PNG file or folder") }
    }

    func run() throws {
        let recognizer: Recognizer
        do {
            recognizer = Recognizer(network: try ModelFile.load(model, threads: 1).network)
        } catch {
            Console.error("digitrec predict: \(error)")
            throw ExitCode(1)
        }
        var failed = false
        for file in expand(files) {
            do {
                let result = try recognizer.recognize(file: file)
                guard !result.digits.isEmpty else { throw ImageError.noDigit(file: file) }
                if json {
                    Console.out(PredictionJSON.line(result))
                } else if art {
                    Console.out(ArtReport.text(result, style: ascii ? .ascii : .halfBlocks, color: !ascii && isatty(1) == 1))
                } else {
                    let conf = result.digits.map { ProgressText.fixed(Double($0.confidence) * 100, 1) + "%" }.joined(separator: " ")
                    Console.out("\(file): \(result.prediction)  (\(conf))")
                }
            } catch {
                failed = true
                if json {
                    let message = "\(error)"
                    Console.out(#"{"file":\#(PredictionJSON.string(file)),"error":\#(PredictionJSON.string(message))}"#)
                } else {
                    Console.error("\(error)")
                }
            }
        }
        if failed { throw ExitCode(1) }
    }

    /// Folders become their PNG files, sorted; files are kept as given (errors are reported per file).
    func expand(_ args: [String]) -> [String] {
        args.flatMap { arg -> [String] in
            var st = stat()
            guard stat(arg, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else { return [arg] }
            return listPNGs(arg)
        }
    }
}

func listPNGs(_ dir: String) -> [String] {
    guard let d = opendir(dir) else { return [] }
    defer { closedir(d) }
    var names: [String] = []
    while let entry = readdir(d) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
        }
        if name.lowercased().hasSuffix(".png") && !name.hasPrefix(".") { names.append(name) }
    }
    return names.sorted().map { dir.hasSuffix("/") ? dir + $0 : dir + "/" + $0 }
}

enum PredictionJSON {
    static func line(_ r: Recognition) -> String {
        let digits = r.digits.map { d in
            let b = d.sample.box
            return #"{"label":\#(d.label),"probabilities":[\#(d.probabilities.map { number($0) }.joined(separator: ","))],"box":[\#(b.x),\#(b.y),\#(b.width),\#(b.height)]}"#
        }
        return #"{"file":\#(string(r.file)),"prediction":\#(string(r.prediction)),"digits":[\#(digits.joined(separator: ","))]}"#
    }

    static func number(_ v: Float) -> String {
        guard v.isFinite else { return "0" }
        let s = "\(Double(v))"
        return s.contains("e") ? String(format6(Double(v))) : s
    }

    static func format6(_ v: Double) -> String {
        ProgressText.fixed(v, 8)
    }

    static func string(_ s: String) -> String { ModelFile.jsonString(s) }
}

/// `predict --art`: the original and each digit's 28×28 input side by side, with the label
/// and the ten probabilities as bars.
enum ArtReport {
    static func text(_ r: Recognition, style: ArtStyle, color: Bool) -> String {
        let original = r.segmentation.cleaned.original.floats
        let leftCells = AsciiArt.render(original, columns: 40, rows: 14, style: style)
        let left = AsciiArt.lines(leftCells, style: style, color: color)
        let widthLeft = leftCells.first?.count ?? 0
        var out = ["\(r.file): \(r.original.width)×\(r.original.height) — read \"\(r.prediction)\""]
        for d in r.digits {
            let right = AsciiArt.lines(AsciiArt.render(d.sample.final, columns: 28, rows: 14, style: style), style: style, color: color)
            var bars = ["digit \(d.label)  (\(ProgressText.fixed(Double(d.confidence) * 100, 1))%)", ""]
            for c in 0..<10 {
                let p = Double(d.probabilities[c])
                bars.append("\(c) \(ProgressText.bar(fraction: p, width: 20, unicode: style == .halfBlocks)) \(ProgressText.fixed(p * 100, 1))%")
            }
            let n = max(left.count, right.count, bars.count)
            for i in 0..<n {
                let l = i < left.count ? left[i] : String(repeating: " ", count: widthLeft)
                let m = i < right.count ? right[i] : String(repeating: " ", count: 28)
                let b = i < bars.count ? bars[i] : ""
                out.append(l + "  " + m + "  " + b)
            }
        }
        return out.joined(separator: "\n")
    }
}

extension Recognition {
    var original: ByteImage { segmentation.cleaned.original }
}
