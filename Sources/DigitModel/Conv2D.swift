/// 2-D convolution, stride 1, with bias and an optional fused ReLU (and, with Winograd, a
/// fused 2×2 max pooling after it). The arithmetic is one of three `ConvolutionAlgorithm`s,
/// chosen by `ConvAlgorithmKind.choose` when the network is planned.
/// input (N,H,W,C) -> output (N,OH,OW,F), or (N,OH/2,OW/2,F) pooled; weight (K,K,C,F), bias (F).
final class Conv2D: Layer {
    let geometry: ConvGeometry
    let algorithm: ConvAlgorithmKind
    let inShape: Shape
    /// The layer's output: the convolution's, or the pooled one when pooling is fused in.
    let outShape: Shape
    let relu: Bool
    let weight: Param, bias: Param
    let dWeight: FloatBuffer, dBias: FloatBuffer
    private let compute: ConvolutionAlgorithm
    private let out = FloatBuffer(), dx = FloatBuffer()
    private var input: UnsafeMutablePointer<Float>?
    /// Where the last forward pass wrote its output (the layer's own buffer in training).
    private var output: UnsafeMutablePointer<Float>?

    init(_ geometry: ConvGeometry, relu: Bool, weight: Param, bias: Param, algorithm: ConvAlgorithmKind) {
        self.geometry = geometry
        self.algorithm = algorithm
        inShape = geometry.input
        outShape = algorithm.outputShape(geometry)
        self.relu = relu
        self.weight = weight
        self.bias = bias
        // Gradients take memory only once the layer trains (see `backward`).
        dWeight = FloatBuffer()
        dBias = FloatBuffer()
        compute = algorithm.make(geometry, ConvParameters(weight: weight, bias: bias, dWeight: dWeight, dBias: dBias, relu: relu))
    }

    convenience init(input: Shape, filters: Int, kernel: Int, padding: LayerSpec.Padding, relu: Bool,
                     weight: Param, bias: Param, algorithm: ConvAlgorithmKind) {
        self.init(ConvGeometry(input: input, filters: filters, kernel: kernel, padding: padding), relu: relu,
                  weight: weight, bias: bias, algorithm: algorithm)
    }

    var trainables: [(param: Param, grad: FloatBuffer)] { [(weight, dWeight), (bias, dBias)] }

    /// The Winograd algorithm when the layer runs one (tests set its bf16 switches).
    var winograd: WinogradConvolution? { compute as? WinogradConvolution }

    /// The direct one-channel algorithm when the layer runs one.
    var direct: DirectConvolution? { compute as? DirectConvolution }

    /// Makes room for the gradients, as `backward` does (for `FirstLayersInChunks`, which runs
    /// the algorithms itself).
    func reserveGradients() {
        dWeight.ensure(weight.count)
        dBias.ensure(bias.count)
    }

    /// Working memory of an inference pass over `n` images, per `ActivationBuffers.ScratchRole`.
    func scratchFloats(n: Int) -> [Int] { compute.scratchFloats(n: n) }

    func forward(_ x: UnsafeMutablePointer<Float>, n: Int, context: inout PassContext) -> UnsafeMutablePointer<Float> {
        input = x
        let y = context.output(out, input: x).ensure(n * outShape.count)
        compute.forward(x, n: n, y, context: context)
        output = y
        return y
    }

    func backward(_ dy: UnsafeMutablePointer<Float>, n: Int, needInputGrad: Bool) -> UnsafeMutablePointer<Float>? {
        reserveGradients()
        guard let x = input, let y = output else { return nil }
        let dxp = needInputGrad ? dx.ensure(n * inShape.count) : nil
        compute.backward(dy, x: x, y: y, n: n, dxp)
        return dxp
    }
}
