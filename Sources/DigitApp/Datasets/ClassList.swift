import DigitModel
import Support

/// The class names of a dataset: `classes.txt` in its folder (one name per line, in label
/// order; blank lines and surrounding spaces ignored) when there is one.
public enum ClassList {
    public static let fileName = "classes.txt"
    static let maxBytes = 64 << 10

    /// The names `folder/classes.txt` lists, nil when there is no such file; an error when it
    /// cannot be read or names more classes than a network has outputs.
    public static func read(folder: String) throws -> [String]? {
        let path = Path.join(folder, fileName)
        guard Path.isPresent(path) else { return nil }
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(path, limit: maxBytes) } catch { throw AppError.file(error) }
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let names = text.split(whereSeparator: \.isNewline).map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
        if let reason = ModelClasses.problem(with: names) { throw AppError.badDataset(folder: path, reason: reason) }
        guard names.count >= 2 else { throw AppError.badDataset(folder: path, reason: "names one class; telling classes apart needs at least two") }
        return names
    }

    /// Refuses labels beyond the names: "label 7 has no name (classes.txt lists 5)".
    static func check(_ names: [String], cover maxLabel: Int, source: String) throws {
        guard maxLabel < names.count else {
            throw AppError.badDataset(folder: source, reason: "label \(maxLabel) has no name (\(names.count) class names: \(names.prefix(4).joined(separator: ", "))\(names.count > 4 ? ", …" : ""))")
        }
    }
}
