import Foundation
import Testing
@testable import DigitImage

/// Issue 15, faint rings: the background under a loop filled with faint ink is the paper around
/// it, not the ink; a blank vignetted page keeps its smooth background.
@Suite struct BackgroundTests {
    // Levels are in ink-is-high space: paper 10, the 2×2 blocks inside a ring lifted to 40 by ink,
    // though their own paper (5th percentile) is 12: they come back to the paper.
    @Test func inkFilledBlocksTakeThePaperAround() {
        let grid = 8
        var levels = [Float](repeating: 10, count: grid * grid), floor = levels
        for i in [27, 28, 35, 36] { levels[i] = 40; floor[i] = 12 }
        let out = Background.opened(levels, grid, floor: floor)
        for i in [27, 28, 35, 36] { #expect(out[i] <= 18, "block \(i): \(out[i])") }
        for i in out.indices where ![27, 28, 35, 36].contains(i) { #expect(out[i] == 10) }
    }

    // A vignette: levels rise smoothly to the corners and each block's paper spans ±10 levels;
    // no block is lowered by more than the grain allowance below its own paper.
    @Test func smoothVignetteStaysNearItsOwnLevel() {
        let grid = 8
        var levels = [Float](repeating: 0, count: grid * grid)
        for y in 0..<grid { for x in 0..<grid {
            let dx = Float(x) - 3.5, dy = Float(y) - 3.5
            levels[y * grid + x] = 60 * (dx * dx + dy * dy) / 24.5
        } }
        let out = Background.opened(levels, grid, floor: levels.map { $0 - 10 })
        for i in out.indices { #expect(out[i] >= levels[i] - 4, "block \(i): \(out[i]) vs \(levels[i])") }
    }

    /// 200 px of paper (level 200, grain) with a ring of faint ink whose depth fades from 55
    /// levels at the top to 12 at the bottom, softly edged.
    static func faintRing() -> ByteImage {
        NoiseRejectionTests.image(200, 200, seed: 3) { x, y, r in
            let dx = Double(x) - 100, dy = Double(y) - 100
            let d = abs((dx * dx + dy * dy).squareRoot() - 55)
            let depth = 12 + 43 * (1 - (dy / 55 + 1) / 2)
            let ink = d < 5 ? 1 : max(0, 1 - (d - 5) / 3)
            return 200 - Int(depth * ink) + NoiseRejectionTests.gauss(&r, 3)
        }
    }

    @Test func faintRingIsOneDigit() {
        let found = DigitExtraction.extract(Self.faintRing()).digits
        #expect(found.count == 1, "boxes \(found.map(\.box))")
    }
}
