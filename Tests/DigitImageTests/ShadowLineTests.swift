import Testing
@testable import DigitImage

/// Issue 15, a straight shadow's edge across the paper (`ShadowLine`): the block-grid
/// backgrounds placed the step a block wrong, so a ring crossed by the edge was cut in two
/// there, a band of shadowed paper beside the edge read as a stroke, and the ink in the shadow
/// was fainter than in the light.
@Suite struct ShadowLineTests {
    /// The light's share at (x, y): `light` left of a slanted edge through the picture (from
    /// x = `edge` at the top, leaning 0.3 px right per row), softened over 6 px.
    static func share(_ x: Int, _ y: Int, edge: Double, light: Double) -> Double {
        let d = Double(x) - edge - 0.3 * Double(y)
        return light + (1 - light) * min(1, max(0, 0.5 + d / 6))
    }

    /// A dim 260 × 260 photo: paper at `paper`, a rounded 0 (170 px, pen 14) `contrast` levels
    /// darker at (45, 45), the shadow's edge at x = `edge` + 0.3·y.
    static func photo(paper: Double, contrast: Double, light: Double, edge: Double, seed: UInt64) -> ByteImage {
        let glyph = StrokeDigits.render(0, style: .rounded, size: 170, penWidth: 14, seed: 3)
        return NoiseRejectionTests.image(260, 260, seed: seed) { x, y, r in
            let ink = min(1, NoiseRejectionTests.ink(of: glyph, at: 45, 45, x: x, y: y))
            let v = (paper - contrast * ink) * share(x, y, edge: edge, light: light)
            return Int(v.rounded()) + NoiseRejectionTests.gauss(&r, 2)
        }
    }

    /// Where the 0's ink lies in the photos.
    static let glyphBox: Box = {
        let glyph = StrokeDigits.render(0, style: .rounded, size: 170, penWidth: 14, seed: 3)
        var x0 = Int.max, y0 = Int.max, x1 = -1, y1 = -1
        for y in 0..<glyph.height {
            for x in 0..<glyph.width where glyph.pixels[y * glyph.width + x] < 200 {
                x0 = min(x0, x); x1 = max(x1, x); y0 = min(y0, y); y1 = max(y1, y)
            }
        }
        return Box(x: 45 + x0, y: 45 + y0, width: x1 - x0 + 1, height: y1 - y0 + 1)
    }()

