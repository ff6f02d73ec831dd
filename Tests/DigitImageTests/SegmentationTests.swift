import Foundation
import DigitModel
import Testing
@testable import DigitImage

/// Issue 15, items 3 and 4: one digit split in two, two digits merged, and lines of digits.
/// Every fixture is drawn here with a round pen, dark on white paper.
@Suite struct SegmentationTests {
    typealias Point = (Float, Float)

    /// Polylines in a unit box placed at `rect` (x, y, width, height in pixels) on `canvas`.
    static func draw(_ polylines: [[Point]], in rect: (Float, Float, Float, Float), pen: Float, on canvas: inout [Float], size: (Int, Int)) {
        let (w, h) = size
        var square = [Float](repeating: 0, count: max(w, h) * max(w, h))
        for line in polylines {
            for (p, q) in zip(line, line.dropFirst()) {
                StrokeDigits.line((rect.0 + p.0 * rect.2, rect.1 + p.1 * rect.3), (rect.0 + q.0 * rect.2, rect.1 + q.1 * rect.3),
                                  radius: pen / 2, size: max(w, h), into: &square)
            }
        }
        for y in 0..<h { for x in 0..<w { canvas[y * w + x] = max(canvas[y * w + x], square[y * max(w, h) + x]) } }
    }

    static func image(_ canvas: [Float], _ w: Int, _ h: Int) -> ByteImage {
        ByteImage(width: w, height: h, pixels: canvas.map { UInt8(250 - min(1, $0) * 220) })
    }

    /// An ellipse in the unit box from angle `from` to `to` (degrees, 0 at the right, clockwise).
    static func arc(from: Float, to: Float) -> [Point] {
        stride(from: from, through: to, by: 4).map { a in
            let r = a * .pi / 180
            return (0.5 + 0.5 * cos(r), 0.5 + 0.5 * sin(r))
        }
    }

    /// The boxy digits of `StrokeDigits` as polylines.
    static func boxy(_ digit: Int) -> [[Point]] { StrokeDigits.strokes(digit, style: .boxy).map { [$0.0, $0.1] } }

    @Test func ringBrokenIntoStackedArcsIsOneDigit() {
        let (w, h) = (200, 220)
        var canvas = [Float](repeating: 0, count: w * h)
        // The faint sides dropped out: a top arc and a bottom arc, 20° gaps at left and right.
        Self.draw([Self.arc(from: 190, to: 350), Self.arc(from: 10, to: 170)], in: (50, 30, 100, 160), pen: 10, on: &canvas, size: (w, h))
        let s = DigitExtraction.extract(Self.image(canvas, w, h))
        #expect(s.digits.count == 1, "boxes \(s.digits.map(\.box))")
    }

    @Test func twoRingsBrokenAcrossAreTwoDigitsOnOneLine() {
        let (w, h) = (320, 220)
        var canvas = [Float](repeating: 0, count: w * h)
        let arcs = [Self.arc(from: 190, to: 350), Self.arc(from: 10, to: 170)]
        Self.draw(arcs, in: (40, 30, 100, 160), pen: 10, on: &canvas, size: (w, h))
        Self.draw(arcs, in: (180, 30, 100, 160), pen: 10, on: &canvas, size: (w, h))
        let s = DigitExtraction.extract(Self.image(canvas, w, h))
        #expect(s.digits.count == 2, "boxes \(s.digits.map(\.box))")
        #expect(s.digits.allSatisfy { $0.line == 0 })
    }

    @Test func oneDigitAboveAnotherIsTwoLines() {
        let (w, h) = (200, 420)
        var canvas = [Float](repeating: 0, count: w * h)
        Self.draw(Self.boxy(1), in: (60, 30, 70, 150), pen: 9, on: &canvas, size: (w, h))
        Self.draw([Self.arc(from: 0, to: 360)], in: (55, 250, 90, 150), pen: 9, on: &canvas, size: (w, h))
        let s = DigitExtraction.extract(Self.image(canvas, w, h))
        #expect(s.digits.map(\.line) == [0, 1], "boxes \(s.digits.map(\.box))")
    }

    @Test func openFourOfTwoOverlappingStrokesIsOneDigit() {
        let (w, h) = (200, 220)
        var canvas = [Float](repeating: 0, count: w * h)
        // Left stroke down, across and down the stem; the right stroke apart from it, overlapping
        // its columns by about 40 % of its own width (4_308 of MNIST's test set, photographed).
        let left: [Point] = [(0.30, 0.05), (0.22, 0.55), (0.62, 0.55)]
        let stem: [Point] = [(0.55, 0.55), (0.52, 1.0)]
        let right: [Point] = [(0.80, 0.0), (0.55, 0.42)]
        Self.draw([left, stem, right], in: (40, 20, 120, 180), pen: 9, on: &canvas, size: (w, h))
        let s = DigitExtraction.extract(Self.image(canvas, w, h))
        #expect(s.digits.count == 1, "boxes \(s.digits.map(\.box))")
    }

