@testable import DigitApp
import Testing
@testable import DigitUI

/// The explore screens' keys: dataset pages and samples, the report's matrix cursor and
/// browsers, marking and comparing in the load list, stale results dropped.
@Suite struct ExploreReducerTests {
    static let models = [
        ModelEntry(path: "saved_models/default.safetensors", name: "default", architecture: "deep", parameters: 1, testAccuracy: 0.99),
        ModelEntry(path: "saved_models/mlp.safetensors", name: "mlp", architecture: "mlp", parameters: 1, testAccuracy: 0.98),
        ModelEntry(path: "saved_models/x.safetensors", name: "x", architecture: "mlp", parameters: 1, testAccuracy: 0.9),
    ]

    @Test func datasetScreenPagesReshuffleAndZoom() {
        var (s, effects) = apply(fresh(), .key(.char("D")))
        #expect(effects == [.explore(.dataset)])
        guard case .dataset = s.screen else { Issue.record("D opens the dataset screen"); return }
        (s, _) = apply(s, .explored(.dataset, .dataset(ExploreFixtures.exploration)))
        guard case let .dataset(v) = s.screen else { return }
        #expect(v.exploration != nil && v.page == .counts)
        (s, _) = apply(s, .key(.tab), .key(.char("r")), .key(.right), .key(.right), .key(.down), .key(.enter))
        guard case let .dataset(z) = s.screen else { return }
        // 80×24: one sample a class in two bands of five, so ↓ goes to the class below (2 → 7).
        #expect(z.page == .samples && z.seed == 2 && z.column == 7 && z.row == 0 && z.zoomed)
        (s, _) = apply(s, .key(.enter), .key(.up))
        guard case let .dataset(up) = s.screen else { return }
        #expect(up.column == 2 && up.row == 0)
        (s, _) = apply(s, .key(.up), .key(.enter))
        guard case let .dataset(z2) = s.screen else { return }
        #expect(z2.column == 2 && z2.row == 0 && z2.zoomed, "↑ in the top band stays")
        (s, _) = apply(s, .key(.escape))
        guard case let .dataset(back) = s.screen else { Issue.record("Esc closes the zoom first"); return }
        #expect(!back.zoomed)
        (s, _) = apply(s, .key(.char("4")), .key(.escape))
        guard case .start = s.screen else { Issue.record("Esc goes back to the menu"); return }
        // A late result for a screen the user left changes nothing.
        (s, _) = apply(s, .explored(.dataset, .failed("late")))
        guard case .start = s.screen else { Issue.record("stale result dropped"); return }
    }

    // Red team, session 12: a folder dataset of two classes shows two on every page (no
    // phantom classes 2-9 with 0 images), and the sample cursor stops at the last class.
    @Test func datasetOfTwoClassesShowsTwo() {
        var data = MNISTData(folder: "ab", train: ExploreFixtures.images(60, shift: 1), test: ExploreFixtures.images(), warnings: [])
        data.classes = ["a", "b"]
        let exploration = DatasetExplorer.explore(data, since: 0)
        #expect(exploration.classCount == 2)
        var (s, _) = apply(fresh(), .key(.char("D")), .explored(.dataset, .dataset(exploration)))
        let counts = render(s).text
        #expect(counts.contains(" a ") && counts.contains(" b "), "\(counts)")
        #expect(!counts.split(separator: "\n").contains { $0.hasPrefix(" 9 ") || $0.hasPrefix(" 2 ") }, "\(counts)")
        (s, _) = apply(s, .key(.tab), .key(.right), .key(.right), .key(.right))
        guard case let .dataset(v) = s.screen else { Issue.record("still the dataset screen"); return }
        #expect(v.page == .samples && v.column == 1)
        for page in ["2", "3", "4"] {
            (s, _) = apply(s, .key(.char(Character(page))))
            let text = render(s).text
            #expect(!text.contains(" 9 "), "page \(page): \(text)")
        }
    }

