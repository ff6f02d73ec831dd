import Testing
@testable import DigitImage

/// A dash is no digit: alone it is "no digit found" (a drawn dash was read "2" at 96 %), and
/// between digits ("12-34") it is left out instead of joining a digit; the separate bar of a
/// 7 and the flag of a 5 written apart stay their digits' parts.
@Suite struct DashTests {
    typealias Point = SegmentationTests.Point
    static let one: [[Point]] = [[(0.5, 0), (0.5, 1)]]
    static let dash: [[Point]] = [[(0, 0.5), (1, 0.5)]]

    static func extract(_ parts: [([[Point]], (Float, Float, Float, Float))], size: (Int, Int)) -> [DigitSample] {
        var canvas = [Float](repeating: 0, count: size.0 * size.1)
        for (lines, rect) in parts { SegmentationTests.draw(lines, in: rect, pen: 10, on: &canvas, size: size) }
        return DigitExtraction.extract(SegmentationTests.image(canvas, size.0, size.1)).digits
    }

    @Test func aDashAloneIsNoDigit() {
        #expect(Self.extract([(Self.dash, (40, 100, 120, 0))], size: (200, 200)).isEmpty)
    }

    @Test func aDashBetweenDigitsIsLeftOut() {
        // 1, a dash as wide as a digit at mid-height, 1: two digits, each of a 1's width.
        let digits = Self.extract([(Self.one, (40, 40, 20, 120)), (Self.dash, (100, 100, 60, 0)), (Self.one, (200, 40, 20, 120))], size: (260, 200))
        #expect(digits.count == 2, "boxes \(digits.map(\.box))")
        #expect(digits.allSatisfy { $0.box.width < 40 }, "boxes \(digits.map(\.box))")
    }

    @Test func aBarOrAFlagWrittenApartStaysWithItsDigit() {
        // A 7's bar above its stem, sharing its columns; a 5's flag at the top, right of its body.
        let seven = Self.extract([([[(0.2, 0), (1, 0)]], (40, 40, 120, 0)), ([[(0.9, 0.05), (0.4, 1)]], (40, 50, 120, 120))], size: (200, 200))
        #expect(seven.count == 1 && (seven.first?.box.width ?? 0) > 90, "boxes \(seven.map(\.box))")
        let body: [[Point]] = [[(0.1, 0), (0.05, 0.4), (0.6, 0.45), (0.8, 0.7), (0.5, 1), (0, 0.9)]]
        let five = Self.extract([(body, (40, 40, 80, 130)), (Self.dash, (130, 38, 50, 0))], size: (220, 200))
        #expect(five.count == 1 && (five.first?.box.width ?? 0) > 120, "boxes \(five.map(\.box))")
        // The same 5 after a 1 written higher (a slanting line): its flag lies in the middle of
        // the rows the line spans, but not between two digits (review).
        let fifteen = Self.extract([(Self.one, (40, 0, 20, 110)), (body, (100, 45, 80, 130)), (Self.dash, (190, 43, 50, 0))], size: (280, 200))
        #expect(fifteen.count == 2 && (fifteen.last?.box.width ?? 0) > 120, "boxes \(fifteen.map(\.box))")
    }
}
