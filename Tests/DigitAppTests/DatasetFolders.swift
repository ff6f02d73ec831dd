import DigitApp
import DigitImage
import Foundation
import Testing
import TestSupport

/// What the other-dataset tests share: image-folder datasets drawn with the stroke renderer,
/// the built binary, and the numbers its output holds.
enum DatasetFolders {
    static let fm = FileManager.default

    /// `count` pen-drawn images of `digit` (boxy and continental, three pen widths) in `folder`.
    static func drawDigits(_ digit: Int, count: Int, into folder: String, seed: UInt64) throws {
        try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for k in 0..<count {
            let style: StrokeDigits.Style = k % 2 == 0 ? .boxy : .continental
            let image = StrokeDigits.render(digit, style: style, size: 64, penWidth: 5 + Float(k % 3) * 2, seed: seed &+ UInt64(k * 31 + digit))
            try PNGEncoder.write(image, to: folder + "/\(k).png")
        }
    }

    /// `DIR/train/<d>/` and `DIR/test/<d>/` for the ten digits.
    static func splitDigits(_ dir: String, train: Int, test: Int) throws {
        for d in 0..<10 {
            try drawDigits(d, count: train, into: "\(dir)/train/\(d)", seed: 100)
            try drawDigits(d, count: test, into: "\(dir)/test/\(d)", seed: 900)
        }
    }

    static func write(_ text: String, to path: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The release binary, run from the package root.
    static func digitrec(_ args: [String]) throws -> CommandOutput {
        try ChildProcess.run([Env.digitrec] + args, environment: ["DIGITREC_DATA": nil], in: Env.root, timeout: 900)
    }

    /// The number in "test accuracy 97.84% …" (stdout of `train`).
    static func testAccuracy(_ stdout: String) throws -> Double {
        let line = try #require(stdout.split(separator: "\n").first { $0.hasPrefix("test accuracy ") }, "\(stdout)")
        let word = try #require(line.split(separator: " ").dropFirst(2).first, "\(line)")
        return try #require(Double(word.dropLast()), "a percentage: \(line)")
    }

    static func json(_ text: String) throws -> [String: Any] {
        let line = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "a JSON object: \(line)")
    }
}
