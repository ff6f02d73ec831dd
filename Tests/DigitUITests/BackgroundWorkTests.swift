import DigitApp
import Dispatch
import Testing
@testable import DigitUI

/// File work runs off the UI loop: the reducer never waits for it, and the worker's jobs do
/// not hold up whoever queued them.
@Suite struct BackgroundWorkTests {
    func galleryReading() -> AppState {
        let (s, e) = apply(fresh(), .modelLoaded(name: "m"), .folderScanned(files: ["d/a.png", "d/b.png"]))
        #expect(e.contains(.recognize(index: 0)))
        return s
    }

    @Test func quitWhileARecognitionIsPending() {
        let s = galleryReading()
        guard case .reading = s.items[0] else { Issue.record("the first image is being read"); return }
        let (q, e) = apply(s, .key(.char("q")))
        #expect(q.quit && e.isEmpty, "q quits at once, whatever is still being read")
        // Moving on and back while the reading runs does not ask for it again.
        let (moved, e2) = apply(s, .key(.right), .key(.left))
        #expect(e2 == [.recognize(index: 1)], "only the new image is asked for: \(e2)")
        #expect(moved.index == 0)
    }

    @Test func skippedAndStaleResultsAreHandled() {
        var (s, e) = apply(galleryReading(), .key(.right))
        // The worker skipped image 0 (the user had moved on): it is pending again, not asked for.
        (s, e) = apply(s, .recognized(index: 0, file: "d/a.png", .pending))
        guard case .pending = s.items[0] else { Issue.record("skipped image back to pending"); return }
        #expect(e.isEmpty)
        // Back on it, it is asked for again.
        (s, e) = apply(s, .key(.left))
        #expect(e == [.recognize(index: 0)])
        // The folder was reloaded meanwhile: a result for a file no longer there is dropped.
        (s, _) = apply(s, .folderScanned(files: ["d/c.png"]))
        (s, _) = apply(s, .recognized(index: 0, file: "d/a.png", .failed("old")))
        guard case .reading = s.items[0] else { Issue.record("the stale result is dropped"); return }
        (s, _) = apply(s, .recognized(index: 0, file: "d/c.png", .failed("new")))
        guard case let .failed(why) = s.items[0] else { Issue.record("the right result lands"); return }
        #expect(why == "new")
    }

    @Test func aBlockedJobDoesNotBlockTheCaller() {
        let worker = Worker()
        let gate = DispatchSemaphore(value: 0)
        let ran = DispatchSemaphore(value: 0)
        worker.run { gate.wait() }
        worker.run { ran.signal() }
        // run() returned although the first job is stuck; the worker reports it busy.
        #expect(!worker.waitUntilIdle(seconds: 0))
        gate.signal()
        #expect(ran.wait(timeout: .now() + 10) == .success, "jobs run in order once the first finishes")
        #expect(worker.waitUntilIdle(seconds: 10))
    }

    @Test func savingTwiceIsAskedOnce() throws {
        var (s, _) = apply(fresh(), .key(.char("t")), .dataReady(folder: nil))
        (s, _) = apply(s, .key(.end))
        (s, _) = apply(s, .key(.enter), .trainingDone(try outcome()), .nameSuggested("my-model"))
        var e: [Effect]
        (s, e) = apply(s, .key(.enter), .key(.enter))
        #expect(e == [.saveModel(name: "my-model")], "a second Enter while saving is ignored")
        (s, e) = apply(s, .saveFailed("disk full"), .key(.enter))
        #expect(e == [.saveModel(name: "my-model")], "after a failure Enter tries again")
        // Names the store would refuse are refused before any work.
        (s, _) = apply(s, .saveFailed("x"))
        for _ in 0..<8 { (s, _) = apply(s, .key(.backspace)) }
        (s, e) = apply(s, .key(.char("d")), .key(.char("e")), .key(.char("f")), .key(.char("a")), .key(.char("u")), .key(.char("l")), .key(.char("t")), .key(.enter))
        #expect(e.isEmpty)
        guard case let .results(r) = s.screen else { Issue.record("still on the results"); return }
        #expect(r.saveError?.contains("shipped") == true)
    }
}

func outcome() throws -> TrainingOutcome {
    TrainingOutcome(network: try Network(layers: Preset.mlp.layers, seed: 1, threads: 1), request: TrainingRequest(),
                    epochs: [EpochSummary(epoch: 1, trainLoss: 0.3, trainAccuracy: 0.91, validationLoss: 0.15, validationAccuracy: 0.955, seconds: 1.2, learningRate: 0.003)],
                    metrics: Metrics(predictions: [1, 2, 7, 7], labels: [1, 2, 7, 1]), testLoss: 0.1,
                    cancelled: false, divergence: nil, seconds: 3, evaluationSeconds: 0.1, metadata: [:])
}
