import Testing
@testable import DigitModel

/// Finite-difference checks: every layer's backward must match the slope of its forward.
@Suite struct GradientCheckTests {
    /// Loss (mean cross-entropy) of a fixed batch, and the analytic gradients.
    static func lossAndGradients(_ net: Network, inputs: [Float], labels: [UInt8]) -> (Double, [[Float]]) {
        let n = labels.count
        let (loss, _) = labels.withUnsafeBufferPointer { lab in
            net.trainBatch(n: n, labels: lab.baseAddress!, seed: 7, step: 0) { range, dst in
                for (i, r) in range.enumerated() { for j in 0..<784 { dst[i * 784 + j] = inputs[r * 784 + j] } }
            }
        }
        return (loss / Double(n), net.gradients.map { $0.grad.array($0.param.count) })
    }

    static func check(_ layers: [LayerSpec], samplesPerTensor: Int = 12, images n: Int = 3,
                      configure: (Network) -> Void = { _ in }) throws {
        let net = try Network(layers: layers, seed: 3, threads: 1)
        configure(net)
        var rng = SplitMix64(seed: 11)
        let inputs = (0..<(n * 784)).map { _ in rng.uniform(-1, 1) }
        let labels: [UInt8] = (0..<n).map { [3, 7, 1][$0 % 3] }
        let (_, grads) = lossAndGradients(net, inputs: inputs, labels: labels)
        let eps: Float = 1e-3
        for (t, item) in net.gradients.enumerated() {
            var analytic: [Double] = [], numeric: [Double] = []
            for _ in 0..<samplesPerTensor {
                let i = Int(rng.next() % UInt64(item.param.count))
                let p = item.param.value.pointer
                let saved = p[i]
                p[i] = saved + eps
                let (up, _) = lossAndGradients(net, inputs: inputs, labels: labels)
                p[i] = saved - eps
                let (down, _) = lossAndGradients(net, inputs: inputs, labels: labels)
                p[i] = saved
                numeric.append((up - down) / Double(2 * eps))
                analytic.append(Double(grads[t][i]))
            }
            let diff = zip(analytic, numeric).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
            // The floor is float32's: the loss (~2.3) is summed in Float, so (up − down)/2ε carries
            // ~1e-4 of rounding per sample, and a gradient that is truly zero (a bias before
            // batch norm) reads as numeric noise of that size. How large the noise is depends on
            // the GEMM kernel OpenBLAS picks for the CPU (on Zen 3 it reached 3e-4 in one sample),
            // so the floor sits at 2e-2: 5 % of it is still ten times below any real gradient here.
            let scale = max(analytic.map { $0 * $0 }.reduce(0, +).squareRoot(), numeric.map { $0 * $0 }.reduce(0, +).squareRoot(), 2e-2)
            #expect(diff / scale < 0.05, "\(item.param.name): analytic \(analytic.prefix(4)) vs numeric \(numeric.prefix(4))")
        }
    }

    @Test func dense() throws { try Self.check([.flatten, .dense(units: 16), .relu, .dense(units: 10)]) }

    /// The dense layers' three products on the own AVX-512 kernel (`Kernels.denseGemm`, here for
    /// every shape), the input gradient read from W.
    @Test(.enabled(if: CPU.ownDense, "the own dense kernel needs AVX-512"))
    func denseOnTheOwnKernel() throws {
        try Self.check([.flatten, .dense(units: 16), .relu, .dense(units: 24), .relu, .dense(units: 10)]) { net in
            for worker in net.workers { for case let d as Dense in worker.layers { d.ownFP32Always = true } }
        }
    }

    @Test func convValidAndMaxPool() throws {
        try Self.check([.conv2d(filters: 4, kernel: 3, padding: .valid), .relu, .maxPool2d(size: 2),
                        .flatten, .dense(units: 10)])
    }

    /// A 3×3 window over 26×26 leaves two rows and columns outside every window, and ten
    /// channels fill one full group of eight SIMD lanes plus a partial one.
    @Test func maxPoolOddWindowAndRemainder() throws {
        try Self.check([.conv2d(filters: 10, kernel: 3, padding: .valid), .relu, .maxPool2d(size: 3),
                        .flatten, .dense(units: 10)])
    }

