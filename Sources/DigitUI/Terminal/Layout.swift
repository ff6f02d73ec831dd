/// A rectangle of cells.
struct Rect: Sendable, Equatable {
    var x: Int, y: Int, width: Int, height: Int

    var maxX: Int { x + width }
    var maxY: Int { y + height }

    /// The rect shrunk by margins (never below zero size).
    func inset(left: Int = 0, top: Int = 0, right: Int = 0, bottom: Int = 0) -> Rect {
        Rect(x: x + left, y: y + top, width: max(0, width - left - right), height: max(0, height - top - bottom))
    }

    /// Splits top to bottom.
    func rows(_ sizes: [Size]) -> [Rect] {
        Size.split(height, sizes).map { Rect(x: x, y: y + $0.offset, width: width, height: $0.length) }
    }

    /// Splits left to right.
    func columns(_ sizes: [Size]) -> [Rect] {
        Size.split(width, sizes).map { Rect(x: x + $0.offset, y: y, width: $0.length, height: height) }
    }
}

/// How much of a split a part takes, as in ratatui's constraints: a fixed length, a share of
/// the whole, or at least a minimum plus an even share of what is left.
enum Size: Sendable, Equatable {
    case length(Int)
    case percentage(Int)
    case min(Int)

    /// Offsets and lengths of the parts of `total`. Parts are cut from the end when the total
    /// is too small, so the first parts (headings) stay whole.
    static func split(_ total: Int, _ sizes: [Size]) -> [(offset: Int, length: Int)] {
        var lengths = sizes.map { size -> Int in
            switch size {
            case let .length(n), let .min(n): return Swift.max(0, n)
            case let .percentage(p): return Swift.max(0, total * Swift.min(100, p) / 100)
            }
        }
        var left = total - lengths.reduce(0, +)
        let growing = sizes.indices.filter { if case .min = sizes[$0] { return true }; return false }
        if left > 0, !growing.isEmpty {
            for (n, i) in growing.enumerated() { lengths[i] += left / growing.count + (n < left % growing.count ? 1 : 0) }
            left = 0
        }
        var i = lengths.count - 1
        while left < 0 && i >= 0 {
            let cut = Swift.min(lengths[i], -left)
            lengths[i] -= cut
            left += cut
            i -= 1
        }
        var offset = 0
        return lengths.map { length in defer { offset += length }; return (offset, length) }
    }
}
