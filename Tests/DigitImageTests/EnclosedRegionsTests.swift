import Testing
@testable import DigitImage

/// The hole count by runs and union-find, and the branch-free stroke width, against the
/// plain flood fill and neighbour test they replaced.
@Suite struct EnclosedRegionsTests {
    typealias Kernels = CleaningKernelTests

    @Test func holesByRunsEqualTheFloodFill() {
        var compared = 0, withHoles = 0
        for (w, h) in Kernels.sizes {
            for density in [Float(0), 0.05, 0.2, 0.45, 0.6, 0.9] {
                for seed in UInt64(1)...6 {
                    let img = Kernels.blobs(width: w, height: h, density: density, seed: seed &* 7919 &+ UInt64(w * 131 + h))
                    let fast = StrokeCheck.holes(img), reference = StrokeCheck.holesByFloodFill(img)
                    #expect(fast == reference, "\(w)×\(h) density \(density) seed \(seed): \(fast) vs \(reference)")
                    // Every hole counted regardless of size too (minArea 1): the labelling itself.
                    let all = img.pixels.withUnsafeBufferPointer { EnclosedRegions.count($0, width: w, height: h, minArea: 1) }
                    #expect(all >= fast)
                    compared += 1
                    if reference > 0 { withHoles += 1 }
                }
            }
        }
        #expect(withHoles > 20, "the random images must hold holes to compare: \(withHoles) of \(compared)")
    }

    /// The regions themselves, boxes and areas, in order, at the holes' cut (0.5) and the loops'
    /// (`SideBySideHoles.paper`).
    @Test func regionsByRunsEqualTheFloodFill() {
        var withRegions = 0
        for (w, h) in Kernels.sizes {
            for density in [Float(0), 0.05, 0.2, 0.45, 0.6, 0.9] {
                for inkFrom in [Float(0.5), SideBySideHoles.paper] {
                    let img = Kernels.blobs(width: w, height: h, density: density, seed: UInt64(w * 977 + h * 13) &+ UInt64(density * 100))
                    let fast = img.pixels.withUnsafeBufferPointer { EnclosedRegions.regions($0, width: w, height: h, inkFrom: inkFrom) }
                    let reference = StrokeCheck.regionsByFloodFill(img, inkFrom: inkFrom)
                    #expect(fast == reference, "\(w)×\(h) density \(density) ink from \(inkFrom)")
                    if !reference.isEmpty { withRegions += 1 }
                }
            }
        }
        #expect(withRegions > 20, "the random images must hold regions to compare: \(withRegions)")
    }

    @Test func enclosedRegionsRefuseAMismatchedBuffer() {
        let pixels = [Float](repeating: 0, count: 10)
        #expect(pixels.withUnsafeBufferPointer { EnclosedRegions.count($0, width: 4, height: 4, minArea: 1) } == 0)
    }

    /// The stroke width's area and perimeter as first written: every ink pixel's four neighbours tested.
    static func strokeWidthReference(_ img: FloatImage) -> Float {
        let w = img.width, h = img.height
        var area = 0, perimeter = 0
        func ink(_ x: Int, _ y: Int) -> Bool { x >= 0 && y >= 0 && x < w && y < h && img.pixels[y * w + x] >= 0.5 }
        for y in 0..<h {
            for x in 0..<w where ink(x, y) {
                area += 1
                for (dx, dy) in [(1, 0), (-1, 0), (0, 1), (0, -1)] where !ink(x + dx, y + dy) { perimeter += 1 }
            }
        }
        return perimeter == 0 ? 0 : 2 * Float(area) / Float(perimeter)
    }

    @Test func strokeWidthEqualsTheNeighbourTest() {
        for (w, h) in Kernels.sizes {
            for density in [Float(0), 0.3, 0.9] {
                let img = Kernels.blobs(width: w, height: h, density: density, seed: UInt64(w * 31 + h))
                #expect(Preprocess.strokeWidth(img) == Self.strokeWidthReference(img), "\(w)×\(h) density \(density)")
            }
        }
    }
}
