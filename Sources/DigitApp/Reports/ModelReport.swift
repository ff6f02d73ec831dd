import DigitImage
import DigitModel
import Support

/// What the model report screen shows: a model measured on the test set (accuracy, loss,
/// calibration, confusion, every mistake) with the test images to draw the mistakes.
public struct ModelReport: Sendable {
    public var evaluation: EvaluationReport
    /// The model file's content checksum (what the cache is keyed by); nil for an unsaved model.
    public var checksum: String?
    public var test: TestImages
    public var classNames: [String]
    /// Read from the cache rather than computed.
    public var fromCache: Bool
    /// Wall time of producing this report (loading, evaluating or reading the cache), in seconds.
    public var seconds: Double

    public var metrics: Metrics { evaluation.metrics }
    public var mistakes: [Mistake] { evaluation.mistakes }

    /// The mistakes of one cell of the confusion matrix (true `label`, read `prediction`),
    /// the most confidently wrong first.
    public func mistakes(label: Int, prediction: Int) -> [Mistake] {
        mistakes.filter { $0.label == label && $0.prediction == prediction }
    }

    /// The mistake on test image `index`, or nil when the model read it right.
    public func mistake(at index: Int) -> Mistake? { mistakes.first { $0.index == index } }
}

/// Two models' reports side by side: the comparison and both reports (to draw each
/// disagreement with the wrong model's probabilities).
public struct ModelComparisonView: Sendable {
    public var comparison: ComparisonReport
    public var a: ModelReport
    public var b: ModelReport
}
