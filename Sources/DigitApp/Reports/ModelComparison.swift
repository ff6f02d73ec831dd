import DigitModel
import Glibc
import Support

/// One test image a model got wrong.
public struct Mistake: Sendable {
    public var index: Int
    public var label: Int
    public var prediction: Int
    public var probabilities: [Float]
    public var confidence: Float { probabilities.indices.contains(prediction) ? probabilities[prediction] : 0 }
}

/// Every test image a model got wrong, the most confidently wrong first.
public enum MistakeList {
    public static func mistakes(probabilities: [Float], labels: [UInt8]) -> [Mistake] {
        var list: [Mistake] = []
        for i in labels.indices {
            let p = Array(probabilities[(i * 10)..<(i * 10 + 10)])
            let predicted = argmax(p)
            if predicted != Int(labels[i]) {
                list.append(Mistake(index: i, label: Int(labels[i]), prediction: predicted, probabilities: p))
            }
        }
        return list.sorted { $0.confidence > $1.confidence || ($0.confidence == $1.confidence && $0.index < $1.index) }
    }
}

/// Two models on the same test images: accuracies, the images where they disagree, and
/// McNemar's exact test of whether one is really better.
public struct ComparisonReport: Sendable {
    public var modelA: String, modelB: String
    public var accuracyA: Double, accuracyB: Double
    public var total: Int
    /// A right and B wrong, A wrong and B right, both wrong.
    public var onlyA: Int, onlyB: Int, bothWrong: Int
    /// Two-sided exact McNemar p-value (binomial on the discordant pairs); 1 when there are none.
    public var pValue: Double
    /// Per-class accuracy of A minus B, in points.
    public var perClassDifference: [Double?]
    /// Indices where exactly one model is right.
    public var disagreements: [Int]
    /// What the numbers should be read with: a model whose classes are not the data's.
    public var warnings: [String] = []
}

public enum ModelComparison {
    /// McNemar's verdict in words, naming the better model when the difference is real: a bare
    /// "a real difference" (in green) read as good news when the second model was the worse
    /// one (walkthrough: 99.70 → 99.02 %).
    /// `short`: "B is better (5 % level)", for a screen's one line.
    public static func verdict(onlyA: Int, onlyB: Int, pValue: Double, short: Bool = false) -> String {
        // Two models right and wrong on the same images: no test to make (walkthrough: "0 vs 0:
        // p = 1.0000, no evidence …" for a model compared with itself).
        guard onlyA + onlyB > 0 else { return "right and wrong on the same images" }
        guard pValue < 0.05 else { return "no evidence that one is better" }
        return (onlyB > onlyA ? "B" : "A") + (short ? " is better (5 % level)" : " is better at the 5 % level")
    }

    public static func run(_ a: String, _ b: String, dataFolder: String?) throws -> ComparisonReport {
        let loadedA = try ModelFile.load(a), loadedB = try ModelFile.load(b)
        let netA = loadedA.network, netB = loadedB.network
        let data = try MNISTData.load(dataFolder, withTraining: false)
        let test = data.test
        let pa = Trainer.probabilities(netA, on: test), pb = Trainer.probabilities(netB, on: test)
        var report = compare(a, pa, b, pb, labels: test.labels)
        report.warnings = data.warnings + sameModelWarning(a, loadedA, b, loadedB)
            + classWarnings(a, netA.classNames, b, netB.classNames, data: data.classes)
        return report
    }

    /// Models of other classes than the data's, by name; said once for both when they share
    /// their classes (two sentences alike pushed the screen's table down; session 34).
    static func classWarnings(_ a: String, _ classesA: [String], _ b: String, _ classesB: [String], data: [String]) -> [String] {
        let name = { (path: String) in Path.display(Path.baseName(path, dropping: ModelStore.suffix)) }
        if classesA == classesB {
            return Evaluation.classMismatch(classesA, data, model: "\(name(a))'s and \(name(b))'s").map { [$0] } ?? []
        }
        return [(a, classesA), (b, classesB)].compactMap { path, classes in Evaluation.classMismatch(classes, data, model: name(path) + "'s") }
    }

