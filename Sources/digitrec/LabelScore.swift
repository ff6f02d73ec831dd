import DigitApp

/// Expected labels (labels.csv or the file name, read once per folder, warnings on stderr) and
/// how many predictions match them.
struct LabelScore {
    private var labels: [String: ImageLabels] = [:]
    private(set) var tally = LabelTally()
    /// Files without a label that gave no reading: not in the score, but said beside it
    /// (walkthrough: "1/1 match" under five errors read as all well).
    private(set) var unlabelledUnread = 0

    mutating func expected(for file: String) -> String? {
        let folder = Path.folder(of: file)
        if labels[folder] == nil {
            do {
                let loaded = try ImageLabels.load(folder: folder)
                // Once per folder: the lines left out, with their numbers.
                if let warning = loaded.warning { Console.error("warning: \(warning)") }
                labels[folder] = loaded
            } catch {
                Console.error("warning: \(error); the file names give the expected labels")
                labels[folder] = ImageLabels(folder: folder)
            }
        }
        return labels[folder]?.expected(for: file)
    }

    /// The label `file` has (`raw`, as JSON gives it) and the one it is scored against: nil
    /// when a model of class names `names` could never read it ("nine" for digits), which is
    /// said on stderr (walkthrough: it counted as a mistake).
    mutating func label(for file: String, names: [String]) -> (raw: String?, scored: String?) {
        guard let raw = expected(for: file) else { return (nil, nil) }
        if ClassNaming.canRead(raw, names: names) { return (raw, raw) }
        Console.error("warning: \(Path.display(file)): \(ClassNaming.unreadableLabel(raw))")
        return (raw, nil)
    }

    mutating func count(right isRight: Bool, learnt: Bool = false) { tally.count(right: isRight, learnt: learnt) }

    /// A labelled file that gave no reading (no digit found, not an image) counts as a miss;
    /// with a label the model could never read, as one without a label (review).
    mutating func countUnread(file: String, names: [String]) {
        if label(for: file, names: names).scored != nil { tally.countUnread() } else { unlabelledUnread += 1 }
    }

    /// "24/25 match the expected label" (from labels.csv or the file name), when any file had
    /// one, with the labelled files that gave no reading (no digit found, or not an image: said
    /// on their own lines; walkthrough 35: "could not be read" for a blank page read fine)
    /// counted as misses and said; the images the model learnt from follow apart: "7/9 match
    /// the expected label; learnt from, not counted: 12/12".
    var summary: String? {
        let t = tally
        guard !t.isEmpty else { return nil }
        let unread = t.unread == 0 ? "" : " (\(t.unread) gave no reading)"
        let learnt = t.learntTotal == 0 ? "" : "; learnt from, not counted: \(t.learntRight)/\(t.learntTotal)"
        let others = unlabelledUnread == 0 ? "" : "; \(Format.count(unlabelledUnread, "file")) without a label gave no reading"
        // Nothing was read at all: not a score of 0 (walkthrough, session 34: "0/1 match" for
        // one broken file read as a wrong answer).
        if t.total > 0, t.unread == t.total {
            let none = t.total == 1 ? "the labelled file gave no reading" : "none of the \(t.total) labelled files gave a reading"
            return none + learnt + others
        }
        return "\(t.right)/\(t.total) match the expected label" + unread + learnt + others
    }
}
