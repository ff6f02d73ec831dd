/// 3×3 convolutions through Winograd F(4×4, 3×3) (see Winograd.swift): input tiles and
/// weights transformed, 36 GEMMs, the output transform — with, when `pooled`, the following
/// ReLU and 2×2 max pooling in the output transform, so the full-size output is never written.
final class WinogradConvolution: ConvolutionAlgorithm {
    let geometry: ConvGeometry
    let p: ConvParameters
    let pooled: Bool
    /// The layer's output per image (pooled or not).
    let outCount: Int
    /// Transformed weights and their gradient [36][C][F]; one chunk's input tiles V (reused for
    /// dV) and products M (reused for dM); transform scratch; which position won each pooling window.
    private let u = FloatBuffer(), du = FloatBuffer(), tilesIn = FloatBuffer(), tilesOut = FloatBuffer()
    /// U transposed per position, [36][F][C], for dV = dM·Uᵀ (the own GEMM kernel takes B as it lies).
    private let ut = FloatBuffer()
    private let scratch = FloatBuffer(), winner = FloatBuffer()
    /// U and Uᵀ rounded to bf16 pairs for `Kernels.bf16Gemm` (`CPU.bf16`), 36·C·F/2 floats' room each.
    private let uPairs = FloatBuffer(), utPairs = FloatBuffer()

    init(_ geometry: ConvGeometry, _ p: ConvParameters, pooled: Bool) {
        self.geometry = geometry
        self.p = p
        self.pooled = pooled
        outCount = ConvAlgorithmKind.winograd(pooled: pooled).outputShape(geometry).count
    }

    /// Images per chunk: about 72 tiles (2 images of the `cnn` preset's second layer), so that
    /// one chunk's transformed tiles V and products M (72·36·(C + F) floats, 1 MB there) stay
    /// near the core's own L2 between the transform, the 36 GEMMs and the output transform.
    /// 256 tiles (3.5 MB, in the shared L3) made a `cnn` epoch 10–18 % slower on a Zen 3 (paired
    /// runs); the GEMMs still have 72 rows, 12 register blocks of 6.
    var chunk: Int {
        let t = Winograd.tiles(geometry)
        return max(1, WinogradConvolution.tilesPerChunk / (t.y * t.x))
    }
    static let tilesPerChunk = 72

    /// Transformed weights U, the transforms' scratch, one chunk's V and M (see `forward`).
    func scratchFloats(n: Int) -> [Int] {
        let (c, f) = (geometry.c, geometry.f), tiles = Winograd.tiles(geometry)
        let chunkTiles = min(chunk, n) * tiles.y * tiles.x
        return [36 * c * f, max(18 * c * f, 36 * c, 40 * f), chunkTiles * 36 * c, chunkTiles * 36 * f]
    }

    func forward(_ x: UnsafePointer<Float>, n: Int, _ y: UnsafeMutablePointer<Float>, context: PassContext) {
        let g = geometry, (c, f) = (g.c, g.f)
        let tiles = Winograd.tiles(g)
        let perImage = tiles.y * tiles.x, chunk = chunk
        let need = scratchFloats(n: n)
        let up = context.scratch(u, .weights).ensure(need[0])
        let sp = context.scratch(scratch, .transform).ensure(need[1])
        Winograd.transformWeights(p.weight.value.pointer, count: c * f, up, scratch: sp)
        let code = pooled ? context.codes(winner).ensure(n * outCount) : nil
        let vp = context.scratch(tilesIn, .tilesIn).ensure(need[2])
        let mp = context.scratch(tilesOut, .tilesOut).ensure(need[3])
        let pairs: UnsafeMutableRawPointer? = CPU.bf16 && Kernels.bf16Takes(k: c) ? UnsafeMutableRawPointer(uPairs.ensure(18 * c * f)) : nil
        if let pairs {
            for pos in 0..<36 { Kernels.packBF16Pairs(k: c, n: f, up + pos * c * f, ldb: f, pairs + pos * c * f * 2) }
        }
        var start = 0
        while start < n {
            let m = min(chunk, n - start), t = m * perImage
            Winograd.transformInput(x + start * g.inCount, g.batch(m), vp, scratch: sp)
            // M_p (T×F) = V_p (T×C) · U_p (C×F) for each of the 36 positions, all contiguous.
            for pos in 0..<36 {
                if let pairs {
                    Kernels.bf16Gemm(m: t, n: f, k: c, vp + pos * t * c, lda: c, pairs + pos * c * f * 2, mp + pos * t * f, ldc: f)
                } else {
                    Kernels.smallGemm(transA: false, m: t, n: f, k: c, vp + pos * t * c, lda: c, up + pos * c * f, ldb: f,
                                      mp + pos * t * f, ldc: f)
                }
            }
            if let code {
                Winograd.transformOutputPooled(mp, g.batch(m), bias: p.bias.value.pointer, relu: p.relu,
                                               y + start * outCount, code: code + start * outCount, scratch: sp)
            } else {
                Winograd.transformOutput(mp, g.batch(m), bias: p.bias.value.pointer, relu: p.relu,
                                         y + start * outCount, scratch: sp)
            }
            start += m
        }
    }

