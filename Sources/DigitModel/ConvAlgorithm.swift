import Glibc
import Support

/// One way of computing a convolution layer's forward and backward passes. They all compute
/// the same function (to float rounding): `Im2colConvolution` is the plain reference, and
/// DirectConvTests and WinogradTests hold each fast one equal to it.
protocol ConvolutionAlgorithm: AnyObject {
    /// x (N,H,W,C) → y (N, the layer's output shape), bias and the fused ReLU (and pooling) applied.
    func forward(_ x: UnsafePointer<Float>, n: Int, _ y: UnsafeMutablePointer<Float>, context: PassContext)
    /// Fills dWeight and dBias from dY (N, output) — which it may overwrite — and the input `x`
    /// and output `y` of the last forward pass; and dX (N,H,W,C) when asked for.
    func backward(_ dy: UnsafeMutablePointer<Float>, x: UnsafePointer<Float>, y: UnsafePointer<Float>, n: Int,
                  _ dx: UnsafeMutablePointer<Float>?)
    /// Floats of working memory `forward` needs for `n` images, per `ActivationBuffers.ScratchRole`.
    func scratchFloats(n: Int) -> [Int]
}

extension ConvolutionAlgorithm {
    func scratchFloats(n: Int) -> [Int] { [0, 0, 0, 0] }
}

/// What every convolution algorithm reads and writes besides the activations.
struct ConvParameters {
    let weight: Param          // (K,K,C,F)
    let bias: Param            // (F)
    let dWeight: FloatBuffer   // (K,K,C,F)
    let dBias: FloatBuffer     // (F)
    /// Whether max(0, ·) follows in the same pass.
    let relu: Bool
}

/// Which algorithm a convolution layer runs; `choose` is the one place that decides.
enum ConvAlgorithmKind: Equatable, Sendable {
    /// im2col + GEMM: any shape (the reference).
    case im2col
    /// `Kernels.convolveOneChannel` forward, `Kernels.oneChannelGradients` backward: one input
    /// channel; `pooled` when the following ReLU and 2×2 max pooling run inside it.
    case direct(pooled: Bool)
    /// Winograd F(4×4, 3×3); `pooled` when the following ReLU and 2×2 max pooling run in its
    /// output transform.
    case winograd(pooled: Bool)

    /// `DIGITREC_WINOGRAD=0` turns Winograd off everywhere (to compare the two in benchmarks).
    static let winogradAllowed = Environment.value("DIGITREC_WINOGRAD").map { $0 != "0" } ?? true

    /// The fastest algorithm that applies: Winograd for 3×3 kernels over whole SIMD groups of
    /// channels, the direct kernel for a one-channel first layer (both fusing a ReLU → 2×2
    /// pooling that follows), im2col otherwise.
    static func choose(_ g: ConvGeometry, relu: Bool, poolFollows: Bool,
                       winogradAllowed: Bool = ConvAlgorithmKind.winogradAllowed) -> ConvAlgorithmKind {
        let pooled = poolFollows && relu && g.oh >= 2 && g.ow >= 2
        if winogradAllowed && Winograd.applies(kernel: g.k, inputChannels: g.c, filters: g.f) { return .winograd(pooled: pooled) }
        if g.c == 1 && g.f % 8 == 0 { return .direct(pooled: pooled) }
        return .im2col
    }

    var pooled: Bool { self == .winograd(pooled: true) || self == .direct(pooled: true) }

    /// The layer's output for one image: the convolution's, halved when pooling is fused in.
    func outputShape(_ g: ConvGeometry) -> Shape { pooled ? Shape(g.oh / 2, g.ow / 2, g.f) : g.output }

    func make(_ g: ConvGeometry, _ p: ConvParameters) -> ConvolutionAlgorithm {
        switch self {
        case .im2col: return Im2colConvolution(g, p)
        case let .direct(pooled): return DirectConvolution(g, p, pooled: pooled)
        case let .winograd(pooled): return WinogradConvolution(g, p, pooled: pooled)
        }
    }
}
