import Testing
@testable import DigitModel

/// A first layer's convolution with the ReLU and 2×2 max pooling fused in (`.direct(pooled:
/// true)`: `Kernels.convolveOneChannelPooled` and `Kernels.oneChannelPooledGradients`) must give
/// what the direct convolution followed by `MaxPool2D` gives, bit for bit — training's weights
/// depend on it — in both the AVX-512 kernels and the fallbacks.
@Suite struct DirectPooledConvTests {
    typealias Case = DirectConvTests.Case

    static let cases = [
        Case(h: 28, w: 28, k: 3, f: 32, padding: .valid, relu: true, n: 3),   // sprint, small
        Case(h: 28, w: 28, k: 5, f: 16, padding: .valid, relu: true, n: 2),   // fast
        Case(h: 28, w: 28, k: 3, f: 32, padding: .same, relu: true, n: 2),    // windows on a padded border
        Case(h: 7, w: 5, k: 3, f: 8, padding: .same, relu: true, n: 2),       // a row and a column outside every window
        Case(h: 12, w: 13, k: 5, f: 40, padding: .same, relu: true, n: 2),    // 32 + 8 filters, 9 + 9 + 3 + 3 + 1 taps
        Case(h: 9, w: 11, k: 5, f: 72, padding: .valid, relu: true, n: 3),    // 32 + 32 + 8
        Case(h: 10, w: 10, k: 3, f: 24, padding: .valid, relu: true, n: 2),   // two vectors, the second half masked
    ]

    /// What the unfused layers compute: the pooled output, and dW and dBias from `upstream`.
    struct Result: Equatable {
        var y: [UInt32], dw: [UInt32], db: [UInt32]
    }

    /// The same random weights in a direct convolution, inputs of both signs (so that the ReLU
    /// has zeros to tie on), and a pooled output gradient.
    static func setUp(_ t: Case) -> (conv: Conv2D, x: FloatBuffer, upstream: [Float], pooledCount: Int) {
        var rng = SplitMix64(seed: 31)
        let (layers, x, _) = DirectConvTests.layerPair(t, rng: &rng)
        for i in 0..<(t.n * t.h * t.w) { x.pointer[i] = x.pointer[i] * 2 - 1 }
        let pooledCount = t.n * (layers[1].outShape.h / 2) * (layers[1].outShape.w / 2) * t.f
        return (layers[1], x, (0..<pooledCount).map { _ in rng.uniform(-1, 1) }, pooledCount)
    }

    static func bits(_ p: UnsafePointer<Float>, _ count: Int) -> [UInt32] {
        UnsafeBufferPointer(start: p, count: count).map(\.bitPattern)
    }

    /// The direct convolution, then `MaxPool2D`, forward and backward.
    static func unfused(_ t: Case) -> Result {
        let (conv, x, upstream, pooledCount) = setUp(t)
        #expect(conv.algorithm == .direct(pooled: false))
        let pool = MaxPool2D(input: conv.outShape, size: 2)
        var context = PassContext(training: true, rng: SplitMix64(seed: 1))
        let y = pool.forward(conv.forward(x.pointer, n: t.n, context: &context), n: t.n, context: &context)
        let dy = FloatBuffer(count: pooledCount)
        dy.pointer.update(from: upstream, count: pooledCount)
        let dConv = pool.backward(dy.pointer, n: t.n, needInputGrad: true)
        _ = dConv.map { conv.backward($0, n: t.n, needInputGrad: false) }
        return Result(y: bits(y, pooledCount), dw: bits(conv.dWeight.pointer, conv.weight.count), db: bits(conv.dBias.pointer, t.f))
    }

    /// The fused kernels, on the AVX-512 path when `wide`, on the fallbacks otherwise.
    static func fused(_ t: Case, wide: Bool) -> Result {
        let (conv, x, upstream, pooledCount) = setUp(t)
        let g = conv.geometry.batch(t.n)
        let y = FloatBuffer(count: pooledCount), code = FloatBuffer(count: pooledCount)
        let scratch = FloatBuffer(count: g.outCount), padded = FloatBuffer(count: (g.h + 2 * g.pad) * (g.w + 2 * g.pad))
        let dw = FloatBuffer(count: conv.weight.count), db = FloatBuffer(count: t.f)
        // Garbage where every value must be written.
        y.pointer.update(repeating: .nan, count: pooledCount)
        dw.pointer.update(repeating: .nan, count: conv.weight.count)
        withExtendedLifetime(conv) {
            Kernels.convolveOneChannelPooled(x.pointer, g, conv.weight.value.pointer, bias: conv.bias.value.pointer, relu: t.relu,
                                             y.pointer, code: code.pointer, scratch: scratch.pointer, wide: wide)
            Kernels.oneChannelPooledGradients(upstream, y: y.pointer, code: code.pointer, relu: t.relu, x.pointer, g,
                                              dWeight: dw.pointer, dBias: db.pointer, padded: padded.pointer,
                                              scratch: scratch.pointer, wide: wide)
        }
        return Result(y: bits(y.pointer, pooledCount), dw: bits(dw.pointer, conv.weight.count), db: bits(db.pointer, t.f))
    }

