import DigitApp
import DigitImage

/// Everything that can happen to the program.
public enum Action: Sendable {
    case key(Key)
    /// Ctrl-C while a model trains (`TrainingScreen.stopsOnInterrupt`).
    case interrupt
    case resize(width: Int, height: Int)
    case modelsScanned([ModelEntry])
    /// A model file was loaded; `learnt`: the images it was fine-tuned on (scored apart).
    case modelLoaded(name: String, learnt: LearntImages = LearntImages())
    case modelFailed(String)
    /// The confirm panel's target: the path of a free model file.
    case fineTuneTargetFound(String)
    /// The folder's images and their expected labels (labels.csv, else the file names);
    /// `labelsProblem` says why a damaged labels.csv was not used.
    /// `folder`: the folder scanned; a scan of another than the gallery's (it was changed with
    /// `o` meanwhile) is dropped. nil in tests that scan "the" folder.
    case folderScanned(files: [String], labels: ImageLabels = ImageLabels(folder: ""), labelsProblem: String? = nil,
                       skippedImages: [String] = [], folder: String? = nil)
    /// The image `file` at `index` was read; `.pending` means the reading was skipped because
    /// the gallery had moved on. A result for a file no longer at `index` (the folder was
    /// reloaded meanwhile) is dropped.
    case recognized(index: Int, file: String, GalleryItem)
    /// The image `file` at `index` was read in the background (for the file list and the score).
    case read(index: Int, file: String, Reading)
    /// A label was written into the folder's labels.csv; `labels` is the file as it now is.
    case labelSaved(file: String, label: String?, labels: ImageLabels)
    case labelFailed(folder: String, file: String, label: String?, error: String)
    case dataMissing(String)
    /// The MNIST files differ from the official ones (training goes on; the user is told).
    case dataWarning(String)
    /// MNIST is there, in `folder` (nil when the download just put it in place).
    case dataReady(folder: String?)
    case download(DownloadView)
    case training(TrainingEvent)
    case trainingDone(TrainingOutcome)
    case trainingFailed(String)
    case saved(path: String)
    case saveFailed(String)
    /// The drawing screen's live reading of one generation of the drawing.
    case drawingRead(DrawingReading)
    case drawingSaved(path: String, generation: Int, openGallery: Bool)
    case drawingSaveFailed(String)
    /// A dataset exploration, model report or comparison is ready (or failed).
    case explored(ExploreRequest, ExploreOutcome)
    /// A save without `replace` found a model of that name already there.
    case saveExists(name: String)
    /// A free model name for the save prompt (`mlp-2026-12-02-3`).
    case nameSuggested(String)
    /// Training (or fine-tuning) ended; the test set is being evaluated.
    case evaluating
    case fineTuneDone(FineTuneOutcome)
    /// A model's details for the load list's `i`.
    case detailsRead(ModelDetails)
    case detailsFailed(String)
    /// The file of the model `model` was fine-tuned from (`.findParent`), or why there is none.
    /// `tunedOn`: the folder the model was tuned on, when it is still there and is not the gallery's.
    case parentFound(model: String, parent: String, tunedOn: String?)
    case parentMissing(model: String, why: String)
    /// The folders in the folder the "open a folder" prompt's `typed` text is completed in.
    case folderListed(typed: String, folders: [String])
    /// The prompt's `typed` folder can be read (`path`: with `~` expanded), or why not; a reply
    /// to a prompt since closed or changed is dropped.
    /// `focus`: the image the typed path named, shown first.
    case folderOpened(typed: String, path: String, focus: String? = nil)
    case folderRefused(typed: String, why: String)
}

/// Work the runtime does for the reducer, reporting back with actions. Everything that
/// touches a file runs off the UI loop.
public enum Effect: Sendable, Equatable {
    case scanModels
    case loadModel(path: String)
    case scanFolder(String)
    case recognize(index: Int)
    /// Reads an image the gallery is not showing, for the file list and the score.
    case readInBackground(index: Int)
    /// Writes one image's true label into `folder`/labels.csv (nil removes it).
    case saveLabel(folder: String, file: String, label: String?)
    case checkData
    case download
    case startTraining(TrainingRequest)
    case cancelTraining
    /// Saves the results screen's model; an existing file is replaced only with `replace`.
    case saveModel(name: String, replace: Bool = false)
    /// The gallery goes on with the network just trained, unsaved.
    case useTrainedModel
    /// Read the drawing live, off the UI loop; only the newest request waiting is kept.
    case recognizeDrawing(Drawing, generation: Int)
    /// Save the drawing into the digits folder under `label` (nil: the digits it reads as).
    case saveDrawing(Drawing, label: String, generation: Int, openGallery: Bool, folder: String)
    /// Compute (or take from the cache) what an explore screen shows.
    case explore(ExploreRequest)
    /// Finds a free model name `PREFIX-YYYY-MM-DD[-N]` and reports it (`.nameSuggested`).
    case suggestName(prefix: String)
    /// Fine-tunes the gallery's model on the gallery's labelled images (FineTuning use case).
    case startFineTune(FineTuneRequest)
    /// Finds the model file a fine-tuning would be saved to by default, `PREFIX-YYYY-MM-DD[-N]`
    /// in the models folder (`.fineTuneTargetFound`), for the confirm panel.
    case findFineTuneTarget(prefix: String)
    case readDetails(path: String)
    /// Finds the model file `model` was fine-tuned from (`ModelParent`).
    case findParent(model: String)
    /// Checks that the typed folder can be read (`.folderOpened`, `.folderRefused`).
    case openFolder(String)
    /// Lists the folders Tab may complete the typed path with (`.folderListed`).
    case completeFolder(String)
}
