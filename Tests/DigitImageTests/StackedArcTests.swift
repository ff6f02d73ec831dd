import Testing
@testable import DigitImage

/// Issue 15 (faint rings): a ring whose faint sides dropped out leaves its top and bottom as two
/// arcs stacked one above the other, further apart than half an arc's height. They share their
/// columns and together are shaped like one digit (at most twice as tall as wide), so they are
/// one digit, not "0" read as two digits on top of each other ("64", "63" on the dev photos).
@Suite struct StackedArcTests {
    /// An upright ring (outer semi-axes 45 × 75 px, stroke 11 px) on paper at 225 with ink at 45
    /// and grain, of which only the parts more than 0.3 of the way from the middle row to the
    /// top or bottom are drawn: a 49-px-high arc above, another below, 45 px apart.
    static func ringWithoutSides(seed: UInt64) -> ByteImage {
        NoiseRejectionTests.image(180, 220, seed: seed) { x, y, r in
            let dx = Double(x) - 90, dy = Double(y) - 110
            let outer = (dx * dx) / (45 * 45) + (dy * dy) / (75 * 75)
            let inner = (dx * dx) / (34 * 34) + (dy * dy) / (64 * 64)
            let ink = outer <= 1 && inner >= 1 && abs(dy) >= 0.3 * 75
            return (ink ? 45 : 225) + NoiseRejectionTests.gauss(&r, 3)
        }
    }

    @Test(arguments: [1, 2, 3] as [UInt64]) func arcsOfARingWithoutSidesAreOneDigit(seed: UInt64) {
        let digits = DigitExtraction.extract(Self.ringWithoutSides(seed: seed)).digits
        #expect(digits.count == 1, "seed \(seed): boxes \(digits.map(\.box))")
        if let box = digits.first?.box {
            #expect(box.y <= 40 && box.y + box.height >= 180, "seed \(seed): both arcs: \(box)")
        }
    }

    /// The boxes of the rule itself: arcs 45 px apart, 49 px high, sharing their columns, join;
    /// the same boxes further apart than the taller one's height, or two narrow digits stacked
    /// (together more than twice as tall as wide), do not.
    @Test func stackedBoxesJoinOnlyWhenShapedLikeOneDigit() {
        let top = Box(x: 45, y: 35, width: 91, height: 49), bottom = Box(x: 45, y: 129, width: 91, height: 49)
        #expect(Segment.belongTogether(top, bottom))
        #expect(!Segment.belongTogether(top, Box(x: 45, y: 140, width: 91, height: 49)))
        #expect(!Segment.belongTogether(Box(x: 0, y: 0, width: 20, height: 60), Box(x: 0, y: 100, width: 20, height: 60)))
    }
}
