import Foundation
import Testing
import Support
@testable import MNIST

@Suite struct IDXReaderTests {
    @Test func rawAndGzipLoadIdentically() throws {
        let dir = TempDir()
        let images = IDXFixture.images(count: 3)
        IDXFixture.write(images, to: dir.file("i"))
        IDXFixture.writeGzip(images, to: dir.file("i.gz"))
        let a = try IDXReader.read(path: dir.file("i"), kind: .images)
        let b = try IDXReader.read(path: dir.file("i.gz"), kind: .images)
        #expect(a.dimensions == [3, 28, 28])
        #expect(a.bytes == b.bytes)
        #expect(a.bytes.count == 3 * 784)
        #expect(a.sha256 == SHA256.hex(images))
    }

    @Test func pairsImagesWithLabels() throws {
        let dir = TempDir()
        IDXFixture.write(IDXFixture.images(count: 2), to: dir.file("i"))
        IDXFixture.write(IDXFixture.labels([3, 9]), to: dir.file("l"))
        let d = try MNIST.load(imagesPath: dir.file("i"), labelsPath: dir.file("l"))
        #expect(d.count == 2)
        #expect(d.labels == [3, 9])
        IDXFixture.write(IDXFixture.labels([3]), to: dir.file("l1"))
        #expect(throws: MNISTError.self) { try MNIST.load(imagesPath: dir.file("i"), labelsPath: dir.file("l1")) }
    }

    static let broken: [String: [UInt8]] = [
        "truncated": Array(IDXFixture.images(count: 2).dropLast(10)),
        "header": Array(IDXFixture.images(count: 2).prefix(9)),
        "32x32": IDXFixture.images(count: 1, rows: 32, cols: 32),
        "labels-magic": IDXFixture.images(count: 1, magic: 0x801),
        "float": IDXFixture.images(count: 1, magic: 0xD03),
        "html": Array("<!DOCTYPE html><html>not found</html>".utf8),
        "trailing": IDXFixture.images(count: 1) + [1, 2, 3],
        "double-gzip": IDXFixture.gzipped(IDXFixture.images(count: 1)),
    ]

    @Test(arguments: [
        ("truncated", "truncated"), ("header", "header truncated"), ("32x32", "expected 28×28"),
        ("labels-magic", "expected 0x00000803"), ("float", "unsupported element type 0x0D"), ("html", "HTML"),
        ("trailing", "longer than the header"), ("double-gzip", "still gzip-compressed"),
    ])
    func rejects(name: String, message: String) {
        let bytes = Self.broken[name]!
        let dir = TempDir()
        // Written raw, or gzip-compressed once more for the "still compressed" case.
        let path = dir.file(name + (name == "double-gzip" ? ".gz" : ""))
        if name == "double-gzip" { IDXFixture.writeGzip(bytes, to: path) } else { IDXFixture.write(bytes, to: path) }
        do {
            _ = try IDXReader.read(path: path, kind: .images)
            Issue.record("\(name) was accepted")
        } catch {
            let text = "\(error)"
            #expect(text.contains(message), "\(name): \(text)")
            #expect(text.contains(path), "the message names the file: \(text)")
        }
    }

