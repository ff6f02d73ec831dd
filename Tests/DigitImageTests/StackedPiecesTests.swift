import Testing
@testable import DigitImage

/// Issue 15 item 3: the pieces of one digit lying one above the other are one digit, not two
/// digits or two lines, and a piece too small to be a digit's own joins the piece it lies on.
/// The boxes are the label-grid boxes of red-team images read wrong before (thin_canvas/1_87
/// "11", 3_11 "71", 3_84 "72"; two_lines/3982_23 "7982").
@Suite struct StackedPiecesTests {
    static func piece(_ x: Int, _ y: Int, _ w: Int, _ h: Int) -> Segment.Component {
        Segment.Component(pixels: [], box: Box(x: x, y: y, width: w, height: h))
    }

    /// A thin-pen 1 with a gap, drawn slanting (the lower half left of the upper, sharing no
    /// column): one digit. The same strokes side by side, as "11" is written, stay two.
    @Test func slantedHalvesOfAOneAreOneDigit() {
        #expect(Segment.belongTogether(Box(x: 108, y: 1, width: 4, height: 55), Box(x: 98, y: 62, width: 10, height: 53)))
        // A square 3's top stroke beside the corner of its bowl, two columns apart.
        #expect(Segment.belongTogether(Box(x: 112, y: 14, width: 3, height: 62), Box(x: 40, y: 72, width: 70, height: 63)))
        #expect(!Segment.belongTogether(Box(x: 98, y: 5, width: 6, height: 55), Box(x: 110, y: 8, width: 6, height: 55)))
        // Two digits of a line, one set a little higher, share most of their rows.
        #expect(!Segment.belongTogether(Box(x: 10, y: 0, width: 30, height: 50), Box(x: 42, y: 20, width: 30, height: 50)))
        // Review 35: a 7 above a 4 set just clear of its columns, one digit to a line, stays two.
        #expect(!Segment.belongTogether(Box(x: 0, y: 0, width: 30, height: 50), Box(x: 32, y: 60, width: 30, height: 50)))
        // The 1's halves further apart than a sixteenth of their height stay two.
        #expect(!Segment.belongTogether(Box(x: 108, y: 1, width: 4, height: 55), Box(x: 80, y: 62, width: 10, height: 53)))
    }

    /// End to end: the slanted 1 drawn with a 2 px pen on white, a 7 px gap halfway down.
    @Test func thinOneWithAGapReadsAsOneDigit() {
        func onSegment(_ x: Int, _ y: Int, _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Bool {
            let dx = x1 - x0, dy = y1 - y0
            let t = max(0, min(1, ((Double(x) - x0) * dx + (Double(y) - y0) * dy) / (dx * dx + dy * dy)))
            let px = x0 + t * dx - Double(x), py = y0 + t * dy - Double(y)
            return px * px + py * py <= 1.1
        }
        let image = NoiseRejectionTests.image(280, 280) { x, y, _ in
            onSegment(x, y, 222, 6, 218, 110) || onSegment(x, y, 214, 124, 198, 228) ? 0 : 255
        }
        let digits = DigitExtraction.extract(image).digits
        #expect(digits.count == 1, "boxes \(digits.map(\.box))")
    }

    /// A 3 whose top stroke meets its bowl at a point, the bowl's lower tail broken off: the
    /// tail does not make the bowl a line of its own below the top stroke.
    @Test func brokenThreeIsOneLine() {
        let top = Self.piece(35, 18, 47, 44), bowl = Self.piece(57, 63, 43, 71), tail = Self.piece(41, 114, 23, 20)
        #expect(TextLines.group([top, bowl, tail]).count == 1)
        // Two lines of two digits each, a third of a line apart, stay two lines.
        let lines = [Self.piece(10, 0, 30, 50), Self.piece(50, 0, 30, 50), Self.piece(12, 66, 30, 50), Self.piece(52, 66, 30, 50)]
        #expect(TextLines.group(lines).count == 2)
        // Review 35: a 4 whose bar is written apart above a 7 on a line of its own: two lines.
        #expect(TextLines.group([Self.piece(10, 0, 30, 50), Self.piece(20, 60, 30, 6), Self.piece(35, 64, 10, 48)]).count == 2)
    }

    /// The separately written top hook of a 3, smaller than a piece must be, lies on the rest
    /// of the 3 and joins it; grain, or a speck standing apart, does not.
    @Test func hookOfAThreeJoinsItsDigit() {
        let lower = Self.piece(56, 54, 10, 15)
        let joined = Segment.withSpeckParts([lower], specks: [Self.piece(60, 48, 7, 7)], minExtent: 12)
        #expect(joined.first?.box == Box(x: 56, y: 48, width: 11, height: 21))
        #expect(Segment.withSpeckParts([lower], specks: [Self.piece(60, 40, 7, 7)], minExtent: 12).first?.box == lower.box)
        #expect(Segment.withSpeckParts([lower], specks: [Self.piece(60, 50, 3, 4)], minExtent: 12).first?.box == lower.box)
        // A sliver a line's removal left below it stays apart (a 3 on a notebook page read 6).
        #expect(Segment.withSpeckParts([lower], specks: [Self.piece(57, 66, 2, 14)], minExtent: 12).first?.box == lower.box)
    }
}
