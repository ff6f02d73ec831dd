import Testing
@testable import DigitImage

/// Issue 15 (walkthrough, session 29): a line touching a number of several digits — a pen line
/// under it, a ruled line through it that ends short of the frame — joined its digits into one
/// piece ("42" underlined read "3"). Red team, seed 1 (count.sh): underline 10 → 73 of 100.
@Suite struct NumberLinesTests {
    /// A "0" (a ring) and a "1" (an upright bar) on white paper, 320×160; `under`: a 6-px line
    /// under both, drifting 4 px down over its length, touching their bottoms; `through`: a
    /// 2-px line across their middles from x = 30 to 300 (short of both sides of the frame).
    static func zeroOne(under: Bool = false, through: Bool = false) -> ByteImage {
        var image = ByteImage(width: 320, height: 160, fill: 250)
        if through { for x in 30..<300 { for y in 78..<80 { image[x, y] = 160 } } }
        for y in 0..<160 {
            for x in 0..<320 {
                let dx = (Double(x) - 90) / 30, dy = (Double(y) - 80) / 45
                let r = (dx * dx + dy * dy).squareRoot()
                if abs(r - 1) < 0.12 { image[x, y] = 20 }
            }
        }
        for y in 35..<126 { for x in 200..<208 { image[x, y] = 20 } }
        if under { for x in 40..<280 { let y0 = 124 + (x - 40) / 60; for y in y0..<(y0 + 6) { image[x, y] = 20 } } }
        return image
    }

    /// Each digit's 28×28 input, the picture read as `DigitExtraction` reads it, or without
    /// `NumberLines` (the control).
    static func inputs(_ image: ByteImage, numberLines: Bool = true) -> [[Float]] {
        guard numberLines else {
            let scale = Segment.blockScale(image.width, image.height)
            var (cleaned, levels) = Preprocess.clean(image, blockScale: scale)
            if GridLines.remove(&cleaned.ink) { levels = Preprocess.inkBlocks(cleaned.ink, blockScale: scale) }
            return Segment.split(cleaned, ink: levels).digits.map(\.final.pixels)
        }
        return DigitExtraction.extract(image).digits.map(\.final.pixels)
    }

    /// The largest over the digits of the mean difference of their inputs' pixels (1 when the
    /// digits differ in number).
    static func largestDifference(_ a: [[Float]], _ b: [[Float]]) -> Float {
        guard a.count == b.count else { return 1 }
        return zip(a, b).map { zip($0, $1).map { abs($0 - $1) }.reduce(0, +) / Float(max(1, $0.count)) }.max() ?? 0
    }

    @Test(arguments: [(true, false), (false, true)])
    func aLineTouchingTheNumberIsNotPartOfItsDigits(under: Bool, through: Bool) throws {
        let plain = Self.inputs(Self.zeroOne())
        try #require(plain.count == 2, "without the line: two digits")
        let lined = Self.zeroOne(under: under, through: through)
        let read = Self.inputs(lined)
        #expect(read.count == 2, "the line joins neither digit to the other")
        let diff = Self.largestDifference(plain, read)
        #expect(diff < 0.1, "each digit's input as without the line (largest difference \(diff))")
        // The control: left in, the line changes what the network sees.
        let kept = Self.largestDifference(plain, Self.inputs(lined, numberLines: false))
        #expect(kept > 0.3, "without NumberLines the line shows (largest difference \(kept))")
    }

    /// A digit's own flat strokes are shorter than the digit is tall: a 7's bar and a 2-like
    /// foot stay, and so does a lone short dash's neighbour's ink.
    @Test func aDigitsOwnFlatStrokesStay() {
        var ink = FloatImage(width: 200, height: 160, pixels: [Float](repeating: 0, count: 200 * 160))
        for x in 60..<130 { for y in 30..<37 { ink[x, y] = 1 } }       // a 7's bar, 70 px
        for y in 30..<130 { let x = 128 - (y - 30) * 2 / 5; for dx in 0..<7 { ink[x + dx, y] = 1 } } // its stem, 100 px tall
        for x in 80..<140 { for y in 124..<130 { ink[x, y] = 1 } }     // a foot under the stem's end, 60 px
        let before = ink.pixels
        #expect(!NumberLines.remove(&ink) && ink.pixels == before, "nothing is a line: untouched")
    }
}

