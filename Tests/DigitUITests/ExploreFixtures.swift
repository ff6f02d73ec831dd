@testable import DigitApp
import DigitImage

/// Small made-up data for the explore screens: 40 test images (four per class, each a bar at
/// a class-dependent place), a report with four mistakes and a second model with others.
enum ExploreFixtures {
    static let count = 40

    static func images(_ n: Int = count, shift: Int = 0) -> LabelledImages {
        var pixels = [UInt8](repeating: 0, count: n * 784)
        for i in 0..<n {
            let c = i % 10
            // A vertical stroke whose column and length depend on the class, thicker for odd images.
            for y in 4..<(14 + c) { for x in (6 + c + shift % 3)..<(8 + c + (i % 2) + shift % 3) { pixels[i * 784 + y * 28 + x] = 255 } }
            for x in 6..<22 where c % 3 == 0 { pixels[i * 784 + 20 * 28 + x] = 200 }
        }
        return LabelledImages(images: pixels, labels: (0..<n).map { UInt8($0 % 10) })!
    }

    /// A model that reads `wrong` (image → (prediction, confidence)) wrongly and the rest right at 99 %.
    static func report(_ name: String, wrong: [Int: (Int, Float)], cached: Bool = false) -> ModelReport {
        let test = images()
        var probs = [Float](repeating: 0, count: count * 10)
        for i in 0..<count {
            let (p, conf) = wrong[i] ?? (i % 10, 0.99)
            for c in 0..<10 { probs[i * 10 + c] = c == p ? conf : (1 - conf) / 9 }
        }
        let predictions = (0..<count).map { wrong[$0]?.0 ?? $0 % 10 }
        let evaluation = EvaluationReport(model: name, loss: 0.1234, metrics: Metrics(predictions: predictions, labels: test.labels.map(Int.init)),
                                          calibration: Calibration(probabilities: probs, labels: test.labels), seconds: 0.4, warnings: [],
                                          mistakes: MistakeList.mistakes(probabilities: probs, labels: test.labels))
        return ModelReport(evaluation: evaluation, checksum: "abc", test: TestImages(test), classNames: ModelClasses.digits,
                           fromCache: cached, seconds: cached ? 0.01 : 1.25)
    }

    static let reportA = report("saved_models/default.safetensors", wrong: [4: (9, 0.9), 14: (9, 0.6), 7: (1, 0.7), 23: (5, 0.55), 24: (9, 0.8)])
    static let reportB = report("saved_models/mlp.safetensors", wrong: [4: (9, 0.95), 17: (1, 0.8), 33: (8, 0.6)], cached: true)

    static var comparison: ModelComparisonView {
        ModelComparisonView(comparison: ModelComparison.compare(reportA, reportB), a: reportA, b: reportB)
    }

    static var exploration: DatasetExploration {
        var e = DatasetExplorer.explore(MNISTData(folder: "data/mnist", train: images(60, shift: 1), test: images(), warnings: []), since: 0)
        e.seconds = 0.42
        return e
    }
}
