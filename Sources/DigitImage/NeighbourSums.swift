/// The sums behind `StrokeCheck.neighbourCorrelations`: for each of the four neighbour
/// directions, Σa, Σb, Σa², Σb², Σab over every pixel a and its neighbour b, read straight from
/// a box of the cleaned image (no copy of the box: for a 12-megapixel photo the box around all
/// the ink is millions of pixels).
///
/// Two directions at a time in one pass over the rows, not one pass each, as the two lanes of
/// SIMD2<Double> sums (both share the pixel a; half the instructions of two scalar sums).
/// Every sum still receives exactly the terms, in exactly the order, of one direction's own
/// loop (rows from the top, pixels from the left), so the correlations are bit for bit those
/// of the plain loop.
struct NeighbourSums {
    /// The sums of two directions side by side (lane 0 and lane 1): the pixel a is the same
    /// for both, the neighbour differs. Each lane's arithmetic is the scalar one's, bit for bit.
    struct Pairs2 {
        var n = SIMD2<Double>(), sa = SIMD2<Double>(), sb = SIMD2<Double>()
        var saa = SIMD2<Double>(), sbb = SIMD2<Double>(), sab = SIMD2<Double>()

        @inline(__always) mutating func add(_ a: Float, _ b0: Float, _ b1: Float) {
            let u = SIMD2<Double>(repeating: Double(a)), v = SIMD2<Double>(Double(b0), Double(b1))
            sa += u; sb += v; saa += u * u; sbb += v * v; sab += u * v
        }

        /// Lane 0 alone (a pixel only one of the two directions pairs).
        @inline(__always) mutating func addFirst(_ a: Float, _ b: Float) {
            let u = Double(a), v = Double(b)
            sa[0] += u; sb[0] += v; saa[0] += u * u; sbb[0] += v * v; sab[0] += u * v
        }

        /// The Pearson correlation of one lane, 1 for a constant box (all ink, or none): nothing to judge.
        func correlation(_ lane: Int) -> Double {
            let n = n[lane], sa = sa[lane], sb = sb[lane]
            let va = n * saa[lane] - sa * sa, vb = n * sbb[lane] - sb * sb
            return va > 0 && vb > 0 ? (n * sab[lane] - sa * sb) / (va * vb).squareRoot() : 1
        }
    }

    /// Lane 0 right, lane 1 lower-right; lane 0 lower, lane 1 lower-left.
    var across = Pairs2(), below = Pairs2()
    /// In the order of `StrokeCheck.neighbourCorrelations`: right, lower, lower-right, lower-left.
    var correlations: [Double] { [across.correlation(0), below.correlation(0), across.correlation(1), below.correlation(1)] }

    /// Kernel: the sums over the box (w, h) whose first pixel is `origin`, in an image whose rows
    /// are `rowStride` pixels apart. The caller guarantees w, h ≥ 3 (`neighbourCorrelations`
    /// answers smaller boxes itself) and that the box lies in the image.
    init(_ origin: UnsafePointer<Float>, rowStride: Int, width w: Int, height h: Int) {
        guard w >= 3, h >= 3, rowStride >= w else { return }
        let wide = Double(w), narrow = Double(w - 1)
        for y in 0..<h {
            let a = origin + y * rowStride
            if y + 1 < h {
                let next = a + rowStride
                // (1, 0) and (1, 1): pixels 0..<w−1 of the row.
                for x in 0..<(w - 1) { across.add(a[x], a[x + 1], next[x + 1]) }
                // (0, 1) over 0..<w and (−1, 1) over 1..<w: pixel 0 first, so both run in order.
                below.addFirst(a[0], next[0])
                for x in 1..<w { below.add(a[x], next[x], next[x - 1]) }
                across.n += SIMD2(narrow, narrow)
                below.n += SIMD2(wide, narrow)
            } else {
                // The last row has only right neighbours: lane 0 alone.
                for x in 0..<(w - 1) { across.addFirst(a[x], a[x + 1]) }
                across.n[0] += narrow
            }
        }
    }
}
