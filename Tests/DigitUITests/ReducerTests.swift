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
    @Test func startMenuNavigatesAndQuits() {
        var (s, e) = apply(fresh(), .key(.down), .key(.down), .key(.down))
        guard case .start(0) = s.screen else { Issue.record("menu wraps around"); return }
        (s, e) = apply(s, .key(.char("j")), .key(.enter))
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

    @Test func galleryStepsAndRecognisesOnDemand() {
        var (s, e) = apply(fresh(), .modelLoaded(name: "m"), .folderScanned(files: ["a.png", "b.png", "c.png"]))
        #expect(e.contains(.recognize(index: 0)))
        (s, e) = apply(s, .key(.right))
        #expect(s.index == 1 && e == [.recognize(index: 1)])
        (s, e) = apply(s, .recognized(index: 0, .failed("a.png: empty file")), .recognized(index: 1, .failed("b.png: not a PNG file")), .key(.char("p")), .key(.char("n")))
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

    @Test func trainingFlowCancelResultsAndSave() throws {
        var (s, e) = apply(fresh(), .key(.char("t")), .dataReady)
        // Move to "Start training" and press Enter.
        for _ in 0..<7 { (s, _) = apply(s, .key(.down)) }
        (s, e) = apply(s, .key(.enter))
        guard case .training = s.screen else { Issue.record("training starts"); return }
        #expect(e.count == 1)
        let p = BatchProgress(epoch: 1, epochs: 3, batch: 10, batches: 100, loss: 0.5, accuracy: 0.9, imagesPerSecond: 1000, epochElapsed: 1)
        (s, e) = apply(s, .training(.batchFinished(p)), .key(.char("c")), .key(.char("c")))
        #expect(e == [.cancelTraining], "cancel is asked once")
        let outcome = TrainingOutcome(network: try Network(layers: Preset.mlp.layers, seed: 1, threads: 1), request: TrainingRequest(),
                                      epochs: [], metrics: Metrics(predictions: [1, 2], labels: [1, 2]), testLoss: 0.1,
                                      cancelled: true, divergence: nil, seconds: 3, evaluationSeconds: 0.1, metadata: [:])
        (s, _) = apply(s, .trainingDone(outcome))
        guard case let .results(r) = s.screen else { Issue.record("results shown"); return }
        #expect(r.cancelled && r.metrics.accuracy == 1)
        (s, e) = apply(s, .key(.backspace), .key(.backspace), .key(.char("x")), .key(.enter))
        #expect(e == [.saveModel(name: "my-modx")])
    }

    @Test func missingDataOffersDownload() {
        var (s, e) = apply(fresh(), .key(.char("t")), .dataMissing("MNIST not found. Looked in: ./data/mnist"))
        (s, e) = apply(s, .key(.char("d")))
        #expect(e == [.download])
        for _ in 0..<7 { (s, _) = apply(s, .key(.down)) }
        (s, e) = apply(s, .key(.enter))
        #expect(e.isEmpty, "no training without data")
        #expect(s.message?.contains("download") == true)
    }

    @Test func formAdjustsValues() {
        var (s, _) = apply(fresh(), .key(.char("t")), .key(.right))
        guard case let .trainForm(f, _, _) = s.screen else { return }
        #expect(f.preset == .cnn)
        (s, _) = apply(s, .key(.down), .key(.right), .key(.down), .key(.left), .key(.down), .key(.down), .key(.right))
        guard case let .trainForm(g, _, _) = s.screen else { return }
        #expect(g.epochs == 5 && g.batchSize == 64 && g.augment)
    }

    @Test func helpOpensAndAnyKeyCloses() {
        var (s, _) = apply(fresh(), .key(.char("?")))
        #expect(s.showHelp)
        (s, _) = apply(s, .key(.char("q")))
        #expect(!s.showHelp && !s.quit)
    }
}

/// Screens as text, compared with Tests/DigitUITests/Snapshots/*.txt (RECORD_SNAPSHOTS=1 re-records).
@Suite struct SnapshotTests {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path + "/Snapshots"

    func check(_ name: String, _ s: AppState) {
        let text = render(s).text + "\n"
        let path = Self.dir + "/\(name).txt"
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" || !FileManager.default.fileExists(atPath: path) {
            try? text.write(toFile: path, atomically: true, encoding: .utf8)
            if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != "1" { Issue.record("recorded new snapshot \(name); check it in") }
            return
        }
        let expected = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        #expect(text == expected, "snapshot \(name) differs:\n\(text)")
    }

    @Test func start() { check("start-80x24", fresh()) }
    @Test func startASCII() { check("start-ascii-80x24", fresh(unicode: false)) }
    @Test func tooSmall() { check("too-small-40x10", fresh(width: 40, height: 10)) }

    @Test func loadList() {
        let (s, _) = apply(fresh(), .key(.char("l")), .modelsScanned([
            ModelEntry(path: "saved_models/default.safetensors", name: "default", architecture: "deep", parameters: 468458, testAccuracy: 0.9962, created: "2026-11-21T10:00:00Z"),
            ModelEntry(path: "saved_models/broken.safetensors", name: "broken", error: "checksum mismatch — the file was damaged after it was saved"),
        ]))
        check("load-80x24", s)
    }

    @Test func trainingDashboard() {
        var (s, _) = apply(fresh(width: 100, height: 30), .key(.char("t")), .dataReady)
        for _ in 0..<7 { (s, _) = apply(s, .key(.down)) }
        (s, _) = apply(s, .key(.enter),
                       .training(.started(TrainingPlan(epochs: 3, batchesPerEpoch: 430, trainCount: 55000, validationCount: 5000, parameters: 118282))),
                       .training(.epochFinished(EpochSummary(epoch: 1, trainLoss: 0.3, trainAccuracy: 0.91, validationLoss: 0.15, validationAccuracy: 0.955, seconds: 1.2, learningRate: 0.003))),
                       .training(.batchFinished(BatchProgress(epoch: 2, epochs: 3, batch: 215, batches: 430, loss: 0.14, accuracy: 0.96, imagesPerSecond: 50000, epochElapsed: 0.6))))
        check("training-100x30", s)
    }

    @Test func galleryWithUnreadableFile() {
        let (s, _) = apply(fresh(), .modelLoaded(name: "saved_models/default.safetensors"), .folderScanned(files: ["digits/x.png"]),
                           .recognized(index: 0, .failed("digits/x.png: not a valid PNG: the file is truncated")))
        check("gallery-error-80x24", s)
    }

    @Test func help() {
        let (s, _) = apply(fresh(), .modelLoaded(name: "m"), .key(.char("?")))
        check("help-gallery-80x24", s)
    }
}
