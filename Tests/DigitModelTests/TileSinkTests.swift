import CKernels
import Testing
@testable import DigitModel

/// The bf16 path's Winograd transforms rounding V and dM as they write them (`TileSink`): the
/// kernels round as the GEMMs did, and a layer gives the same bits as with the fp32 panels
/// rounded afterwards — forward, input, weight and bias gradients.
@Suite(.enabled(if: CPU.features & Int(DIGITREC_CPU_AVX512_BF16) != 0, "needs AVX512-BF16"))
struct TileSinkTests {
    /// Round to nearest even, as VCVTNEPS2BF16 does for finite values.
    static func bf16(_ x: Float) -> UInt16 {
        let bits = x.bitPattern
        return UInt16(truncatingIfNeeded: (bits &+ 0x7FFF &+ ((bits >> 16) & 1)) >> 16)
    }

    /// The root-mean-square difference relative to that of `a` (the fp32 path's values): bf16
    /// rounding moves every value a little, and where it changes which pixel of a pooling window
    /// wins, a gradient moves to another place — the largest single difference says nothing.
    static func rmsError(_ a: [Float], _ b: [Float]) -> Double {
        let diff = zip(a, b).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) }
        let norm = a.reduce(0.0) { $0 + Double($1) * Double($1) }
        return a.isEmpty || a.count != b.count ? .infinity : (diff / max(norm, 1e-12)).squareRoot()
    }

    /// `bf16GemmRounded` on rows rounded in Swift (rows padded apart) gives `bf16Gemm`'s C on the
    /// fp32 rows bit for bit: it rounds A as `bf16` does.
    @Test(arguments: [(m: 72, n: 64, k: 32), (m: 72, n: 32, k: 64), (m: 36, n: 64, k: 32), (m: 7, n: 24, k: 16),
                      (m: 13, n: 8, k: 40), (m: 18, n: 16, k: 8)])
    func roundedRowsGiveTheProductsOfTheFloatRows(_ s: (m: Int, n: Int, k: Int)) {
        var rng = SplitMix64(seed: UInt64(s.m * 10_000 + s.n * 100 + s.k))
        let a = (0..<(s.m * s.k)).map { _ in rng.uniform(-2, 2) }
        let b = (0..<(s.k * s.n)).map { _ in rng.uniform(-1, 1) }
        var pairs = [UInt16](repeating: 0, count: 2 * Kernels.bf16PairFloats(k: s.k, n: s.n))
        pairs.withUnsafeMutableBytes { Kernels.packBF16Pairs(k: s.k, n: s.n, b, ldb: s.n, $0.baseAddress!) }
        let lda = s.k + 32
        var rows = [UInt16](repeating: 0, count: s.m * lda)
        for i in 0..<s.m {
            for j in 0..<s.k { rows[i * lda + j] = Self.bf16(a[i * s.k + j]) }
        }
        var fromFloats = [Float](repeating: 0, count: s.m * s.n), fromRounded = fromFloats
        pairs.withUnsafeBytes { p in
            fromFloats.withUnsafeMutableBufferPointer {
                Kernels.bf16Gemm(m: s.m, n: s.n, k: s.k, a, lda: s.k, p.baseAddress!, $0.baseAddress!, ldc: s.n)
            }
            rows.withUnsafeBytes { r in
                fromRounded.withUnsafeMutableBufferPointer {
                    Kernels.bf16GemmRounded(m: s.m, n: s.n, k: s.k, r.baseAddress!, lda: lda, p.baseAddress!,
                                            ldp: Kernels.bf16PairStride(n: s.n), $0.baseAddress!, ldc: s.n)
                }
            }
        }
        #expect(fromRounded.map(\.bitPattern) == fromFloats.map(\.bitPattern), "\(s)")
    }

    /// Two tiles rounded into pairs (`digitrec_bf16_tile_store`, the even one waiting in a buffer
    /// as `TileSink` keeps it) are what `packBF16Pairs` makes of the panel whose rows are the two
    /// tiles, position by position: the layout `bf16GemmTN` reads.
    @Test(arguments: [8, 24, 32, 64])
    func pairedTilesArePackedPairs(_ n: Int) {
        var rng = SplitMix64(seed: UInt64(n))
        let rows = 36, lds = n + 8, ldo = n + 16
        let even = (0..<(rows * lds)).map { _ in rng.uniform(-3, 3) }, odd = (0..<(rows * lds)).map { _ in rng.uniform(-3, 3) }
        var waiting = [UInt16](repeating: 0, count: rows * n)
        var paired = [UInt32](repeating: 0, count: rows * ldo)
        waiting.withUnsafeMutableBufferPointer { w in
            paired.withUnsafeMutableBufferPointer { p in
                var first = digitrec_bf16_tile(rows: w.baseAddress, row_stride: n, even: nil, even_stride: 0, pairs: nil, pair_stride: 0)
                digitrec_bf16_tile_store(even, lds, Int32(n), &first)
                var second = digitrec_bf16_tile(rows: nil, row_stride: 0, even: UnsafePointer(w.baseAddress), even_stride: n,
                                                pairs: p.baseAddress, pair_stride: ldo)
                digitrec_bf16_tile_store(odd, lds, Int32(n), &second)
            }
        }
        for r in 0..<rows {
            let panel = Array(even[(r * lds)..<(r * lds + n)] + odd[(r * lds)..<(r * lds + n)])
            var packed = [UInt32](repeating: 0, count: n)
            packed.withUnsafeMutableBytes { Kernels.packBF16Pairs(k: 2, n: n, panel, ldb: n, $0.baseAddress!, ldo: n) }
            #expect(Array(paired[(r * ldo)..<(r * ldo + n)]) == packed, "row \(r), n = \(n)")
        }
    }

    /// A pooled Winograd layer on the bf16 path: rounding in the transforms gives the bits of the
    /// fp32 panels rounded afterwards (and takes that route: `roundedChunks`), and both are the
    /// fp32 path's values to bf16 rounding. Odd image counts leave a smaller last chunk; 11×11
    /// outputs have 9 tiles an image, so an odd number of images is an odd number of tiles,
    /// which the pairs cannot take (those chunks keep the fp32 panels).
    @Test(arguments: [WinogradTests.Case(h: 26, w: 26, c: 32, f: 64, padding: .valid, relu: true, n: 3),
                      WinogradTests.Case(h: 26, w: 26, c: 32, f: 64, padding: .valid, relu: true, n: 9),
                      WinogradTests.Case(h: 13, w: 13, c: 32, f: 16, padding: .valid, relu: true, n: 2),
                      WinogradTests.Case(h: 13, w: 13, c: 32, f: 16, padding: .valid, relu: true, n: 11),
                      WinogradTests.Case(h: 9, w: 7, c: 8, f: 8, padding: .same, relu: true, n: 4),
                      WinogradTests.Case(h: 12, w: 12, c: 16, f: 24, padding: .same, relu: false, n: 5)])
    func roundingInTheTransformsGivesTheSameBits(_ t: WinogradTests.Case) throws {
        var rng = SplitMix64(seed: 31)
        let shape = Shape(t.h, t.w, t.c)
        let (weight, bias, x) = WinogradTests.randomLayer(c: t.c, f: t.f, images: t.n, shape, &rng)
        // Rounding in the transforms, the fp32 panels rounded afterwards, the fp32 path.
        let layers = (0..<3).map { _ in
            Conv2D(input: shape, filters: t.f, kernel: 3, padding: t.padding, relu: t.relu, weight: weight, bias: bias,
                   algorithm: .winograd(pooled: true))
        }
        for (i, layer) in layers.enumerated() {
            let w = try #require(layer.winograd)
            w.bf16 = i < 2
            w.roundsInTransforms = i == 0
        }
        let outCount = t.n * layers[0].outShape.count
        let upstream = (0..<outCount).map { _ in rng.uniform(-1, 1) }
        var results: [[[Float]]] = []
        for layer in layers {
            var context = PassContext(training: true, rng: SplitMix64(seed: 1))
            let y = Array(UnsafeBufferPointer(start: layer.forward(x.pointer, n: t.n, context: &context), count: outCount))
            let dy = FloatBuffer(count: outCount)
            for i in 0..<outCount { dy.pointer[i] = upstream[i] }
            let dx = try #require(layer.backward(dy.pointer, n: t.n, needInputGrad: true))
            results.append([y, Array(UnsafeBufferPointer(start: dx, count: t.n * shape.count)),
                            layer.dWeight.array(weight.count), layer.dBias.array(bias.count)])
        }
        let names = ["forward", "input gradient", "weight gradient", "bias gradient"]
        for (j, name) in names.enumerated() {
            #expect(results[0][j].map(\.bitPattern) == results[1][j].map(\.bitPattern), "\(name), \(t)")
            // Measured: forward 1.5–2.2 %, gradients 3–17 % (a bias gradient's ReLU and a window's
            // winner flip where bf16 moves a value past its neighbour's).
            #expect(Self.rmsError(results[2][j], results[0][j]) < (j == 0 ? 0.05 : 0.3), "\(name) against fp32, \(t)")
        }
        #expect((layers[0].winograd?.roundedChunks ?? 0) > 0, "\(t)")
        #expect(layers[1].winograd?.roundedChunks == 0, "\(t)")
    }
}
