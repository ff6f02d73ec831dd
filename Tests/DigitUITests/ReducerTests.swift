import DigitApp
import DigitImage
import Foundation
import Testing
@testable import DigitUI

func fresh(width: Int = 80, height: Int = 24, unicode: Bool = true) -> AppState {
    AppState(width: width, height: height, capabilities: Capabilities(color: false, unicode: unicode), digitsFolder: "digits")
}

func apply(_ s: AppState, _ actions: Action...) -> (AppState, [Effect]) {
    var state = s
    var all: [Effect] = []
    for a in actions { let (n, e) = reduce(state, a); state = n; all += e }
    return (state, all)
}

@Suite struct ReducerTests {
    /// Walkthrough: a folder of HEIC and WebP photos opened as "No PNG or JPEG images in …" with
    /// no word about them. The gallery says what it passed over, in its message and its empty page.
    @Test func theGallerySaysWhichImagesItSkipped() {
        let skipped = ["2 HEIC/WEBP images (digitrec reads PNG and JPEG: convert them)"]
        let (s, _) = apply(fresh(), .modelLoaded(name: "saved_models/default.safetensors"),
                           .folderScanned(files: [], skippedImages: skipped))
        #expect(s.message?.contains("skipped 2 HEIC/WEBP images") == true, "\(s.message ?? "")")
        let text = render(s).text
        #expect(text.contains("Skipped 2 HEIC/WEBP images (digitrec reads PNG and JPEG: convert them)."), "\(text)")
        #expect(text.contains("(o opens another folder)"))
        // A long folder name wraps the page's sentence, and the status line has the keys that
        // bring images, not those that step through them (walkthrough, session 29).
        var long = s
        long.digitsFolder = "/tmp/a/rather/long/folder/of/my/own/photos"
        let page = render(long).text
        #expect(page.contains("or d to draw one.") && page.contains("No PNG or JPEG images in /tmp/a/rather/long/folder/of/my/own/photos/"), "\(page)")
        let status = page.split(separator: "\n").last ?? ""
        #expect(status.contains("r reload") && status.contains("d draw") && status.contains("o open") && !status.contains("Tab digit"), "\(status)")
        let none = apply(fresh(), .modelLoaded(name: "saved_models/default.safetensors"), .folderScanned(files: ["digits/3_a.png", "digits/7_b.png"])).0
        #expect(none.message?.contains("skipped") != true)
        // With a labels.csv problem too, the skipped images come first: a long problem cut them
        // off the message line (README audit).
        let both = apply(fresh(), .modelLoaded(name: "saved_models/default.safetensors"),
                         .folderScanned(files: ["digits/3_a.png"], labelsProblem: "labels.csv: line 3 needs a file name and a label (also line 4)",
                                        skippedImages: skipped)).0
        #expect(both.message?.hasPrefix("skipped 2 HEIC/WEBP images") == true && both.message?.contains("labels.csv: line 3") == true, "\(both.message ?? "")")
    }

    @Test func startMenuNavigatesAndQuits() {
        var (s, e) = (fresh(), [Effect]())
        for _ in StartScreen.items(modelLoaded: false).indices { (s, e) = apply(s, .key(.down)) }
        guard case .start(0) = s.screen else { Issue.record("menu wraps around"); return }
        (s, e) = apply(s, .key(.char("j")), .key(.char("j")), .key(.enter))
        guard case .trainForm = s.screen else { Issue.record("Enter on 'Train' opens the form"); return }
        #expect(e == [.checkData])
        (s, _) = apply(fresh(), .key(.char("q")))
        #expect(s.quit)
    }

    @Test func loadShowsModelsAndRefusesDamagedOnes() {
        var (s, e) = apply(fresh(), .key(.char("l")))
        #expect(e == [.scanModels])
        let models = [ModelEntry(path: "saved_models/default.safetensors", name: "default", architecture: "deep", parameters: 10, testAccuracy: 0.996, created: "2026"),
                      ModelEntry(path: "saved_models/bad.safetensors", name: "bad", error: "checksum mismatch")]
        (s, e) = apply(s, .modelsScanned(models), .key(.down), .key(.enter))
        #expect(e.isEmpty, "a damaged model cannot be chosen")
        #expect(s.message?.contains("checksum") == true)
        (s, e) = apply(s, .key(.up), .key(.enter))
        #expect(e == [.loadModel(path: "saved_models/default.safetensors")])
        (s, e) = apply(s, .modelLoaded(name: "saved_models/default.safetensors"))
        guard case .gallery = s.screen else { Issue.record("loading opens the gallery"); return }
        #expect(e == [.scanFolder("digits")])
    }

