import Testing
@testable import DigitImage

/// A thin pen in a small picture: anti-aliasing leaves a 1 px line dotted at the ink threshold
/// (StrokeGaps), and a hairline correlates with its neighbours only along its own direction
/// (StrokeCheck). Each digit must still be found, once. Before both, pens of 0.6 and 0.8 px in
/// 150 px gave "no digit found" for 14 and 6 of these 20 images; a 0.4 px pen still loses 4.
@Suite struct ThinStrokeTests {
    @Test(arguments: [Float(0.6), 0.8, 1.0, 1.3])
    func everyDigitInAThinPenIsFoundOnce(pen: Float) {
        var found: [Int] = []
        for digit in 0..<10 {
            for style in [StrokeDigits.Style.rounded, .boxy] {
                let image = StrokeDigits.render(digit, style: style, size: 150, penWidth: pen, slant: 0.1, seed: 21)
                found.append(DigitExtraction.extract(image).digits.count)
            }
        }
        #expect(found.allSatisfy { $0 == 1 }, "digits found per image (0-9, rounded and boxy): \(found)")
    }

    @Test func aFaintRunWithInkAtBothEndsIsBridged() {
        // 5×3 levels: ink, faint, faint, ink on the middle row — one break of two pixels.
        var levels: [UInt8] = [0, 0, 0, 0, 0,
                               2, 1, 1, 2, 0,
                               0, 0, 0, 0, 0]
        StrokeGaps.bridge(&levels, width: 5, height: 3)
        #expect(levels[5..<10] == [2, 2, 2, 2, 0])
    }

    @Test func backgroundAndLongFaintRunsAreNotBridged() {
        // A blank pixel between two inks (two digits apart) and a faint run of three.
        var levels: [UInt8] = [2, 0, 2, 0, 0, 0,
                               2, 1, 1, 1, 2, 0,
                               0, 0, 0, 0, 0, 0]
        let before = levels
        StrokeGaps.bridge(&levels, width: 6, height: 3)
        #expect(levels == before)
    }
}
