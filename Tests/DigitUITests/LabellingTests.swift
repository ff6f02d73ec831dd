import DigitApp
import Testing
@testable import DigitUI

/// Issue #17 "correct a label": digit keys and the `e` prompt set the shown image's true
/// label, written into labels.csv; the verdict and the score follow at once.
@Suite struct LabellingTests {
    @Test func aDigitKeyLabelsAOneDigitImage() throws {
        let r = try GalleryFixture.wrong()   // 3_wrong.png read as 9
        var s = GalleryFixture.gallery(r)
        #expect((s.tally.right, s.tally.total) == (0, 1) && render(s).text.contains("✗ expected 3, read 9"))
        var e: [Effect]
        (s, e) = apply(s, .key(.char("9")))
        #expect(e == [.saveLabel(folder: "digits", file: r.file, label: "9")])
        #expect((s.tally.right, s.tally.total) == (1, 1) && render(s).text.contains("✓ right"), "the verdict flips before the file is written")
        (s, _) = apply(s, .labelSaved(file: r.file, label: "9", labels: ImageLabels(folder: "digits", table: ["3_wrong.png": "9"])))
        #expect(s.message == "3_wrong.png is labelled 9, read 9 ✓ (saved in digits/labels.csv)", "\(s.message ?? "")")
        (s, _) = apply(s, .labelFailed(folder: "digits", file: r.file, label: "9", error: "digits/labels.csv: permission denied"))
        #expect(s.message?.contains("used until you quit but was not saved") == true && s.message?.contains("permission denied") == true)
        #expect((s.tally.right, s.tally.total) == (1, 1), "the label is still the one used")
        // Back to the label its name gives: no row is written, and the message says so.
        (s, _) = apply(s, .labelSaved(file: r.file, label: "3", labels: ImageLabels(folder: "digits", table: [:])))
        #expect(s.message == "3_wrong.png is labelled 3 by its name, read 9 ✗ (digits/labels.csv needs no row for it)", "\(s.message ?? "")")
    }

    /// Walkthrough 35: a label for an image in a subfolder is written to the subfolder's own
    /// labels.csv, and the message named the folder's.
    @Test func aLabelInASubfolderNamesItsOwnLabelsFile() {
        var s = fresh()
        s.digitsFolder = "digits"
        (s, _) = apply(s, .labelSaved(file: "digits/june/3_a.png", label: "8", labels: ImageLabels(folder: "digits", table: ["june/3_a.png": "8"])))
        #expect(s.message == "june/3_a.png is labelled 8 (saved in digits/june/labels.csv)", "\(s.message ?? "")")
    }

    /// Walkthrough, session 30: an image without a label left the verdict's row empty.
    @Test func anImageWithoutALabelSaysHowToGiveOne() throws {
        let r = try GalleryFixture.wrong()   // 3_wrong.png read as 9
        var s = GalleryFixture.gallery(r)
        s.labels.assign(nil, for: r.file)
        let text = render(s).text
        #expect(text.contains("no label (e") && !text.contains("expected 3"), "\(text)")
        s.labels.assign("9", for: r.file)
        #expect(!render(s).text.contains("no label"))
    }

