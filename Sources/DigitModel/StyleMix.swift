/// Extra labelled images mixed into training (`--augment-extra styles`: digits rendered in pen
/// styles MNIST lacks): each epoch a fixed fraction of the shuffled training positions is given
/// to a pool image instead, label and all, and goes through the same augmentation. The
/// application layer makes the pool; the engine only mixes it, reproducibly from the run's seed.
public struct StyleMix: Sendable {
    public static let fractionRange: ClosedRange<Double> = 0.001...0.5
    public let pool: LabelledImages
    /// The share of each epoch's training positions given to pool images.
    public let fraction: Double

    /// Nil for an empty pool, a label outside the network's ten outputs or a fraction outside `fractionRange`.
    public init?(pool: LabelledImages, fraction: Double) {
        guard pool.count > 0, pool.labels.allSatisfy({ $0 < 10 }), StyleMix.fractionRange.contains(fraction) else { return nil }
        self.pool = pool
        self.fraction = fraction
    }

    /// How many of `positions` training positions an epoch replaces.
    public func replacedCount(of positions: Int) -> Int {
        min(positions, Int((fraction * Double(positions)).rounded()))
    }

    /// Replaces `replacedCount` distinct positions of an epoch's `indices` (into data of
    /// `dataCount` images) by `dataCount + k`, pool image k, both chosen by a generator of the
    /// run's seed and the epoch. The plain runs' generators are untouched.
    public func substitute(_ indices: inout [Int], dataCount: Int, seed: UInt64, epoch: Int) {
        var rng = SplitMix64(seed: seed, 6, epoch)
        var positions = Array(indices.indices)
        // A partial Fisher–Yates shuffle: the first `count` positions are a uniform choice.
        for i in 0..<replacedCount(of: positions.count) {
            let j = i + Int(rng.next() % UInt64(positions.count - i))
            positions.swapAt(i, j)
            indices[positions[i]] = dataCount + Int(rng.next() % UInt64(pool.count))
        }
    }

    /// `data` followed by the pool: what the substituted indices point into.
    func appended(to data: LabelledImages) -> LabelledImages {
        var all = data
        all.images += pool.images
        all.labels += pool.labels
        return all
    }
}
