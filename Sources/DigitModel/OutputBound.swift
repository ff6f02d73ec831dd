/// Whether a loaded network gives finite probabilities for every input, decided from its
/// weights alone, without running it. Running two test images through the network at load
/// (what the reader used to do) took 13 % of a `digitrec predict` process and only proved the
/// outputs finite for those two images; this bound proves it for every image whose pixels are
/// in 0…1, in one pass over the weights.
///
/// Each layer's outputs are bounded per channel by interval arithmetic on magnitudes:
///   conv/dense: |y[f]| ≤ Σ |w[…, f]|·B[channel of …] + |b[f]|
///   batch norm: |y[c]| ≤ |γ[c]|·σ⁻¹[c]·(B[c] + |μ[c]|) + |β[c]|
///   ReLU, pooling, dropout (inference), flatten: no larger than their input.
/// Every bound entering a weighted sum is taken as at least 1, so that the bound also covers
/// the weights themselves — and the folded weights w·γ·σ⁻¹ that inference runs on
/// (`BatchNormFolding`) — whatever the activations are.
enum OutputBound {
    /// The largest magnitude allowed anywhere. Winograd's transforms scale a value by at most
    /// ~10⁴ (input 10², output 18²) on the way, which keeps every intermediate below Float.max
    /// (3.4·10³⁸) with room to spare; any network a person trains is many orders below it.
    static let limit = 1e30

    /// The bound on the logits for pixels in 0…1, nil when some layer could exceed `limit`
    /// (or a batch norm's variance gives no usable scale).
    static func logits(_ plan: ExecutionPlan, params: [Param], mean: Float, std: Float) -> Double? {
        let byName = Dictionary(params.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let inputs = max(abs(Double(mean)), abs(1 - Double(mean))) / Double(std)
        var bound = [Double](repeating: inputs, count: Network.inputShape.c)
        for step in plan.steps {
            let p = step.parameters.map { byName[$0.name] }
            switch step.operation {
            case .conv, .dense:
                guard let w = p[0], let b = p[1] else { return nil }
                bound = weighted(bound, weight: w, bias: b)
            case .batchNorm:
                guard p.count == 4, let g = p[0], let be = p[1], let m = p[2], let v = p[3] else { return nil }
                bound = normalized(bound, gamma: g, beta: be, mean: m, variance: v)
            case .flatten:
                // (H,W,C) → (1,1,H·W·C): element i is channel i mod C.
                let c = bound.count
                bound = (0..<step.output.count).map { bound[$0 % c] }
            case .maxPool, .dropout, .relu:
                continue
            }
            guard bound.allSatisfy({ $0.isFinite && $0 <= limit }) else { return nil }
        }
        return bound.max()
    }

    /// y[f] over a weight (…, F) whose row r reads input channel r mod C.
    private static func weighted(_ input: [Double], weight: Param, bias: Param) -> [Double] {
        let f = bias.count, c = input.count
        guard f > 0, c > 0, weight.count % f == 0 else { return [.infinity] }
        let w = weight.value.pointer, b = bias.value.pointer
        var out = (0..<f).map { abs(Double(b[$0])) }
        for r in 0..<(weight.count / f) {
            let x = max(input[r % c], 1)
            for j in 0..<f { out[j] += abs(Double(w[r * f + j])) * x }
        }
        return out
    }

    private static func normalized(_ input: [Double], gamma: Param, beta: Param, mean: Param, variance: Param) -> [Double] {
        let c = input.count
        guard [gamma, beta, mean, variance].allSatisfy({ $0.count == c }) else { return [.infinity] }
        let g = gamma.value.pointer, be = beta.value.pointer, m = mean.value.pointer, v = variance.value.pointer
        return (0..<c).map { j in
            // σ⁻¹ as `BatchNorm` computes it, in Float: a negative variance gives NaN here.
            let inv = 1 / (v[j] + BatchNorm.epsilon).squareRoot()
            guard inv.isFinite else { return .infinity }
            return abs(Double(g[j])) * Double(inv) * (max(input[j], 1) + abs(Double(m[j]))) + abs(Double(be[j]))
        }
    }
}
