import DigitModel

/// What fine-tuning changed on the held-back digits, digit by digit: which the new model now
/// reads right, which it now reads wrong, and which both models miss. A percentage alone does
/// not say that 5/6 → 5/6 swapped one digit for another, nor which file to look at.
public struct HeldBackChanges: Sendable, Equatable {
    public struct Digit: Sendable, Equatable {
        public var source: DigitSource
        /// The label, and what the model it started from and the new one read.
        public var expected: Int, before: Int, after: Int
        public init(source: DigitSource, expected: Int, before: Int, after: Int) {
            self.source = source; self.expected = expected; self.before = before; self.after = after
        }
    }

    public var nowRight: [Digit] = []
    public var nowWrong: [Digit] = []
    public var stillWrong: [Digit] = []

    public init(nowRight: [Digit] = [], nowWrong: [Digit] = [], stillWrong: [Digit] = []) {
        self.nowRight = nowRight; self.nowWrong = nowWrong; self.stillWrong = stillWrong
    }

    /// Compares two readings (`before`, `after`: one prediction per digit) against the labels.
    /// Sources beyond the shortest of the four lists are ignored, never indexed past.
    public init(sources: [DigitSource], labels: [Int], before: [Int], after: [Int]) {
        for i in 0..<min(sources.count, labels.count, before.count, after.count) {
            let d = Digit(source: sources[i], expected: labels[i], before: before[i], after: after[i])
            switch (d.before == d.expected, d.after == d.expected) {
            case (false, true): nowRight.append(d)
            case (true, false): nowWrong.append(d)
            case (false, false): stillWrong.append(d)
            case (true, true): break
            }
        }
        // By file, then place in the number: the held-back order is a shuffle.
        nowRight.sort { $0.source < $1.source }; nowWrong.sort { $0.source < $1.source }; stillWrong.sort { $0.source < $1.source }
    }

    public var isEmpty: Bool { nowRight.isEmpty && nowWrong.isEmpty && stillWrong.isEmpty }

    /// A digit's reading when its file was read as no digit, or as another count of digits
    /// than its label has (`HeldBackReading`).
    public static let otherCount = -1

    /// "7", or what `otherCount` means, after "read".
    public static func readText(_ d: Int) -> String { d == otherCount ? "with another count of digits" : String(d) }
}
