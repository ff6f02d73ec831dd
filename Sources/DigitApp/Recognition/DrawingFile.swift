import DigitImage
import Support

/// Saving a drawing into the digits folder, where the gallery, `predict` and fine-tuning find
/// it: a PNG named `<label>_drawn_<n>.png` (the file-name label convention the gallery reads),
/// with the first `n` no file and no labels.csv row uses yet. Written atomically; an
/// existing file is never replaced (a name taken meanwhile by another program moves on to the
/// next `n`).
public enum DrawingFile {
    /// Labels are digits only: one digit, or a number drawn as several.
    public static let maxLabelLength = 12
    static let maxTries = 10_000

    /// Why `label` cannot name a drawing, or nil when it can.
    public static func problem(withLabel label: String) -> String? {
        if label.isEmpty { return "type the digit the drawing shows" }
        if label.count > maxLabelLength { return "a label has at most \(maxLabelLength) digits" }
        if !label.allSatisfy({ $0.isASCII && $0.isNumber }) { return "a label is digits only (0-9)" }
        return nil
    }

    /// The name for try number `n`: `7_drawn_1.png`, `7_drawn_2.png`, …
    public static func name(label: String, number n: Int) -> String { "\(label)_drawn_\(n).png" }

    /// Saves `drawing` under `label` in `folder` (created when missing); returns the path.
    @discardableResult
    public static func save(_ drawing: Drawing, label: String, folder: String) throws -> String {
        if let problem = problem(withLabel: label) { throw AppError.badOption("cannot save the drawing: \(problem)") }
        guard !drawing.isEmpty else { throw AppError.badOption("cannot save the drawing: it is empty — draw a digit first") }
        let bytes = try PNGEncoder.encode(drawing.image())
        do { try Path.makeFolders(folder) } catch { throw AppError.file(error) }
        // Names in use are passed over before writing anything (the create below still refuses
        // one taken meanwhile); a stale labels.csv row for a name would give the new file a
        // label it does not have.
        var taken = Set((try? Path.names(in: folder)) ?? [])
        taken.formUnion((try? ImageLabels.load(folder: folder))?.table.keys ?? [:].keys)
        for n in 1...maxTries {
            let name = name(label: label, number: n)
            guard !taken.contains(name) else { continue }
            let path = Path.join(folder, name)
            do {
                if try AtomicFile.create(bytes, at: path) { return path }
            } catch {
                throw AppError.file(error)
            }
        }
        throw AppError.badOption("cannot save the drawing: \(Path.display(folder)) already has \(maxTries) drawings labelled \(label)")
    }
}
