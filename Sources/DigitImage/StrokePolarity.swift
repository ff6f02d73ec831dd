/// Polarity from the shape of the ink: a stroke is a line with paper on both sides of it, so
/// somewhere across it both neighbours a little way off are paper; a shadow's edge is a step,
/// with paper in other light on one side only. The median rule (`localInkIsDark`) sees a
/// step too: near a shadow's edge the lit paper differs from a median taken mostly in the
/// shadow as much as faint ink differs from its paper, so a dim photo with a shadow and a
/// rotated sheet's rim was taken for light ink on dark paper (11 of the 198 dev photos "all at
/// once" that the histogram left undecided, 88 of 147 of the dim ones cropped tight, in a
/// replica of the rules). Here a step answers for neither side. Dev photos (seed 11, 300 per
/// condition): all at once 217 → 226, cropped tight 2,884 → 3,066 of 3,299, nothing lower.
extension Preprocess {
    /// How far each side of a block its neighbours are looked at: a tenth of the grid's short
    /// side, wider than half a pen stroke (MNIST's stroke is about 8 % of a digit crop), narrower
    /// than a form's cell. Dev photos (seed 11) whose histogram was undecided, right with a
    /// 6 % / 8 % / 10 % / 12 % reach: all at once 198 / 198 / 198 / 198 of 198, cropped tight
    /// 257 / 258 / 259 / 258 of 260, dim cropped tight 123 / 131 / 136 / 142 of 147 (the median
    /// rule: 187, 210, 59).
    static let strokeReach = 0.1
    /// The share of blocks whose response is compared: ink fills a few percent of a photo's
    /// blocks, so the 95th percentile lies on strokes (the 98th and 99th let a few bright
    /// blocks of the frame's rim decide: 197 and 194 of the 198 above).
    static let strokeQuantile = 0.95
    /// Grey levels the stronger side's response must reach to say anything (an image whose
    /// ink covers under 5 % of the blocks: a small digit in a large photo).
    static let minStrokeResponse: Float = 2
    /// The same floor as a share of the image's own contrast (the histogram's reach from the
    /// border's level): vignetting darkens the paper towards every corner, so each paper block
    /// lies above its neighbours a reach away across the radius — a bright "line" response of
    /// 3–6 levels all over a 12-MP photo whose thin 7 fills 1 % of the blocks, which then read
    /// as light ink (the paper inside the 7 became a filled wedge, read 8). A pen stroke's
    /// blocks respond with a sizeable share of the contrast, or not at all at the quantile.
    static let minStrokeResponseShare: Float = 0.1

    /// Whether the ink is dark, from the block means; nil when neither side's lines answer
    /// (too little ink, or as much on both sides). `contrast`: how far the image's darkest or
    /// brightest pixels reach from the border's level (`minStrokeResponseShare`).
    static func strokeInkIsDark(_ grid: BlockGrid, contrast: Int) -> Bool? {
        guard let r = strokeResponses(grid), r.dark != r.bright,
              max(r.dark, r.bright) >= minStrokeResponseShare * Float(contrast) else { return nil }
        return r.dark > r.bright
    }

    /// How much further the dark lines must reach than the bright ones (both plus one level)
    /// to overrule a histogram that found a bright minority: lit paper beside a shadow or a
    /// rotated sheet's rim, under a third of a dim photo, is such a minority. Dev photos (seed
    /// 11) with 1.15: all at once 226 (2 more right, 2 "1"s lost that the lit strip had drawn),
    /// cropped tight 3,066 → 3,077 (all at once 245 → 254), seed 12 all at once 72 → 73.
    static let clearStrokeRatio: Float = 1.15

    /// Whether the dark lines reach clearly further than the bright ones (`clearStrokeRatio`).
    static func strokeInkIsClearlyDark(_ grid: BlockGrid) -> Bool {
        guard let r = strokeResponses(grid) else { return false }
        return r.dark + 1 >= clearStrokeRatio * (r.bright + 1)
    }

    /// The `strokeQuantile` of each side's line responses (grey levels); nil when the grid is
    /// too small or neither reaches `minStrokeResponse`.
    static func strokeResponses(_ grid: BlockGrid) -> (dark: Float, bright: Float)? {
        let gw = grid.columns, gh = grid.rows
        guard gw >= 3, gh >= 3, grid.means.count == gw * gh else { return nil }
        let reach = max(1, Int((Double(min(gw, gh)) * strokeReach).rounded()))
        let (dark, bright) = lineResponses(grid.means, gw, gh, reach: reach)
        let d = quantile(dark, strokeQuantile), b = quantile(bright, strokeQuantile)
        guard max(d, b) >= minStrokeResponse else { return nil }
        return (d, b)
    }

    /// Per block, how far it lies below (`dark`) or above (`bright`) both of its neighbours
    /// `reach` blocks away in the direction where that is most (across a line: along a row, a
    /// column or a diagonal), the grid's edge repeated outwards. A step between two levels
    /// gives 0 on both sides of it.
    static func lineResponses(_ g: [Float], _ gw: Int, _ gh: Int, reach d: Int) -> (dark: [Float], bright: [Float]) {
        let diagonal = max(1, Int((Double(d) / 2.0.squareRoot()).rounded()))
        let steps = [(d, 0), (0, d), (diagonal, diagonal), (diagonal, -diagonal)]
        var dark = [Float](repeating: 0, count: gw * gh), bright = dark
        func at(_ x: Int, _ y: Int) -> Float { g[min(max(y, 0), gh - 1) * gw + min(max(x, 0), gw - 1)] }
        for y in 0..<gh {
            for x in 0..<gw {
                let v = g[y * gw + x]
                var below: Float = 0, above: Float = 0
                for (dx, dy) in steps {
                    let a = at(x + dx, y + dy), b = at(x - dx, y - dy)
                    below = max(below, min(a, b) - v)
                    above = max(above, v - max(a, b))
                }
                dark[y * gw + x] = below
                bright[y * gw + x] = above
            }
        }
        return (dark, bright)
    }

    /// The value below which `fraction` of `values` lie.
    static func quantile(_ values: [Float], _ fraction: Double) -> Float {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
    }
}
