import Glibc

/// Crash-safe file replacement: write a temp file in the same folder, fsync it, rename over
/// the target, fsync the folder. A reader sees the old file or the new one, never a mix.
///
/// Temp files are named `.digitrec-tmp-PID-XXXXXX` whatever the target's name (so a legal
/// 255-byte target name still fits), and are held under an advisory lock while written. Only
/// files with that prefix whose writer is gone (PID not running and lock free) are ever
/// removed as stale — never a user's own dotfile, never another process's live save.
public enum AtomicFile {
    public static let tempPrefix = ".digitrec-tmp-"

    public static func write(_ bytes: [UInt8], to path: String) throws(SupportError) {
        try withTemp(bytes, for: path) { tmp throws(SupportError) in
            try rename(tmp, to: path)
            return true
        }
    }

    /// Writes `bytes` to a locked, fsynced temp file in `path`'s folder and hands its name to
    /// `place`, which puts it where it belongs and says whether the temp name is gone; a temp
    /// still there afterwards (or after an error) is removed.
    static func withTemp(_ bytes: [UInt8], for path: String, place: (String) throws(SupportError) -> Bool) throws(SupportError) {
        let dir = Path.folder(of: path)
        var template = Path.bytes(Path.join(dir, "\(tempPrefix)\(getpid())-XXXXXX")).map { CChar(bitPattern: $0) } + [0]
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw .cannotWrite(file: path, reason: SupportError.reason(errno)) }
        _ = flock(fd, LOCK_EX | LOCK_NB)
        let tmp = Path.decode(bytes: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) })
        var gone = false
        defer {
            close(fd)
            if !gone { Path.withCString(tmp) { _ = unlink($0) } }
        }
        var failure: Int32 = 0
        bytes.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count, let base = raw.baseAddress {
                let n = Glibc.write(fd, base + off, raw.count - off)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { failure = n < 0 ? errno : EIO; return }
                off += n
            }
        }
        if failure != 0 { throw .cannotWrite(file: path, reason: "write failed: \(SupportError.reason(failure))") }
        fchmod(fd, 0o644)
        guard fsync(fd) == 0 else { throw .cannotWrite(file: path, reason: "fsync failed: \(SupportError.reason(errno))") }
        gone = try place(tmp)
    }

    /// Moves a finished file into place and makes the rename durable (fsync of the folder).
    public static func syncAndRename(_ from: String, to path: String) throws(SupportError) {
        let fd = Path.withCString(from) { open($0, O_RDONLY | O_CLOEXEC) }
        if fd >= 0 { fsync(fd); close(fd) }
        try rename(from, to: path)
    }

    static func rename(_ from: String, to path: String) throws(SupportError) {
        guard Path.withCString(from, { f in Path.withCString(path) { Glibc.rename(f, $0) } }) == 0 else {
            throw .cannotWrite(file: path, reason: "rename failed: \(SupportError.reason(errno))")
        }
        syncFolder(of: path)
    }

    /// Makes a new name in `path`'s folder durable.
    static func syncFolder(of path: String) {
        let dfd = Path.withCString(Path.folder(of: path)) { open($0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        if dfd >= 0 { fsync(dfd); close(dfd) }
    }

    /// Removes the temp files of saves that were killed: our prefix, writer PID gone, lock free.
    /// Returns the names removed.
    @discardableResult
    public static func removeStaleTemps(in dir: String) -> [String] {
        guard let names = try? Path.names(in: dir) else { return [] }
        var removed: [String] = []
        for name in names where isStale(name, in: dir) {
            if Path.withCString(Path.join(dir, name), unlink) == 0 { removed.append(name) }
        }
        return removed
    }

    static func isStale(_ name: String, in dir: String) -> Bool {
        guard name.hasPrefix(tempPrefix) else { return false }
        let rest = name.dropFirst(tempPrefix.count)
        guard let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]), pid > 0,
              rest[rest.index(after: dash)...].count == 6 else { return false }
        if kill(pid, 0) == 0 || errno == EPERM { return false }  // the writer is alive
        let path = Path.join(dir, name)
        guard FileBytes.isRegularFile(path) else { return false }
        let fd = Path.withCString(path) { open($0, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW) }
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return flock(fd, LOCK_EX | LOCK_NB) == 0
    }
}
