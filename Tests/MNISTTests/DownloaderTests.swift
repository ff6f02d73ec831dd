import Foundation
import Glibc
import Testing
import Support
import TestSupport
@testable import MNIST

/// A tiny HTTP/1.1 server on 127.0.0.1 serving fixture files, with Range support, and
/// able to cut a response half-way the first time a path is asked for.
final class FixtureServer: @unchecked Sendable {
    let port: UInt16
    private let fd: Int32
    private let lock = NSLock()
    private var files: [String: [UInt8]]
    private var interruptOnce: Set<String>
    private let ignoresRanges: Bool
    private(set) var rangeRequests: [String] = []

    init(files: [String: [UInt8]], interruptOnce: Set<String> = [], ignoresRanges: Bool = false) throws {
        self.files = files
        self.interruptOnce = interruptOnce
        self.ignoresRanges = ignoresRanges
        (fd, port) = try LoopbackListener.open()
        let thread = Thread { [self] in self.serve() }
        thread.start()
    }

    func stop() { shutdown(fd, Int32(SHUT_RDWR)); close(fd) }

    var base: String { "http://127.0.0.1:\(port)/" }

    private func serve() {
        // Bounded: a test never needs more than a few dozen requests.
        for _ in 0..<200 {
            let client = accept(fd, nil, nil)
            if client < 0 { return }
            handle(client)
            close(client)
        }
    }

