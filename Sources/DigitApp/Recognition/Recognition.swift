import DigitImage
import DigitModel

/// One digit found in an image, with what the network thinks of it.
public struct DigitPrediction: Sendable {
    public var label: Int
    public var probabilities: [Float]
    public var sample: DigitSample
    public var confidence: Float { probabilities.indices.contains(label) ? probabilities[label] : 0 }
}

/// Everything known about one image: the original, the cleaned image, its digits left to
/// right and the number they make.
public struct Recognition: Sendable {
    public var file: String
    public var segmentation: Segmentation
    public var digits: [DigitPrediction]
    /// The file's size in bytes (shown by the gallery).
    public var fileBytes: Int
    /// PNG or JPEG, from the file's content (nil for an image that came from no file).
    public var format: ImageDecoder.Format? = nil
    /// The file's content id (`LearntImages.id`): whether a fine-tuned model learnt from it.
    public var contentID: String? = nil
    /// The picture's size as its file declares it, upright (nil for an image from no file).
    public var declaredSize: (width: Int, height: Int)? = nil
    /// The model's class names ("0"…"9" for digits, "T-shirt/top"… for Fashion-MNIST).
    public var classNames: [String] = ModelClasses.digits
    /// The number read, e.g. "5283", or the class names read ("Sneaker"); empty when no digit
    /// was found. Digits on several lines are joined line after line ("12" above "34" is
    /// "1234"), so a label in a file name or labels.csv is written the same way; `lines` keeps
    /// them apart.
    public var prediction: String { ClassNaming.text(digits.map(\.label), names: classNames) }
    /// What label `label` means for this model: "7", or "Sneaker" (the front ends' one lookup).
    public func className(_ label: Int) -> String { ClassNaming.name(label, names: classNames) }
    /// The number line by line, top to bottom: ["12", "34"]; one entry for one line.
    public var lines: [String] {
        lineDigits.map { ClassNaming.text($0.map(\.label), names: classNames) }
    }
    /// The digits line by line, top to bottom, in `lines`' order.
    public var lineDigits: [[DigitPrediction]] {
        var groups: [[DigitPrediction]] = []
        var current = -1
        for d in digits {
            if d.sample.line != current || groups.isEmpty { groups.append([]); current = d.sample.line }
            groups[groups.count - 1].append(d)
        }
        return groups
    }
    /// "3024×4032": the picture's size as its file declares it.
    public var sizeText: String {
        let d = declaredSize ?? (original.width, original.height)
        return "\(d.width)×\(d.height)"
    }
    /// "shrunk to 4000×3000" when a large picture was decoded smaller than its file declares
    /// (an 8000×6000 JPEG at 1/2), else nil.
    public var shrunkText: String? {
        guard let d = declaredSize, d.width != original.width || d.height != original.height else { return nil }
        return "shrunk to \(original.width)×\(original.height)"
    }
    public var original: ByteImage { segmentation.cleaned.original }
    public var cleaned: CleanedImage { segmentation.cleaned }
}
