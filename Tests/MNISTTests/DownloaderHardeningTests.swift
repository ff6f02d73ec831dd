import Foundation
import Glibc
import Testing
import Support
import TestSupport
@testable import MNIST

/// A server that answers every request with 200 and a body written by `body` (endless, slow, …).
final class HostileServer: @unchecked Sendable {
    let port: UInt16
    private let fd: Int32
    private let body: @Sendable (Int32) -> Void

    init(body: @escaping @Sendable (Int32) -> Void) throws {
        self.body = body
        let (fd, port) = try LoopbackListener.open()
        self.fd = fd
        self.port = port
        Thread { [self] in
            for _ in 0..<20 {
                let client = accept(fd, nil, nil)
                if client < 0 { return }
                var buf = [UInt8](repeating: 0, count: 4096)
                _ = read(client, &buf, buf.count)
                let header = Array("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".utf8)
                _ = header.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                self.body(client)
                close(client)
            }
        }.start()
    }

    func stop() { shutdown(fd, Int32(SHUT_RDWR)); close(fd) }
    var base: String { "http://127.0.0.1:\(port)/" }

    /// Writes until the client goes away (or 1 GB, a bound for the test itself).
    static func endless(_ client: Int32) {
        let chunk = [UInt8](repeating: 0x41, count: 65536)
        for _ in 0..<16384 {
            // MSG_NOSIGNAL: the client hanging up must not kill the test process with SIGPIPE.
            if chunk.withUnsafeBytes({ send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) <= 0 { return }
        }
    }

    /// Two bytes a second, for at most a minute.
    static func trickle(_ client: Int32) {
        for _ in 0..<60 {
            if send(client, "ab", 2, Int32(MSG_NOSIGNAL)) <= 0 { return }
            sleep(1)
        }
    }
}

/// Issue 14, item 5 (the downloader's trust) and items 1 and 17 for the IDX reader.
@Suite(.serialized) struct DownloaderHardeningTests {
    @Test func defaultMirrorsAreHTTPSOnly() throws {
        #expect(!Downloader.defaultMirrors.isEmpty)
        #expect(Downloader.defaultMirrors.allSatisfy { $0.hasPrefix("https://") }, "\(Downloader.defaultMirrors)")
        for (base, size) in Downloader.officialSizes { #expect(Downloader.defaultSizeCap(for: base) > size) }
    }

    // Red team, session 12: DIGITREC_MNIST_MIRRORS with no usable entry, or with one that is
    // not http(s), is an error naming the variable; spaces and empty entries are dropped.
    @Test func mirrorListFromTheEnvironmentIsChecked() throws {
        for bad in [",", " , ", "file:///tmp/mnist/", "https://a.example/, ftp://b.example/"] {
            let error = try #require(throws: MNISTError.self, "\(bad)") { try Downloader.mirrors(environment: ["DIGITREC_MNIST_MIRRORS": bad]) }
            #expect("\(error)".contains("DIGITREC_MNIST_MIRRORS"), "\(error)")
        }
        #expect(try Downloader.mirrors(environment: ["DIGITREC_MNIST_MIRRORS": " https://a.example/x ,,http://b.example/ "])
                == ["https://a.example/x/", "http://b.example/"])
        #expect(try Downloader.mirrors(environment: [:]) == Downloader.defaultMirrors)
    }

