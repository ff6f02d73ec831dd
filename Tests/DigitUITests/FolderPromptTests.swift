import DigitApp
import Foundation
import Glibc
import Testing
@testable import DigitUI

/// "Open a folder" (`o`): a user's own folder of images, chosen without leaving the program.
@Suite struct FolderPromptTests {
    @Test func tabCompletesLikeAShell() {
        var f = FolderField("~/pho")
        f.complete(folders: ["photos", "phone", "Music", ".photos-cache"])
        #expect(f.text == "~/pho", "pho is already as far as photos and phone agree")
        #expect(f.choices == ["phone/", "photos/"], "hidden folders only when a . is typed")
        f.type("t")
        #expect(f.choices.isEmpty)
        f.complete(folders: ["photos", "phone"])
        #expect(f.text == "~/photos/" && f.choices.isEmpty, "one match: completed with its slash")
        var g = FolderField("m")
        g.complete(folders: ["mine-2026", "mine-2025", "other"])
        #expect(g.text == "mine-202" && g.choices.count == 2, "completed as far as they agree")
        var h = FolderField("zz")
        h.complete(folders: ["a"])
        #expect(h.text == "zz" && h.error == "no folder starts with zz")
        var hidden = FolderField(".c")
        hidden.complete(folders: [".cache", "cat"])
        #expect(hidden.text == ".cache/")
    }

    @Test func theTypedPathIsExpanded() {
        #expect(FolderField.expand("~/photos/", home: "/home/ann") == "/home/ann/photos")
        #expect(FolderField.expand("~", home: "/home/ann") == "/home/ann")
        #expect(FolderField.expand("~ann/x", home: "/home/ann") == "~ann/x", "another user's ~ is not guessed")
        #expect(FolderField.expand("", home: nil) == ".")
        #expect(FolderField.expand("/", home: nil) == "/")
        #expect(FolderField.split("a/b/c") == ("a/b/", "c") && FolderField.split("abc") == ("", "abc"))
    }

    @Test func fieldTakesPrintableTextWithinItsLimit() {
        var f = FolderField()
        for c in "q?é\u{1B}\n " as String { f.type(c) }
        #expect(f.text == "q?é ", "control characters are not typed")
        f = FolderField(String(repeating: "a", count: FolderField.maxBytes))
        f.type("b")
        #expect(f.text.utf8.count == FolderField.maxBytes)
    }

    @Test func fromTheStartMenuToTheGallery() {
        var s = fresh()
        s.modelName = "m.safetensors"
        var e: [Effect]
        (s, e) = apply(s, .key(.char("o")))
        #expect(s.folderPrompt != nil && e.isEmpty)
        #expect(render(s).text.contains("Open the folder:"))
        #expect(render(s).text.hasSuffix(" Enter open  Tab complete  ^U clear  Esc cancel  F1 help"), "? is typed here: F1 helps")
        #expect(apply(s, .key(.function(1))).0.showHelp)
        // The folder open now is offered (walkthrough, session 33: back from the menu the prompt
        // was empty): Enter opens it again; a character typed replaces it.
        #expect(s.folderPrompt?.text == "digits/" && render(s).text.contains("Enter: this one again"), "\(render(s).text)")
        #expect(apply(s, .key(.enter)).1 == [.openFolder("digits/")])
        // Before any model read a folder, it was never opened: not "again".
        var first = fresh()
        first = apply(first, .key(.char("o"))).0
        #expect(render(first).text.contains("Enter opens it; typing replaces it") && !render(first).text.contains("again"), "\(render(first).text)")
        // Walkthrough, session 28: Enter with nothing typed opened the working folder, subfolders and all.
        let empty = apply(s, .key(.char("\u{15}")), .key(.enter))
        #expect(empty.1.isEmpty && empty.0.folderPrompt?.error?.contains("type a folder's path first") == true)
        // q, ? and letters are the path's, not commands.
        (s, e) = apply(s, .key(.char("q")), .key(.char("?")), .key(.char("x")), .key(.backspace), .key(.tab))
        #expect(!s.quit && !s.showHelp && s.folderPrompt?.text == "q?")
        #expect(e == [.completeFolder("q?")])
        (s, e) = apply(s, .key(.enter))
        #expect(e == [.openFolder("q?")])
        (s, _) = apply(s, .folderRefused(typed: "q?", why: "q?: no such folder"))
        #expect(s.folderPrompt?.error == "q?: no such folder" && render(s).text.contains("q?: no such folder"), "the prompt stays, to fix a typo")
        (s, e) = apply(s, .folderOpened(typed: "q?", path: "/home/ann/photos"))
        #expect(s.folderPrompt == nil && s.digitsFolder == "/home/ann/photos")
        guard case .gallery = s.screen else { Issue.record("the gallery shows the folder: \(s.screen)"); return }
        #expect(e.contains(.scanFolder("/home/ann/photos")))
    }

