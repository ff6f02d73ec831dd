/// Whether a folder's labelled images can be fine-tuned on, judged from what a caller has read
/// of them already (the gallery, before its panel), by the rules `UserDigits` splits by: images
/// that could not be read are passed over, files with the same bytes are one image, and images
/// the starting model learnt from are learnt again, never held back. At least two images the
/// model has not learnt are needed, so that one is learnt from and one held back to check it.
/// (Review, session 31: the gallery counted files, so two copies of one photo reached a panel
/// whose run then stopped without a model.)
public enum FineTuneReadiness: Sendable, Equatable {
    /// Goes ahead: `labelled` different images to use, `unusable` more passed over, `copies`
    /// files passed over as copies of others, `learntBefore` of the used ones learnt again,
    /// `conflicts`: copies of one image with different labels, all passed over ("3_a.png (8)").
    case ready(labelled: Int, unusable: Int, learntBefore: Int, copies: Int = 0, conflicts: [String] = [])
    /// No image has a label.
    case noLabelled
    /// Every labelled image failed to read.
    case noneReadable(labelled: Int)
    /// Fewer than two different images the model has not learnt; `learntBefore` of the readable
    /// ones it learnt already.
    case tooFew(learntBefore: Int, conflicts: [String] = [])

    /// One labelled image as the caller read it: its content id (`LearntImages.id`, nil when not
    /// read yet: counted as an image of its own) and whether reading it failed.
    public struct Image: Sendable, Equatable {
        public var contentID: String?
        public var failed: Bool
        /// Its label and name, to find copies labelled otherwise (`UserDigits` passes over them all).
        public var label: String?
        public var name: String?
        public init(contentID: String?, failed: Bool, label: String? = nil, name: String? = nil) {
            self.contentID = contentID; self.failed = failed; self.label = label; self.name = name
        }
    }

    /// `learnt`: the images the starting model learnt from (`LearntImages`).
    public static func check(_ labelled: [Image], learnt: Set<String>) -> FineTuneReadiness {
        guard !labelled.isEmpty else { return .noLabelled }
        let readable = labelled.filter { !$0.failed }
        guard !readable.isEmpty else { return .noneReadable(labelled: labelled.count) }
        // One image with two labels: neither is learnt (walkthrough, session 33).
        var labels: [String: Set<String>] = [:]
        for image in readable { if let id = image.contentID { labels[id, default: []].insert(image.label ?? "") } }
        let conflicting = readable.filter { $0.contentID.map { (labels[$0]?.count ?? 0) > 1 } ?? false }
        let usable = readable.filter { $0.contentID.map { (labels[$0]?.count ?? 0) <= 1 } ?? true }
        // One of each content (an image not read yet is one of its own).
        var seen: Set<String> = []
        let distinct = usable.filter { $0.contentID.map { seen.insert($0).inserted } ?? true }
        let learntBefore = distinct.filter { $0.contentID.map(learnt.contains) ?? false }.count
        let named = conflicting.map { "\($0.name ?? "?") (\($0.label ?? "?"))" }
        guard distinct.count - learntBefore >= 2 else { return .tooFew(learntBefore: learntBefore, conflicts: named) }
        return .ready(labelled: distinct.count, unusable: labelled.count - readable.count, learntBefore: learntBefore,
                      copies: usable.count - distinct.count,
                      conflicts: named)
    }
}
