/// Whether a folder's labelled images can be fine-tuned on, judged from what a caller has read
/// of them already (the gallery, before its panel), by the rules `UserDigits` splits by: images
/// that could not be read are passed over, files with the same bytes are one image, and images
/// the starting model learnt from are learnt again, never held back. At least two images the
/// model has not learnt are needed, so that one is learnt from and one held back to check it.
/// (Review, session 31: the gallery counted files, so two copies of one photo reached a panel
/// whose run then stopped without a model.)
public enum FineTuneReadiness: Sendable, Equatable {
    /// Goes ahead: `labelled` images to use, `unusable` more passed over, `learntBefore` of the
    /// used ones learnt again.
    case ready(labelled: Int, unusable: Int, learntBefore: Int)
    /// No image has a label.
    case noLabelled
    /// Every labelled image failed to read.
    case noneReadable(labelled: Int)
    /// Fewer than two different images the model has not learnt; `learntBefore` of the readable
    /// ones it learnt already.
    case tooFew(learntBefore: Int)

    /// One labelled image as the caller read it: its content id (`LearntImages.id`, nil when not
    /// read yet: counted as an image of its own) and whether reading it failed.
    public struct Image: Sendable, Equatable {
        public var contentID: String?
        public var failed: Bool
        public init(contentID: String?, failed: Bool) { self.contentID = contentID; self.failed = failed }
    }

    /// `learnt`: the images the starting model learnt from (`LearntImages`).
    public static func check(_ labelled: [Image], learnt: Set<String>) -> FineTuneReadiness {
        guard !labelled.isEmpty else { return .noLabelled }
        let usable = labelled.filter { !$0.failed }
        guard !usable.isEmpty else { return .noneReadable(labelled: labelled.count) }
        let learntBefore = usable.filter { $0.contentID.map(learnt.contains) ?? false }.count
        var seen: Set<String> = []
        var fresh = 0
        for image in usable where !(image.contentID.map(learnt.contains) ?? false) {
            guard let id = image.contentID else { fresh += 1; continue }
            if seen.insert(id).inserted { fresh += 1 }
        }
        guard fresh >= 2 else { return .tooFew(learntBefore: learntBefore) }
        return .ready(labelled: usable.count, unusable: labelled.count - usable.count, learntBefore: learntBefore)
    }
}
