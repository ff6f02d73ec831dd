import Support

/// An IDX dataset read from a folder (see `IDXFolder` for how its files are found), with the
/// known dataset its content belongs to, if any, and what differs from that dataset's files.
public struct IDXDataset: Sendable {
    public var train: MNISTDataset?
    public var test: MNISTDataset
    /// MNIST or Fashion-MNIST when any file's content is theirs.
    public var known: KnownDataset?
    /// "…: differs from the official Fashion-MNIST file (SHA-256 mismatch)".
    public var warnings: [String]
    /// The largest label present (class names must cover it).
    public var maxLabel: Int

    /// Loads the test pair, and the train pair when `withTraining`. EMNIST's files (named
    /// `emnist-…`) store each image transposed; they are turned upright so that a model
    /// trained on them reads the user's pictures.
    public static func load(folder: String, withTraining: Bool) throws -> IDXDataset {
        let splits: [MNISTSplit] = withTraining ? [.train, .test] : [.test]
        guard let pairs = try IDXFolder.pairs(in: folder, needed: splits) else {
            throw MNISTError.idxFolder(folder: folder, reason: "no IDX files (names ending in ubyte, .idx, idx3 or idx1, with .gz or without)")
        }
        var loaded: [MNISTSplit: MNISTDataset] = [:]
        var hashes: [KnownDataset.Role: String] = [:], paths: [KnownDataset.Role: String] = [:]
        for split in splits {
            guard let pair = pairs[split] else {
                throw MNISTError.idxFolder(folder: folder, reason: "no \(split == .train ? "training" : "test") images and labels (a file name with \"\(split == .train ? "train" : "test")\" in it)")
            }
            let images = try IDXReader.read(path: pair.images, kind: .images)
            let labels = try IDXReader.read(path: pair.labels, kind: .labels)
            var (data, _) = try MNIST.assemble(images: images, imagesPath: pair.images, labels: labels, labelsPath: pair.labels, official: nil)
            if Path.baseName(pair.images).lowercased().hasPrefix("emnist") { data.images = transposed(data.images) }
            loaded[split] = data
            for (isImages, file, path) in [(true, images, pair.images), (false, labels, pair.labels)] {
                let role = KnownDataset.Role(split: split, images: isImages)
                hashes[role] = file.sha256
                paths[role] = path
            }
        }
        guard let test = loaded[.test] else { throw MNISTError.idxFolder(folder: folder, reason: "no test set") }
        let known = KnownDataset.recognise(hashes)
        // Files under MNIST's own names claim to be MNIST: say when they are not.
        let claimed = known ?? (paths.values.allSatisfy { MNIST.allFiles.contains(baseName(of: $0)) } ? KnownDataset.mnist : nil)
        var warnings: [String] = []
        if let claimed {
            for role in KnownDataset.Role.allCases {
                guard let sha = hashes[role], let path = paths[role], sha != claimed.sha256[role] else { continue }
                warnings.append("\(Path.display(path)) differs from the official \(claimed.name) file (SHA-256 mismatch)")
            }
        }
        let maxLabel = loaded.values.flatMap { $0.labels.max().map { [Int($0)] } ?? [] }.max() ?? 0
        return IDXDataset(train: loaded[.train], test: test, known: known, warnings: warnings, maxLabel: maxLabel)
    }

    /// "train-images-idx3-ubyte.gz" → "train-images-idx3-ubyte".
    static func baseName(of path: String) -> String {
        let name = Path.baseName(path)
        return name.hasSuffix(".gz") ? String(name.dropLast(3)) : name
    }

    /// Every 28×28 image mirrored along its diagonal.
    static func transposed(_ images: [UInt8]) -> [UInt8] {
        var out = images
        let px = MNISTDataset.pixels
        for start in stride(from: 0, to: images.count - px + 1, by: px) {
            for y in 0..<28 { for x in 0..<28 { out[start + x * 28 + y] = images[start + y * 28 + x] } }
        }
        return out
    }
}
