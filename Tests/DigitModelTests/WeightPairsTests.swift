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
}
