import DigitApp

/// How long a run of the form's choices takes on this project's 2-core test machine, from
/// the README's measurements (`make bench`, `digitrec train` alone): seconds per epoch of
/// 55,000 images at batch 128, plus evaluating 10,000 test images.
enum TrainEstimate {
    /// Seconds per epoch when the machine is quiet; a preset missing here shows no estimate.
    static let epochSeconds: [String: Double] = ["mlp": 1, "small": 6, "fast": 5, "cnn": 18, "deep": 45]
    /// Augmented batches are built image by image: about a quarter slower (deep: 57 s vs 45 s).
    static let augmentFactor = 1.27
    /// `--augment-extra` distortions cost per image, not per multiply: about 0.3 s an epoch
    /// (mlp, elastic and fade: 0.6 → 0.9 s), whatever the architecture.
    static let extrasSeconds = 0.3
    static let evaluationSeconds: [String: Double] = ["mlp": 0.2, "small": 0.5, "fast": 0.5, "cnn": 1, "deep": 2]

    static func seconds(_ r: TrainingRequest) -> Double? {
        guard let perEpoch = epochSeconds[r.preset.rawValue] else { return nil }
        return epoch(perEpoch, r) * Double(r.epochs) + (evaluationSeconds[r.preset.rawValue] ?? 1)
    }

    /// "about 3 s (1 s an epoch)" or "about 15 min (45 s an epoch)".
    static func text(_ r: TrainingRequest) -> String {
        guard let total = seconds(r), let perEpoch = epochSeconds[r.preset.rawValue] else { return "" }
        let each = epoch(perEpoch, r)
        return "about \(Format.duration(total)) here (\(Format.duration(each))/epoch)"
    }

    /// One epoch's seconds with the request's augmentation.
    static func epoch(_ perEpoch: Double, _ r: TrainingRequest) -> Double {
        guard r.augment else { return perEpoch }
        return perEpoch * augmentFactor + (r.augmentExtras.isEmpty ? 0 : extrasSeconds)
    }
}
