/// Fully connected layer with an optional fused ReLU.
/// input (N,IN) -> output (N,OUT); weight (IN,OUT), bias (OUT).
final class Dense: Layer {
    let inShape: Shape
    let outShape: Shape
    let relu: Bool
    let weight: Param, bias: Param
    let dWeight: FloatBuffer, dBias: FloatBuffer
    private let out = FloatBuffer(), dx = FloatBuffer()
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
        Kernels.gemm(false, false, m: n, n: o, k: i, x, lda: i, weight.value.pointer, ldb: o, y, ldc: o)
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
        Kernels.gemm(true, false, m: i, n: o, k: n, x, lda: i, dy, ldb: o, dWeight.pointer, ldc: o)
        guard needInputGrad else { return nil }
        let dxp = dx.ensure(n * i)
        Kernels.gemm(false, true, m: n, n: i, k: o, dy, lda: o, weight.value.pointer, ldb: o, dxp, ldc: i)
        return dxp
    }
}
