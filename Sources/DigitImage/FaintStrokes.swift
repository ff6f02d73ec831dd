/// A stroke that fades along its length (a pen running dry, light falling off across the
/// page) keeps its shape but not its level: the faint arc of a ring reaches a third of the
/// rest. One level for the whole digit (its 95th percentile → 1) leaves that arc under the
/// stroke-width binarisation (0.5), and the stroke normalisation then erodes it away or leaves
/// it too faint for the network (8 read 3, 0 read 6 or "67"). Each pixel is scaled instead by
/// the strongest ink near it (a window about a stroke wide at the intermediate size): the core
/// of a faint arc reaches 1 like the rest, the soft edges of any stroke stay soft beside their core.
extension Preprocess {
    /// Half-width in intermediate pixels of the window whose maximum sets a pixel's scale:
    /// wider than a soft edge, about a stroke (MNIST's is 8.5 at that size).
    static let faintWindow = 4
    /// The gain is at most 1 / this of the digit's own level. This bounds it, it does not keep
    /// grain out: a speck at a fifth of the digit's level with no stroke near it becomes 0.57,
    /// over the binarisation, and remnants of grid lines and shadow edges beside a digit are
    /// lifted too ("all at once" 168 → 161 on the dev set). Giving no gain where no core of at
    /// least this share is near (the review's proposal) kept more of those out ("all at
    /// once" 175 → 178 of 300, with the shadow-wedge fix) but lost the arcs fainter than that (faint rings 264 → 243), so
    /// the lift stays as it is.
    static let faintShare: Float = 0.35

    /// Scales `img` so each stroke's core reaches 1: by the digit's level `top`, or by the local
    /// maximum where that is lower (not below `faintShare` of `top`).
    static func liftFaintStrokes(_ img: inout FloatImage, top: Float) {
        let local = windowMaximum(img, radius: faintWindow)
        let floor = top * faintShare
        for i in img.pixels.indices where img.pixels[i] > 0 {
            img.pixels[i] = min(1, img.pixels[i] / max(floor, min(top, local.pixels[i])))
        }
    }

    /// The maximum over a (2r+1)² square around each pixel, separably (rows, then columns).
    static func windowMaximum(_ img: FloatImage, radius r: Int) -> FloatImage {
        maximumAlong(maximumAlong(img, radius: r, rows: true), radius: r, rows: false)
    }

    /// The maximum over the 2r+1 neighbours of each pixel along its row (or its column),
    /// clamped at the image's edges.
    static func maximumAlong(_ img: FloatImage, radius r: Int, rows: Bool) -> FloatImage {
        let w = img.width, h = img.height
        let (length, step) = rows ? (w, 1) : (h, w)
        var out = img
        for y in 0..<h {
            for x in 0..<w {
                // Position along the line, and the index of the line's first pixel.
                let at = rows ? x : y, start = rows ? y * w : x
                var m: Float = 0
                for k in max(0, at - r)...min(length - 1, at + r) { m = max(m, img.pixels[start + k * step]) }
                out.pixels[y * w + x] = m
            }
        }
        return out
    }
}
