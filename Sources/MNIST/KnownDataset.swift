/// Datasets published in MNIST's IDX layout that digitrec recognises by content: their class
/// names, how their images were made, and the SHA-256 of each decompressed file, so a damaged
/// or altered copy is reported. An unknown dataset is never refused for being unknown.
public struct KnownDataset: Sendable, Equatable {
    /// "MNIST", "Fashion-MNIST".
    public var name: String
    /// Stored in a model's metadata as its `dataset`.
    public var id: String
    public var classes: [String]
    /// True when the images are whole pictures scaled to 28×28 (Fashion-MNIST), false for
    /// digits fitted into 20×20 and centred by mass (MNIST).
    public var wholeImages: Bool
    /// Decompressed SHA-256 per role: train images, train labels, test images, test labels.
    public var sha256: [Role: String]

    public enum Role: Sendable, Hashable, CaseIterable {
        case trainImages, trainLabels, testImages, testLabels
        public init(split: MNISTSplit, images: Bool) {
            switch (split, images) {
            case (.train, true): self = .trainImages
            case (.train, false): self = .trainLabels
            case (.test, true): self = .testImages
            case (.test, false): self = .testLabels
            }
        }
    }

    public static let mnist = KnownDataset(
        name: "MNIST", id: "mnist", classes: (0..<10).map(String.init), wholeImages: false,
        sha256: [.trainImages: MNIST.officialSHA256["train-images-idx3-ubyte"] ?? "",
                 .trainLabels: MNIST.officialSHA256["train-labels-idx1-ubyte"] ?? "",
                 .testImages: MNIST.officialSHA256["t10k-images-idx3-ubyte"] ?? "",
                 .testLabels: MNIST.officialSHA256["t10k-labels-idx1-ubyte"] ?? ""])

    /// Zalando's Fashion-MNIST (as Debian's dataset-fashion-mnist ships it; the content is the
    /// published one, the gzip wrappers differ, hence checksums of the decompressed files).
    public static let fashionMNIST = KnownDataset(
        name: "Fashion-MNIST", id: "fashion-mnist",
        classes: ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
        wholeImages: true,
        sha256: [.trainImages: "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
                 .trainLabels: "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
                 .testImages: "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
                 .testLabels: "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"])

    public static let all = [mnist, fashionMNIST]

    /// The known dataset any of these files belongs to (by content), if one.
    public static func recognise(_ hashes: [Role: String]) -> KnownDataset? {
        all.first { known in hashes.contains { role, sha in known.sha256[role] == sha } }
    }
}
