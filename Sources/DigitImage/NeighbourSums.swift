/// The sums behind `StrokeCheck.neighbourCorrelations`: for each of the four neighbour
/// directions, Σa, Σb, Σa², Σb², Σab over every pixel a and its neighbour b, read straight from
/// a box of the cleaned image (no copy of the box: for a 12-megapixel photo the box around all
/// the ink is millions of pixels).
///
/// Two directions at a time in one pass over the rows, not one pass each: each sum is a chain
/// of dependent double additions, and ten chains side by side keep the adder busy where five
/// waited on each other. Every sum still receives exactly the terms, in exactly the order,
/// of one direction's own loop (rows from the top, pixels from the left), so the
/// correlations are bit for bit those of the plain loop.
struct NeighbourSums {
    /// One direction's sums; `n` is the number of pairs.
    struct Pairs {
        var n = 0.0, sa = 0.0, sb = 0.0, saa = 0.0, sbb = 0.0, sab = 0.0

        @inline(__always) mutating func add(_ a: Float, _ b: Float) {
            let u = Double(a), v = Double(b)
            sa += u; sb += v; saa += u * u; sbb += v * v; sab += u * v
        }

        /// The Pearson correlation, 1 for a constant box (all ink, or none): nothing to judge.
        var correlation: Double {
            let va = n * saa - sa * sa, vb = n * sbb - sb * sb
            return va > 0 && vb > 0 ? (n * sab - sa * sb) / (va * vb).squareRoot() : 1
        }
    }

    /// Right, lower, lower-right and lower-left neighbour.
    var right = Pairs(), down = Pairs(), downRight = Pairs(), downLeft = Pairs()

    /// Kernel: the sums over the box (w, h) whose first pixel is `origin`, in an image whose rows
    /// are `rowStride` pixels apart. The caller guarantees w, h ≥ 3 (`neighbourCorrelations`
    /// answers smaller boxes itself) and that the box lies in the image.
    init(_ origin: UnsafePointer<Float>, rowStride: Int, width w: Int, height h: Int) {
        guard w >= 3, h >= 3, rowStride >= w else { return }
        for y in 0..<h {
            let a = origin + y * rowStride
            if y + 1 < h {
                let below = a + rowStride
                // (1, 0) and (1, 1): pixels 0..<w−1 of the row.
                for x in 0..<(w - 1) {
                    right.add(a[x], a[x + 1])
                    downRight.add(a[x], below[x + 1])
                }
                // (0, 1) over 0..<w and (−1, 1) over 1..<w: pixel 0 first, so both run in order.
                down.add(a[0], below[0])
                for x in 1..<w {
                    down.add(a[x], below[x])
                    downLeft.add(a[x], below[x - 1])
                }
                down.n += Double(w); downRight.n += Double(w - 1); downLeft.n += Double(w - 1)
            } else {
                for x in 0..<(w - 1) { right.add(a[x], a[x + 1]) }
            }
            right.n += Double(w - 1)
        }
    }
}
