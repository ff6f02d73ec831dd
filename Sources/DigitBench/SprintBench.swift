import DigitApp
import DigitModel
import Support

/// One seed of the `sprint` recipe: the training seconds and final test accuracy of a clean
/// run, and from a second run scored every few steps, the training seconds until the test
/// accuracy first reached 98 % (scoring time left out of the clock; the run stops there).
struct SprintSeed {
    var seed: UInt64
    var seconds: Double
    var accuracy: Double
    var secondsTo98: Double?

    /// `sprint seed 1: 2.61 s, 99.10 %, 98 % after 1.20 s`, as `make bench` prints it.
    var line: String {
        "sprint seed \(seed): \(Format.fixed(seconds, 2)) s, \(Format.fixed(accuracy * 100, 2)) %, "
            + "98 % after \(secondsTo98.map { Format.fixed($0, 2) + " s" } ?? "never")"
    }
}

/// The `sprint` preset with its own recipe (one epoch, one-cycle, its Adam β) on all 60,000
/// training images — `digitrec train --arch sprint --validation 0 --seed N`.
func sprintConfig(seed: UInt64, threads: Int) -> TrainingConfig {
    var request = TrainingRequest(preset: .sprint)
    request.validation = 0
    request.seed = seed
    request.threads = threads
    return request.config
}

func sprintSeed(_ seed: UInt64, threads: Int, train: LabelledImages, test: LabelledImages) throws -> SprintSeed {
    let config = sprintConfig(seed: seed, threads: threads)
    let run = try Trainer.train(config, data: train)
    let accuracy = Trainer.evaluate(run.network, on: test).metrics.accuracy
    // Scored every 10 steps (of 469): the figure is at most 10 steps late.
    let cancel = CancelFlag()
    var scoring = 0.0, reached: Double? = nil
    let start = now()
    _ = try Trainer.train(config, data: train, cancel: cancel, afterStep: { network, step in
        guard step % 10 == 0, reached == nil else { return }
        let t = now()
        if Trainer.evaluate(network, on: test).metrics.accuracy >= 0.98 {
            reached = t - start - scoring
            cancel.cancel()
        }
        scoring += now() - t
    })
    return SprintSeed(seed: seed, seconds: run.seconds, accuracy: accuracy, secondsTo98: reached)
}

/// Mean and sample standard deviation.
func meanAndSD(_ v: [Double]) -> (mean: Double, sd: Double) {
    guard !v.isEmpty else { return (0, 0) }
    let mean = v.reduce(0, +) / Double(v.count)
    let variance = v.count > 1 ? v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count - 1) : 0
    return (mean, variance.squareRoot())
}