    /// The ring crossed by the edge is one digit, boxed as the glyph is (within 8 px): not two
    /// arcs, and no band of shadow beside it.
    @Test(arguments: [(115.0, 55.0, 0.6, 80.0), (120.0, 45.0, 0.55, 100.0), (200.0, 80.0, 0.6, 60.0)])
    func ringCrossedByAShadowsEdgeIsOneDigit(look: (paper: Double, contrast: Double, light: Double, edge: Double)) {
        for seed: UInt64 in 1...3 {
            let image = Self.photo(paper: look.paper, contrast: look.contrast, light: look.light, edge: look.edge, seed: seed)
            let boxes = DigitExtraction.extract(image).digits.map(\.box)
            let g = Self.glyphBox
            #expect(boxes.count == 1 && boxes.allSatisfy { b in
                abs(b.x - g.x) <= 8 && abs(b.y - g.y) <= 8 && abs(b.width - g.width) <= 8 && abs(b.height - g.height) <= 8
            }, "\(look), seed \(seed): boxes \(boxes), the glyph's \(g)")
        }
    }

    /// The edge is found where it is and the shadow's depth measured: the lifted paper is level
    /// on both sides (within the grain), and the ring's ink is as dark in the shadow as in the light.
    @Test func liftLevelsThePaper() throws {
        let image = Self.photo(paper: 115, contrast: 55, light: 0.6, edge: 70, seed: 1)
        let line = try #require(ShadowLine.find(image, grid: BlockGrid(image)))
        #expect(abs((line.profile.first ?? 0) - 0.6) < 0.05, "shadow depth \(line.profile.first ?? 0)")
        let lifted = line.lift(image)
        // Paper beside the ring: (20, 130) in the shadow, (240, 130) in the light.
        func mean(_ img: ByteImage, _ cx: Int, _ cy: Int) -> Double {
            var s = 0
            for y in (cy - 5)...(cy + 5) { for x in (cx - 5)...(cx + 5) { s += Int(img.pixels[y * img.width + x]) } }
            return Double(s) / 121
        }
        #expect(abs(mean(lifted, 20, 130) - mean(lifted, 240, 130)) < 6)
        #expect(mean(image, 20, 130) < mean(image, 240, 130) - 30)
    }

    /// Ink lying along the edge for most of its length is crossed by most cuts across the line:
    /// the profile passes over its dip (it only rises into the light), so the shadow is lifted by
    /// its own depth (75 / 130), not the ink's (40 / 130), which made the shadow lighter than the paper.
    @Test func inkAlongTheEdgeIsNotTheShadowsDepth() throws {
        let image = NoiseRejectionTests.image(200, 200, seed: 2) { x, y, r in
            (x < 100 ? 75 : 130) + NoiseRejectionTests.gauss(&r, 2) - (x >= 94 && x < 106 && y >= 20 && y < 180 ? (x < 100 ? 35 : 90) : 0)
        }
        let line = try #require(ShadowLine.find(image, grid: BlockGrid(image)))
        #expect(abs((line.profile.first ?? 0) - 75.0 / 130) < 0.05, "shadow depth \(line.profile.first ?? 0)")
    }

    /// A perfectly sharp, noise-free diagonal step between two flat greys (a screenshot of a
    /// grey panel): every pixel is wholly one grey or the other, so at 45° the lift left the row
    /// on the line part-dark and the next one part-light, a 1-px line along the whole edge that
    /// read as a "1". Both readings find nothing, whichever side and corner is dark.
    @Test(arguments: [(1, 0), (1, 40), (-1, 299), (-1, 200)])
    func sharpDiagonalStepIsNoDigit(edge: (slope: Int, offset: Int)) {
        for darkBelow in [true, false] {
            let image = NoiseRejectionTests.image(300, 300) { x, y, _ in
                ((edge.slope * x + edge.offset <= y) == darkBelow) ? 120 : 200
            }
            #expect(ShadowLine.find(image, grid: BlockGrid(image)) != nil)
            let found = DigitExtraction.candidates(image).map { $0.digits.count }
            #expect(found.allSatisfy { $0 == 0 }, "\(edge), dark below \(darkBelow): \(found) digits")
        }
    }

    /// The same sharp step across a ring: the ring stays one digit (the pixels on the edge
    /// take the median across it, and a stroke crossing the edge is ink on both sides).
    @Test func ringAcrossASharpStepIsOneDigit() {
        let glyph = StrokeDigits.render(0, style: .rounded, size: 170, penWidth: 14, seed: 3)
        let image = NoiseRejectionTests.image(260, 260, seed: 1) { x, y, _ in
            let ink = min(1, NoiseRejectionTests.ink(of: glyph, at: 45, 45, x: x, y: y))
            return Int(((200 - 80 * ink) * (x <= y ? 0.6 : 1)).rounded())
        }
        let boxes = DigitExtraction.extract(image).digits.map(\.box)
        let g = Self.glyphBox
        #expect(boxes.count == 1 && boxes.allSatisfy { b in
            abs(b.x - g.x) <= 8 && abs(b.y - g.y) <= 8 && abs(b.width - g.width) <= 8 && abs(b.height - g.height) <= 8
        }, "boxes \(boxes), the glyph's \(g)")
    }

    /// No line where the light only varies smoothly (vignetting, a gradient), nor in pictures
    /// too small to be photos (a 32-px icon's bold stem is as wide as the closing window).
    @Test func noLineWithoutAStep() {
        let vignetted = NoiseRejectionTests.image(300, 240, seed: 3) { x, y, r in
            let dx = Double(x) / 300 - 0.5, dy = Double(y) / 240 - 0.5
            return Int(200 * (1 + 0.3 * dx) * (1 - 0.35 * (dx * dx + dy * dy) / 0.5)) + NoiseRejectionTests.gauss(&r, 3)
        }
        #expect(ShadowLine.lifted(vignetted) == nil)
        let icon = NoiseRejectionTests.image(32, 32) { x, _, _ in x >= 10 && x < 18 ? 30 : 230 }
        #expect(ShadowLine.lifted(icon) == nil)
    }

}
