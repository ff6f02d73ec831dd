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
    public private(set) var points: [Point] = []
    /// More points than a chart has dot columns at 160 wide are thinned to every other one.
    static let capacity = 240

    mutating func add(_ p: BatchProgress) {
        if p.epoch != epoch { epoch = p.epoch; points = [] }
        guard p.loss.isFinite, p.accuracy.isFinite else { return }
        points.append(Point(batch: p.batch, loss: p.loss, accuracy: p.accuracy))
        if points.count > EpochTrace.capacity {
            // Every other point from the newest back, so the latest stays the line's end.
            points = Array(points.reversed().enumerated().filter { $0.offset % 2 == 0 }.map(\.element).reversed())
        }
    }
}
