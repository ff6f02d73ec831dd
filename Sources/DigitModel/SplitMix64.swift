import Glibc

/// A small, fast, seedable generator (Steele et al.). Every random choice in
/// training (init, shuffling, dropout, augmentation) comes from one of these,
/// seeded from the run's seed, so a run is reproducible.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// A generator for one purpose, derived from a seed and a few integers.
    public init(seed: UInt64, _ parts: Int...) {
        var s = seed ^ 0x9E37_79B9_7F4A_7C15
        for p in parts {
            var g = SplitMix64(seed: s ^ UInt64(bitPattern: Int64(p)) &* 0xBF58_476D_1CE4_E5B9)
            s = g.next()
        }
        state = s
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Hands `body` the state from which the next `draws` calls of `next()` would start, and
    /// moves the generator past them: for a kernel that draws those same numbers itself.
    mutating func skipping<R>(_ draws: Int, _ body: (UInt64) -> R) -> R {
        let start = state
        state &+= UInt64(draws) &* 0x9E37_79B9_7F4A_7C15
        return body(start)
    }

    /// Uniform in [0, 1).
    @inline(__always) public mutating func nextFloat() -> Float {
        Float(next() >> 40) * (1.0 / Float(1 << 24))
    }

    /// Uniform in [lo, hi).
    @inline(__always) public mutating func uniform(_ lo: Float, _ hi: Float) -> Float {
        lo + (hi - lo) * nextFloat()
    }
}
