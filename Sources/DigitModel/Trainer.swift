import Dispatch
import Glibc
import Support
import Synchronization

/// Everything that decides a training run. Same config + same thread count → same weights.
public struct TrainingConfig: Sendable {
    public var layers: [LayerSpec] = Preset.cnn.layers
    public var architectureName = "cnn"
    public var epochs = 3
    public var batchSize = 128
    public var learningRate: Float = 0.001
    public var optimizer: OptimizerKind = .adam
    public var schedule: Schedule = .cosine
    public var weightDecay: Float = 0
    public var seed: UInt64 = 1
    public var augmentation: Augmentation? = nil
    /// Images held out of the training set to pick the best epoch; 0 trains on all.
    public var validationSize = 5000
    public var threads = Network.defaultThreads

    public init() {}
}

public struct BatchProgress: Sendable {
    public var epoch: Int, epochs: Int
    public var batch: Int, batches: Int
    public var loss: Double, accuracy: Double
    public var imagesPerSecond: Double
    public var epochElapsed: Double
    public init(epoch: Int, epochs: Int, batch: Int, batches: Int, loss: Double, accuracy: Double,
                imagesPerSecond: Double, epochElapsed: Double) {
        self.epoch = epoch; self.epochs = epochs; self.batch = batch; self.batches = batches
        self.loss = loss; self.accuracy = accuracy; self.imagesPerSecond = imagesPerSecond; self.epochElapsed = epochElapsed
    }

    /// Seconds until the end of this epoch.
    public var eta: Double { imagesPerSecond > 0 && batch > 0 ? epochElapsed / Double(batch) * Double(batches - batch) : 0 }
}

public struct EpochSummary: Sendable, Equatable {
    public var epoch: Int
    public var trainLoss: Double, trainAccuracy: Double
    public var validationLoss: Double?, validationAccuracy: Double?
    public var seconds: Double
    public var learningRate: Float

    public init(epoch: Int, trainLoss: Double, trainAccuracy: Double, validationLoss: Double?, validationAccuracy: Double?,
                seconds: Double, learningRate: Float) {
        self.epoch = epoch; self.trainLoss = trainLoss; self.trainAccuracy = trainAccuracy
        self.validationLoss = validationLoss; self.validationAccuracy = validationAccuracy
        self.seconds = seconds; self.learningRate = learningRate
    }
}

public struct TrainingPlan: Sendable {
    public var epochs: Int, batchesPerEpoch: Int
    public var trainCount: Int, validationCount: Int
    public var parameters: Int

    public init(epochs: Int, batchesPerEpoch: Int, trainCount: Int, validationCount: Int, parameters: Int) {
        self.epochs = epochs; self.batchesPerEpoch = batchesPerEpoch; self.trainCount = trainCount
        self.validationCount = validationCount; self.parameters = parameters
    }
}

public enum TrainingEvent: Sendable {
    case started(TrainingPlan)
    case epochStarted(epoch: Int, epochs: Int)
    case batchFinished(BatchProgress)
    case epochFinished(EpochSummary)
    case finished(epochs: [EpochSummary], seconds: Double)
    case cancelled(epochs: [EpochSummary], seconds: Double)
}

/// Set from any thread (Ctrl-C handler, UI key) to stop after the current batch.
public final class CancelFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public func cancel() { flag.store(true, ordering: .relaxed) }
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
}

/// Where a run stopped because the loss stopped being a number.
public struct Divergence: Sendable, Equatable {
    public var epoch: Int, batch: Int
    /// "loss is NaN", "loss is infinite".
    public var what: String
}

public struct TrainingResult: Sendable {
    public var network: Network
    /// Completed epochs only.
    public var epochs: [EpochSummary]
    public var cancelled: Bool
    /// Set when training stopped at a non-finite loss; the network is then the best finite epoch.
    public var divergence: Divergence?
    public var seconds: Double
}

