import Glibc

/// Path strings: folder and base names, folder listings and `mkdir -p`.
public enum Path {
    /// "a/b/c.png" → "a/b"; "c.png" → "."; "/c" → "/".
    public static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let d = String(path[..<slash])
        return d.isEmpty ? "/" : d
    }

    /// "a/b/c.safetensors" → "c.safetensors"; with `dropping: ".safetensors"` → "c".
    public static func baseName(_ path: String, dropping suffix: String? = nil) -> String {
        var name = path.split(separator: "/").last.map(String.init) ?? path
        if let suffix, name.hasSuffix(suffix), name.count > suffix.count { name.removeLast(suffix.count) }
        return name
    }

    public static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// Creates a folder and its parents (like `mkdir -p`).
    /// Returns the folders it made, outermost first, so a caller whose work then fails can take
    /// them away again (`removeEmptyFolders`).
    @discardableResult
    public static func makeFolders(_ path: String) throws(SupportError) -> [String] {
        var current = path.hasPrefix("/") ? "" : "."
        var made: [String] = []
        for part in path.split(separator: "/") {
            current += "/" + part
            if Path.withCString(current, { mkdir($0, 0o755) }) == 0 {
                made.append(current)
            } else if errno != EEXIST {
                throw .cannotCreateFolder(folder: current, reason: SupportError.reason(errno))
            }
        }
        return made
    }

    /// Removes folders `makeFolders` made, innermost first; a folder something was put into
    /// since stays (rmdir(2) only removes empty ones).
    public static func removeEmptyFolders(_ made: [String]) {
        for folder in made.reversed() { _ = Path.withCString(folder, { rmdir($0) }) }
    }

    /// The names in a folder (no "." or ".."), unsorted; nil when it cannot be read.
    public static func names(in folder: String) throws(SupportError) -> [String] {
        guard let d = Path.withCString(folder, opendir) else {
            let code = errno
            // What it is instead, as the file readers say it (walkthrough: "fifo: Not a directory").
            if code == ENOTDIR, let kind = FileBytes.kind(of: folder) {
                throw .cannotOpen(file: folder, reason: (kind == S_IFREG ? "a file" : FileBytes.kindName(kind)) + ", not a folder")
            }
            throw .cannotOpen(file: folder, reason: code == ENOENT ? "no such folder" : SupportError.reason(code))
        }
        defer { closedir(d) }
        var names: [String] = []
        while let entry = readdir(d) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Path.decode(bytes: raw.prefix(while: { $0 != 0 }))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// A path as it may be shown on a terminal: control characters (escape sequences, newlines
    /// that would forge an output line) are written as `\u{1B}`-style escapes, bytes that are
    /// not UTF-8 as `\xFF`.
    public static func display(_ path: String) -> String {
        var out = ""
        for u in path.unicodeScalars {
            if let byte = escapedByte(u) {
                out += "\\x" + String(byte, radix: 16, uppercase: true)
            } else if u.isTerminalControl {
                out += "\\u{" + String(u.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out
    }
}

extension Path {
    /// Whether `path` is a folder (following symbolic links).
    public static func isFolder(_ path: String) -> Bool { FileBytes.isDirectory(path) }

    /// `message` without the "PATH: " it begins with (the path as given or as displayed): for a
    /// message shown where the file is named already (a file list's row, a folder's error).
    public static func message(_ message: String, without path: String) -> String {
        for p in [path, display(path)] where message.hasPrefix(p + ": ") { return String(message.dropFirst(p.count + 2)) }
        return message
    }

    /// Whether `path` is a regular file (following symbolic links): not a FIFO, device or folder.
    public static func isFile(_ path: String) -> Bool { FileBytes.isRegularFile(path) }
}

extension Path {
    /// Whether anything (file, folder, FIFO; not a dangling link) is at `path`.
    public static func exists(_ path: String) -> Bool { FileBytes.kind(of: path) != nil }

    /// Whether anything is at `path`, a dangling or looping symbolic link included: for files
    /// that are optional (labels.csv, classes.txt), where a link that leads nowhere must be
    /// reported, not taken for "no such file".
    public static func isPresent(_ path: String) -> Bool {
        var st = stat()
        return Path.withCString(path, { lstat($0, &st) }) == 0
    }
}

extension Path {
    /// The canonical absolute path (symbolic links resolved), or the path itself when it does
    /// not exist yet — for "is this the same file" checks.
    public static func realPath(_ path: String) -> String {
        guard let p = Path.withCString(path, { realpath($0, nil) }) else { return path }
        defer { free(p) }
        return Path.decode(bytes: UnsafeBufferPointer(start: p, count: strlen(p)).map { UInt8(bitPattern: $0) })
    }
}

extension Path {
    /// A path as a POSIX shell reads it back as one word: unchanged when it holds only
    /// characters no shell treats specially, else in single quotes (a quote inside written
    /// '\''), so a stored recipe or a printed hint runs as written.
    public static func shellQuoted(_ path: String) -> String {
        let plain = !path.isEmpty && path.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "_-./+,:=@%".unicodeScalars.contains($0)
        }
        if plain { return path }
        var out = "'"
        for c in path { out += c == "'" ? "'\\''" : String(c) }
        return out + "'"
    }
}