    /// Walkthrough, session 25: the load list opened on its first row whatever was in use.
    @Test func theLoadListOpensOnTheModelInUse() {
        let models = ["default", "mine", "mlp"].map { ModelEntry(path: "saved_models/\($0).safetensors", name: $0, architecture: "mlp", parameters: 10, testAccuracy: 0.9, created: "2026") }
        let start = apply(fresh(), .modelLoaded(name: "saved_models/mine.safetensors"), .key(.escape)).0
        // The first scan arrives after the list opened.
        var s = apply(start, .key(.char("l")), .modelsScanned(models)).0
        guard case .load(1) = s.screen else { Issue.record("on mine: \(s.screen)"); return }
        // Opened again, the list known already.
        s = apply(s, .key(.escape), .key(.char("l"))).0
        guard case .load(1) = s.screen else { Issue.record("on mine again: \(s.screen)"); return }
        // A later scan leaves the cursor where the user put it.
        s = apply(s, .key(.down), .modelsScanned(models)).0
        guard case .load(2) = s.screen else { Issue.record("where it was moved: \(s.screen)"); return }
    }

    @Test func galleryStepsAndRecognisesOnDemand() {
        var (s, e) = apply(fresh(), .modelLoaded(name: "m"), .folderScanned(files: ["a.png", "b.png", "c.png"]))
        #expect(e.contains(.recognize(index: 0)))
        (s, e) = apply(s, .key(.right))
        #expect(s.index == 1 && e == [.recognize(index: 1)])
        (s, e) = apply(s, .recognized(index: 0, file: "a.png", .failed("a.png: empty file")), .recognized(index: 1, file: "b.png", .failed("b.png: not a PNG file")), .key(.char("p")), .key(.char("n")))
        #expect(s.index == 1 && e.isEmpty, "already read images are not read again")
        (s, _) = apply(s, .key(.end))
        #expect(s.index == 2)
        (s, _) = apply(s, .key(.home))
        #expect(s.index == 0)
        (s, _) = apply(s, .key(.char("/")), .key(.down), .key(.down), .key(.enter))
        #expect(!s.fileList.open && s.index == 2)
        (s, e) = apply(s, .key(.char("r")))
        #expect(e == [.scanFolder("digits")])
    }

    // Red team, session 12: while only "Terminal too small" is on the screen, keys do nothing
    // they would do unseen (step, rescan, open the drawing screen); q still quits.
    @Test func keysWaitWhileTheTerminalIsTooSmall() {
        var (s, e) = apply(fresh(), .modelLoaded(name: "m"), .folderScanned(files: ["a.png", "b.png"]), .resize(width: 20, height: 5))
        #expect(s.tooSmall)
        for key in [Key.right, .char("r"), .char("d"), .enter, .char("?")] {
            (s, e) = apply(s, .key(key))
            #expect(s.index == 0 && e.isEmpty && !s.showHelp, "\(key)")
        }
        guard case .gallery = s.screen else { Issue.record("still the gallery"); return }
        (s, _) = apply(s, .resize(width: 80, height: 24), .key(.right))
        #expect(s.index == 1, "keys act again once the screen fits")
        (s, _) = apply(s, .resize(width: 20, height: 5), .key(.char("q")))
        #expect(s.quit)
        for quitKey in [Key.char("\u{11}"), .function(10)] {
            (s, _) = apply(fresh(width: 20, height: 5), .key(quitKey))
            #expect(s.quit, "\(quitKey) quits while too small")
        }
    }

    @Test func trainingFlowCancelResultsAndSave() throws {
        var (s, e) = apply(fresh(), .key(.char("t")), .dataReady(folder: nil))
        // Move to "Start training" and press Enter.
        (s, _) = apply(s, .key(.end))
        (s, e) = apply(s, .key(.enter))
        guard case .training = s.screen else { Issue.record("training starts"); return }
        var expected = TrainingRequest()
        expected.preset = .mlp
        #expect(e == [.startTraining(expected)], "the form's defaults: mlp with the policy's rate")
        #expect(expected.effectiveLearningRate == TrainingRequest.defaultLearningRate(.mlp, .adam))
        let p = BatchProgress(epoch: 1, epochs: 3, batch: 10, batches: 100, loss: 0.5, accuracy: 0.9, imagesPerSecond: 1000, epochElapsed: 1)
        (s, e) = apply(s, .training(.batchFinished(p)), .key(.char("c")), .key(.char("c")))
        #expect(e == [.cancelTraining], "cancel is asked once")
        let outcome = TrainingOutcome(network: try Network(layers: Preset.mlp.layers, seed: 1, threads: 1), request: TrainingRequest(),
                                      epochs: [], metrics: Metrics(predictions: [1, 2], labels: [1, 2]), testLoss: 0.1,
                                      cancelled: true, divergence: nil, seconds: 3, evaluationSeconds: 0.1, metadata: [:])
        (s, _) = apply(s, .trainingDone(outcome), .nameSuggested("my-model"))
        guard case let .results(r) = s.screen else { Issue.record("results shown"); return }
        #expect(r.cancelled && r.metrics.accuracy == 1)
        (s, e) = apply(s, .key(.backspace), .key(.backspace), .key(.char("x")), .key(.enter))
        #expect(e == [.saveModel(name: "my-modx")])
    }

