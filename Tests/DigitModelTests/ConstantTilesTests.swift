import Testing
@testable import DigitModel

/// Inference's F(6×6) copies the outputs of a tile whose input holds the kept values at every
/// pixel (`ConstantTiles`): the copies must be the bits computing the tiles gives, next to
/// partial tiles, padding, other constant values and ink, over several chunks — and the
/// convolution im2col computes. The same for the first layer's inference kernel, which copies
/// the outputs of pixels over blank paper.
@Suite(.enabled(if: CPU.ownConvAVX512 && ConstantTiles.runs, "F(6×6) and the copies run on AVX-512 with the own kernels"))
struct ConstantTilesTests {
    struct Case: CustomStringConvertible, Sendable {
        var h: Int, w: Int, c: Int, f: Int, padding: LayerSpec.Padding, relu: Bool, pooled: Bool, n: Int
        var description: String {
            "\(h)×\(w)×\(c) → \(f) \(padding.rawValue)\(relu ? " relu" : "")\(pooled ? " pooled" : "") n=\(n)"
        }
    }

    static let cases: [Case] = [
        Case(h: 26, w: 26, c: 32, f: 64, padding: .valid, relu: true, pooled: true, n: 5),    // cnn's second layer, 3 chunks
        Case(h: 26, w: 26, c: 32, f: 64, padding: .valid, relu: true, pooled: false, n: 4),
        Case(h: 28, w: 28, c: 32, f: 32, padding: .same, relu: true, pooled: true, n: 3),     // the shipped model's: padding, partial tiles
        Case(h: 13, w: 13, c: 32, f: 48, padding: .valid, relu: false, pooled: true, n: 10),  // sprint's 11×11: one whole tile of 4, 2 chunks
    ]

    /// n images of the paper's value `paper` (one per channel) with random ink in a block whose
    /// place and size change from image to image (image 0 all paper), and in the last image a
    /// corner of another constant value, which must not be taken for the kept one.
    static func images(_ t: Case, paper: [Float], _ rng: inout SplitMix64) -> FloatBuffer {
        let x = FloatBuffer(count: t.n * t.h * t.w * t.c)
        for img in 0..<t.n {
            let (y0, x0) = (Int(rng.next() % UInt64(t.h)), Int(rng.next() % UInt64(t.w)))
            let side = img == 0 ? 0 : 3 + Int(rng.next() % 8)
            for y in 0..<t.h {
                for xx in 0..<t.w {
                    let pixel = x.pointer + ((img * t.h + y) * t.w + xx) * t.c
                    let ink = (y0..<(y0 + side)).contains(y) && (x0..<(x0 + side)).contains(xx)
                    let other = img == t.n - 1 && y < 10 && xx >= t.w - 10
                    for ch in 0..<t.c { pixel[ch] = ink ? rng.uniform(-1, 1) : other ? 0.25 : paper[ch] }
                }
            }
        }
        return x
    }

    @Test(arguments: cases) func copiesAreTheComputedBits(_ t: Case) {
        var rng = SplitMix64(seed: 11)
        let shape = Shape(t.h, t.w, t.c)
        let (weight, bias, _) = WinogradTests.randomLayer(c: t.c, f: t.f, images: 1, shape, &rng)
        // ReLU'd paper, as a first layer leaves it: some channels 0.
        let paper = (0..<t.c).map { _ in max(0, rng.uniform(-0.5, 0.5)) }
        let x = Self.images(t, paper: paper, &rng)
        let g = ConvGeometry(input: shape, filters: t.f, kernel: 3, padding: t.padding)
        let outCount = t.n * ConvAlgorithmKind.winograd(pooled: t.pooled).outputShape(g).count
        let p = ConvParameters(weight: weight, bias: bias, dWeight: FloatBuffer(), dBias: FloatBuffer(), relu: t.relu)
        let algorithm = WinogradConvolution(g, p, pooled: t.pooled, six: true)
        func run(reusing: Bool) -> [Float] {
            algorithm.reusesConstantTiles = reusing
            let y = FloatBuffer(count: outCount)
            algorithm.forward(x.pointer, n: t.n, y.pointer, context: PassContext(training: false, rng: SplitMix64(seed: 1)))
            return y.array(outCount)
        }
        let computed = run(reusing: false)
        let before = algorithm.constantTiles.reused
        let copied = run(reusing: true)
        #expect(algorithm.constantTiles.reused > before, "some tiles must have been copied")
        // One Bool: a failing comparison of two whole outputs would print thousands of floats.
        let same = copied == computed
        #expect(same, "copied tiles must hold the bits computing them gives")

        // And the convolution itself, as im2col computes it (then MaxPool2D when pooled).
        let conv = Conv2D(input: shape, filters: t.f, kernel: 3, padding: t.padding, relu: t.relu, weight: weight, bias: bias,
                          algorithm: .im2col)
        let pool = MaxPool2D(input: conv.outShape, size: 2)   // (kept: it owns the pooled output)
        var context = PassContext(training: false, rng: SplitMix64(seed: 1))
        var y = conv.forward(x.pointer, n: t.n, context: &context)
        if t.pooled { y = pool.forward(y, n: t.n, context: &context) }
        let reference = Array(UnsafeBufferPointer(start: y, count: outCount))
        #expect(WinogradTests.maxError(reference, copied) < 3e-5)
    }

