import DigitApp
import Testing
@testable import DigitUI

/// Issue #16 item 6: the whole folder is read in the background (the shown image first), and
/// the file list shows what was read, filters as you type, orders mistakes first, jumps to
/// its ends, says what is above and below, and `r` keeps the shown file.
@Suite struct GalleryListTests {
    static let files = ["digits/3_pen.png", "digits/3_wrong.png", "digits/scan.png", "digits/7_later.png"]

    func gallery() -> (AppState, [Effect]) { apply(fresh(), .modelLoaded(name: "m"), .folderScanned(files: Self.files)) }

    /// The folder read: 3_pen right, 3_wrong read as 9, scan.png without a label, 7_later unsure.
    func readAll() -> AppState {
        apply(gallery().0, .read(index: 1, file: Self.files[1], Reading(prediction: "9", leastConfidence: 0.95)),
              .read(index: 2, file: Self.files[2], Reading(prediction: "4", leastConfidence: 0.99)),
              .read(index: 3, file: Self.files[3], Reading(prediction: "7", leastConfidence: 0.5)),
              .read(index: 0, file: Self.files[0], Reading(prediction: "3", leastConfidence: 0.99))).0
    }

    /// From the new-user walk (80 columns): a bad file's row repeated its path before the
    /// reason, which fell off the row: "✗ broken.png  cannot read: /tmp/mine/broken.png: not a PNG or".
    @Test func aBadFilesRowSaysWhyNotWhere() {
        let files = ["/tmp/my-own-digits/june/broken.png", "/tmp/my-own-digits/3_pen.png"]
        let why = "/tmp/my-own-digits/june/broken.png: not a PNG or JPEG image (looks like text)"
        var s = fresh()
        s.digitsFolder = "/tmp/my-own-digits"
        s = apply(s, .modelLoaded(name: "m"), .folderScanned(files: files), .read(index: 0, file: files[0], .failed(why)),
                  .key(.char("f"))).0
        let row = render(s).text.split(separator: "\n").first { $0.contains("june/broken.png") } ?? ""
        #expect(row.contains("cannot read: not a PNG or JPEG image (looks like text)"), "the reason, whole: \(row)")
    }

    /// From the second walk: "cannot read: cannot read (it is a FIFO (named pipe" — the reason
    /// said twice, and cut without a sign that it was.
    @Test func aLongReasonIsSaidOnceAndEndsInAnEllipsisWhereCut() {
        let files = ["/tmp/mine/pipe.png"]
        let why = "/tmp/mine/pipe.png: cannot read (it is a FIFO (named pipe), not a regular file; give the file itself, not a pipe or a device)"
        var s = fresh()
        s.digitsFolder = "/tmp/mine"
        s = apply(s, .modelLoaded(name: "m"), .folderScanned(files: files), .read(index: 0, file: files[0], .failed(why)), .key(.char("f"))).0
        let row = render(s).text.split(separator: "\n").first { $0.contains("pipe.png") } ?? ""
        #expect(row.contains("pipe.png  cannot read (it is a FIFO") && !row.contains("cannot read: cannot read"), "\(row)")
        #expect(row.contains("…"), "cut, and says so: \(row)")
        // Walkthrough, session 35: the rows below were empty; the selected row is said whole there.
        let text = render(s).text
        #expect(text.contains("not a pipe or a device)"), "the whole reason below the list: \(text)")
    }

    /// Walkthrough (session 23): an empty page was listed "cannot read: no digit found", as if
    /// the file were broken; it was read, and holds no digit.
    @Test func aBlankPageIsNotAFileThatCannotBeRead() {
        let files = ["/tmp/mine/empty_page.png"]
        var s = fresh()
        s.digitsFolder = "/tmp/mine"
        s = apply(s, .modelLoaded(name: "m"), .folderScanned(files: files),
                  .read(index: 0, file: files[0], .failed("/tmp/mine/empty_page.png: no digit found")), .key(.char("f"))).0
        let row = render(s).text.split(separator: "\n").first { $0.contains("empty_page.png") } ?? ""
        #expect(row.contains("empty_page.png  no digit found") && !row.contains("cannot read"), "\(row)")
    }

    /// From the walk: `q` closes the list (it does not quit) and the bottom line did not say so.
    @Test func theBottomLineSaysQClosesTheList() {
        let s = apply(readAll(), .key(.char("f"))).0
        let bottom = render(s).text.split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
        #expect(bottom.contains("q close") && bottom.contains("? help"), "\(bottom)")
    }

