import DigitApp
import DigitImage
import Foundation
import Testing
@testable import DigitUI

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
        var (s, _) = apply(fresh(width: 100, height: 30), .key(.char("t")), .dataReady(folder: nil))
        (s, _) = apply(s, .key(.end))
        (s, _) = apply(s, .key(.enter),
                       .training(.started(TrainingPlan(epochs: 3, batchesPerEpoch: 430, trainCount: 55000, validationCount: 5000, parameters: 118282))),
                       .training(.epochFinished(EpochSummary(epoch: 1, trainLoss: 0.3, trainAccuracy: 0.91, validationLoss: 0.15, validationAccuracy: 0.955, seconds: 1.2, learningRate: 0.003))),
                       .training(.batchFinished(BatchProgress(epoch: 2, epochs: 3, batch: 215, batches: 430, loss: 0.14, accuracy: 0.96, imagesPerSecond: 50000, epochElapsed: 0.6))))
        check("training-100x30", s)
    }

    @Test func galleryWithUnreadableFile() {
        let (s, _) = apply(fresh(), .modelLoaded(name: "saved_models/default.safetensors"), .folderScanned(files: ["digits/x.png"]),
                           .recognized(index: 0, file: "digits/x.png", .failed("digits/x.png: not a valid PNG: the file is truncated")))
        check("gallery-error-80x24", s)
    }

    @Test func help() {
        let (s, _) = apply(fresh(), .modelLoaded(name: "m"), .key(.char("?")))
        check("help-gallery-80x24", s)
    }

    @Test func helpASCII() {
        let (s, _) = apply(fresh(unicode: false), .modelLoaded(name: "m"), .key(.char("?")))
        check("help-gallery-ascii-80x24", s)
    }

    @Test func form() { check("form-80x24", apply(fresh(), .key(.char("t")), .dataReady(folder: nil)).0) }

    @Test func formMissingData() {
        let (s, _) = apply(fresh(), .key(.char("t")), .dataMissing("MNIST not found. Looked in: ./data/mnist, ~/.cache/digitrec/mnist. Set DIGITREC_DATA or pass --data."),
                           .key(.down), .key(.down), .download(.running(file: "train-images-idx3-ubyte.gz", fraction: 0.25)))
        check("form-missing-80x24", s)
    }

    @Test func helpOnTheForm() { check("help-form-80x24", apply(fresh(), .key(.char("t")), .dataReady(folder: nil), .key(.char("?"))).0) }

    @Test func trainingDashboardLarge() {
        var (s, _) = apply(fresh(width: 160, height: 50), .key(.char("t")), .dataReady(folder: nil))
        (s, _) = apply(s, .key(.end))
        (s, _) = apply(s, .key(.enter), .training(.started(TrainingPlan(epochs: 3, batchesPerEpoch: 430, trainCount: 55000, validationCount: 5000, parameters: 118282))))
        for e in 1...2 {
            (s, _) = apply(s, .training(.epochFinished(EpochSummary(epoch: e, trainLoss: 0.3 / Double(e), trainAccuracy: 0.9 + 0.03 * Double(e),
                                                                    validationLoss: 0.15 / Double(e), validationAccuracy: 0.95 + 0.01 * Double(e), seconds: 1.2, learningRate: 0.003))))
        }
        (s, _) = apply(s, .training(.batchFinished(BatchProgress(epoch: 3, epochs: 3, batch: 100, batches: 430, loss: 0.1, accuracy: 0.97, imagesPerSecond: 50000, epochElapsed: 0.3))),
                       .key(.char("c")))
        check("training-160x50", s)
    }

    @Test func results() throws {
        var (s, _) = apply(fresh(), .key(.char("t")), .dataReady(folder: nil))
        (s, _) = apply(s, .key(.end))
        (s, _) = apply(s, .key(.enter), .trainingDone(try outcome()), .key(.backspace), .key(.char("2")), .key(.char("!")))
        check("results-80x24", s)
    }

    @Test func fileList() {
        let (s, _) = apply(fresh(), .modelLoaded(name: "m"), .folderScanned(files: (1...30).map { "digits/\($0)_sample.png" }),
                           .recognized(index: 0, file: "digits/1_sample.png", .failed("bad")), .key(.char("/")), .key(.pageDown), .key(.down))
        check("filelist-80x24", s)
    }

    /// A gallery page for a drawn image with two strokes; the network's outputs are replaced by
    /// fixed ones, so the snapshot depends on the image code only.
    func recognizedGallery(width: Int, height: Int) throws -> AppState {
        var image = ByteImage(width: 64, height: 40, fill: 255)
        for y in 8..<32 { for x in 14..<18 { image[x, y] = 0 }; for x in 44..<48 { image[x, y] = 0 } }
        var r = Recognizer(network: try Network(layers: Preset.mlp.layers, seed: 1, threads: 1)).recognize(image: image, name: "digits/11.png", fileBytes: 2345)
        try #require(r.digits.count == 2, "two strokes, two digits")
        for i in r.digits.indices {
            r.digits[i].label = 1
            r.digits[i].probabilities = (0..<10).map { $0 == 1 ? 0.9 - Float(i) * 0.1 : (0.1 + Float(i) * 0.1) / 9 }
        }
        return apply(fresh(width: width, height: height), .modelLoaded(name: "m"), .folderScanned(files: ["digits/11.png"]),
                     .recognized(index: 0, file: "digits/11.png", .recognized(r))).0
    }

    @Test func galleryRecognized() throws { check("gallery-80x24", try recognizedGallery(width: 80, height: 24)) }
    @Test func galleryRecognizedLarge() throws { check("gallery-160x50", try recognizedGallery(width: 160, height: 50)) }
    /// A right, a wrong and an unsure single digit and a four-digit number (third digit
    /// selected) and "12" above "34" (big glyphs line by line at 160×50, "12 / 34" alone at
    /// 80×24), in colour, monochrome and ASCII, at 80×24 and 160×50.
    @Test(arguments: ["right", "wrong", "unsure", "number", "lines"], [80, 160])
    func galleryVerdict(kind: String, width: Int) throws {
        let r = try [
            "right": GalleryFixture.right, "wrong": GalleryFixture.wrong, "unsure": GalleryFixture.unsure, "number": GalleryFixture.number,
            "lines": GalleryFixture.twoLines,
        ][kind].map { try $0() }
        let recognition = try #require(r)
        for (mode, color, unicode) in [("color", true, true), ("mono", false, true), ("ascii", false, false)] {
            var s = GalleryFixture.gallery(recognition, width: width, height: width == 80 ? 24 : 50, color: color, unicode: unicode)
            if kind == "number" { (s, _) = apply(s, .key(.tab), .key(.tab)) }
            check("gallery-\(kind)-\(mode)-\(width == 80 ? "80x24" : "160x50")", s)
        }
    }

    /// The file list with the folder read (✓, ✗, unsure, no label, unreadable), filtered by
    /// "_" as typed, in colour, monochrome and ASCII.
    @Test(arguments: [80, 160]) func fileListRead(width: Int) {
        let files = GalleryListTests.files + ["digits/9_broken.png"]
        let readings = [Reading(prediction: "3", leastConfidence: 0.99), Reading(prediction: "9", leastConfidence: 0.95),
                        Reading(prediction: "4", leastConfidence: 0.99), Reading(prediction: "7", leastConfidence: 0.5), .failed("not a PNG file")]
        for (mode, color, unicode) in [("color", true, true), ("mono", false, true), ("ascii", false, false)] {
            var s = fresh(width: width, height: width == 80 ? 24 : 50, unicode: unicode)
            s.capabilities.color = color
            (s, _) = apply(s, .modelLoaded(name: "m"), .folderScanned(files: files))
            for (i, r) in readings.enumerated() { (s, _) = apply(s, .read(index: i, file: files[i], r)) }
            (s, _) = apply(s, .key(.char("/")), .key(.char("_")))
            check("filelist-\(mode)-\(width == 80 ? "80x24" : "160x50")", s)
        }
    }

    @Test func labelPrompt() throws {
        let (s, _) = apply(GalleryFixture.gallery(try GalleryFixture.number()), .key(.char("e")), .key(.backspace))
        check("label-prompt-80x24", s)
    }

    @Test func startLarge() { check("start-160x50", fresh(width: 160, height: 50)) }
    /// Seven items with a model loaded: Quit on the screen at 80×24 (review, session 20).
    @Test func startWithAModel() {
        var s = fresh()
        s.modelName = "saved_models/default.safetensors"
        check("start-model-80x24", s)
        #expect(render(s).text.contains("Quit  (q)"))
    }
}
