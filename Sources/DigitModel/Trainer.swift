import Dispatch
import Glibc
import Support
import Synchronization

/// Everything that decides a training run. Same config + same thread count → same weights.
public struct TrainingConfig: Sendable {
    public var layers: [LayerSpec] = Preset.cnn.layers
    public var epochs = 3
    public var batchSize = 128
    public var learningRate: Float = 0.001
    public var optimizer: OptimizerKind = .adam
    public var schedule: Schedule = .cosine
    public var weightDecay: Float = 0
    public var betas = AdamBetas()
    public var seed: UInt64 = 1
    public var augmentation: Augmentation? = nil
    /// Pool images mixed into every epoch (`--augment-extra styles`); nil: MNIST alone.
    public var styleMix: StyleMix? = nil
    /// Images held out of the training set to pick the best epoch; 0 trains on all.
    public var validationSize = 5000
    public var threads = Network.defaultThreads
    /// Start from this network's weights and input normalisation instead of a seeded
    /// initialisation (fine-tuning, `train --init`); its layers must be `layers`.
    public var initial: Network? = nil
    /// The input normalisation of a fresh network (nil: MNIST's mean and standard deviation).
    /// Another dataset's own (Fashion-MNIST: 0.286, 0.353) lets the same learning rate fit it.
    public var normalization: (mean: Float, std: Float)? = nil

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
    /// The share of the epoch's images it saw: below 1 when a cancel came after half of them
    /// (such an epoch counts, and says so; before half it is not kept at all).
    public var fraction: Double

    public init(epoch: Int, trainLoss: Double, trainAccuracy: Double, validationLoss: Double?, validationAccuracy: Double?,
                seconds: Double, learningRate: Float, fraction: Double = 1) {
        self.epoch = epoch; self.trainLoss = trainLoss; self.trainAccuracy = trainAccuracy
        self.validationLoss = validationLoss; self.validationAccuracy = validationAccuracy
        self.seconds = seconds; self.learningRate = learningRate; self.fraction = fraction
    }

    /// Whether a cancel cut it short.
    public var isPartial: Bool { fraction < 1 }
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

/// One evaluation pass: mean cross-entropy, metrics, calibration and every probability.
public struct Evaluated: Sendable {
    public var loss: Double
    public var metrics: Metrics
    public var calibration: Calibration
    public var probabilities: [Float]
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
    /// `afterStep(network, step)` runs after every optimizer step (benchmarks use it to score the
    /// network part-way through an epoch; it must not train it).
    public static func train(_ config: TrainingConfig, data: LabelledImages, cancel: CancelFlag = CancelFlag(),
                             onEvent: (TrainingEvent) -> Void = { _ in },
                             afterStep: ((Network, Int) -> Void)? = nil) throws -> TrainingResult {
        guard data.count > 0 else { throw ModelError.noData("the training set is empty") }
        guard config.epochs > 0, config.batchSize > 0 else {
            throw ModelError.badTrainingConfig("epochs and batch size must be positive")
        }
        // Refused before any buffer exists when the architecture would need gigabytes.
        try Network.checkTrainingMemory(layers: config.layers, batchSize: config.batchSize, threads: config.threads)
        let session = try TrainingSession(config: config, data: data)
        onEvent(.started(session.plan))
        let runStart = workingNow()
        var history: [EpochSummary] = []
        var cancelled = false, divergence: Divergence? = nil, stoppedMidEpoch = false
        for epoch in 1...config.epochs {
            onEvent(.epochStarted(epoch: epoch, epochs: config.epochs))
            let pass = session.trainEpoch(epoch, cancel: cancel, onEvent: onEvent, afterStep: afterStep)
            cancelled = pass.cancelled
            divergence = pass.divergence
            // An epoch cut short before half its images counts as not done.
            if divergence != nil || (cancelled && pass.seen < session.trainCount / 2) { stoppedMidEpoch = true; break }
            let summary = session.finishEpoch(epoch, pass)
            history.append(summary)
            onEvent(.epochFinished(summary))
            if cancelled { break }
        }
        session.keepChosenEpoch(stoppedMidEpoch: stoppedMidEpoch)
        let seconds = max(0, workingNow() - runStart)
        onEvent(cancelled ? .cancelled(epochs: history, seconds: seconds) : .finished(epochs: history, seconds: seconds))
        return TrainingResult(network: session.network, epochs: history, cancelled: cancelled, divergence: divergence, seconds: seconds)
    }

    /// Mean cross-entropy and metrics of a network on a dataset.
    public static func evaluate(_ network: Network, on data: LabelledImages) -> (loss: Double, metrics: Metrics) {
        let r = evaluateWithCalibration(network, on: data)
        return (r.loss, r.metrics)
    }

    public static func evaluateWithCalibration(_ network: Network, on data: LabelledImages) -> (loss: Double, metrics: Metrics, calibration: Calibration) {
        let r = evaluateFully(network, on: data)
        return (r.loss, r.metrics, r.calibration)
    }

    /// The network's probabilities for every image of `data` (count × 10).
    public static func probabilities(_ network: Network, on data: LabelledImages) -> [Float] {
        data.images.withUnsafeBufferPointer { network.probabilities(bytes: $0, count: data.count) }
    }

    /// Everything one pass over a dataset tells: loss, metrics, calibration and the
    /// probabilities themselves (count × 10), for reports that look at single images.
    public static func evaluateFully(_ network: Network, on data: LabelledImages) -> Evaluated {
        let probs = probabilities(network, on: data)
        var predictions = [Int](repeating: 0, count: data.count)
        var loss = 0.0
        for i in 0..<data.count {
            predictions[i] = argmax(probs, offset: i * 10)
            loss -= Double(logf(max(probs[i * 10 + Int(data.labels[i])], 1e-12)))
        }
        return Evaluated(loss: loss / Double(max(data.count, 1)),
                         metrics: Metrics(predictions: predictions, labels: data.labels.map(Int.init)),
                         calibration: Calibration(probabilities: probs, labels: data.labels), probabilities: probs)
    }
}
