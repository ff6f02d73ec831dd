@testable import DigitApp
import Testing
@testable import DigitUI

/// A trained model is never lost: kept unsaved for the gallery, quitting asks once, saving
/// asks before replacing, the form is remembered; and the gallery's `F` fine-tunes.
@Suite struct TrainingFlowTests {
    /// The results screen after a run of the form's defaults, with a free name offered.
    func results(models: [ModelEntry] = []) throws -> AppState {
        var (s, _) = apply(fresh(), .modelsScanned(models), .key(.char("t")), .dataReady(folder: nil))
        (s, _) = apply(s, .key(.end), .key(.enter), .trainingDone(try outcome()), .nameSuggested("mlp-2026-12-02"))
        return s
    }

    /// Walkthrough, session 26: for a moment after a run the name is still being found; the
    /// prompt showed "saved_models/.safetensors" and Enter said "type a name first", which
    /// stayed after the name came. Now it says it is finding one, and Enter waits.
    @Test func enterBeforeTheFreeNameIsFoundWaits() throws {
        var (s, _) = apply(fresh(), .modelsScanned([]), .key(.char("t")), .dataReady(folder: nil))
        (s, _) = apply(s, .key(.end), .key(.enter), .trainingDone(try outcome()))
        #expect(render(s).text.contains("(finding a free name…)") && !render(s).text.contains("/.safetensors"), "\(render(s).text)")
        var e: [Effect]
        (s, e) = apply(s, .key(.enter))
        guard case let .results(r) = s.screen else { Issue.record("still the results screen"); return }
        #expect(e.isEmpty && r.saveError == nil && !r.saving)
        (s, e) = apply(s, .nameSuggested("mlp-2026-12-02"), .key(.enter))
        #expect(e == [.saveModel(name: "mlp-2026-12-02")], "\(e)")
    }

    @Test func escKeepsTheModelUnsavedAndQuittingAsksOnce() throws {
        var (s, e) = apply(try results(), .key(.escape))
        guard case .gallery = s.screen else { Issue.record("Esc opens the gallery"); return }
        #expect(e == [.useTrainedModel, .scanFolder("digits")])
        #expect(s.usingUnsaved && s.unsaved != nil && s.modelName == nil)
        // q asks instead of quitting; n stays.
        (s, _) = apply(s, .key(.char("q")))
        #expect(s.askQuit && !s.quit)
        #expect(render(s).text.contains("Quit without saving"))
        (s, _) = apply(s, .key(.char("n")))
        #expect(!s.askQuit && !s.quit)
        // Esc to the menu, then q: asked again, and y quits at once.
        (s, _) = apply(s, .key(.escape), .key(.char("q")))
        #expect(s.askQuit && !s.quit)
        (s, _) = apply(s, .key(.char("y")))
        #expect(s.quit)
    }

    /// Walkthrough, session 25: after a run (a cancelled one too) the only ways on were to save
    /// it or to use it unsaved; the model in use before was gone from the gallery. Ctrl-D
    /// discards the run's model and goes back to the one in use; quitting then does not ask.
    @Test func ctrlDDiscardsTheTrainedModelAndKeepsTheOneInUse() throws {
        var (s, _) = apply(fresh(), .modelLoaded(name: "saved_models/mine.safetensors"), .key(.escape), .key(.char("t")), .dataReady(folder: nil))
        (s, _) = apply(s, .key(.end), .key(.enter), .trainingDone(try outcome()), .nameSuggested("mlp-2026-12-02"))
        #expect(render(s).text.contains("^D discards it"), "said under the name")
        var e: [Effect]
        (s, e) = apply(s, .key(.char("\u{04}")))
        guard case .gallery = s.screen else { Issue.record("back to the gallery: \(s.screen)"); return }
        #expect(!e.contains(.useTrainedModel) && e.contains(.scanFolder("digits")), "\(e)")
        #expect(s.modelName == "saved_models/mine.safetensors" && s.unsaved == nil && !s.usingUnsaved)
        #expect(s.message?.contains("goes on with mine") == true, "\(s.message ?? "")")
        (s, _) = apply(s, .key(.char("q")))
        #expect(s.quit && !s.askQuit, "nothing unsaved is left")
        // With no model before: the start menu.
        let none = apply(try results(), .key(.char("\u{04}"))).0
        guard case .start = none.screen else { Issue.record("the start menu: \(none.screen)"); return }
        // From the quit question's s (save, then quit): Ctrl-D quits without asking again (review).
        let quitting = apply(try results(), .key(.escape), .key(.char("q")), .key(.char("s")), .key(.char("\u{04}"))).0
        #expect(quitting.quit && !quitting.askQuit)
    }

    /// The quit question names the model that would be lost.
    @Test func theQuitQuestionNamesTheModel() throws {
        let s = apply(try results(), .key(.escape), .key(.char("q"))).0
        let text = QuitPrompt.question(s)
        #expect(text.hasPrefix("Quit without saving the mlp model you trained (test accuracy ") && text.hasSuffix("%)? y/n/s"), "\(text)")
        #expect(render(s).text.contains("mlp model you trained"))
    }

