import DigitImage
import DigitApp

/// A key press, already decoded from the terminal.
public enum Key: Sendable, Equatable, Hashable {
    case char(Character)
    case up, down, left, right, enter, escape, backspace, home, end, pageUp, pageDown, tab
    /// Shift-Tab.
    case backTab
    /// F1…F12.
    case function(Int)
    /// A mouse report (only while the drawing screen has mouse tracking on).
    case mouse(MouseEvent)
    /// Text pasted into a terminal with bracketed paste: typed into the field being edited,
    /// ignored elsewhere.
    case paste(String)
}

/// What the terminal can show.
public struct Capabilities: Sendable, Equatable {
    public var color: Bool
    public var unicode: Bool
    /// Only the 8 basic colours (TERM=xterm, the Linux console): styles pick from those, and
    /// the terminal layer maps any other index to the nearest of them.
    public var basicColors: Bool
    public init(color: Bool, unicode: Bool, basicColors: Bool = false) {
        self.color = color; self.unicode = unicode; self.basicColors = basicColors
    }
}

/// A label set in the gallery and not written: `label` nil clears it.
public struct UnsavedLabel: Sendable, Equatable {
    public var folder: String
    public var file: String
    public var label: String?
}

/// One image of the gallery: not yet looked at, being read in the background, recognised,
/// or unreadable.
public enum GalleryItem: Sendable {
    case pending
    case reading
    case recognized(Recognition)
    case failed(String)
}

public struct TrainingView: Sendable {
    public var form: TrainForm
    public var plan: TrainingPlan?
    public var latest: BatchProgress?
    /// The epoch being trained, batch by batch, for the charts of the first epochs.
    public var trace = EpochTrace()
    public var epochs: [EpochSummary] = []
    public var cancelling = false
    /// Fine-tuning the gallery's model rather than training from the form.
    public var fineTune: FineTuneRequest? = nil
    /// Training ended; the test set is being evaluated.
    public var evaluating = false
    /// Why the run could not start or finish, shown in full until Esc.
    public var failure: String? = nil
}

public struct ResultsView: Sendable {
    public var form: TrainForm
    /// The trained network with its metrics and metadata: what "save" writes.
    public var outcome: TrainingOutcome
    public var epochs: [EpochSummary] { outcome.epochs }
    public var metrics: Metrics { outcome.metrics }
    public var cancelled: Bool { outcome.cancelled }
    public var seconds: Double { outcome.seconds }
    /// The name typed, or offered (the form's name, then a free name: the first key replaces it).
    public var nameField: TextField
    /// The name to save under; set here, it is an offer the first key typed replaces.
    public var saveName: String {
        get { nameField.text }
        set { nameField = TextField(newValue, suggested: !newValue.isEmpty, maxLength: TrainForm.nameLimit, allowed: .modelName) }
    }
    public var saveError: String?
    /// A save is running in the background; Enter waits for it.
    public var saving = false
    /// "replace NAME? y/n" is asked.
    public var replacing = false
    /// A free name (`.nameSuggested`): the prompt's default, and what "n" to replacing gives.
    public var suggestion: String? = nil
    /// Which panel shows when the confusion matrix and the curves do not both fit (Tab).
    public var showCurves = false
    /// After a fine-tune: the panels show every held-back digit whose reading changed or is
    /// still wrong (Tab), which the summary's one line can only count at 80×24.
    public var showDigits = false
    /// The first of their lines shown (PgUp, PgDn).
    public var digitsScroll = 0
    /// There is such a list to show.
    public var hasDigitsPanel: Bool { shownFineTune.map { !$0.changes.isEmpty || !$0.doubtfulLabels.isEmpty } ?? false }
    /// The quit question's "s": quit once the save is done.
    public var quitAfterSave = false
    /// Before/after figures when this model was fine-tuned from the gallery.
    public var fineTune: FineTuneReport? = nil
    /// After a fine-tune that cost MNIST: the model not chosen, which ↑↓ swaps with `outcome`
    /// (the fine-tuned model and its halfway average with the start).
    public var alternative: TrainingOutcome? = nil
    /// The halfway average is the one shown and saved.
    public var halfwayChosen = false

    /// The fine-tune's figures for the model chosen: the halfway average's "after" when it is.
    public var shownFineTune: FineTuneReport? {
        guard var f = fineTune, halfwayChosen, let h = f.halfway else { return fineTune }
        (f.heldBackAfter, f.mnistAfter) = (h.heldBack, h.mnist)
        f.confidenceAfter = f.halfwayConfidence
        f.changes = f.halfwayChanges ?? f.changes
        return f
    }

    public init(form: TrainForm, outcome: TrainingOutcome, saveName: String, saveError: String? = nil, fineTune: FineTuneReport? = nil) {
        self.form = form; self.outcome = outcome; self.saveError = saveError; self.fineTune = fineTune
        nameField = TextField(saveName, suggested: !saveName.isEmpty, maxLength: TrainForm.nameLimit, allowed: .modelName)
    }
}

