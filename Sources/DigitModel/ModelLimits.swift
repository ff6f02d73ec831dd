/// The most a network may ask for, checked from its architecture before anything is
/// allocated: a model file is untrusted input, and a few wrong numbers in its header
/// must not make the program reserve gigabytes before it is refused.
public enum ModelLimits {
    /// Saved floats (weights, biases, batch-norm statistics): 200 MB of float32.
    public static let maxParameters = 50_000_000
    /// Activations, gradients and scratch of all workers for one inference batch.
    public static let maxInferenceBytes = 1 << 30
    /// The same for one training batch (every layer's output is kept for backward).
    public static let maxTrainingBytes = 4 << 30
}

/// Integer arithmetic that sticks at Int.max instead of trapping: memory estimates of
/// absurd architectures must come out as "too large", not as a crash.
enum Saturating {
    static func add(_ a: Int, _ b: Int) -> Int {
        let (r, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : r
    }

    static func mul(_ a: Int, _ b: Int) -> Int {
        let (r, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? .max : r
    }

    static func sum(_ values: Int...) -> Int { values.reduce(0, add) }
}
