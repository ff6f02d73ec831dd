import Testing
@testable import DigitImage

/// Issue 15 (crops of phone photos): a digit cropped tight, its strokes running into the
/// image's edge. Every stage that finds the paper looks at the frame, so a bold ring touching
/// all four sides was "no digit found" or pieces; inside a margin of paper (`FramePadding`)
/// it is one digit again.
@Suite struct TightCropTests {
    /// A bold ring (stroke ~14 px) on paper at 228, ink at 35, in a 140×140 crop that cuts
    /// its outer edge on all four sides (radius 71 about the centre).
    static func tightRing(seed: UInt64) -> ByteImage {
        NoiseRejectionTests.image(140, 140, seed: seed) { x, y, r in
            let dx = (Double(x) - 70) / 71, dy = (Double(y) - 70) / 71
            let radius = (dx * dx + dy * dy).squareRoot()
            let ink = radius > 0.8 && radius < 1 ? 1.0 : 0.0
            return 228 - Int(193 * ink) + NoiseRejectionTests.gauss(&r, 2)
        }
    }

    @Test func aRingCroppedTightIsOneDigitInsideAMargin() {
        for seed: UInt64 in [1, 2, 3] {
            let image = Self.tightRing(seed: seed)
            let candidates = DigitExtraction.candidates(image)
            #expect(candidates.count == 2, "a small picture is always read inside a margin too")
            guard let plain = candidates.first, let padded = candidates.last else { continue }
            // The margin was needed because, as it is, the ring was not one whole digit: the
            // shadow-edge step took its strokes along the frame for a shadow's wedge. Since a
            // region on two or more sides must be thick to be one (session 26,
            // `TightCropWedgeTests`), the picture as it is reads whole too.
            #expect(plain.digits.count == 1 && (plain.digits.first?.box.height ?? 0) > 120, "seed \(seed): \(plain.digits.map(\.box))")
            #expect(padded.digits.count == 1, "seed \(seed): boxes \(padded.digits.map(\.box))")
            // The reading is in the picture's own coordinates, the margin gone again.
            #expect(padded.cleaned.ink.width == image.width && padded.cleaned.ink.height == image.height)
            #expect(padded.cleaned.original == image)
            if let box = padded.digits.first?.box {
                #expect(box.x >= 0 && box.y >= 0 && box.x + box.width <= image.width && box.y + box.height <= image.height)
                #expect(box.width > 120 && box.height > 120, "seed \(seed): the whole ring: \(box)")
            }
            // Its 28×28 is a ring: ink on all four sides of the centre, none in the middle.
            if let final = padded.digits.first?.final {
                #expect(final.pixels[14 * 28 + 14] < 0.2, "seed \(seed): the hole is open")
                #expect([(14, 5), (14, 22), (6, 14), (21, 14)].allSatisfy { x, y in
                    (-1...1).contains { d in final.pixels[(y + d) * 28 + x] > 0.5 || final.pixels[y * 28 + x + d] > 0.5 }
                }, "seed \(seed): ink all round")
            }
        }
    }

    /// The margin continues the paper along each side, not the ink that touches it, and
    /// continues a shadow that covers most of a side.
    @Test func theMarginIsPaperBesideInkAndShadowBesideShadow() {
        var pixels = [UInt8](repeating: 220, count: 100 * 100)
        for y in 0..<100 { for x in 0..<100 where x < 70 { pixels[y * 100 + x] = 120 } }   // shadow on the left 70 %
        for y in 0..<30 { for x in 80..<90 { pixels[y * 100 + x] = 20 } }                 // a stroke into the top edge
        let padded = FramePadding.padded(ByteImage(width: 100, height: 100, pixels: pixels), margin: 10, darkInk: true)
        #expect(padded.width == 120 && padded.height == 120)
        #expect(padded[95, 5] == 220, "above the stroke: the lit paper beside it")
        #expect(padded[30, 5] == 120, "above the shadow: the shadow goes on")
        #expect(padded[5, 60] == 120 && padded[115, 60] == 220, "left and right sides continue their own paper")
        #expect(padded[50, 50] == 120 && padded[95, 30] == 20, "the picture itself is untouched")
    }
}
