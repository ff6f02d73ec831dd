import Glibc

/// Softmax + cross-entropy, the loss for one-of-ten classification.
enum Loss {
    /// For `n` rows of `classes` logits: returns the summed loss and the number of correct
    /// argmaxes, and writes dLoss/dlogits scaled by `gradScale` (1/batch for a mean loss).
    static func softmaxCrossEntropy(_ logits: UnsafePointer<Float>, labels: UnsafePointer<UInt8>, n: Int,
                                    classes: Int, gradScale: Float,
                                    grad: UnsafeMutablePointer<Float>?) -> (loss: Double, correct: Int) {
        var loss = 0.0
        var correct = 0
        for r in 0..<n {
            let z = logits + r * classes
            let y = Int(labels[r])
            var best = 0
            for j in 1..<classes where z[j] > z[best] { best = j }
            if best == y { correct += 1 }
            let mx = z[best]
            var sum: Float = 0
            for j in 0..<classes { sum += expf(z[j] - mx) }
            loss += Double(logf(sum) - (z[y] - mx))
            if let grad {
                let g = grad + r * classes
                for j in 0..<classes { g[j] = expf(z[j] - mx) / sum * gradScale }
                g[y] -= gradScale
            }
        }
        return (loss, correct)
    }

    /// Numerically stable softmax of one row.
    static func softmax(_ z: UnsafePointer<Float>, classes: Int, into p: UnsafeMutablePointer<Float>) {
        var mx = z[0]
        for j in 1..<classes { mx = max(mx, z[j]) }
        var sum: Float = 0
        for j in 0..<classes { p[j] = expf(z[j] - mx); sum += p[j] }
        for j in 0..<classes { p[j] /= sum }
    }
}
