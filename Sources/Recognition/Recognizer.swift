import DigitImage
import DigitModel

/// One digit found in an image, with what the network thinks of it.
public struct DigitPrediction: Sendable {
    public var label: Int
    public var probabilities: [Float]
    public var sample: DigitSample
    public var confidence: Float { probabilities.indices.contains(label) ? probabilities[label] : 0 }
}

/// Everything known about one image: its stages and its digits, left to right.
public struct Recognition: Sendable {
    public var file: String
    public var segmentation: Segmentation
    public var digits: [DigitPrediction]
    /// The number read, e.g. "5283"; empty when no digit was found.
    public var prediction: String { digits.map { String($0.label) }.joined() }
}

/// The prediction path shared by the CLI and the UI: PNG → decode → clean → segment →
/// preprocess each digit → network.
public struct Recognizer: Sendable {
    public let network: Network

    public init(network: Network) { self.network = network }

    public func recognize(file: String) throws -> Recognition {
        try recognize(image: PNGDecoder.decode(file: file), name: file)
    }

    public func recognize(image: ByteImage, name: String) -> Recognition {
        let segmentation = Segment.run(image)
        guard !segmentation.digits.isEmpty else { return Recognition(file: name, segmentation: segmentation, digits: []) }
        var pixels: [Float] = []
        pixels.reserveCapacity(segmentation.digits.count * 784)
        for d in segmentation.digits { pixels += d.final.pixels }
        let probs = network.probabilities(pixels: pixels)
        let digits = segmentation.digits.enumerated().map { i, d in
            let p = Array(probs[(i * 10)..<(i * 10 + 10)])
            return DigitPrediction(label: argmax(p), probabilities: p, sample: d)
        }
        return Recognition(file: name, segmentation: segmentation, digits: digits)
    }
}
