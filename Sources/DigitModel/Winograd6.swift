import CKernels
import Support

/// Winograd F(6×6, 3×3) for inference: 8×8 input tiles, 6×6 outputs each, 64 GEMMs per chunk.
/// For `cnn`'s 24×24 layer that is 16 tiles of 64 products instead of F(4×4)'s 36 of 36 — 21 %
/// fewer multiply-adds — and fewer, larger tiles to transform. Its transforms (interpolation
/// points 0, ±1, ±2, ±1/2, ∞) round about twice as much as F(4×4)'s, so only inference runs it:
/// training keeps F(4×4) and its bit-identical weights. The input and output transforms are
/// AVX-512 C kernels (winograd6_avx512.c); where they cannot run, inference keeps F(4×4) too
/// (`WinogradConvolution`), the reference both are tested against (Winograd6Tests).
///
/// Layouts as in `Winograd`, with 64 positions: U [64][C][F], V [64][T][C], M [64][T][F].
enum Winograd6 {
    /// Output tile side (input tiles are 8×8: 64 positions).
    static let m = 6

    /// `DIGITREC_WINOGRAD6=0` keeps F(4×4) in inference too (to compare the two).
    static let allowed = Environment.value("DIGITREC_WINOGRAD6").map { $0 != "0" } ?? true

    /// Whether inference runs a Winograd layer of this shape through F(6×6): on a CPU with the
    /// kernels (and not in the opt-in bf16 mode, whose GEMMs are F(4×4)'s), channels in whole
    /// ZMM vectors, and fewer products than F(4×4) — 24×24 (16·64 against 36·36), 28×28 (25·64
    /// against 49·36), 11×11; not 14×14, where both make 576.
    static func runs(_ g: ConvGeometry, allowed: Bool = Winograd6.allowed) -> Bool {
        allowed && CPU.avx512 && !CPU.bf16 && pays(g)
    }

    /// The shape part of `runs`: 3×3, channels in groups of 16, fewer products than F(4×4).
    static func pays(_ g: ConvGeometry) -> Bool {
        let six = tiles(g), four = Winograd.tiles(g)
        return g.k == 3 && g.c % 16 == 0 && g.f % 16 == 0 && six.y * six.x * 64 < four.y * four.x * 36
    }

    /// Tiles per image (partial tiles at the right and bottom edge).
    static func tiles(_ g: ConvGeometry) -> (y: Int, x: Int) { ((g.oh + m - 1) / m, (g.ow + m - 1) / m) }

    /// Tiles per chunk: V and M of 32 tiles (`cnn`'s 24×24 layer: 2 images, 64·32·(32 + 64)
    /// floats, 0.8 MB) stay in the core's L2 between the transforms and the 64 GEMMs.
    static let tilesPerChunk = 32

    /// Floats of working memory for `n` images: U, the weight transform's scratch, one chunk's
    /// V and M (the order of `ActivationBuffers.ScratchRole`).
    static func scratchFloats(_ g: ConvGeometry, n: Int) -> [Int] {
        let t = tiles(g), chunkTiles = min(chunk(g), n) * t.y * t.x
        return [64 * g.c * g.f, 24 * g.c * g.f, 64 * Winograd.positionStride(chunkTiles * g.c),
                64 * Winograd.positionStride(chunkTiles * g.f)]
    }

    /// Images per chunk.
    static func chunk(_ g: ConvGeometry) -> Int {
        let t = tiles(g)
        return max(1, tilesPerChunk / (t.y * t.x))
    }

    /// U = G g Gᵀ for all C·F filter pairs (`count`, a multiple of 8): g (3,3,C,F) as stored,
    /// `u` 64·C·F values, `t` 24·C·F of scratch.
    static func transformWeights(_ g: UnsafePointer<Float>, count cf: Int, _ u: UnsafeMutablePointer<Float>,
                                 scratch t: UnsafeMutablePointer<Float>) {
        // t[i][kw] = Σ_kh G[i][kh] g[kh][kw]  (8×3), then U[i][j] = Σ_kw t[i][kw] G[j][kw].
        let gm = UnsafeMutablePointer(mutating: g)
        for kw in 0..<3 { gColumn(Strided(gm + kw * cf, 3 * cf), into: Strided(t + kw * cf, 3 * cf), count: cf) }
        for i in 0..<8 { gColumn(Strided(t + i * 3 * cf, cf), into: Strided(u + i * 8 * cf, cf), count: cf) }
    }

