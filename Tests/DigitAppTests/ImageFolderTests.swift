import DigitApp
import Foundation
import Glibc
import Support
import Testing
import TestSupport

/// A folder's images: PNG and JPEG by name; formats people have but digitrec does not read
/// are named in the skipped note, not lumped with "other files".
@Suite struct ImageFolderTests {
    /// A photo's path opens as its folder at that photo; anything else is left as it is.
    @Test func anImagesPathIsItsFolderAtIt() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        FileManager.default.createFile(atPath: dir.file("48_pair.JPEG"), contents: Data())
        FileManager.default.createFile(atPath: dir.file("notes.txt"), contents: Data())
        let target = ImageFolder.galleryTarget(dir.path + "//48_pair.JPEG")
        #expect(target.folder == dir.path && target.focus == dir.file("48_pair.JPEG"))
        #expect(ImageFolder.galleryTarget(dir.file("notes.txt")) == (dir.file("notes.txt"), nil))
        #expect(ImageFolder.galleryTarget(dir.path) == (dir.path, nil))
        mkfifo(dir.file("pipe.png"), 0o600)
        #expect(ImageFolder.galleryTarget(dir.file("pipe.png")).focus == nil, "a FIFO is no image to open")
    }

    /// Walkthrough 35: a looping link typed at the folder prompt was "no such folder".
    @Test func aLinkThatLoopsOrLeadsNowhereIsSaidSo() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        symlink(dir.file("loop"), dir.file("loop"))
        symlink(dir.file("gone"), dir.file("dangling"))
        for name in ["loop", "dangling"] {
            #expect(ImageFolder.galleryRefusal(dir.file(name)) == "a symbolic link that loops or leads nowhere", "\(name)")
        }
        #expect(ImageFolder.galleryRefusal(dir.file("absent")) == "no such folder")
    }

    @Test func unreadPhotoFormatsAreNamed() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        for name in ["a.png", "b.JPG", "IMG_1.HEIC", "IMG_2.heic", "c.webp", "notes.txt", ".hidden.png"] {
            FileManager.default.createFile(atPath: dir.file(name), contents: Data([1]))
        }
        let folder = try ImageFolder.scan(dir.path)
        #expect(folder.files.map { Path.baseName($0) } == ["a.png", "b.JPG"])
        #expect(folder.skipped == ["3 HEIC/WEBP images (digitrec reads PNG and JPEG: convert them)", "1 other file"])
        #expect(folder.skippedImages == ["3 HEIC/WEBP images (digitrec reads PNG and JPEG: convert them)"], "the images only")
    }

    /// From the walkthrough: images in subfolders were not found. They are read down to three
    /// levels, named by their path below the folder; a symbolic link back up the tree (a loop)
    /// is read once, hidden folders never, and a folder whose name is not UTF-8 is read too.
    @Test func subfoldersAreReadWithLimits() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let fm = FileManager.default
        for folder in ["june", "june/week1", "a/b/c/d", ".git"] { try fm.createDirectory(atPath: dir.file(folder), withIntermediateDirectories: true) }
        // A folder named with the byte 0xFF, made through the raw bytes.
        let raw = Path.decode(bytes: [0x66, 0xFF])
        #expect(Path.withCString(dir.file(raw)) { mkdir($0, 0o700) } == 0)
        for name in ["1.png", "june/2.png", "june/week1/3.jpg", "a/b/c/4.png", "a/b/c/d/5.png", ".git/6.png", "june/notes.txt"] {
            fm.createFile(atPath: dir.file(name), contents: Data([1]))
        }
        let fd = Path.withCString(dir.file(raw + "/7.png")) { open($0, O_WRONLY | O_CREAT, 0o600) }
        #expect(fd >= 0)
        close(fd)
        try fm.createSymbolicLink(atPath: dir.file("loop"), withDestinationPath: ".")
        try fm.createSymbolicLink(atPath: dir.file("june/up"), withDestinationPath: "..")
        let folder = try ImageFolder.scan(dir.path)
        let names = folder.files.map { ImageFolder.relativeName($0, in: dir.path) }
        #expect(names == ["1.png", "a/b/c/4.png", raw + "/7.png", "june/2.png", "june/week1/3.jpg"], "\(names.map(Path.display))")
        #expect(folder.subfolders == ["a", "a/b", "a/b/c", raw, "june", "june/week1"])
        #expect(folder.skipped == ["1 other file", "1 folder more than 3 levels down", "2 folder links to a folder already read (a loop)"],
                "\(folder.skipped)")
        #expect(Path.display(names[2]) == "f\\xFF/7.png")
        // The folder alone (class folders of a dataset): subfolders are only counted.
        let flat = try ImageFolder.scan(dir.path, maxDepth: 0)
        #expect(flat.files.map { Path.baseName($0) } == ["1.png"] && flat.skipped.contains("4 folders"), "\(flat.skipped)")
    }

    /// Each subfolder's labels.csv labels the images beside it; a label set in the gallery is
    /// written there, and the same name in another folder keeps its own label.
    @Test func subfolderLabelsStayBesideTheirImages() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.file("june"), withIntermediateDirectories: true)
        for name in ["scan.png", "june/scan.png"] { FileManager.default.createFile(atPath: dir.file(name), contents: Data([1])) }
        try "file,label\nscan.png,3\n".write(toFile: dir.file("labels.csv"), atomically: true, encoding: .utf8)
        try "file,label\nscan.png,7\nbad\n".write(toFile: dir.file("june/labels.csv"), atomically: true, encoding: .utf8)
        let scan = try ImageFolder.scan(dir.path)
        let labels = try ImageLabels.load(folder: dir.path, subfolders: scan.subfolders)
        #expect(labels.expected(for: dir.file("scan.png")) == "3" && labels.expected(for: dir.file("june/scan.png")) == "7")
        #expect(labels.warning == dir.path + "/june/labels.csv line 3 left out: needs a file name and a label")
        // june/labels.csv has a bad line: it is not rewritten; the root's is.
        #expect(throws: AppError.self) { try ImageLabels.update(folder: dir.path, file: dir.file("june/scan.png"), label: "1", subfolders: scan.subfolders) }
        let updated = try ImageLabels.update(folder: dir.path, file: dir.file("scan.png"), label: "8", subfolders: scan.subfolders)
        #expect(updated.expected(for: dir.file("scan.png")) == "8" && updated.expected(for: dir.file("june/scan.png")) == "7")
        #expect(try String(contentsOfFile: dir.file("labels.csv"), encoding: .utf8) == "file,label\nscan.png,8\n")
        try "file,label\nscan.png,7\n".write(toFile: dir.file("june/labels.csv"), atomically: true, encoding: .utf8)
        _ = try ImageLabels.update(folder: dir.path, file: dir.file("june/scan.png"), label: "1", subfolders: scan.subfolders)
        #expect(try String(contentsOfFile: dir.file("june/labels.csv"), encoding: .utf8) == "file,label\nscan.png,1\n")
        #expect(try String(contentsOfFile: dir.file("labels.csv"), encoding: .utf8) == "file,label\nscan.png,8\n")
    }
}