    @Test func quitQuestionSaveFirstThenQuits() throws {
        var (s, _) = apply(try results(), .key(.escape), .key(.char("q")), .key(.char("s")))
        guard case let .results(r) = s.screen else { Issue.record("s opens the save prompt"); return }
        #expect(r.quitAfterSave && r.saveName == "mlp-2026-12-02")
        var e: [Effect]
        (s, e) = apply(s, .key(.enter))
        #expect(e == [.saveModel(name: "mlp-2026-12-02")])
        (s, e) = apply(s, .saved(path: "saved_models/mlp-2026-12-02.safetensors"))
        #expect(s.quit && e.isEmpty && s.unsaved == nil)
        #expect(s.farewell == "Saved saved_models/mlp-2026-12-02.safetensors", "said once the shell has the terminal back")
    }

    /// Walkthrough, session 29: a model kept unsaved while another was loaded was out of sight,
    /// and quit's s brought back an emptied name and the error of an earlier try.
    @Test func anUnsavedModelBehindAnotherStaysInSightAndSavesCleanly() throws {
        // A name refused (session 30: it came back, and was refused again).
        var (s, _) = apply(try results(), .key(.backspace), .key(.backspace), .saveFailed("saved_models: cannot write: disk full"))
        var long = apply(s, .key(.escape), .modelLoaded(name: "saved_models/" + String(repeating: "a-long-name-", count: 5) + ".safetensors")).0
        let title = render(long).text.split(separator: "\n").first ?? ""
        #expect(title.hasSuffix("… (+1 unsaved: q, s saves it)"), "a long name is cut before the hint: \(title)")
        long = apply(long, .key(.char("q")), .key(.char("s"))).0
        guard case let .results(refused) = long.screen else { Issue.record("s opens the save prompt"); return }
        #expect(refused.saveName == "mlp-2026-12-02" && refused.saveError == nil, "\(refused.saveName)")
        #expect(!render(long).text.contains("+1 unsaved"), "not on its own save prompt (review)")
        for _ in 0..<20 { s = apply(s, .key(.backspace)).0 }
        (s, _) = apply(s, .key(.escape), .modelLoaded(name: "saved_models/mine.safetensors"))
        #expect(!s.usingUnsaved && s.unsaved != nil)
        #expect(render(s).text.contains("model: mine (+1 unsaved: q, s saves it)"), "\(render(s).text)")
        (s, _) = apply(s, .key(.char("q")), .key(.char("s")))
        guard case let .results(r) = s.screen else { Issue.record("s opens the save prompt"); return }
        #expect(r.saveError == nil && r.saveName == "mlp-2026-12-02", "the free name again, no old error: \(r.saveName) \(r.saveError ?? "")")
        #expect(!render(s).text.contains("disk full"))
    }

    /// Walkthrough, session 21: Ctrl-C quit at once with the trained model unsaved; it asks as
    /// q does, and a second Ctrl-C (the question up) quits.
    @Test func ctrlCAsksWhileATrainedModelIsUnsaved() throws {
        var s = try results()
        #expect(QuitPrompt.asksOnInterrupt(s))
        (s, _) = apply(s, .interrupt)
        #expect(s.askQuit && !s.quit && render(s).text.contains("Quit without saving"))
        #expect(!QuitPrompt.asksOnInterrupt(s), "the second Ctrl-C is the program's: it quits")
        #expect(!QuitPrompt.asksOnInterrupt(fresh()), "nothing to lose: Ctrl-C quits")
        // With the folder prompt open the first Ctrl-C closes it (session 23: as in every
        // prompt); the next asks, and the answer is not typed into a path (review).
        var g = apply(try results(), .key(.escape)).0
        g.modelName = "m"
        (g, _) = apply(g, .key(.char("o")), .interrupt)
        #expect(!g.askQuit && g.folderPrompt == nil && !g.quit)
        (g, _) = apply(g, .interrupt)
        #expect(g.askQuit && g.folderPrompt == nil)
        (g, _) = apply(g, .key(.char("n")))
        #expect(!g.askQuit && g.folderPrompt == nil && !g.quit)
    }

    /// Review: the quit question's s during a run put the save prompt over it, and the run's
    /// end was never heard; it says to wait or quit instead.
    @Test func theQuitQuestionsSaveWaitsForARun() throws {
        var s = apply(try results(), .key(.escape)).0
        s.screen = .training(TrainingView(form: TrainForm()))
        s.askQuit = true
        (s, _) = apply(s, .key(.char("s")))
        guard case .training = s.screen else { Issue.record("the run's screen stays: \(s.screen)"); return }
        #expect(!s.askQuit && s.message?.contains("run is under way") == true)
        // Esc on the save prompt goes back only to screens that wait on no work.
        #expect(QuitPrompt.returnable(.gallery) && !QuitPrompt.returnable(s.screen))
    }