/// A line must run past the ink it joins, cross two digits of it whole, or hold up pieces that
/// come apart without it: a ring's flat top or bottom (its sides beyond both of its ends,
/// joined by the rest of the ring) stays (session 31: a faint ring's grainy top was taken, and
/// "0" read as two pieces: FaintInkTests, FaintBridgeTests). Session 34: a line as long as the
/// number under it (red team, underline: "53", "56", "733" read as one piece) goes.
@Suite struct NumberLinesReachTests {
    /// A 4-px line from x = 40 to 280 at y = 150 on 320×200 ink, and two 10-px upright bars
    /// 100 px tall standing on it at `bars` (their left columns); `joined`: their tops joined
    /// by a 30-px bar (a ring's top, too thick to be a line).
    static func barsOnALine(_ bars: [Int], joined: Bool = false) -> FloatImage {
        var ink = FloatImage(width: 320, height: 200, pixels: [Float](repeating: 0, count: 320 * 200))
        for x in 40..<280 { for y in 150..<154 { ink[x, y] = 1 } }
        for x0 in bars { for x in x0..<(x0 + 10) { for y in 50..<150 { ink[x, y] = 1 } } }
        if joined, let a = bars.first, let b = bars.last { for x in a..<(b + 10) { for y in 50..<80 { ink[x, y] = 1 } } }
        return ink
    }

    /// Bars inside the line's ends (digits on an underline): the line goes, the bars stay.
    /// Bars over its ends: it goes when they stand apart (two digits, the line as long as the
    /// number), and stays when they are joined above (a ring's sides, its bottom the line).
    @Test(arguments: [([70, 240], false, true), ([35, 275], false, true), ([35, 275], true, false)])
    func aLineGoesOnlyWhenItRunsPastTheInkItJoinsOrHoldsItTogether(bars: [Int], joined: Bool, goes: Bool) {
        var ink = Self.barsOnALine(bars, joined: joined)
        let before = ink.pixels
        #expect(NumberLines.remove(&ink) == goes)
        #expect((ink[160, 151] == 0) == goes, "the line's middle")
        #expect(ink[bars[0] + 5, 100] == 1 && ink[bars[1] + 5, 100] == 1, "the bars stay")
        if !goes { #expect(ink.pixels == before, "nothing taken") }
    }
}

/// A line under a number is not always much longer than the number is tall, nor level
/// (session 34, red team underline: "41" underlined as long as it is wide read "4", "9433"
/// with a pen line slanting 7° read "2").
@Suite struct UnderlineShapeTests {
    static func blank(_ w: Int, _ h: Int) -> FloatImage {
        FloatImage(width: w, height: h, pixels: [Float](repeating: 0, count: w * h))
    }

    /// A `t`-px line from (x0, y0) to (x1, y1), drawn column by column.
    static func line(_ ink: inout FloatImage, _ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, _ t: Int) {
        for x in x0..<x1 {
            let y = y0 + (y1 - y0) * (x - x0) / max(1, x1 - x0)
            for d in 0..<t { ink[x, y + d] = 1 }
        }
    }

    /// Two 10-px bars 150 px tall standing on a 4-px line 200 px long (from x = 60; 1.3 times
    /// the ink's height, under the 1.4 `lengthOverHeight` asks of a line with ink both sides),
    /// their outer sides over its ends; `crossed`: the bars go on 60 px below the line (a 4's
    /// or a continental 7's bar, the stem on both sides), on 320×300.
    static func barsOnAShortLine(crossed: Bool) -> FloatImage {
        var ink = blank(320, 300)
        line(&ink, 60, 210, 260, 210, 4)
        for x0 in [60, 250] { for x in x0..<(x0 + 10) { for y in 60..<(crossed ? 274 : 210) { ink[x, y] = 1 } } }
        return ink
    }

    @Test(arguments: [(false, true), (true, false)])
    func aLineAsLongAsTheNumberIsTallGoesWhenTheInkIsOnOneSide(crossed: Bool, goes: Bool) {
        var ink = Self.barsOnAShortLine(crossed: crossed)
        #expect(NumberLines.remove(&ink) == goes)
        #expect((ink[160, 211] == 0) == goes, "the line's middle")
        #expect(ink[65, 100] == 1 && ink[255, 100] == 1, "the bars stay")
    }

    /// A 7's top bar 80 px long over its 160-px stem, a second digit (a bar) standing 1 px past
    /// the bar's end, its top level with the bar: ink on one side only, but the bar is shorter
    /// than that ink is tall, and stays (red team ruled_through/570_98, "570" read "540").
    @Test func aSevensTopBarStaysBesideItsNeighbour() {
        var ink = Self.blank(320, 260)
        Self.line(&ink, 100, 50, 180, 50, 6)
        for y in 50..<210 { let x = 172 - (y - 50) / 4; for d in 0..<8 { ink[x + d, y] = 1 } }
        for x in 181..<189 { for y in 50..<200 { ink[x, y] = 1 } }
        let before = ink.pixels
        #expect(!NumberLines.remove(&ink) && ink.pixels == before, "untouched")
    }