    /// Walkthrough: after a fine-tune left unsaved, E said "no model loaded"; it reports the model in use.
    @Test func reportOfAnUnsavedModelInUse() {
        var s = fresh()
        s.screen = .gallery
        s.modelName = nil
        s.usingUnsaved = true
        let (after, effects) = apply(s, .key(.char("E")))
        #expect(effects == [.explore(.report(path: nil))])
        guard case .report = after.screen else { Issue.record("E opens the report: \(after.message ?? "")"); return }
    }

    @Test func reportCursorBrowsersAndBack() {
        var s = fresh()
        s.screen = .gallery
        s.modelName = "saved_models/default.safetensors"
        var effects: [Effect]
        (s, effects) = apply(s, .key(.char("E")))
        #expect(effects == [.explore(.report(path: "saved_models/default.safetensors"))])
        (s, _) = apply(s, .explored(.report(path: "saved_models/other.safetensors"), .report(ExploreFixtures.reportB)))
        guard case let .report(waiting) = s.screen else { return }
        #expect(waiting.report == nil, "a report for another model is dropped")
        (s, _) = apply(s, .explored(.report(path: "saved_models/default.safetensors"), .report(ExploreFixtures.reportA)))
        guard case let .report(v) = s.screen else { return }
        #expect((v.label, v.prediction) == (4, 9), "the cursor starts on the largest confusion")
        (s, _) = apply(s, .key(.enter))
        guard case let .report(cell) = s.screen, let b = cell.browser else { Issue.record("Enter opens the cell"); return }
        #expect(b.images == [4, 24, 14], "4 read as 9, most confidently wrong first")
        (s, _) = apply(s, .key(.right), .key(.right), .key(.right))
        guard case let .report(moved) = s.screen else { return }
        #expect(moved.browser?.position == 2)
        (s, _) = apply(s, .key(.escape), .key(.up), .key(.left), .key(.left))
        guard case let .report(m) = s.screen else { return }
        #expect(m.browser == nil && (m.label, m.prediction) == (3, 7))
        (s, _) = apply(s, .key(.char("m")))
        guard case let .report(all) = s.screen else { return }
        #expect(all.browser?.images == [4, 24, 7, 14, 23])
        // Its help is the browser's, not the matrix's (walkthrough, session 32).
        #expect(screenKeys(s).notes == ExploreScreens.browserNotes && screenKeys(apply(s, .key(.escape)).0).notes == ReportScreen.notes)
        (s, _) = apply(s, .key(.escape), .key(.down), .key(.left), .key(.left), .key(.left), .key(.enter))
        guard case let .report(diag) = s.screen else { return }
        #expect(diag.browser == nil && s.message?.contains("diagonal") == true)
        (s, _) = apply(s, .key(.escape))
        guard case .gallery = s.screen else { Issue.record("Esc goes back to the gallery"); return }
    }

