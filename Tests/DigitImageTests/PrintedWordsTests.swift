import Testing
@testable import DigitImage

/// Printed words beside a number are no digits (walkthrough 36): "Amount:" before 1250 joined
/// the 1 as small pieces (read 2), "Postcode:" above a form's boxes became a first digit (read
/// 7). Small pieces far from every digit are left out; a line of print flat as a word is dropped.
/// A digit's own small part (a 7's bar, a 5's flag) stays: DashTests.
@Suite struct PrintedWordsTests {
    typealias Point = SegmentationTests.Point
    static let one: [[Point]] = [[(0.5, 0), (0.5, 1)]]
    static let zero: [[Point]] = [[(0.5, 0), (1, 0.3), (1, 0.7), (0.5, 1), (0, 0.7), (0, 0.3), (0.5, 0)]]
    /// A small printed letter: a box-like o.
    static let letter: [[Point]] = [[(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]]

    static func extract(_ parts: [([[Point]], (Float, Float, Float, Float))], size: (Int, Int), pen: Float = 10) -> [DigitSample] {
        var canvas = [Float](repeating: 0, count: size.0 * size.1)
        for (lines, rect) in parts { SegmentationTests.draw(lines, in: rect, pen: pen, on: &canvas, size: size) }
        return DigitExtraction.extract(SegmentationTests.image(canvas, size.0, size.1)).digits
    }

    @Test func smallLettersFarBeforeTheNumberAreLeftOut() {
        // Four letters 24 px tall, then 60 px of paper, then 1 and 0 120 px tall.
        var parts: [([[Point]], (Float, Float, Float, Float))] = (0..<4).map { (Self.letter, (Float(20 + 30 * $0), 120, 18, 24)) }
        parts += [(Self.one, (200, 40, 20, 120)), (Self.zero, (260, 40, 70, 120))]
        let digits = Self.extract(parts, size: (360, 200), pen: 5)
        #expect(digits.count == 2, "boxes \(digits.map(\.box))")
        #expect(digits.allSatisfy { $0.box.x >= 180 }, "no letter joined the 1: \(digits.map(\.box))")
    }

    /// (The third-of-the-height filter drops such a word too; the walkthrough's "Postcode:" was
    /// wider than half the digits' height, which that filter keeps.)
    @Test func aLineOfPrintAboveTheNumberIsNoDigit() {
        // A word 45 px tall and 200 wide (a third of the digits' height and more, so not a
        // fragment) on its own line above 1 0.
        let word: [[Point]] = [[(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)], [(0, 0.5), (1, 0.5)]]
        let digits = Self.extract([(word, (20, 10, 200, 45)), (Self.one, (100, 100, 20, 120)), (Self.zero, (160, 100, 70, 120))], size: (260, 250), pen: 5)
        #expect(digits.count == 2, "boxes \(digits.map(\.box))")
        #expect(digits.allSatisfy { $0.box.y >= 80 }, "the word is no digit: \(digits.map(\.box))")
    }

    @Test func aSmallDigitNearTheOthersStays() {
        // A flat 0 half as tall beside a 1, as in "10" written with a small 0: two digits.
        let digits = Self.extract([(Self.one, (40, 40, 20, 120)), (Self.zero, (90, 100, 60, 60))], size: (200, 200))
        #expect(digits.count == 2, "boxes \(digits.map(\.box))")
    }
}
