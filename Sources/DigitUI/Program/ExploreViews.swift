import DigitApp

/// What the explore screens ask the runtime for.
public enum ExploreRequest: Sendable, Equatable {
    case dataset
    /// A model file's report; nil: the model the gallery uses (trained, not saved).
    case report(path: String?)
    case compare(String, String)
    /// The two models on the gallery folder's labelled images.
    case compareOnFolder(String, String, folder: String)
}

/// What the runtime reports back for an `ExploreRequest` (posted with the request, so a result
/// for a screen the user has left is dropped).
public enum ExploreOutcome: Sendable {
    case dataset(DatasetExploration)
    case report(ModelReport)
    case comparison(ModelComparisonView)
    case folderComparison(FolderComparison)
    case failed(String)
}

/// The dataset screen: four pages, the sample grid's seed and cursor, and the zoomed image.
public struct DatasetView: Sendable {
    public enum Page: Int, Sendable, CaseIterable { case counts, samples, means, pixels }
    public var exploration: DatasetExploration?
    public var error: String?
    public var page: Page = .counts
    /// The sample grid's seed: `r` draws another one.
    public var seed: UInt64 = 1
    /// The selected sample: its class (column) and place in the column.
    public var column = 0, row = 0
    /// The selected sample drawn large.
    public var zoomed = false
    /// The means page shows standard deviations instead (when only one fits).
    public var showStd = false
    public init() {}
}

/// A list of mistakes being browsed one at a time.
public struct MistakeBrowser: Sendable, Equatable {
    public var title: String
    /// Test image indices, in the order browsed.
    public var images: [Int]
    public var position = 0
}

/// Where Esc leads from a report or comparison.
public enum ReturnTo: Sendable, Equatable { case gallery, load(selected: Int) }

/// The model report screen: the report once measured, the matrix cursor and an open browser.
public struct ReportView: Sendable {
    /// The model file; nil for the gallery's unsaved model.
    public var path: String?
    /// The model's name as shown.
    public var model: String
    public var report: ModelReport?
    public var error: String?
    /// The matrix cell under the cursor: true class, predicted class.
    public var label = 0, prediction = 0
    public var browser: MistakeBrowser?
    public var back: ReturnTo
    var request: ExploreRequest { .report(path: path) }
}

/// Two models compared: the result once measured and an open disagreement browser.
public struct CompareView: Sendable {
    public var a: String, b: String
    public var result: ModelComparisonView?
    public var error: String?
    public var browser: MistakeBrowser?
    public var back: ReturnTo
    /// The gallery's folder: `f` shows the two models on its labelled images instead.
    public var folder: String = ""
    public var onFolder = false
    public var folderResult: FolderComparison?
    public var folderError: String?
    /// The file selected in the folder's list (a place in `FolderComparison.listed`): Enter
    /// shows it in the gallery.
    public var folderSelected = 0
    /// Each side asked for and not answered yet: `f` pressed again meanwhile does not ask twice
    /// (review, session 34: a second reply moved the selection onto another file).
    public var asked: (tests: Bool, folder: Bool) = (false, false)
    /// The selected file, the selection kept inside the list.
    public var selectedImage: FolderComparison.Image? {
        guard let listed = folderResult?.listed, !listed.isEmpty else { return nil }
        return listed[max(0, min(listed.count - 1, folderSelected))]
    }
    var request: ExploreRequest { onFolder ? .compareOnFolder(a, b, folder: folder) : .compare(a, b) }
}
