import Testing
@testable import DigitImage

/// Issue 15, the red team's dim, warm photos: a bold digit on paper whose sensor grain puts a
/// dark pixel in a quarter of the label blocks. Counted in blocks the grain is a scatter and
/// the picture was "no digit found"; counted in pixels it is a few percent (`quietingGrain`).
@Suite struct GrainyPaperTests {
    /// A ring of radius 120 and half-width 12 (ink at 60) on paper at 200, 400×400 px (label
    /// blocks of 3 px); `grain` of the pixels darkened by 90 levels, noise σ 2.
    static func grainyRing(grain: Double, seed: UInt64 = 7) -> ByteImage {
        NoiseRejectionTests.image(400, 400, seed: seed) { x, y, r in
            let dx = Double(x) - 200, dy = Double(y) - 200
            let onRing = abs((dx * dx + dy * dy).squareRoot() - 120) < 12
            let dark = Double(r.next() % 1_000_000) / 1_000_000 < grain
            return (onRing ? 60 : 200) - (dark ? 90 : 0) + NoiseRejectionTests.gauss(&r, 2)
        }
    }

    @Test func boldDigitOnGrainyPaperIsRead() {
        let image = Self.grainyRing(grain: 0.03)
        // The fixture is what the rule is for: its label blocks alone are a scatter.
        let scale = Segment.blockScale(image.width, image.height), lw = (image.width + scale - 1) / scale
        let (cleaned, levels) = Preprocess.clean(image, blockScale: scale)
        #expect(scale > 1 && Segment.digitGroups(levels, width: lw, height: levels.count / lw, scale: scale) == nil)
        #expect(Segment.quietingGrain(levels, width: lw, height: levels.count / lw, scale: scale, ink: cleaned.ink) != nil)
        let s = DigitExtraction.extract(image)
        #expect(s.digits.count == 1, "boxes \(s.digits.map(\.box))")
        // About the ring's own box (68…332, 264 px), not the grain-covered picture (400 px).
        if let b = s.digits.first?.box {
            #expect(b.width <= 300 && b.height <= 300, "box \(b)")
        }
    }

    /// The same paper without the ring: the grain alone is still no digit.
    @Test func grainAloneIsNoDigit() {
        let blank = NoiseRejectionTests.image(400, 400, seed: 7) { _, _, r in
            let dark = Double(r.next() % 1_000_000) / 1_000_000 < 0.03
            return 200 - (dark ? 90 : 0) + NoiseRejectionTests.gauss(&r, 2)
        }
        #expect(DigitExtraction.extract(blank).digits.isEmpty)
    }
}
