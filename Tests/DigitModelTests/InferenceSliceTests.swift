import Testing
@testable import DigitModel

/// Inference runs the convolutions over slices of `Worker.inferenceSlice` images (their
/// activations stay in the caches) and the dense layers over the whole batch: the slices must
/// not change what a batch computes, and must be what the convolutions actually see.
@Suite struct InferenceSliceTests {
    /// 37 images: whole slices (of 8, or 16 with `CPU.sparseDense`) and a short one.
    static func images(_ count: Int, seed: UInt64) -> [Float] {
        var rng = SplitMix64(seed: seed)
        return (0..<(count * 784)).map { _ in rng.nextFloat() }
    }

    /// A batch's probabilities against each image run alone (a batch of one is never sliced):
    /// the `cnn` preset, `deep` (four Winograd layers, each keeping its own transformed weights
    /// across the slices) and a network whose batch norms fold into its convolutions.
    @Test(arguments: [Preset.cnn.layers, Preset.deep.layers, BatchNormFoldingTests.small])
    func slicedBatchMatchesImageByImage(_ layers: [LayerSpec]) throws {
        let net = try Network(layers: layers, seed: 3, threads: 1)
        BatchNormFoldingTests.randomize(net, seed: 4)
        let pixels = Self.images(37, seed: 5)
        let batch = net.probabilities(pixels: pixels)
        let alone = (0..<37).flatMap { i in net.probabilities(pixels: Array(pixels[(i * 784)..<((i + 1) * 784)])) }
        #expect(BatchNormFoldingTests.argmaxes(batch) == BatchNormFoldingTests.argmaxes(alone))
        // The convolutions compute each image alike; only the dense GEMM's blocking may differ.
        #expect(BatchNormFoldingTests.maxDifference(batch, alone) < 1e-5)
    }

    /// After a 37-image batch on one worker, the shared activation buffers hold one slice of the
    /// largest convolution output (cnn's first layer, 26×26×32 per image), not the whole batch's.
    @Test func convolutionsRunOnSlices() throws {
        let net = try Network(layers: Preset.cnn.layers, seed: 3, threads: 1)
        _ = net.probabilities(pixels: Self.images(37, seed: 6))
        let shared = net.workers[0].shared
        let largest = max(shared.ping.capacity, shared.pong.capacity)
        #expect(largest == Worker.inferenceSlice * 26 * 26 * 32, "\(largest) floats")
    }

    /// With `CPU.sparseDense` the first dense layer runs in the slices too: what is gathered for
    /// the rest of the unit (`Network.inferenceUnit`: 32 images) is its output (cnn: 128 values
    /// per image), not the 9216 pooled activations it reads.
    @Test(.enabled(if: CPU.sparseDense, "the dense layer runs in the slices with the own kernels"))
    func firstDenseLayerRunsOnSlices() throws {
        let net = try Network(layers: Preset.cnn.layers, seed: 3, threads: 1)
        _ = net.probabilities(pixels: Self.images(37, seed: 7))
        #expect(Worker.inferenceSlice == 16)
        #expect(Network.inferenceUnit(threads: 1) == 32)
        #expect(net.workers[0].gathered.capacity == 32 * 128, "\(net.workers[0].gathered.capacity) floats")
    }
}