    @Test func smallFlatDigitBesideBigOnesStaysADigit() {
        let (w, h) = (520, 200)
        var canvas = [Float](repeating: 0, count: w * h)
        for (i, d) in [3, 7, 4].enumerated() { Self.draw(Self.boxy(d), in: (Float(30 + 120 * i), 30, 70, 130), pen: 9, on: &canvas, size: (w, h)) }
        // The 6: 45 % of the others' height, wider than tall, sitting on the line.
        Self.draw(Self.boxy(6), in: (390, 100, 75, 58), pen: 8, on: &canvas, size: (w, h))
        let s = DigitExtraction.extract(Self.image(canvas, w, h))
        #expect(s.digits.count == 4, "boxes \(s.digits.map(\.box))")
        #expect(s.digits.map(\.box.x) == s.digits.map(\.box.x).sorted())
    }

    @Test func twoTouchingDigitsAreCutApart() {
        let (w, h) = (260, 200)
        var canvas = [Float](repeating: 0, count: w * h)
        // A boxy 2 whose base runs on into the 3: one piece 1.6 times as wide as tall, joined
        // only by that one stroke.
        Self.draw(Self.boxy(2) + [[(1.0, 1.0), (1.45, 1.0)]], in: (30, 30, 80, 140), pen: 10, on: &canvas, size: (w, h))
        Self.draw(Self.boxy(3), in: (146, 30, 80, 140), pen: 10, on: &canvas, size: (w, h))
        let s = DigitExtraction.extract(Self.image(canvas, w, h))
        #expect(s.digits.count == 2, "boxes \(s.digits.map(\.box))")
        if s.digits.count == 2 { #expect(s.digits[0].box.x + s.digits[0].box.width <= s.digits[1].box.x + 10) }
    }

    /// "12" above "34" (digits 130 px tall from row 30), the lower line from row `lowerY`,
    /// shifted right by `shift`, read.
    static func twelveAboveThirtyFour(_ w: Int, _ h: Int, lowerY: Float, shift: Float) -> Segmentation {
        var canvas = [Float](repeating: 0, count: w * h)
        for (i, d) in [1, 2].enumerated() { draw(boxy(d), in: (Float(40 + 110 * i), 30, 70, 130), pen: 9, on: &canvas, size: (w, h)) }
        for (i, d) in [3, 4].enumerated() { draw(boxy(d), in: (Float(40 + 110 * i) + shift, lowerY, 70, 130), pen: 9, on: &canvas, size: (w, h)) }
        return DigitExtraction.extract(image(canvas, w, h))
    }

    @Test func twoLinesAreReadLineByLine() {
        // The lower line shifted right a little.
        let s = Self.twelveAboveThirtyFour(300, 400, lowerY: 220, shift: 20)
        guard s.digits.count == 4 else { Issue.record("4 digits expected, boxes \(s.digits.map(\.box))"); return }
        #expect(s.digits.map(\.line) == [0, 0, 1, 1])
        #expect(s.digits.map(\.box.y).prefix(2).allSatisfy { $0 < 200 } && s.digits.map(\.box.y).suffix(2).allSatisfy { $0 > 200 })
        #expect(s.digits[0].box.x < s.digits[1].box.x && s.digits[2].box.x < s.digits[3].box.x)
    }

    @Test func aDetachedBarGoesWithTheLineItIsNearest() {
        let (w, h) = (320, 420)
        var canvas = [Float](repeating: 0, count: w * h)
        // "17" above "55"; the first 5's bar stands apart, just above its body and below the 7.
        for (i, d) in [1, 7].enumerated() { Self.draw(Self.boxy(d), in: (Float(40 + 110 * i), 30, 70, 130), pen: 9, on: &canvas, size: (w, h)) }
        let bar: [Point] = [(0.0, 0.0), (1.0, 0.0)], body: [Point] = [(0.0, 0.18), (0.0, 0.5), (1.0, 0.5), (1.0, 1.0), (0.0, 1.0)]
        Self.draw([bar, body], in: (130, 240, 70, 130), pen: 9, on: &canvas, size: (w, h))
        Self.draw(Self.boxy(5), in: (230, 240, 70, 130), pen: 9, on: &canvas, size: (w, h))
        let s = DigitExtraction.extract(Self.image(canvas, w, h))
        guard s.digits.count == 4 else { Issue.record("4 digits expected, boxes \(s.digits.map(\.box))"); return }
        #expect(s.digits.map(\.line) == [0, 0, 1, 1])
        // The 7 keeps to its line; the 5 has its bar.
        #expect(s.digits[1].box.y + s.digits[1].box.height < 200, "boxes \(s.digits.map(\.box))")
        #expect(s.digits[2].box.y < 245, "boxes \(s.digits.map(\.box))")
    }

    @Test func twoRowsWrittenCloseAreTwoLines() {
        // A fifth of a digit's height apart, the lower line shifted by half a digit.
        let s = Self.twelveAboveThirtyFour(340, 340, lowerY: 200, shift: 40)
        guard s.digits.count == 4 else { Issue.record("4 digits expected, boxes \(s.digits.map(\.box))"); return }
        #expect(s.digits.map(\.line) == [0, 0, 1, 1])
    }

    @Test func twoRowsWrittenColumnForColumnAreTwoLines() {
        // Walkthrough, session 25: "12" right above "34", a tenth of a digit's height apart
        // (the pen's width taken off), read as one line whose stacked digits merged ("13").
        let s = Self.twelveAboveThirtyFour(300, 340, lowerY: 186, shift: 0)
        guard s.digits.count == 4 else { Issue.record("4 digits expected, boxes \(s.digits.map(\.box))"); return }
        #expect(s.digits.map(\.line) == [0, 0, 1, 1])
    }

    @Test func narrowSevensBrokenAtTheMiddleStayOneLine() {
        let (w, h) = (330, 200)
        var canvas = [Float](repeating: 0, count: w * h)
        // Review: narrow 7s whose faint middles dropped out leave a top and a bottom piece each
        // at least as tall as wide, standing over each other a fifth of a piece apart, as two
        // rows of whole digits do; together they are one digit's box, 3.3 times as tall as wide.
        for i in 0..<3 {
            Self.draw([[(0.0, 0.0), (1.0, 0.0), (0.72, 0.42)], [(0.62, 0.58), (0.1, 1.0)]], in: (Float(40 + 100 * i), 30, 32, 130),
                      pen: 9, on: &canvas, size: (w, h))
        }
        let s = DigitExtraction.extract(Self.image(canvas, w, h))
        #expect(s.digits.allSatisfy { $0.line == 0 }, "boxes \(s.digits.map(\.box)) lines \(s.digits.map(\.line))")
    }

    @Test func onesBrokenAtTheMiddleStayOneLine() {
        let (w, h) = (300, 240)
        var canvas = [Float](repeating: 0, count: w * h)
        // Three 1s whose faint middles dropped out: their halves stand over each other, as close
        // as two lines written close together, but they are one line of three digits.
        for i in 0..<3 {
            Self.draw([[(0.5, 0.0), (0.5, 0.42)], [(0.5, 0.58), (0.5, 1.0)]], in: (Float(50 + 80 * i), 30, 40, 180), pen: 10, on: &canvas, size: (w, h))
        }
        let s = DigitExtraction.extract(Self.image(canvas, w, h))
        #expect(s.digits.count == 3, "boxes \(s.digits.map(\.box))")
        #expect(s.digits.allSatisfy { $0.line == 0 })
    }

    @Test func aSevenWithADetachedBarIsOneLine() {
        let (w, h) = (200, 220)
        var canvas = [Float](repeating: 0, count: w * h)
        // The bar above, apart from the stroke: flat, so not a line of its own.
        Self.draw([[(0.0, 0.0), (1.0, 0.0)], [(0.95, 0.12), (0.4, 1.0)]], in: (50, 30, 100, 160), pen: 9, on: &canvas, size: (w, h))
        let s = DigitExtraction.extract(Self.image(canvas, w, h))
        #expect(s.digits.count == 1, "boxes \(s.digits.map(\.box))")
        #expect(s.digits.allSatisfy { $0.line == 0 })
    }
}

extension SegmentationTests {
    /// Two rings 70 px tall and a bar 44 px tall, written small on a 640×560 page. The bar is a
    /// digit beside the rings in the image as it is and inside a margin of paper alike: the
    /// margin (70 px a side) must not raise the least extent of a digit (measured on the
    /// padded picture it became 55 px, the bar a speck, and that reading won as the one with
    /// fewer digits: red team, two lines, a digit missing in 8 of 100).
    @Test func aSmallDigitIsNoSpeckInsideTheMargin() {
        var image = ByteImage(width: 640, height: 560, fill: 235)
        for y in 0..<560 {
            for x in 0..<640 {
                for cx in [200.0, 300.0] {
                    let dx = Double(x) - cx, dy = Double(y) - 280, r = (dx * dx / 0.5 + dy * dy).squareRoot()
                    if abs(r - 32) < 3.5 { image[x, y] = 30 }
                }
                if x >= 400 && x < 406 && y >= 290 && y < 334 { image[x, y] = 30 }
            }
        }
        let plain = DigitExtraction.extract(image).digits
        let padded = DigitExtraction.extractPadded(image, shown: image).digits
        #expect(plain.count == 3, "as it is: \(plain.map(\.box))")
        #expect(padded.count == 3, "inside a margin: \(padded.map(\.box))")
        // The control: the padded picture split as if the margin were picture loses the bar.
        let m = FramePadding.margin(image.width, image.height)
        let framed = FramePadding.padded(image, margin: m, darkInk: true)
        let (cleaned, levels) = Preprocess.clean(framed, blockScale: Segment.blockScale(framed.width, framed.height))
        #expect(Segment.split(cleaned, ink: levels).digits.count == 2, "without the margin known, the bar is a speck")
        #expect(Segment.split(cleaned, ink: levels, margin: m).digits.count == 3)
    }
}