    /// Walkthrough: the quit question's s, then Esc on the save prompt, went to the gallery's
    /// first image; it goes back to where the user was.
    @Test func escFromTheQuitQuestionsSaveGoesBack() throws {
        var (s, _) = apply(try results(), .key(.escape))
        s.index = 2
        (s, _) = apply(s, .key(.char("q")), .key(.char("s")))
        guard case .results = s.screen else { Issue.record("s opens the save prompt"); return }
        var e: [Effect]
        (s, e) = apply(s, .key(.escape))
        guard case .gallery = s.screen else { Issue.record("back to the gallery: \(s.screen)"); return }
        #expect(s.index == 2 && e == [.useTrainedModel] && s.usingUnsaved && s.unsaved != nil && !s.quit)
        (s, _) = apply(s, .key(.char("q")))
        #expect(s.askQuit, "still unsaved: asked again")
    }

    @Test func ctrlQOnTheSavePromptAsksAndQIsALetter() throws {
        var (s, _) = apply(try results(), .key(.backspace), .key(.char("q")))
        guard case let .results(r) = s.screen else { Issue.record("still on the results"); return }
        #expect(r.saveName == "mlp-2026-12-0q" && !s.quit && !s.askQuit)
        (s, _) = apply(s, .key(.char("\u{11}")))
        #expect(s.askQuit && !s.quit)
        (s, _) = apply(s, .key(.escape), .key(.function(10)), .key(.char("y")))
        #expect(s.quit)
    }

    /// Walkthrough, session 30: "Save as" appended what was typed to the name offered, where
    /// the label prompt replaced its suggestion; a typed "/" vanished without a word.
    @Test func theNameOfferedIsReplacedByTheFirstKey() throws {
        var (s, _) = apply(try results(), .key(.char("m")), .key(.char("e")))
        guard case let .results(r) = s.screen else { Issue.record("still on the results"); return }
        #expect(r.saveName == "me" && !r.nameField.suggested, "\(r.saveName)")
        (s, _) = apply(s, .key(.char("/")))
        guard case let .results(slash) = s.screen else { Issue.record("still on the results"); return }
        #expect(slash.saveName == "me" && slash.saveError == nil && s.message?.contains("not \"/\"") == true, "\(s.message ?? "")")
        #expect(render(s).text.contains("letters, digits, - _ and . (not \"/\")"))
        (s, _) = apply(s, .key(.char("\u{15}")))
        #expect(render(s).text.contains("Save as: _ (type a name)") && !render(s).text.contains("/.safetensors"), "emptied: says what to do")
        (s, _) = apply(s, .key(.char("x")))
        guard case let .results(cleared) = s.screen else { Issue.record("still on the results"); return }
        #expect(cleared.saveName == "x" && cleared.saveError == nil, "^U clears")
        // Review, session 31: a name the user typed that exists stays theirs after "n" when no
        // other free name is known (the free name is the one typed): the next key adds to it.
        (s, _) = apply(s, .nameSuggested("x"), .saveExists(name: "x"), .key(.char("n")), .key(.char("2")))
        guard case let .results(edited) = s.screen else { Issue.record("still on the results"); return }
        #expect(edited.saveName == "x2", "\(edited.saveName)")
        // A free name arriving later is an offer again only when the field is empty.
        (s, _) = apply(s, .nameSuggested("mlp-2026-12-03"))
        guard case let .results(kept) = s.screen else { Issue.record("still on the results"); return }
        #expect(kept.saveName == "x2")
    }

    @Test func quittingWithoutAnUnsavedModelDoesNotAsk() {
        let (s, _) = apply(fresh(), .key(.char("q")))
        #expect(s.quit && !s.askQuit)
    }

    @Test func replacingAnExistingModelIsAsked() throws {
        let existing = ModelEntry(path: "saved_models/mine.safetensors", name: "mine", architecture: "mlp")
        var s = try results(models: [existing])
        for _ in 0..<20 { (s, _) = apply(s, .key(.backspace)) }
        var e: [Effect]
        (s, e) = apply(s, .key(.char("m")), .key(.char("i")), .key(.char("n")), .key(.char("e")), .key(.enter))
        #expect(e.isEmpty, "nothing saved before the answer")
        guard case let .results(r) = s.screen, r.replacing else { Issue.record("replace is asked"); return }
        #expect(render(s).text.contains("replace mine? y/n"))
        // n: the free name instead; Enter saves under it.
        (s, e) = apply(s, .key(.char("n")), .key(.enter))
        #expect(e == [.saveModel(name: "mlp-2026-12-02")])
        // y replaces.
        (s, e) = apply(s, .saveExists(name: "mine"), .key(.char("y")))
        #expect(e == [.saveModel(name: "mine", replace: true)])
        // A long name at 80 columns: the question still ends in "y/n" (README audit: it was
        // cut at "replace mlp-20261205-00").
        let long = "mlp-20261205-003313-a-longer-name"
        var t = try results(models: [ModelEntry(path: "saved_models/\(long).safetensors", name: long, architecture: "mlp")])
        for _ in 0..<20 { (t, _) = apply(t, .key(.backspace)) }
        for ch in long { (t, _) = apply(t, .key(.char(ch))) }
        (t, _) = apply(t, .key(.enter))
        let asked = render(t).text.split(separator: "\n").first { $0.contains("exists: replace") }.map(String.init) ?? ""
        #expect(asked.contains("replace it? y/n") && TextWidth.of(asked) <= 80, "\(asked)")
    }

