import Testing
@testable import DigitModel

/// `--augment-extra styles` in the engine: each epoch replaces exactly the stated share of the
/// training positions by pool images, reproducibly, with the pool's labels, and without
/// touching the generators plain runs draw from.
@Suite struct StyleMixTests {
    /// A pool of `count` images whose pixels all hold `value`, labelled `label`.
    static func pool(count: Int, value: UInt8, label: UInt8) throws -> LabelledImages {
        try #require(LabelledImages(images: [UInt8](repeating: value, count: count * 784),
                                    labels: [UInt8](repeating: label, count: count)))
    }

    @Test(arguments: [(1000, 0.03, 30), (1000, 0.05, 50), (60000, 0.03, 1800), (7, 0.5, 4), (10, 0.001, 0)])
    func replacesTheStatedShareOfDistinctPositions(positions: Int, fraction: Double, replaced: Int) throws {
        let mix = try #require(StyleMix(pool: try Self.pool(count: 13, value: 1, label: 4), fraction: fraction))
        #expect(mix.replacedCount(of: positions) == replaced)
        let original = Array((0..<positions).reversed())
        var indices = original
        mix.substitute(&indices, dataCount: positions, seed: 7, epoch: 2)
        let changed = indices.indices.filter { indices[$0] != original[$0] }
        #expect(changed.count == replaced, "every replaced position points into the pool, so it changed")
        #expect(changed.allSatisfy { indices[$0] >= positions && indices[$0] < positions + 13 })
    }

    @Test func sameSeedAndEpochSameChoiceOtherwiseAnother() throws {
        let mix = try #require(StyleMix(pool: try Self.pool(count: 50, value: 1, label: 4), fraction: 0.05))
        func chosen(seed: UInt64, epoch: Int) -> [Int] {
            var indices = Array(0..<2000)
            mix.substitute(&indices, dataCount: 2000, seed: seed, epoch: epoch)
            return indices
        }
        #expect(chosen(seed: 7, epoch: 1) == chosen(seed: 7, epoch: 1))
        #expect(chosen(seed: 7, epoch: 1) != chosen(seed: 7, epoch: 2))
        #expect(chosen(seed: 7, epoch: 1) != chosen(seed: 8, epoch: 1))
        let used = Set(chosen(seed: 7, epoch: 1).filter { $0 >= 2000 })
        #expect(used.count > 30, "pool images are spread over the pool, not one image repeated")
    }

    @Test func badPoolsAndSharesAreRefused() throws {
        let good = try Self.pool(count: 3, value: 1, label: 9)
        #expect(StyleMix(pool: good, fraction: 0.03) != nil)
        #expect(StyleMix(pool: .empty, fraction: 0.03) == nil)
        #expect(StyleMix(pool: try Self.pool(count: 3, value: 1, label: 10), fraction: 0.03) == nil, "no 11th output")
        for f in [0, -0.1, 0.51, .nan, .infinity] { #expect(StyleMix(pool: good, fraction: f) == nil, "\(f)") }
    }

    static var config: TrainingConfig {
        var config = TrainingConfig()
        config.layers = [.flatten, .dense(units: 16), .relu, .dense(units: 10)]
        config.epochs = 3
        config.batchSize = 16
        config.learningRate = 0.01
        config.validationSize = 0
        config.threads = 2
        return config
    }

    /// Training data of blank images labelled 0 and a pool of bright images labelled 1, half of
    /// every epoch: the network learns "bright is 1" only if the mixed-in rows carry the pool's
    /// images and labels together; and the run repeats bit for bit.
    @Test func mixedRowsCarryThePoolsImagesAndLabels() throws {
        var config = Self.config
        config.augmentation = Augmentation()
        let data = try Self.pool(count: 64, value: 0, label: 0)
        let bright = try Self.pool(count: 5, value: 255, label: 1)
        config.styleMix = try #require(StyleMix(pool: bright, fraction: 0.5))
        let a = try Trainer.train(config, data: data)
        let b = try Trainer.train(config, data: data)
        #expect(a.network.tensors.map(\.values) == b.network.tensors.map(\.values))
        let (_, onBright) = Trainer.evaluate(a.network, on: bright)
        let (_, onBlank) = Trainer.evaluate(a.network, on: data)
        #expect(onBright.accuracy == 1 && onBlank.accuracy == 1)
        let lastEpoch = try #require(a.epochs.last)
        #expect(lastEpoch.trainAccuracy > 0.9, "the epoch's own labels are the mixed ones")
    }

    /// Without a mix the engine trains exactly as before the mix existed (no draw from the
    /// mix's generator, the same data): a mix changes the run.
    @Test func aMixChangesTheRunAndNoMixLeavesItAlone() throws {
        var config = Self.config
        config.augmentation = Augmentation()
        let data = try TrainingTests.tinyDataset(count: 40)
        let plain = try Trainer.train(config, data: data).network.tensors.map(\.values)
        config.styleMix = try #require(StyleMix(pool: try Self.pool(count: 5, value: 200, label: 3), fraction: 0.1))
        let mixed = try Trainer.train(config, data: data).network.tensors.map(\.values)
        #expect(plain != mixed)
        config.styleMix = nil
        #expect(try Trainer.train(config, data: data).network.tensors.map(\.values) == plain)
    }
}