    @Test func loadListMarksTwoAndCompares() {
        var (s, _) = apply(fresh(), .key(.char("l")), .modelsScanned(Self.models))
        var effects: [Effect]
        (s, effects) = apply(s, .key(.char("c")))
        #expect(effects.isEmpty && s.message == "mark two models with Space first")
        #expect(!(render(s).text.split(separator: "\n").last ?? "").contains("c compare"), "not before two are marked")
        (s, _) = apply(s, .key(.char(" ")))
        #expect(s.message == "A: default — Space marks B" && s.screen.isLoad(selected: 0), "the cursor stays (walkthrough)")
        (s, _) = apply(s, .key(.down), .key(.char(" ")), .key(.down), .key(.char(" ")))
        #expect(s.marked == ["saved_models/mlp.safetensors", "saved_models/x.safetensors"], "a third mark replaces the oldest")
        #expect(s.message == "A: mlp, B: x (default unmarked) — c compares them", "\(s.message ?? "")")
        // With two marked, c is on the status line at 80 columns too (walkthrough, session 31).
        let status = render(s).text.split(separator: "\n").last.map(String.init) ?? ""
        #expect(status.contains("c compare"), "\(status)")
        (s, _) = apply(s, .key(.up), .key(.char(" ")))
        #expect(s.marked == ["saved_models/x.safetensors"], "Space on a marked model unmarks it")
        (s, _) = apply(s, .key(.up), .key(.char(" ")))
        (s, effects) = apply(s, .key(.char("c")))
        #expect(effects == [.explore(.compare("saved_models/x.safetensors", "saved_models/default.safetensors"))])
        (s, _) = apply(s, .explored(.compare("saved_models/x.safetensors", "saved_models/default.safetensors"), .comparison(ExploreFixtures.comparison)))
        (s, _) = apply(s, .key(.enter), .key(.right))
        guard case let .compare(v) = s.screen else { Issue.record("the compare screen"); return }
        #expect(v.browser?.images == [17, 24, 7, 14, 33, 23] && v.browser?.position == 1, "most confidently wrong first")
        #expect(Set(v.browser?.images ?? []) == Set(ExploreFixtures.comparison.comparison.disagreements))
        (s, _) = apply(s, .key(.escape), .key(.escape))
        guard case .load = s.screen else { Issue.record("Esc goes back to the list"); return }
        (s, effects) = apply(s, .key(.down), .key(.char("e")))
        guard case .report = s.screen else { Issue.record("e opens the report"); return }
        #expect(effects == [.explore(.report(path: "saved_models/mlp.safetensors"))])
    }
}

/// The left-over gap of session 21: comparing two models on your own folder was the command
/// line's only (`compare A B --images DIR`). `f` on the compare screen does it on the gallery's folder.
extension ExploreReducerTests {
    @Test func fComparesTheTwoModelsOnTheGallerysFolder() {
        let (a, b) = ("saved_models/default.safetensors", "saved_models/mine-tuned.safetensors")
        var s = fresh()
        s.digitsFolder = "mine"
        var effects: [Effect]
        (s, effects) = apply(s, .key(.char("l")), .modelsScanned(Self.models))
        _ = CompareScreen.open(a, b, back: .load(selected: 0), &s)
        (s, _) = apply(s, .explored(.compare(a, b), .comparison(ExploreFixtures.comparison)))
        (s, effects) = apply(s, .key(.char("f")))
        #expect(effects == [.explore(.compareOnFolder(a, b, folder: "mine"))])
        #expect(render(s).text.contains("Reading the labelled images in mine/"))
        let images = [FolderComparison.Image(file: "3_a.png", label: "3", readA: "5", readB: "3", learnt: false),
                      FolderComparison.Image(file: "7_b.png", label: "7", readA: "7", readB: "7", learnt: false),
                      FolderComparison.Image(file: "1_c.png", label: "1", readA: "7", readB: "1", learnt: true)]
        let result = FolderComparison(folder: "mine", modelA: a, modelB: b, images: images, skipped: [])
        (s, _) = apply(s, .explored(.compare(a, b), .folderComparison(result)))
        #expect(!render(s).text.contains("2 labelled images"), "a reply for the other test set is dropped")
        (s, _) = apply(s, .explored(.compareOnFolder(a, b, folder: "mine"), .folderComparison(result)))
        let text = render(s).text
        #expect(text.contains("On mine: 2 labelled images (and 1 fine-tuned on, counted apart)"), "\(text)")
        // Names, not paths (walkthrough, session 29: at 80 columns the paths wrapped mid-value).
        #expect(text.contains("A  default: 1 of 2 right") && text.contains("A B  file"), "\(text)")
        #expect(text.contains("✗ ✓  3_a.png  3      5       3"), "each model's mark and reading in columns: \(text)")
        var long = result
        long.images[0].file = "june/" + String(repeating: "a_very_long_name_", count: 6) + ".png"
        (s, _) = apply(s, .key(.char("f")), .key(.char("f")))
        (s, _) = apply(s, .explored(.compareOnFolder(a, b, folder: "mine"), .folderComparison(long)))
        let rows = render(s).text.split(separator: "\n")
        let row = String((rows.first { $0.contains("june/a_very_") } ?? "").reversed().drop { $0 == " " }.reversed())
        // Shortened in the middle, the row's values kept (session 30: one long name cut them all).
        #expect(row.contains("…") && row.contains("june/a_very") && row.hasSuffix("3      5       3"), "\(rows)")
        // The command line's text names the file whole (review, session 30).
        #expect(FolderComparisonText.text(long).contains(long.images[0].file), "\(FolderComparisonText.text(long))")
        #expect(Self.statusLine(s).contains("f test set") && Self.statusLine(s).contains("Enter open"), "\(Self.statusLine(s))")
        (s, effects) = apply(s, .key(.enter))
        guard case let .compare(v) = s.screen, v.browser == nil else { Issue.record("Enter browses only the test set's disagreements"); return }
        #expect((s.message ?? "").hasPrefix("No model in use to show"), "no gallery to open the file in: \(s.message ?? "")")
        (s, effects) = apply(s, .key(.char("f")))
        guard case let .compare(back) = s.screen else { return }
        #expect(!back.onFolder && effects.isEmpty && render(s).text.contains("on the same"), "f again: the test set, kept")
        (s, effects) = apply(s, .key(.char("f")))
        #expect(effects.isEmpty, "the folder's result is kept too")
    }

