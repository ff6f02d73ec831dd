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
    /// Every misclassified test image, the most confidently wrong first.
    public var mistakes: [Mistake]
    /// The model's class names (what the confusion matrix's rows and columns are).
    public var classes: [String] = ModelClasses.digits
    /// The dataset's name for reports ("MNIST", "Fashion-MNIST", a folder's name).
    public var dataset = "MNIST"
}

/// The use case "evaluate a model": load it, load the test split (only the two test files
/// are needed), measure accuracy, loss, the confusion matrix and calibration.
public enum Evaluation {
    public static func run(model: String, dataFolder: String?) throws -> EvaluationReport {
        let loaded = try ModelFile.load(model)
        let data = try MNISTData.load(dataFolder, withTraining: false, inputStyle: loaded.network.inputStyle)
        var warnings = data.warnings
        if let w = classMismatch(loaded.network.classNames, data.classes, model: "the model's") { warnings.append(w) }
        return measure(loaded.network, name: model, on: data.test, warnings: warnings, dataset: data.title)
    }

    /// One network on a test split: every number of the report and its mistakes.
    static func measure(_ network: Network, name: String, on test: LabelledImages, warnings: [String],
                        dataset: String = "MNIST") -> EvaluationReport {
        let start = now()
        let r = Trainer.evaluateFully(network, on: test)
        let seconds = now() - start
        return EvaluationReport(model: name, loss: r.loss, metrics: r.metrics, calibration: r.calibration,
                                seconds: seconds, warnings: warnings,
                                mistakes: MistakeList.mistakes(probabilities: r.probabilities, labels: test.labels),
                                classes: network.classNames, dataset: dataset)
    }

    /// The warning when a model's outputs do not mean the data's classes, nil when they do.
    static func classMismatch(_ model: [String], _ data: [String], model who: String) -> String? {
        guard model != data else { return nil }
        return "\(who) \(summary(model)) are not the data's \(summary(data)): the accuracy compares labels by number"
    }

    /// "10 classes (0, 1, 2, …)", "4 classes (0, 1, 2, 3)": the count first, as the first names
    /// alone hid the difference (walkthrough: "(0, 1, 2, …) are not the data's (0, 1, 2, …)").
    static func summary(_ names: [String]) -> String {
        Format.count(names.count, "class", plural: "classes") + " (" + names.prefix(4).joined(separator: ", ") + (names.count > 4 ? ", …" : "") + ")"
    }
}
