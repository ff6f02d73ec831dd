import DigitApp
import Foundation
import Testing

/// MNIST from $DIGITREC_DATA. With DIGITREC_REQUIRE_DATA=1 the tests run even when it is
/// missing, so a missing dataset fails loudly instead of being skipped.
enum MNISTRequirement {
    static let folder = ProcessInfo.processInfo.environment["DIGITREC_DATA"]
    static let required = ProcessInfo.processInfo.environment["DIGITREC_REQUIRE_DATA"] == "1"
    static var met: Bool { required || folder.map { FileManager.default.fileExists(atPath: $0) } ?? false }
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
}

@Suite struct ExploreTests {
    @Test func mcNemarExactValues() {
        #expect(ModelComparison.mcNemarExact(0, 0) == 1)
        #expect(ModelComparison.mcNemarExact(5, 5) == 1)
        #expect(abs(ModelComparison.mcNemarExact(10, 0) - 2 * pow(0.5, 10)) < 1e-12)
        #expect(abs(ModelComparison.mcNemarExact(0, 10) - ModelComparison.mcNemarExact(10, 0)) < 1e-15)
        // Large counts do not overflow: 109 against 15 is far beyond chance.
        #expect(ModelComparison.mcNemarExact(109, 15) < 1e-15)
    }

    @Test func comparisonCountsFromKnownPredictions() {
        // Three images, labels 0 1 2. A: right, right, wrong. B: right, wrong, wrong.
        func onehot(_ ks: [Int]) -> [Float] { ks.flatMap { k in (0..<10).map { $0 == k ? Float(1) : 0 } } }
        let c = ModelComparison.compare("a", onehot([0, 1, 5]), "b", onehot([0, 7, 5]), labels: [0, 1, 2])
        #expect(c.onlyA == 1 && c.onlyB == 0 && c.bothWrong == 1 && c.disagreements == [1])
        #expect(abs(c.accuracyA - 2.0 / 3) < 1e-12 && abs(c.accuracyB - 1.0 / 3) < 1e-12)
        #expect(c.perClassDifference[1] == 100 && c.perClassDifference[0] == 0)
        let mistakes = MistakeList.mistakes(probabilities: onehot([0, 7, 5]), labels: [0, 1, 2])
        #expect(mistakes.map(\.index) == [1, 2] && mistakes.map(\.prediction) == [7, 5])
    }

    @Test(.enabled(if: MNISTRequirement.met, "needs MNIST in $DIGITREC_DATA"))
    func datasetCountsAreTheOfficialOnes() throws {
        let r = try DatasetStatistics.run(dataFolder: MNISTRequirement.folder)
        #expect(try #require(r.train).classCounts == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949])
        #expect(r.test.classCounts == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009])
        let im = try #require(r.train).imbalance
        #expect(im.most == 1 && im.least == 5 && abs(im.ratio - 6742.0 / 5421) < 1e-12)
        #expect(r.test.intensityHistogram.reduce(0, +) == 10_000 * 784)
        #expect(r.test.strokeWidthHistogram.reduce(0, +) == 10_000)
    }

    @Test(.enabled(if: MNISTRequirement.met, "needs MNIST in $DIGITREC_DATA"))
    func mistakesMatchTheConfusionMatrixAndComparisonsAddUp() throws {
        let shipped = MNISTRequirement.root + "/saved_models/default.safetensors"
        let mlp = MNISTRequirement.root + "/saved_models/mlp.safetensors"
        let r = try Evaluation.run(model: shipped, dataFolder: MNISTRequirement.folder)
        #expect(r.mistakes.count == r.metrics.total - r.metrics.correct)
        for m in r.mistakes { #expect(m.label != m.prediction) }
        var offDiagonal = [[Int]](repeating: [Int](repeating: 0, count: 10), count: 10)
        for m in r.mistakes { offDiagonal[m.label][m.prediction] += 1 }
        for t in 0..<10 { for p in 0..<10 where t != p { #expect(offDiagonal[t][p] == r.metrics.confusion[t][p]) } }
        #expect(zip(r.mistakes, r.mistakes.dropFirst()).allSatisfy { $0.confidence >= $1.confidence }, "most confident first")

        let same = try ModelComparison.run(shipped, shipped, dataFolder: MNISTRequirement.folder)
        #expect(same.onlyA == 0 && same.onlyB == 0 && same.pValue == 1)
        let c = try ModelComparison.run(shipped, mlp, dataFolder: MNISTRequirement.folder)
        let m = try Evaluation.run(model: mlp, dataFolder: MNISTRequirement.folder)
        #expect(c.onlyB + c.bothWrong == r.mistakes.count, "A's errors")
        #expect(c.onlyA + c.bothWrong == m.mistakes.count, "B's errors")
    }
}
