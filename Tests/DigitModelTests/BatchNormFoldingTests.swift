import MNIST
import TestSupport
import Testing
@testable import DigitModel

/// Inference folds each batch norm into the convolution or dense layer before it: the folded
/// network must give the unfolded one's probabilities (to float rounding) and the same argmax,
/// follow weights that training changed, and leave the stored weights alone.
@Suite struct BatchNormFoldingTests {
    static let small: [LayerSpec] = [
        .conv2d(filters: 8, kernel: 3, padding: .same), .batchNorm, .relu,
        .conv2d(filters: 16, kernel: 3, padding: .same), .batchNorm, .relu, .maxPool2d(size: 2),
        .flatten, .dense(units: 32), .batchNorm, .relu, .dense(units: 10),
    ]

    /// Probabilities of the same network folded and unfolded.
    static func bothWays(_ net: Network, _ pixels: [Float]) -> (folded: [Float], plain: [Float]) {
        net.foldsBatchNorm = true
        let folded = net.probabilities(pixels: pixels)
        net.foldsBatchNorm = false
        defer { net.foldsBatchNorm = true }
        return (folded, net.probabilities(pixels: pixels))
    }

    static func argmaxes(_ probs: [Float]) -> [Int] {
        stride(from: 0, to: probs.count, by: 10).map { i in (0..<10).max { probs[i + $0] < probs[i + $1] } ?? 0 }
    }

    static func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
        a.count == b.count && !a.isEmpty ? zip(a, b).map { abs($0 - $1) }.max() ?? .infinity : .infinity
    }

    /// Random weights and batch-norm statistics, so that every fold has something to do.
    static func randomize(_ net: Network, seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        for p in net.params {
            let v = p.value.pointer
            for i in 0..<p.count {
                v[i] = p.name.hasSuffix("running_var") ? 0.5 + rng.nextFloat()
                    : p.name.hasSuffix("gamma") ? 0.5 + rng.nextFloat() : rng.uniform(-0.3, 0.3)
            }
        }
    }

    @Test func foldedMatchesUnfoldedOnRandomInputs() throws {
        let net = try Network(layers: Self.small, threads: 2)
        Self.randomize(net, seed: 5)
        var rng = SplitMix64(seed: 9)
        let pixels = (0..<(40 * 784)).map { _ in rng.nextFloat() }
        let stored = net.tensors.map(\.values)
        let (folded, plain) = Self.bothWays(net, pixels)
        #expect(Self.maxDifference(folded, plain) <= 1e-5)
        #expect(Self.argmaxes(folded) == Self.argmaxes(plain))
        #expect(net.tensors.map(\.values) == stored, "folding never changes the stored weights")
    }

    /// After a training step changed the weights and running statistics, the folded inference
    /// follows them (the folds are recomputed, not kept from the first pass).
    @Test func foldedFollowsTraining() throws {
        let net = try Network(layers: Self.small, threads: 2)
        Self.randomize(net, seed: 6)
        var rng = SplitMix64(seed: 10)
        let pixels = (0..<(8 * 784)).map { _ in rng.nextFloat() }
        let before = Self.bothWays(net, pixels).folded
        let labels: [UInt8] = [1, 4, 7, 0, 9, 3, 2, 8]
        _ = labels.withUnsafeBufferPointer { lab in
            net.trainBatch(n: 8, labels: lab.baseAddress!, seed: 3, step: 0) { range, dst in
                for (i, r) in range.enumerated() { for j in 0..<784 { dst[i * 784 + j] = pixels[r * 784 + j] } }
            }
        }
        // A plain step on the weights, so that the convolution weights change too.
        for (param, grad) in net.gradients { for i in 0..<param.count { param.value.pointer[i] -= 0.5 * grad.pointer[i] } }
        let (folded, plain) = Self.bothWays(net, pixels)
        #expect(Self.maxDifference(folded, before) > 1e-4, "the step changed the outputs")
        #expect(Self.maxDifference(folded, plain) <= 1e-5)
    }

    @Test func networkWithoutBatchNormIsNotFolded() throws {
        let net = try Network(layers: Preset.cnn.layers, threads: 1)
        #expect(BatchNormFolding(specs: net.specs, params: net.params, options: try ExecutionPlan(net.specs).options,
                                 threads: 1) == nil)
    }

    /// The folded plan fuses each ReLU (and the pooling after the second convolution of a block)
    /// into the convolutions: the deep preset's 22 specs run as 11 layers.
    @Test func deepPresetFusesOnceFolded() throws {
        let net = try Network(layers: Preset.deep.layers, threads: 1)
        let folding = try #require(BatchNormFolding(specs: net.specs, params: net.params,
                                                    options: try ExecutionPlan(net.specs).options, threads: 1))
        let layers = try #require(folding.workers.first).layers
        #expect(!layers.contains { $0 is BatchNorm })
        #expect(layers.count < (try ExecutionPlan(net.specs)).steps.count)
    }

    /// The shipped model (deep, with batch norm) on 300 MNIST test images.
    @Test(.requires(.mnist, .shippedModel)) func shippedModelAgreesOnMNIST() throws {
        let (test, _) = try MNIST.load(.test, from: try Requirement.mnist.path())
        let net = try ModelFile.load(try Requirement.shippedModel.path(), threads: 2).network
        let count = min(300, test.count)
        let pixels = test.images.prefix(count * 784).map { Float($0) / 255 }
        let (folded, plain) = Self.bothWays(net, pixels)
        #expect(Self.maxDifference(folded, plain) <= 1e-5)
        #expect(Self.argmaxes(folded) == Self.argmaxes(plain))
    }
}
