@testable import DigitApp
import Testing
@testable import DigitUI

/// The form, the dashboard, the results (matrix, curves, fine-tuning), the save prompt's
/// questions, the quit question and a model's details, in colour, monochrome and ASCII.
extension SnapshotTests {
    static let modes: [(name: String, caps: Capabilities)] = [
        ("color", Capabilities(color: true, unicode: true)), ("mono", Capabilities(color: false, unicode: true)),
        ("ascii", Capabilities(color: false, unicode: false)),
    ]

    func each(_ name: String, _ s: AppState) {
        for mode in Self.modes {
            var t = s
            t.capabilities = mode.caps
            check("\(name)-\(mode.name)-\(s.width)x\(s.height)", t)
        }
    }

    static let history = (1...6).map {
        EpochSummary(epoch: $0, trainLoss: 0.32 / Double($0), trainAccuracy: 0.90 + 0.012 * Double($0),
                     validationLoss: 0.2 / Double($0) + 0.02, validationAccuracy: 0.935 + 0.007 * Double($0), seconds: 1.1, learningRate: 0.003)
    }

    func trained(width: Int, height: Int) throws -> AppState {
        var (s, _) = apply(fresh(width: width, height: height), .key(.char("t")), .dataReady(folder: nil), .key(.end), .key(.enter))
        var o = try outcome()
        o.epochs = Self.history
        (s, _) = apply(s, .trainingDone(o), .nameSuggested("mlp-2026-12-02-3"))
        return s
    }

    @Test(arguments: [(80, 24), (100, 30), (160, 50)])
    func trainForm(width: Int, height: Int) {
        let (s, _) = apply(fresh(width: width, height: height), .key(.char("t")), .dataReady(folder: nil), .key(.down), .key(.char("0")), .key(.down))
        each("train-form", s)
    }

    @Test func trainFormMissingData() {
        let why = "MNIST not found: looked in ./data/mnist and ~/.cache/digitrec/mnist (no train-images-idx3-ubyte[.gz] there). "
            + "Run `digitrec download`, pass --data DIR, or set DIGITREC_DATA to a folder with the four IDX files."
        each("train-form-missing", apply(fresh(), .key(.char("t")), .dataMissing(why)).0)
    }

    @Test(arguments: [(80, 24), (160, 50)])
    func dashboard(width: Int, height: Int) {
        var (s, _) = apply(fresh(width: width, height: height), .key(.char("t")), .dataReady(folder: nil), .key(.end), .key(.enter),
                           .training(.started(TrainingPlan(epochs: 8, batchesPerEpoch: 430, trainCount: 55000, validationCount: 5000, parameters: 118282))))
        for e in Self.history { (s, _) = apply(s, .training(.epochFinished(e))) }
        (s, _) = apply(s, .training(.batchFinished(BatchProgress(epoch: 7, epochs: 8, batch: 100, batches: 430, loss: 0.05, accuracy: 0.98, imagesPerSecond: 50000, epochElapsed: 0.3))))
        each("dashboard", s)
    }

    @Test(arguments: [(80, 24), (100, 30), (160, 50)])
    func resultsWithCurves(width: Int, height: Int) throws {
        let s = try trained(width: width, height: height)
        each("results", s)
        if width == 80 { each("results-curves", apply(s, .key(.tab)).0) }
    }

    @Test func savePromptQuestions() throws {
        let s = try trained(width: 80, height: 24)
        each("save-replace", apply(s, .saveExists(name: "mlp-2026-12-02")).0)
        each("save-error", apply(s, .key(.char("/")), .saveFailed("cannot save as \"x\": the folder saved_models is not writable")).0)
        each("quit-question", apply(s, .key(.escape), .key(.char("q"))).0)
    }

    @Test func fineTuneResults() throws {
        let (s, _) = apply(fresh(), .modelLoaded(name: "saved_models/default.safetensors"), .folderScanned(files: ["digits/3_a.png", "digits/7_b.png"]),
                           .key(.char("F")), .key(.enter), .fineTuneDone(try fineTuneOutcome()), .nameSuggested("default-tuned-2026-12-02"))
        each("finetune-results", s)
    }

    @Test func fineTuneConfirmPanel() {
        for (w, h) in [(80, 24), (160, 50)] {
            let (s, _) = apply(fresh(width: w, height: h), .modelLoaded(name: "saved_models/default.safetensors"),
                               .folderScanned(files: ["digits/3_pen.png", "digits/7_pen.png"]), .key(.char("F")),
                               .fineTuneTargetFound("saved_models/default-tuned-2026-12-02.safetensors"))
            each("finetune-confirm", s)
        }
    }

    @Test func modelDetails() {
        let meta = ["architecture_name": "mlp", "parameters": "118282", "test_accuracy": "0.9762", "created": "2026-12-02T01:00:00Z",
                    "epochs": "6", "seed": "1", "recipe": "digitrec train --arch mlp --epochs 6", "history": HistoryJSON.text(Self.history)]
        let (s, _) = apply(fresh(width: 100, height: 30), .key(.char("l")), .detailsRead(ModelDetails(path: "saved_models/m.safetensors", metadata: meta)))
        each("details", s)
    }
}
