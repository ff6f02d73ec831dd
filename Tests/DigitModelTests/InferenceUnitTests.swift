import Testing
@testable import DigitModel

/// Inference hands out units of `Network.inferenceUnit` images to the workers in turn (not a
/// fixed half of each batch): whoever takes a unit, each image's probabilities must be its own,
/// and a worker that keeps its transformed weights from one unit to the next must not keep them
/// from one pass to the next (training changes the weights in between).
@Suite struct InferenceUnitTests {
    /// Several units a worker (of 32 images with `CPU.sparseDense`, 256 otherwise), and a last
    /// one shorter than a slice (run unsliced).
    static let count = 10 * 32 + 7

    /// Two workers taking units in turn against each image run alone: `cnn`, `deep` (four
    /// Winograd layers, batch norms folded) and a small folded network.
    @Test(arguments: [Preset.cnn.layers, Preset.deep.layers, BatchNormFoldingTests.small])
    func unitsInTurnMatchImageByImage(_ layers: [LayerSpec]) throws {
        let net = try Network(layers: layers, seed: 3, threads: 2)
        BatchNormFoldingTests.randomize(net, seed: 4)
        let pixels = InferenceSliceTests.images(Self.count, seed: 5)
        let all = net.probabilities(pixels: pixels), alone = Self.alone(net, pixels)
        #expect(BatchNormFoldingTests.argmaxes(all) == BatchNormFoldingTests.argmaxes(alone))
        // Only a dense GEMM's blocking over the rows may round differently.
        #expect(BatchNormFoldingTests.maxDifference(all, alone) < 1e-5)
    }

    /// Two passes with new weights in between: the second must use them in every unit, as each
    /// image run alone does (a worker keeping the first pass's transformed weights would not).
    @Test(arguments: [Preset.cnn.layers, Preset.deep.layers])
    func newWeightsReachEveryUnit(_ layers: [LayerSpec]) throws {
        let net = try Network(layers: layers, seed: 3, threads: 2)
        BatchNormFoldingTests.randomize(net, seed: 4)
        let pixels = InferenceSliceTests.images(Self.count, seed: 6)
        _ = net.probabilities(pixels: pixels)
        BatchNormFoldingTests.randomize(net, seed: 7)
        let second = net.probabilities(pixels: pixels), alone = Self.alone(net, pixels)
        #expect(BatchNormFoldingTests.argmaxes(second) == BatchNormFoldingTests.argmaxes(alone))
        #expect(BatchNormFoldingTests.maxDifference(second, alone) < 1e-5)
    }

    /// The unit never exceeds a worker's share of the 512-image batch `ModelLimits` sizes the
    /// memory for.
    @Test(arguments: [1, 2, 3, 8, 64])
    func unitFitsTheMemoryBound(_ threads: Int) {
        let unit = Network.inferenceUnit(threads: threads)
        #expect(unit >= 1 && unit <= (Network.inferenceBatch + threads - 1) / threads)
    }

    /// Each image's probabilities, computed one image at a time.
    static func alone(_ net: Network, _ pixels: [Float]) -> [Float] {
        (0..<(pixels.count / 784)).flatMap { i in net.probabilities(pixels: Array(pixels[(i * 784)..<((i + 1) * 784)])) }
    }
}
