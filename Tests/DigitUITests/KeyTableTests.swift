import DigitApp
import Testing
@testable import DigitUI

/// One state per screen and overlay, so every key table is checked.
func everyScreen() -> [(name: String, state: AppState)] {
    let (start, _) = apply(fresh())
    let (load, _) = apply(fresh(), .key(.char("l")))
    let (form, _) = apply(fresh(), .key(.char("t")), .dataReady(folder: nil))
    let (missing, _) = apply(fresh(), .key(.char("t")), .dataMissing("MNIST not found"))
    var (training, _) = apply(fresh(), .key(.char("t")), .dataReady(folder: nil))
    (training, _) = apply(training, .key(.end), .key(.enter))
    let results = (try? outcome()).map { apply(training, .trainingDone($0), .nameSuggested("mlp-2026-12-02")).0 }
    let replacing = results.map { apply($0, .saveExists(name: "mlp-2026-12-02")).0 }
    let quitting = results.map { apply($0, .key(.escape), .key(.char("q"))).0 }
    let details = apply(load, .detailsRead(ModelDetails(path: "saved_models/m.safetensors", metadata: ["architecture_name": "mlp"]))).0
    var failed = training
    (failed, _) = apply(failed, .trainingFailed("MNIST not found"))
    let (gallery, _) = apply(fresh(), .modelLoaded(name: "m"), .folderScanned(files: ["d/a.png", "d/b.png"]))
    let (list, _) = apply(gallery, .key(.char("/")))
    return [("start", start), ("load", load), ("form", form), ("form, MNIST missing", missing), ("training", training),
            ("gallery", gallery), ("file list", list), ("details", details), ("training failed", failed)]
        + [("results", results), ("replace question", replacing), ("quit question", quitting)].compactMap { name, s in s.map { (name, $0) } }
}

@Suite struct KeyTableTests {
    @Test func statusLineAndHelpComeFromTheSameTable() {
        for (name, s) in everyScreen() {
            let keys = screenKeys(s)
            let status = KeyHints.statusLine(keys.hints, width: s.width - 2)
            let help = KeyHints.helpLines(keys.hints, notes: keys.notes)
            #expect(render(s).text.split(separator: "\n").last.map(String.init) == " " + status, "\(name): the status bar is the table's line")
            for hint in keys.hints + KeyHints.global.hints {
                #expect(help.contains { $0.hasPrefix(hint.label + " ") }, "\(name): help lists \(hint.label)")
                let short = hint.short.isEmpty ? "" : " " + hint.short
                let shown = status.contains(hint.label + short) || status.contains(KeyHints.mainKeys(hint.label) + short)
                // A key shown when there is room may be there or not.
                #expect(shown == hint.inStatusLine || (hint.whenRoom && shown), "\(name): status line shows \(hint.label) exactly when the table says so")
            }
            // Every key label on the status line is a row of the help.
            for part in status.components(separatedBy: "  ") {
                let label = part.split(separator: " ").first.map(String.init) ?? part
                #expect(help.contains { $0.hasPrefix(label + " ") || $0.hasPrefix(label + "/") }, "\(name): \(label) on the status line is in the help")
            }
        }
    }

    /// Too narrow for every hint (ASCII spells the arrows out): the last ones give way and
    /// "? help" stays whole.
    @Test func aStatusLineTooWideKeepsTheHelpKey() {
        let hints = LoadScreen.keys.hints
        let all = KeyHints.statusLine(hints)
        let narrow = KeyHints.statusLine(hints, width: 40)
        #expect(all.hasSuffix("? help") && narrow.hasSuffix("? help"), "\(narrow)")
        #expect(TextWidth.of(narrow) <= 40 && narrow.count < all.count, "\(narrow)")
        #expect(narrow.hasPrefix("↑↓ move  Enter load"), "the first hints kept, in order, alternatives gone: \(narrow)")
        #expect(narrow.contains("q quit"), "quitting gives way last: \(narrow)")
    }

    /// Walkthrough, session 28: in ASCII the load list's line lost "q quit", and the start menu's
    /// line left D out. Lowercase alternatives give way first; quitting stays.
    @Test func alternativesGiveWayBeforeHints() {
        #expect(KeyHints.mainKeys("↑↓/jk") == "↑↓" && KeyHints.mainKeys("Up/Down/jk") == "Up/Down" && KeyHints.mainKeys("Esc/b") == "Esc")
        #expect(KeyHints.mainKeys("Home/End") == "Home/End" && KeyHints.mainKeys("Tab/1-4") == "Tab/1-4" && KeyHints.mainKeys("h/l") == "h/l")
        let start = KeyHints.statusLine(StartScreen.keys.hints, width: 78)
        #expect(start.contains("D data") && start.contains("q quit") && start.hasPrefix("↑↓ move"), "\(start)")
        let ascii = StartScreen.keys.hints.map { KeyHint(label: $0.label.replacing("↑↓", with: "Up/Down"), short: $0.short, help: $0.help, inStatusLine: $0.inStatusLine, keys: $0.keys) }
        let line = KeyHints.statusLine(ascii, width: 78)
        #expect(line.contains("q quit") && line.hasSuffix("? help") && TextWidth.of(line) <= 78, "\(line)")
    }

