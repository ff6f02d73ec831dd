import Testing
@testable import DigitImage

/// Issue 15, polarity of photos with a shadow: paper at two levels, each more than a third of
/// the image, so the whole image's histogram cannot say which side the ink is on.
@Suite struct PolarityTests {
    /// A dim sheet (paper 125) whose left 70 % lies in a shadow (0.55 of the light), with a ring
    /// of low-contrast ink (45 levels below its paper) in the shadow.
    static func dimShadowedRing() -> ByteImage {
        NoiseRejectionTests.image(240, 240, seed: 5) { x, y, r in
            let dx = Double(x) - 110, dy = Double(y) - 120
            let d = abs((dx * dx + dy * dy).squareRoot() - 55)
            let ink = d < 6 ? 1 : max(0, 1 - (d - 6) / 3)
            let light = x < 170 ? 0.55 : 1
            return Int((125 - 45 * ink) * light) + NoiseRejectionTests.gauss(&r, 2)
        }
    }

    // The border rule alone took the lit strip for light ink: both sides of the shadowed
    // border qualified, and the lit paper reaches further than the faint ink.
    @Test func aDimShadowedPhotoIsDarkInkOnPaper() {
        #expect(Preprocess.darkInkOnLightPaper(Self.dimShadowedRing()))
    }

    @Test func localPolarityFollowsTheInk() {
        let dark = Self.dimShadowedRing()
        let light = ByteImage(width: dark.width, height: dark.height, pixels: dark.pixels.map { 255 - $0 })
        #expect(Preprocess.localInkIsDark(dark))
        #expect(!Preprocess.localInkIsDark(light))
    }
}
