import Support

/// One training run's working state: the network, the seeded train/validation split, the
/// optimizer, the step counter and the epoch to fall back to. `Trainer.train` drives it one
/// epoch at a time; each step here is one named part of the loop.
final class TrainingSession {
    let config: TrainingConfig
    let data: LabelledImages
    /// `data` followed by the style mix's pool (just `data` without one): what the epochs read.
    let trainingImages: LabelledImages
    let network: Network
    let optimizer: Optimizer
    let validation: LabelledImages
    let trainIndices: [Int]
    let batches: Int
    private var labels: [UInt8]
    private var step = 0
    // The epoch to keep: the best by validation accuracy; without validation, the last
    // completed one (restored when a cancel or a divergence stops an epoch half-way).
    private var best: (accuracy: Double, snapshot: [[Float]])? = nil
    private var lastCompleted: [[Float]]? = nil

    /// What one pass over the training images did.
    struct EpochPass {
        var lossSum = 0.0, correct = 0, seen = 0
        var learningRate: Float
        var cancelled = false
        var divergence: Divergence? = nil
        var started: Double
    }

    init(config: TrainingConfig, data: LabelledImages) throws {
        self.config = config
        self.data = data
        trainingImages = config.styleMix?.appended(to: data) ?? data
        network = try Network(layers: config.layers, seed: config.seed, threads: config.threads)
        if let n = config.normalization { (network.mean, network.std) = n }
        if let initial = config.initial {
            guard initial.specs == config.layers else {
                throw ModelError.badTrainingConfig("the starting model's architecture is not the one being trained")
            }
            network.restore(initial.snapshot())
            network.mean = initial.mean
            network.std = initial.std
            (network.classNames, network.inputStyle) = (initial.classNames, initial.inputStyle)
        }
        var split = SplitMix64(seed: config.seed, 3)
        let permutation = Array(0..<data.count).shuffled(using: &split)
        let valCount = min(max(0, config.validationSize), data.count / 2)
        validation = data.subset(permutation.prefix(valCount).sorted())
        trainIndices = valCount == 0 ? Array(0..<data.count) : permutation.dropFirst(valCount).sorted()
        batches = (trainIndices.count + config.batchSize - 1) / config.batchSize
        optimizer = Optimizer(kind: config.optimizer, weightDecay: config.weightDecay, betas: config.betas,
                              threads: network.threads)
        labels = [UInt8](repeating: 0, count: config.batchSize)
    }

    var trainCount: Int { trainIndices.count }

    var plan: TrainingPlan {
        TrainingPlan(epochs: config.epochs, batchesPerEpoch: batches, trainCount: trainIndices.count,
                     validationCount: validation.count, parameters: network.parameterCount)
    }

    /// A batch's mean cross-entropy no healthy run reaches: the probability of the right class
    /// e^-100 on average, where a guess among 1,000 classes gives e^-6.9.
    static let blownUpLoss = 100.0

    /// One pass over the shuffled training images, stopping early at a cancel or a blown-up loss.
    func trainEpoch(_ epoch: Int, cancel: CancelFlag, onEvent: (TrainingEvent) -> Void,
                    afterStep: ((Network, Int) -> Void)? = nil) -> EpochPass {
        var order = SplitMix64(seed: config.seed, 4, epoch)
        var indices = trainIndices.shuffled(using: &order)
        config.styleMix?.substitute(&indices, dataCount: data.count, seed: config.seed, epoch: epoch)
        let filler = BatchFiller(data: trainingImages, indices: indices, network: network, augmentation: config.augmentation,
                                 seed: config.seed, epoch: epoch)
        var pass = EpochPass(learningRate: config.learningRate, started: workingNow())
        for b in 0..<batches {
            let lo = b * config.batchSize, n = min(lo + config.batchSize, indices.count) - lo
            for i in 0..<n { labels[i] = trainingImages.labels[indices[lo + i]] }
            pass.learningRate = config.schedule.rate(base: config.learningRate, step: step,
                                                     total: batches * config.epochs, stepsPerEpoch: batches)
            let result = labels.withUnsafeBufferPointer { lab in
                network.trainBatch(n: n, labels: lab.baseAddress!, seed: config.seed, step: step, reduce: false) { range, dst in
                    filler.fill(rows: range, batchStart: lo, into: dst)
                }
            }
            // A non-finite loss poisons every weight at the next step: stop before it. A finite
            // one can have blown up as surely (walkthrough: `--lr 9.9` ended at 11,374 with a
            // model at chance, saved with exit 0): a batch's mean cross-entropy above
            // `blownUpLoss` (a uniform guess among ten classes is 2.3) is a divergence too.
            let mean = result.loss / Double(max(n, 1))
            guard result.loss.isFinite, mean <= Self.blownUpLoss else {
                let what = result.loss.isNaN ? "loss is NaN" : result.loss.isInfinite ? "loss is infinite"
                    : "loss \(Format.fixed(mean, 0)) is past \(Format.fixed(Self.blownUpLoss, 0)): the weights blew up"
                pass.divergence = Divergence(epoch: epoch, batch: b + 1, what: what)
                return pass
            }
            optimizer.step(summing: network.workerGradients, lr: pass.learningRate)
            step += 1
            afterStep?(network, step)
            pass.lossSum += result.loss
            pass.correct += result.correct
            pass.seen += n
            let elapsed = workingNow() - pass.started
            onEvent(.batchFinished(BatchProgress(
                epoch: epoch, epochs: config.epochs, batch: b + 1, batches: batches,
                loss: pass.lossSum / Double(pass.seen), accuracy: Double(pass.correct) / Double(pass.seen),
                imagesPerSecond: elapsed > 0 ? Double(pass.seen) / elapsed : 0, epochElapsed: elapsed)))
            if cancel.isCancelled { pass.cancelled = true; return pass }
        }
        return pass
    }

    /// The epoch's summary, with validation and the choice of the epoch to keep.
    func finishEpoch(_ epoch: Int, _ pass: EpochPass) -> EpochSummary {
        var summary = EpochSummary(epoch: epoch, trainLoss: pass.lossSum / Double(max(pass.seen, 1)),
                                   trainAccuracy: Double(pass.correct) / Double(max(pass.seen, 1)),
                                   validationLoss: nil, validationAccuracy: nil,
                                   seconds: max(0, workingNow() - pass.started), learningRate: pass.learningRate,
                                   fraction: min(1, Double(pass.seen) / Double(max(trainCount, 1))))
        if validation.count > 0 {
            let (loss, metrics) = Trainer.evaluate(network, on: validation)
            summary.validationLoss = loss
            summary.validationAccuracy = metrics.accuracy
            if metrics.accuracy >= (best?.accuracy ?? -1) { best = (metrics.accuracy, network.snapshot()) }
        } else if !pass.cancelled && epoch < config.epochs {
            lastCompleted = network.snapshot()
        }
        return summary
    }

    /// Restores the epoch to keep: the best by validation, else the last completed one when
    /// training stopped in the middle of an epoch.
    func keepChosenEpoch(stoppedMidEpoch: Bool) {
        if let best {
            network.restore(best.snapshot)
        } else if stoppedMidEpoch, let lastCompleted {
            network.restore(lastCompleted)
        }
    }
}
