import DigitModel
import Support

/// How many epochs a run did, in words: a cancel after half an epoch keeps that epoch, and
/// "2 epochs" then read as two whole ones (walkthrough: cancelled at 61 % of the second).
public enum EpochCount {
    /// "3 epochs", or "1 epoch and 61% of the 2nd", or "61% of an epoch".
    public static func text(_ epochs: [EpochSummary]) -> String {
        guard let last = epochs.last, last.isPartial else { return Format.count(epochs.count, "epoch") }
        let part = percent(last.fraction)
        let whole = epochs.count - 1
        return whole == 0 ? "\(part) of an epoch" : "\(Format.count(whole, "epoch")) and \(part) of the \(Format.ordinal(epochs.count))"
    }

    /// The note a cancelled run's file keeps: which epoch was cut, and which weights are kept.
    public static func cancelNote(_ epochs: [EpochSummary], of planned: Int, what: String) -> String {
        guard let last = epochs.last, last.isPartial else {
            return "\(what) was cancelled after \(epochs.count) of \(planned) epochs; the last completed epoch kept"
        }
        return "\(what) was cancelled in epoch \(last.epoch) of \(planned), after \(percent(last.fraction)) of its images; the weights then kept"
    }

    /// A share as whole percent, never 100 for a part (99.6 % cut is "99%").
    public static func percent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return "?%" }
        let p = (min(1, max(0, fraction)) * 100).rounded(.down)
        return "\(Int(p))%"
    }
}
