import Foundation
import Testing
@testable import DigitImage

/// Review of issue 15's faint-ink join: pieces are one where a faint stroke bridges them
/// (FaintInkTests), not wherever faint ink touches — two close digits whose blurred halos
/// meet stay two.
@Suite struct FaintBridgeTests {
    /// Two upright strokes (a pen of 9 px, 140 px tall) `gap` px apart edge to edge, blurred
    /// (Gaussian, `blur` px) on paper at 200 with ink `depth` levels darker and grain.
    static func closeOnes(gap: Int, blur: Double, depth: Double, seed: UInt64) -> ByteImage {
        let w = 260, h = 220
        var ink = [Double](repeating: 0, count: w * h)
        let left = 130 - gap / 2 - 9, right = 130 + (gap + 1) / 2
        for y in 40..<180 {
            for x in left..<(left + 9) { ink[y * w + x] = 1 }
            for x in right..<(right + 9) { ink[y * w + x] = 1 }
        }
        let soft = Self.blurred(ink, w, h, sigma: blur)
        return NoiseRejectionTests.image(w, h, seed: seed) { x, y, r in
            200 - Int((depth * soft[y * w + x]).rounded()) + NoiseRejectionTests.gauss(&r, 3)
        }
    }

    /// Separable Gaussian blur, the edge repeated outwards.
    static func blurred(_ a: [Double], _ w: Int, _ h: Int, sigma: Double) -> [Double] {
        let r = Int((sigma * 3).rounded(.up))
        let kernel = (-r...r).map { exp(-Double($0 * $0) / (2 * sigma * sigma)) }
        let sum = kernel.reduce(0, +)
        var rows = a, out = a
        for y in 0..<h {
            for x in 0..<w {
                var v = 0.0
                for k in -r...r { v += kernel[k + r] * a[y * w + min(max(x + k, 0), w - 1)] }
                rows[y * w + x] = v / sum
            }
        }
        for y in 0..<h {
            for x in 0..<w {
                var v = 0.0
                for k in -r...r { v += kernel[k + r] * rows[min(max(y + k, 0), h - 1) * w + x] }
                out[y * w + x] = v / sum
            }
        }
        return out
    }

    // The halos (faint ink) of the two strokes touch where grain links them; the old join took
    // any faint path and read one digit.
    @Test(arguments: [1, 2, 3] as [UInt64]) func twoCloseOnesWithTouchingHalosStayTwo(seed: UInt64) {
        let found = DigitExtraction.extract(Self.closeOnes(gap: 13, blur: 4, depth: 60, seed: seed)).digits
        #expect(found.count == 2, "seed \(seed): boxes \(found.map(\.box))")
    }

    /// A flat ring, 150 px wide and 100 tall (a 0 written wide or slanted), 60 levels deep at
    /// its left and right sides and fading to `faintest` at the top and bottom: the two bright
    /// sides are pieces of their own, bridged by the faint arcs into one piece as wide as 1.5
    /// line heights.
    static func wideRing(faintest: Double, seed: UInt64) -> ByteImage {
        FaintArcTests.ring(240, 180, radii: 75, 50, seed: seed) { c in faintest + (60 - faintest) * pow(abs(c), 3) }
    }

    // Issue 15 (faint rings, "0" read "63"/"67" on the dev photos): the cut for two touching
    // digits (`Segment.splitWide`) undid the bridge, at the faint arc between the sides.
    @Test(arguments: [1, 2, 3] as [UInt64]) func aWideRingJoinedByFaintArcsIsNotCutApart(seed: UInt64) {
        let found = DigitExtraction.extract(Self.wideRing(faintest: 14, seed: seed)).digits
        #expect(found.count == 1, "seed \(seed): boxes \(found.map(\.box))")
        if let box = found.first?.box { #expect(box.width > 130, "seed \(seed): the whole ring: \(box)") }
    }

    @Test func depthsAreChessboardDistancesToNoInk() {
        // A 5×3 block of ink in a 7×5 image: its middle row is 2 deep, the rest 1.
        var levels = [UInt8](repeating: 0, count: 35)
        for y in 1...3 { for x in 1...5 { levels[y * 7 + x] = 1 } }
        let d = FaintBridges.depths(levels, 7, 5)
        #expect(Array(d[14..<21]) == [0, 1, 2, 2, 2, 1, 0])
        #expect(Array(d[7..<14]) == [0, 1, 1, 1, 1, 1, 0])
    }
}
