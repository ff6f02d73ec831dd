/// Inference with every batch norm that follows a convolution or dense layer folded into that
/// layer's weights and bias. In inference a batch norm is a fixed per-channel affine map,
/// y = γ·(x − μ)·σ⁻¹ + β with σ = √(running var + ε), so
///   w'[…, f] = w[…, f]·γ[f]·σ⁻¹[f],   b'[f] = (b[f] − μ[f])·γ[f]·σ⁻¹[f] + β[f]
/// computes the same function (to float rounding) with one layer fewer — and the ReLU (and
/// 2×2 pooling) after the batch norm can then fuse into the convolution (see `ExecutionPlan`).
/// Training never uses it, and the stored weights are never changed: the folded weights are
/// separate values, recomputed from the stored ones before every inference pass.
final class BatchNormFolding {
    /// A folded layer's weight and bias, and the stored values they come from.
    private struct Fold {
        let weight: Param, bias: Param
        let sourceWeight: Param, sourceBias: Param
        let gamma: Param, beta: Param, mean: Param, variance: Param
    }

    /// One worker per thread, running the folded architecture.
    let workers: [Worker]
    private let folds: [Fold]

    /// nil when no batch norm follows a convolution or dense layer (nothing to fold).
    init?(specs: [LayerSpec], params: [Param], options: ExecutionPlan.Options, threads: Int) {
        // folded[j] came from specs[origin[j]]; a folded conv/dense has its batch norm at origin[j] + 1.
        var folded: [LayerSpec] = [], origin: [Int] = [], foldsNorm: [Bool] = []
        var i = 0
        while i < specs.count {
            let normFollows = specs[i].hasWeights && i + 1 < specs.count && specs[i + 1] == .batchNorm
            folded.append(specs[i]); origin.append(i); foldsNorm.append(normFollows)
            i += normFollows ? 2 : 1
        }
        guard foldsNorm.contains(true), let plan = try? ExecutionPlan(folded, options: options) else { return nil }
        let stored = Dictionary(params.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        func source(_ index: Int, _ suffix: String) -> Param? { stored["layers.\(index).\(suffix)"] }
        let table = ParamTable()
        var folds: [Fold] = []
        for step in plan.steps {
            let from = origin[step.index]
            for spec in step.parameters {
                let suffix = spec.name.split(separator: ".").last.map(String.init) ?? ""
                guard !foldsNorm[step.index] else { _ = table.get(spec.name, spec.shape); continue }
                // An unfolded layer runs on the stored values themselves.
                guard let p = source(from, suffix), p.shape == spec.shape else { return nil }
                table.adopt(spec.name, p)
            }
            guard foldsNorm[step.index] else { continue }
            let name = "layers.\(step.index)"
            guard let w = table.existing(name + ".weight"), let b = table.existing(name + ".bias"),
                  let sw = source(from, "weight"), let sb = source(from, "bias"),
                  let g = source(from + 1, "gamma"), let be = source(from + 1, "beta"),
                  let m = source(from + 1, "running_mean"), let v = source(from + 1, "running_var"),
                  sw.count == w.count, sb.count == b.count, [g, be, m, v].allSatisfy({ $0.count == b.count })
            else { return nil }
            folds.append(Fold(weight: w, bias: b, sourceWeight: sw, sourceBias: sb, gamma: g, beta: be, mean: m, variance: v))
        }
        self.folds = folds
        workers = (0..<threads).map { _ in Worker(layers: Network.build(plan, table: table)) }
    }

    /// Recomputes the folded weights and biases from the stored values (which training may
    /// have changed since the last pass).
    func refresh() {
        for fold in folds {
            let f = fold.bias.count
            let g = fold.gamma.value.pointer, be = fold.beta.value.pointer
            let m = fold.mean.value.pointer, v = fold.variance.value.pointer
            let w = fold.weight.value.pointer, sw = fold.sourceWeight.value.pointer
            let b = fold.bias.value.pointer, sb = fold.sourceBias.value.pointer
            // The scale per output channel, as `BatchNorm.forward` computes σ⁻¹ in inference.
            let scale = (0..<f).map { j in g[j] * (1 / (v[j] + BatchNorm.epsilon).squareRoot()) }
            for j in 0..<f { b[j] = (sb[j] - m[j]) * scale[j] + be[j] }
            // Weights are (…, F): the output channel is the fastest-moving index.
            for r in 0..<(fold.weight.count / f) {
                for j in 0..<f { w[r * f + j] = sw[r * f + j] * scale[j] }
            }
        }
    }
}

extension LayerSpec {
    /// Whether the layer has a weight and bias per output channel (a batch norm after it folds in).
    var hasWeights: Bool {
        switch self {
        case .conv2d, .dense: return true
        default: return false
        }
    }
}