    @Test func labelOutOfRange() {
        let dir = TempDir()
        IDXFixture.write(IDXFixture.labels([1, 2, 10]), to: dir.file("l"))
        #expect(throws: MNISTError.labelOutOfRange(file: dir.file("l"), index: 2, label: 10)) {
            try IDXReader.read(path: dir.file("l"), kind: .labels)
        }
    }

    /// Both implementations: libcrypto's (what `SHA256()` uses when it loads) and the portable one.
    @Test(arguments: [false, true]) func sha256KnownVectors(portable: Bool) {
        func hex(_ bytes: [UInt8]) -> String { var h = SHA256(portable: portable); h.update(bytes); return h.finalizeHex() }
        #expect(hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let long = [UInt8](repeating: 0x61, count: 1000)
        var h = SHA256(portable: portable)
        h.update(long[0..<3]); h.update(long[3..<700]); h.update(long[700...])
        #expect(h.finalizeHex() == hex(long))
        #expect(hex(long) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
        // A copy taken mid-stream continues on its own.
        var a = SHA256(portable: portable)
        a.update(Array("ab".utf8))
        var b = a
        b.update(Array("c".utf8))
        a.update(Array("x".utf8))
        #expect(b.finalizeHex() == hex(Array("abc".utf8)))
        #expect(a.finalizeHex() == hex(Array("abx".utf8)))
    }

    /// The two implementations agree on every length around the 64-byte block and its padding
    /// boundary, fed in uneven pieces; and the fast one is really in use where libcrypto exists.
    @Test func sha256PathsAgree() {
        var rng = SystemRandomNumberGenerator()
        for length in [0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 1000, 70_001] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            var fast = SHA256(), portable = SHA256(portable: true)
            var at = 0
            while at < length {
                let piece = min(length - at, [1, 7, 64, 333][at % 4])
                fast.update(bytes[at..<(at + piece)]); portable.update(bytes[at..<(at + piece)])
                at += piece
            }
            #expect(fast.finalizeHex() == portable.finalizeHex(), "length \(length)")
        }
        if dlopen("libcrypto.so.3", RTLD_LAZY) != nil { #expect(SHA256.accelerated) }
        else { print("SKIP: libcrypto.so.3 not installed; SHA-256 runs in portable Swift") }
    }

    @Test func dataFolderLookupOrder() {
        let env = ["DIGITREC_DATA": "/env/mnist", "HOME": "/home/u"]
        #expect(DataLocator.candidates(explicit: "/x", environment: env) == ["/x"])
        #expect(DataLocator.candidates(explicit: nil, environment: env) == ["/env/mnist"])
        #expect(DataLocator.candidates(explicit: nil, environment: ["HOME": "/home/u"]) == ["./data/mnist", "/home/u/.cache/digitrec/mnist"])
        #expect(throws: MNISTError.self) { try DataLocator.locate(explicit: "/nonexistent", environment: [:]) }
    }

    @Test func atomicWriteReplacesAndLeavesNoTemp() throws {
        let dir = TempDir()
        try AtomicFile.write([1, 2, 3], to: dir.file("m"))
        try AtomicFile.write([4, 5], to: dir.file("m"))
        #expect(FileManager.default.contents(atPath: dir.file("m")) == Data([4, 5]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["m"])
    }
}

/// The shared hostile corpus: every file gives what its manifest says.
@Suite struct HostileIDXTests {
    struct Entry: Decodable { var file: String; var expect: String; var count: Int? }
    struct Manifest: Decodable { var files: [Entry] }

    @Test func manifestExpectations() throws {
        let dir = Env.testdata + "/idx-hostile"
        guard Env.available(dir, what: "shared/testdata/idx-hostile") else { return }
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/manifest.json")))
        var replayed = 0
        for entry in manifest.files {
            let path = dir + "/" + entry.file
            let kind: IDXKind = entry.file.contains("idx1") ? .labels : .images
            let result = Result { try IDXReader.read(path: path, kind: kind) }
            switch (entry.expect, result) {
            case ("load", .success(let f)):
                #expect(f.dimensions[0] == entry.count ?? f.dimensions[0], "\(entry.file)")
            case ("load", .failure(let e)):
                Issue.record("\(entry.file) should load: \(e)")
            case ("reject", .success):
                // A valid file that is wrong only in combination (9 labels) or holds no data.
                if entry.file.hasPrefix("labels-count-mismatch") {
                    #expect(throws: MNISTError.self) {
                        try MNIST.load(imagesPath: dir + "/valid-10-images.idx3-ubyte", labelsPath: path)
                    }
                } else if entry.file.hasPrefix("zero-items") {
                    #expect(throws: MNISTError.self) {
                        try MNIST.load(imagesPath: path, labelsPath: dir + "/valid-10-labels.idx1-ubyte")
                    }
                } else {
                    Issue.record("\(entry.file) should be rejected")
                }
            case ("reject", .failure(let e)):
                #expect("\(e)".contains(path), "message names the file: \(e)")
            default:
                // load-or-reject entries: either is fine, without a crash.
                break
            }
            replayed += 1
        }
        #expect(replayed == manifest.files.count)
        print("replayed \(replayed) hostile IDX files")
    }

    @Test func gzipTruncationIsNotMistakenForEndOfFile() throws {
        let path = Env.testdata + "/idx-hostile/truncated.idx3-ubyte.gz"
        guard Env.available(path, what: "truncated.idx3-ubyte.gz") else { return }
        #expect(throws: MNISTError.self) { try IDXReader.read(path: path, kind: .images) }
    }
}

/// The real data from $DIGITREC_DATA.
@Suite struct RealMNISTTests {
    @Test func loadsAndVerifiesAllFourFiles() throws {
        guard Env.available(Env.mnist, what: "MNIST ($DIGITREC_DATA)"), let dir = Env.mnist else { return }
        let (train, r1) = try MNIST.load(.train, from: dir)
        let (test, r2) = try MNIST.load(.test, from: dir)
        #expect(train.count == 60000 && train.images.count == 60000 * 784)
        #expect(test.count == 10000)
        #expect(r1.unofficialFiles.isEmpty && r2.unofficialFiles.isEmpty)
        #expect(Array(test.labels.prefix(10)) == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9])
    }
}
