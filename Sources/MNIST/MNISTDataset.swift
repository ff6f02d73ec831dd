import Support

/// One split of MNIST, images kept as bytes: `count` images of 28×28 = 784 bytes each.
public struct MNISTDataset: Sendable {
    public static let pixels = 784
    public var images: [UInt8]
    public var labels: [UInt8]
    public var count: Int { labels.count }

    public init(images: [UInt8], labels: [UInt8]) {
        precondition(images.count == labels.count * MNISTDataset.pixels, "images and labels disagree")
        self.images = images
        self.labels = labels
    }

    /// A subset by indices (used for the validation split).
    public func subset(_ indices: some Sequence<Int>) -> MNISTDataset {
        var imgs: [UInt8] = []
        var labs: [UInt8] = []
        for i in indices {
            imgs.append(contentsOf: images[(i * MNISTDataset.pixels)..<((i + 1) * MNISTDataset.pixels)])
            labs.append(labels[i])
        }
        return MNISTDataset(images: imgs, labels: labs)
    }
}

public enum MNISTSplit: String, Sendable, CaseIterable {
    case train, test
    public var imagesFile: String { self == .train ? "train-images-idx3-ubyte" : "t10k-images-idx3-ubyte" }
    public var labelsFile: String { self == .train ? "train-labels-idx1-ubyte" : "t10k-labels-idx1-ubyte" }
}

/// What `MNIST.load` found besides the data: files whose content is not the official one.
public struct MNISTLoadReport: Sendable {
    public var unofficialFiles: [String] = []
}

public enum MNIST {
    /// SHA-256 of the decompressed official files (they match the published MD5s).
    public static let officialSHA256: [String: String] = [
        "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    ]

    public static let allFiles = MNISTSplit.allCases.flatMap { [$0.imagesFile, $0.labelsFile] }

    /// The path of `base` in `folder`, preferring the `.gz` file, else the raw one. Something
    /// that is not a regular file (a FIFO, a folder) is still returned when nothing better is
    /// there, so that reading it says what it is instead of "MNIST not found".
    public static func path(of base: String, in folder: String) -> String? {
        let candidates = ["\(folder)/\(base).gz", "\(folder)/\(base)"]
        return candidates.first(where: FileBytes.isRegularFile) ?? candidates.first(where: Path.exists)
    }

    /// Loads one split and checks it against the official checksums.
    public static func load(_ split: MNISTSplit, from folder: String) throws -> (MNISTDataset, MNISTLoadReport) {
        guard let imagesPath = path(of: split.imagesFile, in: folder) else {
            throw MNISTError.cannotOpen(file: "\(folder)/\(split.imagesFile).gz", reason: "no such file")
        }
        guard let labelsPath = path(of: split.labelsFile, in: folder) else {
            throw MNISTError.cannotOpen(file: "\(folder)/\(split.labelsFile).gz", reason: "no such file")
        }
        let images = try IDXReader.read(path: imagesPath, kind: .images)
        let labels = try IDXReader.read(path: labelsPath, kind: .labels)
        return try assemble(images: images, imagesPath: imagesPath, labels: labels, labelsPath: labelsPath,
                            official: (split.imagesFile, split.labelsFile))
    }

    /// Pairs an images file with a labels file (any names; used by tests and tools too).
    public static func load(imagesPath: String, labelsPath: String) throws -> MNISTDataset {
        let images = try IDXReader.read(path: imagesPath, kind: .images)
        let labels = try IDXReader.read(path: labelsPath, kind: .labels)
        return try assemble(images: images, imagesPath: imagesPath, labels: labels, labelsPath: labelsPath, official: nil).0
    }

    static func assemble(images: IDXFile, imagesPath: String, labels: IDXFile, labelsPath: String,
                         official: (String, String)?) throws -> (MNISTDataset, MNISTLoadReport) {
        let n = images.dimensions[0]
        guard n == labels.dimensions[0] else {
            throw MNISTError.countMismatch(images: imagesPath, imageCount: n, labels: labelsPath, labelCount: labels.dimensions[0])
        }
        guard n > 0 else { throw MNISTError.noData(file: imagesPath) }
        var report = MNISTLoadReport()
        if let (imgName, labName) = official {
            if images.sha256 != officialSHA256[imgName] { report.unofficialFiles.append(imagesPath) }
            if labels.sha256 != officialSHA256[labName] { report.unofficialFiles.append(labelsPath) }
        }
        return (MNISTDataset(images: images.bytes, labels: labels.bytes), report)
    }
}
