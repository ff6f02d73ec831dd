import DigitApp
import DigitImage
import Testing
import TestSupport

/// Issue 15 (crops of phone photos): a digit cropped tight is read through the second reading
/// (inside a margin of paper) when the network is surer of it, and the answer is given in the
/// picture's own coordinates.
@Suite(.requires(.shippedModel)) struct TightCropRecognitionTests {
    /// A bold 0 (stroke ~14 px) in a 140×140 crop that cuts its outer edge on all four sides
    /// (radius 71 about the centre), on grained paper: "no digit found" before.
    static func tightZero(seed: UInt64) -> ByteImage {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        var pixels = [UInt8](repeating: 0, count: 140 * 140)
        for y in 0..<140 {
            for x in 0..<140 {
                let dx = (Double(x) - 70) / 71, dy = (Double(y) - 70) / 71
                let r = (dx * dx + dy * dy).squareRoot()
                state ^= state << 13; state ^= state >> 7; state ^= state << 17
                let grain = Int(state % 7) - 3
                pixels[y * 140 + x] = UInt8(clamping: (r > 0.8 && r < 1 ? 35 : 228) + grain)
            }
        }
        return ByteImage(width: 140, height: 140, pixels: pixels)
    }

    @Test func aZeroCroppedTightIsReadAsZero() throws {
        let recognizer = Recognizer(network: try ModelStore().load(try Requirement.shippedModel.path()).network)
        for seed: UInt64 in [1, 2, 3] {
            let image = Self.tightZero(seed: seed)
            let r = recognizer.recognize(image: image, name: "tight-\(seed)")
            #expect(r.prediction == "0", "seed \(seed): read \(r.prediction)")
            for d in r.digits {
                #expect(d.sample.box.x >= 0 && d.sample.box.y >= 0 && d.sample.box.x + d.sample.box.width <= 140 && d.sample.box.y + d.sample.box.height <= 140)
            }
            #expect(r.segmentation.cleaned.ink.width == 140 && r.segmentation.cleaned.ink.height == 140)
        }
    }
}
