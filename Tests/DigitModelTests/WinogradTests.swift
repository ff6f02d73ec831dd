import Testing
@testable import DigitModel

/// Winograd F(4×4, 3×3) must compute the same convolution as im2col + GEMM — forward, the
/// input gradient and the weight and bias gradients — including partial tiles at the edges.
@Suite struct WinogradTests {
    struct Case: CustomStringConvertible, Sendable {
        var h: Int, w: Int, c: Int, f: Int, padding: LayerSpec.Padding, relu: Bool, n: Int
        var description: String { "\(h)×\(w)×\(c) → \(f) \(padding.rawValue)\(relu ? " relu" : "") n=\(n)" }
    }

    /// Largest difference relative to the largest magnitude of `a` (the im2col result).
    static func maxError(_ a: [Float], _ b: [Float]) -> Float {
        // Infinite (a failure) when there is nothing to compare.
        (zip(a, b).map { abs($0 - $1) }.max() ?? .infinity) / max(a.map(abs).max() ?? 0, 1e-3)
    }

    /// Random 3×3 weights (±0.3) and biases (±0.1) for c → f channels, and n random images
    /// (±1) of `shape`, drawn in that order from `rng`.
    static func randomLayer(c: Int, f: Int, images n: Int, _ shape: Shape,
                            _ rng: inout SplitMix64) -> (weight: Param, bias: Param, x: FloatBuffer) {
        let weight = Param(name: "w", shape: [3, 3, c, f]), bias = Param(name: "b", shape: [f])
        for i in 0..<weight.count { weight.value.pointer[i] = rng.uniform(-0.3, 0.3) }
        for i in 0..<bias.count { bias.value.pointer[i] = rng.uniform(-0.1, 0.1) }
        let x = FloatBuffer(count: n * shape.count)
        for i in 0..<(n * shape.count) { x.pointer[i] = rng.uniform(-1, 1) }
        return (weight, bias, x)
    }

    static let cases: [Case] = [
        Case(h: 26, w: 26, c: 32, f: 64, padding: .valid, relu: true, n: 3),   // the cnn preset's second layer
        Case(h: 13, w: 11, c: 8, f: 16, padding: .valid, relu: false, n: 2),   // 11×9 output: partial tiles
        Case(h: 14, w: 14, c: 16, f: 8, padding: .same, relu: true, n: 5),     // padding, 14 = 3.5 tiles
        Case(h: 7, w: 5, c: 8, f: 8, padding: .same, relu: false, n: 1),       // smaller than two tiles
        // An odd number of images over chunks of 2 (36 tiles each) and of 4 (16 tiles): the last
        // chunk's position-major panels hold fewer tiles, so every stride differs from the others'.
        Case(h: 26, w: 26, c: 32, f: 64, padding: .valid, relu: true, n: 9),
        Case(h: 14, w: 14, c: 16, f: 8, padding: .same, relu: false, n: 19),
    ]

    @Test(arguments: cases) func matchesIm2col(_ t: Case) {
        var rng = SplitMix64(seed: 5)
        let shape = Shape(t.h, t.w, t.c)
        let (weight, bias, x) = Self.randomLayer(c: t.c, f: t.f, images: t.n, shape, &rng)
        let layers = [ConvAlgorithmKind.im2col, .winograd(pooled: false)].map {
            Conv2D(input: shape, filters: t.f, kernel: 3, padding: t.padding, relu: t.relu, weight: weight, bias: bias, algorithm: $0)
        }
        let outCount = t.n * layers[0].outShape.count
        let upstream = (0..<outCount).map { _ in rng.uniform(-1, 1) }

        var results: [(y: [Float], dx: [Float], dw: [Float], db: [Float])] = []
        for layer in layers {
            var context = PassContext(training: true, rng: SplitMix64(seed: 1))
            let y = Array(UnsafeBufferPointer(start: layer.forward(x.pointer, n: t.n, context: &context), count: outCount))
            let dy = FloatBuffer(count: outCount)
            for i in 0..<outCount { dy.pointer[i] = upstream[i] }
            let dx = layer.backward(dy.pointer, n: t.n, needInputGrad: true)!
            results.append((y, Array(UnsafeBufferPointer(start: dx, count: t.n * shape.count)),
                            layer.dWeight.array(weight.count), layer.dBias.array(bias.count)))
        }
        // F(4×4, 3×3) in float32 differs from direct summation by rounding only (~1e-6 relative).
        #expect(Self.maxError(results[0].y, results[1].y) < 1e-4, "forward, \(t)")
        #expect(Self.maxError(results[0].dx, results[1].dx) < 1e-4, "input gradient, \(t)")
        #expect(Self.maxError(results[0].dw, results[1].dw) < 1e-4, "weight gradient, \(t)")
        #expect(Self.maxError(results[0].db, results[1].db) < 1e-5, "bias gradient, \(t)")
    }

