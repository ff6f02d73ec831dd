/// Greys on a terminal with only the 8 basic colours (TERM=xterm, the Linux console): black and
/// white pixels in an ordered (Bayer 4×4) pattern whose share of white follows the grey. Each
/// grey used to go to its nearest basic colour, and every grey over ~43 % lightness is nearest
/// to white: a shadow on the paper, grey paper and a photo's soft edges all came out white.
enum Dither {
    /// The 4×4 Bayer matrix: each threshold once, neighbours far apart in order.
    static let bayer: [Int] = [0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5]

    /// Below `black` a pixel is black, above `white` white; xterm's basic white is itself a light
    /// grey (229 of 255), so light paper stays clean rather than dotted.
    static let black: Float = 0.1, white: Float = 0.85

    /// The picture's own range (its 0.5th and 98th percentiles), stretched to black…white before
    /// dithering: a dim photo (paper at grey 130, ink at 40) came out as half-white dots all over,
    /// the digit lost among them. A picture of nearly one grey (under `minSpread`) keeps the
    /// fixed range, so a blank page's grain is not blown up into a pattern.
    static func range(_ values: [Float]) -> (low: Float, high: Float) {
        let finite = values.filter(\.isFinite).sorted()
        guard finite.count >= 2 else { return (0, 1) }
        let last = Double(finite.count - 1)
        let low = finite[Int(last * 0.005)], high = finite[Int(last * 0.98)]
        return high - low >= minSpread ? (low, high) : (0, 1)
    }

    /// A photo's range for a density ramp (ink bright): from the top of its paper's grain (the
    /// median plus three median deviations: most of a photo is paper) to its brightest ink. The
    /// 98th percentile lay in the grain when ink took under 2 % of the cells (walkthrough,
    /// session 27: a small 9 on noisy grey paper, with LANG=C, was a wall of "@" and "%").
    /// `range` where the ink does not stand that far above the grain.
    static func paperUp(_ values: [Float]) -> (low: Float, high: Float) {
        let finite = values.filter(\.isFinite).sorted()
        guard finite.count >= 2 else { return (0, 1) }
        // Not the very brightest: one bright fleck would set the top (review, session 28).
        let high = finite[Int(Double(finite.count - 1) * 0.998)]
        let median = finite[finite.count / 2]
        let deviations = finite.map { abs($0 - median) }.sorted()
        let low = median + 3 * deviations[deviations.count / 2]
        return high - low >= minSpread ? (low, high) : range(values)
    }

    /// 13 grey levels: a photo in the dark (paper at 25, pen at 7, both below `black`) spans
    /// 18 and was drawn all black at 0.1 (walkthrough), while its digit reads at 100 %; the
    /// grain of blank paper spans less.
    static let minSpread: Float = 0.05

    /// Basic colour 7 (white) or 0 (black) for a value 0…1 (1 white) at pixel `x`, `y` of a
    /// picture whose values span `range`.
    static func basic(_ v: Float, x: Int, y: Int, range: (low: Float, high: Float) = (0, 1)) -> Int {
        guard v.isFinite else { return 0 }
        let stretched = (v - range.low) / max(range.high - range.low, 1e-6)
        let level = (stretched - black) / (white - black)
        let threshold = (Float(bayer[(y & 3) * 4 + (x & 3)]) + 0.5) / 16
        return level > threshold ? 7 : 0
    }
}
