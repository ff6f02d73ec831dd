import Support

/// How fine-tuning did on the held-back digits, in words both front ends print: counts, not
/// only a percentage, and a warning when there are too few to tell a change from chance.
public enum FineTuneText {
    /// Fewer held-back digits than this cannot show an improvement: one digit more or less
    /// right moves the figure by 10 points or more.
    public static let fewDigits = 10

    /// "held-back digits: 4/5 → 5/5 right (80.0% → 100.0%) — too few to tell": digits, not images
    /// (a file of a number holds several; the gallery and `compare --images` count images; walkthrough).
    public static func heldBack(before: Double, after: Double, digits n: Int, unicode: Bool = true) -> String {
        func right(_ f: Double) -> Int { f.isFinite ? Int((min(max(f, 0), 1) * Double(n)).rounded()) : 0 }
        let arrow = unicode ? "→" : "->"
        let line = "held-back digits: \(right(before))/\(n) \(arrow) \(right(after))/\(n) right"
            + " (\(Format.fixed(before * 100, 1))% \(arrow) \(Format.fixed(after * 100, 1))%)"
        return n < fewDigits ? line + (unicode ? " — " : " - ") + "too few to tell" : line
    }

    /// "confidence in the right digit: 71.2% → 96.5% (mean over the held-back digits)": what a
    /// fine-tune did when as many were right before as after.
    /// `saysMean`: with "(mean over the held-back digits)"; a narrow screen leaves it out.
    public static func confidence(before: Double, after: Double, digits n: Int = fewDigits, unicode: Bool = true, saysMean: Bool = true) -> String {
        func percent(_ f: Double) -> String { Format.fixed((f.isFinite ? min(max(f, 0), 1) : 0) * 100, 1) + "%" }
        let line = "confidence in the right digit: \(percent(before)) \(unicode ? "→" : "->") \(percent(after))" + (saysMean ? " (mean over the held-back digits)" : "")
        return n < fewDigits ? line + (unicode ? " — " : " - ") + "too few to tell" : line
    }

    /// One line per held-back digit whose reading changed, then those still misread, at most
    /// `limit` of each kind (then "… and N more"): "now right: 7_b.png (read 1 before)".
    public static func changes(_ c: HeldBackChanges, limit: Int = 8, unicode: Bool = true) -> [String] {
        lines(groups(c), limits: [limit, limit, limit], unicode: unicode) + stillWrongNote(c)
    }

    /// After the digits still wrong: they were only checked (walkthrough, session 32: the one 9
    /// a person had corrected was held back, stayed wrong, and nothing said why).
    public static func stillWrongNote(_ c: HeldBackChanges) -> [String] {
        c.stillWrong.isEmpty ? [] : ["(held back digits are checked, never learnt: label more images of a digit to teach it)"]
    }

    /// The held-back digits by kind, each line without its heading: now right, now wrong,
    /// still wrong.
    public static func groups(_ c: HeldBackChanges) -> [(heading: String, items: [String])] {
        let read = HeldBackChanges.readText
        func items(_ digits: [HeldBackChanges.Digit], _ what: (HeldBackChanges.Digit) -> String) -> [String] {
            digits.map { "\($0.source.description) (\(what($0)))" }
        }
        // "an 8", as `compare --images` says it.
        let a = { (d: HeldBackChanges.Digit) in FolderComparisonText.labelText(String(d.expected)) }
        return [("now right:  ", items(c.nowRight) { "\(a($0)), read \(read($0.before)) before" }),
                ("now wrong:  ", items(c.nowWrong) { "\(a($0)), now read \(read($0.after))" }),
                ("still wrong:", items(c.stillWrong) { "\(a($0)), read \(read($0.after))" + ($0.after != $0.before ? ", read \(read($0.before)) before" : "") })]
    }

    /// `groups` as lines, naming at most `limits[k]` items of group k (then "… and N more").
    public static func lines(_ groups: [(heading: String, items: [String])], limits: [Int], unicode: Bool = true) -> [String] {
        groups.enumerated().flatMap { k, group in
            let limit = limits.indices.contains(k) ? max(0, limits[k]) : 0
            let shown = group.items.prefix(limit).map { "\(group.heading) \($0)" }
            let rest = group.items.count - shown.count
            return shown + (rest > 0 ? ["\(group.heading) \(unicode ? "…" : "...") and \(rest) more"] : [])
        }
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