    /// A second pass with other weights must not copy the first pass's tile.
    @Test func newWeightsForgetTheKeptTile() {
        var rng = SplitMix64(seed: 12)
        let t = Self.cases[0], shape = Shape(t.h, t.w, t.c)
        let (weight, bias, _) = WinogradTests.randomLayer(c: t.c, f: t.f, images: 1, shape, &rng)
        let x = Self.images(t, paper: (0..<t.c).map { _ in max(0, rng.uniform(-0.5, 0.5)) }, &rng)
        let g = ConvGeometry(input: shape, filters: t.f, kernel: 3, padding: t.padding)
        let outCount = t.n * ConvAlgorithmKind.winograd(pooled: true).outputShape(g).count
        let p = ConvParameters(weight: weight, bias: bias, dWeight: FloatBuffer(), dBias: FloatBuffer(), relu: true)
        let algorithm = WinogradConvolution(g, p, pooled: true, six: true)
        func run(reusing: Bool) -> [Float] {
            algorithm.reusesConstantTiles = reusing
            let y = FloatBuffer(count: outCount)
            algorithm.forward(x.pointer, n: t.n, y.pointer, context: PassContext(training: false, rng: SplitMix64(seed: 1)))
            return y.array(outCount)
        }
        _ = run(reusing: true)
        for i in 0..<t.f { bias.value.pointer[i] += 0.5 }
        let copied = run(reusing: true), computed = run(reusing: false)
        let same = copied == computed
        #expect(same, "the second pass's copies must be of its own weights' tile")
    }

    /// The `cnn` preset on MNIST-like images (blank paper around the ink): the network's
    /// probabilities are the same bits with and without the copies, and copies were made.
    @Test func networkProbabilitiesUnchanged() throws {
        let net = try Network(layers: Preset.cnn.layers, seed: 3, threads: 1)
        var rng = SplitMix64(seed: 13)
        var pixels = [Float](repeating: 0, count: 37 * 784)
        for img in 0..<37 {
            let (y0, x0, side) = (4 + Int(rng.next() % 8), 4 + Int(rng.next() % 8), 8 + Int(rng.next() % 9))
            for y in y0..<min(28, y0 + side) { for x in x0..<min(28, x0 + side) { pixels[img * 784 + y * 28 + x] = rng.nextFloat() } }
        }
        let layers = net.workers[0].layers.compactMap { ($0 as? Conv2D)?.winograd }
        #expect(layers.count == 1 && layers[0].inferenceSix)
        func run(reusing: Bool) -> [Float] {
            for l in layers { l.reusesConstantTiles = reusing }
            return net.probabilities(pixels: pixels)
        }
        let computed = run(reusing: false)
        let copied = run(reusing: true)
        #expect(layers[0].constantTiles.reused > 0)
        #expect(copied == computed)
    }

    /// The first layer's inference kernel on MNIST-like images (normalised blank paper around a
    /// block of ink): the pixels it copies hold the bits computing them gives, with and without
    /// padding, 3×3 and 5×5, 32 filters and a masked last vector.
    @Test(arguments: [(3, LayerSpec.Padding.valid, 32), (3, .same, 32), (5, .valid, 24), (3, .valid, 8)])
    func firstLayerCopiesAreTheComputedBits(_ k: Int, _ padding: LayerSpec.Padding, _ f: Int) {
        var rng = SplitMix64(seed: 14)
        let n = 5, shape = Shape(28, 28, 1), paper: Float = (0 - 0.1307) / 0.3081
        let x = FloatBuffer(count: n * 784)
        for img in 0..<n {
            let (y0, x0, side) = (4 + Int(rng.next() % 8), 4 + Int(rng.next() % 8), img == 0 ? 0 : 6 + Int(rng.next() % 10))
            for y in 0..<28 {
                for xx in 0..<28 {
                    let ink = (y0..<(y0 + side)).contains(y) && (x0..<(x0 + side)).contains(xx)
                    x.pointer[img * 784 + y * 28 + xx] = ink ? rng.uniform(-0.4, 2.8) : paper
                }
            }
        }
        let g = ConvGeometry(input: shape, filters: f, kernel: k, padding: padding).batch(n)
        let weight = FloatBuffer(count: k * k * f), bias = FloatBuffer(count: f)
        for i in 0..<(k * k * f) { weight.pointer[i] = rng.uniform(-0.5, 0.5) }
        for i in 0..<f { bias.pointer[i] = rng.uniform(-0.2, 0.2) }
        let count = n * g.outCount
        func run(reuse: Bool, fused: Bool = true) -> (y: [Float], copied: Int) {
            let y = FloatBuffer(count: count)
            let copied = fused
                ? Kernels.convolveOneChannelFMA(x.pointer, g, weight.pointer, bias: bias.pointer, relu: true, reuse: reuse, y.pointer)
                : Kernels.convolveOneChannel(x.pointer, g, weight.pointer, bias: bias.pointer, relu: true, reuse: reuse, y.pointer)
            return (y.array(count), copied)
        }
        let computed = run(reuse: false), copied = run(reuse: true)
        #expect(computed.copied == 0 && copied.copied > 0, "copied \(copied.copied) groups of four")
        let same = copied.y == computed.y
        #expect(same, "copied pixels must hold the bits computing them gives")
        // Training's kernel (a multiply and an add a tap) copies the same groups, and its outputs
        // stay the bits of the Swift loop it must equal (the weights depend on them).
        let training = run(reuse: true, fused: false), lanes = FloatBuffer(count: count)
        Kernels.convolveOneChannelLanes(x.pointer, g, weight.pointer, bias: bias.pointer, relu: true, lanes.pointer)
        #expect(training.copied == copied.copied)
        #expect(training.y.map(\.bitPattern) == lanes.array(count).map(\.bitPattern), "training's copies must be its computed bits")
        // And the plain convolution (one multiply and one add a tap: within float rounding).
        let reference = FloatBuffer(count: count)
        Kernels.convolveOneChannelLanes(x.pointer, g, weight.pointer, bias: bias.pointer, relu: true, reference.pointer)
        #expect(WinogradTests.maxError(reference.array(count), copied.y) < 1e-5)
    }
}
