import DigitImage
import DigitApp

/// A key press, already decoded from the terminal.
public enum Key: Sendable, Equatable {
    case char(Character)
    case up, down, left, right, enter, escape, backspace, home, end, pageUp, pageDown, tab
}

/// What the terminal can show.
public struct Capabilities: Sendable, Equatable {
    public var color: Bool
    public var unicode: Bool
    public init(color: Bool, unicode: Bool) { self.color = color; self.unicode = unicode }
}

/// One image of the gallery: not yet looked at, recognised, or unreadable.
public enum GalleryItem: Sendable {
    case pending
    case recognized(Recognition)
    case failed(String)
}

public struct TrainForm: Sendable, Equatable {
    public static let fields = ["Architecture", "Epochs", "Batch size", "Learning rate", "Augmentation", "Seed", "Model name", "Start training"]
    public var preset: Preset = .mlp
    public var epochs = 3
    public var batchSize = 128
    public var learningRate: Float = TrainingRequest.defaultLearningRate(.mlp, .adam)
    public var augment = false
    public var seed: UInt64 = 1
    public var name = "my-model"
    public var selected = 0
    public init() {}

    /// The training use case's request for these choices.
    public var request: TrainingRequest {
        var r = TrainingRequest()
        r.preset = preset; r.epochs = epochs; r.batchSize = batchSize; r.learningRate = learningRate
        r.seed = seed; r.augment = augment
        return r
    }
}

public struct TrainingView: Sendable {
    public var form: TrainForm
    public var plan: TrainingPlan?
    public var latest: BatchProgress?
    public var epochs: [EpochSummary] = []
    public var cancelling = false
}

public struct ResultsView: Sendable {
    public var form: TrainForm
    /// The trained network with its metrics and metadata: what "save" writes.
    public var outcome: TrainingOutcome
    public var epochs: [EpochSummary] { outcome.epochs }
    public var metrics: Metrics { outcome.metrics }
    public var cancelled: Bool { outcome.cancelled }
    public var seconds: Double { outcome.seconds }
    public var saveName: String
    public var saveError: String?
}

public enum DownloadView: Sendable, Equatable {
    case idle
    case running(file: String, fraction: Double)
    case failed(String)
}

public enum Screen: Sendable {
    case start(selected: Int)
    case load(selected: Int)
    case trainForm(TrainForm, missingData: String?, download: DownloadView)
    case training(TrainingView)
    case results(ResultsView)
    case gallery
}

/// The whole state of the interactive program. Only `reduce` changes it.
public struct AppState: Sendable {
    public var width: Int
    public var height: Int
    public var capabilities: Capabilities
    public var screen: Screen = .start(selected: 0)
    public var showHelp = false
    public var message: String?
    public var quit = false

    public var models: [ModelEntry] = []
    public var modelName: String?
    public var digitsFolder: String
    public var files: [String] = []
    public var items: [GalleryItem] = []
    public var index = 0
    public var fileList: (open: Bool, selected: Int) = (false, 0)

    public init(width: Int, height: Int, capabilities: Capabilities, digitsFolder: String) {
        self.width = width; self.height = height; self.capabilities = capabilities; self.digitsFolder = digitsFolder
    }

    public static let minWidth = 80, minHeight = 24
    public var tooSmall: Bool { width < AppState.minWidth || height < AppState.minHeight }
}

/// Everything that can happen to the program.
public enum Action: Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    case modelsScanned([ModelEntry])
    case modelLoaded(name: String)
    case modelFailed(String)
    case folderScanned(files: [String])
    case recognized(index: Int, GalleryItem)
    case dataMissing(String)
    /// The MNIST files differ from the official ones (training goes on; the user is told).
    case dataWarning(String)
    case dataReady
    case download(DownloadView)
    case training(TrainingEvent)
    case trainingDone(TrainingOutcome)
    case trainingFailed(String)
    case saved(path: String)
    case saveFailed(String)
}

/// Work the runtime does for the reducer, reporting back with actions.
public enum Effect: Sendable, Equatable {
    case scanModels
    case loadModel(path: String)
    case scanFolder(String)
    case recognize(index: Int)
    case checkData
    case download
    case startTraining(TrainForm)
    case cancelTraining
    case saveModel(name: String)
}
