import Testing
@testable import DigitImage

/// A form's printed boxes drawn apart, one around each digit (red team, form boxes: each box
/// was read with its digit as one piece, an "8" or a "0"): `FormBoxes` takes their thin sides,
/// and never a digit's own strokes, even a digit drawn as a rectangle.
@Suite struct SeparateBoxesTests {
    static func blank(_ w: Int, _ h: Int) -> FloatImage {
        FloatImage(width: w, height: h, pixels: [Float](repeating: 0, count: w * h))
    }

    /// A rectangle's outline from (x0, y0) to (x1, y1) (exclusive), `t` px thick.
    static func rectangle(_ ink: inout FloatImage, _ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, _ t: Int) {
        for x in x0..<x1 { for d in 0..<t { ink[x, y0 + d] = 1; ink[x, y1 - 1 - d] = 1 } }
        for y in y0..<y1 { for d in 0..<t { ink[x0 + d, y] = 1; ink[x1 - 1 - d, y] = 1 } }
    }

    /// A ring (a 0) centred at (cx, cy), 56 wide and 90 tall, `pen` px thick.
    static func ring(_ ink: inout FloatImage, _ cx: Double, _ cy: Double, pen: Double = 8) {
        for y in 0..<ink.height {
            for x in 0..<ink.width {
                let dx = (Double(x) - cx) / 28, dy = (Double(y) - cy) / 45
                if abs((dx * dx + dy * dy).squareRoot() - 1) * 36 < pen / 2 { ink[x, y] = 1 }
            }
        }
    }

    /// Three 2-px boxes 100×120 with 30 px between them on 480×200, a ring in each.
    static func boxedRings() -> FloatImage {
        var ink = blank(480, 200)
        for x0 in [40, 170, 300] { rectangle(&ink, x0, 40, x0 + 100, 160, 2) }
        for cx in [90.0, 220.0, 350.0] { ring(&ink, cx, 100) }
        return ink
    }

    @Test func separateBoxesGoAndTheirDigitsStay() {
        var ink = Self.boxedRings()
        #expect(FormBoxes.remove(&ink))
        for x0 in [40, 170, 300] {
            #expect(ink[x0 + 50, 40] == 0 && ink[x0 + 50, 159] == 0, "top and bottom of the box at \(x0)")
            #expect(ink[x0, 100] == 0 && ink[x0 + 99, 70] == 0, "its sides")
        }
        for cx in [90, 220, 350] {
            #expect(ink[cx, 55] == 1 && ink[cx, 145] == 1 && ink[cx - 28, 100] == 1, "the ring at \(cx) whole")
        }
    }

    /// The same drawn on paper and read: three digits, each as narrow as its ring (with its
    /// box it was as wide as the box).
    @Test func separateBoxesAreReadAsTheirDigitsOnly() {
        let ink = Self.boxedRings()
        var image = ByteImage(width: 480, height: 200, fill: 235)
        for i in image.pixels.indices where ink.pixels[i] > 0 { image.pixels[i] = 40 }
        let found = DigitExtraction.extract(image).digits.sorted { $0.box.x < $1.box.x }
        #expect(found.count == 3, "boxes \(found.map(\.box))")
        for (digit, cx) in zip(found, [90, 220, 350]) {
            #expect(digit.box.width < 80 && abs(digit.box.x + digit.box.width / 2 - cx) < 10, "a ring alone: \(digit.box)")
        }
    }

    /// Digits drawn as rectangles with the pen — a boxy 0 (empty), a boxy 8 (its bar inside,
    /// as thick as its sides) — beside a 1 and a 7 with a flat top, all 4 px thick (thin enough
    /// to be followed as lines): nothing is taken.
    @Test func digitsDrawnAsRectanglesStay() {
        var ink = Self.blank(480, 200)
        Self.rectangle(&ink, 40, 40, 110, 160, 4)                          // boxy 0
        Self.rectangle(&ink, 140, 40, 210, 160, 4)                         // boxy 8: outline
        for x in 140..<210 { for y in 98..<102 { ink[x, y] = 1 } }         //   and its bar
        for y in 40..<160 { for x in 258..<262 { ink[x, y] = 1 } }          // a 1
        for x in 300..<380 { for y in 40..<44 { ink[x, y] = 1 } }           // a 7: its top
        for y in 40..<160 { let x = 376 - (y - 40) / 4; for d in 0..<4 { ink[x + d, y] = 1 } } // and stem
        let before = ink.pixels
        #expect(!FormBoxes.remove(&ink) && ink.pixels == before, "untouched")
    }

    /// A 4 with a closed top (its bar, its sides and its stem) and a ring beside it, with a
    /// thick pen inside a thin box's outline drawn by the writer's own pen (as thick as the
    /// digits): the outline is the writer's, not a printed box, and stays with the digits.
    @Test func aPenDrawnFrameAroundDigitsStays() {
        var ink = Self.blank(400, 200)
        Self.rectangle(&ink, 20, 20, 380, 180, 6)
        Self.ring(&ink, 120, 100, pen: 6)
        for y in 50..<150 { for x in 260..<266 { ink[x, y] = 1 } }          // the 4's stem
        for x in 210..<300 { for y in 110..<116 { ink[x, y] = 1 } }         // its bar
        for y in 50..<116 { for x in 214..<220 { ink[x, y] = 1 } }          // its left side
        let before = ink.pixels
        #expect(!FormBoxes.remove(&ink) && ink.pixels == before, "untouched")
    }
}

/// A form's comb: a baseline with short ticks at its ends and between the digits (red team,
/// form boxes: the ticks stood between the digits and were read as 1s).
@Suite struct CombLinesTests {
    /// A 2-px baseline at y = 160 from x = 40 to 341, 2-px ticks `tick` px tall at x = 40, 140,
    /// 240, 340 — or, with `ones`, 4-px 1s 100 px tall standing there instead — and rings
    /// (0s) in the three cells, on 400×200 ink.
    static func comb(tick: Int = 30, ones: Bool = false) -> FloatImage {
        var ink = SeparateBoxesTests.blank(400, 200)
        for x in 40..<342 { for y in 160..<162 { ink[x, y] = 1 } }
        for x0 in [40, 140, 240, 340] {
            let tall = ones ? 100 : tick, thick = ones ? 4 : 2
            for y in (160 - tall)..<160 { for x in x0..<(x0 + thick) where x < 400 { ink[x, y] = 1 } }
        }
        if !ones { for cx in [90.0, 190.0, 290.0] { SeparateBoxesTests.ring(&ink, cx, 105) } }
        return ink
    }

    @Test func aCombsBaselineAndTicksGoAndTheDigitsStay() {
        var ink = Self.comb()
        #expect(CombLines.remove(&ink))
        for x in [40, 140, 240, 340] { #expect(ink[x, 145] == 0, "the tick at \(x)") }
        #expect(ink[190, 160] == 0, "the baseline")
        for cx in [90, 190, 290] { #expect(ink[cx, 60] == 1 && ink[cx - 28, 105] == 1, "the ring at \(cx) whole") }
    }

    /// 1s standing on an underline that ends at the first and last of them are as tall as a
    /// digit, more than the spacing's 0.8: no comb, nothing taken.
    @Test func onesStandingOnALineAreNoComb() {
        var ink = Self.comb(ones: true)
        let before = ink.pixels
        #expect(!CombLines.remove(&ink) && ink.pixels == before, "untouched")
    }
}
