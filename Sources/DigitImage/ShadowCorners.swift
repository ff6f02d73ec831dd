/// The corner of a shadow at the picture's frame. Where a slanted shadow edge meets the frame
/// (or the lighter fill beyond a rotated sheet's edge) the shadowed paper ends in an acute
/// corner, and no window of the step background's opening fits into its tip: the opening gives
/// the tip the lit paper's level, and a sliver of shadow up to `stepRadius` blocks long cleans
/// to ink — a tail under a 6 (read 9), a spike on a 7 (read 3), a triangle beside a 0. The
/// opening also flattens a vignetted shadow to its lightest level, leaving its darker end near
/// the frame 10-16 grey levels above the background. Both are paper at the shadow's own level,
/// continuing the opened plateau: the plateau's level spreads, block by block, over paper that
/// lies within `cornerTolerance` of it, rising at most `cornerClimb` a block (a vignette's slope).
///
/// Only raised plateaus spread (a shadow, at least half a wedge step above the picture's paper),
/// and only from blocks that are paper at that level: the plain paper's level, spreading the
/// same way, climbed faint strokes (tight crops of faint rings, `tight-11`, 200 → 165 of 299).
/// Only within `stepRadius` blocks of the frame, where the opening loses corners: everywhere, a
/// pen stroke as dark as the shadow beside it took its level and vanished (dev "all at once"
/// 245 → 172 of 300, 16 of them "no digit found"). It runs after the frame wedges are kept
/// (`keepingFrameWedges`), so a kept wedge spreads too and keeps its reach over its own edge
/// (before them, a shadow band along the frame was spread over instead and its edge cleaned to
/// a line of ink: FramePieceTests).
/// Dev photos (count.sh; seed 11, 300 each; seed 12, 100 each; tight crops of seed 11):
/// "all at once" 245 → 265 and 79 → 80, shadow (seed 12) 99 → 100, tight "all at once"
/// 262 → 272, tight shadow 292 → 294, tight faint rings 200 → 199, the rest unchanged. Measured
/// spreading before the wedges were kept: tolerance 4 254 of 300, 6 258, 8 259; lit paper
/// spreading too without climbing 261 (tight faint rings 196), climbing 264 (174).
extension Preprocess.Steps {
    /// Grey levels (ink bright) by which a block may differ from its neighbour's spread level and
    /// still be the same paper; a pen stroke's core lies further above it.
    static let cornerTolerance: Float = 6
    /// Grey levels a spread level may rise from one block to the next (vignetting near the frame
    /// changes the paper by 1-2.5 levels a block of a dim photo; the stroke of a faint pen faster).
    static let cornerClimb: Float = 1.5
    /// Sweeps over the frame band: a level spreads at most one block a sweep.
    static let cornerSweeps = 30

    /// `opened` with each raised plateau's level spread over the paper near the frame that
    /// continues it (see above). `level`: the blocks' own levels, ink bright; `gw` × `gh` blocks.
    static func spreadingShadows(_ level: [Float], opened: [Float], _ gw: Int, _ gh: Int) -> [Float] {
        guard level.count == gw * gh, opened.count == gw * gh else { return opened }
        let paper = Preprocess.medianLevel(level)
        // Lighting regions only: a shadow lies 0.25-0.45 of the light below the paper (at least
        // 26 levels on a dim sheet), half a wedge step is 5-12.
        let lowest = paper + Preprocess.wedgeStep(paper: 255 - paper) / 2
        let band = Preprocess.stepRadius
        var spread = opened
        for _ in 0..<cornerSweeps {
            var next = spread, changed = false
            for y in 0..<gh {
                // Columns of this row within the band: all of them near the top and bottom.
                let inner = min(y, gh - 1 - y) > band
                for x in 0..<gw where !inner || min(x, gw - 1 - x) <= band {
                    let own = level[y * gw + x]
                    var best = next[y * gw + x]
                    for ny in max(0, y - 1)...min(gh - 1, y + 1) {
                        for nx in max(0, x - 1)...min(gw - 1, x + 1) {
                            let source = spread[ny * gw + nx]
                            // A source is paper at its spread level, not a block the opening's
                            // dilation lowered from a darker level of its own.
                            guard source >= lowest, level[ny * gw + nx] - source <= cornerTolerance,
                                  abs(own - source) <= cornerTolerance else { continue }
                            best = max(best, min(own, source + cornerClimb))
                        }
                    }
                    if best > next[y * gw + x] { next[y * gw + x] = best; changed = true }
                }
            }
            spread = next
            if !changed { break }
        }
        return spread
    }
}

extension Preprocess {
    /// The median of block levels (ink bright): the paper of most of the picture.
    static func medianLevel(_ level: [Float]) -> Float {
        let sorted = level.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }
}
