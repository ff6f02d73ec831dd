import DigitModel
import Support

/// Everything a user chooses about a training run, from the command line or the train form.
/// One learning-rate policy and one recipe format live here, so both front ends agree.
public struct TrainingRequest: Sendable, Equatable {
    public var preset: Preset = .cnn
    public var epochs = 3
    public var batchSize = 128
    /// Nil: the policy's default for the preset and optimizer.
    public var learningRate: Float?
    public var optimizer: OptimizerKind = .adam
    public var schedule: Schedule = .cosine
    public var weightDecay: Float = 0
    public var seed: UInt64 = 1
    public var augment = false
    /// Distortions beyond the plain ones (`--augment-extra`); only with `augment`.
    public var augmentExtras: Set<Augmentation.Extra> = []
    /// With `styles` among the extras: the share of each epoch's images that are rendered style
    /// digits (`styles=F`).
    public var styleFraction = TrainingRequest.defaultStyleFraction
    /// Training images held out to pick the best epoch (0 trains on all 60,000).
    public var validation = 5000
    /// Nil: all cores, or $DIGITREC_THREADS.
    public var threads: Int?
    /// An explicit data folder (`--data`); nil searches the usual places.
    public var dataFolder: String?
    /// Start from this model's weights (`--init`); its architecture replaces the preset's.
    public var initModel: String?
    /// How pictures become inputs (`--input`); nil: the data's own (whole pictures for
    /// Fashion-MNIST, digits otherwise). Decides how an image-folder dataset is read.
    public var inputStyle: InputStyle?

    public init() {}

    /// A request with the preset's own recipe: epochs and schedule (`sprint`: one epoch, triangle).
    public init(preset: Preset) {
        self.preset = preset
        epochs = preset.recipe.epochs
        schedule = preset.recipe.schedule
    }

    public static let epochRange = 1...1000
    public static let batchRange = 1...4096
    public static let threadRange = 1...64
    public static let validationRange = 0...30000
    public static let defaultStyleFraction = 0.03

    /// The learning-rate policy: tuned per architecture for Adam, 0.05 for SGD with momentum.
    public static func defaultLearningRate(_ preset: Preset, _ optimizer: OptimizerKind) -> Float {
        optimizer == .adam ? preset.defaultLearningRate : 0.05
    }

    public var effectiveLearningRate: Float { learningRate ?? TrainingRequest.defaultLearningRate(preset, optimizer) }

    /// Every numeric choice checked before any work starts (a NaN or infinite rate would
    /// otherwise surface only after hours, as a crash or a broken model).
    public func validate() throws {
        func bad(_ s: String) -> AppError { .badOption(s) }
        guard TrainingRequest.epochRange.contains(epochs) else { throw bad("--epochs must be between 1 and 1000") }
        guard TrainingRequest.batchRange.contains(batchSize) else { throw bad("--batch-size must be between 1 and 4096") }
        if let lr = learningRate, !(lr.isFinite && lr > 0 && lr < 10) { throw bad("--lr must be a positive number below 10") }
        guard weightDecay.isFinite, weightDecay >= 0, weightDecay < 1 else {
            throw bad("--weight-decay must be a number from 0 up to (not including) 1")
        }
        if let threads, !TrainingRequest.threadRange.contains(threads) { throw bad("--threads must be between 1 and 64") }
        guard TrainingRequest.validationRange.contains(validation) else { throw bad("--validation must be between 0 and 30000") }
        if !augmentExtras.isEmpty && !augment { throw bad("--augment-extra adds to --augment; give both") }
        guard StyleMix.fractionRange.contains(styleFraction) else { throw bad(TrainingRequest.styleFractionMessage) }
    }

    static let styleFractionMessage = "--augment-extra styles=F: the share of style digits F must be a number from "
        + "\(StyleMix.fractionRange.lowerBound) to \(StyleMix.fractionRange.upperBound)"

    /// `--augment-extra`'s names from `Augmentation.Extra`, separated by commas.
    public static func parseExtras(_ text: String) throws -> Set<Augmentation.Extra> {
        try parseExtraList(text).extras
    }

    /// `--augment-extra`'s value: names from `Augmentation.Extra`, separated by commas; `styles`
    /// may carry its share of each epoch as `styles=F` (returned as `styleFraction`).
    public static func parseExtraList(_ text: String) throws -> (extras: Set<Augmentation.Extra>, styleFraction: Double?) {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.filter { !$0.isWhitespace } }
        var extras = Set<Augmentation.Extra>(), fraction: Double? = nil
        for item in items {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard let name = parts.first, let extra = Augmentation.Extra(rawValue: name) else {
                let known = Augmentation.Extra.allCases.map(\.rawValue).joined(separator: ", ")
                throw AppError.badOption("--augment-extra: unknown distortion '\(item)' (known: \(known), separated by commas)")
            }
            if parts.count == 2 {
                guard extra == .styles else { throw AppError.badOption("--augment-extra: '\(item)': only styles takes a value") }
                guard let f = Double(parts[1]), StyleMix.fractionRange.contains(f) else {
                    throw AppError.badOption(styleFractionMessage + " (got '\(parts[1])')")
                }
                fraction = f
            }
            extras.insert(extra)
        }
        return (extras, fraction)
    }

    /// The command that repeats this run, stored in the model's metadata.
    public var recipe: String {
        "digitrec train --arch \(preset.rawValue) --epochs \(epochs) --batch-size \(batchSize) --lr \(effectiveLearningRate)"
            + " --optimizer \(optimizer.rawValue) --schedule \(schedule.rawValue) --weight-decay \(weightDecay)"
            + " --validation \(validation) --seed \(seed)\(augment ? " --augment" : "")"
            + (augmentExtras.isEmpty ? "" : " --augment-extra " + augmentExtras.sorted().map(extraName).joined(separator: ","))
            + (initModel.map { " --init \(Path.shellQuoted($0))" } ?? "") + (inputStyle.map { " --input \($0.rawValue)" } ?? "")
    }

    /// An extra as the recipe writes it: `styles` with its share when that is not the default.
    func extraName(_ extra: Augmentation.Extra) -> String {
        extra == .styles && styleFraction != TrainingRequest.defaultStyleFraction ? "styles=\(styleFraction)" : extra.rawValue
    }

    /// The configuration starting from `parent`'s weights: its architecture replaces the preset's
    /// (`train --init`, fine-tuning).
    public func config(startingFrom parent: Network) -> TrainingConfig {
        var c = config
        c.layers = parent.specs
        c.initial = parent
        return c
    }

    /// The engine's configuration for this request.
    public var config: TrainingConfig {
        var c = TrainingConfig()
        c.layers = preset.layers
        c.epochs = epochs
        c.batchSize = batchSize
        c.learningRate = effectiveLearningRate
        c.optimizer = optimizer
        c.schedule = schedule
        c.weightDecay = weightDecay
        c.betas = preset.recipe.betas
        c.seed = seed
        c.augmentation = augment ? Augmentation(extras: augmentExtras) : nil
        c.validationSize = validation
        if let threads { c.threads = threads }
        return c
    }
}