    // An endless response is cut at the cap and leaves no partial file behind.
    @Test func endlessResponseIsCutAtTheCapAndRemoved() throws {
        let server = try HostileServer(body: HostileServer.endless)
        defer { server.stop() }
        let dir = try TempDir()
        defer { dir.remove() }
        var downloader = Downloader(mirrors: [server.base], expected: try DownloaderTests.fixtures().expected)
        downloader.timeout = 10
        downloader.sizeCap = { _ in 2 << 20 }
        do {
            try downloader.downloadAll(into: dir.path, files: ["t10k-labels-idx1-ubyte"]) { _ in }
            Issue.record("an endless response was accepted")
        } catch {
            #expect("\(error)".contains("more than"), "\(error)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.file("t10k-labels-idx1-ubyte.gz.part")))
        #expect(!FileManager.default.fileExists(atPath: dir.file("t10k-labels-idx1-ubyte.gz")))
    }

    // A response trickling at 2 bytes a second is given up as a stall.
    @Test func stalledResponseIsGivenUp() throws {
        let server = try HostileServer(body: HostileServer.trickle)
        defer { server.stop() }
        let dir = try TempDir()
        defer { dir.remove() }
        var downloader = Downloader(mirrors: [server.base], expected: try DownloaderTests.fixtures().expected)
        downloader.timeout = 2
        downloader.resumeAttempts = 1
        do {
            try downloader.downloadAll(into: dir.path, files: ["t10k-labels-idx1-ubyte"]) { _ in }
            Issue.record("a trickling response was accepted")
        } catch {
            #expect("\(error)".lowercased().contains("too slow"), "\(error)")
        }
    }

    // A symbolic link planted at the `.part` name is refused and its target left untouched.
    @Test func symlinkedPartIsRefusedAndItsTargetUntouched() throws {
        let (files, expected) = try DownloaderTests.fixtures()
        let server = try FixtureServer(files: files)
        defer { server.stop() }
        let dir = try TempDir()
        defer { dir.remove() }
        let victim = dir.file("victim")
        try IDXFixture.write([1, 2, 3], to: victim)
        symlink(victim, dir.file("t10k-labels-idx1-ubyte.gz.part"))
        var downloader = Downloader(mirrors: [server.base], expected: expected)
        downloader.timeout = 5
        do {
            try downloader.downloadAll(into: dir.path, files: ["t10k-labels-idx1-ubyte"]) { _ in }
            Issue.record("the download wrote through a symbolic link")
        } catch {
            #expect("\(error)".contains("symbolic link"), "\(error)")
        }
        #expect(FileManager.default.contents(atPath: victim) == Data([1, 2, 3]))
        #expect(!FileManager.default.fileExists(atPath: dir.file("t10k-labels-idx1-ubyte.gz")))
    }

    // Item 1: a FIFO is refused at once (gzopen would block in open() forever).
    @Test func fifoIsRefusedWithoutBlocking() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("t10k-images-idx3-ubyte.gz")
        mkfifo(path, 0o600)
        do {
            _ = try IDXReader.read(path: path, kind: .images)
            Issue.record("a FIFO was read")
        } catch {
            #expect("\(error)".contains("FIFO"), "\(error)")
        }
    }

    // Item 17: a gzip member without its 8-byte trailer (CRC-32, length) is refused, as is one
    // whose trailer is cut short or followed by junk; concatenated members are fine.
    @Test func gzipTrailerIsRequired() throws {
        let raw = IDXFixture.labels([1, 2, 3, 4])
        let gz = try IDXFixture.gzipped(raw)
        let dir = try TempDir()
        defer { dir.remove() }
        let cases: [(String, [UInt8], String?)] = [
            ("whole", gz, nil),
            ("no-trailer", Array(gz.dropLast(8)), "trailer"),
            ("half-trailer", Array(gz.dropLast(4)), "trailer"),
            ("junk-after", gz + [0x00, 0x01], "after the end"),
            ("two-members", try IDXFixture.gzipped(Array(raw.prefix(6))) + IDXFixture.gzipped(Array(raw.dropFirst(6))), nil),
        ]
        for (name, bytes, message) in cases {
            let path = dir.file(name + ".gz")
            try IDXFixture.write(bytes, to: path)
            do {
                let file = try IDXReader.read(path: path, kind: .labels)
                #expect(message == nil, "\(name) was accepted")
                #expect(file.bytes == [1, 2, 3, 4], "\(name)")
            } catch {
                #expect(message.map { "\(error)".contains($0) } == true, "\(name): \(error)")
            }
        }
    }
}
