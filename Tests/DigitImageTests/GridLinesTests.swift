import DigitModel
import Testing
@testable import DigitImage

/// Issue 15 (form-grid condition): a digit written in a form's cell reads as it does alone.
@Suite struct GridLinesTests {
    /// A thick "4" (two downstrokes and a bar) on white paper, optionally inside a cell whose
    /// 2-px borders run across the whole image, with a ruled line through the digit's middle.
    static func four(boxed: Bool) -> ByteImage {
        var image = ByteImage(width: 160, height: 160, fill: 250)
        func fill(_ xs: Range<Int>, _ ys: Range<Int>, _ v: UInt8) { for y in ys { for x in xs { image[x, y] = v } } }
        if boxed {
            for k in [12, 146] { fill(0..<160, k..<(k + 2), 170); fill(k..<(k + 2), 0..<160, 170) }
            fill(0..<160, 70..<72, 170)
        }
        fill(55..<63, 35..<95, 20)    // left downstroke
        fill(95..<103, 35..<125, 20)  // right downstroke, through the ruled line
        fill(55..<103, 88..<96, 20)   // bar
        return image
    }

    @Test func aDigitInABoxReadsAsWithoutTheBox() throws {
        let plain = DigitExtraction.extract(Self.four(boxed: false))
        let boxed = DigitExtraction.extract(Self.four(boxed: true))
        try #require(plain.digits.count == 1, "the plain 4 is one digit")
        #expect(boxed.digits.count == 1, "the box and the ruled line are not digits, nor joined to it")
        guard let a = plain.digits.first, let b = boxed.digits.first else { return }
        let diff = zip(a.final.pixels, b.final.pixels).map { abs($0 - $1) }.max() ?? 1
        #expect(diff < 0.1, "the same 28×28 input (largest difference \(diff))")
        // The control: left in, the lines do change what the network sees.
        let image = Self.four(boxed: true), scale = Segment.blockScale(image.width, image.height)
        let (cleaned, levels) = Preprocess.clean(image, blockScale: scale)
        let kept = Segment.split(cleaned, ink: levels).digits
        let keptDiff = kept.count == 1 ? zip(a.final.pixels, kept[0].final.pixels).map { abs($0 - $1) }.max() ?? 0 : 1
        #expect(keptDiff > 0.15, "without GridLines the box shows (largest difference \(keptDiff))")
    }

    @Test func onlyThinLongRunsGo() {
        var ink = FloatImage(width: 100, height: 40, pixels: [Float](repeating: 0, count: 4000))
        for x in 0..<100 { ink.pixels[20 * 100 + x] = 1 }               // a 1-px line across
        for y in 5..<35 { for x in 40..<46 { ink.pixels[y * 100 + x] = 1 } } // a stroke crossing it
        for x in 5..<30 { ink.pixels[5 * 100 + x] = 1 }                   // a short dash: not a line
        #expect(GridLines.remove(&ink))
        #expect(ink.pixels[20 * 100 + 10] == 0 && ink.pixels[20 * 100 + 90] == 0, "the line is gone")
        #expect(ink.pixels[20 * 100 + 42] == 1, "where the stroke crosses it, the stroke stays")
        #expect(ink.pixels[5 * 100 + 10] == 1, "a short run stays")
        var clean = FloatImage(width: 100, height: 40, pixels: [Float](repeating: 0, count: 4000))
        for y in 5..<35 { for x in 40..<46 { clean.pixels[y * 100 + x] = 1 } }
        let before = clean.pixels
        #expect(!GridLines.remove(&clean) && clean.pixels == before, "no line: untouched")
    }
}

extension GridLinesTests {
    /// A bold ring filling the middle of a small 120-px cell: the grid lines through it cross
    /// its two strokes, 44 of 120 px thick.
    static func boldRingInGrid() -> ByteImage {
        var image = ByteImage(width: 120, height: 120, fill: 240)
        for y in 0..<120 {
            for x in 0..<120 {
                if x % 40 == 20 || y % 40 == 20 || x % 40 == 21 || y % 40 == 21 { image[x, y] = 180 }
                let dx = Double(x) - 60, dy = Double(y) - 60, r = (dx * dx + dy * dy).squareRoot()
                if abs(r - 30) < 11 { image[x, y] = 20 }
            }
        }
        return image
    }

