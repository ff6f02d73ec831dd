import Foundation
import Testing
import Support
import TestSupport
@testable import MNIST

@Suite struct IDXReaderTests {
    @Test func rawAndGzipLoadIdentically() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let images = IDXFixture.images(count: 3)
        try IDXFixture.write(images, to: dir.file("i"))
        try IDXFixture.writeGzip(images, to: dir.file("i.gz"))
        let a = try IDXReader.read(path: dir.file("i"), kind: .images)
        let b = try IDXReader.read(path: dir.file("i.gz"), kind: .images)
        #expect(a.dimensions == [3, 28, 28])
        #expect(a.bytes == b.bytes)
        #expect(a.bytes.count == 3 * 784)
        #expect(a.sha256 == SHA256.hex(images))
    }

    @Test func pairsImagesWithLabels() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try IDXFixture.write(IDXFixture.images(count: 2), to: dir.file("i"))
        try IDXFixture.write(IDXFixture.labels([3, 9]), to: dir.file("l"))
        let d = try MNIST.load(imagesPath: dir.file("i"), labelsPath: dir.file("l"))
        #expect(d.count == 2)
        #expect(d.labels == [3, 9])
        #expect(d.images == Array(IDXFixture.images(count: 2).dropFirst(16)))
        try IDXFixture.write(IDXFixture.labels([3]), to: dir.file("l1"))
        #expect(throws: MNISTError.countMismatch(images: dir.file("i"), imageCount: 2, labels: dir.file("l1"), labelCount: 1)) {
            try MNIST.load(imagesPath: dir.file("i"), labelsPath: dir.file("l1"))
        }
    }

    /// A damaged images file, the exact error it must give (built from the path it is read
    /// from) and the words of its message a user would look for.
    struct Broken: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var error: @Sendable (_ path: String) -> MNISTError
        var message: String
        var testDescription: String { name }
    }

    static let broken: [Broken] = [
        Broken(name: "truncated", bytes: Array(IDXFixture.images(count: 2).dropLast(10)),
               error: { .truncated(file: $0, bytes: 16 + 2 * 784 - 10, needed: 16 + 2 * 784) }, message: "truncated"),
        Broken(name: "header", bytes: Array(IDXFixture.images(count: 2).prefix(9)),
               error: { .headerTruncated(file: $0, bytes: 9, needed: 16) }, message: "header truncated"),
        Broken(name: "32x32", bytes: IDXFixture.images(count: 1, rows: 32, cols: 32),
               error: { .wrongImageSize(file: $0, rows: 32, cols: 32) }, message: "expected 28×28"),
        Broken(name: "labels-magic", bytes: IDXFixture.images(count: 1, magic: 0x801),
               error: { .badMagic(file: $0, expected: 0x803, found: 0x801) }, message: "expected 0x00000803"),
        Broken(name: "float", bytes: IDXFixture.images(count: 1, magic: 0xD03),
               error: { .unsupportedElementType(file: $0, type: 0x0D) }, message: "unsupported element type 0x0D"),
        Broken(name: "html", bytes: Array("<!DOCTYPE html><html>not found</html>".utf8),
               error: { .notIDX(file: $0, found: 0x3C21_444F, hint: "looks like an HTML page — the download saved an error page") },
               message: "HTML"),
        Broken(name: "trailing", bytes: IDXFixture.images(count: 1) + [1, 2, 3],
               error: { .tooLong(file: $0, declared: 16 + 784) }, message: "longer than the header"),
        // Compressed here and once more when written, as a file gzipped twice.
        Broken(name: "double-gzip", bytes: (try? IDXFixture.gzipped(IDXFixture.images(count: 1))) ?? [],
               error: { .stillCompressed(file: $0) }, message: "still gzip-compressed"),
    ]

    @Test(arguments: broken)
    func rejects(_ broken: Broken) throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file(broken.name)
        if broken.name == "double-gzip" {
            try #require(!broken.bytes.isEmpty, "the fixture was compressed")
            try IDXFixture.writeGzip(broken.bytes, to: path)
        } else {
            try IDXFixture.write(broken.bytes, to: path)
        }
        let error = try #require(throws: MNISTError.self) { try IDXReader.read(path: path, kind: .images) }
        #expect(error == broken.error(path))
        #expect("\(error)".hasPrefix(path + ": "), "the message starts with the file: \(error)")
        #expect("\(error)".contains(broken.message), "\(error)")
    }

    @Test func labelOutOfRange() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try IDXFixture.write(IDXFixture.labels([1, 2, 10]), to: dir.file("l"))
        #expect(throws: MNISTError.labelOutOfRange(file: dir.file("l"), index: 2, label: 10)) {
            try IDXReader.read(path: dir.file("l"), kind: .labels)
        }
    }

    /// Every engine this machine has: the SHA extensions', libcrypto's and the portable one.
    @Test(arguments: SHA256.engines) func sha256KnownVectors(engine: SHA256.Engine) {
        func hex(_ bytes: [UInt8]) -> String { var h = SHA256(engine: engine); h.update(bytes); return h.finalizeHex() }
        #expect(hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let long = [UInt8](repeating: 0x61, count: 1000)
        var h = SHA256(engine: engine)
        h.update(long[0..<3]); h.update(long[3..<700]); h.update(long[700...])
        #expect(h.finalizeHex() == hex(long))
        #expect(hex(long) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
        // A copy taken mid-stream continues on its own.
        var a = SHA256(engine: engine)
        a.update(Array("ab".utf8))
        var b = a
        b.update(Array("c".utf8))
        a.update(Array("x".utf8))
        #expect(b.finalizeHex() == hex(Array("abc".utf8)))
        #expect(a.finalizeHex() == hex(Array("abx".utf8)))
    }

    /// Every engine agrees with the portable one on every length around the 64-byte block and
    /// its padding boundary, fed in uneven pieces.
    @Test(arguments: SHA256.engines) func sha256PathsAgree(engine: SHA256.Engine) {
        var rng = SystemRandomNumberGenerator()
        for length in [0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 1000, 70_001] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            var fast = SHA256(engine: engine), portable = SHA256(portable: true)
            var at = 0
            while at < length {
                let piece = min(length - at, [1, 7, 64, 333][at % 4])
                fast.update(bytes[at..<(at + piece)]); portable.update(bytes[at..<(at + piece)])
                at += piece
            }
            #expect(fast.finalizeHex() == portable.finalizeHex(), "length \(length)")
        }
    }

    static let libcrypto = Requirement("libcrypto.so.3 (Debian package libssl3)", at: "libcrypto.so.3") { dlopen($0, RTLD_LAZY) != nil }

    /// Where libcrypto exists, it is one of the engines, and `SHA256()` does not run the
    /// portable code (it uses the SHA extensions where the CPU has them, libcrypto otherwise).
    @Test(.requires(libcrypto)) func libcryptoIsUsedWhereInstalled() throws {
        try Self.libcrypto.path()
        #expect(SHA256.engines.contains(.libcrypto))
        #expect(SHA256.accelerated)
    }

    @Test func dataFolderLookupOrder() {
        let env = ["DIGITREC_DATA": "/env/mnist", "HOME": "/home/u"]
        #expect(DataLocator.candidates(explicit: "/x", environment: env) == ["/x"])
        #expect(DataLocator.candidates(explicit: nil, environment: env) == ["/env/mnist"])
        #expect(DataLocator.candidates(explicit: nil, environment: ["HOME": "/home/u"]) == ["./data/mnist", "/home/u/.cache/digitrec/mnist"])
        #expect(throws: MNISTError.dataNotFound(searched: ["/nonexistent"])) { try DataLocator.locate(explicit: "/nonexistent", environment: [:]) }
    }

    @Test func atomicWriteReplacesAndLeavesNoTemp() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try AtomicFile.write([1, 2, 3], to: dir.file("m"))
        try AtomicFile.write([4, 5], to: dir.file("m"))
        #expect(FileManager.default.contents(atPath: dir.file("m")) == Data([4, 5]))
        #expect(try dir.names() == ["m"])
    }
}


/// The real data from $DIGITREC_DATA.
@Suite struct RealMNISTTests {
    @Test(.requires(.mnist)) func loadsAndVerifiesAllFourFiles() throws {
        let dir = try Requirement.mnist.path()
        let (train, r1) = try MNIST.load(.train, from: dir)
        let (test, r2) = try MNIST.load(.test, from: dir)
        #expect(train.count == 60000)
        #expect(train.images.count == 60000 * 784)
        #expect(test.count == 10000)
        #expect(test.images.count == 10000 * 784)
        #expect(r1.unofficialFiles == [])
        #expect(r2.unofficialFiles == [])
        #expect(Array(test.labels.prefix(10)) == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9])
    }
}
