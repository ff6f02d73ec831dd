import Foundation
import Testing
import TestSupport

/// `digitrec predict` reads JPEG like PNG: the format from the content, folders list .jpg/.jpeg.
@Suite struct JPEGCLITests {
    static let fixtures = Env.root + "/Tests/DigitImageTests/Fixtures"
    /// digits/3_font_white_on_black.png at JPEG quality 75 (Fixtures/make-jpeg-fixtures.sh).
    static let digitJPEG = fixtures + "/digit-3-q75.jpg"
    static let digitPNG = Env.root + "/digits/3_font_white_on_black.png"

    @Test(.requires(.shippedModel)) func jpegOfADigitReadsLikeThePNG() throws {
        _ = try Requirement.shippedModel.path()
        let r = try CLI.run(["predict", "--json", Self.digitPNG, Self.digitJPEG])
        #expect(r.status == 0, "\(r.stderr)")
        let objects = try r.stdout.split(separator: "\n").map(CLI.json)
        #expect(objects.count == 2)
        #expect(objects.map { $0["prediction"] as? String } == ["3", "3"], "\(r.stdout)")
    }

    @Test(.requires(.shippedModel)) func folderScanIncludesJPEGFiles() throws {
        _ = try Requirement.shippedModel.path()
        let dir = NSTemporaryDirectory() + "digitrec-jpeg-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for name in ["a.jpg", "b.JPEG"] { try FileManager.default.copyItem(atPath: Self.digitJPEG, toPath: dir + "/" + name) }
        try FileManager.default.copyItem(atPath: Self.digitPNG, toPath: dir + "/c.png")
        try Data("notes".utf8).write(to: URL(fileURLWithPath: dir + "/notes.txt"))
        let r = try CLI.run(["predict", "--json", dir])
        #expect(r.status == 0, "\(r.stderr)")
        let objects = try r.stdout.split(separator: "\n").map(CLI.json)
        #expect(objects.map { ($0["file"] as? String).map { URL(fileURLWithPath: $0).lastPathComponent } } == ["a.jpg", "b.JPEG", "c.png"])
        #expect(objects.allSatisfy { $0["prediction"] as? String == "3" }, "\(r.stdout)")
        #expect(r.stderr.contains("skipped 1 other file") && !r.stderr.contains("JPEG"), "\(r.stderr)")
    }

    @Test(.requires(.shippedModel)) func truncatedJPEGIsRefusedByName() throws {
        _ = try Requirement.shippedModel.path()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.digitJPEG))
        let path = NSTemporaryDirectory() + "digitrec-cut-\(UUID().uuidString).jpg"
        try bytes.prefix(bytes.count * 2 / 3).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try CLI.run(["predict", path])
        #expect(r.status == 1)
        #expect(r.stderr.contains(path + ": not a valid JPEG: the file is truncated"), "\(r.stderr)")
    }

    @Test func predictHelpSaysPNGOrJPEG() throws {
        let r = try CLI.run(["predict", "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("PNG or JPEG"), "\(r.stdout)")
    }
}
