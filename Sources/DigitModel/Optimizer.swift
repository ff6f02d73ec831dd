import CKernels
import Glibc

/// How parameters follow their gradients. Kept apart from the network, which only
/// produces gradients.
public enum OptimizerKind: String, Sendable, CaseIterable {
    case sgd, adam
}

/// The learning rate over the run: constant, step decay, cosine, one-cycle or triangle.
public enum Schedule: String, Sendable, CaseIterable {
    case constant, step, cosine, onecycle, triangle

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
        case .triangle:
            // `sprint`'s: up for 15 % of the run from base/25, then straight down to base/2500.
            // Against onecycle's 25 % and cosine, the peak comes sooner and the rate falls from
            // it at once: 98 % after 206 steps instead of 234 (mean of make bench's 5 seeds).
            let warm: Float = 0.15
            if t < warm { return base / 25 + (base - base / 25) * (t / warm) }
            let u = (t - warm) / (1 - warm)
            return base / 2500 + (base - base / 2500) * (1 - u)
        }
    }
}

/// Adam's decay rates for the running mean (β₁) and mean square (β₂) of the gradients.
/// A run of a hundred-odd steps (`sprint`) needs a shorter memory than the usual 0.999.
public struct AdamBetas: Sendable, Equatable {
    public var beta1: Float = 0.9
    public var beta2: Float = 0.999
    public init() {}
    public init(_ beta1: Float, _ beta2: Float) { self.beta1 = beta1; self.beta2 = beta2 }
}

/// SGD with momentum or Adam (with decoupled weight decay, as AdamW).
final class Optimizer {
    let kind: OptimizerKind
    let momentum: Float = 0.9
    let beta1: Float, beta2: Float
    let eps: Float = 1e-8
    let weightDecay: Float
    private var m: [FloatBuffer] = []
    private var v: [FloatBuffer] = []
    private var t = 0

    /// Threads for the update: it is elementwise, so each takes a slice of every tensor.
    let threads: Int

    /// Which loop runs Adam's update: all give the same bits (OwnKernelTests), tests pick each.
    enum Loop: CaseIterable {
        /// Eight lanes of Swift SIMD (any CPU).
        case swift
        /// CKernels/adam_avx2.c: the vector square root (CPU.haswell).
        case avx2
        /// CKernels/adam_avx512.c: sixteen lanes (CPU.avx512).
        case avx512

        /// The widest this CPU runs.
        static var widest: Loop { CPU.avx512 ? .avx512 : CPU.haswell ? .avx2 : .swift }
        /// Whether this CPU runs it.
        var runs: Bool { self == .swift || (self == .avx2 && CPU.haswell) || (self == .avx512 && CPU.avx512) }
    }

    let loop: Loop

    init(kind: OptimizerKind, weightDecay: Float = 0, betas: AdamBetas = AdamBetas(), threads: Int = 1,
         loop: Loop = .widest) {
        self.kind = kind
        self.loop = loop.runs ? loop : .widest
        beta1 = betas.beta1
        beta2 = betas.beta2
        self.weightDecay = weightDecay
        self.threads = max(1, threads)
    }

    func step(_ items: [(param: Param, grad: FloatBuffer)], lr: Float) {
        step(summing: items.map { ($0.param, [$0.grad]) }, lr: lr)
    }

