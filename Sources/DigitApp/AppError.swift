import Support

/// What the use cases refuse, in words a user can act on.
public enum AppError: Error, CustomStringConvertible, Sendable {
    case badModelName(name: String, reason: String)
    case modelExists(path: String)
    case file(SupportError)
    case noEpochCompleted(cancelled: Bool)
    case diverged(epoch: Int, batch: Int, what: String)
    case badOption(String)
    case badLabels(file: String, reason: String)
    /// `learntBefore`: images the starting model learnt from already, never held back.
    case tooFewLabelled(found: Int, skipped: [String], learntBefore: Int = 0)
    case badDataset(folder: String, reason: String)

    public var description: String {
        switch self {
        case let .badModelName(name, reason): return "cannot save as \"\(Path.display(name))\": \(reason)"
        case let .modelExists(path):
            return "\(Path.display(path)) already exists; choose another name (nothing is replaced without asking)"
        case let .file(e): return e.description
        case let .noEpochCompleted(cancelled):
            return cancelled ? "cancelled before the first epoch ended; nothing was saved" : "no epoch completed; nothing was saved"
        case let .diverged(epoch, batch, what):
            return "training diverged at epoch \(epoch), batch \(batch): \(what) — try a lower --lr"
        case let .badOption(text): return text
        case let .badLabels(file, reason): return "\(Path.display(file)): \(reason)"
        case let .badDataset(folder, reason): return "\(Path.display(folder)): \(reason)"
        case let .tooFewLabelled(found, skipped, learntBefore):
            return "fine-tuning needs at least two different labelled images (one to learn from, one held back to check it; "
                + "files with the same bytes count once), and more is better: about 10 per digit you want it to learn. "
                + "Found \(Format.count(found, "labelled image")) to use. "
                + (learntBefore > 0 ? "\(Format.count(learntBefore, "image")) the model learnt from already cannot be held back: add images it has not seen. " : "")
                + "Name files like 7_mine.png or list them in labels.csv (file,label)."
                + (skipped.isEmpty ? "" : " Passed over: " + skipped.prefix(5).joined(separator: "; ") + (skipped.count > 5 ? "; …" : ""))
        }
    }
}
