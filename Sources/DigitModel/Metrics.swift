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

    /// Of the images predicted as class c, the share that really are c.
    public func precision(_ c: Int) -> Double {
        let predicted = confusion.reduce(0) { $0 + $1[c] }
        return predicted == 0 ? 0 : Double(confusion[c][c]) / Double(predicted)
    }

    /// Of the images of class c, the share predicted as c (the per-class accuracy).
    public func recall(_ c: Int) -> Double {
        let actual = confusion[c].reduce(0, +)
        return actual == 0 ? 0 : Double(confusion[c][c]) / Double(actual)
    }
}

/// Index of the largest of `count` values starting at `offset`.
public func argmax(_ v: [Float], offset: Int = 0, count: Int = 10) -> Int {
    var best = 0
    for j in 1..<count where v[offset + j] > v[offset + best] { best = j }
    return best
}
