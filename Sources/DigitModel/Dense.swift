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
    /// (W's own two are left unmade in a training step that brings shared ones: tests look.)
    let wPairs = FloatBuffer(), wtPairs = FloatBuffer()
    private let xPairs = FloatBuffer(), dyPairs = FloatBuffer()
    /// W's pairs made once per training step for every worker's copy of this layer (`WeightPairs`).
    let shared: WeightPairs?
    /// Whether the bf16 path runs here (`CPU.bf16`; tests turn it on where the CPU has AVX512-BF16).
    var bf16 = CPU.bf16
    /// Whether the fp32 products may run on the own kernel (`CPU.ownDense`, where it takes them:
    /// `ownTakes`); tests turn it off for OpenBLAS, the reference, or force it for every shape.
    var ownFP32 = CPU.ownDense
    var ownFP32Always = false
    /// Wᵀ's pairs for the last training forward pass's weights, when it had them (made with
    /// W's, in `wtPairs` or in `shared`: W is read once per step instead of twice).
    private var wtSource: UnsafeRawPointer?
    private var input: UnsafeMutablePointer<Float>?

    init(input: Shape, units: Int, relu: Bool, weight: Param, bias: Param, shared: WeightPairs? = nil) {
        self.shared = shared
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
        wtSource = nil
        let i = inShape.count, o = outShape.count
        let y = context.output(out, input: x).ensure(n * o)
        if CPU.sparseDense && !context.training {
            // Inputs after a ReLU are largely zeros, which this GEMM skips (the others it just multiplies).
            Kernels.sparseGemm(m: n, n: o, k: i, x, lda: i, weight.value.pointer, ldb: o, y, ldc: o)
        } else if bf16 && !fp32Products && Kernels.bf16Takes(k: i) && o % 8 == 0 {
            let wp: UnsafeRawPointer
            if context.training, let shared, shared.current {
                wp = UnsafeRawPointer(shared.pairs.pointer)
                wtSource = UnsafeRawPointer(shared.transposed.pointer)
            } else if context.training && sharesPairs {
                let own = UnsafeMutableRawPointer(wPairs.ensure(Kernels.bf16PairFloats(k: i, n: o)))
                let wtp = UnsafeMutableRawPointer(wtPairs.ensure(Kernels.bf16PairFloats(k: o, n: i)))
                Kernels.packBF16PairsBoth(k: i, n: o, weight.value.pointer, own, transposed: wtp)
                wp = UnsafeRawPointer(own)
                wtSource = UnsafeRawPointer(wtp)
            } else {
                let own = UnsafeMutableRawPointer(wPairs.ensure(Kernels.bf16PairFloats(k: i, n: o)))
                Kernels.packBF16Pairs(k: i, n: o, weight.value.pointer, ldb: o, own)
                wp = UnsafeRawPointer(own)
            }
            Kernels.bf16Gemm(m: n, n: o, k: i, x, lda: i, wp, y, ldc: o)
        } else if ownTakes(n: n) {
            Kernels.denseGemm(transA: false, m: n, n: o, k: i, x, lda: i, weight.value.pointer, ldb: o, y, ldc: o)
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
        if bf16 && !ownTakes(n: n) && Kernels.bf16Takes(k: n) && o % 8 == 0 {
            let xp = UnsafeMutableRawPointer(xPairs.ensure(Kernels.bf16PairFloats(k: n, n: i)))
            let dyp = UnsafeMutableRawPointer(dyPairs.ensure(Kernels.bf16PairFloats(k: n, n: o)))
            Kernels.packBF16Pairs(k: n, n: i, x, ldb: i, xp)
            Kernels.packBF16Pairs(k: n, n: o, dy, ldb: o, dyp)
            Kernels.bf16GemmTN(m: i, n: o, k: n, xp, dyp, dWeight.pointer, ldc: o)
        } else if ownTakes(n: n) {
            Kernels.denseGemm(transA: true, m: i, n: o, k: n, x, lda: i, dy, ldb: o, dWeight.pointer, ldc: o)
        } else {
            Kernels.gemm(true, false, m: i, n: o, k: n, x, lda: i, dy, ldb: o, dWeight.pointer, ldc: o)
        }
        guard needInputGrad else { return nil }
        let dxp = dx.ensure(n * i)
        if bf16 && !ownTakes(n: n) && Kernels.bf16Takes(k: o) && i % 8 == 0 {
            let wtp: UnsafeRawPointer
            if let wtSource {
                wtp = wtSource
            } else {
                let own = UnsafeMutableRawPointer(wtPairs.ensure(Kernels.bf16PairFloats(k: o, n: i)))
                Kernels.packBF16PairsTransposed(k: o, n: i, weight.value.pointer, ldbt: o, own)
                wtp = UnsafeRawPointer(own)
            }
            wtSource = nil
            Kernels.bf16Gemm(m: n, n: i, k: o, dy, lda: o, wtp, dxp, ldc: i)
        } else if ownTakes(n: n) {
            // Read from W itself, each strip of Wᵀ made in L1 inside the kernel: a Wᵀ made apart
            // once per step (`cnn`'s 4.7 MB written, then read back) was 3.3 % of an fp32 epoch.
            Kernels.denseGemmWT(m: n, n: i, k: o, dy, lda: o, weight.value.pointer, ldw: o, dxp, ldc: i)
        } else {
            Kernels.gemm(false, true, m: n, n: i, k: o, dy, lda: o, weight.value.pointer, ldb: o, dxp, ldc: i)
        }
        return dxp
    }

    /// Whether a fp32 pass over `n` images runs on the own kernel: for a W of 1 MB or more
    /// (`cnn`'s 9216×128), where OpenBLAS's copies of it cost most, and where the kernel takes the
    /// products (`Kernels.denseTakes`: the same m·n·k for all three, so all three or none).
    /// Smaller W stay with OpenBLAS: `sprint`'s 1200×128 ran 1.04× slower on the own kernel (9
    /// paired rounds of `DigitBench train sprint 1`, within the noise), its Wᵀ a parallel step of
    /// its own in every training step.
    func ownTakes(n: Int) -> Bool {
        let i = inShape.count, o = outShape.count
        return ownFP32 && (ownFP32Always || (i * o >= 1 << 18 && Kernels.denseTakes(m: n, n: o, k: i)))
    }

    /// Whether a training step makes W's pairs in both layouts at once (`Kernels.packBF16PairsBoth`):
    /// on the bf16 path with IN a multiple of 8, which the input gradient's bf16 product needs
    /// (`bf16Gemm`'s n): otherwise Wᵀ's pairs would go unused. A layer whose products all run in
    /// fp32 (`fp32Products`) makes none.
    var sharesPairs: Bool {
        let i = inShape.count, o = outShape.count
        return bf16 && !fp32Products && Kernels.bf16Takes(k: i) && o % 8 == 0 && i % 8 == 0
    }

    /// Whether this layer's three products take the own fp32 kernels on the bf16 path too, for
    /// any batch (`ownTakes` for one image, so for any number): a W of 1 MB or more (`cnn`'s
    /// 9216×128). Backward (session 38) they skip the products of X's zeros (dW) and of dY's (dX)
    /// — most of both in `cnn`, after its ReLUs, pooling and dropouts — and ran faster than the
    /// bf16 products, which multiplied them all and first rounded X, dY and Wᵀ into pairs (dW, dX
    /// and the pairing 2,500 → 1,820 samples of a bf16 epoch; paired, the bf16 epoch 0.943 ±
    /// 0.017 of before). Forward (session 39) the bf16 product and the pairing of W each step it
    /// needs took more than the fp32 product, which reads W itself: in a bf16 epoch 1,790 + 540
    /// samples (`sgemm_bf16`, `pack_pairs`) against 2,035 for the fp32 product in an fp32 epoch
    /// (perf) — the bf16 kernel there at a third of its in-cache rate, waiting on X's loads as it
    /// rounds them and on W's pairs from L3, where the pairing had left them.
    var fp32Products: Bool { ownTakes(n: 1) }
}
