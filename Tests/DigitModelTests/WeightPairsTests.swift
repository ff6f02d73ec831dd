import CKernels
import Testing
@testable import DigitModel

/// W's bf16 pairs made once per training step by the workers together (`WeightPairs`): the same
/// pairs, the same gradients, and no worker making its own.
@Suite(.enabled(if: CPU.features & Int(DIGITREC_CPU_AVX512_BF16) != 0, "needs AVX512-BF16"))
struct WeightPairsTests {
    /// Bands of W's rows packed apart (as 1–3 workers do) write what one pack of all of W does,
    /// bit for bit: k with and without a partial 16-row block, n with padded pair rows (512).
    @Test(arguments: [(k: 9216, n: 128), (k: 784, n: 32), (k: 40, n: 16), (k: 66, n: 24), (k: 512, n: 512), (k: 16, n: 8)])
    func bandsMakeThePairsOfTheWhole(_ shape: (k: Int, n: Int)) {
        let (k, n) = shape
        var rng = SplitMix64(seed: UInt64(k * 1000 + n))
        let w = (0..<(k * n)).map { _ in rng.uniform(-1, 1) }
        var whole = [UInt16](repeating: 0, count: 2 * Kernels.bf16PairFloats(k: k, n: n))
        var wholeT = [UInt16](repeating: 0, count: 2 * Kernels.bf16PairFloats(k: n, n: k))
        whole.withUnsafeMutableBytes { p in
            wholeT.withUnsafeMutableBytes { Kernels.packBF16PairsBoth(k: k, n: n, w, p.baseAddress!, transposed: $0.baseAddress!) }
        }
        for parts in 1...3 {
            let shared = WeightPairs()
            shared.reserve(k: k, n: n)
            // Bands in reverse order: each writes only its own rows.
            for part in (0..<parts).reversed() { shared.pack(w, k: k, n: n, part: part, of: parts) }
            let pairs = UnsafeRawPointer(shared.pairs.pointer).assumingMemoryBound(to: UInt16.self)
            let turned = UnsafeRawPointer(shared.transposed.pointer).assumingMemoryBound(to: UInt16.self)
            #expect(Array(UnsafeBufferPointer(start: pairs, count: whole.count)) == whole, "\(shape), \(parts) parts")
            #expect(Array(UnsafeBufferPointer(start: turned, count: wholeT.count)) == wholeT, "\(shape), \(parts) parts")
        }
    }

