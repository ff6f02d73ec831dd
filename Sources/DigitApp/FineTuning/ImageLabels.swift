import Glibc
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
    /// The image's path below `folder` ("3.png", "june/3.png") → label, from the labels.csv
    /// of the image's own folder.
    public var table: [String: String]
    /// The subfolders (below `folder`) whose labels.csv was read with it.
    public var subfolders: [String] = []
    /// The labels.csv lines that were not used (the file below `folder`, the line number, why);
    /// every other line is.
    public var badLines: [BadLine] = []

    public struct BadLine: Sendable, Equatable {
        /// "labels.csv", "june/labels.csv".
        public var file: String
        public var line: Int
        public var reason: String
    }

    public init(folder: String, table: [String: String] = [:]) { self.folder = folder; self.table = table }

    /// The one warning the front ends print about unused lines, nil when every line was used:
    /// "digits/labels.csv line 3 left out: needs a file name and a label (also lines 7, 9)" —
    /// the other lines are used.
    public var warning: String? {
        guard let first = badLines.first else { return nil }
        // The other lines by file, the first file's first: "lines 6, 7; june/labels.csv line 2".
        var files: [String] = [], lines: [String: [Int]] = [:]
        for bad in badLines.dropFirst() {
            if lines[bad.file] == nil { files.append(bad.file) }
            lines[bad.file, default: []].append(bad.line)
        }
        let others = files.map { file -> String in
            let numbers = lines[file] ?? []
            let list = numbers.prefix(5).map(String.init).joined(separator: ", ") + (numbers.count > 5 ? ", …" : "")
            return (file == first.file ? "" : Path.display(file) + " ") + "line\(numbers.count == 1 ? "" : "s") " + list
        }
        let more = others.isEmpty ? "" : " (also " + others.joined(separator: "; ") + ")"
        return "\(Path.display(Path.join(folder, first.file))) line \(first.line) left out: \(first.reason)\(more)"
    }

    /// The names labels.csv gives that are not among `files` (the images read from `folder`): a
    /// misspelt name, an image removed since, or one not read (hidden, past the limit, not PNG
    /// or JPEG), whose label is used for nothing (walkthrough, session 27: such a row was passed
    /// over without a word).
    public func unlisted(among files: [String]) -> [String] {
        let present = Set(files.map(key))
        return table.keys.filter { !present.contains($0) }.sorted()
    }

    /// "labels.csv names 2 files not among the images read here: 3_pn.png, 7.png", or nil.
    public func unlistedWarning(among files: [String]) -> String? {
        let names = unlisted(among: files)
        guard !names.isEmpty else { return nil }
        let shown = names.prefix(3).map(Path.display).joined(separator: ", ") + (names.count > 3 ? ", …" : "")
        return "\(ImageLabels.fileName) names \(names.count == 1 ? "a file" : "\(names.count) files") not among the images read here: \(shown)"
    }

    /// The labels of `folder` and of its `subfolders` (paths below it, from `ImageFolder`); an
    /// absent labels file is no labels. The folder's own labels.csv that cannot be read or lacks
    /// its header is an error; a subfolder's is reported as its line 1; a bad line is only left
    /// out (`badLines`).
    public static func load(folder: String, subfolders: [String] = []) throws -> ImageLabels {
        var labels = ImageLabels(folder: folder)
        labels.subfolders = subfolders
        for sub in [""] + subfolders {
            let file = sub.isEmpty ? fileName : sub + "/" + fileName
            do {
                guard let (table, bad) = try read(Path.join(folder, file)) else { continue }
                for (name, label) in table { labels.table[sub.isEmpty ? name : sub + "/" + name] = label }
                labels.badLines += bad.map { BadLine(file: file, line: $0.line, reason: $0.reason) }
            } catch let error as AppError {
                guard !sub.isEmpty, case let .badLabels(_, reason) = error else { throw error }
                labels.badLines.append(BadLine(file: file, line: 1, reason: reason))
            }
        }
        return labels
    }

    /// One labels.csv's rows and bad lines; nil when there is none.
    static func read(_ path: String) throws -> (table: [String: String], bad: [(line: Int, reason: String)])? {
        guard Path.isPresent(path) else { return nil }
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(path, limit: maxBytes) } catch { throw AppError.file(error) }
        // Decoded as file names are: a name that is not UTF-8 keeps its bytes (`Path.decode`),
        // so the row written for `\xff.png` names that file again.
        var text = Path.decode(bytes: bytes)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }  // the byte-order mark spreadsheets write
        return try parse(text, file: path)
    }

    /// The image's key: its path below `folder`.
    func key(_ path: String) -> String { ImageFolder.relativeName(path, in: folder) }

    /// The label an image should have, or nil when nothing says.
    public func expected(for path: String) -> String? {
        if let label = table[key(path)] { return label == ImageLabels.noLabel ? nil : label }
        return ImageLabels.fromFileName(Path.baseName(path))
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
    /// label gets the "no label" mark, since removing the row would let the name decide again;
    /// the label its name gives needs no row (walkthrough, session 27: undoing a correction
    /// left "3_pen.png,3" in labels.csv).
    public mutating func assign(_ label: String?, for path: String) {
        let named = ImageLabels.fromFileName(Path.baseName(path))
        if let label, label == named { table[key(path)] = nil; return }
        table[key(path)] = label ?? (named == nil ? nil : ImageLabels.noLabel)
    }

    /// The image's folder below `folder` ("" for `folder` itself): whose labels.csv holds it.
    func subfolder(of path: String) -> String {
        let k = key(path)
        return k.contains("/") ? Path.folder(of: k) : ""
    }

    /// The labels.csv that holds the image's label: the one beside it ("sub/june/labels.csv").
    public func labelsFile(for path: String) -> String {
        let sub = subfolder(of: path)
        return Path.join(folder, (sub.isEmpty ? "" : sub + "/") + ImageLabels.fileName)
    }

    /// Sets (or with nil, clears) one image's label and writes the labels.csv beside it atomically.
    public mutating func set(_ label: String?, for path: String) throws {
        assign(label, for: path)
        let sub = subfolder(of: path), prefix = sub.isEmpty ? "" : sub + "/"
        // This folder's rows only: the keys below it with no further folder.
        let names = table.keys.filter { $0.hasPrefix(prefix) && !$0.dropFirst(prefix.count).contains("/") }.map { String($0.dropFirst(prefix.count)) }
        let rows = names.sorted().map { CSV.row([$0, table[prefix + $0] ?? ""]) }
        let text = ([CSV.row(["file", "label"])] + rows).joined(separator: "\n") + "\n"
        // A name that is not UTF-8 is written as its own bytes, as the folder lists it (not as
        // the private-use scalars that carry it inside the program).
        do { try AtomicFile.write(Path.bytes(text), to: labelsFile(for: path)) } catch { throw AppError.file(error) }
    }

    /// Sets one image's label in the labels.csv beside it as it is on disk now (rows written
    /// meanwhile by someone else stay), atomically; returns the updated labels of `folder` and
    /// its `subfolders`. A damaged labels.csv is reported, never overwritten.
    public static func update(folder: String, file: String, label: String?, subfolders: [String] = []) throws -> ImageLabels {
        var labels = try load(folder: folder, subfolders: subfolders)
        let sub = labels.subfolder(of: file)
        let csv = Path.join(folder, sub.isEmpty ? fileName : sub + "/" + fileName)
        if let label, !isValidLabel(label) {
            throw AppError.badLabels(file: csv, reason: "the label of \(Path.baseName(file)) must be 1 to 40 digits, not \"\(label)\"")
        }
        if !sub.isEmpty && !subfolders.contains(sub) {
            // A subfolder not read with the others: its own labels.csv, read now.
            labels = try load(folder: folder, subfolders: subfolders + [sub])
        }
        // Rewriting the file would drop the lines that were not understood: they are fixed first.
        let written = sub.isEmpty ? fileName : sub + "/" + fileName
        if let bad = labels.badLines.first(where: { $0.file == written }) {
            throw AppError.badLabels(file: csv, reason: "line \(bad.line) \(bad.reason); fix it first (saving a label rewrites the file and would drop it)")
        }
        try labels.set(label, for: file)
        return labels
    }

    /// A label is what a file name can carry: 1 to 40 ASCII digits.
    public static func isValidLabel(_ label: String) -> Bool {
        !label.isEmpty && label.count <= 40 && label.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// The table and the lines left out (number, why). Only a missing header refuses the
    /// whole file: without it no line can be trusted to be `file,label`.
    static func parse(_ text: String, file: String) throws -> (table: [String: String], bad: [(line: Int, reason: String)]) {
        var rows = CSV.numberedRows(text)
        guard let header = rows.first?.fields, header.count >= 2, header[0] == "file", header[1] == "label" else {
            let first = rows.first?.fields.first ?? ""
            let hint = first.contains(";") || first.contains("\t") ? " (fields are separated by commas)" : ""
            throw AppError.badLabels(file: file, reason: "the first line must be the header \"file,label\"\(hint)")
        }
        rows.removeFirst()
        var table: [String: String] = [:], bad: [(line: Int, reason: String)] = []
        for (line, row) in rows where !(row.count == 1 && row[0].isEmpty) {
            guard row.count >= 2, !row[0].isEmpty else { bad.append((line, "needs a file name and a label")); continue }
            guard !row[0].contains("/") else { bad.append((line, "names a path; a labels.csv names the files beside it")); continue }
            // An empty label is no label (the file name then decides). Any other text is kept:
            // a model of named classes (Fashion-MNIST) is labelled "Sneaker".
            let label = row[1].trimmingSpaces
            if !label.isEmpty { table[row[0]] = label }
        }
        return (table, bad)
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

    static func rows(_ text: String) -> [[String]] { numberedRows(text).map(\.fields) }

    /// The rows with the line each starts on (1-based; a quoted line break makes a row span lines).
    static func numberedRows(_ text: String) -> [(line: Int, fields: [String])] {
        var rows: [(line: Int, fields: [String])] = [], row: [String] = [], field = "", quoted = false
        var line = 1, rowLine = 1
        var chars = text.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? chars.next() {
            pending = nil
            if quoted {
                if c != "\"" {
                    if c == "\n" || c == "\r\n" || c == "\r" { line += 1 }
                    field.append(c); continue
                }
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
            case "\n", "\r\n", "\r":
                row.append(field); rows.append((rowLine, row)); row = []; field = ""
                line += 1; rowLine = line
            default: field.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append((rowLine, row)) }
        return rows
    }
}