    /// Walkthrough 36: a fine-tune loaded from the list was compared on the gallery's digits/,
    /// its own photos elsewhere, with nothing said. The comparison says where it was tuned.
    @Test func cSaysWhereAModelTunedElsewhereWasTuned() throws {
        let (start, tuned) = ("saved_models/default.safetensors", "saved_models/default-tuned.safetensors")
        var s = fresh()
        s.digitsFolder = "digits"
        (s, _) = apply(s, .modelLoaded(name: tuned), .folderScanned(files: ["digits/3_a.png"]), .key(.char("C")))
        (s, _) = apply(s, .parentFound(model: tuned, parent: start, tunedOn: "/tmp/my photos"))
        guard case .compare = s.screen else { Issue.record("the compare screen"); return }
        #expect(s.message == "Compared on digits/; it was tuned on /tmp/my photos/ (o opens that folder, then C)", "\(s.message ?? "")")
        #expect(render(s).text.contains("it was tuned on /tmp/my photos/"), "shown on the screen")
    }

    /// Walkthrough, session 32: a fine-tune and the model it started from were compared only
    /// by finding both in the load list. The gallery's `C` opens them on its folder.
    @Test func cComparesTheModelInUseWithItsStartOnTheGallerysFolder() throws {
        let (start, tuned) = ("saved_models/default.safetensors", "saved_models/default-tuned.safetensors")
        var s = fresh()
        s.digitsFolder = "mine"
        var effects: [Effect]
        (s, _) = apply(s, .modelLoaded(name: tuned), .folderScanned(files: ["mine/3_a.png"]))
        (s, effects) = apply(s, .key(.char("C")))
        #expect(effects == [.findParent(model: tuned)])
        (s, effects) = apply(s, .parentFound(model: tuned, parent: start, tunedOn: nil))
        guard case let .compare(v) = s.screen else { Issue.record("the compare screen"); return }
        #expect(s.message == nil, "tuned on no folder still there: nothing to say")
        #expect(v.a == start && v.b == tuned && v.onFolder && v.back == .gallery)
        #expect(effects == [.explore(.compareOnFolder(start, tuned, folder: "mine"))])
        let images = [FolderComparison.Image(file: "3_a.png", label: "3", readA: "5", readB: "3", learnt: false)]
        (s, _) = apply(s, .explored(.compareOnFolder(start, tuned, folder: "mine"),
                                    .folderComparison(FolderComparison(folder: "mine", modelA: start, modelB: tuned, images: images, skipped: []))))
        // A reply for the side not showing is kept (review, session 33: it was dropped and asked again).
        var pending = s
        _ = CompareScreen.open(start, tuned, back: .gallery, onFolder: true, &pending)
        (pending, _) = apply(pending, .key(.char("f")), .explored(.compareOnFolder(start, tuned, folder: "mine"),
                                                                    .folderComparison(FolderComparison(folder: "mine", modelA: start, modelB: tuned, images: images, skipped: []))))
        #expect(apply(pending, .key(.char("f"))).1.isEmpty, "the folder's reply, come while the test set showed, is kept")
        // f: the test set, asked for now (it was never asked: "Measuring…" for good), then kept.
        (s, effects) = apply(s, .key(.char("f")))
        #expect(effects == [.explore(.compare(start, tuned))])
        (s, _) = apply(s, .explored(.compare(start, tuned), .comparison(ExploreFixtures.comparison)))
        #expect(render(s).text.contains("McNemar's exact test"))
        (s, effects) = apply(s, .key(.char("f")), .key(.char("f")))
        #expect(effects.isEmpty, "both sides are kept")
        (s, _) = apply(s, .key(.escape))
        guard case .gallery = s.screen else { Issue.record("Esc: back to the gallery"); return }
        // Why there is none is said; a reply about another model than the one in use is dropped.
        (s, _) = apply(s, .parentMissing(model: tuned, why: "x was not fine-tuned from another model"))
        #expect(s.message == "x was not fine-tuned from another model — to compare two models: l, Space on each, c", "\(s.message ?? "")")
        s.message = nil
        (s, _) = apply(s, .parentFound(model: "saved_models/other.safetensors", parent: start, tunedOn: nil))
        guard case .gallery = s.screen else { Issue.record("a stale reply opened the compare screen"); return }
        // Nor under a prompt opened meanwhile (review, session 33).
        (s, _) = apply(s, .key(.char("C")), .key(.char("o")), .parentFound(model: tuned, parent: start, tunedOn: nil))
        guard case .gallery = s.screen, s.folderPrompt != nil else { Issue.record("the folder prompt stays over the gallery"); return }
        (s, _) = apply(s, .key(.escape))
        // A model in use unsaved has no file to compare: to its save prompt, as F does.
        s.usingUnsaved = true
        s.unsaved = ResultsView(form: TrainForm(), outcome: try outcome(), saveName: "x")
        (s, effects) = apply(s, .key(.char("C")))
        guard case .results = s.screen else { Issue.record("the save prompt"); return }
        #expect(effects == [.scanModels] && (s.message ?? "").contains("Save the model first"), "\(s.message ?? "")")
    }

