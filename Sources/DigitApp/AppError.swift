import Support

/// What the use cases refuse, in words a user can act on.
public enum AppError: Error, CustomStringConvertible, Sendable {
    case badModelName(name: String, reason: String)
    case modelExists(path: String)
    case file(SupportError)
    case noEpochCompleted(cancelled: Bool)
    case diverged(epoch: Int, batch: Int, what: String)
    case badOption(String)

    public var description: String {
        switch self {
        case let .badModelName(name, reason): return "cannot save as \"\(Path.display(name))\": \(reason)"
        case let .modelExists(path):
            return "\(Path.display(path)) already exists; choose another --out, or pass --force to replace it"
        case let .file(e): return e.description
        case let .noEpochCompleted(cancelled):
            return cancelled ? "cancelled before the first epoch ended; nothing was saved" : "no epoch completed; nothing was saved"
        case let .diverged(epoch, batch, what):
            return "training diverged at epoch \(epoch), batch \(batch): \(what) — try a lower --lr"
        case let .badOption(text): return text
        }
    }
}
