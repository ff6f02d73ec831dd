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

    /// A dim sheet (paper 115) whose left 55 % lies in a shadow (0.55 of the light), a rotated
    /// sheet's rim along the top (the fill at 0.9 of the paper, brighter than the shadow), and
    /// a ring of faint ink (45 below its paper) lying across the shadow's edge: the median rule
    /// took it for light ink (the lit paper beside the edge reaches further above its median
    /// than the ink below its own), the stroke rule sees lines only on the dark side.
    static func ringAcrossAShadowEdge() -> ByteImage {
        NoiseRejectionTests.image(240, 240, seed: 9) { x, y, r in
            guard y >= 10 else { return 103 + NoiseRejectionTests.gauss(&r, 2) }
            let dx = Double(x) - 100, dy = Double(y) - 130
            let d = abs((dx * dx + dy * dy).squareRoot() - 55)
            let ink = d < 7 ? 1 : max(0, 1 - (d - 7) / 3)
            let light = x < 132 ? 0.55 : 1
            return Int((115 - 45 * ink) * light) + NoiseRejectionTests.gauss(&r, 2)
        }
    }

    @Test func aRingAcrossAShadowEdgeIsDarkInk() {
        let dark = Self.ringAcrossAShadowEdge()
        let light = ByteImage(width: dark.width, height: dark.height, pixels: dark.pixels.map { 255 - $0 })
        // What went wrong before: the median rule alone says light ink.
        let medianSaysDark = Preprocess.localInkIsDark(dark)
        #expect(!medianSaysDark)
        #expect(Preprocess.strokeInkIsDark(BlockGrid(dark)) == true)
        #expect(Preprocess.strokeInkIsDark(BlockGrid(light)) == false)
        #expect(Preprocess.darkInkOnLightPaper(dark))
        #expect(!Preprocess.darkInkOnLightPaper(light))
    }

    /// A dim sheet (paper 115) in shadow (0.55 of the light) but for its right quarter, a ring
    /// of very faint ink (30 below its paper, 17 in the shadow) in the shadow: the border is
    /// shadow, the lit quarter the only strong minority, so the histogram said light ink.
    static func faintRingBesideLitPaper() -> ByteImage {
        NoiseRejectionTests.image(240, 240, seed: 11) { x, y, r in
            let dx = Double(x) - 95, dy = Double(y) - 125
            let d = abs((dx * dx + dy * dy).squareRoot() - 55)
            let ink = d < 7 ? 1 : max(0, 1 - (d - 7) / 3)
            let light = x < 180 ? 0.55 : 1
            return Int((115 - 30 * ink) * light) + NoiseRejectionTests.gauss(&r, 2)
        }
    }

    @Test func litPaperBesideAShadowIsNotLightInk() {
        let dark = Self.faintRingBesideLitPaper()
        let light = ByteImage(width: dark.width, height: dark.height, pixels: dark.pixels.map { 255 - $0 })
        #expect(Preprocess.strokeInkIsClearlyDark(BlockGrid(dark)))
        #expect(!Preprocess.strokeInkIsClearlyDark(BlockGrid(light)))
        #expect(Preprocess.darkInkOnLightPaper(dark))
        // Light ink on dark paper whose histogram says so stays light ink.
        let lightRing = NoiseRejectionTests.image(240, 240, seed: 12) { x, y, r in
            let dx = Double(x) - 95, dy = Double(y) - 125
            let d = abs((dx * dx + dy * dy).squareRoot() - 55)
            return Int(60 + 50 * (d < 7 ? 1 : max(0, 1 - (d - 7) / 3))) + NoiseRejectionTests.gauss(&r, 2)
        }
        #expect(!Preprocess.darkInkOnLightPaper(lightRing))
    }

    /// A step between two levels of paper with nothing on it answers for neither side.
    @Test func aBareShadowEdgeSaysNothing() {
        let step = ByteImage(width: 120, height: 120, pixels: (0..<(120 * 120)).map { $0 % 120 < 70 ? 70 : 120 })
        #expect(Preprocess.strokeInkIsDark(BlockGrid(step)) == nil)
    }
}
