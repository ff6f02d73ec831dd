import Testing
@testable import DigitImage

/// A 1 written against a 0 is one piece of ink too narrow for `splitWide` ("01" read as one
/// digit: issue #15); the piece comes with its readings as two (`TouchingCuts`), only cuts
/// that leave two parts of a digit's height are offered, a part wide enough has readings of its
/// own (three digits in one piece), and two loops side by side are seen (`SideBySideHoles`).
@Suite struct TouchingDigitsTests {
    typealias Point = SegmentationTests.Point

    /// The digits found, each cut and its loops found, parts in turn, as the recognizer may for
    /// a chosen reading's pieces (`cut` false: as segmentation leaves them).
    static func extract(_ parts: [([[Point]], (Float, Float, Float, Float))], size: (Int, Int), cut: Bool = true) -> [DigitSample] {
        var canvas = [Float](repeating: 0, count: size.0 * size.1)
        for (lines, rect) in parts { SegmentationTests.draw(lines, in: rect, pen: 10, on: &canvas, size: size) }
        let digits = DigitExtraction.extract(SegmentationTests.image(canvas, size.0, size.1)).digits
        return cut ? digits.map(opened) : digits
    }

    static func opened(_ sample: DigitSample) -> DigitSample {
        var d = sample
        d.findLoops()
        d.cutAsTouching()
        d.alternatives = d.alternatives.map { $0.map(opened) }
        return d
    }

    @Test func segmentationKeepsTheInkAndCutsNothing() {
        // Every candidate segmentation is read, one chosen: cutting there is the recognizer's
        // job, for the chosen reading's pieces only (3.6 times slower `predict` otherwise).
        let pair = Self.extract([([[(0.5, 0), (0.5, 1)]], (40, 40, 0, 120)), ([Self.ring], (46, 40, 80, 120))], size: (200, 200), cut: false)
        #expect(pair.count == 1 && pair.allSatisfy { $0.touchingInk != nil && $0.alternatives.isEmpty && $0.loops.isEmpty })
        let one = Self.extract([([[(0.5, 0), (0.5, 1)]], (90, 40, 0, 120))], size: (200, 200), cut: false)
        #expect(one.count == 1 && one.allSatisfy { $0.touchingInk == nil }, "a lone 1 is too narrow to be two")
    }

    static let ring = SegmentationTests.arc(from: 0, to: 360)

    @Test func aOneAgainstARingIsOfferedAsTwo() {
        // A 1 at x 40, a ring from x 46 to 126: their strokes (10 px) overlap.
        let digits = Self.extract([([[(0.5, 0), (0.5, 1)]], (40, 40, 0, 120)), ([Self.ring], (46, 40, 80, 120))], size: (200, 200))
        #expect(digits.count == 1, "boxes \(digits.map(\.box))")
        guard let piece = digits.first else { return }
        // Some cut leaves the 1 alone on the left: a part as narrow as its stroke, the ring whole.
        let apart = piece.alternatives.contains { two in
            two.count == 2 && two[0].box.width <= 20 && two[1].box.width >= 70
        }
        #expect(apart, "readings \(piece.alternatives.map { $0.map(\.box) })")
        #expect(!piece.loopsSideBySide, "one ring and a stroke are one loop")
    }

    @Test func aLoneOneHasNoReadingAsTwo() {
        let digits = Self.extract([([[(0.5, 0), (0.5, 1)]], (90, 40, 0, 120))], size: (200, 200))
        #expect(digits.count == 1 && digits.allSatisfy { $0.alternatives.isEmpty })
    }

    @Test func aPartShorterThanTheDigitIsNoDigit() {
        // An open 4: its left stroke reaches down only to the bar, 0.55 of the height. A cut
        // beside it leaves that stroke alone, no digit of this line's height.
        let four: [[Point]] = [[(0, 0), (0, 0.55), (1, 0.55)], [(0.7, 0), (0.7, 1)]]
        let digits = Self.extract([(four, (40, 40, 100, 120))], size: (200, 200))
        #expect(digits.count == 1, "boxes \(digits.map(\.box))")
        guard let piece = digits.first else { return }
        #expect(!piece.alternatives.isEmpty, "a 4 this wide may be two digits")
        let shortest = piece.alternatives.flatMap { $0 }.map(\.box.height).min() ?? 0
        #expect(shortest * 5 >= piece.box.height * 4, "readings \(piece.alternatives.map { $0.map(\.box) })")
    }

    @Test func twoRingsSideBySideAreTwoLoops() {
        // "00" written so close that the rings overlap by a stroke: one piece with two loops.
        let digits = Self.extract([([Self.ring], (30, 50, 70, 100)), ([Self.ring], (92, 50, 70, 100))], size: (200, 200))
        #expect(digits.count == 1, "boxes \(digits.map(\.box))")
        #expect(digits.first?.loopsSideBySide == true)
    }

