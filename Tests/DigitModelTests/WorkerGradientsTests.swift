import Testing
@testable import DigitModel

/// `Network.workerGradients` is what Adam sums as it reads it (`Optimizer.step(summing:)`): its
/// sum must be the batch's gradient whether or not `trainBatch` summed the workers' gradients
/// itself (review, session 33: after a reduced batch it counted workers 1… a second time).
@Suite struct WorkerGradientsTests {
    @Test func theirSumIsTheGradientWithOrWithoutReducing() throws {
        let n = 16
        var rng = SplitMix64(seed: 5)
        let pixels = (0..<(n * 784)).map { _ in rng.nextFloat() }
        let labels: [UInt8] = (0..<n).map { UInt8($0 * 3 % 10) }
        func batch(_ net: Network, reduce: Bool) {
            _ = labels.withUnsafeBufferPointer { lab in
                net.trainBatch(n: n, labels: lab.baseAddress!, seed: 3, step: 0, reduce: reduce) { range, dst in
                    for (i, r) in range.enumerated() { for j in 0..<784 { dst[i * 784 + j] = pixels[r * 784 + j] } }
                }
            }
        }
        let reduced = try Network(layers: Preset.mlp.layers, seed: 2, threads: 2)
        let split = try Network(layers: Preset.mlp.layers, seed: 2, threads: 2)
        batch(reduced, reduce: true)
        batch(split, reduce: false)
        let truth = reduced.gradients.map { $0.grad.array($0.param.count) }
        for (name, net) in [("reduced", reduced), ("split", split)] {
            let parts = net.workerGradients
            #expect(parts.count == truth.count)
            #expect(parts.allSatisfy { $0.grads.count == (name == "split" ? 2 : 1) }, "\(name): \(parts.map(\.grads.count))")
            for (i, p) in parts.enumerated() {
                let arrays = p.grads.map { $0.array(p.param.count) }
                let sum = (0..<p.param.count).map { j in arrays.dropFirst().reduce(arrays[0][j]) { $0 + $1[j] } }
                let worst = zip(sum, truth[i]).map { abs($0 - $1) }.max() ?? 0
                #expect(worst <= 1e-6, "\(name), parameter \(i): off by \(worst)")
            }
        }
    }
}
