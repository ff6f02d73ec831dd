import DigitModel
import Support

extension HistoryJSON {
    /// The epoch table a model file carries in its `history` metadata, or nil when the text is
    /// not such a table (an older file has none; a damaged one is not shown rather than refused,
    /// since the weights themselves are checked elsewhere). Non-finite or absurd numbers are
    /// dropped with their row, so drawing never sees them.
    public static func parse(_ text: String) -> [EpochSummary]? {
        guard text.utf8.count <= maxBytes,
              let rows = (try? JSON.parse(text))?.arrayValue, rows.allSatisfy({ $0.objectPairs != nil }) else { return nil }
        func number(_ row: JSON, _ key: String) -> Double? {
            guard let v = row[key]?.doubleValue, v.isFinite, abs(v) < 1e12 else { return nil }
            return v
        }
        return rows.prefix(maxEpochs).compactMap { row in
            guard let epoch = number(row, "epoch"), epoch >= 0, epoch < 1e6,
                  let loss = number(row, "train_loss"), let acc = number(row, "train_accuracy") else { return nil }
            return EpochSummary(epoch: Int(epoch), trainLoss: loss, trainAccuracy: acc,
                                validationLoss: number(row, "validation_loss"), validationAccuracy: number(row, "validation_accuracy"),
                                seconds: number(row, "seconds") ?? 0, learningRate: Float(number(row, "learning_rate") ?? 0),
                                fraction: number(row, "fraction").map { min(1, max(0, $0)) } ?? 1)
        }
    }

    /// A history longer than this is cut (the training use case allows at most 1,000 epochs).
    static let maxEpochs = 1000
    static let maxBytes = 1 << 20
}
