import DigitImage
import DigitModel
import Support

/// A dataset of pictures in class folders, the layout torchvision's ImageFolder reads:
/// `DIR/train/<class>/*.png|jpg` with `DIR/test/<class>/*` (or `DIR/val/…`), or `DIR/<class>/*`
/// alone, split by a fixed seed: per class, after a shuffle seeded with 1, every fifth image
/// (20 %) is the test set and the rest the training set — the same split on every run, so
/// `eval` measures a model on images `train` never saw. Classes are the folder names sorted
/// (as torchvision sorts them), or the order of `DIR/classes.txt`. Every image goes through
/// `predict`'s pipeline (decode, clean, find the digit, fit and centre it in 28×28), or with
/// `train --input whole` the whole picture is scaled (pictures that are not digits); a file that
/// cannot be used is reported and passed over.
struct ImageFolderDataset {
    enum Layout: Equatable {
        case split(train: String, test: String)
        case single(String)
    }

    struct Loaded {
        var train: LabelledImages?
        var test: LabelledImages
        var classes: [String]
        /// One line per file passed over ("a.png: no digit found").
        var problems: [String]
    }

    static let testFolderNames = ["test", "val"]
    /// Images read at most (a bit above MNIST's 70,000; 157 MB as 28×28 bytes at the limit).
    static let maxImages = 200_000
    /// Every fifth image of a class is a test image in the single-folder layout.
    static let testEvery = 5

    /// The layout of `folder`, nil when it is no image-folder dataset: neither `train/` nor
    /// `test/` inside, and no subfolder that holds an image.
    static func layout(of folder: String) -> Layout? {
        let train = Path.join(folder, "train")
        let test = testFolderNames.map { Path.join(folder, $0) }.first(where: Path.isFolder)
        if Path.isFolder(train) || test != nil { return .split(train: train, test: test ?? Path.join(folder, "test")) }
        for (_, sub) in (try? classFolders(folder)) ?? [] {
            if let scan = try? ImageFolder.scan(sub, maxDepth: 0), !scan.files.isEmpty { return .single(folder) }
        }
        return nil
    }

    static func load(_ folder: String, layout: Layout, withTraining: Bool, style: InputStyle = .digits) throws -> Loaded {
        let (trainList, testList, classes) = try fileLists(folder, layout: layout, withTraining: withTraining)
        let total = testList.count + (withTraining ? trainList.count : 0)
        guard total <= maxImages else {
            throw AppError.badDataset(folder: folder, reason: "\(Format.grouped(total)) images; at most \(Format.grouped(maxImages)) are read")
        }
        var problems: [String] = []
        let train = withTraining ? read(trainList, style: style, problems: &problems) : nil
        let test = read(testList, style: style, problems: &problems)
        if let train {
            let counts = train.labels.reduce(into: [Int](repeating: 0, count: classes.count)) { $0[Int($1)] += 1 }
            if let empty = counts.firstIndex(of: 0) {
                throw AppError.badDataset(folder: folder, reason: "no usable training image of class \"\(classes[empty])\""
                                          + (problems.first.map { " (first problem: \($0))" } ?? ""))
            }
        }
        guard test.count > 0 else {
            let hint = layout == .single(folder) ? " (a class needs \(testEvery) images for one to be a test image)" : ""
            throw AppError.badDataset(folder: folder, reason: "no usable test image\(hint)" + (problems.first.map { "; first problem: \($0)" } ?? ""))
        }
        return Loaded(train: train, test: test, classes: classes, problems: problems)
    }

    /// The (file, label) lists of both splits and the class names, before any image is read.
    static func fileLists(_ folder: String, layout: Layout, withTraining: Bool) throws
        -> (train: [(String, UInt8)], test: [(String, UInt8)], classes: [String]) {
        switch layout {
        case let .split(trainRoot, testRoot):
            guard Path.isFolder(testRoot) else {
                throw AppError.badDataset(folder: folder, reason: "has train/ but no test/ folder (test/<class>/ images are what eval measures)")
            }
            let hasTrain = Path.isFolder(trainRoot)
            if withTraining && !hasTrain { throw AppError.badDataset(folder: folder, reason: "has test/ but no train/ folder") }
            let classes = try classNames(folder, folders: try classFolders(hasTrain ? trainRoot : testRoot))
            let train = withTraining ? try files(trainRoot, classes: classes, requireEvery: true) : []
            return (train, try files(testRoot, classes: classes, requireEvery: false), classes)
        case let .single(root):
            let classes = try classNames(folder, folders: try classFolders(root))
            var train: [(String, UInt8)] = [], test: [(String, UInt8)] = []
            var rng = SplitMix64(seed: 1, 21)
            for (label, name) in classes.enumerated() {
                guard Path.isFolder(Path.join(root, name)) else {
                    throw AppError.badDataset(folder: root, reason: "no folder for the class \"\(name)\"")
                }
                let list = try imageFiles(Path.join(root, name)).shuffled(using: &rng)
                for (i, file) in list.enumerated() {
                    if i % testEvery == testEvery - 1 { test.append((file, UInt8(label))) } else { train.append((file, UInt8(label))) }
                }
            }
            return (train, test, classes)
        }
    }

