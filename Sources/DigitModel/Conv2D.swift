import Glibc

/// 2-D convolution, stride 1, with bias and an optional fused ReLU: Winograd F(4×4, 3×3)
/// for the 3×3 layers it applies to (a quarter of the multiply-adds), im2col + GEMM otherwise.
/// input (N,H,W,C) -> output (N,OH,OW,F); weight (K,K,C,F), bias (F).
final class Conv2D: Layer {
    let inShape: Shape
    /// The layer's output: the convolution's, or the pooled one when pooling is fused in.
    let outShape: Shape
    /// The convolution's own output (before any fused pooling).
    let convShape: Shape
    /// Whether a following ReLU and 2×2 max pooling are computed in the Winograd output
    /// transform (Network.build asks for it; only the Winograd path can).
    let pooled: Bool
    private let winner = FloatBuffer()
    let k: Int, pad: Int, filters: Int
    let relu: Bool
    let weight: Param, bias: Param
    let dWeight: FloatBuffer, dBias: FloatBuffer
    private let out = FloatBuffer(), dx = FloatBuffer(), col = FloatBuffer()
    private var input: UnsafeMutablePointer<Float>?
    /// Whether this layer computes with Winograd's transforms (fixed at construction).
    let winograd: Bool
    /// Whether the forward pass is `Kernels.convolveOneChannel` (one input channel; the
    /// backward pass stays im2col + GEMM, whose shapes suit SGEMM there).
    let direct: Bool
    /// Winograd buffers: transformed weights and their gradient, one chunk's input tiles
    /// (V, reused for dV) and products (M, reused for dM), transform scratch.
    private let u = FloatBuffer(), du = FloatBuffer(), tilesIn = FloatBuffer(), tilesOut = FloatBuffer(), scratch = FloatBuffer()

    /// `DIGITREC_WINOGRAD=0` turns Winograd off everywhere (to compare the two in benchmarks).
    static let winogradAllowed = getenv("DIGITREC_WINOGRAD").map { String(cString: $0) != "0" } ?? true

    /// Images per im2col chunk: keeps the patch matrix near 512 K floats (2 MB) so that
    /// im2col, the GEMMs and col2im work out of the core's L2 cache.
    private var chunk: Int { max(1, Conv2D.budget / (outShape.h * outShape.w * k * k * inShape.c)) }
    static let budget = 512 * 1024

    /// Images per Winograd chunk: about 256 tiles, so that each of the 36 GEMMs has a few
    /// hundred rows while one chunk's tiles stay in the last-level cache.
    private var winogradChunk: Int {
        let t = Winograd.tiles(oh: convShape.h, ow: convShape.w)
        return max(1, Conv2D.tilesPerChunk / (t.y * t.x))
    }
    static let tilesPerChunk = 256

    init(input: Shape, filters: Int, kernel: Int, padding: LayerSpec.Padding, relu: Bool, weight: Param, bias: Param,
         winograd: Bool? = nil, direct: Bool? = nil, poolAfter: Bool = false) {
        inShape = input
        k = kernel
        pad = padding == .same ? kernel / 2 : 0
        self.filters = filters
        convShape = Shape(input.h + 2 * pad - kernel + 1, input.w + 2 * pad - kernel + 1, filters)
        let useWinograd = winograd ?? (Conv2D.winogradAllowed && Winograd.applies(kernel: kernel, inputChannels: input.c, filters: filters))
        pooled = poolAfter && relu && useWinograd && convShape.h >= 2 && convShape.w >= 2
        outShape = pooled ? Shape(convShape.h / 2, convShape.w / 2, filters) : convShape
        self.relu = relu
        self.weight = weight
        self.bias = bias
        dWeight = FloatBuffer(count: weight.count)
        dBias = FloatBuffer(count: bias.count)
        self.winograd = useWinograd
        self.direct = !useWinograd && (direct ?? (input.c == 1 && filters % 8 == 0))
    }

    var trainables: [(param: Param, grad: FloatBuffer)] { [(weight, dWeight), (bias, dBias)] }

