import Support

/// An images file and its labels file, for one split.
public struct IDXPair: Sendable, Equatable {
    public var split: MNISTSplit
    public var images: String
    public var labels: String
}

/// Finds an IDX dataset in a folder whatever its files are called (EMNIST's
/// `emnist-digits-train-images-idx3-ubyte`, Fashion-MNIST's `train-images-idx3-ubyte.gz`, …):
/// the kind of each file comes from its magic number (images 0x803, labels 0x801), the split
/// from its name ("train"; "test" or "t10k"), and an images file pairs with the labels file
/// whose name is the same once "images"/"labels" and "idx3"/"idx1" are taken out.
public enum IDXFolder {
    /// Files examined at most: a folder of a million files is not an IDX dataset.
    static let maxFiles = 2_000

    /// The pairs of `folder` by split; nil when it holds no IDX-named file at all (it may be
    /// something else, such as an image-folder dataset). Files named like IDX but unusable or
    /// unpaired are an error naming them.
    /// Only the `needed` splits' problems are errors (evaluation needs no training files).
    public static func pairs(in folder: String, needed: [MNISTSplit] = MNISTSplit.allCases) throws -> [MNISTSplit: IDXPair]? {
        let names: [String]
        do { names = try Path.names(in: folder) } catch { throw MNISTError.cannotOpen(file: folder, reason: error.reason) }
        let candidates = names.filter(isIDXName).sorted().prefix(maxFiles)
        guard !candidates.isEmpty else { return nil }
        var files: [(split: MNISTSplit, kind: IDXKind, stem: String, path: String)] = []
        var problems: [(split: MNISTSplit?, text: String)] = []
        for name in candidates {
            let path = Path.join(folder, name)
            if Path.isFolder(path) { continue }
            guard let split = split(of: name) else {
                problems.append((nil, "\(name): the name says neither train nor test (t10k)"))
                continue
            }
            do { files.append((split, try peekKind(path), stem(name), path)) } catch { problems.append((split, "\(error)")) }
        }
        var result: [MNISTSplit: IDXPair] = [:]
        for split in MNISTSplit.allCases {
            let mine = files.filter { $0.split == split }
            let images = mine.filter { $0.kind == .images }, labels = mine.filter { $0.kind == .labels }
            // One of each: a pair whatever the names. Otherwise pair by stem (gzip preferred).
            if images.count == 1 && labels.count == 1 {
                result[split] = IDXPair(split: split, images: images[0].path, labels: labels[0].path)
                continue
            }
            var found: [IDXPair] = []
            for stem in Set(images.map(\.stem)).sorted() {
                let i = images.filter { $0.stem == stem }.map(\.path), l = labels.filter { $0.stem == stem }.map(\.path)
                guard let ip = preferGzip(i), let lp = preferGzip(l) else { continue }
                found.append(IDXPair(split: split, images: ip, labels: lp))
            }
            for file in mine where !mine.contains(where: { $0.kind != file.kind && $0.stem == file.stem }) {
                problems.append((split, "\(Path.baseName(file.path)): no matching \(file.kind == .images ? "labels" : "images") file"))
            }
            if found.count > 1 {
                throw MNISTError.idxFolder(folder: folder, reason: "several \(split.rawValue) sets (\(found.map { Path.baseName($0.images) }.joined(separator: ", "))); put one dataset per folder")
            }
            result[split] = found.first
        }
        let blocking = problems.filter { $0.split.map(needed.contains) ?? true }.map(\.text)
        if result.isEmpty || !blocking.isEmpty {
            let all = blocking.isEmpty ? problems.map(\.text) : blocking
            throw MNISTError.idxFolder(folder: folder, reason: all.isEmpty ? "no IDX images and labels pair" : all.prefix(4).joined(separator: "; "))
        }
        return result
    }

    /// Names IDX files go by: ending (before an optional `.gz`) in `ubyte`, `.idx` or `idxN`.
    /// A download's `.part` file, notes and checksum lists are not data.
    static func isIDXName(_ name: String) -> Bool {
        var n = name.lowercased()
        guard !n.hasPrefix(".") else { return false }
        if n.hasSuffix(".gz") { n.removeLast(3) }
        return n.hasSuffix("ubyte") || n.hasSuffix(".idx") || (n.dropLast().hasSuffix("idx") && n.last?.isNumber == true)
    }

    /// The gzip file of a raw/gzip couple (they hold the same content), else the only one.
    static func preferGzip(_ paths: [String]) -> String? {
        paths.first { $0.hasSuffix(".gz") } ?? paths.first
    }

    /// "train" → train; "test" or "t10k" → test; both or neither → nil.
    static func split(of name: String) -> MNISTSplit? {
        let n = name.lowercased()
        let train = n.contains("train"), test = n.contains("test") || n.contains("t10k")
        return train == test ? nil : (train ? .train : .test)
    }

    /// The name with what tells images from labels taken out.
    static func stem(_ name: String) -> String {
        var n = name.lowercased()
        if n.hasSuffix(".gz") { n.removeLast(3) }
        for word in ["images", "labels", "idx3", "idx1"] { n = n.split(separator: word, omittingEmptySubsequences: false).joined() }
        return n
    }

    /// Images or labels, from the first four bytes of the (decompressed) content.
    static func peekKind(_ path: String) throws -> IDXKind {
        let stream = try ContentStream(path: path, file: path)
        var head = [UInt8](repeating: 0, count: 4)
        let got = try stream.readFully(into: &head)
        guard got == 4 else { throw MNISTError.headerTruncated(file: path, bytes: got, needed: 8) }
        let magic = IDXReader.bigEndian(head, at: 0)
        if magic == IDXKind.images.magic { return .images }
        if magic == IDXKind.labels.magic { return .labels }
        try IDXReader.checkMagic(magic, kind: magic & 0xFF == 1 ? .labels : .images, file: path)
        return .images
    }
}
