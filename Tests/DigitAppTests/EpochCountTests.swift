import Foundation
@testable import DigitApp
import DigitModel
import Support
import Testing

/// Walkthrough: a fine-tune cancelled at 61 % of its second epoch said "2 epochs", and its
/// table showed a whole second row. A cancel after half an epoch keeps it, and now says how much.
@Suite struct EpochCountTests {
    static func epoch(_ n: Int, fraction: Double = 1) -> EpochSummary {
        EpochSummary(epoch: n, trainLoss: 0.1, trainAccuracy: 0.9, validationLoss: nil, validationAccuracy: nil,
                     seconds: 1, learningRate: 0.001, fraction: fraction)
    }

    @Test func aCutEpochIsSaidAsAPart() {
        #expect(EpochCount.text([Self.epoch(1), Self.epoch(2)]) == "2 epochs")
        #expect(EpochCount.text([Self.epoch(1), Self.epoch(2, fraction: 0.614)]) == "1 epoch and 61% of the 2nd")
        #expect(EpochCount.text([Self.epoch(1, fraction: 0.5)]) == "50% of an epoch")
        #expect(EpochCount.text([]) == "0 epochs")
        #expect(EpochCount.percent(0.999) == "99%", "a part is never 100 %")
        #expect(EpochCount.cancelNote([Self.epoch(1), Self.epoch(2, fraction: 0.61)], of: 4, what: "fine-tuning")
                == "fine-tuning was cancelled in epoch 2 of 4, after 61% of its images; the weights then kept")
    }

    @Test func theFileKeepsTheFraction() {
        let epochs = [Self.epoch(1), Self.epoch(2, fraction: 0.75)]
        let text = HistoryJSON.text(epochs, wallClock: true)
        #expect(HistoryJSON.parse(text) == epochs)
        #expect(text.components(separatedBy: "\"fraction\"").count == 2, "only the cut epoch writes a fraction: \(text)")
        #expect(HistoryJSON.parse("[{\"epoch\": 1, \"train_loss\": 1, \"train_accuracy\": 0.5, \"fraction\": 7}]")?.first?.fraction == 1,
                "an absurd fraction is clamped")
    }

    /// Walkthrough: a mistake shown "5→6 100%", which eval printed as 99.9 %.
    @Test func aConfidenceUnderOneIsNever100() {
        #expect(Format.confidence(0.9996) == "99.9%")
        #expect(Format.confidence(1) == "100%")
        #expect(Format.confidence(0.42) == "42%")
        #expect(Format.confidence(.nan) == "?%")
    }
}