    /// Two bars on a 4-px line slanting down 0.15 px per px (about 9°, over `TiltedLines`'
    /// 0.1), from x = 30 to 290: the line goes, the bars stay.
    @Test func aSlantedUnderlineGoes() {
        var ink = Self.blank(320, 240)
        Self.line(&ink, 30, 150, 290, 189, 4)
        for (x0, y1) in [(70, 157), (220, 180)] { for x in x0..<(x0 + 10) { for y in 60..<(y1 + 1) { ink[x, y] = 1 } } }
        #expect(NumberLines.remove(&ink))
        #expect(ink[150, 150 + 39 * 120 / 260 + 1] == 0, "the line's middle")
        #expect(ink[75, 100] == 1 && ink[225, 100] == 1, "the bars stay")
    }
}

/// A tilted row of boxes: a side leans as the top and bottom slant, and at mid-height lies
/// off their ends by half the height times the slope (red team form_boxes/302_70: the side
/// of a box cut by the frame was left standing and read as a 1).
@Suite struct TiltedBoxSideTests {
    @Test func aLeaningSideIsFound() {
        var ink = UnderlineShapeTests.blank(400, 320)
        // A row's last box turned by about 5°: top from (20, 40) to (300, 65), bottom from
        // (20, 240) to (280, 263) (the frame's left edge cuts both), the right side from
        // (300, 65) to (282, 265), 2 px thick.
        UnderlineShapeTests.line(&ink, 20, 40, 300, 65, 2)
        UnderlineShapeTests.line(&ink, 20, 240, 280, 263, 2)
        for y in 65..<265 { let x = 300 - (y - 65) * 9 / 100; ink[x, y] = 1; ink[x + 1, y] = 1 }
        let sides: [Int] = ink.pixels.withUnsafeBufferPointer { px in
            let walker = TiltedLines.Walker(px: px, width: 400, height: 320, horizontal: true, limit: 8)
            let lines = NumberLines.traceAll(walker, from: NumberLines.startColumns, margin: 0)
            return NumberLines.uprights(between: lines, px, width: 400, height: 320).compactMap { $0.spans.first?.across.lowerBound }
        }
        #expect(sides.count == 1 && sides.allSatisfy { (280...302).contains($0) }, "the right side, at its top: \(sides)")
    }
}

/// A form's row of boxes: their top and bottom go (NumberLines), and so do the upright sides
/// between them, which stood alone between the digits and were read as 1s (red team, form
/// boxes).
@Suite struct FormBoxesTests {
    /// Three boxes with shared sides, 120×120 each, 2-px lines, from x = 60 to 420 and y = 40
    /// to 160 on 480×200 paper; in each a ring (a 0) 56 wide and 90 tall, pen 8, touching
    /// nothing.
    static func boxedZeros() -> ByteImage {
        var image = ByteImage(width: 480, height: 200, fill: 235)
        for x in 60..<422 { for y in [40, 41, 158, 159] { image[x, y] = 90 } }
        for x0 in [60, 180, 300, 420] { for x in x0..<(x0 + 2) { for y in 40..<160 { image[x, y] = 90 } } }
        for cx in [120.0, 240.0, 360.0] {
            for y in 0..<200 {
                for x in 0..<480 {
                    let dx = (Double(x) - cx) / 28, dy = (Double(y) - 100) / 45
                    if abs((dx * dx + dy * dy).squareRoot() - 1) * 36 < 4 { image[x, y] = 30 }
                }
            }
        }
        return image
    }

    @Test func theBoxesGoAndTheDigitsStay() {
        let found = DigitExtraction.extract(Self.boxedZeros()).digits
        #expect(found.count == 3, "boxes \(found.map(\.box))")
        for (digit, cx) in zip(found.sorted { $0.box.x < $1.box.x }, [120, 240, 360]) {
            let b = digit.box
            #expect(b.width < 80 && b.height > 80 && abs(b.x + b.width / 2 - cx) < 10, "a ring alone: \(b)")
        }
    }

    /// The four sides are found between the top and bottom, and nothing else (the rings'
    /// sides are thicker than the box's lines).
    @Test func theSidesAreTheUprightsBetweenTheTopAndBottom() {
        let image = Self.boxedZeros()
        let (cleaned, _) = Preprocess.clean(image, blockScale: Segment.blockScale(image.width, image.height))
        let ink = cleaned.ink
        let sides: [Int] = ink.pixels.withUnsafeBufferPointer { px in
            let lines = NumberLines.find(px, width: ink.width, height: ink.height, margin: 0)
            return NumberLines.uprights(between: lines, px, width: ink.width, height: ink.height).compactMap {
                $0.spans.first.map { ($0.across.lowerBound + $0.across.upperBound) / 2 }
            }.sorted()
        }
        #expect(sides.count == 4 && zip(sides, [61, 181, 301, 421]).allSatisfy { abs($0 - $1) <= 2 }, "sides at \(sides)")
    }
}
