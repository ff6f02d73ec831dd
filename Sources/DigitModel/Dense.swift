/// Fully connected layer with an optional fused ReLU.
/// input (N,IN) -> output (N,OUT); weight (IN,OUT), bias (OUT).
final class Dense: Layer {
    let inShape: Shape
    let outShape: Shape
    let relu: Bool
    let weight: Param, bias: Param
    let dWeight: FloatBuffer, dBias: FloatBuffer
    private let out = FloatBuffer(), dx = FloatBuffer()
    /// The bf16 path's operands rounded into pairs (`CPU.bf16`): W along IN, Wᵀ along OUT, the
    /// input and dY along the batch.
    private let wPairs = FloatBuffer(), wtPairs = FloatBuffer(), xPairs = FloatBuffer(), dyPairs = FloatBuffer()
    /// Whether `wtPairs` holds the weights of the last training forward pass (packed there with
    /// `wPairs`: W is read once per step instead of twice).
    private var wtPacked = false
    private var input: UnsafeMutablePointer<Float>?

    init(input: Shape, units: Int, relu: Bool, weight: Param, bias: Param) {
        inShape = input
        outShape = Shape(1, 1, units)
        self.relu = relu
        self.weight = weight
        self.bias = bias
        // Gradients take memory only once the layer trains (see `backward`).
        dWeight = FloatBuffer()
        dBias = FloatBuffer()
    }

    var trainables: [(param: Param, grad: FloatBuffer)] { [(weight, dWeight), (bias, dBias)] }

    func forward(_ x: UnsafeMutablePointer<Float>, n: Int, context: inout PassContext) -> UnsafeMutablePointer<Float> {
        input = x
        let i = inShape.count, o = outShape.count
        let y = context.output(out, input: x).ensure(n * o)
        if CPU.sparseDense && !context.training {
            // Inputs after a ReLU are largely zeros, which this GEMM skips (the others it just multiplies).
            Kernels.sparseGemm(m: n, n: o, k: i, x, lda: i, weight.value.pointer, ldb: o, y, ldc: o)
        } else if CPU.bf16 && Kernels.bf16Takes(k: i) && o % 8 == 0 {
            let wp = UnsafeMutableRawPointer(wPairs.ensure(Kernels.bf16PairFloats(k: i, n: o)))
            wtPacked = context.training && i % 8 == 0
            if wtPacked {
                let wtp = UnsafeMutableRawPointer(wtPairs.ensure(Kernels.bf16PairFloats(k: o, n: i)))
                Kernels.packBF16PairsBoth(k: i, n: o, weight.value.pointer, wp, transposed: wtp)
            } else {
                Kernels.packBF16Pairs(k: i, n: o, weight.value.pointer, ldb: o, wp)
            }
            Kernels.bf16Gemm(m: n, n: o, k: i, x, lda: i, wp, y, ldc: o)
        } else {
            Kernels.gemm(false, false, m: n, n: o, k: i, x, lda: i, weight.value.pointer, ldb: o, y, ldc: o)
        }
        Kernels.addBias(y, rows: n, cols: o, bias.value.pointer, relu: relu)
        return y
    }

    func backward(_ dy: UnsafeMutablePointer<Float>, n: Int, needInputGrad: Bool) -> UnsafeMutablePointer<Float>? {
        dWeight.ensure(weight.count)
        dBias.ensure(bias.count)
        guard let x = input else { return nil }
        let i = inShape.count, o = outShape.count
        if relu { Kernels.reluMask(dy, out.pointer, count: n * o) }
        Kernels.columnSums(dy, rows: n, cols: o, dBias.pointer, accumulate: false)
        if CPU.bf16 && Kernels.bf16Takes(k: n) && o % 8 == 0 {
            let xp = UnsafeMutableRawPointer(xPairs.ensure(Kernels.bf16PairFloats(k: n, n: i)))
            let dyp = UnsafeMutableRawPointer(dyPairs.ensure(Kernels.bf16PairFloats(k: n, n: o)))
            Kernels.packBF16Pairs(k: n, n: i, x, ldb: i, xp)
            Kernels.packBF16Pairs(k: n, n: o, dy, ldb: o, dyp)
            Kernels.bf16GemmTN(m: i, n: o, k: n, xp, dyp, dWeight.pointer, ldc: o)
        } else {
            Kernels.gemm(true, false, m: i, n: o, k: n, x, lda: i, dy, ldb: o, dWeight.pointer, ldc: o)
        }
        guard needInputGrad else { return nil }
        let dxp = dx.ensure(n * i)
        if CPU.bf16 && Kernels.bf16Takes(k: o) && i % 8 == 0 {
            let wtp = UnsafeMutableRawPointer(wtPairs.ensure(Kernels.bf16PairFloats(k: o, n: i)))
            if !wtPacked { Kernels.packBF16PairsTransposed(k: o, n: i, weight.value.pointer, ldbt: o, wtp) }
            wtPacked = false
            Kernels.bf16Gemm(m: n, n: i, k: o, dy, lda: o, wtp, dxp, ldc: i)
        } else {
            Kernels.gemm(false, true, m: n, n: i, k: o, dy, lda: o, weight.value.pointer, ldb: o, dxp, ldc: i)
        }
        return dxp
    }
}