    /// Walkthrough, session 33: the folder's view listed only the files the models read
    /// differently, with no way to open one. Every file is listed, where they differ first, and
    /// Enter shows the selected one in the gallery.
    @Test func theFolderListHasEveryFileAndEnterOpensOneInTheGallery() {
        let (start, tuned) = ("saved_models/default.safetensors", "saved_models/default-tuned.safetensors")
        var s = fresh()
        s.digitsFolder = "mine"
        let files = ["mine/1_c.png", "mine/3_a.png", "mine/4_d.png", "mine/7_b.png", "mine/9_e.png"]
        (s, _) = apply(s, .modelLoaded(name: tuned), .folderScanned(files: files))
        _ = CompareScreen.open(start, tuned, back: .gallery, onFolder: true, &s)
        let images = [FolderComparison.Image(file: "1_c.png", label: "1", readA: "7", readB: "1", learnt: true),
                      FolderComparison.Image(file: "3_a.png", label: "3", readA: "3", readB: "3", learnt: false),
                      FolderComparison.Image(file: "4_d.png", label: "4", readA: nil, readB: nil, learnt: false, error: "not a PNG or JPEG file"),
                      FolderComparison.Image(file: "5_fifo.png", label: "5", readA: nil, readB: nil, learnt: false, error: "cannot read (it is a FIFO)"),
                      FolderComparison.Image(file: "7_b.png", label: "7", readA: "1", readB: "7", learnt: false),
                      FolderComparison.Image(file: "9_e.png", label: "9", readA: "9", readB: "4", learnt: false)]
        var result = FolderComparison(folder: "mine", modelA: start, modelB: tuned, images: images, skipped: ["notes.png: no label"])
        result.warnings = ["A and B are one file"]
        (s, _) = apply(s, .explored(.compareOnFolder(start, tuned, folder: "mine"), .folderComparison(result)))
        let rows = render(s).text.split(separator: "\n").map(String.init)
        let order = ["7_b.png", "9_e.png", "4_d.png", "3_a.png", "1_c.png"].map { name in rows.firstIndex { $0.contains(name) } ?? -1 }
        #expect(order == order.sorted() && !order.contains(-1), "only B right, only A right, both wrong, both right, learnt: \(rows)")
        #expect(rows.contains { $0.contains("! !  4_d.png") && $0.contains("cannot read: not a PNG or JPEG file") }, "\(rows)")
        #expect(rows.contains { $0.contains("On mine: 5 labelled images, 2 of them unreadable (wrong for both)") }, "\(rows)")
        #expect(rows.contains { $0.contains("5_fifo.png") && $0.contains("cannot read (it is a FIFO)") && !$0.contains("cannot read: cannot") }, "\(rows)")
        #expect(rows.contains { $0.contains("1_c.png") && $0.contains("learnt from") }, "\(rows)")
        #expect(rows.contains { $0.contains("passed over: notes.png: no label") }, "\(rows)")
        #expect(rows.contains { $0.contains("warning: A and B are one file") }, "\(rows)")
        // Down twice and Enter: the third listed (4_d.png), the gallery's third file.
        var effects: [Effect]
        (s, effects) = apply(s, .key(.down), .key(.down), .key(.up), .key(.char("j")), .key(.enter))
        guard case .gallery = s.screen else { Issue.record("Enter opens the gallery"); return }
        #expect(s.index == 2 && effects.contains(.recognize(index: 2)), "\(s.index) \(effects)")
        #expect(s.message == "4_d.png, read by the model in use (C: the comparison again)", "\(s.message ?? "")")
        // End, then past it: the selection stays on the last file (learnt: 1_c.png, the gallery's first).
        _ = CompareScreen.open(start, tuned, back: .gallery, onFolder: true, &s)
        (s, _) = apply(s, .explored(.compareOnFolder(start, tuned, folder: "mine"), .folderComparison(result)))
        (s, _) = apply(s, .key(.end), .key(.down), .key(.pageDown), .key(.enter))
        #expect(s.index == 0, "\(s.index)")
        // A file the gallery does not list (the folder changed since): said, the screen stays.
        _ = CompareScreen.open(start, tuned, back: .gallery, onFolder: true, &s)
        (s, _) = apply(s, .explored(.compareOnFolder(start, tuned, folder: "mine"), .folderComparison(result)), .folderScanned(files: ["mine/1_c.png"]))
        (s, _) = apply(s, .key(.enter))
        guard case .compare = s.screen else { Issue.record("the compare screen stays"); return }
        #expect(s.message == "7_b.png is not in the gallery's list (r there reads the folder again)", "\(s.message ?? "")")
        // A file in a subfolder is that file, not the folder's own of the same name (walkthrough, session 34).
        (s, _) = apply(s, .folderScanned(files: ["mine/3_a.png", "mine/sub/3_a.png"]))
        let sub = FolderComparison(folder: "mine", modelA: start, modelB: tuned,
                                   images: [FolderComparison.Image(file: "sub/3_a.png", label: "3", readA: "5", readB: "3", learnt: false)], skipped: [])
        (s, _) = apply(s, .explored(.compareOnFolder(start, tuned, folder: "mine"), .folderComparison(sub)))
        #expect(render(s).text.contains("✗ ✓  sub/3_a.png"), "\(render(s).text)")
        (s, _) = apply(s, .key(.enter))
        #expect(s.index == 1, "\(s.index)")
    }

