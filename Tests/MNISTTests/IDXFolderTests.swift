import Foundation
import Testing
import Support
import TestSupport
@testable import MNIST

/// IDX datasets under other names and sizes (EMNIST, Kannada-MNIST, Fashion-MNIST are
/// published in MNIST's layout): found by content and name, paired, and checked against a
/// known dataset only when their content is one.
@Suite struct IDXFolderTests {
    /// A dataset in `dir` under EMNIST's names: `train` and `test` images with their labels.
    static func emnistLike(_ dir: TempDir, train: Int = 6, test: Int = 4, gzip: Bool = false) throws {
        let files: [(String, [UInt8])] = [
            ("emnist-digits-train-images-idx3-ubyte", IDXFixture.images(count: train, seed: 3)),
            ("emnist-digits-train-labels-idx1-ubyte", IDXFixture.labels((0..<train).map { UInt8($0 % 10) })),
            ("emnist-digits-test-images-idx3-ubyte", IDXFixture.images(count: test, seed: 5)),
            ("emnist-digits-test-labels-idx1-ubyte", IDXFixture.labels((0..<test).map { UInt8(9 - $0 % 10) })),
        ]
        for (name, bytes) in files {
            if gzip { try IDXFixture.writeGzip(bytes, to: dir.file(name + ".gz")) } else { try IDXFixture.write(bytes, to: dir.file(name)) }
        }
    }