    @Test func missingDataOffersDownload() {
        var (s, e) = apply(fresh(), .key(.char("t")), .dataMissing("MNIST not found. Looked in: ./data/mnist"))
        (s, e) = apply(s, .key(.char("d")))
        #expect(e == [.download])
        (s, _) = apply(s, .key(.end))
        (s, e) = apply(s, .key(.enter))
        #expect(e.isEmpty, "no training without data")
        #expect(s.message?.contains("download") == true)
    }

    /// Walkthrough, session 28: at 80 columns a failed download said "…-ubyte.gz: d", its
    /// reason and what to do cut off.
    @Test func aFailedDownloadSaysWhyWhole() {
        let why = "/dev/zero/train-images-idx3-ubyte.gz: download failed: cannot create the folder /dev/zero: not a directory; copy the four files by hand"
        let (s, _) = apply(fresh(), .key(.char("t")), .dataMissing("MNIST not found. Looked in: /dev/zero (not a folder)."), .download(.failed(why)))
        let text = render(s).text
        let joined = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(joined.contains("copy the four files by hand") && joined.contains("d tries again"), "\(text)")
    }

    /// Walkthrough, session 28: the form said "MNIST not found." twice and gave the
    /// subcommands' advice ("run `digitrec download` … pass --data DIR") beside its own d key.
    @Test func theFormGivesItsOwnWaysToGetMNIST() throws {
        let error = try #require(throws: (any Error).self) { try MNISTData.locate("/nowhere-session-28") }
        let why = "\(error)"
        #expect(why.contains("MNIST not found.") && why.contains("digitrec download"), "the subcommands' text: \(why)")
        let text = render(apply(fresh(), .key(.char("t")), .dataMissing(why)).0).text
        #expect(text.components(separatedBy: "MNIST not found").count == 2, "once: \(text)")
        let joined = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(!joined.contains("digitrec download") && joined.contains("Press d to download it now.") && joined.contains("Or put the four files"), "\(text)")
    }

    @Test func formAdjustsValues() throws {
        var (s, _) = apply(fresh(), .key(.char("t")), .key(.right))
        let f = try #require(form(s), "t opens the train form")
        #expect(f.request.preset == .cnn)
        #expect(f.request.effectiveLearningRate == TrainingRequest.defaultLearningRate(.cnn, .adam), "a new architecture gets the policy's rate")
        (s, _) = apply(s, .key(.down), .key(.right), .key(.down), .key(.left), .key(.down), .key(.down), .key(.right))
        let g = try #require(form(s))
        #expect(g.request.epochs == 5 && g.request.batchSize == 64 && g.request.augment)
        // The rate steps through its choices, and a new architecture resets it to the policy's.
        (s, _) = apply(s, .key(.up), .key(.right))
        #expect(try #require(form(s)).request.learningRate == 0.003)
        (s, _) = apply(s, .key(.up), .key(.up), .key(.up), .key(.right))
        let h = try #require(form(s))
        #expect(h.request.preset == .small && h.request.learningRate == nil)
        #expect(h.request.effectiveLearningRate == TrainingRequest.defaultLearningRate(.small, .adam))
    }

    @Test func augmentationStepsThroughTheExtras() throws {
        // Focus the augmentation field (the fifth), then step right through every choice and back to off.
        var (s, _) = apply(fresh(), .key(.char("t")), .key(.down), .key(.down), .key(.down), .key(.down))
        var seen: [String] = []
        for _ in 0..<TrainForm.augmentationChoices.count {
            let f = try #require(form(s))
            seen.append(f.value(.augmentation))
            (s, _) = apply(s, .key(.right))
        }
        #expect(seen.first == "off" && seen.dropFirst().first == "on")
        #expect(seen.contains("on + elastic") && seen.contains("on + fade") && seen.last?.contains("elastic, fade") == true)
        #expect(Set(seen).count == seen.count, "every choice once")
        #expect(try #require(form(s)).value(.augmentation) == "off", "wraps around")
        // Left from off is the last choice; the request carries the extras and the estimate grows.
        (s, _) = apply(s, .key(.left))
        let f = try #require(form(s))
        #expect(f.request.augment && f.request.augmentExtras == Set(AugmentationExtra.allCases))
        var plain = f.request
        plain.augmentExtras = []
        #expect(try #require(TrainEstimate.seconds(f.request)) > #require(TrainEstimate.seconds(plain)))
        #expect(f.request.recipe.contains("--augment --augment-extra elastic,fade"))
    }

