import Foundation
import Testing
@testable import DigitImage

/// Issue 15, glare: a bright spot on the paper with the digit running dark through it. Both
/// sides of the paper hold a minority (the ink, the spot), and the spot's block means stand
/// above their neighbours as a line's would, so the stroke rule took the picture for light ink.
@Suite struct GlarePolarityTests {
    /// A 240×240 sheet at grey 170 with a spot of glare (Gaussian, σ 22 px, up to grey 250)
    /// right of centre, and a thin ring (radius 55, full ink within 2 px, 120 levels below the
    /// paper) running through its edge. Noise σ 2.
    static func ringThroughGlare(seed: UInt64 = 3) -> ByteImage {
        NoiseRejectionTests.image(240, 240, seed: seed) { x, y, r in
            let dx = Double(x) - 110, dy = Double(y) - 120
            let d = abs((dx * dx + dy * dy).squareRoot() - 55)
            let ink = d < 2 ? 1 : max(0, 1 - (d - 2) / 2)
            let gx = Double(x) - 175, gy = Double(y) - 120
            let glare = 80 * exp(-(gx * gx + gy * gy) / (2 * 22 * 22))
            return Int((170 + glare) * (1 - 0.7 * ink)) + NoiseRejectionTests.gauss(&r, 2)
        }
    }

    @Test func aRingThroughGlareIsDarkInk() {
        let image = Self.ringThroughGlare()
        // What went wrong before: the lines alone say light ink. A precondition of the fixture,
        // not of the code: without it the check below would not show the reach rule.
        let lines = Preprocess.strokeInkIsDark(BlockGrid(image), contrast: 120)
        #expect(lines == false, "the fixture no longer fools the stroke rule: make it harder")
        let dark = Preprocess.darkInkOnLightPaper(image)
        #expect(dark)
    }
}
