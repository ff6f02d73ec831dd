import DigitApp
import Foundation
import Testing
import TestSupport

/// A folder's images: PNG and JPEG by name; formats people have but digitrec does not read
/// are named in the skipped note, not lumped with "other files".
@Suite struct ImageFolderTests {
    @Test func unreadPhotoFormatsAreNamed() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        for name in ["a.png", "b.JPG", "IMG_1.HEIC", "IMG_2.heic", "c.webp", "notes.txt", ".hidden.png"] {
            FileManager.default.createFile(atPath: dir.file(name), contents: Data([1]))
        }
        let folder = try ImageFolder.scan(dir.path)
        #expect(folder.files.map { Path.baseName($0) } == ["a.png", "b.JPG"])
        #expect(folder.skipped == ["3 HEIC/WEBP images (digitrec reads PNG and JPEG: convert them)", "1 other file"])
    }
}