    @Test func helpOverlayShowsTheScreensTable() {
        let (s, _) = apply(fresh(), .modelLoaded(name: "m"), .folderScanned(files: ["d/a.png"]), .key(.function(1)))
        let screen = render(s).text
        for hint in GalleryScreen.keys.hints {
            #expect(screen.contains(hint.label) && screen.contains(hint.help), "help shows \(hint.label): \(hint.help)")
        }
    }

    @Test func noKeyIsBoundTwiceOnAScreen() {
        func check<C>(_ table: KeyTable<C>, _ name: String) {
            let keys = table.bindings.flatMap { $0.keys.map(\.key) } + KeyHints.global.bindings.flatMap { $0.keys.map(\.key) }
            #expect(Set(keys).count == keys.count, "\(name) binds a key twice")
        }
        check(StartScreen.keys, "start"); check(LoadScreen.keys, "load"); check(TrainFormScreen.keys, "form")
        check(TrainingScreen.keys, "training"); check(ResultsScreen.keys, "results"); check(GalleryScreen.keys, "gallery")
        check(FileListOverlay.keys, "file list"); check(QuitPrompt.keys, "quit question"); check(DetailsScreen.keys, "details")
        check(ResultsScreen.replaceKeys, "replace question"); check(TrainingScreen.failedKeys, "training failed")
    }

    @Test func downloadKeyShowsOnlyWhenMNISTIsMissing() {
        let screens = Dictionary(uniqueKeysWithValues: everyScreen().map { ($0.name, $0.state) })
        #expect(render(screens["form, MNIST missing"]!).text.contains("d download"))
        #expect(!render(screens["form"]!).text.contains("d download"))
    }

    @Test func escGoesBackAndQQuits() throws {
        // Start menu: nothing to go back to; Esc does not quit.
        var (s, _) = apply(fresh(), .key(.escape))
        #expect(!s.quit)
        guard case .start = s.screen else { Issue.record("Esc keeps the start menu"); return }
        // Load list, train form: back to the start menu.
        (s, _) = apply(fresh(), .key(.char("l")), .key(.escape))
        guard case .start = s.screen else { Issue.record("Esc leaves the load list"); return }
        (s, _) = apply(fresh(), .key(.char("t")), .key(.escape))
        guard case .start(2) = s.screen else { Issue.record("Esc leaves the form, 'Train' selected"); return }
        // Gallery: Esc goes back to the start menu (it used to quit), q quits.
        var e: [Effect]
        (s, _) = apply(fresh(), .modelLoaded(name: "m"), .folderScanned(files: ["a.png"]))
        (s, e) = apply(s, .key(.escape))
        #expect(!s.quit && e.isEmpty)
        guard case .start(0) = s.screen else { Issue.record("Esc in the gallery goes back to the start menu"); return }
        (s, _) = apply(fresh(), .modelLoaded(name: "m"), .key(.char("q")))
        #expect(s.quit)
        // The file list: Esc closes it, back in the gallery.
        (s, _) = apply(fresh(), .modelLoaded(name: "m"), .folderScanned(files: ["a.png"]), .key(.char("f")), .key(.escape))
        #expect(!s.fileList.open && !s.quit)
        guard case .gallery = s.screen else { Issue.record("closing the list keeps the gallery"); return }
        // Training: Esc cancels.
        (s, _) = apply(fresh(), .key(.char("t")), .dataReady(folder: nil))
        (s, _) = apply(s, .key(.end))
        (s, e) = apply(s, .key(.enter), .key(.escape))
        #expect(e.last == .cancelTraining && !s.quit)
        // Results: Esc skips saving and goes on to the gallery with the trained network.
        (s, e) = apply(s, .trainingDone(try outcome()), .key(.escape))
        guard case .gallery = s.screen else { Issue.record("Esc on the results opens the gallery"); return }
        #expect(e.suffix(2) == [.useTrainedModel, .scanFolder("digits")])
        #expect(s.modelName == nil && s.usingUnsaved && s.unsaved != nil && !s.quit)
        #expect(render(s).text.split(separator: "\n").first?.hasSuffix("model: unsaved") == true, "the title says so")
    }

    /// Walkthrough, session 34: at 160 columns the gallery's status line still named only the
    /// 80-column keys; a new user did not find the file list, fine-tuning or compare.
    @Test func aWideStatusLineNamesTheKeysLeftOffAt80() {
        let wide = KeyHints.statusLine(GalleryScreen.keys.hints, width: 156)
        for key in ["x/X mistake", "f/m files", "d draw", "o open", "E report", "F/C fine-tune", "q quit", "? help"] {
            #expect(wide.contains(key), "\(key): \(wide)")
        }
        #expect(TextWidth.of(wide) <= 156)
        // In the table's order: the file list after find, quit last before help.
        let find = wide.range(of: "/ find")?.lowerBound, files = wide.range(of: "f/m files")?.lowerBound
        #expect(find != nil && files != nil && find! < files! && wide.hasSuffix("q quit  ? help"), "\(wide)")
        let narrow = KeyHints.statusLine(GalleryScreen.keys.hints, width: 76)
        #expect(!narrow.contains("F/C fine-tune") && narrow.contains("q quit") && narrow.hasPrefix("←→ image  Tab digit"), "\(narrow)")
    }
}
