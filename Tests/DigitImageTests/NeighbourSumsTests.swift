import Testing
@testable import DigitImage

/// The neighbour correlations read in place, two directions a pass, against the plain
/// one-direction-a-pass loop over a copied region: bit for bit.
@Suite struct NeighbourSumsTests {
    typealias Kernels = CleaningKernelTests

    /// The correlations as first written: one pass per direction over a copy of the region.
    static func correlationsReference(_ img: FloatImage) -> [Double] {
        let w = img.width, h = img.height
        guard w >= 3, h >= 3 else { return [1, 1, 1, 1] }
        var result: [Double] = []
        for (dx, dy) in [(1, 0), (0, 1), (1, 1), (-1, 1)] {
            var n = 0.0, sa = 0.0, sb = 0.0, saa = 0.0, sbb = 0.0, sab = 0.0
            for y in 0..<(h - dy) {
                for x in max(0, -dx)..<(w - max(0, dx)) {
                    let u = Double(img.pixels[y * w + x]), v = Double(img.pixels[(y + dy) * w + x + dx])
                    sa += u; sb += v; saa += u * u; sbb += v * v; sab += u * v
                }
                n += Double(w - abs(dx))
            }
            let va = n * saa - sa * sa, vb = n * sbb - sb * sb
            result.append(va > 0 && vb > 0 ? (n * sab - sa * sb) / (va * vb).squareRoot() : 1)
        }
        return result
    }

    /// Bit for bit, in place and on the copied region, for boxes anywhere in the image.
    @Test func correlationsInPlaceEqualTheCopy() {
        var noise = Kernels.Noise(state: 2026)
        for (w, h) in Kernels.sizes {
            let img = Kernels.blobs(width: w, height: h, density: 0.3, seed: UInt64(w + h))
            for _ in 0..<8 {
                let x = Int(noise.next() % UInt64(w)), y = Int(noise.next() % UInt64(h))
                let box = Box(x: x, y: y, width: Int(noise.next() % UInt64(w - x)) + 1, height: Int(noise.next() % UInt64(h - y)) + 1)
                let region = Preprocess.region(of: img, box: box, mask: nil)
                #expect(StrokeCheck.neighbourCorrelations(img, box: box) == Self.correlationsReference(region), "\(w)×\(h) box \(box)")
            }
            #expect(StrokeCheck.neighbourCorrelations(img) == Self.correlationsReference(img))
        }
    }
}