    /// The exact adjoint of `forward`: dM from dY through the output transform (and the fused
    /// pooling), then dU_p += V_pᵀ dM_p and dV_p = dM_p U_pᵀ per position, and the weight and
    /// input transforms run backwards.
    func backward(_ dy: UnsafeMutablePointer<Float>, x: UnsafePointer<Float>, y: UnsafePointer<Float>, n: Int,
                  _ dx: UnsafeMutablePointer<Float>?) {
        let g = geometry, (c, f) = (g.c, g.f)
        let tiles = Winograd.tiles(g)
        let perImage = tiles.y * tiles.x, chunk = chunk, rows = g.oh * g.ow
        let up = u.pointer, dup = du.ensure(36 * c * f)
        let utp = ut.ensure(36 * c * f)
        if dx != nil {
            for pos in 0..<36 { Kernels.transpose(up + pos * c * f, rows: c, cols: f, utp + pos * c * f) }
        }
        let pairs: UnsafeMutableRawPointer? = dx != nil && CPU.bf16 && Kernels.bf16Takes(k: f)
            ? UnsafeMutableRawPointer(utPairs.ensure(18 * c * f)) : nil
        if let pairs {
            for pos in 0..<36 { Kernels.packBF16Pairs(k: f, n: c, utp + pos * c * f, ldb: c, pairs + pos * c * f * 2) }
        }
        let vp = tilesIn.ensure(min(chunk, n) * perImage * 36 * c)
        let mp = tilesOut.ensure(min(chunk, n) * perImage * 36 * f)
        if pooled { p.dBias.zero(f) }
        var start = 0
        while start < n {
            let m = min(chunk, n - start), t = m * perImage
            let dyc = dy + start * outCount
            if pooled {
                Winograd.pooledOutputGradient(dyc, y: y + start * outCount, code: winner.pointer + start * outCount,
                                              g.batch(m), relu: p.relu, dBias: p.dBias.pointer, mp, scratch: scratch.pointer)
            } else {
                if p.relu { Kernels.reluMask(dyc, y + start * outCount, count: m * outCount) }
                Kernels.columnSums(dyc, rows: m * rows, cols: f, p.dBias.pointer, accumulate: start > 0)
                Winograd.outputGradient(dyc, g.batch(m), mp, scratch: scratch.pointer)
            }
            Winograd.transformInput(x + start * g.inCount, g.batch(m), vp, scratch: scratch.pointer)
            for pos in 0..<36 {
                Kernels.smallGemm(transA: true, m: c, n: f, k: t, vp + pos * t * c, lda: c, mp + pos * t * f, ldb: f,
                                  dup + pos * c * f, ldc: f, accumulate: start > 0)
            }
            if let dx {
                // dV overwrites V, which is no longer needed.
                for pos in 0..<36 {
                    if let pairs {
                        Kernels.bf16Gemm(m: t, n: c, k: f, mp + pos * t * f, lda: f, pairs + pos * c * f * 2, vp + pos * t * c, ldc: c)
                    } else {
                        Kernels.smallGemm(transA: false, m: t, n: c, k: f, mp + pos * t * f, lda: f, utp + pos * c * f, ldb: c,
                                          vp + pos * t * c, ldc: c)
                    }
                }
                let dxc = dx + start * g.inCount
                dxc.update(repeating: 0, count: m * g.inCount)
                Winograd.inputGradient(vp, g.batch(m), dxc, scratch: scratch.pointer)
            }
            start += m
        }
        Winograd.weightGradient(dup, count: c * f, p.dWeight.pointer, scratch: scratch.pointer)
    }
}
