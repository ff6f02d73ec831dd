import Support

/// How fine-tuning did on the held-back digits, in words both front ends print: counts, not
/// only a percentage, and a warning when there are too few to tell a change from chance.
public enum FineTuneText {
    /// Fewer held-back digits than this cannot show an improvement: one digit more or less
    /// right moves the figure by 10 points or more.
    public static let fewDigits = 10

    /// "held back: 4/5 → 5/5 right (80.0% → 100.0%) — too few to tell".
    public static func heldBack(before: Double, after: Double, digits n: Int, unicode: Bool = true) -> String {
        func right(_ f: Double) -> Int { f.isFinite ? Int((min(max(f, 0), 1) * Double(n)).rounded()) : 0 }
        let arrow = unicode ? "→" : "->"
        let line = "held back: \(right(before))/\(n) \(arrow) \(right(after))/\(n) right"
            + " (\(Format.fixed(before * 100, 1))% \(arrow) \(Format.fixed(after * 100, 1))%)"
        return n < fewDigits ? line + (unicode ? " — " : " - ") + "too few to tell" : line
    }

    /// One line per held-back digit whose reading changed, then those still misread, at most
    /// `limit` of each kind (then "… and N more"): "now right: 7_b.png (read 1 before)".
    public static func changes(_ c: HeldBackChanges, limit: Int = 8, unicode: Bool = true) -> [String] {
        func lines(_ heading: String, _ digits: [HeldBackChanges.Digit], _ what: (HeldBackChanges.Digit) -> String) -> [String] {
            let shown = digits.prefix(max(0, limit)).map { "\(heading) \($0.source.description) (\(what($0)))" }
            let rest = digits.count - shown.count
            return shown + (rest > 0 ? ["\(heading) \(unicode ? "…" : "...") and \(rest) more"] : [])
        }
        let read = HeldBackChanges.readText
        return lines("now right:  ", c.nowRight) { "a \($0.expected), read \(read($0.before)) before" }
            + lines("now wrong:  ", c.nowWrong) { "a \($0.expected), now read \(read($0.after))" }
            + lines("still wrong:", c.stillWrong) { "a \($0.expected), read \(read($0.after))" + ($0.after != $0.before ? ", \(read($0.before)) before" : "") }
    }

    /// The same in one line for a screen, naming at most `names` digits of each kind (0: the
    /// counts alone): "now right: a.png, b.png · now wrong: c.png (9)". A screen tries more
    /// names while the line fits its width.
    public static func changeLine(_ c: HeldBackChanges, names: Int, unicode: Bool = true) -> String {
        let dot = unicode ? " · " : " | ", more = unicode ? "…" : "..."
        let kinds = [("now right", c.nowRight, false), ("now wrong", c.nowWrong, true), ("still wrong", c.stillWrong, true)]
        return kinds.filter { !$0.1.isEmpty }.map { heading, digits, showRead in
            let listed = digits.prefix(max(0, names)).map { $0.source.description + (showRead ? " (read \(HeldBackChanges.readText($0.after)))" : "") }
            let rest = digits.count - listed.count
            let tail = listed.isEmpty ? "\(digits.count)" : listed.joined(separator: ", ") + (rest > 0 ? ", +\(rest)\(more)" : "")
            return "\(heading): \(tail)"
        }.joined(separator: dot)
    }

    /// The most digits of any one kind, the largest `names` worth trying.
    public static func mostOfAKind(_ c: HeldBackChanges) -> Int { max(c.nowRight.count, c.nowWrong.count, c.stillWrong.count) }
}
