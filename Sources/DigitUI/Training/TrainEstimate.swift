import DigitApp

/// How long a run of the form's choices takes on a 2-core machine like this project's: seconds
/// per epoch of 55,000 images at the preset's batch, plus evaluating 10,000 test images —
/// `digitrec train --arch P --epochs 1`, whole process, on the Zen 4 of 4 December 2026
/// (mlp 0.5 s, small 2.3, fast 2.8, sprint 2.3, cnn 11.9, deep 20.5; the figures before were
/// an older engine's, 1.6–2.7 times these, walkthrough).
enum TrainEstimate {
    /// Seconds per epoch when the machine is quiet; a preset missing here shows no estimate.
    static let epochSeconds: [String: Double] = ["mlp": 0.4, "small": 2.1, "fast": 2.6, "sprint": 2.1, "cnn": 11.4, "deep": 19.7]
    /// Augmented batches are built image by image: about a quarter slower (deep: 57 s vs 45 s).
    static let augmentFactor = 1.27
    /// `--augment-extra` distortions cost per image, not per multiply: about 0.3 s an epoch
    /// (mlp, elastic and fade: 0.6 → 0.9 s), whatever the architecture.
    static let extrasSeconds = 0.3
    static let evaluationSeconds: [String: Double] = ["mlp": 0.1, "small": 0.2, "fast": 0.2, "sprint": 0.2, "cnn": 0.5, "deep": 0.8]

    static func seconds(_ r: TrainingRequest) -> Double? {
        guard let perEpoch = epochSeconds[r.preset.rawValue] else { return nil }
        return epoch(perEpoch, r) * Double(r.epochs) + (evaluationSeconds[r.preset.rawValue] ?? 1)
    }

    /// "about 3 s (1 s an epoch)" or "about 15 min (45 s an epoch)".
    static func text(_ r: TrainingRequest) -> String {
        guard let total = seconds(r) else { return "" }
        return (total < 1 ? "under 1s" : "about \(Format.duration(total))") + " here (\(epochText(r)))"
    }

    /// "2s/epoch", "under 1s/epoch": one epoch of the request on this machine; "" without a figure.
    static func epochText(_ r: TrainingRequest) -> String {
        guard let perEpoch = epochSeconds[r.preset.rawValue] else { return "" }
        let each = epoch(perEpoch, r)
        return (each < 1 ? "under 1s" : Format.duration(each)) + "/epoch"
    }

    /// One epoch's seconds with the request's augmentation.
    static func epoch(_ perEpoch: Double, _ r: TrainingRequest) -> Double {
        guard r.augment else { return perEpoch }
        return perEpoch * augmentFactor + (r.augmentExtras.isEmpty ? 0 : extrasSeconds)
    }
}