    /// A step for gradients that are each the sum of several parts (every worker's own, in worker
    /// order: `Network.workerGradients`), summed here element by element in that order as the
    /// update reads them: the separate pass that summed them first (`Network.trainBatch` with
    /// `reduce`) wrote and read back a whole gradient, 1.5 % of a `cnn` epoch. Same sums, same bits.
    func step(summing items: [(param: Param, grads: [FloatBuffer])], lr: Float) {
        if m.isEmpty {
            m = items.map { FloatBuffer(count: $0.param.count) }
            v = items.map { FloatBuffer(count: $0.param.count) }
        }
        t += 1
        let bc1 = 1 - powf(beta1, Float(t)), bc2 = 1 - powf(beta2, Float(t))
        // Small models are not worth waking a second thread for.
        let total = items.reduce(0) { $0 + $1.param.count }
        let parts = total >= 65_536 ? threads : 1
        let sources = items.map { item in item.grads.map { UnsafePointer($0.pointer) } }
        parallelFor(parts) { part in
            for (i, item) in items.enumerated() {
                let lo = item.param.count * part / parts, hi = item.param.count * (part + 1) / parts
                let decay = item.param.name.hasSuffix(".weight") ? weightDecay : 0
                sources[i].withUnsafeBufferPointer { g in
                    update(item.param.value.pointer, g, m[i].pointer, v[i].pointer, lo..<hi,
                           lr: lr, decay: decay, bc1: bc1, bc2: bc2)
                }
            }
        }
    }

    /// g[0][j] + g[1][j] + … in that order.
    @inline(__always)
    private static func sum(_ g: UnsafeBufferPointer<UnsafePointer<Float>>, _ j: Int) -> Float {
        var s = g[0][j]
        for q in 1..<g.count { s += g[q][j] }
        return s
    }

    @inline(__always)
    private func update(_ w: UnsafeMutablePointer<Float>, _ g: UnsafeBufferPointer<UnsafePointer<Float>>,
                        _ mi: UnsafeMutablePointer<Float>, _ vi: UnsafeMutablePointer<Float>, _ range: Range<Int>,
                        lr: Float, decay: Float, bc1: Float, bc2: Float) {
        switch kind {
        case .sgd:
            for j in range {
                let gj = Self.sum(g, j) + decay * w[j]
                mi[j] = momentum * mi[j] + gj
                w[j] -= lr * mi[j]
            }
        case .adam where loop != .swift:
            // The vector square root (CKernels/adam_avx2.c, adam_avx512.c): the loop below, with the
            // same operations in the same order, but SIMD8's squareRoot() is eight scalar ones.
            // (The C side's `const float *const *` is [UnsafePointer<Float>?], the same layout.)
            let parts = UnsafeRawPointer(g.baseAddress)?.assumingMemoryBound(to: UnsafePointer<Float>?.self)
            let kernel = loop == .avx512 ? digitrec_adam_avx512 : digitrec_adam_avx2
            kernel(w, parts, Int32(g.count), mi, vi, range.lowerBound, range.upperBound, beta1, beta2,
                   1 - beta1, 1 - beta2, lr / bc1, 1 / bc2, eps, lr * decay)
        case .adam:
            // Eight lanes at a time, by hand: LLVM left this loop scalar (a square root and a
            // division per weight, 5.6 % of a `cnn` epoch). Lane for lane the same operations
            // in the same order, so the weights are bit-identical to the scalar loop's.
            let b1 = Lanes(repeating: beta1), b2 = Lanes(repeating: beta2)
            let c1 = Lanes(repeating: 1 - beta1), c2 = Lanes(repeating: 1 - beta2)
            let stepSize = Lanes(repeating: lr / bc1), invBc2 = Lanes(repeating: 1 / bc2)
            let epsilon = Lanes(repeating: eps), shrink = Lanes(repeating: lr * decay)
            var j = range.lowerBound
            while j < range.upperBound {
                let n = min(8, range.upperBound - j)
                var gj = Lanes.load(g[0] + j, n)
                for q in 1..<g.count { gj += Lanes.load(g[q] + j, n) }
                let wj = Lanes.load(w + j, n)
                let mj = b1 * Lanes.load(mi + j, n) + c1 * gj
                let vj = b2 * Lanes.load(vi + j, n) + c2 * gj * gj
                mj.store(mi + j, n)
                vj.store(vi + j, n)
                (wj - (stepSize * mj / ((vj * invBc2).squareRoot() + epsilon) + shrink * wj)).store(w + j, n)
                j += n
            }
        }
    }
}
