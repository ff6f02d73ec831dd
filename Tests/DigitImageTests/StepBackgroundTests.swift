import DigitModel
import Testing
@testable import DigitImage

/// Issue 15, the fine step background (`Preprocess.Steps`): where it places a shadow's edge,
/// how the smooth background follows it, and its block percentiles.
@Suite struct StepBackgroundTests {
    /// A 240 × 240 sheet at grey `lit`, in shadow (grey `shade`) left of column `edge`.
    static func sheet(lit: UInt8, shade: UInt8, edge: Int) -> ByteImage {
        ByteImage(width: 240, height: 240, pixels: (0..<(240 * 240)).map { $0 % 240 < edge ? shade : lit })
    }

    /// The step background of row `y` alone (no smooth background under it), ink bright.
    static func stepRow(_ image: ByteImage, y: Int) -> [Float] {
        var bg = [Float](repeating: 0, count: image.width)
        image.pixels.withUnsafeBufferPointer { src in
            let steps = Preprocess.Steps(src, width: image.width, height: image.height, invert: true)
            bg.withUnsafeMutableBufferPointer { steps?.adjust(y, $0) }
        }
        return bg
    }

    // A shadow's edge at column 93: 16 blocks a side (15 px) carried the shadow's level to
    // column 105 on the lit side, so pen within 12 px of the edge there was taken for paper;
    // 48 a side (5 px) stop it at 95.
    @Test func theShadowLevelEndsWithinABlockOfItsEdge() {
        let bg = Self.stepRow(Self.sheet(lit: 200, shade: 120, edge: 93), y: 120)
        #expect(bg[80] == 135, "shadowed paper (255 − 120): \(bg[80])")
        #expect(bg[100] == 55, "lit paper 7 px past the edge (255 − 200): \(bg[100])")
    }

    // The smooth background a few levels above the step level (a faint ring lifted its coarse
    // blocks) follows it down to `followMin` above it; one far above it (a shadow band the
    // opening dropped) stays, and one below it is raised to it.
    @Test func theSmoothBackgroundFollowsTheStepLevelDownOnlyALittle() {
        let image = Self.sheet(lit: 200, shade: 200, edge: 0)
        var rows: [[Float]] = [Array(repeating: 65, count: 240), Array(repeating: 95, count: 240),
                               Array(repeating: 40, count: 240)]
        image.pixels.withUnsafeBufferPointer { src in
            let steps = Preprocess.Steps(src, width: 240, height: 240, invert: true)
            #expect(steps != nil)
            for i in rows.indices { rows[i].withUnsafeMutableBufferPointer { steps?.adjust(120, $0) } }
        }
        #expect(rows[0][120] == 55 + Preprocess.followMin, "10 above: follows the paper at 55, got \(rows[0][120])")
        #expect(rows[1][120] == 95, "40 above: stays, got \(rows[1][120])")
        #expect(rows[2][120] == 55, "below: raised to 55, got \(rows[2][120])")
    }

    // The block percentiles counted from a histogram cleared sample by sample agree with
    // `Preprocess.percentile` over the same samples, for small blocks (every pixel) and big
    // ones (every 2nd and 4th), with partial blocks at the right and bottom edges.
    @Test(arguments: [4, 9, 40]) func blockPercentilesMatchThePlainPercentile(side: Int) {
        let w = 203, h = 157
        var rng = SplitMix64(seed: UInt64(side))
        let px = (0..<(w * h)).map { _ in UInt8(truncatingIfNeeded: rng.next() % 256) }
        let levels = px.withUnsafeBufferPointer { p in
            p.baseAddress.map { Preprocess.Steps.blockPercentiles($0, width: w, height: h, side: side, invert: true) } ?? []
        }
        let step = side >= 32 ? 4 : side >= 8 ? 2 : 1
        let columns = (w + side - 1) / side, rows = (h + side - 1) / side
        #expect(levels.count == columns * rows)
        for by in 0..<rows {
            for bx in 0..<columns {
                var hist = [Int](repeating: 0, count: 256)
                for y in stride(from: by * side, to: min(h, by * side + side), by: step) {
                    for x in stride(from: bx * side, to: min(w, bx * side + side), by: step) { hist[255 - Int(px[y * w + x])] += 1 }
                }
                #expect(levels[by * columns + bx] == Float(Preprocess.percentile(hist, 0.3)), "block \(bx), \(by)")
            }
        }
    }
}
