import DigitModel
import Support

/// Labels to check before a model learns them: a labelled digit the model one starts from
/// reads as another digit with near certainty is more often a slip of the key (a 0 labelled
/// 6) than a digit it has never seen. Fine-tuning learns whatever it is told, and a wrong
/// label held back then shows up as "now right" (walkthrough: four 0s labelled 6 were
/// learnt, and the report said 70.0 % → 96.7 %). Only named, never dropped: a new style can be
/// read wrong with confidence too, and the user decides.
public struct DoubtfulLabel: Sendable, Equatable {
    public var source: DigitSource
    public var label: Int, read: Int
    /// The probability of `read`.
    public var confidence: Float
    public init(source: DigitSource, label: Int, read: Int, confidence: Float) {
        self.source = source; self.label = label; self.read = read; self.confidence = confidence
    }

    /// "0_h0.png (labelled 6, read 0)": how both the warning and the screen's line name it.
    public var description: String { "\(source.description) (labelled \(label), read \(read))" }
}

public enum LabelCheck {
    /// At least this sure of another digit (and the label under 1 %): named as a label to check.
    public static let confidence: Float = 0.99
    /// Named one by one up to this many; then "and N more".
    public static let listed = 6

    /// The labelled digits of `images` (their places in `sources`, in the same order) that
    /// `network` reads as another digit at `confidence` or more, in `images`' order (a caller
    /// that joins several lists sorts once, by file).
    public static func doubtful(_ network: Network, images: LabelledImages, sources: [DigitSource]) -> [DoubtfulLabel] {
        guard images.count > 0 else { return [] }
        let p = Trainer.probabilities(network, on: images)
        var found: [DoubtfulLabel] = []
        for i in 0..<min(images.count, sources.count, p.count / 10) {
            let label = Int(images.labels[i]), read = argmax(p, offset: i * 10)
            guard read != label, label < 10, p[i * 10 + read] >= confidence, p[i * 10 + label] < 0.01 else { continue }
            found.append(DoubtfulLabel(source: sources[i], label: label, read: read, confidence: p[i * 10 + read]))
        }
        return found
    }

    /// The same for one line of a screen, naming at most `names` of them: "Check 9 labels:
    /// 0_h0.png (labelled 6, read 0), +8 more"; with 0 names, what the check was.
    /// `start`: the model that read them so, named (walkthrough, session 33: beside the new
    /// model's figures, "read 1" was taken for its reading).
    public static func line(_ d: [DoubtfulLabel], names: Int, start: String? = nil) -> String {
        let head = "Check \(Format.count(d.count, "label"))" + (start.map { " (\($0) read \(d.count == 1 ? "it" : "them") otherwise)" } ?? "")
        guard names > 0 else { return "Check \(Format.count(d.count, "label")) (the model you start from reads them as other digits at 99%+)" }
        let named = d.prefix(names).map(\.description)
        return head + ": " + named.joined(separator: ", ") + (d.count > named.count ? ", +\(d.count - named.count) more" : "")
    }

    /// "check 2 labels: the model you start from reads them as another digit at 99 % or more:
    /// 0_h0.png (labelled 6, read 0), …"; nil when there is none.
    public static func warning(_ d: [DoubtfulLabel]) -> String? {
        guard !d.isEmpty else { return nil }
        let named = d.prefix(listed).map(\.description)
        let more = d.count > listed ? ", and \(d.count - listed) more" : ""
        return "check \(Format.count(d.count, "label")): the model you start from reads "
            + (d.count == 1 ? "it" : "them") + " as another digit at 99% or more: " + named.joined(separator: ", ") + more
    }
}