    @Test(arguments: cases)
    func fallbackIsBitIdenticalToConvThenPool(_ t: Case) {
        let reference = Self.unfused(t)
        #expect(Self.fused(t, wide: false) == reference, "\(t)")
        #expect(reference.y.contains(0) && reference.dw.contains { $0 != 0 }, "zeros from the ReLU, a gradient: \(t)")
    }

    @Test(.enabled(if: CPU.avx512, "needs AVX-512"), arguments: cases)
    func avx512IsBitIdenticalToConvThenPool(_ t: Case) {
        let (reference, wide) = (Self.unfused(t), Self.fused(t, wide: true))
        #expect(wide.y == reference.y, "pooled output, \(t)")
        #expect(wide.dw == reference.dw, "weight gradient, \(t)")
        #expect(wide.db == reference.db, "bias gradient, \(t)")
    }

    /// The fused layer as the network plans it: forward, and backward with and without an input
    /// gradient (a one-channel layer that is not the first takes the reference's backward) against
    /// the unfused layers.
    @Test(arguments: [true, false])
    func layerMatchesConvThenPool(needInputGrad: Bool) {
        let t = Case(h: 13, w: 12, k: 3, f: 16, padding: .same, relu: true, n: 3)
        let (plain, x, upstream, pooledCount) = Self.setUp(t)
        let fused = Conv2D(plain.geometry, relu: true, weight: plain.weight, bias: plain.bias, algorithm: .direct(pooled: true))
        #expect(fused.outShape == Shape(6, 6, 16))
        let pool = MaxPool2D(input: plain.outShape, size: 2)
        let dy = FloatBuffer(count: pooledCount)
        var context = PassContext(training: true, rng: SplitMix64(seed: 1))
        let y0 = Self.bits(pool.forward(plain.forward(x.pointer, n: t.n, context: &context), n: t.n, context: &context), pooledCount)
        dy.pointer.update(from: upstream, count: pooledCount)
        let dx0 = pool.backward(dy.pointer, n: t.n, needInputGrad: true).flatMap { plain.backward($0, n: t.n, needInputGrad: needInputGrad) }
        let reference = (dx: dx0.map { Self.bits($0, t.n * t.h * t.w) }, dw: plain.dWeight.array(plain.weight.count),
                         db: plain.dBias.array(t.f))
        let y1 = Self.bits(fused.forward(x.pointer, n: t.n, context: &context), pooledCount)
        dy.pointer.update(from: upstream, count: pooledCount)
        let dx1 = fused.backward(dy.pointer, n: t.n, needInputGrad: needInputGrad).map { Self.bits($0, t.n * t.h * t.w) }
        #expect(y1 == y0)
        #expect(fused.dWeight.array(plain.weight.count).map(\.bitPattern) == reference.dw.map(\.bitPattern))
        #expect(fused.dBias.array(t.f).map(\.bitPattern) == reference.db.map(\.bitPattern))
        #expect(dx1 == reference.dx && (dx1 == nil) == !needInputGrad)
    }

    /// The presets whose first convolution is followed by a ReLU and 2×2 pooling run it fused:
    /// the three become one layer.
    @Test(arguments: [Preset.sprint, .fast, .small])
    func presetsFuseTheirFirstPooling(_ preset: Preset) throws {
        let plan = try ExecutionPlan(preset.layers)
        let first = try #require(plan.steps.first)
        #expect(first.operation == .conv(ConvGeometry(input: Network.inputShape, filters: preset == .fast ? 16 : 32,
                                                      kernel: preset == .fast ? 5 : 3, padding: .valid), .direct(pooled: true)))
        #expect(first.specs == 3 && first.output == Shape(preset == .fast ? 12 : 13, preset == .fast ? 12 : 13, preset == .fast ? 16 : 32))
    }
}
