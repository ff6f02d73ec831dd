import CKernels
import Testing
@testable import DigitModel

/// The direct one-channel convolution (first layers) must compute what im2col + GEMM does,
/// with padding, 5×5 kernels and filter counts that leave a group of eight after the blocks of 32.
@Suite struct DirectConvTests {
    struct Case: CustomStringConvertible, Sendable {
        var h: Int, w: Int, k: Int, f: Int, padding: LayerSpec.Padding, relu: Bool, n: Int
        var description: String { "\(h)×\(w) k\(k) → \(f) \(padding.rawValue)\(relu ? " relu" : "") n=\(n)" }
    }

    /// The same random weights in an im2col and a direct layer, a random input batch, and the
    /// number of output values.
    static func layerPair(_ t: Case, rng: inout SplitMix64) -> (layers: [Conv2D], x: FloatBuffer, outCount: Int) {
        let weight = Param(name: "w", shape: [t.k, t.k, 1, t.f]), bias = Param(name: "b", shape: [t.f])
        for i in 0..<weight.count { weight.value.pointer[i] = rng.uniform(-0.5, 0.5) }
        for i in 0..<bias.count { bias.value.pointer[i] = rng.uniform(-0.2, 0.2) }
        let shape = Shape(t.h, t.w, 1)
        let layers = [ConvAlgorithmKind.im2col, .direct(pooled: false)].map {
            Conv2D(input: shape, filters: t.f, kernel: t.k, padding: t.padding, relu: t.relu, weight: weight, bias: bias, algorithm: $0)
        }
        let x = FloatBuffer(count: t.n * shape.count)
        for i in 0..<(t.n * shape.count) { x.pointer[i] = rng.uniform(0, 1) }
        return (layers, x, t.n * layers[0].outShape.count)
    }

