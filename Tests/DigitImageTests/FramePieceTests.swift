import Testing
@testable import DigitImage

/// Issue 15, paper that is not the digit's lying along the frame: a rotated or skewed photo
/// shows what lies beyond its edge, and between that and a shadow's edge runs a band of
/// shadowed paper too narrow for the step background's window. Its level is close to the pen's,
/// so it cleaned to ink and read as a "1" beside the digit ("all at once" photos).
@Suite struct FramePieceTests {
    /// A 300 × 280 photo of `paper`-grey paper with a rounded "3" (x 75-225, y 65-215) in pen
    /// `contrast` levels below it. Right of x = 292 + y/40 lies the paper beyond the photo's
    /// edge (grey 0.9 × `paper`); left of that, right of x = 250 + y/20, the sheet is in shadow
    /// (`light` of the light), its edge softened over two pixels.
    static func photo(paper: Double, contrast: Double, light: Double, seed: UInt64) -> ByteImage {
        let glyph = StrokeDigits.render(3, style: .rounded, size: 150, penWidth: 12, seed: 4)
        return NoiseRejectionTests.image(300, 280, seed: seed) { x, y, r in
            let edge = 250 + Double(y) / 20, beyond = 292 + Double(y) / 40
            if Double(x) >= beyond { return Int(paper * 0.9) + NoiseRejectionTests.gauss(&r, 1) }
            let shade = 1 - (1 - light) * min(1, max(0, (Double(x) - edge) / 2 + 0.5))
            let ink = NoiseRejectionTests.ink(of: glyph, at: 75, 65, x: x, y: y)
            return Int(((paper - contrast * min(1, ink)) * shade).rounded()) + NoiseRejectionTests.gauss(&r, 2)
        }
    }

    // Bright and dim sheets, strong and faint pen, darker and lighter shadows.
    @Test(arguments: [(200.0, 120.0, 0.6), (120.0, 55.0, 0.65), (115.0, 50.0, 0.7)])
    func shadowBandAlongTheFrameIsNotADigit(look: (paper: Double, contrast: Double, light: Double)) {
        for seed: UInt64 in 1...2 {
            let s = DigitExtraction.extract(Self.photo(paper: look.paper, contrast: look.contrast,
                                                       light: look.light, seed: seed))
            let boxes = s.digits.map(\.box)
            // One digit, where the 3 is.
            #expect(boxes.count == 1 && boxes.allSatisfy { $0.x >= 65 && $0.x + $0.width <= 235 },
                    "\(look), seed \(seed): boxes \(boxes)")
        }
    }

    /// A triangle of label pixels standing on the bottom of a 192 × 192 label image: its base
    /// runs from x = `x0` for `run` pixels, its apex `height` pixels up.
    static func wedge(x0: Int, run: Int, height: Int) -> Segment.Component? {
        var pixels: [Int] = []
        for y in (192 - height)..<192 {
            let half = run * (y - (192 - height)) / (2 * height)
            for x in (x0 + run / 2 - half)...(x0 + run / 2 + half) { pixels.append(y * 192 + x) }
        }
        return Segment.component(pixels, labelWidth: 192)
    }

    // A corner of shadow cut by one side of the frame, beside the digit ("all at once" photos:
    // the shadow between a slanted edge and the frame, a 0 read 9 and a 1 read 7): it meets
    // that side along a fifth of it, not half, and was kept as a digit's piece.
    @Test func wedgeAlongAFifthOfOneSideIsFrame() {
        guard let piece = Self.wedge(x0: 120, run: 40, height: 50) else { return }
        #expect(piece.box.y + piece.box.height == 192 && piece.box.x + piece.box.width < 184, "\(piece.box)")
        let along = Segment.runsAlongFrame(piece, width: 192, height: 192)
        #expect(along, "\(piece.box)")
    }

    // What meets one side for less than an eighth of it stays: the end of a digit's stroke, or
    // a digit of a number cropped close (MultiLineNumbersTests).
    @Test func shortRunAlongOneSideStays() {
        guard let piece = Self.wedge(x0: 120, run: 20, height: 50) else { return }
        let along = Segment.runsAlongFrame(piece, width: 192, height: 192)
        #expect(!along, "\(piece.box)")
    }

    // A 7 of a number cropped close: its bar runs along the top for a fifth of it, like the
    // wedge above, but it is a stroke, not a filled region, and stays (a close crop of
    // digits/1907_thin_blue.png lost its 7 to the eighth-of-a-side rule without this).
    @Test func aSevensBarAlongOneSideStays() throws {
        var pixels = Set<Int>()
        for y in 0..<8 { for x in 10..<50 { pixels.insert(y * 192 + x) } }
        for y in 8..<120 {
            let cx = 50 - 25 * (y - 8) / 112
            for x in (cx - 4)..<(cx + 4) { pixels.insert(y * 192 + x) }
        }
        let piece = try #require(Segment.component(pixels.sorted(), labelWidth: 192))
        #expect(!Segment.runsAlongFrame(piece, width: 192, height: 192), "\(piece.box)")
    }
}
