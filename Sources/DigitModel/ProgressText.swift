/// Text for progress bars and training lines, as pure functions so the CLI and the UI
/// draw the same thing and tests can check it as text.
public enum ProgressText {
    /// `[#########-----]` with `width` cells inside the brackets (Unicode: `█` and `░`).
    public static func bar(fraction: Double, width: Int, unicode: Bool = false) -> String {
        let w = max(0, width)
        let f = fraction.isFinite ? min(max(fraction, 0), 1) : 0
        let filled = Int((f * Double(w)).rounded(.down))
        let (on, off) = unicode ? ("█", "░") : ("#", "-")
        return "[" + String(repeating: on, count: filled) + String(repeating: off, count: w - filled) + "]"
    }

    /// `Epoch 3/10 [#########-----] 62% loss 0.0412 acc 98.7% 18,400 img/s ETA 4s`
    public static func trainingLine(_ p: BatchProgress, barWidth: Int = 20, unicode: Bool = false) -> String {
        let fraction = p.batches > 0 ? Double(p.batch) / Double(p.batches) : 0
        return "Epoch \(p.epoch)/\(p.epochs) \(bar(fraction: fraction, width: barWidth, unicode: unicode)) "
            + "\(Int((fraction * 100).rounded(.down)))% loss \(fixed(p.loss, 4)) acc \(fixed(p.accuracy * 100, 1))% "
            + "\(grouped(Int(p.imagesPerSecond.rounded()))) img/s ETA \(duration(p.eta))"
    }

    public static func epochLine(_ e: EpochSummary) -> String {
        var s = "epoch \(e.epoch): train loss \(fixed(e.trainLoss, 4)) acc \(fixed(e.trainAccuracy * 100, 2))%"
        if let vl = e.validationLoss, let va = e.validationAccuracy {
            s += ", val loss \(fixed(vl, 4)) acc \(fixed(va * 100, 2))%"
        }
        return s + ", \(fixed(e.seconds, 1)) s"
    }

    /// 4, 1m05s, 1h02m
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "--" }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(pad2(s % 60))s" }
        return "\(s / 3600)h\(pad2(s / 60 % 60))m"
    }

    public static func fixed(_ v: Double, _ digits: Int) -> String {
        guard v.isFinite else { return "nan" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let r = (abs(v) * scale).rounded()
        var intPart = String(Int(r / scale))
        var frac = String(Int(r.truncatingRemainder(dividingBy: scale)))
        while frac.count < digits { frac = "0" + frac }
        if v < 0 && r > 0 { intPart = "-" + intPart }
        return digits > 0 ? "\(intPart).\(frac)" : intPart
    }

    /// 18400 → "18,400"
    public static func grouped(_ v: Int) -> String {
        let digits = Array(String(abs(v)))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(d)
        }
        return v < 0 ? "-" + out : out
    }

    static func pad2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
}