    @Test(arguments: [false, true]) func renamedFilesArePairedBySplitAndKind(gzip: Bool) throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try Self.emnistLike(dir, gzip: gzip)
        try "not a dataset".write(toFile: dir.file("README.txt"), atomically: true, encoding: .utf8)
        let pairs = try #require(try IDXFolder.pairs(in: dir.path))
        let gz = gzip ? ".gz" : ""
        #expect(pairs[.train]?.images == dir.file("emnist-digits-train-images-idx3-ubyte" + gz))
        #expect(pairs[.train]?.labels == dir.file("emnist-digits-train-labels-idx1-ubyte" + gz))
        #expect(pairs[.test]?.images == dir.file("emnist-digits-test-images-idx3-ubyte" + gz))
        let data = try IDXDataset.load(folder: dir.path, withTraining: true)
        #expect(data.train?.count == 6)
        #expect(data.test.count == 4)
        #expect(data.test.labels == [9, 8, 7, 6])
        #expect(data.known == nil && data.warnings.isEmpty, "an unknown dataset is neither refused nor warned about")
        #expect(data.maxLabel == 9)
    }

    /// EMNIST stores images transposed; they are turned upright on loading.
    @Test func emnistImagesAreTransposed() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try Self.emnistLike(dir)
        let data = try IDXDataset.load(folder: dir.path, withTraining: false)
        let raw = Array(IDXFixture.images(count: 4, seed: 5).dropFirst(16))
        #expect(data.test.images[1 * 28 + 0] == raw[0 * 28 + 1])
        #expect(data.test.images[784 + 5 * 28 + 2] == raw[784 + 2 * 28 + 5])
        #expect(data.test.images != raw)
    }

    /// The file kind comes from the magic number, not the name (Kaggle-style "t10k" names,
    /// images called "x" and labels "y").
    @Test func kindComesFromTheContent() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try IDXFixture.write(IDXFixture.images(count: 2), to: dir.file("kannada-t10k-x.idx"))
        try IDXFixture.write(IDXFixture.labels([1, 2]), to: dir.file("kannada-t10k-y.idx"))
        // One images and one labels file in a split pair whatever their names.
        let pairs = try IDXFolder.pairs(in: dir.path)
        #expect(pairs?[.test] == IDXPair(split: .test, images: dir.file("kannada-t10k-x.idx"), labels: dir.file("kannada-t10k-y.idx")))
        #expect(try IDXDataset.load(folder: dir.path, withTraining: false).test.labels == [1, 2])
        // With two of a kind, names decide: "images"/"labels" and "idx3"/"idx1" taken out, the rest must agree.
        try IDXFixture.write(IDXFixture.images(count: 3), to: dir.file("other-t10k-images.idx"))
        try IDXFixture.write(IDXFixture.labels([4, 5, 6]), to: dir.file("other-t10k-labels.idx"))
        do {
            _ = try IDXFolder.pairs(in: dir.path)
            Issue.record("x and y cannot be told apart from the other pair by name")
        } catch let error as MNISTError {
            #expect("\(error)".contains("kannada-t10k-x.idx: no matching labels file"), "\(error)")
        }
    }

    @Test func folderWithoutIDXFilesIsNotAnIDXDataset() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.file("3"), withIntermediateDirectories: true)
        #expect(try IDXFolder.pairs(in: dir.path) == nil)
    }

    @Test func twoDatasetsInOneFolderAreRefusedByName() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try Self.emnistLike(dir)
        try IDXFixture.write(IDXFixture.images(count: 1), to: dir.file("emnist-letters-test-images-idx3-ubyte"))
        try IDXFixture.write(IDXFixture.labels([1]), to: dir.file("emnist-letters-test-labels-idx1-ubyte"))
        do {
            _ = try IDXFolder.pairs(in: dir.path)
            Issue.record("two test sets in one folder were accepted")
        } catch let error as MNISTError {
            #expect("\(error)".contains("several test sets"), "\(error)")
            #expect("\(error)".contains("emnist-letters-test-images-idx3-ubyte"), "\(error)")
        }
    }

    @Test func mismatchedCountsAndMissingPartnersAreClearErrors() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try IDXFixture.write(IDXFixture.images(count: 5), to: dir.file("my-test-images-idx3-ubyte"))
        try IDXFixture.write(IDXFixture.labels([1, 2, 3, 4]), to: dir.file("my-test-labels-idx1-ubyte"))
        #expect(throws: MNISTError.countMismatch(images: dir.file("my-test-images-idx3-ubyte"), imageCount: 5,
                                                 labels: dir.file("my-test-labels-idx1-ubyte"), labelCount: 4)) {
            try IDXDataset.load(folder: dir.path, withTraining: false)
        }
        try FileManager.default.removeItem(atPath: dir.file("my-test-labels-idx1-ubyte"))
        do {
            _ = try IDXFolder.pairs(in: dir.path)
            Issue.record("an images file without labels was accepted")
        } catch let error as MNISTError {
            #expect("\(error)".contains("my-test-images-idx3-ubyte: no matching labels file"), "\(error)")
        }
    }

    @Test func knownDatasetsAreRecognisedByAnyFilesContent() {
        let fashion = KnownDataset.fashionMNIST
        #expect(KnownDataset.recognise([.testLabels: fashion.sha256[.testLabels] ?? ""]) == fashion)
        #expect(KnownDataset.recognise([.trainImages: MNIST.officialSHA256["train-images-idx3-ubyte"] ?? ""]) == .mnist)
        #expect(KnownDataset.recognise([.testLabels: String(repeating: "0", count: 64)]) == nil)
        #expect(fashion.classes[7] == "Sneaker" && fashion.classes.count == 10)
    }

    /// A download's `.part` file, notes and checksum lists are not IDX files.
    @Test func onlyIDXNamesAreData() throws {
        #expect(IDXFolder.isIDXName("train-images-idx3-ubyte.gz"))
        #expect(IDXFolder.isIDXName("t10k-images.idx3-ubyte"))
        #expect(IDXFolder.isIDXName("x-test.idx") && IDXFolder.isIDXName("x-test-images.idx3"))
        #expect(!IDXFolder.isIDXName("train-labels-idx1-ubyte.gz.part"))
        #expect(!IDXFolder.isIDXName("SHA256SUMS.idx.txt") && !IDXFolder.isIDXName(".train-images-idx3-ubyte"))
        let dir = try TempDir()
        defer { dir.remove() }
        try Self.emnistLike(dir)
        try IDXFixture.write(Array(IDXFixture.labels([1, 2, 3]).prefix(9)), to: dir.file("emnist-digits-test-labels-idx1-ubyte.gz.part"))
        #expect(try IDXFolder.pairs(in: dir.path)?[.test]?.labels == dir.file("emnist-digits-test-labels-idx1-ubyte"))
    }
}
