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
}
