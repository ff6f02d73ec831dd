import Testing
@testable import DigitModel

/// Inference's Winograd F(6×6, 3×3) (AVX-512 transforms) and the F(4×4) path it falls back to
/// must both compute the convolution im2col does — plain, with the ReLU, and with 2×2 max
/// pooling fused in — including partial tiles, padding, odd pooled sizes and short chunks.
@Suite struct Winograd6Tests {
    struct Case: CustomStringConvertible, Sendable {
        var h: Int, w: Int, c: Int, f: Int, padding: LayerSpec.Padding, relu: Bool, pooled: Bool, n: Int
        var description: String {
            "\(h)×\(w)×\(c) → \(f) \(padding.rawValue)\(relu ? " relu" : "")\(pooled ? " pooled" : "") n=\(n)"
        }
    }

    static let cases: [Case] = [
        Case(h: 26, w: 26, c: 32, f: 64, padding: .valid, relu: true, pooled: true, n: 3),    // cnn's second layer, a short chunk
        Case(h: 26, w: 26, c: 32, f: 64, padding: .valid, relu: true, pooled: false, n: 2),
        Case(h: 28, w: 28, c: 32, f: 32, padding: .same, relu: true, pooled: true, n: 3),     // the shipped model's: 28 = 4⅔ tiles
        Case(h: 13, w: 13, c: 32, f: 48, padding: .valid, relu: true, pooled: true, n: 2),    // sprint's: 11×11, a row no window covers
        Case(h: 13, w: 11, c: 16, f: 16, padding: .valid, relu: false, pooled: false, n: 1),  // 11×9: partial tiles both ways
        Case(h: 5, w: 7, c: 16, f: 32, padding: .same, relu: false, pooled: false, n: 5),     // smaller than a tile
        Case(h: 14, w: 14, c: 64, f: 64, padding: .same, relu: true, pooled: true, n: 7),
    ]

    /// The layer's inference output (training off, so F(6×6) runs where `six` says).
    static func infer(_ layer: Layer, _ x: FloatBuffer, n: Int, count: Int) -> [Float] {
        var context = PassContext(training: false, rng: SplitMix64(seed: 1))
        return Array(UnsafeBufferPointer(start: layer.forward(x.pointer, n: n, context: &context), count: count))
    }

    @Test(arguments: cases) func matchesIm2col(_ t: Case) {
        var rng = SplitMix64(seed: 7)
        let shape = Shape(t.h, t.w, t.c)
        let (weight, bias, x) = WinogradTests.randomLayer(c: t.c, f: t.f, images: t.n, shape, &rng)

        // The reference: im2col, then MaxPool2D when pooled.
        let conv = Conv2D(input: shape, filters: t.f, kernel: 3, padding: t.padding, relu: t.relu, weight: weight, bias: bias,
                          algorithm: .im2col)
        let reference: [Float]
        if t.pooled {
            let pool = MaxPool2D(input: conv.outShape, size: 2)
            var context = PassContext(training: false, rng: SplitMix64(seed: 1))
            let y = pool.forward(conv.forward(x.pointer, n: t.n, context: &context), n: t.n, context: &context)
            reference = Array(UnsafeBufferPointer(start: y, count: t.n * pool.outShape.count))
        } else {
            reference = Self.infer(conv, x, n: t.n, count: t.n * conv.outShape.count)
        }

        let kind = ConvAlgorithmKind.winograd(pooled: t.pooled)
        let g = ConvGeometry(input: shape, filters: t.f, kernel: 3, padding: t.padding)
        let outCount = t.n * kind.outputShape(g).count
        #expect(reference.count == outCount)
        let p = ConvParameters(weight: weight, bias: bias, dWeight: FloatBuffer(), dBias: FloatBuffer(), relu: t.relu)
        func run(six: Bool) -> [Float] {
            let algorithm = WinogradConvolution(g, p, pooled: t.pooled, six: six)
            let y = FloatBuffer(count: outCount)
            algorithm.forward(x.pointer, n: t.n, y.pointer, context: PassContext(training: false, rng: SplitMix64(seed: 1)))
            return y.array(outCount)
        }
        // F(4×4): ~1e-6 of the largest output; F(6×6) rounds about twice as much.
        #expect(WinogradTests.maxError(reference, run(six: false)) < 1e-5, "F(4×4), \(t)")
        // F(6×6)'s transforms need AVX-512; elsewhere inference keeps F(4×4).
        if CPU.avx512 { #expect(WinogradTests.maxError(reference, run(six: true)) < 3e-5, "F(6×6), \(t)") }
    }

    /// F(6×6) runs where it makes fewer products than F(4×4) over channels in whole ZMM vectors.
    @Test func paysWhereItHasFewerProducts() {
        func geometry(_ side: Int, _ c: Int, _ f: Int, _ padding: LayerSpec.Padding) -> ConvGeometry {
            ConvGeometry(input: Shape(side, side, c), filters: f, kernel: 3, padding: padding)
        }
        #expect(Winograd6.pays(geometry(26, 32, 64, .valid)), "cnn's 24×24: 16·64 products against 36·36")
        #expect(Winograd6.pays(geometry(28, 32, 32, .same)), "28×28: 25·64 against 49·36")
        #expect(!Winograd6.pays(geometry(14, 64, 64, .same)), "14×14: 9·64 = 16·36")
        #expect(!Winograd6.pays(geometry(26, 32, 8, .valid)), "8 filters: not a whole ZMM vector")
    }

    /// The memory plan (what `ModelLimits` checks before building) bounds what the layers then
    /// take: F(6×6)'s larger transformed weights and the padded position panels included.
    @Test(arguments: [(26, 32, 64, LayerSpec.Padding.valid), (28, 32, 32, .same), (14, 64, 64, .same), (13, 32, 48, .valid)])
    func memoryPlanBoundsTheScratch(_ side: Int, _ c: Int, _ f: Int, _ padding: LayerSpec.Padding) {
        let g = ConvGeometry(input: Shape(side, side, c), filters: f, kernel: 3, padding: padding)
        for n in [1, 8, 512] {
            let taken = WinogradConvolution.scratchFloats(g, n: n, six: Winograd6.runs(g)).reduce(0, +)
            let planned = ExecutionPlan.convScratch(g, .winograd(pooled: true), images: n, training: false)
            #expect(planned >= taken, "\(g), n=\(n): planned \(planned) floats, taken \(taken)")
        }
    }

    /// Training never runs F(6×6): its forward pass keeps F(4×4)'s values (and the winners its
    /// backward needs), so trained weights stay bit-identical.
    @Test func trainingKeepsFourByFour() {
        var rng = SplitMix64(seed: 3)
        let shape = Shape(26, 26, 32), g = ConvGeometry(input: shape, filters: 64, kernel: 3, padding: .valid)
        let (weight, bias, x) = WinogradTests.randomLayer(c: 32, f: 64, images: 2, shape, &rng)
        let p = ConvParameters(weight: weight, bias: bias, dWeight: FloatBuffer(), dBias: FloatBuffer(), relu: true)
        let count = 2 * g.outCount
        func train(six: Bool) -> [Float] {
            let y = FloatBuffer(count: count)
            WinogradConvolution(g, p, pooled: false, six: six)
                .forward(x.pointer, n: 2, y.pointer, context: PassContext(training: true, rng: SplitMix64(seed: 1)))
            return y.array(count)
        }
        // One Bool: a failing comparison of two whole outputs would print 37k floats each.
        let same = train(six: true) == train(six: false)
        #expect(same, "training's forward pass must be F(4×4)'s, bit for bit")
    }
}
