import Testing
import TestSupport
@testable import DigitModel

/// `WeightAverage.blend`: every tensor, batch-norm statistics included, is (1 − t)·a + t·b, and
/// networks whose tensors mean different things are refused with both names in the message.
@Suite struct WeightAverageTests {
    static let layers: [LayerSpec] = [.conv2d(filters: 4, kernel: 3, padding: .same), .batchNorm, .relu,
                                      .maxPool2d(size: 2), .flatten, .dense(units: 10)]

    /// Two networks of one architecture with different weights and different running statistics
    /// (a fresh network's are 0 and 1 in both, which would hide a blend that skipped them).
    static func pair() throws -> (Network, Network) {
        let a = try Network(layers: layers, seed: 1, threads: 1), b = try Network(layers: layers, seed: 2, threads: 1)
        for (i, p) in b.params.enumerated() where !p.trainable {
            for j in 0..<p.count { p.value.pointer[j] = 0.5 + Float(i + j) * 0.25 }
        }
        return (a, b)
    }

    @Test func everyTensorIsTheWeightedMean() throws {
        let (a, b) = try Self.pair()
        #expect(a.params.contains { !$0.trainable }, "the fixture has running statistics")
        for t in [0.0, 0.3, 0.5, 1.0] {
            let c = try WeightAverage.blend(a, b, weightOfSecond: t, names: ("a", "b"), threads: 1)
            #expect(c.specs == a.specs)
            for (pc, (pa, pb)) in zip(c.tensors, zip(a.tensors, b.tensors)) {
                #expect(pc.name == pa.name && pc.shape == pa.shape)
                let expected = zip(pa.values, pb.values).map { Float((1 - t) * Double($0) + t * Double($1)) }
                #expect(pc.values == expected, "\(pc.name) at t = \(t)")
            }
        }
        // The ends are the models themselves, bit for bit, and so are their outputs.
        let first = try WeightAverage.blend(a, b, weightOfSecond: 0, names: ("a", "b"), threads: 1)
        let last = try WeightAverage.blend(a, b, weightOfSecond: 1, names: ("a", "b"), threads: 1)
        #expect(first.tensors.map(\.values) == a.tensors.map(\.values))
        #expect(last.tensors.map(\.values) == b.tensors.map(\.values))
        var rng = SplitMix64(seed: 3)
        let pixels = (0..<(3 * 784)).map { _ in rng.nextFloat() }
        #expect(last.probabilities(pixels: pixels) == b.probabilities(pixels: pixels))
        #expect(a.tensors.map(\.values) != b.tensors.map(\.values))
    }

    /// Each model's outputs are provably finite, the average's are not (a huge first layer in
    /// one, a huge last layer in the other): refused, as loading such a file would be.
    @Test func refusesAnAverageWhoseOutputsCouldOverflow() throws {
        let layers: [LayerSpec] = [.flatten, .dense(units: 16), .relu, .dense(units: 10)]
        let a = try Network(layers: layers, seed: 1, threads: 1), b = try Network(layers: layers, seed: 2, threads: 1)
        let firstWeights = try #require(a.params.first { $0.trainable && $0.shape.count == 2 })
        let lastWeights = try #require(b.params.last { $0.trainable && $0.shape.count == 2 })
        for j in 0..<firstWeights.count { firstWeights.value.pointer[j] *= 1e25 }
        for j in 0..<lastWeights.count { lastWeights.value.pointer[j] *= 1e25 }
        let plan = try ExecutionPlan(layers)
        #expect(OutputBound.logits(plan, params: a.params, mean: a.mean, std: a.std) != nil)
        #expect(OutputBound.logits(plan, params: b.params, mean: b.mean, std: b.std) != nil)
        do {
            _ = try WeightAverage.blend(a, b, weightOfSecond: 0.5, names: ("one", "two"), threads: 1)
            Issue.record("an average that can overflow is refused")
        } catch {
            #expect("\(error)".contains("cannot average one and two: the average's outputs could be infinite"), "\(error)")
        }
    }

    @Test func keepsTheFirstModelsNormalisationAndClasses() throws {
        let (a, b) = try Self.pair()
        a.mean = 0.2; b.mean = 0.2
        a.classNames = ["a", "b", "c"]; b.classNames = ["a", "b", "c"]
        let c = try WeightAverage.blend(a, b, weightOfSecond: 0.5, names: ("a", "b"), threads: 1)
        #expect(c.mean == 0.2 && c.std == a.std && c.classNames == ["a", "b", "c"])
    }

    @Test func refusesModelsThatDoNotMatchAndWeightsOutsideZeroToOne() throws {
        let (a, b) = try Self.pair()
        let other = try Network(layers: [.flatten, .dense(units: 10)], seed: 1, threads: 1)
        func message(_ x: Network, _ y: Network, _ t: Double = 0.5) -> String {
            do {
                _ = try WeightAverage.blend(x, y, weightOfSecond: t, names: ("one.safetensors", "two.safetensors"), threads: 1)
                return "no error"
            } catch { return "\(error)" }
        }
        #expect(message(a, other) == "cannot average one.safetensors and two.safetensors: their architectures differ")
        for t in [-0.1, 1.5, .nan, .infinity] {
            #expect(message(a, b, t).hasSuffix("is not between 0 and 1"), "\(t)")
        }
        b.std = 0.5
        #expect(message(a, b).hasSuffix("their input normalisations differ"))
        b.std = a.std
        b.classNames = ["x", "y"]
        #expect(message(a, b).hasSuffix("their classes differ"))
        b.classNames = a.classNames
        b.inputStyle = a.inputStyle == .digits ? (InputStyle.allCases.first { $0 != .digits } ?? .digits) : .digits
        if b.inputStyle != a.inputStyle { #expect(message(a, b).hasSuffix("their input styles differ")) }
    }
}