    /// Walkthrough, session 27: labels that labels.csv could not take were lost on quit
    /// without a word, and at the next re-read of the folder.
    @Test func labelsThatCouldNotBeWrittenSurviveARereadAndQuittingAsks() throws {
        let r = try GalleryFixture.wrong()   // 3_wrong.png read as 9
        var s = GalleryFixture.gallery(r)
        (s, _) = apply(s, .key(.char("9")), .labelFailed(folder: "digits", file: r.file, label: "9", error: "digits/labels.csv: permission denied"))
        // `r` reads the folder again: labels.csv on disk does not have it.
        (s, _) = apply(s, .folderScanned(files: s.files, labels: ImageLabels(folder: "digits"), folder: "digits"))
        #expect(s.labels.expected(for: r.file) == "9", "still used after the re-read")
        var other = s
        other.digitsFolder = "other"
        (other, _) = apply(other, .folderScanned(files: ["other/3_wrong.png"], labels: ImageLabels(folder: "other"), folder: "other"))
        #expect(other.labels.table.isEmpty && other.unsavedLabels.count == 1, "another folder's labels are not changed by it; it is still kept")
        (s, _) = apply(s, .key(.char("q")))
        #expect(s.askQuit && !s.quit)
        let text = render(s).text
        #expect(text.contains("Quit and lose 1 label you set (labels.csv could not be written)? y/n") && text.contains("Unsaved labels"), "\(text)")
        #expect(!screenKeys(s).hints.contains { $0.label == "s" }, "nothing to save them with")
        (s, _) = apply(s, .key(.char("s")))
        #expect(s.askQuit && !s.quit && s.message?.contains("cannot be written") == true)
        (s, _) = apply(s, .key(.char("n")))
        #expect(!s.askQuit && !s.quit)
        // Review, session 28: Ctrl-Q in the folder prompt asks too; fine-tuning, which reads
        // labels.csv, is refused while a label is not in it.
        (s, _) = apply(s, .key(.char("o")), .key(.char("\u{11}")))
        #expect(s.askQuit && !s.quit, "Ctrl-Q in the folder prompt asks")
        (s, _) = apply(s, .key(.char("n")))
        s.modelName = "saved_models/default.safetensors"
        var e: [Effect]
        (s, e) = apply(s, .key(.char("F")))
        #expect(s.fineTuneConfirm == nil && e.isEmpty && s.message?.contains("could not be written to labels.csv, and fine-tuning reads it") == true, "\(s.message ?? "")")
        // Written at last (the folder was mended): nothing is left to ask about.
        (s, _) = apply(s, .key(.char("9")), .labelSaved(file: r.file, label: "9", labels: ImageLabels(folder: "digits", table: ["3_wrong.png": "9"])))
        #expect(s.unsavedLabels.isEmpty)
        (s, _) = apply(s, .key(.char("q")))
        #expect(s.quit && !s.askQuit)
    }

    /// Walkthrough, session 29: labelling a folder took two keys an image (the digit, then →),
    /// and an image whose name gives a label could not be said to have none.
    @Test func labellingGoesOnToTheNextImageAndMinusSaysNoLabel() throws {
        let wrong = try GalleryFixture.wrong(), number = try GalleryFixture.number()   // 3_wrong.png read 9; 5283_row.png
        var s = apply(fresh(), .modelLoaded(name: "m"), .folderScanned(files: [wrong.file, number.file]),
                      .recognized(index: 0, file: wrong.file, .recognized(wrong)), .recognized(index: 1, file: number.file, .recognized(number))).0
        var e: [Effect]
        // A third image not read yet: the one shown after labelling the second is read at once.
        var pending = s
        pending.index = 1
        (pending, _) = apply(pending, .folderScanned(files: [wrong.file, number.file, "digits/9_new.png"]))
        (pending, e) = apply(pending, .key(.char("e")), .key(.enter))
        #expect(pending.index == 2 && e.contains(.recognize(index: 2)), "the next image is read, not left 'reading…': \(e)")
        (s, e) = apply(s, .key(.char("4")))
        #expect(e == [.saveLabel(folder: "digits", file: wrong.file, label: "4")] && s.index == 1, "saved, and the next image is shown")
        (s, _) = apply(s, .labelSaved(file: wrong.file, label: "4", labels: ImageLabels(folder: "digits", table: ["3_wrong.png": "4"])))
        #expect(s.message == "3_wrong.png is labelled 4, read 9 ✗ (saved in digits/labels.csv)", "what the labelled image was read as: \(s.message ?? "")")
        // On the last image the prompt's Enter stays; "-" is "no label", a digit replaces it.
        (s, _) = apply(s, .key(.char("e")), .key(.char("-")))
        #expect(s.labelPrompt?.text == "-" && render(s).text.contains("True label: -▏   (a digit replaces it; empty: name's 5283; -: none)"), "\(render(s).text)")
        (s, e) = apply(s, .key(.char("7")))
        #expect(s.labelPrompt?.text == "7")
        (s, e) = apply(s, .key(.char("-")), .key(.enter))
        #expect(e == [.saveLabel(folder: "digits", file: number.file, label: nil)] && s.index == 1)
        #expect(s.labels.expected(for: number.file) == nil && s.labels.table["5283_row.png"] == ImageLabels.noLabel)
        (s, _) = apply(s, .key(.left))
        #expect(s.index == 0 && render(s).text.contains("✗ expected 4, read 9"))
    }

    /// Walkthrough: at 80 columns a long file name cut the hint to "empty: t".
    @Test func theHintStaysWholeBesideALongName() throws {
        let r = try GalleryFixture.number()
        var (s, _) = apply(GalleryFixture.gallery(r), .key(.char("e")))
        s.files[s.index] = "digits/0_font_breip_paper_photo.png"
        let text = render(s).text
        #expect(text.contains("True label: ") && text.contains("(a digit replaces it; empty: name's 0; -: none)"), "\(text)")
    }

