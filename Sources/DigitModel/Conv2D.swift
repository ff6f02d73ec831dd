/// 2-D convolution, stride 1, as im2col + GEMM, with bias and an optional fused ReLU.
/// input (N,H,W,C) -> output (N,OH,OW,F); weight (K,K,C,F), bias (F).
final class Conv2D: Layer {
    let inShape: Shape
    let outShape: Shape
    let k: Int, pad: Int, filters: Int
    let relu: Bool
    let weight: Param, bias: Param
    let dWeight: FloatBuffer, dBias: FloatBuffer
    private let out = FloatBuffer(), dx = FloatBuffer(), col = FloatBuffer()
    private var input: UnsafeMutablePointer<Float>?

    /// Images per im2col chunk: keeps the patch matrix near 512 K floats (2 MB) so that
    /// im2col, the GEMMs and col2im work out of the core's L2 cache.
    private var chunk: Int { max(1, Conv2D.budget / (outShape.h * outShape.w * k * k * inShape.c)) }
    static let budget = 512 * 1024

    init(input: Shape, filters: Int, kernel: Int, padding: LayerSpec.Padding, relu: Bool, weight: Param, bias: Param) {
        inShape = input
        k = kernel
        pad = padding == .same ? kernel / 2 : 0
        self.filters = filters
        outShape = Shape(input.h + 2 * pad - kernel + 1, input.w + 2 * pad - kernel + 1, filters)
        self.relu = relu
        self.weight = weight
        self.bias = bias
        dWeight = FloatBuffer(count: weight.count)
        dBias = FloatBuffer(count: bias.count)
    }

    var trainables: [(param: Param, grad: FloatBuffer)] { [(weight, dWeight), (bias, dBias)] }

    func forward(_ x: UnsafeMutablePointer<Float>, n: Int, context: inout PassContext) -> UnsafeMutablePointer<Float> {
        input = x
        let y = out.ensure(n * outShape.count)
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
}
