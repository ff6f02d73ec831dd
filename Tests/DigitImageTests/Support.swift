import Foundation
import Testing

enum Env {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let testdata = ProcessInfo.processInfo.environment["DIGITREC_TESTDATA"] ?? root + "/../shared/testdata"
    static let mnist = ProcessInfo.processInfo.environment["DIGITREC_DATA"]
    static let require = ProcessInfo.processInfo.environment["DIGITREC_REQUIRE_DATA"] == "1"

    static func available(_ path: String?, what: String) -> Bool {
        if let path, FileManager.default.fileExists(atPath: path) { return true }
        if require { Issue.record("\(what) is required (DIGITREC_REQUIRE_DATA=1) but missing at \(path ?? "(unset)")") }
        else { print("SKIP: \(what) not found at \(path ?? "(DIGITREC_DATA unset)")") }
        return false
    }

    static func files(in dir: String, suffix: String = ".png") -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(suffix) }.sorted()
    }
}

/// Reads a binary PGM (P5) reference decode.
func readPGM(_ path: String) -> (width: Int, height: Int, pixels: [UInt8])? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    let bytes = [UInt8](data)
    var fields: [String] = []
    var i = 0
    while fields.count < 4 && i < bytes.count {
        while i < bytes.count && (bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09) { i += 1 }
        if i < bytes.count && bytes[i] == UInt8(ascii: "#") { while i < bytes.count && bytes[i] != 0x0A { i += 1 }; continue }
        var s = ""
        while i < bytes.count && !(bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09) { s.append(Character(UnicodeScalar(bytes[i]))); i += 1 }
        fields.append(s)
    }
    guard fields.count == 4, fields[0] == "P5", let w = Int(fields[1]), let h = Int(fields[2]) else { return nil }
    i += 1
    guard bytes.count >= i + w * h else { return nil }
    return (w, h, Array(bytes[i..<(i + w * h)]))
}
