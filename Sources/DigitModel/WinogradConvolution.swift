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
    /// U and Uᵀ rounded to bf16 pairs for `Kernels.bf16Gemm` (`bf16`), 36·C·F/2 floats' room
    /// each; one chunk's V and dM as pairs along the tiles for the filter gradient's `bf16GemmTN`.
    private let uPairs = FloatBuffer(), utPairs = FloatBuffer(), vPairs = FloatBuffer(), dmPairs = FloatBuffer()
    /// Two tiles' positions on their way to bf16 (`TileSink`).
    private let sinkTiles = FloatBuffer()

    /// Whether the bf16 path runs here (`CPU.bf16`; tests turn it on where the CPU has AVX512-BF16).
    var bf16 = CPU.bf16
    /// On the bf16 path, whether the transforms round V and dM as they write them (`TileSink`)
    /// rather than writing fp32 panels that are rounded afterwards: the same bits either way;
    /// tests turn it off to compare. `roundedChunks` counts the chunks that took it.
    var roundsInTransforms = true
    private(set) var roundedChunks = 0

    /// Whether inference runs F(6×6, 3×3) here (`Winograd6.runs`); training always runs F(4×4).
    let inferenceSix: Bool
    /// Whether F(6×6) copies the outputs of tiles whose input is one value per channel
    /// (`ConstantTiles.runs`; tests turn it off to compare), and the tile it keeps for that.
    var reusesConstantTiles = ConstantTiles.runs
    let constantTiles = ConstantTiles()

    init(_ geometry: ConvGeometry, _ p: ConvParameters, pooled: Bool, six: Bool? = nil) {
        self.geometry = geometry
        self.p = p
        self.pooled = pooled
        outCount = ConvAlgorithmKind.winograd(pooled: pooled).outputShape(geometry).count
        inferenceSix = six ?? Winograd6.runs(geometry)
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

    /// Transformed weights U, the transforms' scratch, one chunk's V and M (see `forward`); for
    /// F(6×6) too when inference runs it.
    func scratchFloats(n: Int) -> [Int] { WinogradConvolution.scratchFloats(geometry, n: n, six: inferenceSix) }

    /// The same for a layer of geometry `g` (`ExecutionPlan.convScratch` bounds their sum).
    static func scratchFloats(_ g: ConvGeometry, n: Int, six: Bool) -> [Int] {
        let (c, f) = (g.c, g.f), tiles = Winograd.tiles(g)
        let chunkTiles = min(max(1, tilesPerChunk / (tiles.y * tiles.x)), n) * tiles.y * tiles.x
        let four = [36 * c * f, max(18 * c * f, 36 * c, 40 * f),
                    36 * Winograd.positionStride(chunkTiles * c), 36 * Winograd.positionStride(chunkTiles * f)]
        guard six else { return four }
        return zip(four, Winograd6.scratchFloats(g, n: n)).map { max($0, $1) }
    }

    func forward(_ x: UnsafePointer<Float>, n: Int, _ y: UnsafeMutablePointer<Float>, context: PassContext) {
        if inferenceSix && !context.training { return forwardSix(x, n: n, y, context: context) }
        let pass = beginForward(n: n, context: context)
        var start = 0
        while start < n {
            let m = min(chunk, n - start)
            forwardChunk(x + start * geometry.inCount, m: m, at: start, y + start * outCount, pass)
            start += m
        }
    }

    /// What the chunks of one forward pass share: the transform scratch, U (and its bf16 pairs),
    /// the winners, and one chunk's V and M.
    struct ForwardPass {
        let scratch: UnsafeMutablePointer<Float>, u: UnsafeMutablePointer<Float>
        let code: UnsafeMutablePointer<Float>?
        let v: UnsafeMutablePointer<Float>, m: UnsafeMutablePointer<Float>
        let pairs: UnsafeRawPointer?
    }

    /// Transforms the weights and sizes the buffers for a forward pass over `n` images, whose
    /// chunks `forwardChunk` then runs in order.
    func beginForward(n: Int, context: PassContext) -> ForwardPass {
        let (c, f) = (geometry.c, geometry.f)
        let need = scratchFloats(n: n)
        let sp = context.scratch(scratch, .transform).ensure(need[1])
        // A batch in slices keeps U in the layer's own buffer from its first slice (the worker's
        // shared one is every convolution's): transforming per slice of 8 images was 2–4 % of
        // evaluating 10k images.
        let up = context.slice == .whole ? context.scratch(u, .weights).ensure(need[0]) : u.ensure(need[0])
        if context.slice != .later { Winograd.transformWeights(p.weight.value.pointer, count: c * f, up, scratch: sp) }
        let code = pooled ? context.codes(winner).ensure(n * outCount) : nil
        let vp = context.scratch(tilesIn, .tilesIn).ensure(need[2])
        let mp = context.scratch(tilesOut, .tilesOut).ensure(need[3])
        let pairs = WinogradConvolution.bf16Pairs(up, k: c, n: f, bf16: bf16, into: uPairs)
        return ForwardPass(scratch: sp, u: up, code: code, v: vp, m: mp, pairs: pairs)
    }

    /// Images start..<start + m (m ≤ `chunk`) of a forward pass: `x` their input, `y` their
    /// outputs (m images' worth), their winners at image `start` of the pass's.
    func forwardChunk(_ x: UnsafePointer<Float>, m: Int, at start: Int, _ y: UnsafeMutablePointer<Float>, _ pass: ForwardPass) {
        let g = geometry, (c, f) = (g.c, g.f)
        let tiles = Winograd.tiles(g)
        let t = m * tiles.y * tiles.x, (sp, vp, mp) = (pass.scratch, pass.v, pass.m)
        let (vs, ms) = (Winograd.positionStride(t * c), Winograd.positionStride(t * f))
        if let pairs = pass.pairs, roundsInTransforms && Kernels.bf16RoundedTakes(k: c) {
            roundedChunks += 1
            // V rounded to bf16 as it is transformed (half the bytes of the fp32 panels: fits in vp),
            // tile by tile (`tileMajor`).
            let rows = UnsafeMutableRawPointer(vp)
            let sink = TileSink.bf16(rows: rows, rowStride: c, rowTileStride: WinogradConvolution.rowTileStride(c), pairs: nil, pairStride: 0,
                                     buffer: sinkTiles.ensure(TileSink.bufferFloats(width: c)), width: c)
            Winograd.transformInput(x, g.batch(m), into: sink, scratch: sp)
            for pos in 0..<36 {
                Kernels.bf16GemmRounded(m: t, n: f, k: c, rows + pos * c * 2, lda: WinogradConvolution.rowTileStride(c), pairs + pos * c * f * 2, ldp: f,
                                        mp + pos * ms, ldc: f)
            }
        } else {
            Winograd.transformInput(x, g.batch(m), vp, positionStride: vs, scratch: sp)
            // M_p (T×F) = V_p (T×C) · U_p (C×F) for each of the 36 positions.
            WinogradConvolution.products(t: t, n: f, k: c, vp, aStride: vs, pass.u, pairs: pass.pairs, mp, cStride: ms)
        }
        if let code = pass.code {
            Winograd.transformOutputPooled(mp, positionStride: ms, g.batch(m), bias: p.bias.value.pointer, relu: p.relu,
                                           y, code: code + start * outCount, scratch: sp)
        } else {
            Winograd.transformOutput(mp, positionStride: ms, g.batch(m), bias: p.bias.value.pointer, relu: p.relu,
                                     y, scratch: sp)
        }
    }

    /// Inference through F(6×6, 3×3): the same steps as `forward` with 64 positions, in the
    /// AVX-512 transforms (no pooling winners: no backward follows).
    private func forwardSix(_ x: UnsafePointer<Float>, n: Int, _ y: UnsafeMutablePointer<Float>, context: PassContext) {
        let g = geometry, (c, f) = (g.c, g.f)
        let tiles = Winograd6.tiles(g), perImage = tiles.y * tiles.x, chunk = Winograd6.chunk(g)
        let need = scratchFloats(n: n)
        let sp = context.scratch(scratch, .transform).ensure(need[1])
        let up = context.slice == .whole ? context.scratch(u, .weights).ensure(need[0]) : u.ensure(need[0])
        if context.slice != .later {
            Winograd6.transformWeights(p.weight.value.pointer, count: c * f, up, scratch: sp)
            constantTiles.forget()
        }
        let vp = context.scratch(tilesIn, .tilesIn).ensure(need[2])
        let mp = context.scratch(tilesOut, .tilesOut).ensure(need[3])
        var start = 0
        while start < n {
            let m = min(chunk, n - start), t = m * perImage
            let (vs, ms) = (Winograd.positionStride(t * c), Winograd.positionStride(t * f))
            let (xs, ys, gs) = (x + start * g.inCount, y + start * outCount, g.batch(m))
            // The tiles that copy a kept tile's outputs have no rows in V and M.
            let rows = reusesConstantTiles ? constantTiles.transformInput(xs, gs, vp, positionStride: vs)
                : Winograd6.transformInput(xs, gs, vp, positionStride: vs)
            // M_p (rows×F) = V_p (rows×C) · U_p (C×F) for each of the 64 positions.
            for pos in 0..<64 where rows > 0 {
                Kernels.smallGemm(transA: false, m: rows, n: f, k: c, vp + pos * vs, lda: c, up + pos * c * f, ldb: f,
                                  mp + pos * ms, ldc: f)
            }
            if reusesConstantTiles {
                constantTiles.transformOutput(mp, positionStride: ms, gs, bias: p.bias.value.pointer, relu: p.relu,
                                              pooled: pooled, ys, input: xs)
            } else {
                Winograd6.transformOutput(mp, positionStride: ms, gs, bias: p.bias.value.pointer, relu: p.relu,
                                          pooled: pooled, ys)
            }
            start += m
        }
    }

    /// The exact adjoint of `forward`: dM from dY through the output transform (and the fused
    /// pooling), then dU_p += V_pᵀ dM_p and dV_p = dM_p U_pᵀ per position, and the weight and
    /// input transforms run backwards.
    func backward(_ dy: UnsafeMutablePointer<Float>, x: UnsafePointer<Float>, y: UnsafePointer<Float>, n: Int,
                  _ dx: UnsafeMutablePointer<Float>?) {
        let pass = beginBackward(n: n, inputGradient: dx != nil)
        var start = 0
        while start < n {
            let m = min(chunk, n - start)
            backwardChunk(dy, x: x + start * geometry.inCount, y: y, m: m, at: start,
                          dx.map { $0 + start * geometry.inCount }, pass)
            start += m
        }
        finishBackward(pass)
    }

    /// What the chunks of one backward pass share: dU, Uᵀ (and its bf16 pairs), one chunk's V and M.
    struct BackwardPass {
        let du: UnsafeMutablePointer<Float>, ut: UnsafeMutablePointer<Float>
        let pairs: UnsafeRawPointer?
        let v: UnsafeMutablePointer<Float>, m: UnsafeMutablePointer<Float>
        let inputGradient: Bool
    }

    /// Sizes the buffers of a backward pass over `n` images (and Uᵀ when the input gradient is
    /// asked for), whose chunks `backwardChunk` then runs in order, and `finishBackward` ends.
    func beginBackward(n: Int, inputGradient: Bool) -> BackwardPass {
        let g = geometry, (c, f) = (g.c, g.f)
        let tiles = Winograd.tiles(g)
        let perImage = tiles.y * tiles.x
        let up = u.pointer, dup = du.ensure(36 * c * f)
        let utp = ut.ensure(36 * c * f)
        if inputGradient {
            for pos in 0..<36 { Kernels.transpose(up + pos * c * f, rows: c, cols: f, utp + pos * c * f) }
        }
        let pairs = inputGradient ? WinogradConvolution.bf16Pairs(utp, k: f, n: c, bf16: bf16, into: utPairs) : nil
        let vp = tilesIn.ensure(min(chunk, n) * perImage * 36 * c)
        // (As much as the forward pass's padded panels: room for dM's bf16 rows in `roundedChunk` too.)
        let mp = tilesOut.ensure(36 * Winograd.positionStride(min(chunk, n) * perImage * f))
        if pooled { p.dBias.zero(f) }
        return BackwardPass(du: dup, ut: utp, pairs: pairs, v: vp, m: mp, inputGradient: inputGradient)
    }

    /// Images start..<start + m (m ≤ `chunk`) of a backward pass, in order from 0: `x` their
    /// input and `dx` (when the pass has the input gradient) theirs; dY, the output and the
    /// winners at image `start` of `dy` and `y`. Adds into dU and dBias. `dropout`: the keep
    /// scale of a dropout after the (pooled) layer that marked its dropped winners in the codes
    /// (`Dropout.applyMarkingWinners`) and whose backward pass has not run.
    func backwardChunk(_ dy: UnsafeMutablePointer<Float>, dropout: Float? = nil, x: UnsafePointer<Float>,
                       y: UnsafePointer<Float>, m: Int, at start: Int, _ dx: UnsafeMutablePointer<Float>?, _ pass: BackwardPass) {
        precondition(dropout == nil || pooled, "backwardChunk: a dropout without pooling")
        let g = geometry, (c, f) = (g.c, g.f)
        let tiles = Winograd.tiles(g)
        let t = m * tiles.y * tiles.x, rows = g.oh * g.ow
        let (vp, mp, dup, pairs) = (pass.v, pass.m, pass.du, pass.pairs)
        let dx = pass.inputGradient ? dx : nil
        let dyc = dy + start * outCount
        if pooled && bf16 && roundsInTransforms && t % 2 == 0 && Kernels.bf16RoundedTakes(k: f) && (dx == nil || pairs != nil) {
            roundedChunks += 1
            roundedChunk(t: t, dyc, dropout: dropout, code: winner.pointer + start * outCount,
                         x: x, g.batch(m), utPairs: pairs, dup, accumulate: start > 0, dx)
            return
        }
        if pooled {
            Winograd.pooledOutputGradient(dyc, dropout: dropout, code: winner.pointer + start * outCount,
                                          g.batch(m), relu: p.relu, dBias: p.dBias.pointer,
                                          into: .floats(mp, stride: t * f, width: f), scratch: scratch.pointer)
        } else {
            if p.relu { Kernels.reluMask(dyc, y + start * outCount, count: m * outCount) }
            Kernels.columnSums(dyc, rows: m * rows, cols: f, p.dBias.pointer, accumulate: start > 0)
            Winograd.outputGradient(dyc, g.batch(m), mp, scratch: scratch.pointer)
        }
        Winograd.transformInput(x, g.batch(m), vp, scratch: scratch.pointer)
        filterGradientProducts(t: t, vp, mp, dup, accumulate: start > 0)
        if let dx {
            // dV overwrites V, which is no longer needed.
            WinogradConvolution.products(t: t, n: c, k: f, mp, pass.ut, pairs: pairs, vp)
            Winograd.inputGradient(vp, g.batch(m), dx, scratch: scratch.pointer)
        }
    }

    /// dW from the dU that the chunks summed.
    func finishBackward(_ pass: BackwardPass) {
        Winograd.weightGradient(pass.du, count: geometry.c * geometry.f, p.dWeight.pointer, scratch: scratch.pointer)
    }

    /// One chunk of `backward` on the bf16 path, pooled: dM rounded as the pooled output gradient
    /// makes it (rows for dV = dM·Uᵀ, pairs of tiles for dU), and V as pairs of tiles as it is
    /// transformed — `TileSink`'s roundings of what the fp32 panels held, so the same bits.
    private func roundedChunk(t: Int, _ dy: UnsafeMutablePointer<Float>, dropout: Float?, code: UnsafePointer<Float>,
                              x: UnsafePointer<Float>, _ g: ConvGeometry, utPairs: UnsafeRawPointer?,
                              _ dup: UnsafeMutablePointer<Float>, accumulate: Bool, _ dx: UnsafeMutablePointer<Float>?) {
        let (c, f) = (g.c, g.f)
        let sp = scratch.pointer, buffer = sinkTiles.ensure(TileSink.bufferFloats(width: max(c, f)))
        // dM's bf16 rows where its fp32 panels were (`backward` sizes them for it), its and V's pairs
        // apart; all tile by tile (`tileMajor`).
        let dmRows = UnsafeMutableRawPointer(tilesOut.pointer), rts = Self.rowTileStride(f)
        let (vts, dmts) = (Self.pairTileStride(c), Self.pairTileStride(f))
        let vp = UnsafeMutableRawPointer(vPairs.ensure(t / 2 * vts)), dmp = UnsafeMutableRawPointer(dmPairs.ensure(t / 2 * dmts))
        Winograd.pooledOutputGradient(dy, dropout: dropout, code: code, g, relu: p.relu, dBias: p.dBias.pointer,
                                      into: .bf16(rows: dmRows, rowStride: f, rowTileStride: rts, pairs: dmp, pairStride: f,
                                                  pairTileStride: dmts, buffer: buffer, width: f),
                                      scratch: sp)
        Winograd.transformInput(x, g, into: .bf16(rows: nil, rowStride: 0, pairs: vp, pairStride: c, pairTileStride: vts,
                                                  buffer: buffer, width: c),
                                scratch: sp)
        for pos in 0..<36 {
            Kernels.bf16GemmTN(m: c, n: f, k: t, vp + pos * c * 4, ldap: vts, dmp + pos * f * 4, ldbp: dmts,
                               dup + pos * c * f, ldc: f, accumulate: accumulate)
        }
        guard let dx, let utPairs else { return }
        // dV (fp32, in V's old panels) = dM·Uᵀ per position, then into dX.
        let dv = tilesIn.pointer
        for pos in 0..<36 {
            Kernels.bf16GemmRounded(m: t, n: c, k: f, dmRows + pos * f * 2, lda: rts, utPairs + pos * f * c * 2, ldp: c,
                                    dv + pos * t * c, ldc: c)
        }
        Winograd.inputGradient(dv, g, dx, scratch: sp)
    }

    // tileMajor: the bf16 path's rows and pairs lie tile by tile (a tile's, or a pair of tiles',
    // 36 positions one after the other), and the GEMMs read a position's rows a tile apart (lda,
    // ldap, ldbp). In position-major panels every tile wrote 36 short runs into 36 panels; the
    // GEMMs read the same rows either way, and the products do not depend on where the rows lie:
    // the same bits.

    /// uint16 elements from one tile's bf16 rows to the next (36 positions of `width`), 64 bytes
    /// more: 36·64 values are 72 lines of 64 bytes, and a GEMM reading rows that far apart would
    /// find them in only 8 of the L1 cache's 64 sets.
    static func rowTileStride(_ width: Int) -> Int { 36 * width + 32 }

    /// uint32 elements from one pair of tiles' pairs to the next, 64 bytes more (the filter
    /// gradient keeps a position's 36 rows of dM's pairs in L1 while V's stream by).
    static func pairTileStride(_ width: Int) -> Int { 36 * width + 16 }

    /// B_p (k×n each, the 36 of them k·n apart) rounded to bf16 pairs along k (rows n apart: each
    /// position's pairs contiguous) into `buffer` when the bf16 path runs for this k (`bf16`);
    /// nil otherwise, and the fp32 kernel reads B where it lies.
    private static func bf16Pairs(_ b: UnsafePointer<Float>, k: Int, n: Int, bf16: Bool,
                                  into buffer: FloatBuffer) -> UnsafeRawPointer? {
        guard bf16 && Kernels.bf16Takes(k: k) else { return nil }
        let out = UnsafeMutableRawPointer(buffer.ensure(18 * k * n))
        for pos in 0..<36 { Kernels.packBF16Pairs(k: k, n: n, b + pos * k * n, ldb: n, out + pos * k * n * 2, ldo: n) }
        return UnsafeRawPointer(out)
    }

    /// C_p (t×n) = A_p (t×k) · B_p (k×n) for the 36 positions (A's and C's panels `aStride` and
    /// `cStride` apart, contiguous by default): in bf16 from B's `pairs` when there are some, in
    /// fp32 otherwise. The forward product (V·U) and the input gradient's (dM·Uᵀ).
    private static func products(t: Int, n: Int, k: Int, _ a: UnsafePointer<Float>, aStride: Int? = nil,
                                 _ b: UnsafePointer<Float>, pairs: UnsafeRawPointer?,
                                 _ c: UnsafeMutablePointer<Float>, cStride: Int? = nil) {
        let (sa, sc) = (aStride ?? t * k, cStride ?? t * n)
        for pos in 0..<36 {
            if let pairs {
                Kernels.bf16Gemm(m: t, n: n, k: k, a + pos * sa, lda: k, pairs + pos * k * n * 2, ldp: n, c + pos * sc, ldc: n)
            } else {
                Kernels.smallGemm(transA: false, m: t, n: n, k: k, a + pos * sa, lda: k, b + pos * k * n, ldb: n,
                                  c + pos * sc, ldc: n)
            }
        }
    }

    /// dU_p (C×F) (+)= V_pᵀ (C×T) · dM_p (T×F) for the 36 positions: in bf16 with both operands
    /// rounded into pairs along the tiles when the bf16 path runs (and T is even), in fp32 otherwise.
    private func filterGradientProducts(t: Int, _ vp: UnsafePointer<Float>, _ mp: UnsafePointer<Float>,
                                        _ dup: UnsafeMutablePointer<Float>, accumulate: Bool) {
        let (c, f) = (geometry.c, geometry.f)
        if let vPairs = WinogradConvolution.bf16Pairs(vp, k: t, n: c, bf16: bf16, into: vPairs),
           let dmPairs = WinogradConvolution.bf16Pairs(mp, k: t, n: f, bf16: bf16, into: dmPairs) {
            for pos in 0..<36 {
                Kernels.bf16GemmTN(m: c, n: f, k: t, vPairs + pos * t * c * 2, ldap: c, dmPairs + pos * t * f * 2, ldbp: f,
                                   dup + pos * c * f, ldc: f, accumulate: accumulate)
            }
        } else {
            for pos in 0..<36 {
                Kernels.smallGemm(transA: true, m: c, n: f, k: t, vp + pos * t * c, lda: c, mp + pos * t * f, ldb: f,
                                  dup + pos * c * f, ldc: f, accumulate: accumulate)
            }
        }
    }
}
