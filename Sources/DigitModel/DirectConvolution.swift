/// One-channel images (a network's first layer): `Kernels.convolveOneChannel` forward (in
/// inference on AVX-512 its FMA form, `convolveOneChannelFMA`), and
/// `Kernels.oneChannelGradients` backward when no input gradient is asked for (a first layer
/// never needs one); with one, the reference's backward pass. When `pooled`, the ReLU and 2×2
/// max pooling after it run inside (`Kernels.convolveOneChannelPooled`,
/// `Kernels.oneChannelPooledGradients`) and the full-size output is never written.
final class DirectConvolution: ConvolutionAlgorithm {
    let geometry: ConvGeometry
    let p: ConvParameters
    let pooled: Bool
    /// The layer's output per image (pooled or not).
    let outCount: Int
    /// Pooled, without its ReLU: it takes the gradient already unpooled and masked.
    private let reference: Im2colConvolution
    /// One image with its zero border, for a padded convolution's gradient; which pixel won each
    /// pooling window; the full-size output or gradient, for the fallbacks and the reference.
    private let padded = FloatBuffer(), winner = FloatBuffer(), full = FloatBuffer()

    init(_ geometry: ConvGeometry, _ p: ConvParameters, pooled: Bool) {
        self.geometry = geometry
        self.p = p
        self.pooled = pooled
        outCount = ConvAlgorithmKind.direct(pooled: pooled).outputShape(geometry).count
        reference = Im2colConvolution(geometry, pooled
            ? ConvParameters(weight: p.weight, bias: p.bias, dWeight: p.dWeight, dBias: p.dBias, relu: false) : p)
    }

    func forward(_ x: UnsafePointer<Float>, n: Int, _ y: UnsafeMutablePointer<Float>, context: PassContext) {
        let g = geometry.batch(n)
        guard pooled else {
            if !context.training && CPU.ownConvAVX512 {
                Kernels.convolveOneChannelFMA(x, g, p.weight.value.pointer, bias: p.bias.value.pointer, relu: p.relu, y)
                return
            }
            Kernels.convolveOneChannel(x, g, p.weight.value.pointer, bias: p.bias.value.pointer, relu: p.relu, y)
            return
        }
        Kernels.convolveOneChannelPooled(x, g, p.weight.value.pointer, bias: p.bias.value.pointer, relu: p.relu, y,
                                         code: context.codes(winner).ensure(n * outCount),
                                         scratch: full.ensure(CPU.ownConvAVX512 ? 0 : geometry.outCount))
    }

    /// Training's forward pass of the unpooled layer over `n` images (what `forward` runs then):
    /// `FirstLayersInChunks` runs it per chunk, and again in backward.
    func trainingForward(_ x: UnsafePointer<Float>, n: Int, _ y: UnsafeMutablePointer<Float>) {
        precondition(!pooled, "trainingForward: the pooled layer keeps its winners")
        Kernels.convolveOneChannel(x, geometry.batch(n), p.weight.value.pointer, bias: p.bias.value.pointer, relu: p.relu, y)
    }

    /// The unpooled layer's dW and dBias (no input gradient) from `n` images: what `backward`
    /// computes, added to the sums of earlier calls when `accumulate` — images summed in calls
    /// in order give the bits of one call over them all (`oneChannelGradients` carries its sums).
    func gradients(_ dy: UnsafeMutablePointer<Float>, x: UnsafePointer<Float>, y: UnsafePointer<Float>, n: Int, accumulate: Bool) {
        precondition(!pooled, "gradients: the pooled layer's are `oneChannelPooledGradients`")
        let g = geometry.batch(n)
        let pp = padded.ensure((g.h + 2 * g.pad) * (g.w + 2 * g.pad))
        Kernels.oneChannelGradients(dy, y: y, relu: p.relu, x, g, dWeight: p.dWeight.pointer, dBias: p.dBias.pointer,
                                    padded: pp, accumulate: accumulate)
    }

    func backward(_ dy: UnsafeMutablePointer<Float>, x: UnsafePointer<Float>, y: UnsafePointer<Float>, n: Int,
                  _ dx: UnsafeMutablePointer<Float>?) {
        let g = geometry.batch(n)
        if let dx {
            guard pooled else { reference.backward(dy, x: x, y: y, n: n, dx); return }
            let unpooled = full.ensure(n * geometry.outCount)
            Kernels.unpoolGradient(dy, y: y, code: winner.pointer, relu: p.relu, g, unpooled)
            reference.backward(unpooled, x: x, y: unpooled, n: n, dx)
            return
        }
        let pp = padded.ensure((g.h + 2 * g.pad) * (g.w + 2 * g.pad))
        if pooled {
            Kernels.oneChannelPooledGradients(dy, y: y, code: winner.pointer, relu: p.relu, x, g, dWeight: p.dWeight.pointer,
                                              dBias: p.dBias.pointer, padded: pp,
                                              scratch: full.ensure(CPU.ownConvAVX512 ? 0 : geometry.outCount))
        } else {
            Kernels.oneChannelGradients(dy, y: y, relu: p.relu, x, g, dWeight: p.dWeight.pointer, dBias: p.dBias.pointer,
                                        padded: pp)
        }
    }
}
