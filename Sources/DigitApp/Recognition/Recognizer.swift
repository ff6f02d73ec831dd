import DigitImage
import DigitModel
import Glibc

/// The use case "recognise an image", shared by `predict`, the gallery and the benchmark:
/// file → decode → clean → segment → preprocess each digit → network.
public struct Recognizer: Sendable {
    public let network: Network

    public init(network: Network) { self.network = network }

    /// Refuses a file in which no digit was found (the gallery and `predict` both report it).
    public func recognize(file: String) throws -> Recognition {
        try recognize(PreparedImage(file: file, style: network.inputStyle))
    }

    /// As `recognize(file:)`, but an image read whole that holds no digit comes back with no
    /// digits instead of `ImageError.noDigit`: the gallery shows the picture, so a person sees
    /// whether the page is blank or the ink too faint (walkthrough, session 25).
    public func recognizeShowingBlank(file: String) throws -> Recognition {
        try recognize(PreparedImage(file: file, style: network.inputStyle), blankIsError: false)
    }

    /// The same for an image prepared beforehand (`PreparedImage`); `blankIsError` false: an
    /// image with no digit comes back with none instead of throwing.
    public func recognize(_ prepared: PreparedImage, blankIsError: Bool = true) throws -> Recognition {
        let (file, bytes) = (prepared.file, prepared.bytes)
        var result = recognize(candidates: prepared.candidates(for: network.inputStyle), name: file, fileBytes: bytes.count)
        result.format = ImageDecoder.format(of: bytes)
        result.contentID = LearntImages.id(of: bytes)
        result.declaredSize = prepared.declaredSize
        if let n = result.segmentation.tooManyDigits {
            throw ImageError.tooManyDigits(file: file, count: n, limit: Segment.maxDigits)
        }
        guard !result.digits.isEmpty || !blankIsError else { throw ImageError.noDigit(file: file) }
        return result
    }

    public func recognize(image: ByteImage, name: String, fileBytes: Int = 0) -> Recognition {
        recognize(candidates: PreparedImage.candidates(image, style: network.inputStyle), name: name, fileBytes: fileBytes)
    }

    func recognize(candidates: [Segmentation], name: String, fileBytes: Int) -> Recognition {
        // The reading with the fewest digits, then the one the network is surest of (see
        // `prefers`); the first — the image as it is — on a tie.
        var best: (recognition: Recognition, logConfidence: Double)? = nil
        for segmentation in candidates {
            let r = read(segmentation, name: name, fileBytes: fileBytes)
            guard !r.digits.isEmpty else { continue }
            let score = r.digits.reduce(0.0) { $0 + log(Double(max($1.confidence, .leastNormalMagnitude))) }
            let better = best.map { Self.prefers((r.digits.count, score), over: ($0.recognition.digits.count, $0.logConfidence)) }
            if better ?? true { best = (r, score) }
        }
        // Chosen as read, each piece whole: a piece read as two digits is one more digit, which
        // the choice between readings counts against it (`prefers`).
        return resolvingTouching(best?.recognition ?? read(candidates[0], name: name, fileBytes: fileBytes))
    }

    /// Whether a reading (`digits` found, the log of the product of their confidences) is
    /// preferred over another: fewer digits first, then the surer one. A piece of lighting read
    /// as a digit is read with confidence too (a wedge of shadow at the frame as a 7 at 100 %),
    /// and the reading inside a margin of paper keeps such pieces, which the frame let the image
    /// as it is drop (`FramePieces`); the extra digit is the tell. Dev photos, seed 11 (count.sh,
    /// 300 each): "all at once" 226 → 235, the other conditions unchanged or +1.
    static func prefers(_ a: (digits: Int, logConfidence: Double), over b: (digits: Int, logConfidence: Double)) -> Bool {
        a.digits != b.digits ? a.digits < b.digits : a.logConfidence > b.logConfidence
    }

    /// The network's reading of each digit of one segmentation (found without its dots:
    /// `DigitExtraction.candidates`; a whole-picture model's one sample is the picture itself,
    /// a coat or a bag as solid as a dot — review, session 29).
    func read(_ segmentation: Segmentation, name: String, fileBytes: Int) -> Recognition {
        guard !segmentation.digits.isEmpty else {
            return Recognition(file: name, segmentation: segmentation, digits: [], fileBytes: fileBytes, classNames: network.classNames)
        }
        var pixels: [Float] = []
        pixels.reserveCapacity(segmentation.digits.count * 784)
        for d in segmentation.digits { pixels += d.final.pixels }
        let probs = network.probabilities(pixels: pixels)
        let digits = segmentation.digits.enumerated().map { i, d in
            let p = Array(probs[(i * 10)..<(i * 10 + 10)])
            return DigitPrediction(label: argmax(p), probabilities: p, sample: d)
        }
        return Recognition(file: name, segmentation: segmentation, digits: digits, fileBytes: fileBytes, classNames: network.classNames)
    }
}
