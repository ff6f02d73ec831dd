/// Stroke-wide ink just under the threshold. A pen that fades along its stroke (the faint arc of
/// a ring, a 9's faint stem) lies 8-28 levels below the paper where it is lightest; the threshold
/// (`Preprocess.clean`: twice the noise plus 8) keeps a level or two of it, or nothing, so the
/// ring breaks into arcs, the stem drops out of the digit's box and what is left of the arc is
/// too faint for the lift (`liftFaintStrokes`) to restore: 9 read 4, 0 read 5, 6 read 8.
/// A threshold 3 levels lower everywhere kept those strokes (dev faint rings 288 → 298 of 300,
/// seed 13) but also the faint remnants of a form's grid lines, which the digit then owned
/// ("all at once" 294 → 288, seed 11). The two differ in width: a faded stroke is a band as
/// wide as the pen, a grid line's remnant a thin line. So the lower threshold holds only where
/// ink over it fills a band at least `bandRadius`·2+1 label blocks wide (a grey-level opening
/// of the label blocks it fills): thin lines and grain keep the usual threshold.
extension Preprocess {
    /// Levels under the usual threshold that a band's ink may lie: 3 on smooth paper (a blurred
    /// photo, grain under a level), none where the paper has grain (a median residual of a level
    /// or more): there a band 12 levels deep is the grain's, not a pen's (FaintArcTests).
    static func bandLowering(noise: Float) -> Float { max(0, 3 - 3 * noise) }
    /// Half-width, in label blocks, of the square a band must cover (5×5 blocks: 2.6 % of the
    /// picture's long side, a faded pen stroke of a digit filling a crop is 8-10 blocks wide).
    static let bandRadius = 2

    /// The most a band's pixel may hold: faint ink, under `inkThreshold` (a band lies away
    /// from ink, so this cuts only grain in a dark photo that would otherwise make specks).
    static let bandCeiling: Float = 0.29
    /// Half-width, in label blocks, of a square of filled blocks too wide for a pen's stroke: a
    /// shadow's rim or a lighting step left a region under the threshold, not a band.
    static let regionRadius = 6

    /// Which label blocks (lw × lh) lie in a band: `filled` says which blocks have at least half
    /// their pixels over the lower threshold; a block is in a band when a (2·bandRadius+1)²
    /// square of filled blocks covers it and no (2·regionRadius+1)² square does, and when it is
    /// not next to a block of ink (`inky`: there the lower threshold would only widen a dark
    /// stroke's soft edge, closing the top of a 4 or the loop of a 2).
    static func bandBlocks(_ filled: [Bool], inky: [Bool], width lw: Int, height lh: Int) -> [Bool] {
        guard lw > 0, lh > 0, filled.count == lw * lh, inky.count == lw * lh else { return filled.map { _ in false } }
        let levels = filled.map { $0 ? Float(1) : 0 }
        func opened(_ r: Int) -> [Float] {
            blockFilter(blockFilter(levels, lw, lh, radius: r, minimum: true), lw, lh, radius: r, minimum: false)
        }
        let band = opened(bandRadius), region = opened(regionRadius)
        let nearInk = blockFilter(inky.map { $0 ? Float(1) : 0 }, lw, lh, radius: 1, minimum: false)
        return band.indices.map { band[$0] > 0.5 && region[$0] < 0.5 && nearInk[$0] < 0.5 }
    }

    /// How many label blocks a band reaches on through filled blocks (`bandReach`).
    static let bandGrowth = 3

    /// The blocks a band reaches, beyond its own, through at most `bandGrowth` filled blocks
    /// (not a region's). A band stops a block short of ink (`bandBlocks`) and wherever the
    /// faded pen narrows under the band's width, so the faint arc it kept lay apart from the
    /// digit's ink by a gap of a block or three that the usual threshold cut: the arc was
    /// owned by no digit and left out of its box (an 8 whose faint left half stood apart read
    /// 5, a 6 whose faint stem stood apart read 2). There the lower threshold holds too, only
    /// for what stays faint: ink keeps its usual level (`normaliseKeepingBands`), so a dark
    /// stroke's soft edge grows only where a band meets it. Growing only across the gap to ink
    /// (within so many blocks of both) was tried and lost the dev photos' gains: the gaps are
    /// as often between two parts of one band as between a band and ink.
    static func bandReach(_ band: [Bool], filled: [Bool], width lw: Int, height lh: Int) -> [Bool] {
        guard lw > 0, lh > 0, band.count == lw * lh, filled.count == lw * lh, band.contains(true) else {
            return band.map { _ in false }
        }
        let levels = filled.map { $0 ? Float(1) : 0 }
        let region = blockFilter(blockFilter(levels, lw, lh, radius: regionRadius, minimum: true), lw, lh, radius: regionRadius, minimum: false)
        var grown = band.map { $0 ? Float(1) : 0 }
        for _ in 0..<bandGrowth {
            let wider = blockFilter(grown, lw, lh, radius: 1, minimum: false)
            for i in grown.indices where wider[i] > 0.5 && filled[i] && region[i] < 0.5 { grown[i] = 1 }
        }
        return grown.indices.map { grown[$0] > 0.5 && !band[$0] }
    }

    /// Kernel: per label block of one row, line (w) of values normalised from the lower
    /// threshold: counts the pixels over 0 into counts and raises peaks to the row's maximum
    /// (⌈w / bs⌉ of each).
    @inline(__always)
    static func countOverRow(_ line: UnsafePointer<Float>, width w: Int, blockScale bs: Int,
                             into counts: UnsafeMutablePointer<Int32>, peaks: UnsafeMutablePointer<Float>) {
        var start = 0, b = 0
        while start < w {
            let end = min(w, start + bs)
            var n: Int32 = 0, m: Float = 0
            for x in start..<end {
                n &+= line[x] > 0 ? 1 : 0
                m = max(m, line[x])
            }
            counts[b] &+= n
            peaks[b] = max(peaks[b], m)
            start = end; b += 1
        }
    }
}
