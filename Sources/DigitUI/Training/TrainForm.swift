import DigitApp

/// The choices of the train form and which field has the focus. The request it builds is the
/// training use case's own `TrainingRequest`, so the form and the command line share one
/// learning-rate policy.
public struct TrainForm: Sendable, Equatable {
    /// The form's fields, top to bottom.
    public enum Field: Int, CaseIterable, Sendable {
        case architecture, epochs, batchSize, learningRate, augmentation, seed, dataFolder, name, start

        public var title: String {
            switch self {
            case .architecture: return "Architecture"
            case .epochs: return "Epochs"
            case .batchSize: return "Batch size"
            case .learningRate: return "Learning rate"
            case .augmentation: return "Augmentation"
            case .seed: return "Seed"
            case .dataFolder: return "Data folder"
            case .name: return "Model name"
            case .start: return "Start training"
            }
        }

        /// The field below (the last one stays).
        public func next() -> Field { Field(rawValue: rawValue + 1) ?? self }
        /// The field above (the first one stays).
        public func previous() -> Field { Field(rawValue: rawValue - 1) ?? self }
    }

    /// What training will be asked to do; `learningRate` nil follows the policy's default.
    public internal(set) var request: TrainingRequest
    /// Empty: the save prompt offers a free name (`mlp-2026-12-02`).
    public var name = ""
    public var focus: Field = .architecture
    /// A number being typed into the focused field, not yet checked.
    public var editing: String?
    /// Why the typed number was refused.
    public var error: String?
    /// "Start" was pressed once while an earlier model is unsaved: the second press trains.
    public var warnedUnsaved = false
    /// The user set the epochs (stepped or typed): a new preset keeps them instead of bringing
    /// its own (review: a chosen 1 became 3 after passing through `sprint`).
    public var epochsChosen = false
    /// Where MNIST was found for an empty Data folder, said beside it (walkthrough, session 28:
    /// "automatic" never said which folder training would read).
    public var foundData: String?

    public init() {
        var r = TrainingRequest()
        r.preset = .mlp
        request = r
    }

    public static let nameLimit = 40
    static let epochChoices = [1, 2, 3, 5, 8, 10, 15, 20, 30]
    static let batchChoices = [32, 64, 128, 256, 512]
    static let rateChoices: [Float] = [0.0003, 0.0005, 0.001, 0.002, 0.003, 0.005, 0.01]

    /// The value shown for a field.
    func value(_ field: Field) -> String {
        switch field {
        case .architecture: return request.preset.rawValue
        case .epochs: return String(request.epochs)
        case .batchSize: return String(request.batchSize)
        case .learningRate: return "\(request.effectiveLearningRate)"
        case .augmentation: return TrainForm.augmentationText(request)
        case .seed: return String(request.seed)
        case .dataFolder: return request.dataFolder ?? ""
        case .name, .start: return name
        }
    }

    /// Steps the focused field's value by `step` through its choices.
    mutating func adjust(_ step: Int) {
        func cycle<T: Equatable>(_ list: [T], _ value: T) -> T {
            let i = list.firstIndex(of: value) ?? 0
            return list[min(list.count - 1, max(0, i + step))]
        }
        switch focus {
        case .architecture:
            let all = Preset.allCases
            let i = all.firstIndex(of: request.preset) ?? 0
            request.preset = all[((i + step) % all.count + all.count) % all.count]
            // A new architecture gets the policy's rate for it, its own schedule (the form has
            // no field for it) and its own epochs unless the user set them (README audit:
            // `sprint` was offered with 3 epochs).
            request.learningRate = nil
            request.schedule = request.preset.recipe.schedule
            if !epochsChosen { request.epochs = request.preset.recipe.epochs }
        case .epochs: request.epochs = cycle(TrainForm.epochChoices, request.epochs); epochsChosen = true
        case .batchSize: request.batchSize = cycle(TrainForm.batchChoices, request.batchSize)
        case .learningRate: request.learningRate = cycle(TrainForm.rateChoices, request.effectiveLearningRate)
        case .augmentation:
            let all = TrainForm.augmentationChoices
            let now = all.firstIndex { $0.on == request.augment && $0.extras == request.augmentExtras } ?? 0
            let choice = all[((now + step) % all.count + all.count) % all.count]
            request.augment = choice.on
            request.augmentExtras = choice.extras
        case .seed:
            // Saturating: the seed stays within 0…UInt64.max.
            let m = UInt64(step.magnitude)
            request.seed = step < 0 ? request.seed - min(request.seed, m) : request.seed + min(UInt64.max - request.seed, m)
        case .dataFolder, .name, .start: break
        }
    }

    /// The augmentation field's values in order: off, the plain distortions, then each extra
    /// alone and all of them (`--augment-extra`); every subset would be too many to step through.
    static let augmentationChoices: [(on: Bool, extras: Set<AugmentationExtra>)] = {
        let extras = AugmentationExtra.allCases.sorted()
        var list: [(on: Bool, extras: Set<AugmentationExtra>)] = [(false, []), (true, [])]
        list += extras.map { (true, [$0]) }
        if extras.count > 1 { list.append((true, Set(extras))) }
        return list
    }()

    /// "off", "on", "on + elastic, fade".
    static func augmentationText(_ r: TrainingRequest) -> String {
        guard r.augment else { return "off" }
        return r.augmentExtras.isEmpty ? "on" : "on + " + r.augmentExtras.sorted().map(\.rawValue).joined(separator: ", ")
    }
}