    /// Non-hidden subfolders of `root`, sorted by name.
    static func classFolders(_ root: String) throws -> [(name: String, path: String)] {
        let names: [String]
        do { names = try Path.names(in: root) } catch { throw AppError.file(error) }
        return names.sorted().filter { !$0.hasPrefix(".") }.map { ($0, Path.join(root, $0)) }.filter { Path.isFolder($0.1) }
    }

    /// The folder names, in `classes.txt`'s order when it exists (then every folder must be in it).
    static func classNames(_ folder: String, folders: [(name: String, path: String)]) throws -> [String] {
        let found = folders.map(\.name)
        guard !found.isEmpty else { throw AppError.badDataset(folder: folder, reason: "no class folders (<class>/ images)") }
        guard let listed = try ClassList.read(folder: folder) else {
            guard found.count >= 2 else {
                throw AppError.badDataset(folder: folder, reason: "one class folder (\(found[0])): telling classes apart needs at least two")
            }
            if let reason = ModelClasses.problem(with: found) { throw AppError.badDataset(folder: folder, reason: reason) }
            return found
        }
        if let stray = found.first(where: { !listed.contains($0) }) {
            throw AppError.badDataset(folder: Path.join(folder, ClassList.fileName), reason: "does not list the folder \"\(stray)\"")
        }
        return listed
    }

    /// Every image of every class folder under `root`, labelled by the class's index; a folder
    /// that is not a class is an error, and so (for training) is a listed class without a folder.
    static func files(_ root: String, classes: [String], requireEvery: Bool) throws -> [(String, UInt8)] {
        var result: [(String, UInt8)] = []
        for (name, path) in try classFolders(root) {
            guard let label = classes.firstIndex(of: name) else {
                throw AppError.badDataset(folder: path, reason: "is not one of the classes (\(classes.joined(separator: ", ")))")
            }
            result += try imageFiles(path).map { ($0, UInt8(label)) }
        }
        if requireEvery, let missing = classes.first(where: { !Path.isFolder(Path.join(root, $0)) }) {
            throw AppError.badDataset(folder: root, reason: "no folder for the class \"\(missing)\"")
        }
        return result
    }

    static func imageFiles(_ classFolder: String) throws -> [String] {
        let scan = try ImageFolder.scan(classFolder, maxDepth: 0)
        guard !scan.files.isEmpty else {
            throw AppError.badDataset(folder: classFolder, reason: "no PNG or JPEG images in this class folder (add some, or remove the folder)")
        }
        return scan.files
    }

    /// Each file through predict's pipeline for `style`; one digit (or picture) per image, else
    /// the file is passed over. Of predict's readings (the image as it is, inside a margin of
    /// paper) the first that finds one digit is used: a class image holds one, as a label's
    /// count of digits chooses for fine-tuning (`UserDigits`); with no model yet, the count is
    /// all there is to choose by.
    static func read(_ list: [(String, UInt8)], style: InputStyle, problems: inout [String]) -> LabelledImages {
        var images: [UInt8] = [], labels: [UInt8] = []
        images.reserveCapacity(list.count * LabelledImages.pixels)
        for (file, label) in list {
            do {
                let image = try ImageDecoder.decode(try ImageDecoder.readFile(file), name: file)
                // The margin's reading is made only when the plain one does not give one digit
                // (review: making both for every picture doubled a folder's reading time).
                let readings = PreparedImage.candidates(image, style: style, enough: { $0.digits.count == 1 })
                guard let digits = readings.first(where: { $0.digits.count == 1 })?.digits else {
                    let counts = readings.map(\.digits.count)
                    problems.append("\(Path.display(file)): " + (counts.allSatisfy { $0 == 0 } ? "no digit found"
                        : "\(counts.first { $0 > 1 } ?? 2) digits found; a class image holds one"))
                    continue
                }
                images += digits[0].final.pixels.map { UInt8(max(0, min(255, ($0 * 255).rounded()))) }
                labels.append(label)
            } catch {
                problems.append("\(error)")
            }
        }
        return LabelledImages(images: images, labels: labels) ?? .empty
    }
}
