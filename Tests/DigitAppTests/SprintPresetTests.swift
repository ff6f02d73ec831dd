import DigitApp
import DigitModel
import TestSupport
import Testing

/// The `sprint` preset: its recipe reaches the engine, and one epoch of it learns MNIST.
/// (Its time, the mean over five seeds, is measured by `make bench`, not asserted here.)
@Suite struct SprintPresetTests {
    @Test func recipeIsOneEpochTriangleWithShortAdamMemories() throws {
        let request = TrainingRequest(preset: .sprint)
        try request.validate()
        #expect(request.epochs == 1)
        #expect(request.schedule == .triangle)
        #expect(request.recipe.contains("--schedule triangle"), "the stored recipe repeats the run: \(request.recipe)")
        let config = request.config
        #expect(config.betas == AdamBetas(0.8, 0.95))
        #expect(config.layers == Preset.sprint.layers)
        #expect(config.learningRate == Preset.sprint.defaultLearningRate)
        // The other presets keep Adam's usual β and their 3-epoch cosine defaults.
        #expect(TrainingRequest(preset: .cnn).config.betas == AdamBetas(0.9, 0.999))
        #expect(TrainingRequest(preset: .fast).epochs == 3)
        #expect(TrainingRequest(preset: .fast).schedule == .cosine)
    }

    @Test func networkBuilds() throws {
        let network = try Network(layers: Preset.sprint.layers, seed: 1, threads: 2)
        // conv 3×3×1×32 + 32, conv 3×3×32×48 + 48, dense 1200×128 + 128, dense 128×10 + 10
        #expect(network.parameterCount == 320 + 13_872 + 153_728 + 1_290)
    }

    /// One epoch with seed 1 (about 5 s of training): well past 98.5 % on the test set.
    @Test(.requires(.mnist)) func oneEpochLearnsMNIST() throws {
        let mnist = try MNISTData.load(try Requirement.mnist.path(), withTraining: true)
        let train = try #require(mnist.train)
        var request = TrainingRequest(preset: .sprint)
        request.validation = 0
        let run = try Trainer.train(request.config, data: train)
        #expect(run.epochs.count == 1)
        let accuracy = Trainer.evaluate(run.network, on: mnist.test).metrics.accuracy
        #expect(accuracy > 0.985, "sprint, one epoch, seed 1: \(accuracy)")
    }
}