    @Test func galleryOpensAnotherFolderFromItsStart() {
        var s = apply(fresh(), .modelLoaded(name: "m"), .folderScanned(files: ["digits/a.png", "digits/b.png"])).0
        s.index = 1
        var e: [Effect]
        (s, e) = apply(s, .key(.char("o")), .key(.char("x")), .folderListed(typed: "", folders: ["late"]))
        #expect(s.folderPrompt?.text == "x" && e.isEmpty, "a listing for text since changed is dropped")
        (s, e) = apply(s, .key(.escape))
        #expect(s.folderPrompt == nil && s.digitsFolder == "digits" && s.index == 1, "Esc keeps the folder")
        (s, e) = apply(s, .key(.char("o")), .folderOpened(typed: "digits/", path: "mine"))
        #expect(s.digitsFolder == "mine" && s.index == 0 && s.files.isEmpty && e == [.scanFolder("mine")])
        #expect(s.labels.folder == "mine", "labels of the old folder are not applied to the new one")
        // The old folder's scan, late, is not the new folder's.
        (s, _) = apply(s, .folderScanned(files: ["digits/a.png"], folder: "digits"))
        #expect(s.files.isEmpty)
        (s, _) = apply(s, .folderScanned(files: ["mine/b.png"], folder: "mine"))
        #expect(s.files == ["mine/b.png"])
    }

    /// Walkthrough, session 21: `o` then Enter left a new user on the menu, asked to load a
    /// model first; the shipped model is loaded as for `--digits` and the drawing screen.
    @Test func withoutAModelTheShippedOneReadsTheFolder() {
        var (s, e) = apply(fresh(), .key(.char("o")), .folderOpened(typed: "digits/", path: "mine"))
        #expect(e == [.loadModel(path: ModelStore.defaultModelPath)] && s.digitsFolder == "mine" && s.folderPrompt == nil)
        #expect(s.message?.contains("loading") == true)
        (s, e) = apply(s, .modelLoaded(name: "m"))
        #expect(e.contains(.scanFolder("mine")), "the model loaded reads the chosen folder")
    }

    @Test func theRuntimeRefusesWhatIsNotAReadableFolder() throws {
        let dir = NSTemporaryDirectory() + "digitrec-folder-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/photos", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/phone", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        FileManager.default.createFile(atPath: dir + "/photo.png", contents: Data())
        mkfifo(dir + "/pipe", 0o600)
        guard case .folderOpened(_, dir + "/photos", nil) = FolderAccess.open(dir + "/photos/") else { Issue.record("a folder opens"); return }
        guard case let .folderRefused(_, why) = FolderAccess.open(dir + "/pipe") else { Issue.record("a FIFO is refused"); return }
        #expect(why.hasSuffix("pipe: not a folder"))
        guard case let .folderRefused(_, missing) = FolderAccess.open(dir + "/nope") else { Issue.record("a missing folder is refused"); return }
        #expect(missing.hasSuffix("nope: no such folder"))
        guard case .folderRefused = FolderAccess.open("/dev/zero") else { Issue.record("/dev/zero is refused"); return }
        #expect(FolderAccess.folders(completing: dir + "/ph").sorted() == ["phone", "photos"], "folders only, not photo.png or the FIFO")
        // The cap applies to the folders that fit what was typed, not to the first listed.
        for i in 0..<(FolderAccess.maxListed + 10) { try FileManager.default.createDirectory(atPath: dir + "/d\(i)", withIntermediateDirectories: false) }
        try FileManager.default.createDirectory(atPath: dir + "/zebra", withIntermediateDirectories: false)
        #expect(FolderAccess.folders(completing: dir + "/ze") == ["zebra"])
    }
}