    func forward(_ x: UnsafeMutablePointer<Float>, n: Int, context: inout PassContext) -> UnsafeMutablePointer<Float> {
        input = x
        if winograd { return forwardWinograd(x, n: n) }
        let y = out.ensure(n * outShape.count)
        if direct {
            Kernels.convolveOneChannel(x, n: n, h: inShape.h, w: inShape.w, k: k, pad: pad, oh: outShape.h, ow: outShape.w,
                                       weight.value.pointer, filters: filters, bias: bias.value.pointer, relu: relu, y)
            return y
        }
        let rows = outShape.h * outShape.w, kkc = k * k * inShape.c
        let colp = col.ensure(min(chunk, n) * rows * kkc)
        var start = 0
        while start < n {
            let m = min(chunk, n - start)
            Kernels.im2col(x + start * inShape.count, n: m, h: inShape.h, w: inShape.w, c: inShape.c,
                           k: k, pad: pad, oh: outShape.h, ow: outShape.w, colp)
            Kernels.gemm(false, false, m: m * rows, n: filters, k: kkc, colp, lda: kkc,
                         weight.value.pointer, ldb: filters, y + start * outShape.count, ldc: filters)
            // Per chunk, while the GEMM's output is still in cache.
            Kernels.addBias(y + start * outShape.count, rows: m * rows, cols: filters, bias.value.pointer, relu: relu)
            start += m
        }
        return y
    }

    func backward(_ dy: UnsafeMutablePointer<Float>, n: Int, needInputGrad: Bool) -> UnsafeMutablePointer<Float>? {
        guard let x = input else { return nil }
        if winograd { return backwardWinograd(dy, x: x, n: n, needInputGrad: needInputGrad) }
        let rows = outShape.h * outShape.w, kkc = k * k * inShape.c
        let colp = col.ensure(min(chunk, n) * rows * kkc)
        let dxp = needInputGrad ? dx.ensure(n * inShape.count) : nil
        var start = 0
        while start < n {
            let m = min(chunk, n - start)
            let dyc = dy + start * outShape.count
            // The ReLU mask and the bias gradient per chunk: the chunk of dY then stays in cache
            // for the two GEMMs below instead of being streamed from memory three times.
            if relu { Kernels.reluMask(dyc, out.pointer + start * outShape.count, count: m * outShape.count) }
            Kernels.columnSums(dyc, rows: m * rows, cols: filters, dBias.pointer, accumulate: start > 0)
            Kernels.im2col(x + start * inShape.count, n: m, h: inShape.h, w: inShape.w, c: inShape.c,
                           k: k, pad: pad, oh: outShape.h, ow: outShape.w, colp)
            // dW (KKC×F) += colᵀ · dY
            Kernels.gemm(true, false, m: kkc, n: filters, k: m * rows, colp, lda: kkc, dyc, ldb: filters,
                         dWeight.pointer, ldc: filters, accumulate: start > 0)
            if let dxp {
                // dCol = dY · Wᵀ, then scatter back into the image gradient
                Kernels.gemm(false, true, m: m * rows, n: kkc, k: filters, dyc, lda: filters,
                             weight.value.pointer, ldb: filters, colp, ldc: kkc)
                let dxc = dxp + start * inShape.count
                dxc.update(repeating: 0, count: m * inShape.count)
                Kernels.col2im(colp, n: m, h: inShape.h, w: inShape.w, c: inShape.c, k: k, pad: pad,
                               oh: outShape.h, ow: outShape.w, dxc)
            }
            start += m
        }
        return dxp
    }

    // MARK: Winograd F(4×4, 3×3)

