import Foundation
import Support

/// The true labels of a folder's images: from `labels.csv` beside them (a header `file,label`,
/// then one row per image; the user's corrections, never a rename of their files), else from
/// the file-name convention (`3_pen.png`, `5283.jpg`: the leading digits before `_` or `.`;
/// not a camera's time stamp like `20261202_101500.jpg`).
public struct ImageLabels: Sendable, Equatable {
    public static let fileName = "labels.csv"
    /// A labels.csv label saying "no label", for an image whose name would give one.
    public static let noLabel = "-"
    public static let maxBytes = 4 << 20

    public var folder: String
    /// File name (not path) → label, from labels.csv.
    public var table: [String: String]

    public init(folder: String, table: [String: String] = [:]) { self.folder = folder; self.table = table }

    /// The labels of `folder`; an absent labels file is an empty table, a damaged one an error.
    public static func load(folder: String) throws -> ImageLabels {
        let path = Path.join(folder, fileName)
        guard Path.exists(path) else { return ImageLabels(folder: folder) }
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(path, limit: maxBytes) } catch { throw AppError.file(error) }
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }  // the byte-order mark spreadsheets write
        return ImageLabels(folder: folder, table: try parse(text, file: path))
    }

    /// The label an image should have, or nil when nothing says.
    public func expected(for path: String) -> String? {
        let name = Path.baseName(path)
        if let label = table[name] { return label == ImageLabels.noLabel ? nil : label }
        return ImageLabels.fromFileName(name)
    }

    /// "5283_row.png" → "5283", "3.png" → "3"; "scan.png", "12abc.png" → nil.
    public static func fromFileName(_ name: String) -> String? {
        let digits = name.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 40 else { return nil }
        let rest = name.dropFirst(digits.count)
        guard rest.first == "_" || rest.first == "." else { return nil }
        return isTimeStamp(digits, then: rest) ? nil : String(digits)
    }

    /// A phone camera's name: `YYYYMMDD_HHMMSS…` (or 14 digits at once), a date in 1990–2099.
    static func isTimeStamp(_ digits: Substring, then rest: Substring) -> Bool {
        let d = Array(digits.utf8).map { Int($0) - 48 }
        guard d.count == 8 || d.count == 14 else { return false }
        let year = d[0] * 1000 + d[1] * 100 + d[2] * 10 + d[3], month = d[4] * 10 + d[5], day = d[6] * 10 + d[7]
        guard (1990...2099).contains(year), (1...12).contains(month), (1...31).contains(day) else { return false }
        if d.count == 14 { return true }
        let time = rest.dropFirst().prefix { $0.isASCII && $0.isNumber }
        return time.count == 6 || time.count == 9
    }

    /// Sets (or with nil, clears) one image's label in memory: an image whose name gives a
    /// label gets the "no label" mark, since removing the row would let the name decide again.
    public mutating func assign(_ label: String?, for path: String) {
        let name = Path.baseName(path)
        table[name] = label ?? (ImageLabels.fromFileName(name) == nil ? nil : ImageLabels.noLabel)
    }

    /// Sets (or with nil, clears) one image's label and writes the file atomically.
    public mutating func set(_ label: String?, for path: String) throws {
        assign(label, for: path)
        let rows = table.keys.sorted().map { CSV.row([$0, table[$0] ?? ""]) }
        let text = ([CSV.row(["file", "label"])] + rows).joined(separator: "\n") + "\n"
        do { try AtomicFile.write(Array(text.utf8), to: Path.join(folder, ImageLabels.fileName)) } catch { throw AppError.file(error) }
    }

    /// Sets one image's label in `folder`'s labels.csv as it is on disk now (rows written
    /// meanwhile by someone else stay), atomically; returns the updated labels. A damaged
    /// labels.csv is reported, never overwritten.
    public static func update(folder: String, file: String, label: String?) throws -> ImageLabels {
        if let label, !isValidLabel(label) {
            throw AppError.badLabels(file: Path.join(folder, fileName), reason: "the label of \(Path.baseName(file)) must be 1 to 40 digits, not \"\(label)\"")
        }
        var labels = try load(folder: folder)
        try labels.set(label, for: file)
        return labels
    }

    /// A label is what a file name can carry: 1 to 40 ASCII digits.
    public static func isValidLabel(_ label: String) -> Bool {
        !label.isEmpty && label.count <= 40 && label.allSatisfy { $0.isASCII && $0.isNumber }
    }

    static func parse(_ text: String, file: String) throws -> [String: String] {
        var rows = CSV.rows(text)
        guard let header = rows.first, header.count >= 2, header[0] == "file", header[1] == "label" else {
            let first = rows.first?.first ?? ""
            let hint = first.contains(";") || first.contains("\t") ? " (fields are separated by commas)" : ""
            throw AppError.badLabels(file: file, reason: "the first line must be the header \"file,label\"\(hint)")
        }
        rows.removeFirst()
        var table: [String: String] = [:]
        for (i, row) in rows.enumerated() where !(row.count == 1 && row[0].isEmpty) {
            guard row.count >= 2, !row[0].isEmpty else {
                throw AppError.badLabels(file: file, reason: "line \(i + 2) needs a file name and a label")
            }
            // An empty label is no label (the file name then decides).
            let label = row[1].trimmingCharacters(in: .whitespaces)
            if !label.isEmpty { table[row[0]] = label }
        }
        return table
    }
}

/// Comma-separated values as spreadsheets write them: fields quoted when they hold a comma,
/// a quote or a line break, quotes doubled inside.
enum CSV {
    static func row(_ fields: [String]) -> String {
        fields.map { f in
            f.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + f.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\"" : f
        }.joined(separator: ",")
    }

    static func rows(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var chars = text.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? chars.next() {
            pending = nil
            if quoted {
                if c != "\"" { field.append(c); continue }
                // A quote ends the field unless it is doubled.
                if let next = chars.next() {
                    if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                } else {
                    quoted = false
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: quoted = true
            case ",": row.append(field); field = ""
            case "\n", "\r\n", "\r": row.append(field); rows.append(row); row = []; field = ""
            default: field.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