extension FolderPromptTests {
    /// Walkthrough: a photo's path (people paste one) was refused "not a folder". It opens its
    /// folder at that photo; a file that is no image is still refused.
    @Test func anImagesPathOpensItsFolderAtIt() throws {
        let dir = NSTemporaryDirectory() + "digitrec-focus-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        FileManager.default.createFile(atPath: dir + "/48_pair.JPG", contents: Data())
        FileManager.default.createFile(atPath: dir + "/notes.txt", contents: Data())
        guard case let .folderOpened(_, path, focus) = FolderAccess.open(dir + "/48_pair.JPG") else { Issue.record("an image's path opens"); return }
        #expect(path == dir && focus == dir + "/48_pair.JPG")
        guard case let .folderRefused(_, why) = FolderAccess.open(dir + "/notes.txt") else { Issue.record("a text file is refused"); return }
        #expect(why.hasSuffix("notes.txt: not a folder"))
        let files = [dir + "/1_a.png", dir + "/48_pair.JPG"]
        var (s, _) = apply(fresh(), .modelLoaded(name: "m"), .key(.char("o")), .folderOpened(typed: "digits/", path: dir, focus: files[1]))
        #expect(s.message?.hasSuffix("at 48_pair.JPG") == true, "\(s.message ?? "")")
        (s, _) = apply(s, .folderScanned(files: files))
        #expect(s.index == 1, "the photo named is shown first")
        // Without a model, the shipped one loads first; its message names the photo too.
        var (t, e) = apply(fresh(), .key(.char("o")), .folderOpened(typed: "digits/", path: dir, focus: files[1]))
        #expect(e.contains { if case .loadModel = $0 { return true } else { return false } })
        (t, e) = apply(t, .modelLoaded(name: "saved_models/default.safetensors"))
        #expect(t.message == "Loaded saved_models/default.safetensors; showing 48_pair.JPG", "\(t.message ?? "")")
    }

    @Test func tabsChoicesAreWholeNames() {
        let names = (1...30).map { "folder\($0)/" }
        let line = FolderPrompt.choicesLine(names, width: 60)
        #expect(TextWidth.of(line) <= 60 && line.hasSuffix("more: type on"), "\(line)")
        #expect(line.split(separator: " ").filter { $0.hasPrefix("folder") }.allSatisfy { names.contains(String($0)) }, "no name cut: \(line)")
        #expect(FolderPrompt.choicesLine(["a/", "b/"], width: 60) == "a/  b/")
    }
}

/// Review, session 20: replies and states the first version got wrong.
extension FolderPromptTests {
    @Test func aLateReplyDoesNotPullTheUserAway() {
        var s = apply(fresh(), .modelLoaded(name: "m"), .folderScanned(files: ["digits/a.png"])).0
        var e: [Effect]
        (s, e) = apply(s, .key(.char("o")), .key(.char("x")), .key(.enter))
        #expect(e == [.openFolder("x")])
        (s, _) = apply(s, .key(.escape), .key(.char("d")))
        (s, e) = apply(s, .folderOpened(typed: "x", path: "x"), .folderRefused(typed: "x", why: "late"))
        guard case .draw = s.screen else { Issue.record("the reply after Esc is dropped: \(s.screen)"); return }
        #expect(s.digitsFolder == "digits" && e.isEmpty)
        // Text typed since: the reply was for other text.
        (s, _) = apply(s, .key(.escape), .key(.char("o")), .key(.char("y")), .folderRefused(typed: "x", why: "late"))
        #expect(s.folderPrompt?.error == nil)
    }

    @Test func anUnsavedModelReadsTheNewFolder() {
        var s = apply(fresh(), .folderScanned(files: ["digits/a.png"])).0
        s.usingUnsaved = true
        s.screen = .gallery
        let (t, e) = apply(s, .key(.char("o")), .folderOpened(typed: "digits/", path: "mine"))
        guard case .gallery = t.screen else { Issue.record("the gallery shows it: \(t.screen)"); return }
        #expect(e == [.scanFolder("mine")])
    }

    @Test func openingAFolderClosesTheGallerysOtherPrompts() {
        var s = apply(fresh(), .modelLoaded(name: "m"), .folderScanned(files: ["digits/a.png"])).0
        s.folderPrompt = FolderField("digits/")
        s.labelPrompt = TextField("3", maxLength: 4)
        let t = apply(s, .folderOpened(typed: "digits/", path: "mine")).0
        #expect(t.labelPrompt == nil && t.fineTuneConfirm == nil)
    }

    @Test func drawingsAreSavedIntoTheOpenedFolder() {
        var s = apply(fresh(), .modelLoaded(name: "m"), .key(.char("o")), .folderOpened(typed: "digits/", path: "mine")).0
        s = apply(s, .key(.char("d")), .key(.char(" ")), .key(.right), .key(.char(" ")), .key(.char("s"))).0
        let e = apply(s, .key(.char("4")), .key(.enter)).1
        #expect(e.contains { if case let .saveDrawing(_, _, _, _, folder) = $0 { folder == "mine" } else { false } }, "\(e)")
    }

    @Test func ctrlQQuitsFromThePrompt() {
        let s = apply(fresh(), .key(.char("o")), .key(.char("\u{11}"))).0
        #expect(s.quit)
    }
}
