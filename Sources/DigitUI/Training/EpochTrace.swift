import DigitApp

/// The running loss and accuracy inside the epoch being trained, one point per (throttled)
/// batch event: what the charts show until two epochs can be joined by a line (walkthrough: at
/// 160×50 the dashboard said "no data yet" through the whole first epoch, minutes for `deep`).
public struct EpochTrace: Sendable, Equatable {
    public struct Point: Sendable, Equatable {
        public var batch: Int
        /// The epoch's mean so far, as the progress line says it.
        public var loss: Double, accuracy: Double
    }

    public private(set) var epoch = 0
    /// Points at least `spacing` batches apart, so the chart's x axis (by index) stays even.
    private var kept: [Point] = []
    /// The newest event when it is closer than `spacing` to the last kept point: the line's end
    /// until the next event replaces it.
    private var newest: Point?
    private var spacing = 1
    /// More points than a chart has dot columns at 160 wide: the spacing doubles and every other
    /// kept point goes (review: thinning from the newest back left half the chart to the last
    /// 6 % of the epoch).
    static let capacity = 240

    public var points: [Point] { kept + (newest.map { [$0] } ?? []) }

    mutating func add(_ p: BatchProgress) {
        if p.epoch != epoch { self = EpochTrace(); epoch = p.epoch }
        guard p.loss.isFinite, p.accuracy.isFinite else { return }
        let point = Point(batch: p.batch, loss: p.loss, accuracy: p.accuracy)
        guard let last = kept.last, p.batch - last.batch < spacing else {
            kept.append(point)
            newest = nil
            if kept.count > EpochTrace.capacity { thin() }
            return
        }
        newest = p.batch > last.batch ? point : nil
    }

    private mutating func thin() {
        spacing *= 2
        var thinned: [Point] = []
        for p in kept where thinned.last.map({ p.batch - $0.batch >= spacing }) ?? true { thinned.append(p) }
        kept = thinned
    }
}
