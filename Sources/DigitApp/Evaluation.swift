import DigitModel
import Support

/// A model measured on the MNIST test set.
public struct EvaluationReport: Sendable {
    public var model: String
    public var loss: Double
    public var metrics: Metrics
    public var calibration: Calibration
    public var seconds: Double
    /// Test files whose content is not the official MNIST.
    public var warnings: [String]
}

/// The use case "evaluate a model": load it, load the test split (only the two test files
/// are needed), measure accuracy, loss, the confusion matrix and calibration.
public enum Evaluation {
    public static func run(model: String, dataFolder: String?) throws -> EvaluationReport {
        let loaded = try ModelFile.load(model)
        let data = try MNISTData.load(dataFolder, withTraining: false)
        let start = now()
        let (loss, metrics, calibration) = Trainer.evaluateWithCalibration(loaded.network, on: data.test)
        return EvaluationReport(model: model, loss: loss, metrics: metrics, calibration: calibration,
                                seconds: now() - start, warnings: data.warnings)
    }
}