    // Thin over 63 % of their length: a 4/5 rule left these lines in.
    @Test func linesCrossingABoldDigitGo() {
        var ink = Preprocess.clean(Self.boldRingInGrid()).ink
        #expect(GridLines.remove(&ink))
        #expect(ink[5, 60] == 0 && ink[115, 60] == 0 && ink[60, 5] == 0, "the lines through the ring are gone")
        #expect(ink[31, 60] > 0.5 && ink[60, 89] > 0.5, "the ring's strokes stay where the lines cross them")
        #expect(DigitExtraction.extract(Self.boldRingInGrid()).digits.count == 1)
    }
}

extension GridLinesTests {
    /// The vectorised ink count (eight columns at a time, the rest one by one) against a plain
    /// count, on widths that are and are not multiples of eight, with values at the threshold.
    @Test(arguments: [1, 8, 13, 67])
    func inkCountsAgreeWithAPlainCount(_ width: Int) {
        let height = 9
        var state: UInt64 = 19
        let values: [Float] = (0..<(width * height)).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return [0, Preprocess.faintThreshold, 0.051, 1][Int(state >> 62)]
        }
        let (rows, columns) = values.withUnsafeBufferPointer { GridLines.inkCounts($0, width: width, height: height) }
        let inked = values.map { $0 > Preprocess.faintThreshold ? 1 : 0 }
        #expect(rows == (0..<height).map { y in (0..<width).reduce(0) { $0 + inked[y * width + $1] } })
        #expect(columns == (0..<width).map { x in (0..<height).reduce(0) { $0 + inked[$1 * width + x] } })
    }
}

extension GridLinesTests {
    /// A notebook's margin line in a close-up of one digit, 6 px across in a 256-px picture:
    /// left in, it joined the digit's box (a 3 beside it read as 6). On a ruled page a line is
    /// thin for itself: its pixels go, the stroke crossing it (thicker still) stays.
    @Test func aThickMarginLineGoesAndTheDigitStays() throws {
        var image = ByteImage(width: 256, height: 256, fill: 235)
        func fill(_ xs: Range<Int>, _ ys: Range<Int>, _ v: UInt8) { for y in ys { for x in xs { image[x, y] = v } } }
        for y in [30, 230] { fill(0..<256, y..<(y + 2), 170) }   // the page's ruled lines
        fill(40..<46, 0..<256, 150)     // the margin line, 6 px, the whole height
        fill(30..<150, 120..<136, 25)   // a bar of the digit crossing it, 16 px thick
        fill(134..<150, 60..<200, 25)   // the digit's downstroke, well away from the line
        var ink = Preprocess.clean(image).ink
        let removed = GridLines.remove(&ink)
        #expect(removed)
        #expect(ink[43, 20] == 0 && ink[43, 215] == 0, "the margin line is gone")
        #expect(ink[43, 128] > 0.5, "where the bar crosses it, the bar stays")
        let digits = DigitExtraction.extract(image).digits
        try #require(digits.count == 1)
        #expect(digits[0].box.height < 200, "the digit's box is the digit's, not the line's: \(digits[0].box)")
    }
}

extension GridLinesTests {
    /// Review: a "1" cropped tight, a 7-px stroke spanning 95 % of a 256-px picture, was
    /// erased as a line (and a 7's bar across the width); alone, a thick run is a stroke.
    @Test func aTightOneIsNotALine() throws {
        var image = ByteImage(width: 256, height: 256, fill: 240)
        for y in 6..<250 { for x in 124..<131 { image[x, y] = 20 } }
        var ink = Preprocess.clean(image).ink
        let before = ink.pixels
        #expect(!GridLines.remove(&ink) && ink.pixels == before, "nothing removed")
        let digits = DigitExtraction.extract(image).digits
        #expect(digits.count == 1 && (digits.first?.box.height ?? 0) > 200)
        #expect(GridLines.separateLines([.init(line: 5, range: 0..<9, horizontal: true, median: 2),
                                         .init(line: 6, range: 0..<9, horizontal: true, median: 2),
                                         .init(line: 40, range: 0..<9, horizontal: true, median: 2),
                                         .init(line: 7, range: 0..<9, horizontal: false, median: 2)]) == 3)
    }
}

