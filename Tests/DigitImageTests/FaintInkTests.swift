import Testing
@testable import DigitImage

/// Issue 15 items 2-3 (faint-rings condition): pieces of ink joined by faint ink are one digit;
/// faint ink alone joins nothing and makes no digit.
@Suite struct FaintInkTests {
    /// 200 px of paper (level 200, grain) with a ring whose sides are 60 levels deep and whose
    /// top and bottom fade to `faintest` (a quarter or less of the sides), softly edged.
    static func ring(faintest: Double, seed: UInt64 = 4) -> ByteImage {
        NoiseRejectionTests.image(200, 220, seed: seed) { x, y, r in
            let dx = Double(x) - 100, dy = Double(y) - 110
            let radius = (dx * dx + dy * dy).squareRoot()
            let d = abs(radius - 60)
            // |cos| of the angle from the horizontal: 1 at the sides, 0 at the top and bottom.
            let side = radius > 0 ? abs(dx) / radius : 0
            let depth = faintest + (60 - faintest) * side * side
            let ink = d < 5 ? 1 : max(0, 1 - (d - 5) / 3)
            return 200 - Int(depth * ink) + NoiseRejectionTests.gauss(&r, 3)
        }
    }

    // The sides alone are two arcs side by side, sharing no columns: "0" was read "11".
    @Test func aRingWithFaintTopAndBottomIsOneDigit() {
        for seed: UInt64 in [4, 5, 6] {
            let found = DigitExtraction.extract(Self.ring(faintest: 12, seed: seed)).digits
            #expect(found.count == 1, "seed \(seed): boxes \(found.map(\.box))")
            if let box = found.first?.box { #expect(box.height > 100, "seed \(seed): the whole ring, not an arc: \(box)") }
        }
    }

    // The control: with no ink at all at the top and bottom, the arcs are two pieces.
    @Test func twoArcsWithNothingBetweenStayTwoPieces() {
        let image = Self.ring(faintest: 0)
        let scale = Segment.blockScale(image.width, image.height)
        let (_, levels) = Preprocess.clean(image, blockScale: scale)
        let lw = (image.width + scale - 1) / scale, lh = (image.height + scale - 1) / scale
        let pieces = Segment.label(levels.map { $0 >= 1 }, width: lw, height: lh).filter { c in c.pixels.contains { levels[$0] == 2 } }
        #expect(pieces.count == 2, "\(pieces.map(\.box))")
    }
}
