import Foundation
import Testing
import CZlib

/// Where the shared test material and MNIST live, and how a test says it is skipping.
enum Env {
    /// The package root (this file is Tests/MNISTTests/Fixtures.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let testdata = ProcessInfo.processInfo.environment["DIGITREC_TESTDATA"] ?? root + "/../shared/testdata"
    static let mnist = ProcessInfo.processInfo.environment["DIGITREC_DATA"]
    /// CI sets this: absent data is then a failure, not a skip.
    static let require = ProcessInfo.processInfo.environment["DIGITREC_REQUIRE_DATA"] == "1"

    static func available(_ path: String?, what: String) -> Bool {
        if let path, FileManager.default.fileExists(atPath: path) { return true }
        if require { Issue.record("\(what) is required (DIGITREC_REQUIRE_DATA=1) but missing at \(path ?? "(unset)")") }
        else { print("SKIP: \(what) not found at \(path ?? "(DIGITREC_DATA unset)")") }
        return false
    }
}

/// A temporary folder removed at the end of the test.
final class TempDir {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "digitrec-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    func file(_ name: String) -> String { path + "/" + name }
}

enum IDXFixture {
    static func images(count: Int, rows: Int = 28, cols: Int = 28, magic: UInt32 = 0x803, seed: UInt8 = 1) -> [UInt8] {
        var b = be(magic) + be(UInt32(count)) + be(UInt32(rows)) + be(UInt32(cols))
        for i in 0..<(count * rows * cols) { b.append(UInt8(truncatingIfNeeded: i &* 7 &+ Int(seed))) }
        return b
    }

    static func labels(_ values: [UInt8]) -> [UInt8] { be(0x801) + be(UInt32(values.count)) + values }

    static func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }

    static func write(_ bytes: [UInt8], to path: String) {
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
    }

    static func writeGzip(_ bytes: [UInt8], to path: String) {
        let gz = gzopen(path, "wb")!
        _ = bytes.withUnsafeBytes { gzwrite(gz, $0.baseAddress, UInt32($0.count)) }
        gzclose(gz)
    }

    static func gzipped(_ bytes: [UInt8]) -> [UInt8] {
        let dir = TempDir()
        writeGzip(bytes, to: dir.file("x.gz"))
        return [UInt8](FileManager.default.contents(atPath: dir.file("x.gz"))!)
    }
}
