@testable import DigitApp
import Foundation
import Testing
import TestSupport

/// The explore use cases: the report cache (keyed by the model's checksum, damage ignored),
/// comparisons through reports, and the dataset screen's sample draws.
@Suite struct ExploreSessionTests {
    /// A report of a made-up test set of three images, one mistake.
    static func tiny() -> (EvaluationReport, LabelledImages) {
        let test = LabelledImages(images: [UInt8](repeating: 7, count: 3 * 784), labels: [0, 1, 2])!
        var probs = [Float](repeating: 0, count: 30)
        probs[0] = 1; probs[11] = 1; probs[27] = 0.8; probs[22] = 0.2
        let r = EvaluationReport(model: "m", loss: 0.5, metrics: Metrics(predictions: [0, 1, 7], labels: [0, 1, 2]),
                                 calibration: Calibration(probabilities: probs, labels: test.labels), seconds: 0.1, warnings: [],
                                 mistakes: MistakeList.mistakes(probabilities: probs, labels: test.labels))
        return (r, test)
    }

    @Test func cacheFileRoundTripsAndRefusesWhatDoesNotMatch() throws {
        let (r, test) = Self.tiny()
        let bytes = try #require(ReportCacheFile(r, model: "m1", data: "d1").encoded())
        let back = try #require(ReportCacheFile.decode(bytes, model: "m1", data: "d1", test: test, path: "x"))
        #expect(back.metrics == r.metrics && back.loss == r.loss)
        #expect(back.mistakes.map(\.index) == [2] && back.mistakes[0].probabilities == r.mistakes[0].probabilities)
        #expect(back.calibration.bins == r.calibration.bins)
        #expect(back.calibration.expectedCalibrationError == r.calibration.expectedCalibrationError)
        // Another model, other data, damage, or numbers that disagree with the test set: ignored.
        #expect(ReportCacheFile.decode(bytes, model: "m2", data: "d1", test: test, path: "x") == nil)
        #expect(ReportCacheFile.decode(bytes, model: "m1", data: "d2", test: test, path: "x") == nil)
        #expect(ReportCacheFile.decode(Array(bytes.prefix(bytes.count / 2)), model: "m1", data: "d1", test: test, path: "x") == nil)
        #expect(ReportCacheFile.decode(Array("garbage".utf8), model: "m1", data: "d1", test: test, path: "x") == nil)
        let relabelled = LabelledImages(images: test.images, labels: [0, 1, 3])!
        #expect(ReportCacheFile.decode(bytes, model: "m1", data: "d1", test: relabelled, path: "x") == nil)
        var tampered = ReportCacheFile(r, model: "m1", data: "d1")
        tampered.confusion[0][0] += 1
        #expect(ReportCacheFile.decode(try #require(tampered.encoded()), model: "m1", data: "d1", test: test, path: "x") == nil)
        tampered = ReportCacheFile(r, model: "m1", data: "d1")
        tampered.mistakes[0].index = 99
        #expect(ReportCacheFile.decode(try #require(tampered.encoded()), model: "m1", data: "d1", test: test, path: "x") == nil)
    }

    @Test func samplesAreDrawnPerClassAndReshuffle() {
        var pixels = [UInt8](repeating: 0, count: 100 * 784)
        for i in 0..<100 { pixels[i * 784] = UInt8(i) }
        let images = LabelledImages(images: pixels, labels: (0..<100).map { UInt8($0 % 10) })!
        let e = DatasetExplorer.explore(MNISTData(folder: "f", train: images, test: images, warnings: []), since: 0)
        let a = e.samples(perClass: 4, seed: 1), again = e.samples(perClass: 4, seed: 1), other = e.samples(perClass: 4, seed: 2)
        #expect(a == again && a != other)
        for c in 0..<10 {
            #expect(a[c].count == 4 && Set(a[c]).count == 4)
            #expect(a[c].allSatisfy { $0 % 10 == c })
        }
        // More asked than there are: every image of the class, once.
        #expect(e.samples(perClass: 50, seed: 3)[2].sorted() == Array(stride(from: 2, to: 100, by: 10)))
        #expect(e.samples.image(5)?.pixels.first == Float(5) / 255 && e.samples.image(100) == nil)
    }

