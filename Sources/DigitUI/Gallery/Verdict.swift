import DigitApp

/// What the gallery says about one reading: right or wrong against the label the image should
/// have, and whether the network was sure of every digit.
struct Verdict: Sendable, Equatable {
    enum Kind: Sendable, Equatable { case sure, unsure, wrong }

    /// A digit read with less than this probability is "unsure" (`DigitPrediction.sureAt`).
    static let sureAt = DigitPrediction.sureAt

    var kind: Kind
    /// The label from labels.csv or the file name; nil when nothing says, or when the model
    /// could never read it (`unscored`).
    var expected: String?
    /// A label the model could never read ("nine" for a digit model): said, not scored.
    var unscored: String?
    var read: String
    /// nil when there is no expected label.
    var correct: Bool? { expected.map { $0 == read } }

    init(_ r: Recognition, expected: String?) { self.init(Reading(r), expected: expected) }

    init(_ r: Reading, expected label: String?) {
        let expected = label.flatMap { ClassNaming.canRead($0, numbersOnly: r.readsNumbers) ? $0 : nil }
        self.expected = expected
        unscored = expected == nil ? label : nil
        read = r.prediction
        kind = expected.map { $0 != r.prediction } == true ? .wrong : r.leastConfidence >= Verdict.sureAt ? .sure : .unsure
    }

    /// The word for the kind, for monochrome and ASCII terminals where the colour is missing.
    var word: String {
        switch kind {
        case .sure: "sure"
        case .unsure: "unsure"
        case .wrong: "wrong"
        }
    }

    /// "✓ right" / "✗ expected 3, read 9"; nil when there is no expected label.
    func mark(unicode: Bool) -> String? {
        if let unscored { return ClassNaming.unreadableLabel(unscored) }
        guard let expected, let correct else { return nil }
        if correct { return unicode ? "✓ right" : "RIGHT" }
        let read = self.read.isEmpty ? "nothing" : self.read
        return (unicode ? "✗ " : "WRONG: ") + "expected \(expected), read \(read)"
    }

    /// The mark as it fits `width` columns: a wrong reading too long for it ("✗ expected 8916271,
    /// read 8916 / 27" at 80×24) drops what was read — the number above says it — rather than
    /// being cut to "read 8", which reads as the wrong number.
    /// Past that, a long label is not cut mid-number either: "✗ wrong".
    func mark(unicode: Bool, fitting width: Int) -> String? {
        if let unscored {
            return TextWidth.firstFitting([ClassNaming.unreadableLabel(unscored), ClassNaming.unreadableLabelShort(unscored), "label not 0-9"], width: width)
        }
        guard let full = mark(unicode: unicode), let expected, correct == false, TextWidth.of(full) > width else {
            return mark(unicode: unicode)
        }
        let short = (unicode ? "✗ " : "WRONG: ") + "expected \(expected)"
        return TextWidth.of(short) <= width ? short : unicode ? "✗ wrong" : "WRONG"
    }

    /// The short mark of the file list: ✓, ✗ (ASCII + and x), blank without a label.
    func listMark(unicode: Bool) -> String {
        switch correct {
        case true?: unicode ? "✓" : "+"
        case false?: unicode ? "✗" : "x"
        case nil: " "
        }
    }
}
