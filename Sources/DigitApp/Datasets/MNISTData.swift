import DigitModel
import MNIST
import Support

/// A dataset located and loaded as the engine's labelled images: MNIST, any IDX dataset in its
/// layout (Fashion-MNIST, EMNIST, Kannada-MNIST, under any file names), or an image-folder
/// dataset — with its class names, how its images were made, and the integrity report (files
/// whose content differs from the known dataset they belong to) every front end must show.
public struct MNISTData: Sendable {
    public var folder: String
    public var train: LabelledImages?
    public var test: LabelledImages
    /// "…: differs from the official MNIST file (SHA-256 mismatch)", one per such file; for an
    /// image-folder dataset, the files passed over.
    public var warnings: [String]
    /// One name per class, in label order ("0"…"9" for digits).
    public var classes: [String] = ModelClasses.digits
    /// "mnist", "fashion-mnist", or the folder's name for a dataset digitrec does not know.
    public var dataset = "mnist"
    /// A known dataset's name for reports ("MNIST", "Fashion-MNIST"), else the folder's name.
    public var title = "MNIST"
    public var inputStyle: InputStyle = .digits

    /// The folder `--data` names, else `$DIGITREC_DATA`, `./data/mnist`, `~/.cache/digitrec/mnist`.
    public static func locate(_ explicit: String?, withTraining: Bool = true) throws -> String {
        try DatasetLocator.locate(explicit, withTraining: withTraining).folder
    }

    /// Where `download` stores the files.
    public static func downloadTarget(_ explicit: String?) -> String {
        DataLocator.downloadTarget(explicit: explicit, environment: Environment.variables)
    }

    /// Loads the test split, and the training split too when `withTraining`. `inputStyle`
    /// (a model's, or `train --input`) says how an image folder's pictures are read; nil is the
    /// data's own (digits for image folders).
    public static func load(_ explicit: String?, withTraining: Bool, inputStyle: InputStyle? = nil) throws -> MNISTData {
        let (folder, source) = try DatasetLocator.locate(explicit, withTraining: withTraining)
        var data: MNISTData
        switch source {
        case .idx: data = try loadIDX(folder, withTraining: withTraining)
        case let .images(layout): data = try loadImages(folder, layout: layout, withTraining: withTraining, style: inputStyle ?? .digits)
        }
        if let inputStyle { data.inputStyle = inputStyle }
        return data
    }

    static func loadIDX(_ folder: String, withTraining: Bool) throws -> MNISTData {
        let idx = try IDXDataset.load(folder: folder, withTraining: withTraining)
        func images(_ d: MNISTDataset) throws -> LabelledImages {
            guard let images = LabelledImages(images: d.images, labels: d.labels) else {
                throw AppError.badOption("\(folder): images and labels disagree")
            }
            return images
        }
        let classes = try ClassList.read(folder: folder) ?? idx.known?.classes ?? ModelClasses.digits
        try ClassList.check(classes, cover: idx.maxLabel, source: Path.join(folder, ClassList.fileName))
        var data = MNISTData(folder: folder, train: try idx.train.map(images), test: try images(idx.test), warnings: idx.warnings)
        data.classes = classes
        data.dataset = idx.known?.id ?? Path.baseName(Path.realPath(folder))
        data.title = idx.known?.name ?? data.dataset
        data.inputStyle = idx.known?.wholeImages == true ? .whole : .digits
        return data
    }

    static func loadImages(_ folder: String, layout: ImageFolderDataset.Layout, withTraining: Bool, style: InputStyle) throws -> MNISTData {
        let loaded: ImageFolderDataset.Loaded
        do {
            loaded = try ImageFolderDataset.load(folder, layout: layout, withTraining: withTraining, style: style)
        } catch {
            // A mistyped --data path lands here too: say first that no MNIST was found
            // (walkthrough: "/tmp: 1563 classes…" told the user to edit unrelated folders).
            // The folder's own name is said once (review: "/tmp: … labels): /tmp: 1823 classes").
            throw AppError.badDataset(folder: folder, reason: "no MNIST files here, so it was read as a dataset of class folders (one per label): "
                                      + Path.message("\(error)", without: folder))
        }
        let shown = 10
        var warnings = loaded.problems.prefix(shown).map { "passed over \($0)" }
        if loaded.problems.count > shown { warnings.append("… and \(loaded.problems.count - shown) more files passed over") }
        var data = MNISTData(folder: folder, train: loaded.train, test: loaded.test, warnings: warnings)
        data.classes = loaded.classes
        data.dataset = Path.baseName(Path.realPath(folder))
        data.title = data.dataset
        return data
    }
}

/// Which folder holds the data and what kind of dataset it is.
enum DatasetLocator {
    enum Source { case idx, images(ImageFolderDataset.Layout) }

    /// The first candidate folder (see `DataLocator.candidates`) that holds an IDX dataset with
    /// the splits needed or an image-folder dataset. A candidate with IDX files that are
    /// unusable is reported as such; nothing at all is "MNIST not found".
    static func locate(_ explicit: String?, withTraining: Bool) throws -> (folder: String, source: Source) {
        let list = DataLocator.candidates(explicit: explicit, environment: Environment.variables)
        var firstError: Error? = nil
        let needed = (withTraining ? MNISTSplit.allCases : [.test]).flatMap { [$0.imagesFile, $0.labelsFile] }
        for dir in list where Path.isFolder(dir) {
            // MNIST's own names, not all there (a download cut short): not found, as ever, so
            // the front ends offer the download.
            let present = MNIST.allFiles.filter { MNIST.path(of: $0, in: dir) != nil }
            if !present.isEmpty && !needed.allSatisfy(present.contains) { continue }
            do {
                if let pairs = try IDXFolder.pairs(in: dir, needed: withTraining ? MNISTSplit.allCases : [.test]) {
                    if pairs[.test] != nil && (!withTraining || pairs[.train] != nil) { return (dir, .idx) }
                    let missing = pairs[.test] == nil ? "test (a file name with \"test\" or \"t10k\" in it)" : "training (a file name with \"train\" in it)"
                    firstError = firstError ?? MNISTError.idxFolder(folder: dir, reason: "no \(missing) images and labels")
                    continue
                }
            } catch {
                firstError = firstError ?? error
                continue
            }
            if let layout = ImageFolderDataset.layout(of: dir) { return (dir, .images(layout)) }
        }
        if firstError == nil, let explicit, let flat = flatImages(in: explicit) { throw flat }
        throw firstError ?? MNISTError.dataNotFound(searched: list)
    }

    /// A folder asked for that holds images but neither MNIST nor class folders: most often
    /// the person's own photos, labelled by their names, for which other commands are meant
    /// (walkthrough: `eval --data my` said "MNIST not found … run digitrec download").
    static func flatImages(in folder: String) -> AppError? {
        guard Path.isFolder(folder), let scan = try? ImageFolder.scan(folder, maxDepth: 0), !scan.files.isEmpty else { return nil }
        let n = scan.files.count
        return AppError.badDataset(folder: folder, reason: "holds \(n) image\(n == 1 ? "" : "s") but no MNIST files and no class folders "
            + "(0/, 1/, …, one per label), which this reads. For images labelled by their names (7_mine.png): "
            + "`digitrec predict DIR` scores them, `digitrec compare A B --images DIR` compares two models on them "
            + "and `digitrec finetune --images DIR` teaches a model them")
    }
}