extension GridLinesTests {
    /// The notebook's lines in light ink that cleaning leaves under the ink threshold, its
    /// margin line darker and above it: the page is ruled all the same (counted at any ink
    /// level), so the 6-px margin line goes. Left in, it joined the digit's box (photos of
    /// ruled paper: a 0 read 6, a 2 read 4 and 6, a 3 read 6).
    @Test func aMarginLineGoesWhenTheRuledLinesAreFaint() throws {
        var image = ByteImage(width: 256, height: 256, fill: 235)
        func fill(_ xs: Range<Int>, _ ys: Range<Int>, _ v: UInt8) { for y in ys { for x in xs { image[x, y] = v } } }
        for y in [30, 110, 190] { fill(0..<256, y..<(y + 2), 205) }   // the page's ruled lines, light
        fill(40..<46, 0..<256, 150)     // the margin line, 6 px, the whole height
        fill(80..<96, 60..<200, 25)     // the digit's downstroke, apart from the line
        fill(80..<150, 60..<76, 25)     // and its bar
        var ink = Preprocess.clean(image).ink
        #expect(ink[200, 30] > 0 && ink[200, 30] <= Preprocess.faintThreshold, "the ruled lines are ink, under the threshold")
        #expect(GridLines.remove(&ink))
        #expect(ink[43, 20] == 0 && ink[43, 150] == 0, "the margin line is gone")
        let digits = DigitExtraction.extract(image).digits
        try #require(digits.count == 1)
        #expect(digits[0].box.x >= 70, "the digit's box is the digit's, not the line's: \(digits[0].box)")
    }
}

extension GridLinesTests {
    /// Faint lines are counted only on paper clean between them: three thin rows of faint ink
    /// are three lines on clean paper and none where faint grain covers the whole picture (a
    /// thick stroke beside them would otherwise be taken for a margin line).
    @Test func faintLinesOnlyOnCleanPaper() {
        func count(grain: Float) -> Int {
            var px = [Float](repeating: grain, count: 100 * 80)
            for y in [10, 40, 70] { for x in 0..<100 { px[y * 100 + x] = 0.03 } }
            return px.withUnsafeBufferPointer { GridLines.faintLines($0, width: 100, height: 80, margin: 0, limit: 4, besides: []) }
        }
        #expect(count(grain: 0) == 3)
        #expect(count(grain: 0.01) == 0)
    }
}

extension GridLinesTests {
    /// A ruled page photographed a little askew: the margin line, 3 px across, drifts 14 px over
    /// the 256-px height (3°), so no single column holds it, and a bar of the digit reaches
    /// across it. Left in, it joined the digit's box (red team, ruled paper: a 2, 3 or 8 beside
    /// a tilted margin line read 6). A 1's slant (15°) is no ruled line: it stays.
    static func tiltedMargin(slope: Double, width: Int = 3) -> ByteImage {
        var image = ByteImage(width: 256, height: 256, fill: 235)
        func fill(_ xs: Range<Int>, _ ys: Range<Int>, _ v: UInt8) { for y in ys { for x in xs { image[x, y] = v } } }
        for y in [30, 110, 190] { fill(0..<256, y..<(y + 2), 190) }   // the page's ruled lines
        for y in 0..<256 {
            let x = 40 + Int((Double(y) * slope).rounded())
            fill(x..<(x + width), y..<(y + 1), 150)                    // the margin line
        }
        fill(30..<120, 150..<166, 25)    // the digit's bar, across the line
        fill(104..<120, 60..<200, 25)    // its downstroke, well away from the line
        return image
    }

    @Test func aTiltedMarginLineGoesAndTheDigitStays() throws {
        var ink = Preprocess.clean(Self.tiltedMargin(slope: 0.055)).ink
        // The line's pixels: x = 40 + 0.055 y, 3 px on.
        #expect(ink[42, 10] > 0.3 && ink[54, 240] > 0.3, "the margin line is ink")
        #expect(GridLines.remove(&ink))
        #expect(ink[42, 10] == 0 && ink[54, 240] == 0 && ink[47, 100] == 0, "the tilted margin line is gone")
        #expect(ink[50, 158] > 0.5, "where the bar crosses it, the bar stays")
        let digits = DigitExtraction.extract(Self.tiltedMargin(slope: 0.055)).digits
        try #require(digits.count == 1)
        #expect(digits[0].box.height < 200, "the digit's box is the digit's, not the line's: \(digits[0].box)")
    }

