/// Batch normalisation over every axis but the channels, with learned scale and shift
/// and an optional fused ReLU. input (N,H,W,C) -> output (N,H,W,C).
/// In training it normalises with this worker's batch statistics and records them, so the
/// network can fold them into the shared running averages after the step.
final class BatchNorm: Layer {
    static let epsilon: Float = 1e-5
    let inShape: Shape
    var outShape: Shape { inShape }
    let relu: Bool
    let gamma: Param, beta: Param, runningMean: Param, runningVar: Param
    let dGamma: FloatBuffer, dBeta: FloatBuffer
    /// This worker's batch mean and variance from the last training pass.
    let batchMean: FloatBuffer, batchVar: FloatBuffer
    private let out = FloatBuffer(), xhat = FloatBuffer(), invStd: FloatBuffer
    private var trainingPass = false

    init(input: Shape, relu: Bool, gamma: Param, beta: Param, runningMean: Param, runningVar: Param) {
        inShape = input
        self.relu = relu
        self.gamma = gamma
        self.beta = beta
        self.runningMean = runningMean
        self.runningVar = runningVar
        let c = input.c
        dGamma = FloatBuffer(count: c); dBeta = FloatBuffer(count: c)
        batchMean = FloatBuffer(count: c); batchVar = FloatBuffer(count: c)
        invStd = FloatBuffer(count: c)
    }

    var trainables: [(param: Param, grad: FloatBuffer)] { [(gamma, dGamma), (beta, dBeta)] }

    func forward(_ x: UnsafeMutablePointer<Float>, n: Int, context: inout PassContext) -> UnsafeMutablePointer<Float> {
        let c = inShape.c, rows = n * inShape.h * inShape.w
        let y = context.output(out, input: x).ensure(rows * c)
        let g = gamma.value.pointer, b = beta.value.pointer, inv = invStd.pointer
        trainingPass = context.training
        if context.training {
            let mean = batchMean.pointer, variance = batchVar.pointer
            Kernels.columnSums(x, rows: rows, cols: c, mean, accumulate: false)
            for j in 0..<c { mean[j] /= Float(rows) }
            variance.update(repeating: 0, count: c)
            for r in 0..<rows {
                let p = x + r * c
                for j in 0..<c { let d = p[j] - mean[j]; variance[j] += d * d }
            }
            for j in 0..<c { variance[j] /= Float(rows); inv[j] = 1 / (variance[j] + BatchNorm.epsilon).squareRoot() }
            let xh = xhat.ensure(rows * c)
            for r in 0..<rows {
                let p = x + r * c, q = xh + r * c, o = y + r * c
                for j in 0..<c {
                    q[j] = (p[j] - mean[j]) * inv[j]
                    let v = g[j] * q[j] + b[j]
                    o[j] = relu ? max(v, 0) : v
                }
            }
        } else {
            let rm = runningMean.value.pointer, rv = runningVar.value.pointer
            for j in 0..<c { inv[j] = 1 / (rv[j] + BatchNorm.epsilon).squareRoot() }
            for r in 0..<rows {
                let p = x + r * c, o = y + r * c
                for j in 0..<c {
                    let v = g[j] * (p[j] - rm[j]) * inv[j] + b[j]
                    o[j] = relu ? max(v, 0) : v
                }
            }
        }
        return y
    }

    func backward(_ dy: UnsafeMutablePointer<Float>, n: Int, needInputGrad: Bool) -> UnsafeMutablePointer<Float>? {
        guard trainingPass else { return nil }
        let c = inShape.c, rows = n * inShape.h * inShape.w
        if relu { Kernels.reluMask(dy, out.pointer, count: rows * c) }
        let xh = xhat.pointer, dg = dGamma.pointer, db = dBeta.pointer
        dg.update(repeating: 0, count: c)
        db.update(repeating: 0, count: c)
        for r in 0..<rows {
            let d = dy + r * c, q = xh + r * c
            for j in 0..<c { dg[j] += d[j] * q[j]; db[j] += d[j] }
        }
        guard needInputGrad else { return nil }
        // dx = γ·σ⁻¹/m · (m·dy − Σdy − x̂·Σ(dy·x̂)), written in place over dy.
        let g = gamma.value.pointer, inv = invStd.pointer
        let m = Float(rows)
        for r in 0..<rows {
            let d = dy + r * c, q = xh + r * c
            for j in 0..<c { d[j] = g[j] * inv[j] / m * (m * d[j] - db[j] - q[j] * dg[j]) }
        }
        return dy
    }
}
