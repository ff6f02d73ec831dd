import DigitModel

/// The mean and standard deviation of a dataset's pixels (0…1): the input normalisation a
/// network trained on it uses, as pytorch's examples compute it per dataset (MNIST's own,
/// 0.1307 and 0.3081, are the engine's default).
enum InputStatistics {
    static func of(_ data: LabelledImages) -> (mean: Float, std: Float)? {
        guard data.count > 0 else { return nil }
        var histogram = [Int](repeating: 0, count: 256)
        for byte in data.images { histogram[Int(byte)] += 1 }
        let n = Double(data.images.count)
        var sum = 0.0, sumSq = 0.0
        for (v, count) in histogram.enumerated() {
            let x = Double(v) / 255
            sum += x * Double(count)
            sumSq += x * x * Double(count)
        }
        let mean = sum / n, variance = max(0, sumSq / n - mean * mean)
        // A blank dataset has no spread: keep the default rather than divide by zero.
        guard variance > 1e-6 else { return nil }
        return (Float(mean), Float(variance.squareRoot()))
    }
}