    /// conv → ReLU → 2×2 max pooling fused into the output transform must equal the three
    /// layers run apart (im2col convolution, then MaxPool2D), forward and backward; odd sizes
    /// leave a last row and column that no window covers.
    @Test(arguments: [Case(h: 26, w: 26, c: 32, f: 64, padding: .valid, relu: true, n: 3),
                      Case(h: 13, w: 13, c: 32, f: 16, padding: .valid, relu: true, n: 2),
                      Case(h: 9, w: 7, c: 8, f: 8, padding: .same, relu: true, n: 4),
                      Case(h: 26, w: 26, c: 32, f: 64, padding: .valid, relu: true, n: 9)])
    func fusedPoolingMatchesSeparateLayers(_ t: Case) {
        var rng = SplitMix64(seed: 9)
        let shape = Shape(t.h, t.w, t.c)
        let (weight, bias, x) = Self.randomLayer(c: t.c, f: t.f, images: t.n, shape, &rng)
        let fused = Conv2D(input: shape, filters: t.f, kernel: 3, padding: t.padding, relu: true, weight: weight, bias: bias,
                           algorithm: .winograd(pooled: true))
        let conv = Conv2D(input: shape, filters: t.f, kernel: 3, padding: t.padding, relu: true, weight: weight, bias: bias,
                          algorithm: .im2col)
        let pool = MaxPool2D(input: conv.outShape, size: 2)
        #expect(fused.outShape == pool.outShape)
        let outCount = t.n * pool.outShape.count
        let upstream = (0..<outCount).map { _ in rng.uniform(-1, 1) }
        func run(_ layers: [Layer]) -> (y: [Float], dx: [Float]) {
            var context = PassContext(training: true, rng: SplitMix64(seed: 1))
            var h = x.pointer
            for l in layers { h = l.forward(h, n: t.n, context: &context) }
            let y = Array(UnsafeBufferPointer(start: h, count: outCount))
            let dy = FloatBuffer(count: outCount)
            for i in 0..<outCount { dy.pointer[i] = upstream[i] }
            var g = dy.pointer
            for l in layers.reversed() { g = l.backward(g, n: t.n, needInputGrad: true)! }
            return (y, Array(UnsafeBufferPointer(start: g, count: t.n * shape.count)))
        }
        let a = run([conv, pool]), b = run([fused])
        #expect(Self.maxError(a.y, b.y) < 1e-4, "forward, \(t)")
        #expect(Self.maxError(a.dx, b.dx) < 1e-4, "input gradient, \(t)")
        #expect(Self.maxError(conv.dWeight.array(weight.count), fused.dWeight.array(weight.count)) < 1e-4, "weight gradient, \(t)")
        #expect(Self.maxError(conv.dBias.array(t.f), fused.dBias.array(t.f)) < 1e-4, "bias gradient, \(t)")
    }

    @Test func choosesWinogradForPresetLayers() throws {
        let cnn = try Network(layers: Preset.cnn.layers, seed: 1, threads: 1)
        let convs = cnn.workers[0].layers.compactMap { $0 as? Conv2D }
        // conv 1→32 (one input channel) runs the direct kernel, conv 32→64 uses Winograd (unless
        // turned off) with the ReLU and the 2×2 pooling after it in the same pass.
        let second: ConvAlgorithmKind = ConvAlgorithmKind.winogradAllowed ? .winograd(pooled: true) : .im2col
        #expect(convs.map(\.algorithm) == [.direct(pooled: false), second])
        #expect(cnn.workers[0].layers.count == Preset.cnn.layers.count - 4, "three ReLUs and the pooling fused into their layers")
        let fast = try Network(layers: Preset.fast.layers, seed: 1, threads: 1)
        #expect(fast.workers[0].layers.compactMap { $0 as? Conv2D }.map(\.algorithm) == [.direct(pooled: true), .im2col],
                "5×5 kernels are not Winograd's")
    }
}
