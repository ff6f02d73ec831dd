import Testing
@testable import DigitModel

/// The load-time bound on the logits (`OutputBound`) must hold for any image with pixels in
/// 0…1, and refuse weights that overflow for some image even when they do not for flat ones.
@Suite struct OutputBoundTests {
    /// The logits of `count` images (count×784 pixels in 0…1), through the stored layers.
    static func logits(_ net: Network, _ pixels: [Float], count: Int) -> [Float] {
        let worker = net.workers[0]
        let x = worker.input.ensure(count * 784)
        pixels.withUnsafeBufferPointer { net.normalize($0.baseAddress!, count: count * 784, into: x) }
        var context = PassContext(training: false, rng: SplitMix64(seed: 0, 2), shared: worker.shared)
        let out = worker.forward(x, n: count, context: &context)
        return Array(UnsafeBufferPointer(start: out, count: count * Network.classes))
    }

    /// Blank, full, random and checkerboard images: every logit is within the bound.
    @Test(arguments: [Preset.mlp, .small, .cnn]) func boundHoldsForImages(_ preset: Preset) throws {
        let net = try Network(layers: preset.layers, seed: 3, threads: 1)
        let plan = try ExecutionPlan(net.specs)
        let bound = try #require(OutputBound.logits(plan, params: net.params, mean: net.mean, std: net.std))
        var rng = SplitMix64(seed: 9, 1)
        var pixels = [Float](repeating: 0, count: 784) + [Float](repeating: 1, count: 784)
        pixels += (0..<784).map { _ in rng.uniform(0, 1) }
        pixels += (0..<784).map { Float(($0 / 28 + $0 % 28) % 2) }
        let logits = Self.logits(net, pixels, count: 4)
        #expect(logits.allSatisfy { Double(abs($0)) <= bound })
        #expect(bound < OutputBound.limit)
    }

    /// Weights of ±1e36 alternating along the input cancel on every flat image (the old check
    /// ran a blank and a grey one), but a checkerboard of ink overflows: refused at load.
    @Test func cancellingHugeWeightsAreRefused() throws {
        let net = try Network(layers: [.flatten, .dense(units: 10)], seed: 1, threads: 1)
        let w = net.params[0]
        for i in 0..<w.count { w.value.pointer[i] = (i / 10) % 2 == 0 ? 1e36 : -1e36 }
        let flat = Self.logits(net, [Float](repeating: 0.5, count: 784), count: 1)
        #expect(flat.allSatisfy { $0.isFinite })
        let bytes = ModelFile.encode(net, metadata: [:])
        #expect {
            try ModelFile.decode(bytes, file: "cancel.safetensors", threads: 1)
        } throws: { error in
            guard case .outputsNotFinite? = error as? ModelError else { return false }
            return "\(error)".hasPrefix("cancel.safetensors: ")
        }
    }

    /// A negative running variance makes the batch norm's σ⁻¹ NaN: refused.
    @Test func negativeVarianceIsRefused() throws {
        let net = try Network(layers: [.flatten, .dense(units: 10), .batchNorm], seed: 1, threads: 1)
        let variance = try #require(net.params.first { $0.name.hasSuffix("running_var") })
        variance.value.pointer[2] = -1
        let plan = try ExecutionPlan(net.specs)
        #expect(OutputBound.logits(plan, params: net.params, mean: net.mean, std: net.std) == nil)
    }
}