    // Review, session 12: a damaged file of that name is not offered for replacing (the save
    // would refuse it after the "y"); the name is refused at once.
    @Test func aDamagedModelOfThatNameIsNotOfferedForReplacing() throws {
        let damaged = ModelEntry(path: "saved_models/mine.safetensors", name: "mine", error: "checksum mismatch")
        var s = try results(models: [damaged])
        for _ in 0..<20 { (s, _) = apply(s, .key(.backspace)) }
        var e: [Effect]
        (s, e) = apply(s, .key(.char("m")), .key(.char("i")), .key(.char("n")), .key(.char("e")), .key(.enter))
        guard case let .results(r) = s.screen else { Issue.record("still the results"); return }
        #expect(e.isEmpty && !r.replacing)
        #expect(r.saveError?.contains("not a usable model") == true, "\(String(describing: r.saveError))")
    }

    // Review, session 12: at a size too small to show anything, q on the save prompt is not
    // typed into the unseen name, and with the trained model unsaved no quit question is asked
    // unseen: the key waits; once the screen fits, q types and Ctrl-Q asks as usual.
    @Test func tooSmallWithAnUnsavedModelNeitherTypesNorQuits() throws {
        var s = try results()
        guard case let .results(before) = s.screen else { Issue.record("results"); return }
        (s, _) = apply(s, .resize(width: 20, height: 5), .key(.char("q")), .key(.char("\u{11}")), .key(.char("y")))
        guard case let .results(r) = s.screen else { Issue.record("still the results"); return }
        #expect(!s.quit && !s.askQuit && r.saveName == before.saveName)
        (s, _) = apply(s, .resize(width: 80, height: 24), .key(.char("\u{11}")))
        #expect(s.askQuit && !s.quit)
    }

    @Test func theFormIsRememberedAndTakesTypedNumbers() throws {
        var (s, e) = apply(fresh(), .key(.char("t")), .dataReady(folder: nil), .key(.down), .key(.char("1")), .key(.char("2")), .key(.down))
        #expect(try #require(form(s)).request.epochs == 12)
        // Refused numbers keep the focus and say the range; Esc undoes the typing.
        (s, _) = apply(s, .key(.char("0")), .key(.down))
        var f = try #require(form(s))
        #expect(f.focus == .batchSize && f.error?.contains("1 to 4096") == true)
        (s, _) = apply(s, .key(.escape), .key(.down), .key(.char("1")), .key(.char("e")), .key(.char("-")), .key(.char("3")), .key(.down))
        f = try #require(form(s))
        #expect(f.request.batchSize == 128 && f.request.learningRate == 0.001 && f.focus == .augmentation)
        (s, _) = apply(s, .key(.down), .key(.char("4")), .key(.char("2")), .key(.down))
        #expect(try #require(form(s)).request.seed == 42)
        // The data folder is typed text; leaving it looks for MNIST there.
        (s, e) = apply(s, .key(.char("/")), .key(.char("d")), .key(.down))
        #expect(try #require(form(s)).request.dataFolder == "/d" && e == [.checkData])
        (s, e) = apply(s, .key(.end), .key(.enter))
        guard case let .startTraining(request)? = e.first else { Issue.record("training starts"); return }
        #expect(request.epochs == 12 && request.seed == 42 && request.dataFolder == "/d")
        // Back on the form later in the session: the same settings.
        (s, _) = apply(s, .trainingFailed("x"), .key(.escape), .key(.escape), .key(.char("t")))
        #expect(try #require(form(s)).request == request)
    }

    /// Walkthrough (session 23): Ctrl-C while typing into the epochs field quit the program.
    /// It drops the half-typed number as Esc does; Ctrl-C again (nothing typed) is the program's.
    @Test func ctrlCDropsANumberBeingTyped() throws {
        var (s, _) = apply(fresh(), .key(.char("t")), .dataReady(folder: nil), .key(.down), .key(.char("1")), .key(.char("2")))
        #expect(try #require(form(s)).editing == "12" && PromptInterrupt.closesPrompt(s))
        (s, _) = apply(s, .interrupt)
        let f = try #require(form(s))
        #expect(!s.quit && f.editing == nil && f.request.epochs != 12 && f.focus == .epochs)
        #expect(s.message == "Ctrl-C dropped the number being typed (Ctrl-C again quits)")
        #expect(!PromptInterrupt.closesPrompt(s))
        // In a text field there is no line being typed apart from the field itself.
        (s, _) = apply(s, .key(.down), .key(.down), .key(.down), .key(.down), .key(.down), .key(.char("x")))
        #expect(try #require(form(s)).focus == .dataFolder && !PromptInterrupt.closesPrompt(s))
    }

