/// When a reading is unsure, and between what: the gallery's verdict and `predict`'s text say it
/// the same way.
extension DigitPrediction {
    /// A digit read with less than this probability is "unsure".
    public static let sureAt: Float = 0.9

    /// The two most likely classes, most likely first (the lower on a tie).
    public var topTwo: (first: Int, second: Int) {
        let order = probabilities.indices.sorted { probabilities[$0] > probabilities[$1] || (probabilities[$0] == probabilities[$1] && $0 < $1) }
        return (order.first ?? label, order.dropFirst().first ?? label)
    }
}

extension Recognition {
    /// "3 or 9?" for the digit at `index` when it is unsure; nil when it is sure (or there is none).
    public func doubt(at index: Int) -> String? {
        guard digits.indices.contains(index), digits[index].confidence < DigitPrediction.sureAt else { return nil }
        let (a, b) = digits[index].topTwo
        return "\(className(a)) or \(className(b))?"
    }

    /// The least sure digit, when it is unsure.
    public var leastSure: Int? {
        guard let i = digits.indices.min(by: { digits[$0].confidence < digits[$1].confidence }),
              digits[i].confidence < DigitPrediction.sureAt else { return nil }
        return i
    }
}
