import Testing
@testable import DigitModel

@Suite struct TrainingTests {
    /// 20 random "images" with random labels: a network that learns must memorise them.
    static func tinyDataset(count: Int = 20, seed: UInt64 = 5) throws -> LabelledImages {
        var rng = SplitMix64(seed: seed)
        let images = (0..<(count * 784)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let labels = (0..<count).map { _ in UInt8(rng.next() % 10) }
        return try #require(LabelledImages(images: images, labels: labels), "sizes agree by construction")
    }

    @Test func tinyNetworkOverfitsTinyBatch() throws {
        var config = TrainingConfig()
        config.layers = [.conv2d(filters: 4, kernel: 3, padding: .valid), .relu, .maxPool2d(size: 2), .flatten,
                         .dense(units: 32), .relu, .dense(units: 10)]
        config.epochs = 60
        config.batchSize = 20
        config.learningRate = 0.01
        config.schedule = .constant
        config.validationSize = 0
        config.threads = 2
        let data = try Self.tinyDataset()
        let result = try Trainer.train(config, data: data)
        let (loss, metrics) = Trainer.evaluate(result.network, on: data)
        #expect(metrics.accuracy == 1.0)
        #expect(loss < 0.05)
        #expect(result.epochs.count == 60)
        let first = try #require(result.epochs.first), last = try #require(result.epochs.last)
        #expect(first.trainLoss > last.trainLoss)
    }

    /// Two runs of `config` give the same weights; a run with another seed does not.
    static func expectSameWeightsForASeedOnly(_ config: TrainingConfig) throws {
        var config = config
        let data = try tinyDataset(count: 40)
        let a = try Trainer.train(config, data: data).network.tensors
        let b = try Trainer.train(config, data: data).network.tensors
        #expect(a.map(\.values) == b.map(\.values))
        config.seed = 2
        let c = try Trainer.train(config, data: data).network.tensors
        #expect(a.map(\.values) != c.map(\.values))
    }

    @Test func sameSeedSameThreadsGivesIdenticalWeights() throws {
        var config = TrainingConfig()
        config.layers = [.conv2d(filters: 4, kernel: 3, padding: .same), .batchNorm, .relu, .maxPool2d(size: 2),
                         .dropout(rate: 0.2), .flatten, .dense(units: 10)]
        config.epochs = 2
        config.batchSize = 8
        config.validationSize = 4
        config.augmentation = Augmentation()
        config.threads = 2
        try Self.expectSameWeightsForASeedOnly(config)
    }

    /// The same through Winograd's kernels (an 8 → 8 3×3 layer; batches of 8 images are 392 tiles,
    /// so several 72-tile chunks, the last one partial) and the own GEMM: the sums' order must not
    /// depend on which thread takes which chunk.
    @Test func sameSeedSameThreadsGivesIdenticalWeightsThroughWinograd() throws {
        #expect(Winograd.applies(kernel: 3, inputChannels: 8, filters: 8))
        var config = TrainingConfig()
        config.layers = [.conv2d(filters: 8, kernel: 3, padding: .same), .relu,
                         .conv2d(filters: 8, kernel: 3, padding: .same), .batchNorm, .relu, .maxPool2d(size: 2),
                         .flatten, .dense(units: 10)]
        config.epochs = 1
        config.batchSize = 8
        config.validationSize = 0
        config.threads = 2
        try Self.expectSameWeightsForASeedOnly(config)
    }

    /// The same with every `--augment-extra` distortion on, and the extras do change the run.
    @Test func extrasAreReproducibleToo() throws {
        var config = TrainingConfig()
        config.layers = [.conv2d(filters: 4, kernel: 3, padding: .same), .relu, .maxPool2d(size: 2), .flatten, .dense(units: 10)]
        config.epochs = 2
        config.batchSize = 8
        config.validationSize = 0
        config.threads = 2
        config.augmentation = Augmentation(extras: Set(Augmentation.Extra.allCases))
        let data = try Self.tinyDataset(count: 40)
        let a = try Trainer.train(config, data: data).network.tensors
        let b = try Trainer.train(config, data: data).network.tensors
        #expect(a.map(\.values) == b.map(\.values))
        config.augmentation = Augmentation()
        let plain = try Trainer.train(config, data: data).network.tensors
        #expect(a.map(\.values) != plain.map(\.values))
    }

    /// An mlp on 40 tiny images (8 held out: 32 trained, 8 batches of 4 an epoch), cancelled
    /// after batch `cancelAt`: the result, the batches run and whether `.cancelled` was sent.
    static func cancelledRun(epochs: Int, cancelAt: Int) throws -> (result: TrainingResult, batches: Int, sawCancelled: Bool) {
        var config = TrainingConfig()
        config.layers = Preset.mlp.layers
        config.epochs = epochs
        config.batchSize = 4
        config.validationSize = 8
        let cancel = CancelFlag()
        var batches = 0
        var sawCancelled = false
        let result = try Trainer.train(config, data: try tinyDataset(count: 40), cancel: cancel) { event in
            if case .batchFinished = event { batches += 1; if batches == cancelAt { cancel.cancel() } }
            if case .cancelled = event { sawCancelled = true }
        }
        return (result, batches, sawCancelled)
    }

    @Test func cancelStopsAfterCurrentBatchAndKeepsAModel() throws {
        let run = try Self.cancelledRun(epochs: 5, cancelAt: 3)
        #expect(run.result.cancelled)
        #expect(run.sawCancelled)
        #expect(run.batches == 3)
    }

    /// A cancel after half an epoch keeps that epoch and says how much of it ran (walkthrough:
    /// "2 epochs" after a cancel at 61 % of the second).
    @Test func anEpochCutAfterHalfSaysHowMuchRan() throws {
        // The 6th batch is 75 % of the first epoch.
        let result = try Self.cancelledRun(epochs: 3, cancelAt: 6).result
        #expect(result.cancelled && result.epochs.count == 1)
        #expect(result.epochs.first?.fraction == 0.75 && result.epochs.first?.isPartial == true)
    }

    @Test func emptyDataIsRefused() throws {
        let empty = try #require(LabelledImages(images: [], labels: []))
        let error = try #require(throws: ModelError.self) { try Trainer.train(TrainingConfig(), data: empty) }
        #expect("\(error)" == "no data: the training set is empty")
    }

    @Test func metricsFromKnownPredictions() {
        let m = Metrics(predictions: [0, 1, 1, 2, 2, 2], labels: [0, 1, 2, 2, 2, 1])
        #expect(m.total == 6)
        #expect(m.correct == 4)
        #expect(m.confusion[2][1] == 1 && m.confusion[1][2] == 1)
        #expect(abs((m.precision(2) ?? -1) - 2.0 / 3.0) < 1e-9)
        #expect(abs((m.recall(2) ?? -1) - 2.0 / 3.0) < 1e-9)
        #expect(m.recall(0) == 1)
        // Classes 3-9 have no image and were never read: no share to give (they were 0).
        #expect(m.recall(3) == nil && m.precision(9) == nil)
    }

    @Test func schedules() {
        #expect(Schedule.constant.rate(base: 0.1, step: 50, total: 100, stepsPerEpoch: 10) == 0.1)
        #expect(Schedule.cosine.rate(base: 0.1, step: 99, total: 100, stepsPerEpoch: 10) < 0.001)
        let peak = Schedule.onecycle.rate(base: 0.1, step: 25, total: 101, stepsPerEpoch: 10)
        #expect(abs(peak - 0.1) < 1e-3)
        #expect(Schedule.onecycle.rate(base: 0.1, step: 0, total: 101, stepsPerEpoch: 10) < 0.01)
        #expect(Schedule.step.rate(base: 0.1, step: 25, total: 100, stepsPerEpoch: 10) == 0.05)
    }

    /// `sprint`'s triangle: from base/25 up to the peak at 15 % of the run, then a straight line
    /// down to base/2500 — not onecycle's 25 % and cosine.
    @Test func triangleSchedule() {
        func rate(_ step: Int) -> Float { Schedule.triangle.rate(base: 0.1, step: step, total: 201, stepsPerEpoch: 201) }
        #expect(abs(rate(0) - 0.004) < 1e-6)
        #expect(abs(rate(15) - 0.052) < 1e-5, "half-way up")
        #expect(abs(rate(30) - 0.1) < 1e-6, "the peak at 15 %")
        #expect(rate(29) < rate(30) && rate(31) < rate(30))
        // Half-way down (step 115 of 30…200) the line is at the mean of the peak and the floor.
        #expect(abs(rate(115) - (0.1 + 0.00004) / 2) < 1e-5)
        #expect(abs(rate(200) - 0.00004) < 1e-7)
        // Straight: equal steps down every step after the peak.
        #expect(abs((rate(60) - rate(61)) - (rate(180) - rate(181))) < 1e-6)
        #expect(Schedule.onecycle.rate(base: 0.1, step: 30, total: 201, stepsPerEpoch: 201) < 0.1 * 0.99)
    }
}

@Suite struct CalibrationTests {
    @Test func perfectlyCalibratedAndOverconfident() {
        // Two images, both predicted with confidence 0.5; one right, one wrong: calibrated.
        var probs = [Float](repeating: 0.5 / 9, count: 20)
        probs[3] = 0.5; probs[10 + 4] = 0.5
        let c = Calibration(probabilities: probs, labels: [3, 5])
        #expect(abs(c.meanConfidence - 0.5) < 1e-6)
        #expect(c.expectedCalibrationError < 1e-6)
        // Confidence 0.99 but only half right: ECE near 0.49.
        var over = [Float](repeating: 0.01 / 9, count: 20)
        over[3] = 0.99; over[14] = 0.99
        #expect(abs(Calibration(probabilities: over, labels: [3, 5]).expectedCalibrationError - 0.49) < 1e-3)
    }
}