    @Test func trainingAgainWithAnUnsavedModelAsksFirst() throws {
        var (s, e) = apply(try results(), .key(.escape), .key(.escape), .key(.char("t")), .dataReady(folder: nil), .key(.end))
        (s, e) = apply(s, .key(.enter))
        #expect(e.isEmpty && s.message?.contains("not saved") == true)
        (s, e) = apply(s, .key(.enter))
        #expect(e.count == 1 && s.unsaved == nil)
    }

    @Test func failureIsShownInFullAndEscGoesBack() throws {
        let why = "MNIST not found in /x: looked in ./data/mnist and ~/.cache/digitrec/mnist. Run `digitrec download` or set DIGITREC_DATA."
        var (s, _) = apply(fresh(), .key(.char("t")), .dataReady(folder: nil), .key(.end), .key(.enter), .trainingFailed(why))
        #expect(render(s).text.contains("DIGITREC_DATA."), "the whole reason, wrapped")
        #expect(!render(s).text.contains("model: in training"), "the run is over (walkthrough)")
        (s, _) = apply(s, .key(.escape))
        guard case .trainForm = s.screen else { Issue.record("Esc goes back to the form"); return }
    }

    @Test func fineTuneFromTheGallery() throws {
        var (s, e) = apply(fresh(), .modelLoaded(name: "saved_models/default.safetensors"), .folderScanned(files: ["digits/3_a.png", "digits/7_b.png"]),
                           .key(.char("F")), .key(.enter))
        let request = FineTuneRequest(model: "saved_models/default.safetensors", images: "digits")
        #expect(e.last == .startFineTune(request))
        guard case let .training(view) = s.screen, view.fineTune == request else { Issue.record("the dashboard runs it"); return }
        #expect(render(s).text.contains("Fine-tuning default on digits/"))
        // Too few labels: the use case's reason in full; Esc back to the gallery.
        (s, _) = apply(s, .trainingFailed("\(AppError.tooFewLabelled(found: 1, skipped: []))"))
        #expect(render(s).text.contains("at least two different labelled"))
        (s, _) = apply(s, .key(.escape))
        guard case .gallery = s.screen else { Issue.record("back to the gallery"); return }
    }

    /// Walkthrough (session 27): back in the gallery after a fine-tune, the image the user was
    /// on is shown again, not the first.
    @Test func afterAFineTuneTheGalleryKeepsItsPlace() throws {
        let files = ["digits/3_a.png", "digits/4_b.png", "digits/5_c.png"]
        var (s, _) = apply(fresh(), .modelLoaded(name: "saved_models/default.safetensors"), .folderScanned(files: files),
                           .key(.right), .key(.right), .key(.char("F")), .key(.enter))
        (s, _) = apply(s, .fineTuneDone(try fineTuneOutcome()))
        guard case .results = s.screen else { Issue.record("the results"); return }
        (s, _) = apply(s, .key(.escape), .folderScanned(files: files))
        guard case .gallery = s.screen else { Issue.record("back to the gallery"); return }
        #expect(s.index == 2, "at 5_c.png, as before the fine-tune")
    }

    /// Saving a fine-tune says the loop's next step: C shows it beside its start on the folder.
    @Test func savingAFineTuneSaysHowToCompareItWithItsStart() throws {
        var (s, _) = apply(fresh(), .modelLoaded(name: "saved_models/default.safetensors"), .folderScanned(files: ["digits/3_a.png", "digits/7_b.png"]),
                           .key(.char("F")), .key(.enter))
        (s, _) = apply(s, .fineTuneDone(try fineTuneOutcome()), .saved(path: "saved_models/default-tuned.safetensors"))
        #expect(s.message == "Saved saved_models/default-tuned.safetensors (C compares it with default)", "\(s.message ?? "")")
        var effects: [Effect]
        (s, effects) = apply(s, .key(.char("C")))
        #expect(effects == [.findParent(model: "saved_models/default-tuned.safetensors")])
    }

