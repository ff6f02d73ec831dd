import Glibc

/// Monotonic seconds, for durations.
public func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// Wall-clock dates for file names and metadata.
public enum Clock {
    /// `20261201-221514`, local time (default model file names).
    public static func localStamp() -> String { format(time(nil), "%Y%m%d-%H%M%S", utc: false) }

    /// `2026-12-01`, local time.
    public static func localDay() -> String { format(time(nil), "%Y-%m-%d", utc: false) }

    /// ISO 8601 UTC; honours SOURCE_DATE_EPOCH (when it is a sane date) so a re-run
    /// reproduces a file bit for bit.
    public static func creationDate() -> String {
        format(sourceDateEpoch ?? time(nil), "%Y-%m-%dT%H:%M:%SZ", utc: true)
    }

    /// SOURCE_DATE_EPOCH when it is a sane date (years 1970-9999: a huge value would print a
    /// nonsense date): a reproducible build asked for, so no wall-clock value goes into a file.
    public static var sourceDateEpoch: time_t? {
        guard let s = Environment.value("SOURCE_DATE_EPOCH"), let v = Int(s), (0...253_402_300_799).contains(v) else { return nil }
        return v
    }

    static func format(_ seconds: time_t, _ pattern: String, utc: Bool) -> String {
        var t = seconds
        var tmv = tm()
        if utc { gmtime_r(&t, &tmv) } else { localtime_r(&t, &tmv) }
        var buf = [CChar](repeating: 0, count: 64)
        let n = strftime(&buf, 64, pattern, &tmv)
        return String(decoding: buf.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
