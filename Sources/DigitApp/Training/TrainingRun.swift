import DigitModel
import Support

/// What a training run reports besides the engine's own events.
public enum TrainingRunEvent: Sendable {
    /// The data is loaded; `warnings` says which files differ from the official MNIST (and,
    /// fine-tuning, which labels look like slips); `leftOut` names the user's images passed
    /// over, each "name: why", apart so a front end can count them (walkthrough, session 35).
    case dataLoaded(folder: String, trainCount: Int, testCount: Int, warnings: [String], leftOut: [String])
    case training(TrainingEvent)
    /// Training ended; the test set is being evaluated.
    case evaluating
}

/// One finished run: the network together with its test metrics and the metadata it is
/// saved with, so nothing has to be carried beside it.
public struct TrainingOutcome: Sendable {
    public var network: Network
    public var request: TrainingRequest
    public var epochs: [EpochSummary]
    public var metrics: Metrics
    public var testLoss: Double
    public var cancelled: Bool
    /// Set when the loss became non-finite; the best finite epoch was kept.
    public var divergence: Divergence?
    public var seconds: Double
    public var evaluationSeconds: Double
    public var metadata: [String: String]

    public init(network: Network, request: TrainingRequest, epochs: [EpochSummary], metrics: Metrics, testLoss: Double,
                cancelled: Bool, divergence: Divergence?, seconds: Double, evaluationSeconds: Double, metadata: [String: String]) {
        self.network = network; self.request = request; self.epochs = epochs; self.metrics = metrics; self.testLoss = testLoss
        self.cancelled = cancelled; self.divergence = divergence; self.seconds = seconds
        self.evaluationSeconds = evaluationSeconds; self.metadata = metadata
    }
}

/// The use case "train a model": locate and load the data → train → evaluate on the test set
/// → the metadata a saved file carries. Saving is the model store's job.
public enum TrainingRun {
    public static func run(_ request: TrainingRequest, cancel: CancelFlag = CancelFlag(),
                           onEvent: @escaping (TrainingRunEvent) -> Void = { _ in }) throws -> TrainingOutcome {
        try request.validate()
        var config = request.config
        var parent: ModelFile.Loaded? = nil
        if let path = request.initModel {
            let loaded = try ModelFile.load(path, threads: config.threads)
            config = request.config(startingFrom: loaded.network)
            parent = loaded
        }
        let data = try MNISTData.load(request.dataFolder, withTraining: true, inputStyle: request.inputStyle)
        guard let train = data.train else { throw AppError.badOption("no training data") }
        var warnings = data.warnings
        // The session holds out at most half the data (TrainingSession); say so instead of
        // quietly, when the number was asked for (the default 5,000 is not, on a small dataset).
        if request.validation != TrainingRequest().validation && request.validation > train.count / 2 {
            warnings.append("\(request.validation) validation images asked for, more than half of the \(train.count) training images; \(train.count / 2) are held out")
        }
        onEvent(.dataLoaded(folder: data.folder, trainCount: train.count, testCount: data.test.count, warnings: warnings, leftOut: []))
        if parent == nil && data.dataset != "mnist" { config.normalization = InputStatistics.of(train) }
        if request.augmentExtras.contains(.styles) { config.styleMix = try styleMix(request, data: data, threads: config.threads) }
        let result = try Trainer.train(config, data: train, cancel: cancel) { onEvent(.training($0)) }
        guard !result.epochs.isEmpty else {
            if let d = result.divergence { throw AppError.diverged(epoch: d.epoch, batch: d.batch, what: d.what) }
            throw AppError.noEpochCompleted(cancelled: result.cancelled)
        }
        // The outputs mean the data's classes (set before the test set is measured: fewer than
        // ten classes mask the unused outputs).
        (result.network.classNames, result.network.inputStyle) = (data.classes, data.inputStyle)
        onEvent(.evaluating)
        let start = now()
        let (loss, metrics) = Trainer.evaluate(result.network, on: data.test)
        let evaluationSeconds = now() - start
        return TrainingOutcome(network: result.network, request: request, epochs: result.epochs, metrics: metrics,
                               testLoss: loss, cancelled: result.cancelled, divergence: result.divergence,
                               seconds: result.seconds, evaluationSeconds: evaluationSeconds,
                               metadata: metadata(request, result: result, metrics: metrics, parent: parent)
                                   .merging(["dataset": data.dataset]) { _, new in new })
    }

    /// The rendered style digits of `--augment-extra styles`, only for data of the digits 0–9.
    static func styleMix(_ request: TrainingRequest, data: MNISTData, threads: Int) throws -> StyleMix {
        guard data.inputStyle == .digits, data.classes == ModelClasses.digits else {
            throw AppError.badOption("--augment-extra styles mixes in drawn digits 0-9: only for a dataset of digits (this is \(data.title))")
        }
        let pool = StylePool.make(seed: request.seed, threads: threads)
        // An empty pool means no render came out as one digit: the preprocessing is broken,
        // not the option, so say that rather than the share's range.
        guard pool.count > 0 else {
            throw AppError.badOption("--augment-extra styles: none of the \(StylePool.defaultCount) style digits came out as one digit after preprocessing (a bug: please report it); train without styles")
        }
        guard let mix = StyleMix(pool: pool, fraction: request.styleFraction) else {
            throw AppError.badOption(TrainingRequest.styleFractionMessage)
        }
        return mix
    }

    static func metadata(_ request: TrainingRequest, result: TrainingResult, metrics: Metrics,
                         parent: ModelFile.Loaded?) -> [String: String] {
        var meta: [String: String] = [
            "architecture_name": parent.map { $0.metadata["architecture_name"] ?? "custom" } ?? request.preset.rawValue,
            "epochs": String(result.epochs.count),
            "seed": String(request.seed),
            "test_accuracy": String(metrics.accuracy),
            "recipe": request.recipe,
            "threads": String(request.config.threads),
            "history": HistoryJSON.text(result.epochs),
        ]
        if let parent, let path = request.initModel {
            meta["parent"] = Path.baseName(path, dropping: ModelStore.suffix)
            meta["parent_checksum"] = parent.metadata["checksum"] ?? ""
        }
        if let d = result.divergence {
            meta["note"] = "training diverged at epoch \(d.epoch), batch \(d.batch) (\(d.what)); best finite epoch kept"
        } else if result.cancelled {
            meta["note"] = "training was cancelled after \(EpochCount.text(result.epochs)); best epoch kept"
        }
        return meta
    }
}

/// The epoch table as JSON, stored in the model file so the load list can show the curves later.
/// Under SOURCE_DATE_EPOCH the epochs' seconds are left out (read back as 0): they are wall
/// clock, and a re-run must give the same file byte for byte (README audit: it differed at
/// byte 250).
public enum HistoryJSON {
    public static func text(_ epochs: [EpochSummary], wallClock: Bool = Clock.sourceDateEpoch == nil) -> String {
        JSON.array(epochs.map { e in
            JSON.object([
                ("epoch", .int(e.epoch)), ("train_loss", .number(e.trainLoss)), ("train_accuracy", .number(e.trainAccuracy)),
                ("validation_loss", e.validationLoss.map { .number($0) } ?? .null),
                ("validation_accuracy", e.validationAccuracy.map { .number($0) } ?? .null),
            ] + (wallClock ? [("seconds", .number(e.seconds))] : []) + [("learning_rate", .float(e.learningRate))]
              + (e.isPartial ? [("fraction", .number(e.fraction))] : []))
        }).text
    }
}