    /// Walkthrough (session 23): "Ctrl-C: the run stops after this batch…" stayed on the status
    /// line under the results of the run it had stopped.
    @Test func whatCtrlCSaidGoesWithTheRun() throws {
        var (s, _) = apply(fresh(), .modelLoaded(name: "saved_models/default.safetensors"), .folderScanned(files: ["digits/3_a.png", "digits/7_b.png"]),
                           .key(.char("F")), .key(.enter), .interrupt)
        #expect(s.message == TrainingScreen.interruptMessage)
        (s, _) = apply(s, .fineTuneDone(try fineTuneOutcome()))
        guard case .results = s.screen else { Issue.record("the results"); return }
        #expect(s.message == nil && !render(s).text.contains("stops after this batch"))
        // A run that fails after it (review) takes the message with it too.
        var f = apply(fresh(), .modelLoaded(name: "saved_models/default.safetensors"), .folderScanned(files: ["digits/3_a.png", "digits/7_b.png"]),
                      .key(.char("F")), .key(.enter), .interrupt).0
        f = apply(f, .trainingFailed("stopped without a model")).0
        #expect(f.message == nil)
    }

    /// Walkthrough (session 23): a cancelled fine-tune of a model with a long name cut its
    /// summary to "…6s — canc"; a shorter wording keeps the word whole.
    @Test func aCancelledFineTuneSaysSoWhole() throws {
        let parent = "saved_models/default-tuned-2026-12-05-2.safetensors"
        var (s, _) = apply(fresh(), .modelLoaded(name: parent), .folderScanned(files: ["digits/3_a.png", "digits/7_b.png"]), .key(.char("F")), .key(.enter))
        var o = try fineTuneOutcome()
        o.cancelled = true
        var e: [Effect]
        (s, e) = apply(s, .fineTuneDone(o))
        #expect(e.contains(.suggestName(prefix: "default-tuned")), "a tuned model's first name, not default-tuned-…-tuned: \(e)")
        let text = render(s).text
        #expect(text.contains("— cancelled") && !text.contains("— canc\n"), "\(text)")
    }

    /// Walkthrough, session 28: at 80 columns a run cancelled in its 3rd epoch lost the word
    /// "cancelled" ("…63% of the 3rd, 6s —"); the counts give way first.
    @Test func aCancelledTrainingSaysSoAt80Columns() throws {
        var o = try outcome()
        o.epochs = (1...3).map { EpochSummary(epoch: $0, trainLoss: 0.1, trainAccuracy: 0.97, validationLoss: 0.05, validationAccuracy: 0.98,
                                              seconds: 2, learningRate: 0.003, fraction: $0 == 3 ? 0.63 : 1) }
        o.metrics = Metrics(predictions: Array(repeating: 1, count: 10_000), labels: Array(repeating: 1, count: 9_895) + Array(repeating: 2, count: 105))
        o.cancelled = true
        var (s, _) = apply(fresh(), .key(.char("t")), .dataReady(folder: nil))
        (s, _) = apply(s, .key(.end))
        (s, _) = apply(s, .key(.enter), .trainingDone(o), .nameSuggested("fast-2026-12-06"))
        guard case .results = s.screen else { Issue.record("the results"); return }
        let heading = render(s).text.split(separator: "\n").first { $0.contains("Test accuracy") }.map(String.init) ?? ""
        #expect(heading.contains("Test accuracy 98.95% after 2 epochs and 63% of the 3rd") && heading.contains("— cancelled"), "\(heading)")
    }

    /// Walkthrough, session 28: an empty Data folder said "automatic", never which folder
    /// training would read; a long path keeps its end at 80 columns.
    @Test func theFormSaysWhereMNISTWasFound() {
        let (s, _) = apply(fresh(), .key(.char("t")), .dataReady(folder: "/home/someone/projects/digits/shared/datasets/mnist"))
        let row = render(s).text.split(separator: "\n").first { $0.contains("Data folder") }.map(String.init) ?? ""
        #expect(row.contains("empty: found in …") && row.hasSuffix("datasets/mnist"), "\(row)")
        let (unknown, _) = apply(fresh(), .key(.char("t")), .dataReady(folder: nil))
        #expect(render(unknown).text.contains("empty: automatic (? lists where)"))
        #expect(s.dataFolder == nil, "an automatic folder is not a choice")
    }

    /// Walkthrough, session 31: ^U did nothing in the form's fields, and "/" in the name
    /// vanished without a word (the other fields said it).
    @Test func theFormsFieldsClearWithCtrlUAndSayWhatTheyRefuse() {
        var s = fresh()
        var form = TrainForm()
        form.focus = .name
        s.screen = .trainForm(form, missingData: nil, download: .idle)
        (s, _) = apply(s, .key(.char("w")), .key(.char("/")))
        guard case let .trainForm(named, _, _) = s.screen else { Issue.record("the form"); return }
        #expect(named.name.hasSuffix("w") && named.error == "a model's name is letters, digits, - _ and . (not \"/\")", "\(named.error ?? "")")
        (s, _) = apply(s, .key(.char("\u{15}")))
        guard case let .trainForm(cleared, _, _) = s.screen else { Issue.record("the form"); return }
        #expect(cleared.name.isEmpty && cleared.error == nil)
        form.focus = .seed
        s.screen = .trainForm(form, missingData: nil, download: .idle)
        (s, _) = apply(s, .key(.char("4")), .key(.char("2")), .key(.char("\u{15}")))
        guard case let .trainForm(seed, _, _) = s.screen else { Issue.record("the form"); return }
        #expect(seed.editing == "", "\(seed.editing ?? "nil")")
    }