    @Test func aNumberIsTypedInThePrompt() throws {
        let r = try GalleryFixture.number()   // 5283_row.png
        var (s, e) = apply(GalleryFixture.gallery(r), .key(.char("5")))
        #expect(s.labelPrompt?.text == "5" && e.isEmpty, "a digit key opens the prompt holding it")
        #expect(render(s).text.contains("True label of 5283_row.png: 5▏"))
        #expect(screenKeys(s).hints.map(\.label) == ["Enter", "Esc"])
        (s, e) = apply(s, .key(.char("O")))
        #expect(s.labelPrompt?.text == "5" && s.message?.contains("digits only, not \"O\"") == true, "a letter is refused aloud (walkthrough)")
        (s, e) = apply(s, .key(.char("x")), .key(.char("2")), .key(.char("8")), .key(.char("8")), .key(.backspace), .key(.char("4")))
        #expect(s.labelPrompt?.text == "5284", "digits only; Backspace deletes")
        (s, e) = apply(s, .key(.enter))
        #expect(s.labelPrompt == nil && e == [.saveLabel(folder: "digits", file: r.file, label: "5284")])
        #expect(render(s).text.contains("✗ expected 5284, read 5283"))
        // e opens the prompt with the current label; Esc leaves it as it was.
        (s, e) = apply(s, .key(.char("e")))
        #expect(s.labelPrompt?.text == "5284")
        // Typing replaces it (walkthrough: "4", then 9 and Enter saved "49"), and the prompt says so.
        #expect(render(s).text.contains("a digit replaces it"), "\(render(s).text)")
        (s, e) = apply(s, .key(.char("7")), .key(.char("1")))
        #expect(s.labelPrompt?.text == "71")
        (s, e) = apply(s, .key(.escape), .key(.char("e")))
        (s, e) = apply(s, .key(.backspace), .key(.char("3")), .key(.escape))
        #expect(s.labelPrompt == nil && e.isEmpty && s.labels.expected(for: r.file) == "5284")
        // An empty label goes back to the one the file name gives (walkthrough: it saved "no
        // label", so undoing a slip of the key lost the name's label).
        (s, e) = apply(s, .key(.char("e")), .key(.backspace), .key(.backspace), .key(.backspace), .key(.backspace))
        #expect(render(s).text.contains("(empty: the file name's 5283, -: none)"), "\(render(s).text)")
        (s, e) = apply(s, .key(.enter))
        #expect(e == [.saveLabel(folder: "digits", file: r.file, label: "5283")] && s.labels.expected(for: r.file) == "5283")
        #expect(render(s).text.contains("✓"))
    }

    @Test func tabShiftTabAndBracketsChooseTheDigit() throws {
        let r = try GalleryFixture.number()
        var (s, _) = apply(GalleryFixture.gallery(r), .key(.tab))
        #expect(s.digit == 1 && render(s).text.contains("bars: digit 2 of 4"))
        (s, _) = apply(s, .key(.backTab), .key(.backTab))
        #expect(s.digit == 3, "Shift-Tab goes back and wraps")
        (s, _) = apply(s, .key(.char("]")))
        #expect(s.digit == 0)
        (s, _) = apply(s, .key(.char("[")))
        #expect(s.digit == 3 && render(s).text.contains("28×28 input, digit 4"))
    }
}

@Suite struct TextFieldTests {
    @Test func digitsOnlyUpToTheLimit() {
        var f = TextField("12", maxLength: 3)
        f.type("x"); f.type("٣"); f.type("3"); f.type("4")
        #expect(f.text == "123", "letters and non-ASCII digits ignored, stops at maxLength")
        f.backspace()
        #expect(f.text == "12" && !f.suggested)
        #expect(TextField("123456", maxLength: 4).text == "1234", "a longer start is cut")
    }

    @Test func aSuggestionIsReplacedByTheFirstKey() {
        var f = TextField("57", suggested: true, maxLength: 12)
        f.type("3")
        #expect(f.text == "3" && !f.suggested)
        // Backspace edits it: fixing the last digit of a long label keeps the rest.
        var g = TextField("8916277", suggested: true, maxLength: 12)
        g.backspace()
        #expect(g.text == "891627" && !g.suggested)
        g.type("1")
        #expect(g.text == "8916271", "after Backspace, digits are added, not replacing")
    }
}