    /// Eight values G·(g0, g1, g2) per channel:
    ///   G = [ 1, 0, 0;  −2/9 (1, 1, 1);  −2/9 (1, −1, 1);  (1, 2, 4)/90;  (1, −2, 4)/90;
    ///         8/45 (4, 2, 1);  8/45 (4, −2, 1);  0, 0, 1 ]
    @inline(__always)
    private static func gColumn(_ s: Strided, into o: Strided, count: Int) {
        let minusTwoNinths: Float = -2.0 / 9, ninetieth: Float = 1.0 / 90, eightFortyFifths: Float = 8.0 / 45
        var c = 0
        while c < count {
            let g0 = s[0, c], g1 = s[1, c], g2 = s[2, c]
            let even: Lanes = g0 + g2, near: Lanes = g0 + g2 * 4, far: Lanes = g0 * 4 + g2
            o[0, c] = g0
            o[1, c] = (even + g1) * minusTwoNinths
            o[2, c] = (even - g1) * minusTwoNinths
            o[3, c] = (near + g1 * 2) * ninetieth
            o[4, c] = (near - g1 * 2) * ninetieth
            o[5, c] = (far + g1 * 2) * eightFortyFifths
            o[6, c] = (far - g1 * 2) * eightFortyFifths
            o[7, c] = g2
            c += 8
        }
    }

    /// V = Bᵀ d B for every tile of the call's images (`runs` checked by the caller); returns
    /// the rows written, one per tile (`ConstantTiles` leaves some out).
    @discardableResult
    static func transformInput(_ x: UnsafePointer<Float>,                           // input (N,H,W,C) NHWC
                               _ g: ConvGeometry,
                               _ v: UnsafeMutablePointer<Float>, positionStride: Int) -> Int {   // V [64][N·tiles][C]
        let t = tiles(g)
        return Int(digitrec_winograd6_input_avx512(x, Int32(g.n), Int32(g.h), Int32(g.w), Int32(g.c), Int32(g.pad),
                                                   Int32(t.y), Int32(t.x), v, positionStride, nil, nil))
    }

    /// Y = Aᵀ M A + bias for every tile, then max(0, ·) when `relu`, and 2×2 max pooling when
    /// `pooled` (no winners kept: nothing runs backward after inference).
    static func transformOutput(_ mm: UnsafePointer<Float>, positionStride: Int,   // M [64][N·tiles][F]
                                _ g: ConvGeometry,
                                bias: UnsafePointer<Float>,          // bias (F)
                                relu: Bool, pooled: Bool,
                                _ y: UnsafeMutablePointer<Float>) {  // output (N,OH,OW,F), or pooled (N,OH/2,OW/2,F)
        let t = tiles(g)
        digitrec_winograd6_output_avx512(mm, positionStride, Int32(g.n), Int32(g.oh), Int32(g.ow), Int32(g.f), Int32(t.y), Int32(t.x),
                                         bias, relu ? 1 : 0, pooled ? 1 : 0, y, nil, nil)
    }
}

extension Winograd {
    /// Multiply-adds per image of inference's Winograd products in a 3×3 layer (`applies` checked
    /// by the caller): F(6×6)'s 64 per tile and channel pair where inference runs it on this
    /// machine (`Winograd6.runs`), F(4×4)'s 36 otherwise — before the tiles `ConstantTiles` copies.
    public static func inferenceProducts(input: Shape, filters: Int, padding: LayerSpec.Padding) -> Int {
        let g = ConvGeometry(input: input, filters: filters, kernel: 3, padding: padding)
        let (t, perTile) = Winograd6.runs(g) ? (Winograd6.tiles(g), 64) : (tiles(g), 36)
        return perTile * t.y * t.x * g.c * g.f
    }
}
