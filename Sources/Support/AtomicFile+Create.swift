import Glibc

extension AtomicFile {
    /// Writes a new file that never replaces anything: false (nothing written) when `path`
    /// already exists. Like `write`, the file appears whole or not at all: the finished temp
    /// is hard-linked to its name, and link(2) itself refuses a taken name, so there is no
    /// window between a check and the rename in which another writer's file could be lost.
    /// File systems without hard links fall back to a check, then the rename.
    public static func create(_ bytes: [UInt8], at path: String) throws(SupportError) -> Bool {
        var created = false
        try withTemp(bytes, for: path) { tmp throws(SupportError) in
            let r = Path.withCString(tmp) { t in Path.withCString(path) { link(t, $0) } }
            if r == 0 {
                created = true
                syncFolder(of: path)
                return false  // the temp name is still there: withTemp removes it
            }
            let code = errno
            switch code {
            case EEXIST:
                return false
            case EPERM, EOPNOTSUPP, ENOSYS, EMLINK:
                guard FileBytes.kind(of: path) == nil else { return false }
                try rename(tmp, to: path)
                created = true
                return true
            default:
                throw .cannotWrite(file: path, reason: SupportError.reason(code))
            }
        }
        return created
    }
}