    /// Two workers, the bf16 dense path on: a step with the shared pairs gives the gradients of a
    /// step where each worker packs its own, bit for bit — also after the weights change between
    /// steps (the pairs are made again, not kept) — and no worker made W's pairs itself. The
    /// gradients are the fp32 path's to bf16 rounding (the path is the fp32 one's, checked by
    /// GradientCheckTests, with rounded operands).
    @Test func sharedPairsGiveTheGradientsOfOwnPairs() throws {
        let layers: [LayerSpec] = [.flatten, .dense(units: 32), .relu, .dense(units: 16), .relu, .dense(units: 10)]
        let nets = try (0..<3).map { _ in try Network(layers: layers, seed: 5, threads: 2) }
        for (i, net) in nets.enumerated() {
            for worker in net.workers { for case let d as Dense in worker.layers { d.bf16 = i < 2 } }
        }
        nets[1].sharesWeightPairs = false
        for (step, grads) in twoStepGradients(nets, images: 8).enumerated() {
            #expect(grads[0] == grads[1], "step \(step): shared pairs changed the gradients")
            for (g, h) in zip(grads[0], grads[2]) { #expect(WinogradTests.maxError(h, g) < 2e-2, "step \(step): bf16 against fp32") }
            #expect(grads[0] != grads[2], "the bf16 path did not run")
        }
        let first = nets[0].workers.compactMap { $0.layers.compactMap { $0 as? Dense }.first }
        #expect(first.count == 2)
        for d in first {
            #expect(d.sharesPairs && d.wPairs.capacity == 1 && d.wtPairs.capacity == 1, "a worker made W's pairs itself")
            #expect(d.shared?.current == false)
        }
        let own = nets[1].workers.compactMap { $0.layers.compactMap { $0 as? Dense }.first }
        for d in own { #expect(d.wPairs.capacity > 1) }
    }

    /// On the bf16 path a W large enough for the own fp32 kernels whatever the batch
    /// (`Dense.fp32Products`) takes all three products there: Y, dW and dX are the fp32 layer's
    /// bit for bit (backward from the same X and dY: they skip the zeros of both), and no pairs
    /// of W or Wᵀ are made. A small W keeps its bf16 products.
    @Test(.enabled(if: CPU.ownDense, "the own fp32 kernels need AVX-512"))
    func largeWeightsRunInFP32() {
        let (n, i, o) = (12, 8192, 128)
        var rng = SplitMix64(seed: 31)
        let weight = Param(name: "w", shape: [i, o]), bias = Param(name: "b", shape: [o])
        for j in 0..<(i * o) { weight.value.pointer[j] = rng.uniform(-0.05, 0.05) }
        let x = FloatBuffer(count: n * i)
        for j in 0..<(n * i) { x.pointer[j] = rng.nextFloat() < 0.5 ? 0 : rng.uniform(0, 1) }
        let dyValues = (0..<(n * o)).map { _ in rng.nextFloat() < 0.7 ? Float(0) : rng.uniform(-1, 1) }
        func pass(bf16: Bool) -> (y: [Float], dw: [Float], dx: [Float], layer: Dense) {
            let layer = Dense(input: Shape(1, 1, i), units: o, relu: false, weight: weight, bias: bias)
            layer.bf16 = bf16
            var context = PassContext(training: true, rng: SplitMix64(seed: 1))
            let y = Array(UnsafeBufferPointer(start: layer.forward(x.pointer, n: n, context: &context), count: n * o))
            let dy = FloatBuffer(count: n * o)
            for j in 0..<(n * o) { dy.pointer[j] = dyValues[j] }
            let dx = layer.backward(dy.pointer, n: n, needInputGrad: true)
            return (y, layer.dWeight.array(i * o), dx.map { Array(UnsafeBufferPointer(start: $0, count: n * i)) } ?? [], layer)
        }
        let fp32 = pass(bf16: false), mixed = pass(bf16: true)
        #expect(mixed.layer.fp32Products && !mixed.layer.sharesPairs)
        #expect(mixed.y.map(\.bitPattern) == fp32.y.map(\.bitPattern), "the forward product ran in bf16")
        #expect(mixed.dw.map(\.bitPattern) == fp32.dw.map(\.bitPattern))
        #expect(mixed.dx.count == n * i && mixed.dx.map(\.bitPattern) == fp32.dx.map(\.bitPattern))
        #expect(mixed.layer.wPairs.capacity == 1 && mixed.layer.wtPairs.capacity == 1, "W's pairs made for nothing")
        // A small W keeps its bf16 products.
        let small = Dense(input: Shape(1, 1, 64), units: 16, relu: false, weight: Param(name: "v", shape: [64, 16]),
                          bias: Param(name: "c", shape: [16]))
        small.bf16 = true
        #expect(!small.fp32Products && small.sharesPairs)
    }

    /// Two workers, the bf16 path, a first dense layer of 784×1280 (all its products in fp32):
    /// the step packs no shared pairs for it, and its gradients are those of a step without
    /// shared pairs, bit for bit.
    @Test(.enabled(if: CPU.ownDense, "the own fp32 kernels need AVX-512"))
    func noSharedPairsForAnFP32Layer() throws {
        let layers: [LayerSpec] = [.flatten, .dense(units: 1280), .relu, .dense(units: 10)]
        let nets = try (0..<2).map { _ in try Network(layers: layers, seed: 6, threads: 2) }
        for net in nets { for worker in net.workers { for case let d as Dense in worker.layers { d.bf16 = true } } }
        nets[1].sharesWeightPairs = false
        for (step, grads) in twoStepGradients(nets, images: 8).enumerated() {
            #expect(grads[0] == grads[1], "step \(step): shared pairs changed the gradients")
        }
        let first = try #require(nets[0].workers.first?.layers.compactMap { $0 as? Dense }.first)
        #expect(first.fp32Products && first.shared?.pairs.capacity == 1 && first.shared?.transposed.capacity == 1)
        #expect(first.wPairs.capacity == 1)
    }
}
