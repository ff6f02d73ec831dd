import Testing
@testable import DigitImage

/// Issue 15, "everything at once": a rotated sheet with light beyond its edge lying between the
/// paper and the frame — here the fill beyond a rotated scan's edge, which a shadow over that
/// side of the sheet does not darken, so lifting the shadow (`ShadowLine`) makes it far lighter
/// than the paper. The sheet's vignetted paper darkens towards that edge; the step opening
/// flattens the darker end, and the frame wedge rule did not take it back because it runs along
/// the light, not along the frame: it cleaned to a band of ink beside the digit.
@Suite struct LightBeyondSheetTests {
    /// A `paper`-grey sheet of 300 × 280 px, vignetted (the light falls by `vignette` at the
    /// corners) and lit from the right (17 % less light at the left side, 17 % more at the right), whose edges lie 10-26 px inside the picture's top, left
    /// and bottom (a rotated scan), with flat grey at 0.9 × paper beyond them; a shadow (`shade` of the light) over the sheet left of x 110-138; a
    /// rounded "3" of 120 px in pen `contrast` levels below the paper at x 160-280, lit.
    static func photo(paper: Double, contrast: Double, vignette: Double, shade: Double, seed: UInt64) -> ByteImage {
        let glyph = StrokeDigits.render(3, style: .rounded, size: 120, penWidth: 10, seed: 4)
        return NoiseRejectionTests.image(300, 280, seed: seed) { x, y, r in
            let fx = Double(x), fy = Double(y)
            if fx < 12 + fy / 20 || fy < 10 + fx / 60 || fy > 268 - fx / 60 { return Int(paper * 0.9) + NoiseRejectionTests.gauss(&r, 1) }
            let u = fx / 300 - 0.5, v = fy / 280 - 0.5
            var light = (1 - vignette * (u * u + v * v) / 0.5) * (1 + 0.35 * u)
            if fx < 110 + fy / 10 { light *= shade }
            let ink = NoiseRejectionTests.ink(of: glyph, at: 160, 80, x: x, y: y)
            return Int(((paper - contrast * min(1, ink)) * light).rounded()) + NoiseRejectionTests.gauss(&r, 2)
        }
    }

    // Dim sheets (as under "everything at once"), deeper and lighter shadows, a bright sheet.
    @Test(arguments: [(120.0, 55.0, 0.3, 0.6), (110.0, 45.0, 0.3, 0.7), (200.0, 110.0, 0.35, 0.6)])
    func darkerPaperAlongTheSheetsEdgeIsNotInk(look: (paper: Double, contrast: Double, vignette: Double, shade: Double)) {
        for seed: UInt64 in 1...2 {
            let s = DigitExtraction.extract(Self.photo(paper: look.paper, contrast: look.contrast,
                                                       vignette: look.vignette, shade: look.shade, seed: seed))
            let boxes = s.digits.map(\.box)
            #expect(s.cleaned.inverted, "\(look): dark ink on light paper")
            // One digit, where the 3 is (x 160-280).
            #expect(boxes.count == 1 && boxes.allSatisfy { $0.x >= 150 && $0.x + $0.width <= 290 },
                    "\(look), seed \(seed): boxes \(boxes)")
        }
    }
}
