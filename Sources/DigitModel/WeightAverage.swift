/// Weight-space averaging of two networks of one architecture. A model fine-tuned from another
/// and averaged with it ("WiSE-FT") keeps most of what the fine-tuning taught and most of what
/// the start knew, where either alone loses one: the shipped model is such an average.
public enum WeightAverage {
    /// A new network whose every tensor — weights, biases, batch-norm scales and running
    /// statistics alike — is (1 − t)·a + t·b, computed in Double and rounded to Float once (so
    /// t = 0 gives `a` and t = 1 gives `b`, bit for bit but for the sign of a zero). Refuses networks that differ in
    /// architecture, input normalisation, classes or input style: their tensors do not mean
    /// the same thing, and an average of them is no model.
    public static func blend(_ a: Network, _ b: Network, weightOfSecond t: Double,
                             names: (first: String, second: String),
                             threads: Int = Network.defaultThreads) throws -> Network {
        func refuse(_ reason: String) -> ModelError {
            .notAverageable(first: names.first, second: names.second, reason: reason)
        }
        guard t.isFinite, (0...1).contains(t) else { throw refuse("the weight \(t) is not between 0 and 1") }
        guard a.specs == b.specs else { throw refuse("their architectures differ") }
        guard a.mean == b.mean, a.std == b.std else { throw refuse("their input normalisations differ") }
        guard a.classNames == b.classNames else { throw refuse("their classes differ") }
        guard a.inputStyle == b.inputStyle else { throw refuse("their input styles differ") }
        let out = try Network(layers: a.specs, threads: threads)
        (out.mean, out.std, out.classNames, out.inputStyle) = (a.mean, a.std, a.classNames, a.inputStyle)
        // The same specs build the same parameter list; checked anyway, since a mismatch here
        // would read past a buffer.
        guard out.params.count == a.params.count, out.params.count == b.params.count else {
            throw refuse("their parameter lists differ")
        }
        for (p, (pa, pb)) in zip(out.params, zip(a.params, b.params)) {
            guard p.name == pa.name, p.name == pb.name, p.shape == pa.shape, p.shape == pb.shape else {
                throw refuse("tensor \(p.name) differs in name or shape")
            }
            blend(pa.value.pointer, pb.value.pointer, t, into: p.value.pointer, count: p.count)
        }
        // Two loadable models can average to one whose outputs could overflow (a weight large
        // in one, another in the other): the bound a load proves must hold for the average too.
        guard OutputBound.logits(try ExecutionPlan(a.specs), params: out.params, mean: out.mean, std: out.std) != nil else {
            throw refuse("the average's outputs could be infinite or NaN for some images (weights too large)")
        }
        return out
    }

    /// out[i] = (1 − t)·a[i] + t·b[i] over `count` floats, in Double.
    static func blend(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ t: Double,
                      into out: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { out[i] = Float((1 - t) * Double(a[i]) + t * Double(b[i])) }
    }
}
