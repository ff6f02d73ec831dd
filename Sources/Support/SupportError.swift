import Glibc

/// Errors of the shared file and folder helpers. Every case names the file, so the
/// module that called (model store, image decoder, dataset reader) can pass it on as is.
public enum SupportError: Error, CustomStringConvertible, Equatable, Sendable {
    case cannotOpen(file: String, reason: String)
    case notRegularFile(file: String, kind: String)
    case tooLarge(file: String, bytes: Int, limit: Int)
    /// A stream (a pipe) that went on past the limit: how long it was is not known.
    case streamTooLarge(name: String, limit: Int)
    case cannotRead(file: String, reason: String)
    case cannotWrite(file: String, reason: String)
    case cannotCreateFolder(folder: String, reason: String)
    /// JSON text that is not JSON (the caller names the file and the field it came from).
    case badJSON(offset: Int, reason: String)

    public var description: String {
        switch self {
        case let .cannotOpen(file, _), let .notRegularFile(file, _), let .tooLarge(file, _, _), let .streamTooLarge(file, _),
             let .cannotRead(file, _), let .cannotWrite(file, _), let .cannotCreateFolder(file, _):
            return "\(Path.display(file)): \(reason)"
        case .badJSON: return reason
        }
    }

    /// The message without the file name, for modules that wrap it in their own error.
    public var reason: String {
        switch self {
        case let .cannotOpen(_, reason): return reason
        case let .notRegularFile(_, kind): return "it is \(kind), not a regular file"
        case let .tooLarge(_, bytes, limit): return "file is \(Format.bytes(bytes)); the limit is \(Format.bytes(limit))"
        case let .streamTooLarge(_, limit): return "more than the limit of \(Format.bytes(limit)) came in"
        case let .cannotRead(_, reason): return reason
        case let .cannotWrite(_, reason): return "cannot write: \(reason)"
        case let .cannotCreateFolder(_, reason): return "cannot create folder: \(reason)"
        case let .badJSON(offset, reason): return "not JSON at byte \(offset): \(reason)"
        }
    }

    /// The reason text of an errno value ("no such file", "permission denied").
    public static func reason(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file"
        case EACCES: return "permission denied"
        case ELOOP: return "too many levels of symbolic links"
        case ENAMETOOLONG: return "name too long"
        default: return String(cString: strerror(code))
        }
    }
}