    /// Review, session 28: a thin 1 cropped to the pixel and written 3° off upright runs end to
    /// end as a margin line does; alone on clean paper it is no ruled line and stays.
    @Test func aLoneThinTiltedOneStays() {
        var image = ByteImage(width: 120, height: 200, fill: 235)
        for y in 0..<200 { let x = 55 + Int((Double(y) * 0.05).rounded()); for dx in 0..<2 { image[x + dx, y] = 30 } }
        var ink = Preprocess.clean(image).ink
        _ = GridLines.remove(&ink)
        #expect(ink[55, 5] > 0.3 && ink[60, 100] > 0.3 && ink[65, 195] > 0.3, "the 1 stays")
    }

    /// A ruled page turned 5° (slope 0.09), its lines 2 px across on 600×200: one runs from
    /// side to side, one comes in through the top, one leaves through the bottom. Only the
    /// first reached both sides, and a lone tilted line stays: the three stayed, and the middle
    /// one joined the digits it crosses to the frame (session 34, red team ruled_through: "28"
    /// read "no digit found"). An 8-px bar crosses the middle line (a digit's stroke): it stays.
    @Test func tiltedLinesLeavingThroughTheTopOrBottomAreRuledLines() {
        var ink = FloatImage(width: 600, height: 200, pixels: [Float](repeating: 0, count: 600 * 200))
        func y(_ y0: Int, _ x: Int) -> Int { y0 + x * 9 / 100 }
        for y0 in [-20, 60, 150] {
            for x in 0..<600 { for d in 0..<2 where (0..<200).contains(y(y0, x) + d) { ink[x, y(y0, x) + d] = 1 } }
        }
        for x in 296..<304 { for yy in 40..<160 { ink[x, yy] = 1 } }
        let lines = ink.pixels.withUnsafeBufferPointer { TiltedLines.find($0, width: 600, height: 200, margin: 0, limit: 4, besides: []) }
        #expect(lines.filter(\.horizontal).count == 3, "three lines: \(lines.map(\.acrossRange))")
        #expect(GridLines.remove(&ink))
        #expect(ink[100, y(60, 100)] == 0 && ink[400, y(-20, 400)] == 0 && ink[200, y(150, 200)] == 0, "the lines are gone")
        #expect(ink[300, y(60, 300)] == 1 && ink[300, 100] == 1, "the bar stays, where it crosses the line too")
    }

    /// A flat stroke along the top edge (a 7's bar in a tight crop), reaching half across, is no
    /// page line: it touches the edge but does not leave through it (review, session 34).
    @Test func aFlatStrokeAlongTheEdgeIsNoTiltedLine() {
        var ink = FloatImage(width: 600, height: 200, pixels: [Float](repeating: 0, count: 600 * 200))
        for x in 0..<360 { for yy in 0..<3 { ink[x, yy] = 1 } }
        let lines = ink.pixels.withUnsafeBufferPointer { TiltedLines.find($0, width: 600, height: 200, margin: 0, limit: 4, besides: []) }
        #expect(lines.filter(\.horizontal).isEmpty, "\(lines.map(\.acrossRange))")
    }

    /// A tilted line is found once, though each of the three positions along crosses it (the
    /// check against lines already followed is now by position: review, session 28).
    @Test func aTiltedLineIsFoundOnce() {
        var px = [Float](repeating: 0, count: 200 * 256)
        for y in 0..<256 {
            let x = 60 + Int((Double(y) * 0.05).rounded())
            for dx in 0..<3 { px[y * 200 + x + dx] = 1 }
        }
        let lines = px.withUnsafeBufferPointer { TiltedLines.find($0, width: 200, height: 256, margin: 0, limit: 4, besides: []) }
        #expect(lines.filter { !$0.horizontal }.count == 1, "found, and once: \(lines.map(\.acrossRange))")
    }