    @Test func theShownImageFirstThenOneBackgroundReadingAtATime() {
        var (s, e) = gallery()
        #expect(e == [.scanFolder("digits"), .recognize(index: 0), .readInBackground(index: 1)], "shown first, then the next one: \(e)")
        #expect(render(s).text.contains("reading 0/4…"), "the title says the folder is being read")
        (s, e) = apply(s, .key(.right))
        #expect(e == [.recognize(index: 1)], "the new image is asked for; the background job keeps going alone")
        // The worker skipped image 0 (the user had moved on): the background reads it later.
        (s, e) = apply(s, .recognized(index: 0, file: Self.files[0], .pending))
        #expect(e.isEmpty, "one background reading at a time")
        (s, e) = apply(s, .read(index: 1, file: Self.files[1], Reading(prediction: "9", leastConfidence: 0.95)))
        #expect(e == [.readInBackground(index: 2)], "the next unread image, never the one being shown or read")
        (s, e) = apply(s, .read(index: 2, file: Self.files[2], .failed("not a PNG")))
        #expect(e == [.readInBackground(index: 3)])
        (s, e) = apply(s, .read(index: 3, file: Self.files[3], Reading(prediction: "7", leastConfidence: 0.99)))
        #expect(e == [.readInBackground(index: 0)], "it wraps round to the images before the shown one")
        (s, e) = apply(s, .read(index: 0, file: Self.files[0], Reading(prediction: "3", leastConfidence: 0.99)))
        #expect(e.isEmpty, "all read: nothing more to do")
        #expect((s.tally.right, s.tally.total) == (2, 3), "3_pen and 7_later right, 3_wrong wrong; scan.png has no label and failed")
        #expect(render(s).text.contains("2/3 correct"))
        // A reading for a folder that was reloaded meanwhile is dropped.
        (s, _) = apply(s, .folderScanned(files: ["digits/other.png"]), .read(index: 0, file: Self.files[0], Reading(prediction: "3", leastConfidence: 1)))
        #expect(s.readings == [nil])
    }

    /// Walkthrough 34: at 80 columns a long folder pushed the score's end off the heading
    /// ("· learnt from 19/"); the folder gives way in its middle.
    @Test func aLongFolderGivesWayToTheScoreInTheListsHeading() {
        var (s, _) = apply(readAll(), .key(.char("f")))
        s.digitsFolder = "/home/someone/pictures/handwriting/2026/december/my-own-digits"
        let heading = render(s).text.split(separator: "\n").map(String.init).first { $0.contains("Files in") } ?? ""
        #expect(heading.hasSuffix(": 4, 2/3 correct") && heading.contains("…") && heading.contains("my-own-digits/"), "\(heading)")
    }

