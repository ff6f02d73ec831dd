import Glibc

/// Crash-safe file replacement: write a temp file in the same folder, fsync it,
/// rename over the target, fsync the folder. A reader sees the old file or the new
/// one, never a mix.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let dir = folder(of: path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        var template = Array("\(dir)/.\(name).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw MNISTError.cannotOpen(file: path, reason: String(cString: strerror(errno))) }
        let tmp = String(cString: template.map { UInt8(bitPattern: $0) } + [0])
        var ok = false
        defer { if !ok { unlink(tmp) } }
        try bytes.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + off, raw.count - off)
                if n < 0 {
                    if errno == EINTR { continue }
                    let reason = String(cString: strerror(errno))
                    close(fd)
                    throw MNISTError.cannotOpen(file: path, reason: "write failed: \(reason)")
                }
                off += n
            }
        }
        fchmod(fd, 0o644)
        guard fsync(fd) == 0 else {
            close(fd)
            throw MNISTError.cannotOpen(file: path, reason: "fsync failed: \(String(cString: strerror(errno)))")
        }
        close(fd)
        try syncAndRename(tmp, to: path)
        ok = true
    }

    public static func syncAndRename(_ from: String, to path: String) throws {
        let fd = open(from, O_RDONLY)
        if fd >= 0 { fsync(fd); close(fd) }
        guard rename(from, path) == 0 else {
            throw MNISTError.cannotOpen(file: path, reason: "rename failed: \(String(cString: strerror(errno)))")
        }
        let dfd = open(folder(of: path), O_RDONLY | O_DIRECTORY)
        if dfd >= 0 { fsync(dfd); close(dfd) }
    }

    /// Removes temp files a killed save left behind (`.NAME.tmp-XXXXXX`).
    public static func removeStaleTemps(in dir: String) {
        guard let d = opendir(dir) else { return }
        defer { closedir(d) }
        while let entry = readdir(d) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name.hasPrefix("."), name.contains(".tmp-") { unlink("\(dir)/\(name)") }
        }
    }

    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let d = String(path[..<slash])
        return d.isEmpty ? "/" : d
    }
}
