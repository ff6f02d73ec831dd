import DigitImage
import DigitModel
import Support

/// Two models on a person's own labelled images (`compare A B --images DIR`): which images each
/// reads right, by file, and McNemar's test. It answers "did fine-tuning help on digits it did
/// not learn from?": an image either model was fine-tuned on is read but counted apart.
public struct FolderComparison: Sendable {
    /// One labelled image and what each model read (nil: no digit found, or not readable).
    public struct Image: Sendable, Equatable {
        /// Its name below the folder ("june/3.png"), as `LabelledFiles` gives it.
        public var file: String
        public var label: String
        public var readA: String?, readB: String?
        /// Either model was fine-tuned on this image (by content, `LearntImages`).
        public var learnt: Bool
        /// Why the file could not be read at all (not an image, too many digits): both miss it.
        public var error: String? = nil
        public var rightA: Bool { readA == label }
        public var rightB: Bool { readB == label }
    }

    public var folder: String
    public var modelA: String, modelB: String
    public var images: [Image]
    /// Files passed over, with the reason (no label, a label that is not a number).
    public var skipped: [String]
    /// What the reader should know first: A and B one file (review, session 31: said on the
    /// test set's comparison, not on the folder's).
    public var warnings: [String] = []

    /// The images neither model learnt from: what the counts and the test are about.
    public var counted: [Image] { images.filter { !$0.learnt } }
    public var learnt: [Image] { images.filter(\.learnt) }
    public var onlyA: [Image] { counted.filter { $0.rightA && !$0.rightB } }
    public var onlyB: [Image] { counted.filter { !$0.rightA && $0.rightB } }
    public var bothWrong: [Image] { counted.filter { !$0.rightA && !$0.rightB } }
    public var pValue: Double { ModelComparison.mcNemarExact(onlyA.count, onlyB.count) }
    /// Every image in the order a list shows them: where the models differ first (only B
    /// right, only A right), then both wrong, both right, and last those fine-tuned on — the
    /// screen lists them all, not only the differences (walkthrough, session 33: a folder the
    /// models agree on showed an empty screen and no file to open).
    public var listed: [Image] {
        let bothRight = counted.filter { $0.rightA && $0.rightB }
        // Among those learnt from too, where the two differ first (walkthrough, session 34).
        let learntDiffering = learnt.filter { $0.rightA != $0.rightB }
        return onlyB + onlyA + bothWrong + bothRight + learntDiffering + learnt.filter { $0.rightA == $0.rightB }
    }
}

extension ModelComparison {
    /// Reads every labelled image of `folder` (labels.csv or the file name, as `predict` and the
    /// gallery take them) with both models. Each image is decoded and segmented once.
    public static func run(_ a: String, _ b: String, imagesFolder folder: String) throws -> FolderComparison {
        let loadedA = try ModelFile.load(a), loadedB = try ModelFile.load(b)
        let recognizerA = Recognizer(network: loadedA.network), recognizerB = Recognizer(network: loadedB.network)
        let learnt = LearntImages(ids: LearntImages(metadata: loadedA.metadata).ids.union(LearntImages(metadata: loadedB.metadata).ids))
        let labelled = try LabelledFiles.scan(folder)
        var images: [FolderComparison.Image] = []
        var skipped = labelled.skipped
        // Files with the same bytes and label are one image: a copy would be one photo counted
        // twice in the totals and in McNemar's test (review, session 32). A copy labelled
        // otherwise stays: one of the two labels is wrong, and a list of mistakes shows it.
        var firstName: [String: String] = [:]
        for file in labelled.files {
            var image = FolderComparison.Image(file: file.name, label: file.label, readA: nil, readB: nil, learnt: false)
            do {
                let prepared = try PreparedImage(file: file.path, style: recognizerA.network.inputStyle)
                let id = LearntImages.id(of: prepared.bytes)
                if let first = firstName[id + "/" + file.label] {
                    skipped.append("\(Path.display(file.name)): the same image as \(Path.display(first)) (a copy counts once)")
                    continue
                }
                firstName[id + "/" + file.label] = file.name
                image.learnt = learnt.contains(id)
                // "No digit found" is a reading (nil); too many digits is the file's error.
                image.readA = try reading(recognizerA, prepared)
                image.readB = try reading(recognizerB, prepared)
            } catch {
                // Not an image that decodes, or too many digits: both models miss it, as
                // `predict` counts it. The list names the file already.
                image.error = ReportJSON.reason(error) ?? "\(error)"
            }
            images.append(image)
        }
        guard !images.isEmpty else {
            throw AppError.badOption("no labelled images in \(Path.display(folder)): name each file after its digits "
                                     + "(7_mine.png, 42_two.jpg) or label them in the gallery (keys 0-9)")
        }
        return FolderComparison(folder: folder, modelA: a, modelB: b, images: images, skipped: skipped,
                                warnings: sameModelWarning(a, loadedA, b, loadedB))
    }

    /// What `recognizer` reads in the image: nil when it finds no digit.
    static func reading(_ recognizer: Recognizer, _ prepared: PreparedImage) throws -> String? {
        do { return try recognizer.recognize(prepared).prediction } catch ImageError.noDigit { return nil }
    }
}
