import DigitModel
import Support

/// Text for progress bars and training lines, as pure functions so the CLI and the UI
/// draw the same thing and tests can check it as text.
public enum ProgressText {
    /// `[#########-----]` with `width` cells inside the brackets (Unicode: `█` and `░`).
    /// Progress rounds down (full only when done); a value such as a probability rounds to the
    /// nearest cell (`nearest`), so 99.97 % beside "100.0%" is a full bar, not 19 of 20.
    public static func bar(fraction: Double, width: Int, unicode: Bool = false, nearest: Bool = false) -> String {
        let w = max(0, width)
        let f = fraction.isFinite ? min(max(fraction, 0), 1) : 0
        let filled = min(w, Int((f * Double(w)).rounded(nearest ? .toNearestOrAwayFromZero : .down)))
        let (on, off) = unicode ? ("█", "░") : ("#", "-")
        return "[" + String(repeating: on, count: filled) + String(repeating: off, count: w - filled) + "]"
    }

    /// `Epoch 3/10 [#########-----] 62% loss 0.0412 acc 98.7% 18,400 img/s ETA 4s`
    public static func trainingLine(_ p: BatchProgress, barWidth: Int = 20, unicode: Bool = false) -> String {
        let fraction = p.batches > 0 ? Double(p.batch) / Double(p.batches) : 0
        return "Epoch \(p.epoch)/\(p.epochs) \(bar(fraction: fraction, width: barWidth, unicode: unicode)) "
            + "\(Int((fraction * 100).rounded(.down)))% loss \(Format.fixed(p.loss, 4)) acc \(Format.fixed(p.accuracy * 100, 1))% "
            + "\(Format.grouped(rate(p.imagesPerSecond))) img/s ETA \(Format.duration(p.eta))"
    }

    /// Images per second as a whole number; 0 when not finite (the first batch, timed as 0 s).
    static func rate(_ v: Double) -> Int { v.isFinite ? Int(min(max(v, 0), 1e12).rounded()) : 0 }

    public static func epochLine(_ e: EpochSummary) -> String {
        var s = "epoch \(e.epoch): train loss \(Format.fixed(e.trainLoss, 4)) acc \(Format.fixed(e.trainAccuracy * 100, 2))%"
        if let vl = e.validationLoss, let va = e.validationAccuracy {
            s += ", val loss \(Format.fixed(vl, 4)) acc \(Format.fixed(va * 100, 2))%"
        }
        return s + ", \(Format.fixed(e.seconds, 1)) s"
    }
}