    /// Hostile shapes (re-read, session 30: TiltedLines had no such test): one row, one
    /// column, a margin wider than the picture, solid ink, a checkerboard of more thin runs
    /// than `maxStarts`, noise, a buffer shorter than its stated size. Each returns, every
    /// line found lies inside the picture, and where nothing can be a line nothing is found.
    /// (Noise of a third ink is followed as lines: dense grain looks like a jittery dashed
    /// line at every step; the cleaning before it leaves no such grain.)
    @Test func hostileInkIsReadInsideThePicture() {
        var rng = SplitMix64(seed: 9)
        let cases: [(String, Int, Int, Int, Bool, (Int, Int) -> Float)] = [
            ("one row", 300, 1, 0, true, { x, _ in x % 3 == 0 ? 1 : 0 }),
            ("one column", 1, 300, 0, false, { _, y in y % 2 == 0 ? 1 : 0 }),
            ("margin wider than the picture", 40, 40, 100, true, { x, _ in x == 20 ? 1 : 0 }),
            ("solid ink", 64, 64, 0, true, { _, _ in 1 }),
            ("checkerboard", 1_100, 64, 0, false, { x, y in (x + y) % 2 == 0 ? 1 : 0 }),
            ("noise", 200, 200, 0, false, { _, _ in rng.next() % 3 == 0 ? 1 : 0 }),
        ]
        for (name, w, h, margin, none, ink) in cases {
            var px = [Float](repeating: 0, count: w * h)
            for y in 0..<h { for x in 0..<w { px[y * w + x] = ink(x, y) } }
            let lines = px.withUnsafeBufferPointer { TiltedLines.find($0, width: w, height: h, margin: margin, limit: 4, besides: []) }
            #expect(!none || lines.isEmpty, "\(name): \(lines.count) lines")
            #expect(lines.count <= 6 * TiltedLines.maxStarts, "\(name): \(lines.count) lines")
            for line in lines {
                let (along, across) = line.horizontal ? (w, h) : (h, w)
                #expect(line.spans.allSatisfy { (0..<along).contains($0.k) && $0.across.lowerBound >= 0 && $0.across.upperBound <= across },
                        "\(name): a span outside the picture")
            }
        }
        let short = [Float](repeating: 1, count: 10)
        #expect(short.withUnsafeBufferPointer { TiltedLines.find($0, width: 20, height: 20, margin: 0, limit: 4, besides: []) }.isEmpty)
    }

    @Test func aSlantedStrokeIsNoTiltedLine() {
        var ink = Preprocess.clean(Self.tiltedMargin(slope: 0.27)).ink
        _ = GridLines.remove(&ink)
        // x = 40 + 0.27 y, 3 px on.
        #expect(ink[44, 10] > 0.3 && ink[73, 120] > 0.3 && ink[103, 230] > 0.3, "a stroke at 15° stays")
    }
}

extension GridLinesTests {
    /// A faint blurred line 3 px thick whose edge rows are inked only in broken stretches (each
    /// shorter than a line's length): only its middle row is a run. Its edges go with it, or
    /// they join every digit the line crosses into one piece (red team, ruled_through 14244:
    /// "no digit found").
    @Test func aLinesBrokenEdgesGoWithIt() {
        var ink = FloatImage(width: 200, height: 60, pixels: [Float](repeating: 0, count: 12_000))
        for x in 0..<200 {
            ink.pixels[30 * 200 + x] = 1
            if x % 40 < 30 { ink.pixels[29 * 200 + x] = 0.5 }        // upper edge, broken
            if (x + 20) % 40 < 30 { ink.pixels[31 * 200 + x] = 0.5 } // lower edge, broken
        }
        for y in 10..<50 { for x in 100..<108 { ink.pixels[y * 200 + x] = 1 } } // a stroke crossing it
        #expect(GridLines.remove(&ink))
        let left = (0..<200).filter { x in !(100..<108).contains(x) && (29...31).contains { ink.pixels[$0 * 200 + x] > 0 } }
        #expect(left.isEmpty, "the line's edges are gone too (left at \(left.prefix(8)))")
        #expect((10..<50).allSatisfy { ink.pixels[$0 * 200 + 103] == 1 }, "the stroke crossing it stays whole")
    }
}