    private func handle(_ client: Int32) {
        var request = [UInt8]()
        var buf = [UInt8](repeating: 0, count: 4096)
        while !request.containsSubsequence(Array("\r\n\r\n".utf8)) {
            let n = read(client, &buf, buf.count)
            if n <= 0 { return }
            request += buf[0..<n]
        }
        let text = String(decoding: request, as: UTF8.self)
        let parts = text.split(separator: " ")
        guard parts.count > 1 else { return }
        let path = String(parts[1].dropFirst())
        var start = 0
        if let r = text.range(of: "Range: bytes=") {
            if !ignoresRanges { start = Int(text[r.upperBound...].prefix { $0.isNumber }) ?? 0 }
            lock.withLock { rangeRequests.append(path) }
        }
        let (body, cut): ([UInt8]?, Bool) = lock.withLock {
            let cut = interruptOnce.remove(path) != nil
            return (files[path], cut)
        }
        guard let body else { send(client, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", []); return }
        if start >= body.count && start > 0 {
            send(client, "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", []); return
        }
        let slice = Array(body[start...])
        let status = start > 0 ? "206 Partial Content" : "200 OK"
        let range = start > 0 ? "Content-Range: bytes \(start)-\(body.count - 1)/\(body.count)\r\n" : ""
        let header = "HTTP/1.1 \(status)\r\nContent-Length: \(slice.count)\r\n\(range)Connection: close\r\n\r\n"
        send(client, header, cut ? Array(slice.prefix(slice.count / 2)) : slice)
    }

    private func send(_ client: Int32, _ header: String, _ body: [UInt8]) {
        let all = Array(header.utf8) + body
        var off = 0
        while off < all.count {
            let n = all.withUnsafeBytes { write(client, $0.baseAddress! + off, all.count - off) }
            if n <= 0 { return }
            off += n
        }
    }
}

extension Array where Element == UInt8 {
    func containsSubsequence(_ s: [UInt8]) -> Bool {
        guard count >= s.count else { return false }
        for i in 0...(count - s.count) where Array(self[i..<(i + s.count)]) == s { return true }
        return false
    }
}

@Suite(.serialized) struct DownloaderTests {
    /// Four small fixture files standing in for MNIST (10 images each), with their checksums.
    static func fixtures() throws -> (gz: [String: [UInt8]], expected: [String: String]) {
        var gz: [String: [UInt8]] = [:], expected: [String: String] = [:]
        for (i, base) in MNIST.allFiles.enumerated() {
            let raw = base.contains("labels") ? IDXFixture.labels((0..<10).map { UInt8(($0 + i) % 10) })
                                               : IDXFixture.images(count: 10, seed: UInt8(i))
            gz[base + ".gz"] = try IDXFixture.gzipped(raw)
            expected[base] = SHA256.hex(raw)
        }
        return (gz, expected)
    }

    final class Events: @unchecked Sendable {
        let lock = NSLock()
        var all: [DownloadEvent] = []
        func add(_ e: DownloadEvent) { lock.withLock { all.append(e) } }
    }

    @Test func fallsBackToSecondMirrorAndResumesAnInterruptedTransfer() throws {
        let (files, expected) = try Self.fixtures()
        let empty = try FixtureServer(files: [:])
        let good = try FixtureServer(files: files, interruptOnce: ["train-images-idx3-ubyte.gz"])
        defer { empty.stop(); good.stop() }
        let dir = try TempDir()
        defer { dir.remove() }
        var downloader = Downloader(mirrors: [empty.base, good.base], expected: expected)
        downloader.timeout = 5
        let events = Events()
        try downloader.downloadAll(into: dir.path) { events.add($0) }
        for base in MNIST.allFiles {
            let f = try IDXReader.read(path: dir.file(base + ".gz"), kind: base.contains("labels") ? .labels : .images)
            #expect(f.sha256 == expected[base])
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(!names.contains { $0.hasSuffix(".part") }, "no .part files left: \(names)")
        #expect(good.rangeRequests.contains("train-images-idx3-ubyte.gz"), "the interrupted file was resumed with a Range request")
        let resumed = events.all.contains { if case let .started(_, _, offset) = $0 { return offset > 0 }; return false }
        #expect(resumed)
        let progressed = events.all.contains { if case .progress = $0 { return true }; return false }
        #expect(progressed)

        // A second run finds everything present and verified.
        let again = Events()
        try downloader.downloadAll(into: dir.path) { again.add($0) }
        #expect(again.all.count == MNIST.allFiles.count, "\(again.all)")
        #expect(again.all.allSatisfy { if case .finished(_, true) = $0 { return true }; return false })
    }

    /// A server that answers a Range request with 200 and the whole file (as many do), and a
    /// mirror that answers 404 to it: the part is rewritten from the start, not appended to.
    @Test func serverWithoutRangeSupportRewritesThePart() throws {
        let (files, expected) = try Self.fixtures()
        let missing = try FixtureServer(files: [:])
        let server = try FixtureServer(files: files, ignoresRanges: true)
        defer { missing.stop(); server.stop() }
        let dir = try TempDir()
        defer { dir.remove() }
        let base = "train-images-idx3-ubyte"
        let whole = try #require(files[base + ".gz"])
        let part = dir.file(base + ".gz.part")
        #expect(FileManager.default.createFile(atPath: part, contents: Data(whole.prefix(whole.count / 2))))
        var downloader = Downloader(mirrors: [missing.base, server.base], expected: expected)
        downloader.timeout = 5
        let events = Events()
        try downloader.downloadAll(into: dir.path, files: [base]) { events.add($0) }
        #expect(server.rangeRequests == [base + ".gz"], "the part was offered to the server as a Range request")
        #expect(try IDXReader.read(path: dir.file(base + ".gz"), kind: .images).sha256 == expected[base])
        #expect(!FileManager.default.fileExists(atPath: part))
        let notFound = events.all.contains { if case let .mirrorFailed(_, _, reason) = $0 { return reason == "HTTP 404" }; return false }
        #expect(notFound, "the first mirror's 404 is reported as such")
    }

    /// A `.part` whose content is wrong, not short, cannot be mended by resuming: a mirror that
    /// served something else (a captive portal's page, here gzipped text; red team, session 12)
    /// or a complete gzip stream of a short IDX (review, session 12). It is removed, said so,
    /// and the file fetched afresh, instead of every later run failing on the same part.
    @Test(arguments: ["other content", "complete stream of a short file"])
    func partWithWrongContentIsRemovedAndFetchedAfresh(kind: String) throws {
        let (files, expected) = try Self.fixtures()
        let server = try FixtureServer(files: files)
        defer { server.stop() }
        let dir = try TempDir()
        defer { dir.remove() }
        let base = "t10k-labels-idx1-ubyte"
        let part = dir.file(base + ".gz.part")
        let stale = kind == "other content" ? Array("hello".utf8) : Array(IDXFixture.labels([1, 2, 3, 4, 5, 6, 7, 8, 9, 0]).prefix(12))
        #expect(FileManager.default.createFile(atPath: part, contents: Data(try IDXFixture.gzipped(stale))))
        var downloader = Downloader(mirrors: [server.base], expected: expected)
        downloader.timeout = 5
        let events = Events()
        try downloader.downloadAll(into: dir.path, files: [base]) { events.add($0) }
        #expect(try IDXReader.read(path: dir.file(base + ".gz"), kind: .labels).sha256 == expected[base])
        #expect(!FileManager.default.fileExists(atPath: part))
        let removed = events.all.contains { if case let .mirrorFailed(_, _, reason) = $0 { return reason.hasSuffix("(the partial file was removed)") }; return false }
        #expect(removed, "the bad part is reported as removed")
    }

    @Test func wrongChecksumIsRefusedAndNothingIsKept() throws {
        let (fixtures, expected) = try Self.fixtures()
        var files = fixtures
        files["t10k-labels-idx1-ubyte.gz"] = try IDXFixture.gzipped(IDXFixture.labels([1, 1, 1, 1, 1, 1, 1, 1, 1, 1]))
        let server = try FixtureServer(files: files)
        defer { server.stop() }
        let dir = try TempDir()
        defer { dir.remove() }
        var downloader = Downloader(mirrors: [server.base], expected: expected)
        downloader.timeout = 5
        let error = try #require(throws: MNISTError.self, "a file with the wrong checksum was accepted") {
            try downloader.downloadAll(into: dir.path) { _ in }
        }
        let url = server.base + "t10k-labels-idx1-ubyte.gz"
        guard case let .download(file, reason) = error else { Issue.record("not a download error: \(error)"); return }
        #expect(file == dir.file("t10k-labels-idx1-ubyte.gz"))
        #expect(reason.hasPrefix("no mirror worked (\(url): SHA-256 of the decompressed content does not match the official MNIST file). "),
                "\(reason)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("t10k-labels-idx1-ubyte.gz")))
        #expect(!FileManager.default.fileExists(atPath: dir.file("t10k-labels-idx1-ubyte.gz.part")))
    }

    @Test func withoutNetworkSaysWhereToPutTheFiles() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        var downloader = Downloader(mirrors: ["http://127.0.0.1:9/"], expected: try Self.fixtures().expected)
        downloader.timeout = 2
        downloader.resumeAttempts = 1
        let error = try #require(throws: MNISTError.self, "download without a server succeeded") {
            try downloader.downloadAll(into: dir.path) { _ in }
        }
        // The first file fails, naming the mirror it tried and where to put the files by hand.
        guard case let .download(file, reason) = error else { Issue.record("not a download error: \(error)"); return }
        #expect(file == dir.file("train-images-idx3-ubyte.gz"))
        #expect(reason.hasPrefix("no mirror worked (http://127.0.0.1:9/train-images-idx3-ubyte.gz: "), "\(reason)")
        #expect(reason.hasSuffix("t10k-labels-idx1-ubyte.gz) into \(dir.path) by hand"), "\(reason)")
    }
}
