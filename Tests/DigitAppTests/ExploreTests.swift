@testable import DigitApp
import DigitModel
import Foundation
import Testing
import TestSupport

@Suite struct ExploreTests {
    @Test func mcNemarExactValues() {
        #expect(ModelComparison.mcNemarExact(0, 0) == 1)
        #expect(ModelComparison.mcNemarExact(5, 5) == 1)
        #expect(abs(ModelComparison.mcNemarExact(10, 0) - 2 * pow(0.5, 10)) < 1e-12)
        #expect(abs(ModelComparison.mcNemarExact(0, 10) - ModelComparison.mcNemarExact(10, 0)) < 1e-15)
        // Large counts do not overflow: 109 against 15 is far beyond chance.
        #expect(ModelComparison.mcNemarExact(109, 15) < 1e-15)
    }

    /// Walkthrough: "a real difference" (green on the compare screen) when B was the worse model.
    @Test func theVerdictNamesTheBetterModel() {
        #expect(ModelComparison.verdict(onlyA: 40, onlyB: 2, pValue: 1e-9) == "A is better at the 5 % level")
        #expect(ModelComparison.verdict(onlyA: 2, onlyB: 40, pValue: 1e-9, short: true) == "B is better (5 % level)")
        #expect(ModelComparison.verdict(onlyA: 5, onlyB: 7, pValue: 0.77) == "no evidence that one is better")
        var c = ModelComparison.compare("a", [], "b", [], labels: [])
        (c.onlyA, c.onlyB, c.pValue) = (30, 3, 1e-6)
        #expect(ExploreText.comparison(c).contains("p < 0.0001 (A is better at the 5 % level)"))
        #expect(ModelComparison.verdict(onlyA: 0, onlyB: 0, pValue: 1) == "right and wrong on the same images")
    }

    /// Walkthrough, session 26: a folder of the classes 0-3 gave the other six classes recall and
    /// precision 0 (text, JSON and the screen), a macro recall of 40 % for a perfect model.
    @Test func classesWithoutImagesHaveNoRates() {
        let m = Metrics(predictions: [0, 1, 2, 3], labels: [0, 1, 2, 3])
        let table = ReportText.confusionTable(m)
        let five = table.split(separator: "\n").first { $0.hasPrefix("        5") }
        #expect(five?.hasSuffix("      -       -") == true, "\(table)")
        #expect(table.contains("100.00% 100.00%"))
        let report = EvaluationReport(model: "m", loss: 0, metrics: m, calibration: Calibration(probabilities: [], labels: []),
                                      seconds: 0, warnings: [], mistakes: [])
        #expect(ReportJSON.evaluation(report).contains("{\"precision\":1.0,\"recall\":1.0},{\"precision\":null,\"recall\":null}"))
    }

    @Test func comparisonCountsFromKnownPredictions() {
        // Three images, labels 0 1 2. A: right, right, wrong. B: right, wrong, wrong.
        func onehot(_ ks: [Int]) -> [Float] { ks.flatMap { k in (0..<10).map { $0 == k ? Float(1) : 0 } } }
        let c = ModelComparison.compare("a", onehot([0, 1, 5]), "b", onehot([0, 7, 5]), labels: [0, 1, 2])
        #expect(c.onlyA == 1 && c.onlyB == 0 && c.bothWrong == 1 && c.disagreements == [1])
        #expect(abs(c.accuracyA - 2.0 / 3) < 1e-12 && abs(c.accuracyB - 1.0 / 3) < 1e-12)
        #expect(c.perClassDifference[1] == 100 && c.perClassDifference[0] == 0)
        // Classes the three images do not have: no difference to give (printed as a tie before).
        #expect(c.perClassDifference[3] == nil)
        #expect(ExploreText.comparison(c).contains("1: +100.00  2: 0.00  3: -  4: -"))
        #expect(ExploreText.comparisonJSON(c).contains("\"per_class_difference_points\":[0.0,100.0,0.0,null"))
        let mistakes = MistakeList.mistakes(probabilities: onehot([0, 7, 5]), labels: [0, 1, 2])
        #expect(mistakes.map(\.index) == [1, 2] && mistakes.map(\.prediction) == [7, 5])
    }

    @Test(.requires(.mnist))
    func datasetCountsAreTheOfficialOnes() throws {
        let r = try DatasetStatistics.run(dataFolder: try Requirement.mnist.path())
        #expect(try #require(r.train).classCounts == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949])
        #expect(r.test.classCounts == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009])
        let im = try #require(r.train).imbalance
        #expect(im.most == 1 && im.least == 5 && abs(im.ratio - 6742.0 / 5421) < 1e-12)
        #expect(r.test.intensityHistogram.reduce(0, +) == 10_000 * 784)
        #expect(r.test.strokeWidthHistogram.reduce(0, +) == 10_000)
    }

    @Test(.requires(.mnist))
    func mistakesMatchTheConfusionMatrixAndComparisonsAddUp() throws {
        let data = try Requirement.mnist.path()
        let shipped = Env.root + "/saved_models/default.safetensors"
        let mlp = Env.root + "/saved_models/mlp.safetensors"
        let r = try Evaluation.run(model: shipped, dataFolder: data)
        #expect(r.mistakes.count == r.metrics.total - r.metrics.correct)
        for m in r.mistakes { #expect(m.label != m.prediction) }
        var offDiagonal = [[Int]](repeating: [Int](repeating: 0, count: 10), count: 10)
        for m in r.mistakes { offDiagonal[m.label][m.prediction] += 1 }
        for t in 0..<10 { for p in 0..<10 where t != p { #expect(offDiagonal[t][p] == r.metrics.confusion[t][p]) } }
        #expect(zip(r.mistakes, r.mistakes.dropFirst()).allSatisfy { $0.confidence >= $1.confidence }, "most confident first")

        let same = try ModelComparison.run(shipped, shipped, dataFolder: data)
        #expect(same.onlyA == 0 && same.onlyB == 0 && same.pValue == 1)
        let c = try ModelComparison.run(shipped, mlp, dataFolder: data)
        let m = try Evaluation.run(model: mlp, dataFolder: data)
        #expect(c.onlyB + c.bothWrong == r.mistakes.count, "A's errors")
        #expect(c.onlyA + c.bothWrong == m.mistakes.count, "B's errors")
    }
}
