/// Accuracy, per-class precision and recall, and the 10×10 confusion matrix
/// (rows: true label, columns: prediction).
public struct Metrics: Sendable, Equatable {
    public var confusion: [[Int]]

    public init(classes: Int = 10) {
        confusion = Array(repeating: Array(repeating: 0, count: classes), count: classes)
    }

    public init(predictions: [Int], labels: [Int], classes: Int = 10) {
        self.init(classes: classes)
        for (p, y) in zip(predictions, labels) where (0..<classes).contains(p) && (0..<classes).contains(y) {
            confusion[y][p] += 1
        }
    }

    public var total: Int { confusion.reduce(0) { $0 + $1.reduce(0, +) } }
    public var correct: Int { confusion.indices.reduce(0) { $0 + confusion[$1][$1] } }
    public var accuracy: Double { total == 0 ? 0 : Double(correct) / Double(total) }

    /// Of the images predicted as class c, the share that really are c; nil when nothing was
    /// read as c (a 0 there read as "always wrong", and averaged into a macro score it was one:
    /// walkthrough, a 4-class folder's six other classes).
    public func precision(_ c: Int) -> Double? {
        let predicted = confusion.reduce(0) { $0 + $1[c] }
        return predicted == 0 ? nil : Double(confusion[c][c]) / Double(predicted)
    }

    /// Of the images of class c, the share predicted as c (the per-class accuracy); nil when
    /// the data has no image of c.
    public func recall(_ c: Int) -> Double? {
        let actual = confusion[c].reduce(0, +)
        return actual == 0 ? nil : Double(confusion[c][c]) / Double(actual)
    }
}

/// Index of the largest of `count` values starting at `offset`.
public func argmax(_ v: [Float], offset: Int = 0, count: Int = 10) -> Int {
    var best = 0
    for j in 1..<count where v[offset + j] > v[offset + best] { best = j }
    return best
}

/// How far confidence is from accuracy: predictions binned by their top probability,
/// ECE = Σ (bin share) · |accuracy in bin − mean confidence in bin|.
public struct Calibration: Sendable {
    public var meanConfidence: Double
    public var expectedCalibrationError: Double
    /// The bins in order of confidence (the reliability diagram: accuracy against confidence).
    public var bins: [ReliabilityBin]

    public init(meanConfidence: Double, expectedCalibrationError: Double, bins: [ReliabilityBin]) {
        self.meanConfidence = meanConfidence; self.expectedCalibrationError = expectedCalibrationError; self.bins = bins
    }

    public init(probabilities: [Float], labels: [UInt8], bins: Int = 15) {
        let n = labels.count
        var count = [Int](repeating: 0, count: bins), correct = [Int](repeating: 0, count: bins)
        var confSum = [Double](repeating: 0, count: bins)
        var total = 0.0
        for i in 0..<n {
            let p = argmax(probabilities, offset: i * 10)
            let c = Double(probabilities[i * 10 + p])
            // A NaN probability (a diverged network) counts in the lowest bin instead of trapping.
            let b = c.isFinite ? min(bins - 1, max(0, Int(c * Double(bins)))) : 0
            count[b] += 1
            confSum[b] += c
            total += c
            if p == Int(labels[i]) { correct[b] += 1 }
        }
        meanConfidence = n > 0 ? total / Double(n) : 0
        var ece = 0.0
        for b in 0..<bins where count[b] > 0 {
            ece += Double(count[b]) / Double(n) * abs(Double(correct[b]) / Double(count[b]) - confSum[b] / Double(count[b]))
        }
        expectedCalibrationError = ece
        self.bins = (0..<bins).map { ReliabilityBin(count: count[$0], correct: correct[$0], confidenceSum: confSum[$0]) }
    }
}

/// Predictions whose top probability fell in one confidence bin.
public struct ReliabilityBin: Sendable, Equatable {
    public var count: Int
    public var correct: Int
    public var confidenceSum: Double
    public init(count: Int, correct: Int, confidenceSum: Double) { self.count = count; self.correct = correct; self.confidenceSum = confidenceSum }
    public var accuracy: Double { count == 0 ? 0 : Double(correct) / Double(count) }
    public var meanConfidence: Double { count == 0 ? 0 : confidenceSum / Double(count) }
}
