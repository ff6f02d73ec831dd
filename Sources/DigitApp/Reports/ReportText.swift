import DigitModel
import DigitImage
import Support

/// The plain-text reports both front ends print: the confusion matrix with per-class
/// precision and recall, and an evaluation summary.
public enum ReportText {
    /// The confusion matrix with per-class recall and precision, as a table that fits 80
    /// columns for ten classes (walkthrough: 89 wide, every row wrapped): counts 5 wide (more
    /// when a count needs it), recall and precision ("prec.") 8.
    public static func confusionTable(_ m: Metrics, classes: [String] = ModelClasses.digits) -> String {
        let digits = ClassNaming.areDigits(classes)
        let k = digits ? 10 : min(classes.count, m.confusion.count)
        let labels = (0..<k).map { digits ? String($0) : "\($0) \(classes[$0].prefix(16))" }
        let width = max(9, labels.map(\.count).max() ?? 0)
        let cell = max(5, (m.confusion.prefix(k).flatMap { $0.prefix(k) }.max() ?? 0).description.count + 1)
        // Digits are right-aligned under their column; named classes start their row.
        func label(_ text: String) -> String { digits ? pad(text, width) : text + String(repeating: " ", count: max(0, width - text.count)) }
        var lines = [label("true\\pred") + (0..<k).map { pad(String($0), cell) }.joined() + pad("recall", 8) + pad("prec.", 8)]
        for r in 0..<k {
            lines.append(label(labels[r]) + m.confusion[r].prefix(k).map { pad(String($0), cell) }.joined()
                         + pad(rate(m.recall(r)), 8) + pad(rate(m.precision(r)), 8))
        }
        return lines.joined(separator: "\n")
    }

    /// "99.12%", or "-" for a class with no image (recall) or never read (precision).
    static func rate(_ share: Double?) -> String {
        share.map { Format.fixed($0 * 100, 2) + "%" } ?? "-"
    }

    public static func evaluation(_ r: EvaluationReport) -> String {
        let m = r.metrics
        let data: [String] = ClassNaming.areDigits(r.classes) && r.dataset == "MNIST" ? [] : ["data      \(r.dataset): \(r.classes.joined(separator: ", "))"]
        let head: [String] = ["model     \(Path.display(r.model))"] + data
        return (head + [
            "accuracy  \(Format.fixed(m.accuracy * 100, 2))% (\(m.correct)/\(m.total)), loss \(Format.fixed(r.loss, 4)), \(Format.fixed(r.seconds, 2)) s",
            "calibration: mean confidence \(Format.fixed(r.calibration.meanConfidence * 100, 2))%, expected calibration error \(Format.fixed(r.calibration.expectedCalibrationError * 100, 2)) points",
            "",
            confusionTable(m, classes: r.classes),
        ]).joined(separator: "\n")
    }

    /// The number read with each digit's confidence, one line of output per line of digits, the
    /// later ones indented by `indent` columns so they stand under the first:
    /// "12  (99.1% 100.0%)\n    34  (…)", each line's confidences beside its own digits and
    /// aligned (walkthrough: two lines' confidences came as one list after the last line).
    public static func numberWithConfidences(_ r: Recognition, indent: Int) -> String {
        let lines = r.lines, groups = r.lineDigits
        let width = lines.map(\.count).max() ?? 0
        return zip(lines, groups).map { line, digits in
            line + String(repeating: " ", count: max(0, width - line.count)) + "  (" + digits.map { Format.fixed(Double($0.confidence) * 100, 1) + "%" }.joined(separator: " ") + ")"
        }.joined(separator: "\n" + String(repeating: " ", count: max(0, indent)))
    }

    /// Right-aligns `s` in `width` columns.
    public static func pad(_ s: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - s.count)) + s
    }
}
