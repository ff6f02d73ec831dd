import Foundation
import CZlib
import TestSupport

/// Small IDX files made by the tests themselves.
enum IDXFixture {
    struct CannotWrite: Error, CustomStringConvertible {
        let path: String
        var description: String { "cannot write the fixture \(path)" }
    }

    static func images(count: Int, rows: Int = 28, cols: Int = 28, magic: UInt32 = 0x803, seed: UInt8 = 1) -> [UInt8] {
        var b = be(magic) + be(UInt32(count)) + be(UInt32(rows)) + be(UInt32(cols))
        for i in 0..<(count * rows * cols) { b.append(UInt8(truncatingIfNeeded: i &* 7 &+ Int(seed))) }
        return b
    }

    static func labels(_ values: [UInt8]) -> [UInt8] { be(0x801) + be(UInt32(values.count)) + values }

    static func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }

    static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    static func writeGzip(_ bytes: [UInt8], to path: String) throws {
        guard let gz = gzopen(path, "wb") else { throw CannotWrite(path: path) }
        let written = bytes.withUnsafeBytes { gzwrite(gz, $0.baseAddress, UInt32($0.count)) }
        guard gzclose(gz) == Z_OK, written == bytes.count else { throw CannotWrite(path: path) }
    }

    static func gzipped(_ bytes: [UInt8]) throws -> [UInt8] {
        let dir = try TempDir()
        defer { dir.remove() }
        try writeGzip(bytes, to: dir.file("x.gz"))
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir.file("x.gz"))))
    }
}
