import Glibc

/// Whole-file reads with the checks every input file needs before a byte is read: the path
/// must be a regular file (a FIFO would block `open`/`read` forever, `/dev/zero` never ends,
/// a directory has a nonsense size), and its size must be under the caller's limit, checked
/// from `fstat` before anything is allocated.
public enum FileBytes {
    /// Opens `path` for reading without blocking and checks it is a regular file.
    /// Returns the descriptor (blocking again, for plain reads) and the file's size.
    public static func openRegular(_ path: String) throws(SupportError) -> (fd: Int32, size: Int) {
        let fd = Path.withCString(path) { open($0, O_RDONLY | O_NONBLOCK | O_CLOEXEC) }
        guard fd >= 0 else { throw .cannotOpen(file: path, reason: openFailure(path, errno)) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let reason = SupportError.reason(errno)
            close(fd)
            throw .cannotRead(file: path, reason: reason)
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw .notRegularFile(file: path, kind: kindName(st.st_mode))
        }
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
        return (fd, Int(st.st_size))
    }

    /// The whole file, refused when it is not a regular file or larger than `limit` bytes.
    public static func read(_ path: String, limit: Int) throws(SupportError) -> [UInt8] {
        let (fd, size) = try openRegular(path)
        defer { close(fd) }
        guard size <= limit else { throw .tooLarge(file: path, bytes: size, limit: limit) }
        var bytes = [UInt8](repeating: 0, count: size)
        var off = 0
        var failure: Int32 = 0
        bytes.withUnsafeMutableBytes { raw in
            while off < size, let base = raw.baseAddress {
                let n = Glibc.read(fd, base + off, size - off)
                if n < 0 && errno == EINTR { continue }
                if n < 0 { failure = errno; return }
                if n == 0 { return }  // the file shrank while we read it
                off += n
            }
        }
        if failure != 0 { throw .cannotRead(file: path, reason: SupportError.reason(failure)) }
        if off < size { bytes.removeLast(size - off) }
        return bytes
    }

    /// Everything on an open descriptor up to its end (`digitrec predict -` reads a piped
    /// image): read in chunks, refused as soon as it passes `limit` bytes, so an endless
    /// stream (`< /dev/zero`) ends; the array grows by doubling, so its memory stays under
    /// about twice `limit`. `name` is what
    /// messages call it ("stdin").
    public static func readStream(_ fd: Int32, name: String, limit: Int) throws(SupportError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw .cannotRead(file: name, reason: SupportError.reason(errno)) }
            if n == 0 { return bytes }
            guard bytes.count + n <= limit else { throw .streamTooLarge(name: name, limit: limit) }
            bytes.append(contentsOf: chunk[0..<n])
        }
    }

    /// "a directory", "a FIFO (named pipe)", … for messages.
    public static func kindName(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFLNK: return "a symbolic link"
        default: return "not a regular file"
        }
    }

    /// Why `path` could not be opened: a dangling symbolic link says where it points (walkthrough:
    /// "no such file" of a name that `ls` lists).
    public static func openFailure(_ path: String, _ code: Int32) -> String {
        guard code == ENOENT, let target = linkTarget(path) else { return SupportError.reason(code) }
        // A relative target is relative to the link's folder, not to where the user is (review).
        let shown = target.hasPrefix("/") || !path.contains("/") ? target : Path.join(Path.folder(of: path), target)
        return "a symbolic link to \(Path.display(shown)), which does not exist"
    }

    /// Where the symbolic link `path` points; nil when it is no link.
    static func linkTarget(_ path: String) -> String? {
        var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX))
        let count = Path.withCString(path) { name in
            buffer.withUnsafeMutableBytes { readlink(name, $0.baseAddress!.assumingMemoryBound(to: CChar.self), $0.count) }
        }
        guard count > 0 else { return nil }
        return Path.decode(bytes: buffer.prefix(count))
    }

    /// What `path` is, without following a FIFO into a blocking open: nil when it does not exist.
    public static func kind(of path: String) -> mode_t? {
        var st = stat()
        guard Path.withCString(path, { stat($0, &st) }) == 0 else { return nil }
        return st.st_mode & S_IFMT
    }

    public static func isRegularFile(_ path: String) -> Bool { kind(of: path) == S_IFREG }
    public static func isDirectory(_ path: String) -> Bool { kind(of: path) == S_IFDIR }
}
