import Testing
@testable import DigitImage

/// Issue 15, a shadow's corner at the frame (`Preprocess.Steps.spreadingShadows`): the step
/// background keeps the shadow's level into the acute tip where a slanted shadow edge meets the
/// frame; a pen stroke leaving the shadow there, and faint ink on plain paper, keep their ink.
@Suite struct ShadowCornerTests {
    /// A 240 × 240 sheet at grey 200, in shadow (grey 120) left of a slanted edge, x < 20 + y / 3:
    /// the shadowed paper ends at the bottom frame in a corner of 72°. `stroke`: a pen stroke of
    /// grey `ink`, 13 px wide, along row 225 from column 40 to 200, out of the shadow.
    static func sheet(shadow: Bool = true, stroke ink: UInt8? = nil) -> ByteImage {
        ByteImage(width: 240, height: 240, pixels: (0..<(240 * 240)).map { i in
            let x = i % 240, y = i / 240
            if let ink, abs(y - 225) <= 6 && x >= 40 && x <= 200 { return ink }
            return shadow && x * 3 < 60 + y ? 120 : 200
        })
    }

    // The opening's windows do not fit into the tip: 5 px inside the edge, 2 px above the
    // frame, the lit paper's level (55) was taken there, and the tip cleaned to a sliver of ink.
    @Test func theShadowKeepsItsLevelIntoItsCornerAtTheFrame() {
        let bg = StepBackgroundTests.stepRow(Self.sheet(), y: 237)
        #expect(bg[94] == 135, "shadowed paper (255 − 120) in the tip: \(bg[94])")
        #expect(bg[110] == 55, "lit paper past the edge (255 − 200): \(bg[110])")
    }

    // A dark stroke (grey 40) running out of the shadow near the frame is no paper of it: on
    // the lit side its background stays the lit paper's.
    @Test func aStrokeLeavingTheShadowKeepsItsInk() {
        let bg = StepBackgroundTests.stepRow(Self.sheet(stroke: 40), y: 225)
        #expect(bg[150] == 55, "the stroke on lit paper: \(bg[150])")
        #expect(bg[60] == 135, "the stroke in the shadow: \(bg[60])")
    }

    // Plain paper does not spread: faint ink 6 levels darker than the paper (a faded ring's
    // arc near the frame of a tight crop) would be climbed block by block and taken for paper.
    @Test func plainPaperDoesNotSpreadOverFaintInk() {
        let bg = StepBackgroundTests.stepRow(Self.sheet(shadow: false, stroke: 194), y: 225)
        #expect(bg[150] == 55, "the faint stroke keeps the paper's level under it: \(bg[150])")
    }
}