    /// Walkthrough, session 29: a data folder typed in the form and found there was forgotten
    /// on leaving it, so fine-tuning and the explore screens said "MNIST not found".
    @Test func aDataFolderTypedInTheFormIsKept() {
        var s = fresh()
        var form = TrainForm()
        form.setDataFolder("/data/mnist")
        s.screen = .trainForm(form, missingData: "MNIST not found", download: .idle)
        (s, _) = apply(s, .dataMissing("MNIST not found"))
        #expect(s.dataFolder == nil, "not found there: not kept")
        (s, _) = apply(s, .dataReady(folder: "/data/mnist"), .key(.escape))
        #expect(s.dataFolder == "/data/mnist")
    }

    /// Walkthrough, session 28: at 160×50 the form used a third of the screen. Beside it now:
    /// every architecture, the chosen one marked, and its layers; at 80 columns the form alone.
    @Test func aWideFormListsTheArchitectures() {
        let (s, _) = apply(fresh(width: 160, height: 50), .key(.char("t")), .dataReady(folder: nil), .key(.right))
        let text = render(s).text
        for preset in Preset.allCases { #expect(text.contains(" \(preset.rawValue) "), "\(preset) listed") }
        #expect(text.contains("▸ cnn") && text.contains("Layers of cnn") && text.contains("conv 64 3×3, relu") && text.contains("dense 10, softmax"), "\(text)")
        let (narrow, _) = apply(fresh(), .key(.char("t")), .dataReady(folder: nil))
        #expect(!render(narrow).text.contains("Layers of"))
        #expect(TrainFormPresets.layerLines(Preset.mlp.layers).last == "dense 10, softmax")
    }

    @Test func fineTuneResultsSaveANewModelNeverTheParent() throws {
        var (s, _) = apply(fresh(), .modelLoaded(name: "saved_models/default.safetensors"), .folderScanned(files: ["digits/3_a.png", "digits/7_b.png"]),
                           .key(.char("F")), .key(.enter))
        var e: [Effect]
        (s, e) = apply(s, .fineTuneDone(try fineTuneOutcome()))
        #expect(e == [.scanModels, .suggestName(prefix: "default-tuned")])
        (s, _) = apply(s, .nameSuggested("default-tuned-2026-12-02"))
        let text = render(s).text
        #expect(text.contains("held-back digits: 1/2 → 2/2 right (50.0% → 100.0%) — too few to tell") && text.contains("MNIST test: 99.72% → 99.60%"), "\(text)")
        #expect(text.contains("Halfway back to default: held back 50.0%, MNIST 99.70% (↑↓ chooses it)"), "\(text)")
        #expect(text.contains("Enter saves the fine-tuned model · ↑↓ the halfway average"), "\(text)")
        // ↓ chooses the halfway average: its figures, its matrix, and it is what Enter saves.
        (s, _) = apply(s, .key(.down))
        guard case let .results(r) = s.screen else { Issue.record("still on the results"); return }
        #expect(r.halfwayChosen && r.outcome.metadata["note"] == "the halfway average" && r.metrics.correct == 997)
        let chosen = render(s).text
        #expect(chosen.contains("MNIST test: 99.72% → 99.70%") && chosen.contains("(50.0% → 50.0%)"), "\(chosen)")
        #expect(chosen.contains("Halfway average chosen; ↑↓ fine-tuned: held back 100.0%, MNIST 99.60%"), "\(chosen)")
        #expect(chosen.contains("Halfway average on MNIST test") && chosen.contains("Enter saves the halfway average"), "\(chosen)")
        // ↑ takes the fine-tuned model back.
        (s, _) = apply(s, .key(.up))
        guard case let .results(back) = s.screen else { Issue.record("still on the results"); return }
        #expect(!back.halfwayChosen && back.outcome.metadata["note"] == nil && render(s).text == text)
        (s, e) = apply(s, .key(.enter))
        #expect(e == [.saveModel(name: "default-tuned-2026-12-02")])
        (s, e) = apply(s, .saved(path: "saved_models/mine.safetensors"))
        #expect(s.modelName == "saved_models/mine.safetensors" && e.contains(.scanFolder("digits")), "the gallery reloads with it")
    }

    /// The halfway average chosen, then Esc: the gallery uses it unsaved (App takes the
    /// network of `unsaved`, the model the results screen had chosen).
    @Test func escapeGoesOnWithTheChosenHalfwayAverage() throws {
        var (s, _) = apply(fresh(), .modelLoaded(name: "saved_models/default.safetensors"), .folderScanned(files: ["digits/3_a.png", "digits/7_b.png"]),
                           .key(.char("F")), .key(.enter), .fineTuneDone(try fineTuneOutcome()), .key(.down))
        var e: [Effect]
        (s, e) = apply(s, .key(.escape))
        #expect(e.first == .useTrainedModel && s.usingUnsaved)
        #expect(s.unsaved?.halfwayChosen == true && s.unsaved?.outcome.metadata["note"] == "the halfway average")
        #expect(s.learnt == LearntImages(metadata: ["note": "the halfway average"]))
    }

    @Test func theParentsNameIsRefused() throws {
        var (s, _) = apply(fresh(), .modelLoaded(name: "saved_models/mine.safetensors"), .folderScanned(files: ["digits/3_a.png", "digits/7_b.png"]),
                           .key(.char("F")), .key(.enter), .fineTuneDone(try fineTuneOutcome()))
        var e: [Effect]
        (s, e) = apply(s, .key(.char("m")), .key(.char("i")), .key(.char("n")), .key(.char("e")), .key(.enter))
        #expect(e.isEmpty)
        guard case let .results(r) = s.screen else { Issue.record("still on the results"); return }
        #expect(r.saveError?.contains("started from") == true)
    }

    /// An average says what it averaged (not "fine-tuned from"), why it has no curves, and its
    /// whole recipe, wrapped at 80 columns.
    @Test func detailsOfAnAverage() {
        let meta = ["architecture_name": "deep", "parent": "default-2026-11", "averaged_with": "styles-s7", "average_weight": "0.5",
                    "recipe": "digitrec average default-2026-11.safetensors styles-s7.safetensors --weight 0.5"]
        let details = ModelDetails(path: "saved_models/default.safetensors", metadata: meta)
        #expect(details.isAverage && details.facts.contains { $0.0 == "Averaged from" && $0.1 == "default-2026-11 and styles-s7, 50% of the second" })
        let (s, _) = apply(fresh(width: 80, height: 24), .key(.char("l")), .detailsRead(details))
        let text = render(s).text
        #expect(text.contains("this model is an average of two") && !text.contains("Fine-tuned from"), "\(text)")
        #expect(text.contains("styles-s7.safetensors") && text.contains("--weight 0.5"), "the recipe's end is shown: \(text)")
    }

    @Test func detailsFromTheLoadList() {
        let entry = ModelEntry(path: "saved_models/m.safetensors", name: "m", architecture: "mlp")
        var (s, e) = apply(fresh(), .key(.char("l")), .modelsScanned([entry]), .key(.char("i")))
        #expect(e.last == .readDetails(path: "saved_models/m.safetensors"))
        let history = HistoryJSON.text([EpochSummary(epoch: 1, trainLoss: 0.3, trainAccuracy: 0.91, validationLoss: 0.2, validationAccuracy: 0.95, seconds: 1, learningRate: 0.001)])
        (s, _) = apply(s, .detailsRead(ModelDetails(path: entry.path, metadata: ["architecture_name": "mlp", "history": history])))
        guard case .details = s.screen else { Issue.record("details shown"); return }
        #expect(render(s).text.contains("Train loss") && render(s).text.contains("accuracy"))
        (s, e) = apply(s, .key(.enter))
        #expect(e == [.loadModel(path: entry.path)])
    }
}

func fineTuneOutcome() throws -> FineTuneOutcome {
    let o = try outcome()
    let two = try #require(LabelledImages(images: [UInt8](repeating: 0, count: 2 * 784), labels: [3, 7]))
    var f = FineTuneOutcome(network: o.network, metadata: [:], digits: UserDigits(train: two, heldBack: two, filesUsed: 4, skipped: [], checksum: ""),
                           heldBackBefore: 0.5, heldBackAfter: 1,
                           changes: HeldBackChanges(nowRight: [.init(source: DigitSource(file: "7_pen.png"), expected: 7, before: 1, after: 7)]),
                           doubtfulLabels: [DoubtfulLabel(source: DigitSource(file: "3_pen.png"), label: 3, read: 8, confidence: 0.999)],
                           mnistBefore: 0.9972, mnistAfter: 0.996,
                           mnistMetrics: o.metrics, mnistLoss: 0.1, epochs: o.epochs, seconds: 4, request: TrainingRequest(), cancelled: false)
    // 997 of 1,000 right: the halfway average's 99.70 % on MNIST.
    let labels = (0..<1000).map { $0 % 10 }
    f.halfwayModel = HalfwayModel(network: try Network(layers: Preset.mlp.layers, seed: 2, threads: 1), metadata: ["note": "the halfway average"],
                                  mnistMetrics: Metrics(predictions: labels.enumerated().map { $0.offset < 3 ? 9 - $0.element : $0.element }, labels: labels),
                                  mnistLoss: 0.05, heldBack: 0.5, changes: HeldBackChanges())
    return f
}
