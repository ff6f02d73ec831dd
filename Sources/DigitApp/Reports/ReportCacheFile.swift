import DigitModel
import FoundationEssentials
import Support

/// A model report on disk, keyed by the model's checksum and the test set's: reopening the
/// report of a model already measured on these images costs a small file read. Only what
/// cannot be recomputed cheaply is kept (loss, confusion, calibration bins, the mistakes), a
/// few kilobytes. A file that is damaged, from another version or for other data is ignored.
struct ReportCacheFile: Codable {
    static let version = 1

    struct Entry: Codable {
        var index: Int
        var label: Int
        var prediction: Int
        var probabilities: [Float]
    }

    var version: Int
    var modelChecksum: String
    var dataChecksum: String
    var loss: Double
    var confusion: [[Int]]
    var meanConfidence: Double
    var expectedCalibrationError: Double
    /// count, correct, confidence sum per bin.
    var bins: [[Double]]
    var mistakes: [Entry]
    var evaluationSeconds: Double

    /// The file's name for a model and a test set.
    static func name(model: String, data: String) -> String { "report-\(model.prefix(32))-\(data.prefix(16)).json" }

    init(_ r: EvaluationReport, model: String, data: String) {
        version = Self.version; modelChecksum = model; dataChecksum = data
        loss = r.loss; confusion = r.metrics.confusion
        meanConfidence = r.calibration.meanConfidence; expectedCalibrationError = r.calibration.expectedCalibrationError
        bins = r.calibration.bins.map { [Double($0.count), Double($0.correct), $0.confidenceSum] }
        mistakes = r.mistakes.map { Entry(index: $0.index, label: $0.label, prediction: $0.prediction, probabilities: $0.probabilities) }
        evaluationSeconds = r.seconds
    }

    /// The bytes to write, or nil when a value cannot be written (a non-finite loss).
    func encoded() -> [UInt8]? { (try? JSONEncoder().encode(self)).map { [UInt8]($0) } }

    /// The report this file holds for `model` on `test`, or nil when the file does not match
    /// them or does not hold together (counts that disagree with the test set, indices out of range).
    static func decode(_ bytes: [UInt8], model: String, data: String, test: LabelledImages, path: String) -> EvaluationReport? {
        guard let f = try? JSONDecoder().decode(ReportCacheFile.self, from: Data(bytes)),
              f.version == version, f.modelChecksum == model, f.dataChecksum == data, f.loss.isFinite else { return nil }
        var metrics = Metrics()
        guard f.confusion.count == 10, f.confusion.allSatisfy({ $0.count == 10 && $0.allSatisfy { $0 >= 0 && $0 <= test.count } }) else { return nil }
        metrics.confusion = f.confusion
        guard metrics.total == test.count, f.mistakes.count == metrics.total - metrics.correct else { return nil }
        var list: [Mistake] = []
        for m in f.mistakes {
            guard test.labels.indices.contains(m.index), Int(test.labels[m.index]) == m.label, m.label != m.prediction,
                  (0..<10).contains(m.prediction), m.probabilities.count == 10 else { return nil }
            list.append(Mistake(index: m.index, label: m.label, prediction: m.prediction, probabilities: m.probabilities))
        }
        guard f.bins.allSatisfy({ $0.count == 3 && $0.allSatisfy(\.isFinite) }) else { return nil }
        let bins = f.bins.map { ReliabilityBin(count: Int(exactly: $0[0]) ?? 0, correct: Int(exactly: $0[1]) ?? 0, confidenceSum: $0[2]) }
        let calibration = Calibration(meanConfidence: f.meanConfidence, expectedCalibrationError: f.expectedCalibrationError, bins: bins)
        return EvaluationReport(model: path, loss: f.loss, metrics: metrics, calibration: calibration,
                                seconds: f.evaluationSeconds, warnings: [], mistakes: list)
    }
}
