import DigitApp
import DigitImage
import Testing
import TestSupport

/// Walkthrough: `eval --data my` / `dataset --data my` on a folder of one's own labelled
/// photos said "MNIST not found … run digitrec download"; it now says what the folder is and
/// which commands read such a folder.
@Suite struct FlatImageFolderDataTests {
    @Test func aFolderOfOwnImagesIsNamedAndPointedElsewhere() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try PNGEncoder.write(StrokeDigits.render(7, style: .boxy, seed: 1), to: dir.file("7_mine.png"))
        try PNGEncoder.write(StrokeDigits.render(3, style: .boxy, seed: 2), to: dir.file("3_mine.png"))
        do {
            _ = try MNISTData.load(dir.path, withTraining: false)
            Issue.record("a folder of two PNGs loaded as a dataset")
        } catch {
            let text = "\(error)"
            #expect(text.contains("holds 2 images but no MNIST files and no class folders"), "\(text)")
            #expect(text.contains("digitrec compare A B --images DIR") && !text.contains("digitrec download"), "\(text)")
        }
    }

    @Test func anEmptyFolderIsStillMNISTNotFound() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        #expect(throws: (any Error).self) { _ = try MNISTData.load(dir.path, withTraining: false) }
        do { _ = try MNISTData.load(dir.path, withTraining: false) } catch { #expect("\(error)".hasPrefix("MNIST not found"), "\(error)") }
    }
}
