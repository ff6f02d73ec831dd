import Testing
@testable import DigitModel

/// The plan decides every fusion and algorithm once; a network built from it must compute what
/// the plain reference (every convolution im2col, nothing fused but ReLUs) computes.
@Suite struct ExecutionPlanTests {
    static let mixed: [LayerSpec] = [
        .conv2d(filters: 8, kernel: 3, padding: .same), .relu, .conv2d(filters: 16, kernel: 3, padding: .valid), .relu,
        .maxPool2d(size: 2), .conv2d(filters: 16, kernel: 3, padding: .same), .batchNorm, .relu, .maxPool2d(size: 2),
        .conv2d(filters: 8, kernel: 1, padding: .valid), .relu, .maxPool2d(size: 3), .flatten, .dense(units: 10),
    ]

    @Test func cnnPresetIsPlannedWithItsFusions() throws {
        let plan = try ExecutionPlan(Preset.cnn.layers, winogradAllowed: true)
        let convs = plan.steps.compactMap { step -> ConvAlgorithmKind? in
            if case let .conv(_, kind) = step.operation { return kind } else { return nil }
        }
        #expect(convs == [.direct(pooled: false), .winograd(pooled: true)])
        #expect(plan.steps.map(\.specs) == [2, 3, 1, 1, 2, 1, 1], "conv+ReLU, conv+ReLU+pool, dropout, flatten, dense+ReLU, …")
        #expect(plan.steps.map(\.index) == [0, 2, 5, 6, 7, 9, 10], "parameters keep the names of their specs")
        #expect(plan.parameterCount == (try Network(layers: Preset.cnn.layers, seed: 1, threads: 1)).parameterCount)
        let reference = try ExecutionPlan(Preset.cnn.layers, referenceOnly: true)
        #expect(reference.steps.count == plan.steps.count + 1, "the pooling is its own layer")
    }

    @Test func sprintPresetIsPlannedWithItsFusions() throws {
        let plan = try ExecutionPlan(Preset.sprint.layers, winogradAllowed: true)
        let convs = plan.steps.compactMap { step -> ConvAlgorithmKind? in
            if case let .conv(_, kind) = step.operation { return kind } else { return nil }
        }
        #expect(convs == [.direct(pooled: true), .winograd(pooled: true)], "both poolings inside their convolutions")
        #expect(plan.steps.map(\.specs) == [3, 3, 1, 2, 1], "conv+ReLU+pool twice, flatten, dense+ReLU, dense")
        #expect(plan.steps.map(\.output) == [Shape(13, 13, 32), Shape(5, 5, 48), Shape(1, 1, 1200), Shape(1, 1, 128), Shape(1, 1, 10)])
    }

    /// A one-channel convolution that is not the first layer (after a one-filter one) runs the
    /// direct kernel with its pooling fused, and needs an input gradient.
    static let oneChannelInside: [LayerSpec] = [
        .conv2d(filters: 1, kernel: 3, padding: .same), .conv2d(filters: 8, kernel: 3, padding: .same), .relu,
        .maxPool2d(size: 2), .flatten, .dense(units: 10),
    ]

    @Test func oneChannelLayerInsideIsDirectAndPooled() throws {
        let kinds = try ExecutionPlan(Self.oneChannelInside).steps.compactMap { step -> ConvAlgorithmKind? in
            if case let .conv(_, kind) = step.operation { return kind } else { return nil }
        }
        #expect(kinds == [.im2col, .direct(pooled: true)])
    }

    /// Forward outputs and one training step's gradients of the planned network against the
    /// reference, with the same weights, at two threads.
    @Test(arguments: [Preset.cnn.layers, Preset.small.layers, Preset.deep.layers, Preset.fast.layers, Preset.sprint.layers, mixed,
                      oneChannelInside])
    func plannedNetworkMatchesTheReference(_ layers: [LayerSpec]) throws {
        let fast = try Network(plan: try ExecutionPlan(layers, winogradAllowed: true), specs: layers, threads: 2)
        let plain = try Network(plan: try ExecutionPlan(layers, referenceOnly: true), specs: layers, threads: 2)
        var rng = SplitMix64(seed: 17)
        for (a, b) in zip(fast.params, plain.params) {
            #expect(a.name == b.name && a.shape == b.shape)
            for i in 0..<a.count { a.value.pointer[i] = a.name.hasSuffix("running_var") ? 1 + rng.nextFloat() : rng.uniform(-0.2, 0.2) }
            b.value.pointer.update(from: a.value.pointer, count: a.count)
        }
        let n = 6
        let pixels = (0..<(n * 784)).map { _ in rng.nextFloat() }
        #expect(WinogradTests.maxError(plain.probabilities(pixels: pixels), fast.probabilities(pixels: pixels)) < 1e-4)
        let labels: [UInt8] = [1, 4, 7, 0, 9, 3]
        let grads = [fast, plain].map { net in
            _ = labels.withUnsafeBufferPointer { lab in
                net.trainBatch(n: n, labels: lab.baseAddress!, seed: 3, step: 0) { range, dst in
                    for (i, r) in range.enumerated() { for j in 0..<784 { dst[i * 784 + j] = pixels[r * 784 + j] } }
                }
            }
            return net.gradients.map { $0.grad.array($0.param.count) }
        }
        for (g, h) in zip(grads[0], grads[1]) { #expect(WinogradTests.maxError(h, g) < 1e-3) }
    }
}
