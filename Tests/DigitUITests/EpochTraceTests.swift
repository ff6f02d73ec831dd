@testable import DigitApp
import Testing
@testable import DigitUI

/// The dashboard charts the epoch being trained, batch by batch, until two epochs can make a
/// line (walkthrough, session 23: "no data yet" through the whole first epoch at 160×50).
@Suite struct EpochTraceTests {
    func progress(epoch: Int, batch: Int, loss: Double = 0.5, accuracy: Double = 0.9) -> BatchProgress {
        BatchProgress(epoch: epoch, epochs: 3, batch: batch, batches: 1000, loss: loss, accuracy: accuracy, imagesPerSecond: 1000, epochElapsed: 1)
    }

    @Test func aNewEpochStartsAFreshTraceAndTooManyPointsAreThinned() {
        var t = EpochTrace()
        for b in 1...5 { t.add(progress(epoch: 1, batch: b)) }
        t.add(progress(epoch: 1, batch: 6, loss: .nan))
        #expect(t.epoch == 1 && t.points.map(\.batch) == [1, 2, 3, 4, 5], "a non-finite loss is no point")
        t.add(progress(epoch: 2, batch: 3))
        #expect(t.epoch == 2 && t.points.map(\.batch) == [3])
        for b in 4...(EpochTrace.capacity + 2) { t.add(progress(epoch: 2, batch: b)) }
        #expect(t.points.count == EpochTrace.capacity)
        t.add(progress(epoch: 2, batch: EpochTrace.capacity + 3))
        #expect(t.points.count <= EpochTrace.capacity / 2 + 1 && t.points.last?.batch == EpochTrace.capacity + 3)
    }

    /// Review: thinning from the newest back left half the chart to the last 6 % of a long
    /// epoch. The points stay evenly spread over the epoch, the newest always the line's end.
    @Test func pointsStayEvenlySpreadOverALongEpoch() {
        var t = EpochTrace()
        for b in 1...5000 { t.add(progress(epoch: 1, batch: b)) }
        let batches = t.points.map(\.batch)
        let gaps = zip(batches.dropFirst(), batches).map { $0 - $1 }.dropLast()
        let even = (gaps.max() ?? 0) <= 2 * (gaps.min() ?? 0) + 1
        #expect(batches.count <= EpochTrace.capacity + 1 && batches.first == 1 && batches.last == 5000 && even, "gaps \(gaps.min() ?? 0)…\(gaps.max() ?? 0)")
        // The chart's middle label is near the epoch's middle.
        #expect(abs(batches[batches.count / 2] - 2500) < 250)
    }

    @Test func theFirstEpochIsChartedByBatchThenByEpoch() {
        var (s, _) = apply(fresh(width: 160, height: 50), .key(.char("t")), .dataReady(folder: nil))
        (s, _) = apply(s, .key(.end), .key(.enter),
                       .training(.started(TrainingPlan(epochs: 3, batchesPerEpoch: 430, trainCount: 55000, validationCount: 5000, parameters: 118282))))
        #expect(render(s).text.contains("no data yet"))
        for b in stride(from: 10, through: 300, by: 10) {
            (s, _) = apply(s, .training(.batchFinished(progress(epoch: 1, batch: b, loss: 2.0 / Double(b), accuracy: 1 - 1 / Double(b)))))
        }
        var text = render(s).text
        let live = text.contains("loss in epoch 1, by batch") && text.contains("accuracy in epoch 1, by batch")
        #expect(live && !text.contains("no data yet") && text.contains("300"))
        // Two finished epochs make a line: the per-epoch charts are back.
        for e in 1...2 {
            (s, _) = apply(s, .training(.epochFinished(EpochSummary(epoch: e, trainLoss: 0.3 / Double(e), trainAccuracy: 0.9, validationLoss: 0.2,
                                                                     validationAccuracy: 0.95, seconds: 1, learningRate: 0.003))))
        }
        (s, _) = apply(s, .training(.batchFinished(progress(epoch: 3, batch: 10))))
        text = render(s).text
        #expect(text.contains("loss per epoch") && !text.contains("by batch"))
    }

    /// Walkthrough, session 24: at 80×24 the titles shortened to "loss" and "accuracy" and the
    /// batch numbers under the axis read as epochs.
    @Test func atEightyColumnsTheTraceStillSaysEpochAndBatch() {
        var (s, _) = apply(fresh(width: 80, height: 24), .key(.char("t")), .dataReady(folder: nil))
        (s, _) = apply(s, .key(.end), .key(.enter),
                       .training(.started(TrainingPlan(epochs: 3, batchesPerEpoch: 430, trainCount: 55000, validationCount: 5000, parameters: 118282))))
        for b in stride(from: 10, through: 300, by: 10) {
            (s, _) = apply(s, .training(.batchFinished(progress(epoch: 1, batch: b, loss: 2.0 / Double(b), accuracy: 1 - 1 / Double(b)))))
        }
        let text = render(s).text
        let titled = text.contains("loss, epoch 1") && text.contains("accuracy, epoch 1")
        #expect(titled && text.contains("batch 10"), "\(text)")
    }
}
