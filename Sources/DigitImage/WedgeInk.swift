/// Ink inside a frame wedge. A finger's shadow enters the picture from the frame, and where a
/// stroke crosses it (or merely touches it) the stroke's blocks, dropped by the step opening
/// like the shadow's, join the shadow's region: the wedge kept their own level as background,
/// and the strokes cleaned to their outlines (red team finger shadows: a 0 read 8, 7s read 2,
/// the whole digit gone in "no digit found"). The shadow's depth is what it shows at the frame
/// it enters from; ink lies far deeper than that (shadows 30-120 grey levels above the opened
/// background, the strokes through them 130-210), so blocks clearly deeper than any of the
/// region's frame blocks are ink, and stay out of the wedge. Red-team dev set (count.sh, 100 a
/// condition): finger_shadow 81 → 96, everything 75 → 77, all 2120 → 2139 of 2250, nothing
/// lower; dev photos: seed 11 ruled paper 297 → 299, seed 13 "all at once" 292 → 294 of 300.
extension Preprocess.Steps {
    /// `wedge` without the blocks of each of its regions that lie more than `margin` grey
    /// levels deeper (above `opened`, ink bright) than the deepest of the region's blocks on
    /// the picture's frame. A region whose ink reaches the frame (a digit cropped tight) keeps
    /// all its blocks, as before. `gw` × `gh` blocks.
    static func withoutInk(_ wedge: [Bool], level: [Float], opened: [Float], _ gw: Int, _ gh: Int, margin: Float) -> [Bool] {
        guard wedge.count == gw * gh, level.count == gw * gh, opened.count == gw * gh else { return wedge }
        var out = wedge
        for members in BlockRegions.of(wedge, gw, gh) {
            var frameDepth: Float? = nil
            for i in members {
                let x = i % gw, y = i / gw
                if x == 0 || y == 0 || x == gw - 1 || y == gh - 1 { frameDepth = max(frameDepth ?? 0, level[i] - opened[i]) }
            }
            // A region that meets only light beyond a sheet has no frame blocks: left as it is.
            guard let frameDepth else { continue }
            for i in members where level[i] - opened[i] > frameDepth + margin { out[i] = false }
        }
        return out
    }
}