    /// Walkthrough 34: two models marked in the load list and compared on the folder; Enter
    /// showed a file in the gallery, and C there compared the model in use with its start (or
    /// refused one trained from scratch): the comparison left could not be had again.
    @Test func cInTheGalleryOpensTheComparisonAFileWasOpenedFrom() {
        let (a, b, other) = ("saved_models/default.safetensors", "saved_models/mlp.safetensors", "saved_models/other.safetensors")
        var s = fresh()
        s.digitsFolder = "mine"
        (s, _) = apply(s, .modelLoaded(name: a), .folderScanned(files: ["mine/3_a.png"]))
        _ = CompareScreen.open(a, b, back: .load(selected: 0), onFolder: true, &s)
        let result = FolderComparison(folder: "mine", modelA: a, modelB: b,
                                      images: [FolderComparison.Image(file: "3_a.png", label: "3", readA: "3", readB: "5", learnt: false)], skipped: [])
        (s, _) = apply(s, .explored(.compareOnFolder(a, b, folder: "mine"), .folderComparison(result)), .key(.enter))
        guard case .gallery = s.screen else { Issue.record("Enter opens the gallery"); return }
        #expect(s.message == "3_a.png, read by the model in use (C: the comparison again)", "\(s.message ?? "")")
        var effects: [Effect]
        (s, effects) = apply(s, .key(.char("C")))
        guard case let .compare(v) = s.screen else { Issue.record("C opens the comparison again"); return }
        #expect(v.a == a && v.b == b && v.onFolder && v.back == .gallery, "\(v.a) \(v.b)")
        #expect(effects == [.explore(.compareOnFolder(a, b, folder: "mine"))], "\(effects)")
        // The folder read again with a file before it: C still reopens it (review 35: it
        // followed a place in the list, not the file).
        (s, _) = apply(s, .key(.escape), .folderScanned(files: ["mine/1_new.png", "mine/3_a.png"]))
        (s, _) = apply(s, .key(.right))
        (s, effects) = apply(s, .key(.char("C")))
        #expect(effects == [.explore(.compareOnFolder(a, b, folder: "mine"))], "\(s.index) \(effects)")
        // Moved on to another image: C is the model's comparison with its start again (review 35).
        (s, _) = apply(s, .folderScanned(files: ["mine/3_a.png", "mine/7_b.png"]), .explored(.compareOnFolder(a, b, folder: "mine"), .folderComparison(result)), .key(.enter))
        (s, _) = apply(s, .key(.right))
        (s, effects) = apply(s, .key(.char("C")))
        #expect(effects == [.findParent(model: a)], "\(effects)")
        // Another model in use: C is its comparison with its start again.
        (s, _) = apply(s, .key(.escape), .modelLoaded(name: other))
        (s, effects) = apply(s, .key(.char("C")))
        #expect(effects == [.findParent(model: other)], "\(effects)")
    }

