import DigitApp
import DigitImage
import DigitModel
import Foundation
import Testing
import TestSupport

/// Image-folder datasets (`DIR/train/<class>/`, `DIR/test/<class>/`, or `DIR/<class>/` split by
/// a fixed seed): classes from the folders or classes.txt, per-file problems passed over, and
/// hostile layouts refused with what to fix.
@Suite struct ImageFolderDatasetTests {
    typealias F = DatasetFolders

    @Test func trainAndTestFoldersLoadThroughThePredictPipeline() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try F.splitDigits(dir.path, train: 3, test: 2)
        try Data("not a png".utf8).write(to: URL(fileURLWithPath: dir.file("test/4/broken.png")))
        let data = try MNISTData.load(dir.path, withTraining: true)
        #expect(data.classes == (0..<10).map(String.init))
        #expect(data.train?.count == 30)
        #expect(data.test.count == 20, "the broken file is passed over")
        #expect(data.warnings.count == 1 && data.warnings[0].contains("broken.png"), "\(data.warnings)")
        #expect(data.test.labels == (0..<10).flatMap { [UInt8($0), UInt8($0)] })
        // The same 28×28 input `predict` makes of the file.
        let file = dir.file("test/3/1.png")
        let sample = try #require(DigitExtraction.extract(try ImageDecoder.decode(file: file)).digits.first)
        let index = 3 * 2 + 1
        let bytes = Array(data.test.images[(index * 784)..<((index + 1) * 784)])
        #expect(bytes == sample.final.pixels.map { UInt8(max(0, min(255, ($0 * 255).rounded()))) })
        #expect(data.dataset == Path.baseName(Path.realPath(dir.path)))
    }

    /// One folder of class folders: every fifth image of a class (after a seeded shuffle) is a
    /// test image, the same on every load, and none is in both parts.
    @Test func singleFolderIsSplitByAFixedSeed() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        for (d, name) in [(0, "zero"), (1, "one"), (7, "seven")] {
            try F.drawDigits(d, count: 10, into: dir.file(name), seed: 5)
        }
        let a = try MNISTData.load(dir.path, withTraining: true)
        let b = try MNISTData.load(dir.path, withTraining: false)
        #expect(a.classes == ["one", "seven", "zero"], "folder names, sorted")
        #expect(a.train?.count == 24 && a.test.count == 6)
        #expect(a.test.images == b.test.images && a.test.labels == b.test.labels, "eval sees the same test part as train")
        let trainImages = Set(stride(from: 0, to: a.train?.images.count ?? 0, by: 784).map { Array((a.train?.images ?? [])[$0..<($0 + 784)]) })
        #expect(stride(from: 0, to: a.test.images.count, by: 784).allSatisfy { !trainImages.contains(Array(a.test.images[$0..<($0 + 784)])) })
        // classes.txt sets the order (and so the labels).
        try F.write("zero\none\nseven\n", to: dir.file("classes.txt"))
        let c = try MNISTData.load(dir.path, withTraining: false)
        #expect(c.classes == ["zero", "one", "seven"])
    }

    /// What to fix, named: an empty class folder, too many classes, a folder classes.txt does
    /// not list, a test class the training set lacks, labels without names.
    @Test func hostileLayoutsAreClearErrors() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try F.drawDigits(1, count: 2, into: dir.file("one"), seed: 1)
        try F.fm.createDirectory(atPath: dir.file("empty"), withIntermediateDirectories: true)
        try F.write("notes", to: dir.file("empty/readme.txt"))
        try expectError(dir.path, ["empty", "no PNG or JPEG images"])

        try F.fm.removeItem(atPath: dir.file("empty"))
        try F.write((0..<11).map { "c\($0)" }.joined(separator: "\n"), to: dir.file("classes.txt"))
        try expectError(dir.path, ["classes.txt", "11 classes", "at most 10"])

        try F.write("two\nthree\n", to: dir.file("classes.txt"))
        try expectError(dir.path, ["classes.txt", "does not list the folder \"one\""])

        try F.write("a\na\n", to: dir.file("classes.txt"))
        try expectError(dir.path, ["class names repeat"])
        try F.fm.removeItem(atPath: dir.file("classes.txt"))

        for k in 0..<11 { try F.drawDigits(k % 10, count: 1, into: dir.file("class\(k)"), seed: 2) }
        try expectError(dir.path, ["12 classes", "at most 10"])
    }

    @Test func testClassesMustBeTrainingClasses() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try F.drawDigits(1, count: 2, into: dir.file("train/one"), seed: 1)
        try F.drawDigits(7, count: 2, into: dir.file("test/seven"), seed: 1)
        try expectError(dir.path, ["one class folder (one)", "at least two"])
        try F.drawDigits(0, count: 2, into: dir.file("train/zero"), seed: 1)
        try expectError(dir.path, ["test/seven", "is not one of the classes (one, zero)"])
        try F.fm.removeItem(atPath: dir.file("test"))
        try expectError(dir.path, ["no test/ folder"])
    }

    /// MNIST's own files, some missing (a download cut short, a `.part` beside): "not found",
    /// as before other datasets existed, so the front ends offer the download.
    @Test func incompleteMNISTIsNotFound() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        for (name, magic) in [("train-images-idx3-ubyte", UInt8(3)), ("t10k-images-idx3-ubyte", 3), ("t10k-labels-idx1-ubyte", 1)] {
            try Data([0, 0, 8, magic]).write(to: URL(fileURLWithPath: dir.file(name)))
        }
        try Data([0x1F, 0x8B]).write(to: URL(fileURLWithPath: dir.file("train-labels-idx1-ubyte.gz.part")))
        try expectError(dir.path, ["MNIST not found"])
        #expect(try MNISTData.locate(dir.path, withTraining: false) == dir.path, "the test files are there for eval")
    }

    func expectError(_ folder: String, _ words: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        do {
            let data = try MNISTData.load(folder, withTraining: true)
            Issue.record("loaded \(data.train?.count ?? 0) + \(data.test.count) images", sourceLocation: sourceLocation)
        } catch {
            let text = "\(error)"
            for w in words { #expect(text.contains(w), "\(w) in: \(text)", sourceLocation: sourceLocation) }
        }
    }

    // Red team, session 12: `compare` says when a model's classes are not the data's (as
    // `eval` does) instead of scoring a letters model against digit labels silently.
    @Test func compareWarnsAboutAModelOfOtherClasses() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try F.splitDigits(dir.path + "/data", train: 1, test: 1)
        let digits = try Network(layers: Preset.mlp.layers, seed: 1, threads: 1)
        let letters = try Network(layers: Preset.mlp.layers, seed: 2, threads: 1)
        letters.classNames = (0..<10).map { String(UnicodeScalar(UInt8(97 + $0))) }
        try ModelFile.save(digits, metadata: [:], to: dir.file("digits.safetensors"))
        try ModelFile.save(letters, metadata: [:], to: dir.file("letters.safetensors"))
        let report = try ModelComparison.run(dir.file("digits.safetensors"), dir.file("letters.safetensors"), dataFolder: dir.path + "/data")
        #expect(report.warnings.count == 1, "\(report.warnings)")
        #expect(report.warnings.first?.contains("letters's 10 classes (a, b, c, d, …) are not the data's 10 classes (0, 1, 2, 3, …)") == true, "\(report.warnings)")
        let same = try ModelComparison.run(dir.file("digits.safetensors"), dir.file("digits.safetensors"), dataFolder: dir.path + "/data")
        // No class warning; only that A and B are one file.
        #expect(same.warnings.count == 1 && same.warnings[0].hasSuffix("are the same model file: A and B read every image alike"), "\(same.warnings)")
        // A copy holds the same model under another name (walkthrough, session 32).
        try FileManager.default.copyItem(atPath: dir.file("digits.safetensors"), toPath: dir.file("copy.safetensors"))
        let copy = try ModelComparison.run(dir.file("digits.safetensors"), dir.file("copy.safetensors"), dataFolder: dir.path + "/data")
        #expect(copy.warnings == ["\(dir.file("digits.safetensors")) and \(dir.file("copy.safetensors")) are copies of one model (the same checksum): A and B read every image alike"],
                "\(copy.warnings)")
        try F.drawDigits(3, count: 1, into: dir.path + "/mine", seed: 5)
        try FileManager.default.moveItem(atPath: dir.path + "/mine/0.png", toPath: dir.path + "/mine/3_a.png")
        let folder = try ModelComparison.run(dir.file("digits.safetensors"), dir.file("copy.safetensors"), imagesFolder: dir.path + "/mine")
        #expect(folder.warnings == copy.warnings, "\(folder.warnings)")
    }

    // Red team, session 12: asking to hold out more than half of a small dataset is said in a
    // warning (the session holds out half), not done quietly.
    @Test func validationBeyondHalfTheDataIsWarned() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try F.splitDigits(dir.path, train: 1, test: 1)
        var request = TrainingRequest(preset: .mlp)
        request.epochs = 1; request.validation = 30000; request.threads = 1; request.dataFolder = dir.path
        final class Seen: @unchecked Sendable { var warnings: [String] = [] }
        let seen = Seen()
        _ = try TrainingRun.run(request, cancel: CancelFlag()) { event in
            if case let .dataLoaded(_, _, _, warnings, _) = event { seen.warnings = warnings }
        }
        #expect(seen.warnings.contains { $0.contains("30000 validation images asked for") && $0.contains("5 are held out") }, "\(seen.warnings)")
        // The default, not asked for, is not warned about.
        request.validation = TrainingRequest().validation
        _ = try TrainingRun.run(request, cancel: CancelFlag()) { event in
            if case let .dataLoaded(_, _, _, warnings, _) = event { seen.warnings = warnings }
        }
        #expect(!seen.warnings.contains { $0.contains("validation images asked for") }, "\(seen.warnings)")
    }
}

