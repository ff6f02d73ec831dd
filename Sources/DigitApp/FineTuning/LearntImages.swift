import Support

/// The images a fine-tuned model learnt from, known by their content: a score over a folder
/// counts them apart, since a model reading right what it was trained on says little about
/// new digits. Content, not names: a renamed or copied image is still one it has seen, and a
/// file replaced under the same name is new to it.
public struct LearntImages: Sendable, Equatable {
    /// The model file's metadata key: the images' ids, sorted, comma-separated.
    public static let metadataKey = "finetune_learnt"
    public var ids: Set<String>

    public init(ids: Set<String> = []) { self.ids = ids }

    /// The set a model file's metadata records (empty for a model never fine-tuned).
    public init(metadata: [String: String]) {
        let text = metadata[LearntImages.metadataKey] ?? ""
        ids = Set(text.split(separator: ",").map(String.init).filter(LearntImages.isID))
    }

    /// An image file's id: the first 64 bits of its bytes' SHA-256, in hex (16 characters;
    /// 5,000 images, the most one fine-tuning reads, collide with odds of about 1e-12).
    public static func id<C: Collection>(of bytes: C) -> String where C.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(bytes)
        return String(hasher.finalizeHex().prefix(16))
    }

    static func isID(_ s: String) -> Bool { s.utf8.count == 16 && s.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) } }

    public var isEmpty: Bool { ids.isEmpty }

    /// Whether the image with this id (nil: not known) was learnt from.
    public func contains(_ id: String?) -> Bool { id.map(ids.contains) ?? false }

    /// The metadata value: sorted, so the same set writes the same header.
    public var metadataValue: String { ids.sorted().joined(separator: ",") }
}
