/// One-channel images (a network's first layer): `Kernels.convolveOneChannel` forward, and
/// `Kernels.oneChannelGradients` backward when no input gradient is asked for (a first layer
/// never needs one); with one, the reference's backward pass.
final class DirectConvolution: ConvolutionAlgorithm {
    let geometry: ConvGeometry
    let p: ConvParameters
    private let reference: Im2colConvolution
    /// One image with its zero border, for a padded convolution's gradient.
    private let padded = FloatBuffer()

    init(_ geometry: ConvGeometry, _ p: ConvParameters) {
        self.geometry = geometry
        self.p = p
        reference = Im2colConvolution(geometry, p)
    }

    func forward(_ x: UnsafePointer<Float>, n: Int, _ y: UnsafeMutablePointer<Float>, context: PassContext) {
        Kernels.convolveOneChannel(x, geometry.batch(n), p.weight.value.pointer, bias: p.bias.value.pointer, relu: p.relu, y)
    }

    func backward(_ dy: UnsafeMutablePointer<Float>, x: UnsafePointer<Float>, y: UnsafePointer<Float>, n: Int,
                  _ dx: UnsafeMutablePointer<Float>?) {
        guard dx == nil else { reference.backward(dy, x: x, y: y, n: n, dx); return }
        let g = geometry
        let pp = padded.ensure((g.h + 2 * g.pad) * (g.w + 2 * g.pad))
        Kernels.oneChannelGradients(dy, y: y, relu: p.relu, x, g.batch(n), dWeight: p.dWeight.pointer, dBias: p.dBias.pointer,
                                    padded: pp)
    }
}