/// What a model of named classes says about a picture.
@Suite struct NamedRecognitionTests {
    @Test func recognitionSpeaksTheModelsNames() throws {
        let net = try Network(layers: Preset.mlp.layers, seed: 1, threads: 1)
        net.classNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
        let r = Recognizer(network: net).recognize(image: StrokeDigits.render(7, style: .boxy, seed: 1), name: "x.png")
        #expect(r.classNames == net.classNames)
        #expect(r.prediction == r.digits.map { net.classNames[$0.label] }.joined(separator: " "))
        #expect(ReportJSON.prediction(r).contains("\"name\":\"\(r.className(r.digits[0].label))\""))
        #expect(ClassNaming.text([5, 2], names: (0..<10).map(String.init)) == "52")
    }

    /// Walkthrough: an 8000×6000 photo, decoded at half size, was shown as 4000×3000. The file's
    /// size is shown, and the size it was read at beside it.
    @Test func aPictureDecodedSmallerShowsTheFilesSize() throws {
        let net = try Network(layers: Preset.mlp.layers, seed: 1, threads: 1)
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("7.png")
        try PNGEncoder.write(StrokeDigits.render(7, style: .boxy, seed: 1), to: path)
        var r = try Recognizer(network: net).recognize(file: path)
        let declared = try #require(r.declaredSize)
        #expect(declared.width == r.original.width && declared.height == r.original.height && r.shrunkText == nil)
        r.declaredSize = (r.original.width * 2, r.original.height * 2)
        #expect(r.sizeText == "\(r.original.width * 2)×\(r.original.height * 2)")
        #expect(r.shrunkText == "shrunk to \(r.original.width)×\(r.original.height)")
        let first = ArtReport.text(r, style: .halfBlocks, color: false, width: 120).split(separator: "\n").first ?? ""
        #expect(first.contains("\(r.sizeText) (\(r.shrunkText ?? "")) — read"), "\(first)")
        // JSON boxes are in the file's pixels (walkthrough, session 29: they were the decoded size's).
        let box = try #require(r.digits.first).sample.box
        let json = ReportJSON.prediction(r)
        #expect(json.contains("\"box\":[\(box.x * 2),\(box.y * 2),\(box.width * 2),\(box.height * 2)]"), "\(json) \(box)")
    }

    // Red team, session 12: `predict --art` fits a terminal down to 30 columns (it was 40 wide).
    @Test(arguments: [30, 35, 40, 80]) func artFitsTheWidth(width: Int) throws {
        let net = try Network(layers: Preset.mlp.layers, seed: 1, threads: 1)
        let r = Recognizer(network: net).recognize(image: StrokeDigits.render(7, style: .boxy, seed: 1), name: "a-rather-long-file-name.png")
        for style in [ArtStyle.ascii, .halfBlocks] {
            let lines = ArtReport.text(r, style: style, color: false, width: width).split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count > 14)
            #expect(lines.allSatisfy { $0.count <= width }, "\(width): \(lines.filter { $0.count > width })")
            // The reading and its verdict whole, not cut to "a-rather-long-file-name.png: 9…" (walkthrough).
            let verdict = ArtReport.text(r, style: style, color: false, width: width, expected: "7").split(separator: "\n").prefix(2)
            #expect(verdict.contains { $0.contains("read \"\(r.prediction)\"") && $0.contains(r.prediction == "7" ? (style == .ascii ? "as expected" : "✓") : "expected 7") },
                    "\(width): \(verdict)")
        }
    }
}