/// What fine-tuning changed, for the results screen.
public struct FineTuneReport: Sendable, Equatable {
    /// The model it started from (never saved over) and the images it learnt from.
    public var parent: String
    public var images: String
    public var trainDigits: Int, heldBackDigits: Int
    public var heldBackBefore: Double, heldBackAfter: Double
    public var mnistBefore: Double, mnistAfter: Double
    /// The mean probability given to the right held-back digit, before and after (and by the
    /// halfway average): what changed when the counts did not.
    public var confidenceBefore: Double? = nil, confidenceAfter: Double? = nil, halfwayConfidence: Double? = nil
    /// The halfway average with the start, measured when MNIST fell (`FineTuneOutcome.halfway`).
    public var halfway: HalfwayAverage? = nil
    /// The held-back digits the halfway average reads differently from the start.
    public var halfwayChanges: HeldBackChanges? = nil
    /// The held-back digits fine-tuning read differently, and those both models miss.
    public var changes = HeldBackChanges()
    /// Labels the starting model read as another digit with near certainty.
    public var doubtfulLabels: [DoubtfulLabel] = []
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
    case draw(DrawState)
    case dataset(DatasetView)
    case report(ReportView)
    case compare(CompareView)
    /// A saved model's details and training history, over the load list's `selected` row.
    case details(ModelDetails, selected: Int)
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
    /// The images the model in use was fine-tuned on: the score counts them apart.
    public var learnt = LearntImages()
    /// The expected labels of the folder's images (✓/✗ and the score).
    public var labels = ImageLabels(folder: "")
    /// The folder's images that are not listed (HEIC, WebP, …; beyond the most read).
    public var skippedImages: [String] = []
    /// Which digit of the shown image has its 28×28 input and bars drawn (Tab, Shift-Tab, [ ]).
    public var digit = 0
    /// The gallery's original shows the whole picture, not the digits' region (`z`).
    public var wholeOriginal = false
    public var fileList: (open: Bool, selected: Int) = (false, 0)
    /// The file the gallery shows once its folder is scanned (a drawing just saved).
    public var galleryFocus: String?
    /// What the file list and the score know of every image, read in the background.
    public var readings: [Reading?] = []
    /// The file list's filter and order.
    public var listView = FileListView()
    /// The gallery's `F` panel: what fine-tuning will do, until Enter or Esc.
    public var fineTuneConfirm: FineTuneConfirm?
    /// A drawing left with Esc before it was saved: `d` brings it back (walkthrough: Esc threw
    /// it away without a word).
    public var keptDrawing: Drawing?
    /// The label being typed for the shown image (`e`, or a digit key on a number).
    public var labelPrompt: TextField?
    /// The "open a folder" prompt (`o`), on the message line until Enter opens or Esc.
    public var folderPrompt: FolderField?
    /// `r` was pressed: the next scan says what it found.
    public var reloading = false
    /// The image being read in the background, if any (one at a time).
    public var backgroundIndex: Int?
    /// Models marked in the load list for comparing (paths, oldest first, at most two).
    public var marked: [String] = []
    /// The comparison a file was last opened from (its Enter): the gallery's `C` opens it
    /// again while that file is shown by the same model (walkthrough 34: two models marked in
    /// the load list could not be compared again from the gallery, only a tune and its start).
    public var openedFrom: OpenedComparison?

    /// The last model trained or fine-tuned while it is not saved: the gallery may use it, and
    /// leaving the program asks first.
    public var unsaved: ResultsView?
    /// Labels set here that labels.csv could not take (its folder is not writable): used over
    /// each re-read of the folder, and leaving the program asks first (walkthrough, session 27:
    /// they were lost on quit without a word).
    public var unsavedLabels: [UnsavedLabel] = []
    /// The screen the quit question's `s` left for the save prompt: Esc there goes back to it
    /// (walkthrough: the gallery started again at its first image).
    public var backFromSave: Screen?
    /// The gallery uses `unsaved` (the title says "model: unsaved").
    public var usingUnsaved = false
    /// A line printed after the program has given the terminal back ("Saved …" when the quit
    /// question's `s` saved the model and left).
    public var farewell: String?
    /// "Quit without saving? y/n/s" is asked.
    public var askQuit = false
    /// The train form as last used in this session.
    public var lastForm: TrainForm?
    /// A data folder typed in the train form and found to hold MNIST: where fine-tuning and
    /// the explore screens look too (walkthrough, session 29: they went on saying "MNIST not
    /// found" after the form had found it).
    public var dataFolder: String?

    public init(width: Int, height: Int, capabilities: Capabilities, digitsFolder: String) {
        self.width = width; self.height = height; self.capabilities = capabilities; self.digitsFolder = digitsFolder
    }

    /// A model reads the images: a loaded file, or one trained or fine-tuned here and used
    /// unsaved (which has no file name).
    public var hasModel: Bool { modelName != nil || usingUnsaved }

    /// The image a recognition is wanted for now (the worker skips any other): the gallery's,
    /// or the compare screen's selected file, whose picture it shows.
    public var wantedIndex: Int {
        if case let .compare(v) = screen, let i = CompareScreen.selectedGalleryIndex(v, self) { return i }
        return index
    }

    public static let minWidth = 80, minHeight = 24
    public var tooSmall: Bool { width < AppState.minWidth || height < AppState.minHeight }
}
