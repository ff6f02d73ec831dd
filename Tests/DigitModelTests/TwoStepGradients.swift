@testable import DigitModel

/// Each net's gradients after a training step on one batch of random images, twice: between
/// the steps every weight moves (by its own factor, as an optimizer step would), so a copy of
/// the old weights kept by a worker (a shared Wᵀ, bf16 pairs) would show as other gradients.
/// Indexed [step][net][parameter]. For the tests of the weights' shared copies.
func twoStepGradients(_ nets: [Network], images n: Int, seed: UInt64 = 23) -> [[[[Float]]]] {
    var rng = SplitMix64(seed: seed)
    let pixels = (0..<(n * 784)).map { _ in rng.nextFloat() }
    let labels: [UInt8] = (0..<n).map { UInt8($0 * 7 % 10) }
    return (0..<2).map { step in
        if step == 1 {
            for net in nets { for p in net.params { for j in 0..<p.count { p.value.pointer[j] *= 0.9 + Float(j % 7) * 0.03 } } }
        }
        return nets.map { net in
            _ = labels.withUnsafeBufferPointer { lab in
                net.trainBatch(n: n, labels: lab.baseAddress!, seed: 3, step: step) { range, dst in
                    for (i, r) in range.enumerated() { for j in 0..<784 { dst[i * 784 + j] = pixels[r * 784 + j] } }
                }
            }
            return net.gradients.map { $0.grad.array($0.param.count) }
        }
    }
}
