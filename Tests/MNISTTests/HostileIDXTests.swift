import Foundation
import Testing
import Support
import TestSupport
@testable import MNIST

/// The shared hostile IDX corpus (testdata/idx-hostile, described in testdata/README.md and
/// manifest.json): every file gives exactly what its row of the README says, one test case each.
@Suite(.requires(.testdata)) struct HostileIDXTests {
    struct Entry: Decodable {
        var file: String, bytes: Int, sha256: String, expect: String
        var count: Int?, labels: [UInt8]?
    }
    struct Manifest: Decodable { var files: [Entry] }

    static let validImages = "valid-10-images.idx3-ubyte"
    /// SHA-256 of the first ten MNIST test images as an IDX file (valid-10-images.idx3-ubyte).
    static let validImagesSHA = "ccdaef2bf221e9bdb90e2f0d16bcc64b0b055d31f667623c70d837f34affed72"

    /// What one file must produce. Errors are built from the file's path (they name it).
    enum Outcome {
        /// Reads with these dimensions; the decompressed content (header included) has this SHA-256.
        case loads(dimensions: [Int], sha256: String)
        /// Reads as a valid file holding no images; pairing it with labels refuses "no data".
        case loadsEmpty
        /// Reads, but paired with valid-10-images the counts disagree.
        case loadsButPairFails(dimensions: [Int], MNISTError)
        case rejects(MNISTError)
        /// Refused as a corrupt gzip stream with zlib's message. (Only its end is pinned: zlib's
        /// gzerror puts the path in front, so today the message names the file twice.)
        case rejectsGzip(zlib: String)
    }

    /// One row of the README's table.
    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        /// The manifest's word for it: load, load-empty, reject, reject-pair, load-or-reject.
        var manifest: String
        var outcome: @Sendable (_ path: String, _ folder: String) -> Outcome
        var testDescription: String { file }
    }

    static let cases: [Case] = [
        Case(file: validImages, manifest: "load") { _, _ in .loads(dimensions: [10, 28, 28], sha256: validImagesSHA) },
        Case(file: "valid-10-labels.idx1-ubyte", manifest: "load") { _, _ in
            .loads(dimensions: [10], sha256: "5ef1edad0e98e763d3493d0d3f4287f5745a87b6cf49e86e05d19e8e9d860a4a")
        },
        // Identical to the uncompressed file.
        Case(file: "valid-10-images.idx3-ubyte.gz", manifest: "load") { _, _ in .loads(dimensions: [10, 28, 28], sha256: validImagesSHA) },
        Case(file: "truncated-images.idx3-ubyte", manifest: "reject") { p, _ in .rejects(.truncated(file: p, bytes: 7464, needed: 7856)) },
        Case(file: "truncated-header.idx3-ubyte", manifest: "reject") { p, _ in .rejects(.headerTruncated(file: p, bytes: 10, needed: 16)) },
        Case(file: "wrong-magic-labels-magic.idx3-ubyte", manifest: "reject") { p, _ in
            .rejects(.badMagic(file: p, expected: 0x803, found: 0x801))
        },
        // The message adds "byte-swapped? IDX integers are big-endian".
        Case(file: "wrong-magic-little-endian.idx3-ubyte", manifest: "reject") { p, _ in
            .rejects(.badMagic(file: p, expected: 0x803, found: 0x0308_0000))
        },
        Case(file: "wrong-magic-garbage.idx3-ubyte", manifest: "reject") { p, _ in
            .rejects(.notIDX(file: p, found: 0x4749_4638, hint: "the first two bytes must be 0"))   // "GIF8"
        },
        Case(file: "wrong-dtype-float32.idx3-ubyte", manifest: "reject") { p, _ in .rejects(.unsupportedElementType(file: p, type: 0x0D)) },
        // Refused from the file size, before 47 MB are allocated.
        Case(file: "count-exceeds-data.idx3-ubyte", manifest: "reject") { p, _ in
            .rejects(.truncated(file: p, bytes: 7856, needed: 16 + 60000 * 784))
        },
        Case(file: "count-exceeds-data.idx1-ubyte", manifest: "reject") { p, _ in .rejects(.truncated(file: p, bytes: 18, needed: 8 + 60000)) },
        // 4294967295³ overflows Int: refused, not a trap.
        Case(file: "dims-overflow.idx3-ubyte", manifest: "reject") { p, _ in .rejects(.sizeOverflow(file: p)) },
        Case(file: "dims-zero.idx3-ubyte", manifest: "reject") { p, _ in .rejects(.wrongImageSize(file: p, rows: 0, cols: 0)) },
        Case(file: "wrong-dims-32x32.idx3-ubyte", manifest: "reject") { p, _ in .rejects(.wrongImageSize(file: p, rows: 32, cols: 32)) },
        Case(file: "zero-items.idx3-ubyte", manifest: "load-empty") { _, _ in .loadsEmpty },
        Case(file: "trailing-bytes.idx3-ubyte", manifest: "reject") { p, _ in .rejects(.tooLong(file: p, declared: 7856)) },
        Case(file: "labels-out-of-range.idx1-ubyte", manifest: "reject") { p, _ in .rejects(.labelOutOfRange(file: p, index: 3, label: 10)) },
        Case(file: "labels-count-mismatch-9.idx1-ubyte", manifest: "reject-pair") { p, dir in
            .loadsButPairFails(dimensions: [9], .countMismatch(images: dir + "/" + validImages, imageCount: 10, labels: p, labelCount: 9))
        },
        Case(file: "corrupt-midstream.idx3-ubyte.gz", manifest: "reject") { _, _ in
            .rejectsGzip(zlib: "invalid distance too far back")
        },
        // gzread returns what it has and then 0, as at a normal end: only gzerror tells.
        Case(file: "truncated.idx3-ubyte.gz", manifest: "reject") { _, _ in .rejectsGzip(zlib: "unexpected end of file") },
        // Noticed only by reading on to the gzip trailer.
        Case(file: "bad-crc-trailer.idx3-ubyte.gz", manifest: "reject") { _, _ in .rejectsGzip(zlib: "incorrect data check") },
        // The manifest allows loading or a "not gzip data" refusal; zlib reads a plain file
        // transparently, so this reader loads it, identical to the valid file.
        Case(file: "not-actually-gzip.idx3-ubyte.gz", manifest: "load-or-reject") { _, _ in
            .loads(dimensions: [10, 28, 28], sha256: validImagesSHA)
        },
        // Refused as soon as a byte beyond the declared 7,856 arrives, not after 100 MB.
        Case(file: "gzip-bomb.idx3-ubyte.gz", manifest: "reject") { p, _ in .rejects(.tooLong(file: p, declared: 7856)) },
    ]

    static func manifest(in folder: String) throws -> Manifest {
        try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: folder + "/manifest.json")))
    }

    /// The table above covers the manifest exactly: a file added to the corpus needs its row.
    @Test func everyManifestEntryHasACase() throws {
        let folder = try Requirement.testdata.path() + "/idx-hostile"
        let manifest = try Self.manifest(in: folder)
        #expect(manifest.files.map(\.file).sorted() == Self.cases.map(\.file).sorted())
        #expect(manifest.files.count == 23)
    }

    @Test(arguments: cases)
    func entryGivesWhatTheManifestSays(_ c: Case) throws {
        let folder = try Requirement.testdata.path() + "/idx-hostile"
        let path = folder + "/" + c.file
        let entry = try #require(try Self.manifest(in: folder).files.first { $0.file == c.file }, "\(c.file) is in the manifest")
        #expect(entry.expect == c.manifest, "the manifest's expectation for \(c.file)")
        // The file is the one the row was written for.
        let bytes = try FileBytes.read(path, limit: 1 << 20)
        #expect(bytes.count == entry.bytes)
        #expect(SHA256.hex(bytes) == entry.sha256)

        let kind: IDXKind = c.file.contains("idx1") ? .labels : .images
        switch c.outcome(path, folder) {
        case let .loads(dimensions, sha256):
            let idx = try IDXReader.read(path: path, kind: kind)
            #expect(idx.dimensions == dimensions)
            #expect(idx.dimensions.first == entry.count)
            #expect(idx.bytes.count == dimensions.reduce(1, *))
            #expect(idx.sha256 == sha256)
            if let labels = entry.labels { #expect(idx.bytes == labels) }
        case .loadsEmpty:
            let idx = try IDXReader.read(path: path, kind: kind)
            #expect(idx.dimensions == [0, 28, 28])
            #expect(idx.bytes.isEmpty)
            #expect(entry.count == 0)
            // Training and evaluation load through MNIST.load, which refuses no data (no 0/0 accuracy).
            let scratch = try TempDir()
            defer { scratch.remove() }
            try IDXFixture.write(IDXFixture.labels([]), to: scratch.file("labels"))
            #expect(throws: MNISTError.noData(file: path)) { try MNIST.load(imagesPath: path, labelsPath: scratch.file("labels")) }
        case let .loadsButPairFails(dimensions, error):
            #expect(try IDXReader.read(path: path, kind: kind).dimensions == dimensions)
            #expect(throws: error) { try MNIST.load(imagesPath: folder + "/" + Self.validImages, labelsPath: path) }
        case let .rejects(error):
            #expect(throws: error) { try IDXReader.read(path: path, kind: kind) }
        case let .rejectsGzip(zlib):
            let error = try #require(throws: MNISTError.self) { try IDXReader.read(path: path, kind: kind) }
            guard case let .gzipError(file, message) = error else { Issue.record("not a gzip error: \(error)"); return }
            #expect(file == path)
            #expect(message.contains(zlib), "\(message)")
        }
    }
}
