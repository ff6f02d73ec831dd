/// One-channel images (a network's first layer): `Kernels.convolveOneChannel` forward; the
/// backward pass is the reference's, whose GEMM shapes suit SGEMM there.
final class DirectConvolution: ConvolutionAlgorithm {
    let geometry: ConvGeometry
    let p: ConvParameters
    private let reference: Im2colConvolution

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
        reference.backward(dy, x: x, y: y, n: n, dx)
    }
}