    private func forwardWinograd(_ x: UnsafeMutablePointer<Float>, n: Int) -> UnsafeMutablePointer<Float> {
        let (c, f) = (inShape.c, filters)
        let tiles = Winograd.tiles(oh: convShape.h, ow: convShape.w)
        let perImage = tiles.y * tiles.x, chunk = winogradChunk
        let up = u.ensure(36 * c * f)
        let sp = scratch.ensure(max(18 * c * f, 36 * c, 16 * f))
        Winograd.transformWeights(weight.value.pointer, count: c * f, up, scratch: sp)
        let y = out.ensure(n * outShape.count)
        let code = pooled ? winner.ensure(n * outShape.count) : nil
        let vp = tilesIn.ensure(min(chunk, n) * perImage * 36 * c)
        let mp = tilesOut.ensure(min(chunk, n) * perImage * 36 * f)
        var start = 0
        while start < n {
            let m = min(chunk, n - start), t = m * perImage
            Winograd.transformInput(x + start * inShape.count, n: m, h: inShape.h, w: inShape.w, c: c, pad: pad,
                                    tiles: tiles, vp, scratch: sp)
            // M_p (T×F) = V_p (T×C) · U_p (C×F) for each of the 36 positions.
            for p in 0..<36 {
                Kernels.gemm(false, false, m: t, n: f, k: c, vp + p * c, lda: 36 * c, up + p * c * f, ldb: f,
                             mp + p * f, ldc: 36 * f)
            }
            if let code {
                Winograd.transformOutputPooled(mp, n: m, oh: convShape.h, ow: convShape.w, f: f, tiles: tiles,
                                               bias: bias.value.pointer, relu: relu, y + start * outShape.count,
                                               code: code + start * outShape.count, scratch: sp)
            } else {
                Winograd.transformOutput(mp, n: m, oh: convShape.h, ow: convShape.w, f: f, tiles: tiles,
                                         bias: bias.value.pointer, relu: relu, y + start * outShape.count, scratch: sp)
            }
            start += m
        }
        return y
    }

    /// The exact adjoint of `forwardWinograd`: dM from dY through the output transform (and the
    /// fused pooling), then dU_p += V_pᵀ dM_p and dV_p = dM_p U_pᵀ per position, and the weight
    /// and input transforms run backwards.
    private func backwardWinograd(_ dy: UnsafeMutablePointer<Float>, x: UnsafeMutablePointer<Float>, n: Int,
                                  needInputGrad: Bool) -> UnsafeMutablePointer<Float>? {
        let (c, f) = (inShape.c, filters)
        let tiles = Winograd.tiles(oh: convShape.h, ow: convShape.w)
        let perImage = tiles.y * tiles.x, chunk = winogradChunk, rows = outShape.h * outShape.w
        let up = u.pointer, dup = du.ensure(36 * c * f)
        let vp = tilesIn.ensure(min(chunk, n) * perImage * 36 * c)
        let mp = tilesOut.ensure(min(chunk, n) * perImage * 36 * f)
        let dxp = needInputGrad ? dx.ensure(n * inShape.count) : nil
        if pooled { dBias.zero(f) }
        var start = 0
        while start < n {
            let m = min(chunk, n - start), t = m * perImage
            let dyc = dy + start * outShape.count
            if pooled {
                Winograd.pooledOutputGradient(dyc, y: out.pointer + start * outShape.count,
                                              code: winner.pointer + start * outShape.count, n: m,
                                              oh: convShape.h, ow: convShape.w, f: f, tiles: tiles, relu: relu,
                                              dBias: dBias.pointer, mp)
            } else {
                if relu { Kernels.reluMask(dyc, out.pointer + start * outShape.count, count: m * outShape.count) }
                Kernels.columnSums(dyc, rows: m * rows, cols: f, dBias.pointer, accumulate: start > 0)
                Winograd.outputGradient(dyc, n: m, oh: convShape.h, ow: convShape.w, f: f, tiles: tiles, mp)
            }
            Winograd.transformInput(x + start * inShape.count, n: m, h: inShape.h, w: inShape.w, c: c, pad: pad,
                                    tiles: tiles, vp, scratch: scratch.pointer)
            for p in 0..<36 {
                Kernels.gemm(true, false, m: c, n: f, k: t, vp + p * c, lda: 36 * c, mp + p * f, ldb: 36 * f,
                             dup + p * c * f, ldc: f, accumulate: start > 0)
            }
            if let dxp {
                // dV overwrites V, which is no longer needed.
                for p in 0..<36 {
                    Kernels.gemm(false, true, m: t, n: c, k: f, mp + p * f, lda: 36 * f, up + p * c * f, ldb: f,
                                 vp + p * c, ldc: 36 * c)
                }
                let dxc = dxp + start * inShape.count
                dxc.update(repeating: 0, count: m * inShape.count)
                Winograd.inputGradient(vp, n: m, h: inShape.h, w: inShape.w, c: c, pad: pad, tiles: tiles, dxc)
            }
            start += m
        }
        Winograd.weightGradient(dup, count: c * f, dWeight.pointer, scratch: scratch.pointer)
        return dxp
    }
}
