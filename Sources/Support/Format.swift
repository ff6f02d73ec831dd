/// Numbers as people read them, one formatter for every module.
public enum Format {
    /// Fixed decimals without Foundation: `fixed(98.7654, 2)` → "98.77"; "nan" when not finite.
    public static func fixed(_ v: Double, _ digits: Int) -> String {
        guard v.isFinite else { return "nan" }
        guard abs(v) < 1e15 else { return v < 0 ? "-huge" : "huge" }
        var scale = 1.0
        for _ in 0..<max(0, digits) { scale *= 10 }
        let r = (abs(v) * scale).rounded()
        var intPart = String(Int(r / scale))
        var frac = String(Int(r.truncatingRemainder(dividingBy: scale)))
        while frac.count < digits { frac = "0" + frac }
        if v < 0 && r > 0 { intPart = "-" + intPart }
        return digits > 0 ? "\(intPart).\(frac)" : intPart
    }

    /// 18400 → "18,400"
    public static func grouped(_ v: Int) -> String {
        let digits = Array(String(v.magnitude))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(d)
        }
        return v < 0 ? "-" + out : out
    }

    /// 4s, 1m05s, 1h02m; "--" when unknown.
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0, seconds < 1e9 else { return "--" }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(pad2(s % 60))s" }
        return "\(s / 3600)h\(pad2(s / 60 % 60))m"
    }

    /// Exact where it matters: "512 bytes", "67,108,865 bytes (64.0 MiB)".
    public static func bytes(_ n: Int) -> String {
        if n < 1024 { return "\(n) bytes" }
        let units = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var v = Double(n) / 1024, u = 0
        while v >= 1024 && u < units.count - 1 { v /= 1024; u += 1 }
        return "\(grouped(n)) bytes (\(fixed(v, 1)) \(units[u]))"
    }

    /// A count and its noun: "1 epoch", "4 epochs", "18,400 images"; `plural` for nouns that
    /// do not just take an "s".
    public static func count(_ n: Int, _ noun: String, plural: String? = nil) -> String {
        "\(grouped(n)) \(n == 1 ? noun : plural ?? noun + "s")"
    }

    /// A probability as a whole percent, "99.9%" for one that rounds up to 100 without being 1
    /// (walkthrough: a mistake shown "5→6 100%", which eval printed as 99.9 %).
    public static func confidence(_ p: Double) -> String {
        guard p.isFinite else { return "?%" }
        let percent = min(100, max(0, p * 100))
        if percent.rounded() >= 100 && percent < 100 { return fixed(min(99.9, (percent * 10).rounded(.down) / 10), 1) + "%" }
        return fixed(percent, 0) + "%"
    }

    /// `part` of `whole` in percent with `digits` decimals ("99.99%"), never rounded to "100.00%"
    /// unless it is all of them nor to "0.00%" unless none (review, session 33: one mistake among
    /// more than 20,000 images showed as a perfect score).
    public static func percent(_ part: Int, of whole: Int, digits: Int) -> String {
        guard whole > 0 else { return "-" }
        let step = (0..<max(0, digits)).reduce(1.0) { p, _ in p / 10 }
        var value = Double(part) / Double(whole) * 100
        if part < whole { value = min(value, 100 - step) }
        if part > 0 { value = max(value, step) }
        return fixed(value, digits) + "%"
    }

    /// "1st", "2nd", "3rd", "4th", "11th", "22nd": a digit's place in a number, so it is not
    /// read as a digit's value ("unsure: digit 4, 9 or 4?" read as nonsense).
    public static func ordinal(_ n: Int) -> String {
        let tens = (n / 10) % 10, last = n % 10
        let suffix = tens == 1 ? "th" : last == 1 ? "st" : last == 2 ? "nd" : last == 3 ? "rd" : "th"
        return "\(n)\(suffix)"
    }

    static func pad2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
}