    /// At 160×50 the list filled a fifth of the screen: the selected file's picture stands beside
    /// it, read by the gallery as the selection moves.
    @Test func wideTheSelectedFilesPictureStandsBesideTheList() throws {
        let (start, tuned) = ("saved_models/default.safetensors", "saved_models/default-tuned.safetensors")
        var s = fresh(width: 160, height: 50)
        s.digitsFolder = "mine"
        (s, _) = apply(s, .modelLoaded(name: tuned), .folderScanned(files: ["mine/3_a.png", "mine/7_b.png"]))
        _ = CompareScreen.open(start, tuned, back: .gallery, onFolder: true, &s)
        let images = [FolderComparison.Image(file: "3_a.png", label: "3", readA: "5", readB: "3", learnt: false),
                      FolderComparison.Image(file: "7_b.png", label: "7", readA: "7", readB: "7", learnt: false)]
        var effects: [Effect]
        (s, effects) = apply(s, .explored(.compareOnFolder(start, tuned, folder: "mine"), .folderComparison(
            FolderComparison(folder: "mine", modelA: start, modelB: tuned, images: images, skipped: []))))
        // The first listed is the gallery's shown image, asked for already: not asked twice.
        guard case .reading = s.items[0] else { Issue.record("\(s.items[0])"); return }
        #expect(effects.isEmpty, "\(effects)")
        #expect(render(s).text.contains("3_a.png  (Enter: in the gallery)") && render(s).text.contains("reading…"))
        let r = try GalleryFixture.recognition("mine/3_a.png", labels: [3], confidence: [0.9])
        (s, effects) = apply(s, .recognized(index: 0, file: "mine/3_a.png", .recognized(r)))
        guard case .compare = s.screen else { Issue.record("the screen stays"); return }
        #expect(effects.isEmpty && !render(s).text.contains("reading…"), "the picture, drawn: \(render(s).text)")
        (s, effects) = apply(s, .key(.down))
        #expect(effects == [.recognize(index: 1)] && render(s).text.contains("7_b.png  (Enter: in the gallery)"))
        // The worker reads only the image wanted now: the selected file's, not the gallery's
        // (review, session 34: it dropped every reading but the gallery's own image's).
        #expect(s.wantedIndex == 1 && s.index == 0, "\(s.wantedIndex)")
        // A second reading of the folder keeps the selected file selected, by its name.
        (s, _) = apply(s, .explored(.compareOnFolder(start, tuned, folder: "mine"), .folderComparison(
            FolderComparison(folder: "mine", modelA: start, modelB: tuned, images: Array(images.reversed()), skipped: []))))
        guard case let .compare(kept) = s.screen else { return }
        #expect(kept.selectedImage?.file == "7_b.png", "\(String(describing: kept.selectedImage))")
        // At 80 columns there is no room: nothing is read for it.
        var narrow = s
        narrow.width = 80; narrow.height = 24
        narrow.items[0] = .pending
        #expect(apply(narrow, .key(.up), .key(.down)).1.isEmpty && !render(narrow).text.contains("(Enter: in the gallery)"))
        // Widened again with an unread file selected: it is asked for at once.
        (narrow, _) = apply(narrow, .key(.up))
        #expect(apply(narrow, .resize(width: 160, height: 50)).1 == [.recognize(index: 0)])
    }

    /// The compare screen says what `compare` says of a model and its copy (review, session 32).
    @Test func theCompareScreenShowsItsWarning() {
        var s = fresh()
        let (a, b) = ("saved_models/mlp.safetensors", "saved_models/copy.safetensors")
        _ = CompareScreen.open(a, b, back: .load(selected: 0), &s)
        var view = ExploreFixtures.comparison
        view.comparison.warnings = ["saved_models/mlp.safetensors and saved_models/copy.safetensors are copies of one model (the same checksum): A and B read every image alike"]
        (s, _) = apply(s, .explored(.compare(a, b), .comparison(view)))
        let text = render(s).text
        #expect(text.contains("warning: saved_models/mlp.safetensors and saved_models/copy.safetensors are"), "\(text)")
        #expect(text.contains("McNemar's exact test") && text.contains("B right"), "the rest still fits at 80×24: \(text)")
    }

    static func statusLine(_ s: AppState) -> String { render(s).text.split(separator: "\n").last.map(String.init) ?? "" }
}

extension Screen {
    func isLoad(selected i: Int) -> Bool { if case let .load(selected) = self { return selected == i } else { return false } }
}
