import Testing
@testable import DigitImage

/// The fast kernels of the photo path against their plain references: each must give exactly
/// the same answer (the outputs of `digitrec predict` are byte-identical to before them). The
/// random images here are shared by the other kernels' tests (EnclosedRegions, NeighbourSums).
@Suite struct CleaningKernelTests {
    /// A small deterministic generator (the tests need no seeding API beyond this).
    struct Noise {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        mutating func unit() -> Float { Float(next() % 1000) / 999 }
    }

    /// Random images with holes of every size: ink blobs (squares, some hollow) on paper with
    /// speckle at `density`; values spread over 0…1 so the 0.5 cut matters.
    static func blobs(width w: Int, height h: Int, density: Float, seed: UInt64) -> FloatImage {
        var noise = Noise(state: seed)
        var img = FloatImage(width: w, height: h, fill: 0)
        for i in 0..<(w * h) where noise.unit() < density { img.pixels[i] = 0.5 + noise.unit() / 2 }
        for _ in 0..<(w * h / 40 + 1) {
            let x0 = Int(noise.next() % UInt64(w)), y0 = Int(noise.next() % UInt64(h)), side = Int(noise.next() % 9) + 2
            let hollow = noise.next() % 2 == 0
            for y in y0..<min(h, y0 + side) {
                for x in x0..<min(w, x0 + side) {
                    let border = x == x0 || y == y0 || x == min(w, x0 + side) - 1 || y == min(h, y0 + side) - 1
                    if !hollow || border { img.pixels[y * w + x] = 0.5 + noise.unit() / 2 }
                }
            }
        }
        // A value exactly at the cut, and just under it.
        img.pixels[0] = 0.5
        if w * h > 1 { img.pixels[w * h - 1] = 0.4999 }
        return img
    }

    static let sizes = [(1, 1), (1, 7), (7, 1), (2, 2), (3, 5), (17, 9), (40, 40), (64, 31), (120, 90)]

    /// The block levels taken in the normalisation pass equal `inkBlocks` over the cleaned ink.
    @Test(arguments: [1, 2, 3, 7])
    func fusedBlocksEqualInkBlocks(scale: Int) {
        var noise = Noise(state: UInt64(scale))
        for (w, h) in [(5, 4), (65, 70), (130, 97)] {
            var img = ByteImage(width: w, height: h, fill: 220)
            for i in img.pixels.indices { img.pixels[i] = UInt8(truncatingIfNeeded: 200 + Int(noise.next() % 40)) }
            for y in (h / 4)..<(h * 3 / 4) { for x in (w / 3)..<(w / 3 + max(1, w / 10)) { img[x, y] = UInt8(truncatingIfNeeded: 20 + Int(noise.next() % 60)) } }
            let (cleaned, blocks) = Preprocess.clean(img, blockScale: scale)
            #expect(blocks == Preprocess.inkBlocks(cleaned.ink, blockScale: scale), "\(w)×\(h) scale \(scale)")
        }
        #expect(Preprocess.clean(ByteImage(width: 9, height: 9, fill: 200), blockScale: 0).1.isEmpty)
    }
}