    /// One-channel convolutions with eight or more filters run the direct kernel with the ReLU
    /// and 2×2 pooling fused in (`Kernels.oneChannelPooledGradients`): 3×3 valid as in `sprint`,
    /// 5×5 with padding over 24 filters (a masked half vector), and one that is not the first
    /// layer, whose input gradient goes through the reference.
    @Test func directConvFusedWithPooling() throws {
        try Self.check([.conv2d(filters: 8, kernel: 3, padding: .valid), .relu, .maxPool2d(size: 2), .flatten, .dense(units: 10)])
        try Self.check([.conv2d(filters: 24, kernel: 5, padding: .same), .relu, .maxPool2d(size: 2), .flatten, .dense(units: 10)])
        try Self.check(ExecutionPlanTests.oneChannelInside)
    }

    @Test func convSame5x5() throws {
        try Self.check([.conv2d(filters: 3, kernel: 5, padding: .same), .relu, .maxPool2d(size: 2),
                        .conv2d(filters: 4, kernel: 3, padding: .same), .relu, .maxPool2d(size: 2), .flatten, .dense(units: 10)])
    }

    /// 3×3 convolutions over eight channels run through Winograd's transforms, with and without
    /// padding (26 → 26 → 24: 6.5 tiles, then 6). No ReLU or pooling: a bias moves a whole map,
    /// and with kinks behind it finite differences cross some of them (im2col then fails the
    /// check the same way), so the network is linear up to the loss.
    @Test func winogradConvolutions() throws {
        try Self.check([.conv2d(filters: 8, kernel: 3, padding: .valid),
                        .conv2d(filters: 8, kernel: 3, padding: .same),
                        .conv2d(filters: 8, kernel: 3, padding: .valid), .flatten, .dense(units: 10)])
    }

    /// The same over 11 images: more than one chunk of tiles in both layers (26×26 outputs: 49
    /// tiles, one image a chunk; 24×24: 36 tiles, 2 a chunk, the last one alone), so the last
    /// chunk's position-major panels can be shorter than the first's.
    @Test func winogradConvolutionsOverSeveralChunks() throws {
        try Self.check([.conv2d(filters: 8, kernel: 3, padding: .valid),
                        .conv2d(filters: 8, kernel: 3, padding: .same),
                        .conv2d(filters: 8, kernel: 3, padding: .valid), .flatten, .dense(units: 10)], images: 11)
    }

    @Test func batchNormConvAndDense() throws {
        try Self.check([.conv2d(filters: 4, kernel: 3, padding: .same), .batchNorm, .relu, .maxPool2d(size: 2),
                        .flatten, .dense(units: 12), .batchNorm, .relu, .dense(units: 10)])
    }

    @Test func standaloneReLUAndDropout() throws {
        // Dropout uses the same mask for the same seed and step, so the loss is a smooth function.
        try Self.check([.flatten, .relu, .dense(units: 16), .dropout(rate: 0.3), .dense(units: 10)])
    }

    @Test func softmaxCrossEntropyGradient() {
        let logits: [Float] = [0.5, -1.2, 2.0, 0.1, 0, 0, 0.3, -0.7, 1.1, 0.2]
        let label: [UInt8] = [2]
        var grad = [Float](repeating: 0, count: 10)
        let (loss, _) = Loss.softmaxCrossEntropy(logits, labels: label, n: 1, classes: 10, gradScale: 1, grad: &grad)
        for j in 0..<10 {
            var up = logits, down = logits
            up[j] += 1e-3; down[j] -= 1e-3
            let lu = Loss.softmaxCrossEntropy(up, labels: label, n: 1, classes: 10, gradScale: 1, grad: nil).loss
            let ld = Loss.softmaxCrossEntropy(down, labels: label, n: 1, classes: 10, gradScale: 1, grad: nil).loss
            #expect(abs((lu - ld) / 2e-3 - Double(grad[j])) < 1e-3)
        }
        #expect(loss > 0)
    }
}