    @Test func theListShowsReadingsAndMarksInOneColumn() {
        let (s, _) = apply(readAll(), .key(.char("f")))
        let lines = render(s).text.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("Files in digits/: 4, 2/3 correct") })
        let rows = Self.files.map { f in lines.first { $0.contains(Path.baseName(f)) } ?? "" }
        #expect(rows[0].contains("✓ 3_pen.png") && rows[0].hasSuffix("→ 3"))
        #expect(rows[1].contains("✗ 3_wrong.png") && rows[1].contains("→ 9, expected 3"))
        #expect(rows[3].contains("→ 7, unsure"))
        let arrows = Set(rows.map { row in row.range(of: "→").map { row.distance(from: row.startIndex, to: $0.lowerBound) } ?? -1 })
        #expect(arrows.count == 1 && !arrows.contains(-1), "the readings line up: \(rows)")
        // Before anything is read, the names sit in the same column, with an ellipsis.
        let unread = render(apply(gallery().0, .key(.char("f"))).0).text.split(separator: "\n")
        #expect(unread.contains { $0.contains("  scan.png") && $0.hasSuffix("…") })
    }

    @Test func mistakesFirstOrdersWrongThenUnsure() {
        var (s, _) = apply(readAll(), .key(.char("f")), .key(.char("m")))
        #expect(s.listedFiles == [1, 3, 0, 2], "wrong, unsure, then the rest in folder order")
        #expect(s.fileList.selected == 1, "m goes to the first mistake (walkthrough: it stayed below them)")
        (s, _) = apply(s, .key(.down), .key(.char("g")))
        #expect(s.fileList.selected == 1, "g goes to the first listed file")
        (s, _) = apply(s, .key(.char("G")), .key(.enter))
        #expect(s.index == 2 && !s.fileList.open, "G to the last listed, Enter shows it")
        (s, _) = apply(s, .key(.char("f")), .key(.char("m")))
        #expect(s.listedFiles == [0, 1, 2, 3], "m again: folder order")
        (s, _) = apply(s, .key(.home))
        #expect(s.fileList.selected == 0)
        (s, _) = apply(s, .key(.end))
        #expect(s.fileList.selected == 3)
    }

    /// Walkthrough, session 35: m in the gallery went to the start menu, where the file list,
    /// the report and the comparison use it for mistakes. It opens the list with the mistakes
    /// first, on the first of them; Esc and b are the menu.
    @Test func mInTheGalleryListsTheMistakesFirst() {
        var (s, _) = apply(readAll(), .key(.char("m")))
        #expect(s.fileList.open && s.listView.mistakesFirst)
        #expect(s.fileList.selected == 1, "on the first mistake")
        if case .gallery = s.screen {} else { Issue.record("still the gallery's list, not the menu") }
        (s, _) = apply(s, .key(.char("m")))
        #expect(!s.listView.mistakesFirst, "m again in the list: folder order")
        (s, _) = apply(readAll(), .key(.char("b")))
        if case .start = s.screen {} else { Issue.record("b is the menu") }
    }

    /// Walkthrough: going through the model's mistakes meant opening the file list each time.
    /// x and X step through them round the folder and say which of how many.
    @Test func xStepsThroughTheMistakes() {
        var files = Self.files
        files.append("digits/8_bad.png")
        var (s, _) = apply(fresh(), .modelLoaded(name: "m"), .folderScanned(files: files),
                           .read(index: 0, file: files[0], Reading(prediction: "3", leastConfidence: 0.99)),
                           .read(index: 1, file: files[1], Reading(prediction: "9", leastConfidence: 0.95)))
        (s, _) = apply(s, .key(.char("x")))
        #expect(s.index == 1 && s.message == "Mistake 1 of 1 (3 still to read)", "\(s.message ?? "")")
        (s, _) = apply(s, .read(index: 2, file: files[2], Reading(prediction: "4", leastConfidence: 0.99)),
                       .read(index: 3, file: files[3], Reading(prediction: "7", leastConfidence: 0.5)),
                       .read(index: 4, file: files[4], .failed("digits/8_bad.png: not a PNG or JPEG image")))
        (s, _) = apply(s, .key(.char("x")))
        #expect(s.index == 4 && s.message == "Mistake 2 of 2", "an unreadable labelled file is a mistake; unsure is not")
        // The score says which of its misses could not be read (walkthrough, session 29).
        #expect(s.scoreText(unicode: true)?.hasSuffix(" correct (1 not read)") == true, "\(s.scoreText(unicode: true) ?? "")")
        // Nothing read at all: no score (walkthrough, session 33: "0/1 correct (1 not read)").
        let none = apply(fresh(), .modelLoaded(name: "m"), .folderScanned(files: ["digits/8_bad.png"]),
                         .read(index: 0, file: "digits/8_bad.png", .failed("digits/8_bad.png: not a PNG or JPEG image"))).0
        #expect(none.scoreText(unicode: true) == "none of 1 could be read", "\(none.scoreText(unicode: true) ?? "")")
        (s, _) = apply(s, .key(.char("x")))
        #expect(s.index == 1 && s.message == "Mistake 1 of 2, round the folder again")
        (s, _) = apply(s, .key(.char("X")))
        #expect(s.index == 4 && s.message == "Mistake 2 of 2, round the folder again")
        let right = apply(fresh(), .modelLoaded(name: "m"), .folderScanned(files: [files[0]]),
                          .read(index: 0, file: files[0], Reading(prediction: "3", leastConfidence: 0.99)), .key(.char("x"))).0
        #expect(right.index == 0 && right.message == "No mistakes in the images read")
    }

    /// Walkthrough: "Mistake 1 of 3" beside "6/7 correct": two files without a label that could
    /// not be read were counted as the model's mistakes, and marked ✗ in the list.
    @Test func anUnlabelledFileThatCannotBeReadIsCountedApart() {
        let files = ["mine/3_a.png", "mine/blank.jpg", "mine/giant.png"]
        var (s, _) = apply(fresh(), .modelLoaded(name: "m"), .folderScanned(files: files),
                           .read(index: 0, file: files[0], Reading(prediction: "5", leastConfidence: 0.99)),
                           .read(index: 1, file: files[1], .failed("mine/blank.jpg: no digit found")),
                           .read(index: 2, file: files[2], .failed("mine/giant.png: image too large")))
        (s, _) = apply(s, .key(.char("x")))
        #expect(s.index == 1 && s.message == "2 of 3 to look at (1 mistake, 2 without a label cannot be read)", "\(s.message ?? "")")
        let lines = files.indices.map { FileListOverlay.line(s, $0, nameWidth: 12, ui: UIStyle(Capabilities(color: false, unicode: true))) }
        #expect(lines[0].hasPrefix("✗ ") && lines[1].hasPrefix("! ") && lines[2].hasPrefix("! "), "\(lines)")
        let unreadable = apply(fresh(), .modelLoaded(name: "m"), .folderScanned(files: [files[1]]),
                               .read(index: 0, file: files[1], .failed("mine/blank.jpg: no digit found")), .key(.char("x"))).0
        #expect(unreadable.message == "Cannot be read: 1 of 1")
    }

    @Test func slashFiltersByNameAsYouType() {
        var (s, _) = apply(readAll(), .key(.char("/")))
        #expect(s.fileList.open && s.listView.typing)
        (s, _) = apply(s, .key(.char("3")), .key(.char("_")))
        #expect(s.listedFiles == [0, 1])
        (s, _) = apply(s, .key(.char("W")))
        #expect(s.listedFiles == [1], "any case")
        #expect(render(s).text.contains("/3_W") && render(s).text.contains("1 of 4 match"))
        (s, _) = apply(s, .key(.backspace), .key(.backspace), .key(.backspace), .key(.char("q")))
        #expect(s.listView.filter == "q" && s.fileList.open, "q is text while typing, not close")
        #expect(s.listedFiles.isEmpty && render(s).text.contains("No file name contains \"q\""))
        (s, _) = apply(s, .key(.backspace), .key(.char("l")), .key(.char("a")), .key(.char("t")), .key(.enter))
        #expect(s.index == 3 && !s.fileList.open, "Enter opens the match")
        (s, _) = apply(s, .key(.char("f")))
        #expect(s.listView.filter == "lat" && s.listedFiles == [3], "the filter stays for the next look")
        (s, _) = apply(s, .key(.escape))
        #expect(s.fileList.open && s.listView.filter.isEmpty, "Esc clears the filter first")
        (s, _) = apply(s, .key(.escape))
        #expect(!s.fileList.open, "then closes the list")
    }

    @Test func moreAboveAndBelowHints() {
        let many = (1...40).map { "digits/\($0)_x.png" }
        var (s, _) = apply(fresh(), .modelLoaded(name: "m"), .folderScanned(files: many), .key(.char("f")))
        var text = render(s).text
        #expect(!text.contains("more above") && text.contains("more below"), "\(text)")
        (s, _) = apply(s, .key(.pageDown), .key(.pageDown))
        text = render(s).text
        #expect(text.contains("more above") && text.contains("more below"), "\(text)")
        (s, _) = apply(s, .key(.end))
        text = render(s).text
        #expect(text.contains("more above") && !text.contains("more below"), "\(text)")
        #expect(render(apply(s, .key(.char("?"))).0).text.contains("first or last file"), "? shows the list's own keys")
    }

    @Test func reloadKeepsTheShownFileAndSaysWhatChanged() {
        var (s, e) = apply(readAll(), .key(.right), .key(.right))
        #expect(s.index == 2)
        (s, e) = apply(s, .key(.char("r")))
        #expect(e == [.scanFolder("digits")] && s.message?.contains("again") == true)
        let added = ["digits/1_new.png"] + Self.files.filter { !$0.contains("3_wrong") }
        (s, e) = apply(s, .folderScanned(files: added))
        #expect(s.files[s.index] == "digits/scan.png", "the same file, now at another index")
        #expect(s.message == "Read digits/ again: 4 images (1 new, 1 gone)")
        #expect(e.contains(.recognize(index: s.index)))
        // labels.csv edited by hand: said, not "no change" (walkthrough, session 33).
        (s, _) = apply(s, .key(.char("r")), .folderScanned(files: added, labels: ImageLabels(folder: "digits", table: ["scan.png": "4"])))
        #expect(s.message == "Read digits/ again: 4 images (1 labelled otherwise)", "\(s.message ?? "")")
        (s, _) = apply(s, .key(.char("r")), .folderScanned(files: added, labels: ImageLabels(folder: "digits", table: ["scan.png": "4"])))
        #expect(s.message == "Read digits/ again: 4 images, no change", "\(s.message ?? "")")
    }
}
