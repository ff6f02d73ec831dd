import DigitApp
import Foundation
import Testing
import TestSupport

/// From the new-user walkthrough: one bad line of labels.csv left the whole file unused (every
/// label fell back to the file names). Now the good lines are used and the bad ones are named
/// by number, in one warning.
@Suite struct LabelsBadLineTests {
    @Test func goodLinesAreUsedAndBadLinesNamed() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let text = "file,label\nscan.png,3\nbroken line\n\"two\nlines.png\",4\n,5\nsub/x.png,3\n3_photo.png,-\nlast.png,7\nbag.png,Sneaker\n"
        try text.write(toFile: dir.file("labels.csv"), atomically: true, encoding: .utf8)
        let labels = try ImageLabels.load(folder: dir.path)
        #expect(labels.expected(for: dir.file("scan.png")) == "3")
        #expect(labels.expected(for: dir.file("two\nlines.png")) == "4")
        #expect(labels.expected(for: dir.file("last.png")) == "7", "a line after the bad ones")
        #expect(labels.expected(for: dir.file("3_photo.png")) == nil, "the no-label mark still counts")
        #expect(labels.expected(for: dir.file("sub/x.png")) == nil, "a path is not a name in this folder")
        #expect(labels.expected(for: dir.file("bag.png")) == "Sneaker", "class names label a model of named classes")
        // Line numbers are the file's: the quoted line break makes the row after it line 6.
        #expect(labels.badLines.map(\.line) == [3, 6, 7])
        let warning = try #require(labels.warning)
        #expect(warning.hasSuffix("labels.csv line 3 left out: needs a file name and a label (also lines 6, 7)"), "\(warning)")
        #expect(warning.contains(dir.path), "the file is named")
    }

    /// Walkthrough, session 27: a row naming a file that is not there (a typo) was used for
    /// nothing without a word.
    @Test func rowsNamingNoImageHereAreSaid() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try "file,label\n3_pen.png,8\n3_pn.png,5\nold.png,2\n".write(toFile: dir.file("labels.csv"), atomically: true, encoding: .utf8)
        let labels = try ImageLabels.load(folder: dir.path)
        let files = [dir.file("3_pen.png"), dir.file("4.png")]
        #expect(labels.unlisted(among: files) == ["3_pn.png", "old.png"])
        #expect(labels.unlistedWarning(among: files) == "labels.csv names 2 files not among the images read here: 3_pn.png, old.png")
        #expect(labels.unlistedWarning(among: files + [dir.file("3_pn.png"), dir.file("old.png")]) == nil)
    }

    @Test func aFileWithoutItsHeaderIsStillRefused() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try "name;label\nx.png;3\n".write(toFile: dir.file("labels.csv"), atomically: true, encoding: .utf8)
        #expect(throws: AppError.self) { try ImageLabels.load(folder: dir.path) }
    }

    // Red team, session 12: a labels.csv or classes.txt that is a link leading nowhere (a
    // loop, a dangling link) is an error naming it, not silently "no labels".
    @Test(arguments: ["loop", "dangling"]) func aLinkThatLeadsNowhereIsAnError(kind: String) throws {
        let dir = try TempDir()
        defer { dir.remove() }
        for name in ["labels.csv", "classes.txt"] {
            try FileManager.default.createSymbolicLink(atPath: dir.file(name), withDestinationPath: kind == "loop" ? name : "gone-\(name)")
        }
        let labels = try #require(throws: AppError.self) { try ImageLabels.load(folder: dir.path) }
        #expect("\(labels)".contains("labels.csv"), "\(labels)")
        let classes = try #require(throws: AppError.self) { try ClassList.read(folder: dir.path) }
        #expect("\(classes)".contains("classes.txt"), "\(classes)")
        // With no file at all, both are simply absent.
        let empty = try TempDir()
        defer { empty.remove() }
        #expect(try ImageLabels.load(folder: empty.path).table.isEmpty)
        #expect(try ClassList.read(folder: empty.path) == nil)
    }

    @Test func labellingDoesNotDropABadLine() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let text = "file,label\nscan.png,3\nbroken line\n"
        try text.write(toFile: dir.file("labels.csv"), atomically: true, encoding: .utf8)
        #expect(throws: AppError.self) { try ImageLabels.update(folder: dir.path, file: dir.file("x.png"), label: "4") }
        #expect(try String(contentsOfFile: dir.file("labels.csv"), encoding: .utf8) == text, "never rewritten without the line")
    }
}