    @Test(.requires(.mnist, .shippedModel))
    func reportsAreCachedByChecksumAndADamagedCacheIsIgnored() throws {
        let data = try Requirement.mnist.path()
        let dir = try TempDir()
        defer { dir.remove() }
        let cache = dir.file("reports")
        let first = try ExploreSession(dataFolder: data, cacheFolder: cache).report(modelAt: Env.shippedModel)
        #expect(!first.fromCache && first.checksum != nil)
        let files = try FileManager.default.contentsOfDirectory(atPath: cache)
        #expect(files.count == 1 && files[0].hasPrefix("report-" + (first.checksum ?? "").prefix(32)))
        // The same bytes under another name: the same key, read from the file by a new session.
        try FileManager.default.copyItem(atPath: Env.shippedModel, toPath: dir.file("renamed.safetensors"))
        let again = try ExploreSession(dataFolder: data, cacheFolder: cache).report(modelAt: dir.file("renamed.safetensors"))
        #expect(again.fromCache && again.metrics == first.metrics && again.evaluation.loss == first.evaluation.loss)
        #expect(again.mistakes.map(\.index) == first.mistakes.map(\.index))
        #expect(again.mistakes.map(\.probabilities) == first.mistakes.map(\.probabilities))
        // In memory within a session.
        let session = ExploreSession(dataFolder: data, cacheFolder: nil)
        #expect(try !session.report(modelAt: Env.shippedModel).fromCache)
        #expect(try session.report(modelAt: Env.shippedModel).fromCache)
        // A damaged file is ignored, the report measured again and the file rewritten.
        let file = Path.join(cache, files[0])
        try Data("{\"version\":1,\"modelChecksum\":".utf8).write(to: URL(fileURLWithPath: file))
        let measured = try ExploreSession(dataFolder: data, cacheFolder: cache).report(modelAt: Env.shippedModel)
        #expect(!measured.fromCache && measured.metrics == first.metrics)
        #expect(try ExploreSession(dataFolder: data, cacheFolder: cache).report(modelAt: Env.shippedModel).fromCache)
        // Another model has another key.
        #expect(try !ExploreSession(dataFolder: data, cacheFolder: cache).report(modelAt: Env.root + "/saved_models/mlp.safetensors").fromCache)
    }

    @Test(.requires(.mnist, .shippedModel))
    func comparisonThroughReportsMatchesTheCommand() throws {
        let data = try Requirement.mnist.path()
        let mlp = Env.root + "/saved_models/mlp.safetensors"
        let direct = try ModelComparison.run(Env.shippedModel, mlp, dataFolder: data)
        let view = try ExploreSession(dataFolder: data, cacheFolder: nil).compare(Env.shippedModel, mlp)
        let c = view.comparison
        #expect(c.onlyA == direct.onlyA && c.onlyB == direct.onlyB && c.bothWrong == direct.bothWrong)
        #expect(c.disagreements == direct.disagreements && c.pValue == direct.pValue)
        #expect(c.perClassDifference == direct.perClassDifference)
        #expect(c.onlyB + c.bothWrong == view.a.mistakes.count && c.onlyA + c.bothWrong == view.b.mistakes.count)
        #expect(c.warnings.isEmpty)
        // A model and its copy: said as `compare` says it (the screen was silent, review 32).
        let dir = try TempDir()
        defer { dir.remove() }
        let copy = dir.file("copy.safetensors")
        try FileManager.default.copyItem(atPath: mlp, toPath: copy)
        let same = try ExploreSession(dataFolder: data, cacheFolder: nil).compare(mlp, copy).comparison
        #expect(same.warnings.count == 1 && same.warnings[0].contains("are copies of one model"), "\(same.warnings)")
        #expect(same.warnings == (try ModelComparison.run(mlp, copy, dataFolder: data)).warnings)
    }

    /// Digit models on Fashion-MNIST: the screen says what `compare` says (review, session 33:
    /// only the copy's warning was shown, not the data's nor the classes').
    @Test(.requires(.fashionMNIST, .shippedModel))
    func comparisonOnOtherClassesSaysSo() throws {
        let data = try Requirement.fashionMNIST.path()
        let mlp = Env.root + "/saved_models/mlp.safetensors"
        let view = try ExploreSession(dataFolder: data, cacheFolder: nil).compare(Env.shippedModel, mlp).comparison
        // Said once for the two (their classes are the same), by the models' names.
        #expect(view.warnings.filter { $0.hasPrefix("default's and mlp's 10 classes (0, 1, 2, 3, …) are not the data's") }.count == 1, "\(view.warnings)")
        #expect(view.warnings == (try ModelComparison.run(Env.shippedModel, mlp, dataFolder: data)).warnings)
    }

    @Test(.requires(.mnist))
    func datasetExplorationHasTheOfficialCounts() throws {
        let e = try ExploreSession(dataFolder: try Requirement.mnist.path(), cacheFolder: nil).exploreDataset()
        #expect(e.report.train?.classCounts == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949])
        #expect(e.sampleSplit == "train" && e.samples.count == 60_000)
        for (c, picks) in e.samples(perClass: 5, seed: 9).enumerated() { #expect(picks.allSatisfy { e.samples.label($0) == c }) }
    }
}
