import DigitApp

/// The folder path being typed in the "open a folder" prompt, with what Tab last offered and
/// why the last Enter was refused. Pure: the listing Tab completes from comes from the runtime.
public struct FolderField: Sendable, Equatable {
    public private(set) var text: String
    /// The folders Tab found when it could not choose one ("photos/  phone/").
    public var choices: [String] = []
    /// Why the folder could not be opened, shown until the text changes.
    public var error: String?
    /// The text is the folder open now, offered: the first character typed replaces it;
    /// Backspace and Tab take it as the start of what is typed.
    public private(set) var suggested = false

    /// Paths longer than this (in UTF-8 bytes) are not typed on: PATH_MAX.
    public static let maxBytes = 4096

    public init(_ text: String = "", suggested: Bool = false) {
        self.text = text.utf8.count <= FolderField.maxBytes ? text : ""
        self.suggested = suggested && !self.text.isEmpty
    }

    /// Takes a printable character; control characters are not part of a path anyone types.
    public mutating func type(_ c: Character) {
        guard !c.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return }
        if suggested { text = ""; suggested = false }
        guard text.utf8.count + c.utf8.count <= FolderField.maxBytes else { error = "a path is at most \(FolderField.maxBytes) bytes"; return }
        text.append(c)
        choices = []; error = nil
    }

    public mutating func backspace() {
        suggested = false
        if !text.isEmpty { text.removeLast() }
        choices = []; error = nil
    }

    /// The folder the typed text names: `~` is the home folder, a trailing `/` is dropped
    /// (digitrec names its files below the folder), empty is the current folder.
    public static func expand(_ text: String, home: String?) -> String {
        var path = text
        if let home, !home.isEmpty, path == "~" || path.hasPrefix("~/") { path = home + path.dropFirst() }
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path.isEmpty ? "." : path
    }

    /// Where Tab lists, and the start of a name it completes: "~/pho" → ("~/", "pho").
    public static func split(_ text: String) -> (folder: String, prefix: String) {
        guard let slash = text.lastIndex(of: "/") else { return ("", text) }
        return (String(text[...slash]), String(text[text.index(after: slash)...]))
    }

    /// Tab: `folders` are the names of the folders in `split(text).folder`. One that fits is
    /// completed with its `/`; several are completed as far as they agree and offered;
    /// hidden folders only when a `.` was typed.
    public mutating func complete(folders: [String]) {
        suggested = false
        let (folder, prefix) = FolderField.split(text)
        let matches = folders.filter { $0.hasPrefix(prefix) && (prefix.hasPrefix(".") || !$0.hasPrefix(".")) }.sorted()
        error = nil
        guard let first = matches.first else {
            choices = []
            error = prefix.isEmpty ? "no folders in \(folder.isEmpty ? "this folder" : Path.display(folder))" : "no folder starts with \(Path.display(prefix))"
            return
        }
        if matches.count == 1 {
            let completed = folder + first + "/"
            if completed.utf8.count <= FolderField.maxBytes { text = completed } else { error = "the path would be longer than \(FolderField.maxBytes) bytes" }
            choices = []
            return
        }
        var common = first
        for m in matches.dropFirst() { while !m.hasPrefix(common) { common.removeLast() } }
        if (folder + common).utf8.count <= FolderField.maxBytes { text = folder + common }
        choices = matches.map { $0 + "/" }
    }
}