    @Test(arguments: [
        Case(h: 28, w: 28, k: 3, f: 32, padding: .valid, relu: true, n: 3),   // the cnn preset's first layer
        Case(h: 28, w: 28, k: 5, f: 40, padding: .same, relu: false, n: 2),   // 5×5, padding, 32 + 8 filters
        Case(h: 7, w: 5, k: 3, f: 8, padding: .same, relu: true, n: 2),       // smaller than the kernel's reach
    ])
    func matchesIm2col(_ t: Case) {
        var rng = SplitMix64(seed: 9)
        let (layers, x, outCount) = Self.layerPair(t, rng: &rng)
        let ys = layers.map { layer in
            var context = PassContext(training: false, rng: SplitMix64(seed: 1))
            return Array(UnsafeBufferPointer(start: layer.forward(x.pointer, n: t.n, context: &context), count: outCount))
        }
        #expect(WinogradTests.maxError(ys[0], ys[1]) < 1e-5, "\(t)")
        if t.relu { #expect(ys[1].contains(0) && ys[1].allSatisfy { $0 >= 0 }, "ReLU applied, \(t)") }
    }

    /// Inference runs the FMA form of the kernel (bit for bit), training the one that keeps the
    /// multiply and the add apart (bit-identical to the Swift loop, so training's weights stay
    /// the same); the two differ by float rounding only.
    @Test(.enabled(if: CPU.ownConvAVX512, "the FMA kernel runs with the own AVX-512 kernels"),
          arguments: [Case(h: 28, w: 28, k: 3, f: 32, padding: .valid, relu: true, n: 3),
                      Case(h: 28, w: 28, k: 5, f: 40, padding: .same, relu: false, n: 2)])
    func inferenceRunsTheFMAKernel(_ t: Case) {
        var rng = SplitMix64(seed: 12)
        let (layers, x, outCount) = Self.layerPair(t, rng: &rng)
        let direct = layers[1], g = ConvGeometry(input: direct.inShape, filters: t.f, kernel: t.k, padding: t.padding).batch(t.n)
        func run(training: Bool) -> [Float] {
            var context = PassContext(training: training, rng: SplitMix64(seed: 1))
            return Array(UnsafeBufferPointer(start: direct.forward(x.pointer, n: t.n, context: &context), count: outCount))
        }
        var fused = [Float](repeating: 0, count: outCount), exact = fused
        fused.withUnsafeMutableBufferPointer {
            Kernels.convolveOneChannelFMA(x.pointer, g, direct.weight.value.pointer, bias: direct.bias.value.pointer, relu: t.relu,
                                          $0.baseAddress!)
        }
        exact.withUnsafeMutableBufferPointer {
            Kernels.convolveOneChannelLanes(x.pointer, g, direct.weight.value.pointer, bias: direct.bias.value.pointer, relu: t.relu,
                                            $0.baseAddress!)
        }
        #expect(fused != exact, "\(t): FMA rounds alike here, the test tells nothing")
        #expect(WinogradTests.maxError(fused, exact) < 1e-5, "\(t)")
        let inferenceIsFMA = run(training: false) == fused, trainingIsExact = run(training: true) == exact
        #expect(inferenceIsFMA, "\(t)")
        #expect(trainingIsExact, "\(t)")
    }

    /// The direct weight and bias gradients (`Kernels.oneChannelGradients`, a first layer's
    /// backward pass) against im2col + GEMM's: taps in blocks of three with one or two left over
    /// (5×5), filters in blocks of 32 with eight left over, padding, and a ReLU mask. The bias
    /// gradient is summed in the reference's order, so it must match bit for bit.
    @Test(arguments: [
        Case(h: 28, w: 28, k: 3, f: 32, padding: .valid, relu: true, n: 3),
        Case(h: 28, w: 28, k: 5, f: 40, padding: .same, relu: false, n: 2),
        Case(h: 7, w: 5, k: 3, f: 8, padding: .same, relu: true, n: 2),
        Case(h: 9, w: 11, k: 5, f: 72, padding: .valid, relu: true, n: 4),
    ])
    func gradientsMatchIm2col(_ t: Case) {
        var rng = SplitMix64(seed: 4)
        let (layers, x, outCount) = Self.layerPair(t, rng: &rng)
        let (weight, bias) = (layers[0].weight, layers[0].bias)
        let upstream = (0..<outCount).map { _ in rng.uniform(-1, 1) }
        var results: [(dw: [Float], db: [Float])] = []
        for layer in layers {
            var context = PassContext(training: true, rng: SplitMix64(seed: 1))
            _ = layer.forward(x.pointer, n: t.n, context: &context)
            let dy = FloatBuffer(count: outCount)
            for i in 0..<outCount { dy.pointer[i] = upstream[i] }
            #expect(layer.backward(dy.pointer, n: t.n, needInputGrad: false) == nil)
            results.append((layer.dWeight.array(weight.count), layer.dBias.array(bias.count)))
        }
        #expect(WinogradTests.maxError(results[0].dw, results[1].dw) < 1e-5, "weight gradient, \(t)")
        #expect(results[0].db == results[1].db, "bias gradient, \(t)")
        #expect(results[1].dw.contains { $0 != 0 }, "\(t)")
    }

    /// The AVX-512 kernel (`digitrec_conv_one_channel_avx512`, four pixels at a time) must give
    /// the Swift loop's results bit for bit — training's weights depend on it: 3×3 and 5×5 taps,
    /// padding on every edge, rows of 1–4 pixels left after the blocks of four, filter counts of
    /// one or two vectors with a masked half, and blocks of 32 with 8 or 16 left over.
    @Test(.enabled(if: CPU.avx512, "needs AVX-512"), arguments: [
        Case(h: 28, w: 28, k: 3, f: 32, padding: .valid, relu: true, n: 3),   // cnn, deep, sprint
        Case(h: 28, w: 28, k: 3, f: 32, padding: .same, relu: true, n: 2),
        Case(h: 28, w: 28, k: 5, f: 16, padding: .valid, relu: true, n: 2),   // fast
        Case(h: 28, w: 28, k: 5, f: 40, padding: .same, relu: false, n: 2),
        Case(h: 7, w: 5, k: 3, f: 8, padding: .same, relu: true, n: 2),
        Case(h: 9, w: 11, k: 5, f: 72, padding: .valid, relu: false, n: 3),
        Case(h: 4, w: 3, k: 5, f: 24, padding: .same, relu: true, n: 1),      // smaller than the kernel
        Case(h: 13, w: 10, k: 3, f: 48, padding: .same, relu: false, n: 4),
    ])
    func avx512IsBitIdenticalToLanes(_ t: Case) {
        var rng = SplitMix64(seed: 21)
        let (layers, x, outCount) = Self.layerPair(t, rng: &rng)
        // Negative inputs too, so that the ReLU has both signs (and zeros) to decide.
        for i in 0..<(t.n * t.h * t.w) { x.pointer[i] = x.pointer[i] * 2 - 1 }
        let g = ConvGeometry(input: Shape(t.h, t.w, 1), filters: t.f, kernel: t.k, padding: t.padding).batch(t.n)
        var wide = [Float](repeating: .nan, count: outCount), lanes = wide
        // The layers own the weights: they must outlive the raw pointers into them.
        withExtendedLifetime(layers) {
            let (weight, bias) = (layers[1].weight.value.pointer, layers[1].bias.value.pointer)
            wide.withUnsafeMutableBufferPointer {
                _ = digitrec_conv_one_channel_avx512(x.pointer, Int32(g.n), Int32(g.h), Int32(g.w), Int32(g.k), Int32(g.pad), Int32(g.oh),
                                                 Int32(g.ow), weight, Int32(g.f), bias, t.relu ? 1 : 0, 0, $0.baseAddress!)
            }
            lanes.withUnsafeMutableBufferPointer { Kernels.convolveOneChannelLanes(x.pointer, g, weight, bias: bias, relu: t.relu, $0.baseAddress!) }
        }
        #expect(wide.map(\.bitPattern) == lanes.map(\.bitPattern), "\(t)")
        #expect(lanes.allSatisfy { abs($0) < 10 }, "every output written, from the test's weights: \(t)")
    }

    /// The AVX-512 gradient kernel (`digitrec_conv_one_channel_gradients_avx512`: mask, bias and
    /// up to nine taps in one pass) gives the Swift loops' dW, dBias and masked dY bit for bit,
    /// added to what dW and dBias held (a later chunk): 3×3 and 5×5 (passes of 9, 9 and 7 taps),
    /// padding, 32 filters, one vector or a masked half, blocks of 32 with 8, 16 or 24 left over,
    /// with and without the ReLU.
    @Test(.enabled(if: CPU.avx512, "needs AVX-512"), arguments: [
        Case(h: 28, w: 28, k: 3, f: 32, padding: .valid, relu: true, n: 3),   // cnn
        Case(h: 28, w: 28, k: 5, f: 40, padding: .same, relu: false, n: 2),
        Case(h: 7, w: 5, k: 3, f: 8, padding: .same, relu: true, n: 2),
        Case(h: 9, w: 11, k: 5, f: 72, padding: .valid, relu: true, n: 3),
        Case(h: 13, w: 10, k: 3, f: 48, padding: .same, relu: true, n: 2),
        Case(h: 10, w: 12, k: 3, f: 56, padding: .valid, relu: false, n: 1),
        Case(h: 6, w: 6, k: 3, f: 16, padding: .valid, relu: true, n: 2),
    ])
    func gradientKernelIsBitIdenticalToLoops(_ t: Case) {
        var rng = SplitMix64(seed: 33)
        let g = ConvGeometry(input: Shape(t.h, t.w, 1), filters: t.f, kernel: t.k, padding: t.padding).batch(t.n)
        let outCount = t.n * g.oh * g.ow * t.f
        let x = (0..<(t.n * t.h * t.w)).map { _ in rng.uniform(-1, 1) }
        // Outputs after a ReLU (zeros among them) and their gradients; dW and dBias already holding sums.
        let y = (0..<outCount).map { i in i % 5 == 0 ? 0 : max(0, rng.uniform(-1, 1)) }
        let upstream = (0..<outCount).map { _ in rng.uniform(-1, 1) }
        let dw0 = (0..<(t.k * t.k * t.f)).map { _ in rng.uniform(-1, 1) }, db0 = (0..<t.f).map { _ in rng.uniform(-1, 1) }
        let padded = FloatBuffer(count: (t.h + 2 * g.pad) * (t.w + 2 * g.pad))
        let results = [true, false].map { kernel -> [[UInt32]] in
            var dy = upstream, dw = dw0, db = db0
            dy.withUnsafeMutableBufferPointer { d in
                dw.withUnsafeMutableBufferPointer { w in
                    db.withUnsafeMutableBufferPointer { b in
                        Kernels.oneChannelGradients(d.baseAddress!, y: y, relu: t.relu, x, g, dWeight: w.baseAddress!,
                                                    dBias: b.baseAddress!, padded: padded.pointer, accumulate: true, kernel: kernel)
                    }
                }
            }
            return [dw.map(\.bitPattern), db.map(\.bitPattern), dy.map(\.bitPattern)]
        }
        #expect(results[0][0] == results[1][0], "dW, \(t)")
        #expect(results[0][1] == results[1][1], "dBias, \(t)")
        #expect(results[0][2] == results[1][2], "masked dY, \(t)")
        #expect(results[1][0] != dw0.map(\.bitPattern), "dW summed, \(t)")
    }

    @Test func firstLayersOfThePresetsAreDirect() throws {
        for preset in [Preset.cnn, .fast, .small, .sprint] {
            let net = try Network(layers: preset.layers, seed: 1, threads: 1)
            let first = try #require(net.workers[0].layers.first as? Conv2D)
            // The cnn preset's first ReLU has a convolution after it, the others' a 2×2 pooling.
            #expect(first.algorithm == .direct(pooled: preset != .cnn), "\(preset)")
        }
    }
}
