/// The engine's training and test data: `count` images of 28×28 = 784 bytes each (ink bright
/// on black, as MNIST stores them) and one class index per image. Datasets of any source
/// (IDX files, image folders, a user's own digits) are turned into this by the application layer.
public struct LabelledImages: Sendable {
    public static let pixels = 784
    public var images: [UInt8]
    public var labels: [UInt8]
    public var count: Int { labels.count }

    /// Nil when the sizes disagree (the caller's data is inconsistent).
    public init?(images: [UInt8], labels: [UInt8]) {
        guard images.count == labels.count * LabelledImages.pixels else { return nil }
        self.init(checked: images, labels)
    }

    /// No images.
    public static var empty: LabelledImages { LabelledImages(checked: [], []) }

    private init(checked images: [UInt8], _ labels: [UInt8]) {
        self.images = images
        self.labels = labels
    }

    /// A subset by indices (the validation split); indices must be in range.
    public func subset(_ indices: some Sequence<Int>) -> LabelledImages {
        var imgs: [UInt8] = []
        var labs: [UInt8] = []
        for i in indices where i >= 0 && i < count {
            imgs.append(contentsOf: images[(i * LabelledImages.pixels)..<((i + 1) * LabelledImages.pixels)])
            labs.append(labels[i])
        }
        return LabelledImages(checked: imgs, labs)
    }
}
