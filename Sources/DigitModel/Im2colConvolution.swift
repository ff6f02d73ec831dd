/// The reference convolution: each chunk of images unrolled into a patch matrix (im2col),
/// one GEMM with the weights, bias and ReLU; backward through the same patches and col2im.
final class Im2colConvolution: ConvolutionAlgorithm {
    let geometry: ConvGeometry
    let p: ConvParameters
    /// Patch matrix of one chunk (chunk·OH·OW, K·K·C), reused for its gradient.
    private let col = FloatBuffer()

    init(_ geometry: ConvGeometry, _ p: ConvParameters) {
        self.geometry = geometry
        self.p = p
    }

    /// Images per chunk: keeps the patch matrix near 512 K floats (2 MB) so that im2col, the
    /// GEMMs and col2im work out of the core's L2 cache.
    var chunk: Int { max(1, Im2colConvolution.budget / (geometry.oh * geometry.ow * geometry.patch)) }
    static let budget = 512 * 1024

    /// The patch matrix of one chunk.
    func scratchFloats(n: Int) -> [Int] { [0, 0, min(chunk, n) * geometry.oh * geometry.ow * geometry.patch, 0] }

    func forward(_ x: UnsafePointer<Float>, n: Int, _ y: UnsafeMutablePointer<Float>, context: PassContext) {
        let g = geometry, rows = g.oh * g.ow
        let colp = context.scratch(col, .tilesIn).ensure(scratchFloats(n: n)[2])
        var start = 0
        while start < n {
            let m = min(chunk, n - start)
            Kernels.im2col(x + start * g.inCount, g.batch(m), colp)
            Kernels.gemm(false, false, m: m * rows, n: g.f, k: g.patch, colp, lda: g.patch,
                         p.weight.value.pointer, ldb: g.f, y + start * g.outCount, ldc: g.f)
            // Per chunk, while the GEMM's output is still in cache.
            Kernels.addBias(y + start * g.outCount, rows: m * rows, cols: g.f, p.bias.value.pointer, relu: p.relu)
            start += m
        }
    }

    func backward(_ dy: UnsafeMutablePointer<Float>, x: UnsafePointer<Float>, y: UnsafePointer<Float>, n: Int,
                  _ dx: UnsafeMutablePointer<Float>?) {
        let g = geometry, rows = g.oh * g.ow
        let colp = col.ensure(min(chunk, n) * rows * g.patch)
        var start = 0
        while start < n {
            let m = min(chunk, n - start)
            let dyc = dy + start * g.outCount
            // The ReLU mask and the bias gradient per chunk: the chunk of dY then stays in cache
            // for the two GEMMs below instead of being streamed from memory three times.
            if p.relu { Kernels.reluMask(dyc, y + start * g.outCount, count: m * g.outCount) }
            Kernels.columnSums(dyc, rows: m * rows, cols: g.f, p.dBias.pointer, accumulate: start > 0)
            Kernels.im2col(x + start * g.inCount, g.batch(m), colp)
            // dW (KKC×F) += colᵀ · dY
            Kernels.gemm(true, false, m: g.patch, n: g.f, k: m * rows, colp, lda: g.patch, dyc, ldb: g.f,
                         p.dWeight.pointer, ldc: g.f, accumulate: start > 0)
            if let dx {
                // dCol = dY · Wᵀ, then scatter back into the image gradient
                Kernels.gemm(false, true, m: m * rows, n: g.patch, k: g.f, dyc, lda: g.f,
                             p.weight.value.pointer, ldb: g.f, colp, ldc: g.patch)
                let dxc = dx + start * g.inCount
                dxc.update(repeating: 0, count: m * g.inCount)
                Kernels.col2im(colp, g.batch(m), dxc)
            }
            start += m
        }
    }
}
