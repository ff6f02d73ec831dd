import Glibc
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

    /// A 1 px pen on a large canvas (a drawing program's pencil): where the line's pixel steps
    /// double back it leaves 2×2 gaps along the stroke, a dozen in one 0. They were counted as
    /// the cells of a texture and the drawing gave "no digit found" (a thin-pen canvas set of
    /// MNIST skeletons at 1-1.8 px on 280-512 px canvases: 28 of 150).
    @Test func aHairlineWithSmallGapsAlongItIsADigit() {
        let side = 400, cx = 200.0, cy = 200.0
        var px = [UInt8](repeating: 255, count: side * side)
        func ink(_ x: Int, _ y: Int) { if x >= 0, y >= 0, x < side, y < side { px[y * side + x] = 0 } }
        // An upright ellipse one pixel wide, 8-connected.
        for i in 0..<4_000 {
            let t = Double(i) / 4_000 * 2 * Double.pi
            ink(Int((cx + 90 * cos(t)).rounded()), Int((cy + 140 * sin(t)).rounded()))
        }
        // Twelve small loops on it: a 4×4 outline round a 2×2 gap.
        for k in 0..<12 {
            let t = Double(k) / 12 * 2 * Double.pi
            let x0 = Int((cx + 90 * cos(t)).rounded()) - 1, y0 = Int((cy + 140 * sin(t)).rounded()) - 1
            for d in 0..<4 { ink(x0 + d, y0); ink(x0 + d, y0 + 3); ink(x0, y0 + d); ink(x0 + 3, y0 + d) }
            for dy in 1...2 { for dx in 1...2 { px[(y0 + dy) * side + x0 + dx] = 255 } }
        }
        let found = DigitExtraction.extract(ByteImage(width: side, height: side, pixels: px)).digits
        #expect(found.count == 1, "\(found.map(\.box))")
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