/// The training loop: seeded shuffle, mini-batches converted to floats (and distorted
/// when augmenting) per batch, forward, loss, backward, optimizer step, events.
public enum Trainer {
    public static func train(_ config: TrainingConfig, data: LabelledImages, cancel: CancelFlag = CancelFlag(),
                             onEvent: (TrainingEvent) -> Void = { _ in }) throws -> TrainingResult {
        guard data.count > 0 else { throw ModelError.noData("the training set is empty") }
        guard config.epochs > 0, config.batchSize > 0 else { throw ModelError.badArchitecture("epochs and batch size must be positive") }
        let network = try Network(layers: config.layers, seed: config.seed, threads: config.threads)

        var split = SplitMix64(seed: config.seed, 3)
        let permutation = Array(0..<data.count).shuffled(using: &split)
        let valCount = min(max(0, config.validationSize), data.count / 2)
        let validation = data.subset(permutation.prefix(valCount).sorted())
        let trainIndices = valCount == 0 ? Array(0..<data.count) : permutation.dropFirst(valCount).sorted()
        let batches = (trainIndices.count + config.batchSize - 1) / config.batchSize
        let totalSteps = batches * config.epochs
        let optimizer = Optimizer(kind: config.optimizer, weightDecay: config.weightDecay, threads: network.threads)
        onEvent(.started(TrainingPlan(epochs: config.epochs, batchesPerEpoch: batches, trainCount: trainIndices.count,
                                      validationCount: valCount, parameters: network.parameterCount)))

        var history: [EpochSummary] = []
        // The epoch to keep: the best by validation accuracy; without validation, the last
        // completed one (restored when a cancel or a divergence stops an epoch half-way).
        var best: (accuracy: Double, snapshot: [[Float]])? = nil
        var lastCompleted: [[Float]]? = nil
        var stoppedMidEpoch = false
        let runStart = now()
        var labels = [UInt8](repeating: 0, count: config.batchSize)
        var step = 0
        var cancelled = false
        var divergence: Divergence? = nil

        for epoch in 1...config.epochs {
            onEvent(.epochStarted(epoch: epoch, epochs: config.epochs))
            var order = SplitMix64(seed: config.seed, 4, epoch)
            let indices = trainIndices.shuffled(using: &order)
            let filler = BatchFiller(data: data, indices: indices, network: network, augmentation: config.augmentation,
                                     seed: config.seed, epoch: epoch)
            let epochStart = now()
            var lossSum = 0.0, correct = 0, seen = 0
            var lr: Float = config.learningRate
            for b in 0..<batches {
                let lo = b * config.batchSize, hi = min(lo + config.batchSize, indices.count)
                let n = hi - lo
                for i in 0..<n { labels[i] = data.labels[indices[lo + i]] }
                lr = config.schedule.rate(base: config.learningRate, step: step, total: totalSteps, stepsPerEpoch: batches)
                let result = labels.withUnsafeBufferPointer { lab in
                    network.trainBatch(n: n, labels: lab.baseAddress!, seed: config.seed, step: step) { range, dst in
                        filler.fill(rows: range, batchStart: lo, into: dst)
                    }
                }
                // A non-finite loss poisons every weight at the next step: stop before it.
                guard result.loss.isFinite else {
                    divergence = Divergence(epoch: epoch, batch: b + 1, what: result.loss.isNaN ? "loss is NaN" : "loss is infinite")
                    break
                }
                optimizer.step(network.gradients, lr: lr)
                step += 1
                lossSum += result.loss
                correct += result.correct
                seen += n
                let elapsed = now() - epochStart
                onEvent(.batchFinished(BatchProgress(
                    epoch: epoch, epochs: config.epochs, batch: b + 1, batches: batches,
                    loss: lossSum / Double(seen), accuracy: Double(correct) / Double(seen),
                    imagesPerSecond: elapsed > 0 ? Double(seen) / elapsed : 0, epochElapsed: elapsed)))
                if cancel.isCancelled { cancelled = true; break }
            }
            if divergence != nil || (cancelled && seen < indices.count / 2) { stoppedMidEpoch = true; break }
            var summary = EpochSummary(epoch: epoch, trainLoss: lossSum / Double(max(seen, 1)),
                                       trainAccuracy: Double(correct) / Double(max(seen, 1)),
                                       validationLoss: nil, validationAccuracy: nil,
                                       seconds: now() - epochStart, learningRate: lr)
            if valCount > 0 {
                let (loss, metrics) = evaluate(network, on: validation)
                summary.validationLoss = loss
                summary.validationAccuracy = metrics.accuracy
                if metrics.accuracy >= (best?.accuracy ?? -1) { best = (metrics.accuracy, network.snapshot()) }
            }
            history.append(summary)
            onEvent(.epochFinished(summary))
            if cancelled { break }
            if valCount == 0 && epoch < config.epochs { lastCompleted = network.snapshot() }
        }
        if let best {
            network.restore(best.snapshot)
        } else if stoppedMidEpoch, let lastCompleted {
            network.restore(lastCompleted)
        }
        let seconds = now() - runStart
        onEvent(cancelled ? .cancelled(epochs: history, seconds: seconds) : .finished(epochs: history, seconds: seconds))
        return TrainingResult(network: network, epochs: history, cancelled: cancelled, divergence: divergence, seconds: seconds)
    }

    /// Mean cross-entropy and metrics of a network on a dataset.
    public static func evaluate(_ network: Network, on data: LabelledImages) -> (loss: Double, metrics: Metrics) {
        let r = evaluateWithCalibration(network, on: data)
        return (r.loss, r.metrics)
    }

    public static func evaluateWithCalibration(_ network: Network, on data: LabelledImages) -> (loss: Double, metrics: Metrics, calibration: Calibration) {
        let probs = data.images.withUnsafeBufferPointer { network.probabilities(bytes: $0, count: data.count) }
        var predictions = [Int](repeating: 0, count: data.count)
        var loss = 0.0
        for i in 0..<data.count {
            predictions[i] = argmax(probs, offset: i * 10)
            loss -= Double(logf(max(probs[i * 10 + Int(data.labels[i])], 1e-12)))
        }
        return (loss / Double(max(data.count, 1)), Metrics(predictions: predictions, labels: data.labels.map(Int.init)),
                Calibration(probabilities: probs, labels: data.labels))
    }
}

/// Fills rows of a training batch: each image as normalised floats, distorted first when
/// augmenting (with a generator seeded by the run, the epoch and the image, so a run repeats).
struct BatchFiller {
    let data: LabelledImages
    let indices: [Int]
    let network: Network
    let augmentation: Augmentation?
    let seed: UInt64
    let epoch: Int

    /// Rows `rows` of the batch that starts at `batchStart` in `indices`.
    // dst (rows.count, 784) floats
    func fill(rows: Range<Int>, batchStart: Int, into dst: UnsafeMutablePointer<Float>) {
        data.images.withUnsafeBufferPointer { images in
            for r in rows {
                let index = indices[batchStart + r]
                let src = images.baseAddress! + index * LabelledImages.pixels
                let out = dst + (r - rows.lowerBound) * LabelledImages.pixels
                if let aug = augmentation {
                    var rng = SplitMix64(seed: seed, 5, epoch, index)
                    aug.apply(src, into: out, rng: &rng)
                    network.normalize(UnsafePointer(out), count: LabelledImages.pixels, into: out)
                } else {
                    network.normalize(src, count: LabelledImages.pixels, into: out)
                }
            }
        }
    }
}
