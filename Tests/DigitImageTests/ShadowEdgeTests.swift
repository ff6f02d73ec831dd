import Testing
@testable import DigitImage

/// Issue 15, a hard shadow cut by the frame: a narrow wedge of shadowed paper along the image's
/// edge or in a corner is narrower than the step background's window, so the opening dropped it,
/// the lit paper beside it became the background, and the wedge read as a "1" beside the digit.
@Suite struct ShadowEdgeTests {
    /// How far (x, y) of a 300 × 280 photo lies inside the wedge's shadow (px, negative outside):
    /// along the left edge, 8 px wide at the top to 64 px at the bottom.
    static func depth(_ x: Int, _ y: Int) -> Double { 8 + Double(y) * 0.2 - Double(x) }

    /// A `paper`-grey sheet filling the photo with a shadow wedge (`light` of the light), its edge
    /// softened over two pixels; a rounded "3" in pen `contrast` levels below the paper, lit.
    static func photo(paper: Double, contrast: Double, light: Double, seed: UInt64) -> ByteImage {
        let glyph = StrokeDigits.render(3, style: .rounded, size: 150, penWidth: 12, seed: 4)
        return NoiseRejectionTests.image(300, 280, seed: seed) { x, y, r in
            let shade = light + (1 - light) * min(1, max(0, 0.5 - depth(x, y) / 2))
            let ink = NoiseRejectionTests.ink(of: glyph, at: 125, 65, x: x, y: y)
            return Int(((paper - contrast * min(1, ink)) * shade).rounded()) + NoiseRejectionTests.gauss(&r, 2)
        }
    }

    // Bright and dim sheets, strong and faint pen, darker and lighter shadows.
    @Test(arguments: [(200.0, 150.0, 0.6), (120.0, 55.0, 0.65), (180.0, 60.0, 0.7)])
    func wedgeCutByTheFrameIsNotAStroke(look: (paper: Double, contrast: Double, light: Double)) {
        for seed: UInt64 in 1...2 {
            let s = DigitExtraction.extract(Self.photo(paper: look.paper, contrast: look.contrast,
                                                       light: look.light, seed: seed))
            let boxes = s.digits.map(\.box)
            #expect(s.cleaned.inverted, "paper \(look.paper): dark ink on light paper")
            // One digit, where the 3 is (x 125-275, y 65-215).
            #expect(boxes.count == 1 && boxes.allSatisfy { $0.x >= 115 && $0.x + $0.width <= 285 },
                    "\(look), seed \(seed): boxes \(boxes)")
        }
    }

    /// A dim photo (paper at grey 105-120) holds every difference at half a bright one's size: a
    /// wedge of paper in a light shadow (78-86 % of the light) is only 17-26 levels below the lit
    /// paper, about the 24 a bright photo's wedge must reach; with that fixed step one of these
    /// three seeds of each look read the wedge as a stroke beside the 3 (`Steps.wedgeStep(paper:)`).
    @Test(arguments: [(105.0, 55.0, 0.78), (120.0, 40.0, 0.86), (120.0, 55.0, 0.82)])
    func faintWedgeOfADimPhotoIsNotAStroke(look: (paper: Double, contrast: Double, light: Double)) {
        for seed: UInt64 in 1...3 {
            let s = DigitExtraction.extract(Self.photo(paper: look.paper, contrast: look.contrast,
                                                       light: look.light, seed: seed))
            let boxes = s.digits.map(\.box)
            #expect(boxes.count == 1 && boxes.allSatisfy { $0.x >= 115 && $0.x + $0.width <= 285 },
                    "\(look), seed \(seed): boxes \(boxes)")
        }
    }
}
