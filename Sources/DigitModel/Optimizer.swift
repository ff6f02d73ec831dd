import Glibc

/// How parameters follow their gradients. Kept apart from the network, which only
/// produces gradients.
public enum OptimizerKind: String, Sendable, CaseIterable {
    case sgd, adam
}

/// The learning rate over the run: constant, step decay, cosine or one-cycle.
public enum Schedule: String, Sendable, CaseIterable {
    case constant, step, cosine, onecycle

    /// The rate at `step` of `total` steps for a peak rate `base`.
    public func rate(base: Float, step: Int, total: Int, stepsPerEpoch: Int) -> Float {
        let t = total > 1 ? Float(step) / Float(total - 1) : 0
        switch self {
        case .constant: return base
        case .step:
            let epoch = stepsPerEpoch > 0 ? step / stepsPerEpoch : 0
            return base * powf(0.5, Float(epoch / 2))
        case .cosine:
            let warm = min(stepsPerEpoch / 2, total / 10)
            if step < warm { return base * Float(step + 1) / Float(warm) }
            let u = Float(step - warm) / Float(max(1, total - warm))
            return base * 0.5 * (1 + cosf(.pi * u))
        case .onecycle:
            // Up for 25% of the run from base/25, then cosine down to base/2500.
            if t < 0.25 { return base / 25 + (base - base / 25) * (t / 0.25) }
            let u = (t - 0.25) / 0.75
            return base / 2500 + (base - base / 2500) * 0.5 * (1 + cosf(.pi * u))
        }
    }
}

/// SGD with momentum or Adam (with decoupled weight decay, as AdamW).
final class Optimizer {
    let kind: OptimizerKind
    let momentum: Float = 0.9
    let beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8
    let weightDecay: Float
    private var m: [FloatBuffer] = []
    private var v: [FloatBuffer] = []
    private var t = 0

    /// Threads for the update: it is elementwise, so each takes a slice of every tensor.
    let threads: Int

    init(kind: OptimizerKind, weightDecay: Float = 0, threads: Int = 1) {
        self.kind = kind
        self.weightDecay = weightDecay
        self.threads = max(1, threads)
    }

    func step(_ items: [(param: Param, grad: FloatBuffer)], lr: Float) {
        if m.isEmpty {
            m = items.map { FloatBuffer(count: $0.param.count) }
            v = items.map { FloatBuffer(count: $0.param.count) }
        }
        t += 1
        let bc1 = 1 - powf(beta1, Float(t)), bc2 = 1 - powf(beta2, Float(t))
        // Small models are not worth waking a second thread for.
        let total = items.reduce(0) { $0 + $1.param.count }
        let parts = total >= 65_536 ? threads : 1
        parallelFor(parts) { part in
            for (i, item) in items.enumerated() {
                let lo = item.param.count * part / parts, hi = item.param.count * (part + 1) / parts
                let decay = item.param.name.hasSuffix(".weight") ? weightDecay : 0
                update(item.param.value.pointer, item.grad.pointer, m[i].pointer, v[i].pointer, lo..<hi,
                       lr: lr, decay: decay, bc1: bc1, bc2: bc2)
            }
        }
    }

    @inline(__always)
    private func update(_ w: UnsafeMutablePointer<Float>, _ g: UnsafeMutablePointer<Float>,
                        _ mi: UnsafeMutablePointer<Float>, _ vi: UnsafeMutablePointer<Float>, _ range: Range<Int>,
                        lr: Float, decay: Float, bc1: Float, bc2: Float) {
        switch kind {
        case .sgd:
            for j in range {
                let gj = g[j] + decay * w[j]
                mi[j] = momentum * mi[j] + gj
                w[j] -= lr * mi[j]
            }
        case .adam:
            let stepSize = lr / bc1
            let invBc2 = 1 / bc2
            for j in range {
                mi[j] = beta1 * mi[j] + (1 - beta1) * g[j]
                vi[j] = beta2 * vi[j] + (1 - beta2) * g[j] * g[j]
                w[j] -= stepSize * mi[j] / ((vi[j] * invBc2).squareRoot() + eps) + lr * decay * w[j]
            }
        }
    }
}
