import DigitApp
import Foundation
import Testing
import TestSupport

/// `ImageLabels.update`: what the gallery's labelling writes. It starts from labels.csv as it
/// is on disk, so rows written meanwhile survive; it never renames the images; a damaged file
/// or a label that is not a number is refused, and the file is left as it was.
@Suite struct ImageLabelsUpdateTests {
    @Test func updateKeepsRowsWrittenMeanwhileAndNeverRenames() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: dir.file("3_photo.png")))
        let first = try ImageLabels.update(folder: dir.path, file: dir.file("3_photo.png"), label: "8")
        #expect(first.expected(for: dir.file("3_photo.png")) == "8")
        // Someone else adds a row by hand.
        try "file,label\n3_photo.png,8\nscan.png,42\n".write(toFile: dir.file("labels.csv"), atomically: true, encoding: .utf8)
        let second = try ImageLabels.update(folder: dir.path, file: dir.file("7_x.png"), label: "1")
        #expect(second.table == ["3_photo.png": "8", "scan.png": "42", "7_x.png": "1"])
        #expect(try String(contentsOfFile: dir.file("labels.csv"), encoding: .utf8) == "file,label\n3_photo.png,8\n7_x.png,1\nscan.png,42\n")
        let removed = try ImageLabels.update(folder: dir.path, file: dir.file("3_photo.png"), label: nil)
        #expect(removed.expected(for: dir.file("3_photo.png")) == nil, "cleared: no label, though the name gives one")
        #expect(try ImageLabels.load(folder: dir.path).expected(for: dir.file("3_photo.png")) == nil, "kept in the file")
        #expect(try String(contentsOfFile: dir.file("labels.csv"), encoding: .utf8).contains("3_photo.png,-\n"))
        // A name that gives no label needs no mark: clearing drops the row.
        let dropped = try ImageLabels.update(folder: dir.path, file: dir.file("scan.png"), label: nil)
        #expect(dropped.table["scan.png"] == nil && dropped.expected(for: dir.file("scan.png")) == nil)
        // The label the name gives needs no row (walkthrough: undoing a slip wrote "3_photo.png,3").
        let back = try ImageLabels.update(folder: dir.path, file: dir.file("3_photo.png"), label: "3")
        #expect(back.table["3_photo.png"] == nil && back.expected(for: dir.file("3_photo.png")) == "3")
        #expect(try String(contentsOfFile: dir.file("labels.csv"), encoding: .utf8) == "file,label\n7_x.png,1\n")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(names == ["3_photo.png", "labels.csv"], "the image keeps its name; no temporary file is left: \(names)")
    }

    @Test func badLabelsAndDamagedFilesAreRefusedAndLeftAlone() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        for bad in ["", "3a", "٣", String(repeating: "1", count: 41)] {
            #expect(throws: AppError.self) { try ImageLabels.update(folder: dir.path, file: dir.file("x.png"), label: bad) }
        }
        #expect(!FileManager.default.fileExists(atPath: dir.file("labels.csv")))
        let damaged = "name;label\nx.png;3\n"
        try damaged.write(toFile: dir.file("labels.csv"), atomically: true, encoding: .utf8)
        #expect(throws: AppError.self) { try ImageLabels.update(folder: dir.path, file: dir.file("x.png"), label: "4") }
        #expect(try String(contentsOfFile: dir.file("labels.csv"), encoding: .utf8) == damaged, "never overwritten")
    }
}