    /// Comparing a model with itself is allowed (a baseline: every image alike), but said.
    static func sameModelWarning(_ a: String, _ loadedA: ModelFile.Loaded, _ b: String, _ loadedB: ModelFile.Loaded) -> [String] {
        ModelStore.sameModel(a, loadedA.metadata, b, loadedB.metadata).map { ["\($0): A and B read every image alike"] } ?? []
    }

    public static func compare(_ a: String, _ pa: [Float], _ b: String, _ pb: [Float], labels: [UInt8]) -> ComparisonReport {
        let rightA = labels.indices.map { argmax(pa, offset: $0 * 10) == Int(labels[$0]) }
        let rightB = labels.indices.map { argmax(pb, offset: $0 * 10) == Int(labels[$0]) }
        return tally(a, rightA, b, rightB, labels: labels)
    }

    /// Two reports on the same test set: a model is right wherever it made no mistake.
    public static func compare(_ a: ModelReport, _ b: ModelReport) -> ComparisonReport {
        let wrongA = Set(a.mistakes.map(\.index)), wrongB = Set(b.mistakes.map(\.index))
        let labels = a.test.data.labels
        return tally(a.evaluation.model, labels.indices.map { !wrongA.contains($0) },
                     b.evaluation.model, labels.indices.map { !wrongB.contains($0) }, labels: labels)
    }

    /// The counts, per-class differences and McNemar's test from which images each model got right.
    static func tally(_ a: String, _ rightA: [Bool], _ b: String, _ rightB: [Bool], labels: [UInt8]) -> ComparisonReport {
        var onlyA = 0, onlyB = 0, both = 0, totalA = 0, totalB = 0
        var classRight = [[Int]](repeating: [0, 0], count: 10), classCount = [Int](repeating: 0, count: 10)
        var disagreements: [Int] = []
        for i in labels.indices {
            let label = Int(labels[i])
            let ra = rightA[i], rb = rightB[i]
            if ra { totalA += 1 }
            if rb { totalB += 1 }
            if ra && !rb { onlyA += 1; disagreements.append(i) }
            if !ra && rb { onlyB += 1; disagreements.append(i) }
            if !ra && !rb { both += 1 }
            if label < 10 {
                classCount[label] += 1
                if ra { classRight[label][0] += 1 }
                if rb { classRight[label][1] += 1 }
            }
        }
        let n = max(labels.count, 1)
        // nil for a class the data has no image of (it printed as 0.00, a tie).
        let diff = (0..<10).map { (c: Int) -> Double? in
            guard classCount[c] > 0 else { return nil }
            let gained: Int = classRight[c][0] - classRight[c][1]
            return Double(gained) / Double(classCount[c]) * 100
        }
        return ComparisonReport(modelA: a, modelB: b, accuracyA: Double(totalA) / Double(n), accuracyB: Double(totalB) / Double(n),
                                total: labels.count, onlyA: onlyA, onlyB: onlyB, bothWrong: both,
                                pValue: mcNemarExact(onlyA, onlyB), perClassDifference: diff, disagreements: disagreements)
    }

    /// Two-sided exact McNemar test: P(X ≤ min(b, c)) × 2 for X ~ Binomial(b + c, ½), capped at 1.
    public static func mcNemarExact(_ b: Int, _ c: Int) -> Double {
        let n = b + c
        guard n > 0 else { return 1 }
        let k = min(b, c)
        var tail = 0.0
        for i in 0...k {
            // log C(n, i) − n log 2, through lgamma so large counts do not overflow.
            tail += exp(lgamma(Double(n + 1)) - lgamma(Double(i + 1)) - lgamma(Double(n - i + 1)) - Double(n) * log(2.0))
        }
        return min(1, 2 * tail)
    }
}