    @Test func anEightsLoopsAreStackedNotSideBySide() {
        // A wide 8 drawn as two flat rings, one on the other: wide enough to be cut, and its
        // two loops found, but stacked.
        let digits = Self.extract([([Self.ring], (45, 20, 110, 80)), ([Self.ring], (45, 96, 110, 80))], size: (200, 200))
        #expect(digits.count == 1, "boxes \(digits.map(\.box))")
        guard let piece = digits.first else { return }
        #expect(!piece.alternatives.isEmpty && piece.loops.count == 2, "loops \(piece.loops)")
        #expect(!piece.loopsSideBySide)
    }

    @Test func threeRingsInOnePieceAreCutTwice() {
        // "000" touching: a part of the first cut is two rings and is cut again.
        let digits = Self.extract([([Self.ring], (10, 60, 60, 80)), ([Self.ring], (62, 60, 60, 80)), ([Self.ring], (114, 60, 60, 80))], size: (200, 200))
        #expect(digits.count == 1, "boxes \(digits.map(\.box))")
        guard let piece = digits.first else { return }
        let cutAgain = piece.alternatives.contains { two in two.contains { !$0.alternatives.isEmpty && $0.loopsSideBySide } }
        #expect(cutAgain, "readings \(piece.alternatives.map { $0.map(\.box) })")
    }

    @Test func aLargePiecesPartsAreWhereTheirInkIs() {
        // "000" touching, 240 pixels tall: cut on a copy shrunk to under 160 rows, and each
        // part cut again; every part's box is in the image's pixels, inside its parent's, and
        // the two parts of a cut span most of it.
        let digits = Self.extract([([Self.ring], (30, 100, 180, 240)), ([Self.ring], (186, 100, 180, 240)), ([Self.ring], (342, 100, 180, 240))], size: (560, 460))
        #expect(digits.count == 1, "boxes \(digits.map(\.box))")
        guard let piece = digits.first else { return }
        func inside(_ a: Box, _ b: Box) -> Bool { a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height }
        var nested = 0
        for two in piece.alternatives {
            for part in two {
                #expect(inside(part.box, piece.box), "\(part.box) in \(piece.box)")
                for pair in part.alternatives {
                    nested += 1
                    #expect(pair.allSatisfy { inside($0.box, part.box) }, "\(pair.map(\.box)) in \(part.box)")
                    #expect(pair.map(\.box.width).reduce(0, +) * 10 >= part.box.width * 8, "\(pair.map(\.box)) of \(part.box)")
                }
            }
        }
        #expect(nested > 0, "a part two rings wide is cut again")
    }

    @Test func holesAreFoundWithTheirBoxes() {
        // Two 3x3 holes in a 9x5 block of ink, side by side; then one stacked above another.
        var side = FloatImage(width: 9, height: 5, fill: 1)
        for y in 1...3 { for x in [1, 2, 3, 5, 6, 7] { side.pixels[y * 9 + x] = 0 } }
        let holes = SideBySideHoles.holes(side)
        #expect(holes.count == 2 && SideBySideHoles.sideBySide(holes), "\(holes)")
        var stacked = FloatImage(width: 5, height: 9, fill: 1)
        for y in [1, 2, 3, 5, 6, 7] { for x in 1...3 { stacked.pixels[y * 5 + x] = 0 } }
        let two = SideBySideHoles.holes(stacked)
        #expect(two.count == 2 && !SideBySideHoles.sideBySide(two), "\(two)")
    }

    @Test func anEightsCrossedUpperLoopIsNotTwoDigits() {
        // Two loops side by side with a third under both: an 8 whose upper loop a stroke
        // crossed. Without the third, or with it under one only, they are two digits' loops.
        let left = Box(x: 8, y: 7, width: 34, height: 62), right = Box(x: 40, y: 10, width: 39, height: 54)
        #expect(!SideBySideHoles.sideBySide([left, right, Box(x: 9, y: 70, width: 83, height: 61)]))
        #expect(SideBySideHoles.sideBySide([left, right]))
        #expect(SideBySideHoles.sideBySide([left, right, Box(x: 45, y: 70, width: 30, height: 61)]))
    }

    @Test func aThinSlitBesideALoopIsNotASecondDigit() {
        // A 0 whose side was drawn twice: a slit a fifth as wide as the loop beside it.
        #expect(!SideBySideHoles.sideBySide([Box(x: 23, y: 10, width: 43, height: 67), Box(x: 10, y: 20, width: 8, height: 42)]))
    }

    @Test func aCrescentInsideARingIsNotASecondDigit() {
        // MNIST 0s whose stroke ran on inside the ring (test images 3624, 4923 drawn as a two
        // lines number's digit): a crescent 0.35 and 0.41 as wide as the loop beside it; read
        // whole at 100 %, they were cut as "10" and "00".
        #expect(!SideBySideHoles.sideBySide([Box(x: 57, y: 32, width: 75, height: 82), Box(x: 31, y: 40, width: 26, height: 76)]))
        #expect(!SideBySideHoles.sideBySide([Box(x: 55, y: 15, width: 69, height: 80), Box(x: 16, y: 40, width: 28, height: 50)]))
        // Two digits' loops: an 8's lower loop beside a 6's (red team touching 86_2).
        #expect(SideBySideHoles.sideBySide([Box(x: 59, y: 50, width: 30, height: 44), Box(x: 10, y: 67, width: 36, height: 38)]))
    }
}