    @Test func seedSaturatesAtZero() throws {
        var (s, _) = apply(fresh(), .key(.char("t")))
        for _ in 0..<5 { (s, _) = apply(s, .key(.down)) }
        #expect(try #require(form(s)).focus == .seed)
        (s, _) = apply(s, .key(.left), .key(.left), .key(.left))
        #expect(try #require(form(s)).request.seed == 0)
        (s, _) = apply(s, .key(.right))
        #expect(try #require(form(s)).request.seed == 1)
    }

    /// README audit: choosing `sprint` in the form kept 3 epochs ("set epochs to 1"), where
    /// `digitrec train --arch sprint` runs its one-epoch recipe. An untouched field follows the
    /// preset; a typed one stays.
    @Test func aPresetBringsItsOwnEpochsUnlessTheyWereChanged() throws {
        var (s, _) = apply(fresh(), .key(.char("t")))
        while try #require(form(s)).request.preset != .sprint { (s, _) = apply(s, .key(.right)) }
        var f = try #require(form(s))
        #expect(f.request.epochs == 1 && f.request.schedule == Preset.sprint.recipe.schedule, "\(f.request)")
        while try #require(form(s)).request.preset != .cnn { (s, _) = apply(s, .key(.right)) }
        f = try #require(form(s))
        #expect(f.request.epochs == Preset.cnn.recipe.epochs && f.request.schedule == Preset.cnn.recipe.schedule, "\(f.request)")
        // Chosen 1 (sprint's own number) on cnn: it stays through sprint and past it (review).
        (s, _) = apply(s, .key(.down), .key(.left), .key(.left), .key(.left), .key(.up))
        #expect(try #require(form(s)).request.epochs == 1)
        while try #require(form(s)).request.preset != .sprint { (s, _) = apply(s, .key(.right)) }
        (s, _) = apply(s, .key(.right))
        #expect(try #require(form(s)).request.preset != .sprint && form(s)?.request.epochs == 1, "epochs the user chose stay")
    }

    @Test func focusIsAnEnumThatStopsAtTheEnds() throws {
        typealias F = TrainForm.Field
        #expect(F.allCases.map(\.title) == ["Architecture", "Epochs", "Batch size", "Learning rate", "Augmentation", "Seed", "Data folder", "Model name", "Start training"])
        #expect(F.architecture.previous() == .architecture && F.start.next() == .start)
        #expect(F.seed.next() == .dataFolder && F.dataFolder.next() == .name && F.name.next() == .start && F.name.previous() == .dataFolder)
        var f = F.architecture
        for _ in 0..<20 { f = f.next() }
        #expect(f == .start)
        // In the name field letters are typed, not commands; ↑/↓ still move.
        var (s, _) = apply(fresh(), .key(.char("t")))
        for _ in 0..<7 { (s, _) = apply(s, .key(.down)) }
        #expect(try #require(form(s)).focus == .name)
        (s, _) = apply(s, .key(.char("q")), .key(.char("j")), .key(.char("d")), .key(.char("!")))
        #expect(!s.quit)
        #expect(try #require(form(s)).name == "qjd")
        (s, _) = apply(s, .key(.up))
        #expect(try #require(form(s)).focus == .dataFolder)
        (s, _) = apply(s, .key(.down), .key(.enter))
        #expect(try #require(form(s)).focus == .start)
    }

    @Test func helpOpensAndAnyKeyCloses() {
        var (s, _) = apply(fresh(), .key(.char("?")))
        #expect(s.showHelp)
        (s, _) = apply(s, .key(.char("q")))
        #expect(!s.showHelp && !s.quit)
        (s, _) = apply(s, .key(.function(1)))
        #expect(s.showHelp, "F1 opens the help too")
        (s, _) = apply(s, .key(.escape))
        #expect(!s.showHelp && !s.quit)
    }
}

func form(_ s: AppState) -> TrainForm? {
    if case let .trainForm(f, _, _) = s.screen { return f }
    return nil
}

