import Testing
@testable import DigitImage

/// Issue 15, scanned form cells (red team, form boxes, session 36): a row of boxes sharing its
/// sides photographed a few degrees askew kept its end sides (read as 1s beside the digits); a
/// long row of wide boxes was taken as a comb (its sides went as ticks, its top stayed and
/// joined every digit: "297044" read "2"); a comb of narrow cells, whose ticks are taller than
/// the cells are wide, was no comb, and its ticks stood between the digits.
@Suite struct BoxRowTests {
    /// A row of `cells` boxes sharing their sides, 2 px lines, from x = 40, each `pitch` wide
    /// and `tall` high, its top at y = `top` + `slope` × (x − the row's middle) (a sheared row,
    /// as a photo taken askew shows it); a ring (a 0, 90 tall) in each; on `w`×`h` ink.
    static func row(cells: Int, pitch: Int, tall: Int, top: Int, slope: Double, w: Int, h: Int) -> FloatImage {
        var ink = SeparateBoxesTests.blank(w, h)
        let x0 = 40, x1 = 40 + cells * pitch, mid = Double(x0 + x1) / 2
        func y(_ x: Int) -> Int { top + Int((slope * (Double(x) - mid)).rounded()) }
        for x in x0..<(x1 + 2) { for d in 0..<2 { ink[x, y(x) + d] = 1; ink[x, y(x) + tall + d] = 1 } }
        for i in 0...cells {
            let x = x0 + i * pitch
            for yy in y(x)..<(y(x) + tall + 2) { for d in 0..<2 { ink[x + d, yy] = 1 } }
        }
        for i in 0..<cells {
            let cx = x0 + i * pitch + pitch / 2
            SeparateBoxesTests.ring(&ink, Double(cx), Double(y(cx) + tall / 2) + 1)
        }
        return ink
    }

    /// Five boxes 100 wide and 130 tall whose top and bottom drift 40 px over the row: the
    /// sides at both ends go with the inner ones (measured against the top and bottom where
    /// they meet them, not at the row's middle, 20 px off), and the rings stay whole.
    @Test func aTiltedRowLosesItsEndSides() {
        var ink = Self.row(cells: 5, pitch: 100, tall: 130, top: 100, slope: 0.08, w: 640, h: 340)
        let removed = NumberLines.remove(&ink)
        #expect(removed)
        // x = 40 (the left end, its top at y = 80), 540 (the right end, at 120) and an inner side.
        for (x, yTop) in [(40, 80), (240, 96), (540, 120)] {
            #expect(ink[x, yTop + 65] == 0 && ink[x + 1, yTop + 65] == 0, "the side at \(x)")
        }
        for i in 0..<5 {
            let cx = 90 + 100 * i, cy = 100 + Int((0.08 * Double(cx - 290)).rounded()) + 66
            #expect(ink[cx, cy - 45] == 1 && ink[cx, cy + 44] == 1 && ink[cx - 28, cy] == 1, "the ring at \(cx) whole")
        }
    }

    /// The same drawn on paper and read: five digits, each as narrow as its ring.
    @Test func aTiltedRowIsReadAsItsDigitsOnly() {
        let ink = Self.row(cells: 5, pitch: 100, tall: 130, top: 100, slope: 0.08, w: 640, h: 340)
        var image = ByteImage(width: 640, height: 340, fill: 235)
        for i in image.pixels.indices where ink.pixels[i] > 0 { image.pixels[i] = 40 }
        let found = DigitExtraction.extract(image).digits
        #expect(found.count == 5 && found.allSatisfy { $0.box.width < 80 }, "boxes \(found.map(\.box))")
    }

    /// Five boxes 150 wide and 100 tall in a row (straight): their sides are shorter than the
    /// spacing, as a comb's ticks are, but a line joins their tops: no comb. (`NumberLines`
    /// takes the row, top and bottom and sides.)
    @Test func aRowOfWideBoxesIsNoComb() {
        var ink = Self.row(cells: 5, pitch: 150, tall: 100, top: 60, slope: 0, w: 840, h: 220)
        let before = ink.pixels
        let removed = CombLines.remove(&ink)
        #expect(!removed && ink.pixels == before, "untouched")
        var image = ByteImage(width: 840, height: 220, fill: 235)
        for i in image.pixels.indices where before[i] > 0 { image.pixels[i] = 40 }
        let found = DigitExtraction.extract(image).digits
        #expect(found.count == 5 && found.allSatisfy { $0.box.width < 80 }, "boxes \(found.map(\.box))")
    }

    /// A comb of narrow cells (60 wide): 2-px ticks 70 tall, taller than the cells are wide,
    /// with 1s (4-px bars 180 tall) written between them, clear of the baseline. The ticks are
    /// short beside the digits: a comb, taken, and the 1s stay.
    @Test func aCombOfNarrowCellsGoes() {
        var ink = SeparateBoxesTests.blank(400, 300)
        for x in 40..<282 { for y in 260..<262 { ink[x, y] = 1 } }
        for x0 in [40, 100, 160, 220, 280] { for y in 190..<260 { for x in x0..<(x0 + 2) { ink[x, y] = 1 } } }
        for cx in [70, 130, 190, 250] { for y in 60..<240 { for x in (cx - 2)..<(cx + 2) { ink[x, y] = 1 } } }
        let removed = CombLines.remove(&ink)
        #expect(removed)
        for x in [40, 100, 160, 220, 280] { #expect(ink[x, 220] == 0, "the tick at \(x)") }
        #expect(ink[150, 260] == 0, "the baseline")
        for cx in [70, 130, 190, 250] { #expect(ink[cx, 100] == 1 && ink[cx, 235] == 1, "the 1 at \(cx)") }
    }
}
