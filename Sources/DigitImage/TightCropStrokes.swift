/// Strokes of a digit cropped tight on one side. A bold pen stroke (a tenth of the picture wide
/// in a crop around one digit) is narrower than the step opening's window, so the opening drops
/// it like a shadow band; when it runs into the frame it is connected to the frame, covers
/// `minWedgeFrame` blocks of it, and was kept as a frame wedge: the whole digit, connected
/// through its strokes, became the background and cleaned to nothing or to a few specks of its
/// outline (red team, tight crops: 9 of the 11 dev misses, "2" read 26 or 7, "8" read 2 or 4).
/// A region meeting two sides must be thick to be a wedge (`frameRegions`); one meeting one side
/// needed nothing. Such a region is ink, not lighting, when it is as deep as ink at the frame
/// (a shadow takes 25-45 % of the light, the ink of a tight crop 60-90 % of the paper's
/// brightness) and reaches in from its side further than it runs along it (a strip of dark
/// desk along one side runs along it; a finger's shadow reaches in but is shallow).
extension Preprocess.Steps {
    /// Share of the paper's brightness (grey) a region must lie below the opened background,
    /// at its deepest frame block, to be ink.
    static let inkDepth: Float = 0.55

    /// `wedge` without its regions that meet one side of the frame, lie `inkDepth` of `paper`
    /// or deeper at the frame and reach in from that side further than they run along it.
    /// `level`, `opened`: the blocks' own and opened levels, ink bright; `gw` × `gh` blocks.
    static func withoutTightStrokes(_ wedge: [Bool], level: [Float], opened: [Float], _ gw: Int, _ gh: Int,
                                    paper: Float) -> [Bool] {
        guard wedge.count == gw * gh, level.count == gw * gh, opened.count == gw * gh else { return wedge }
        var out = wedge
        for members in BlockRegions.of(wedge, gw, gh) {
            var minX = gw, minY = gh, maxX = -1, maxY = -1
            // Frame blocks per side (left, right, top, bottom) and the deepest of them.
            var run = [0, 0, 0, 0]
            var frameDepth: Float = 0
            for i in members {
                let x = i % gw, y = i / gw
                minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
                let sides = [x == 0, x == gw - 1, y == 0, y == gh - 1]
                for s in 0..<4 where sides[s] { run[s] += 1 }
                if sides.contains(true) { frameDepth = max(frameDepth, level[i] - opened[i]) }
            }
            guard run.filter({ $0 > 0 }).count == 1, frameDepth >= inkDepth * paper else { continue }
            // How far the region reaches in from the side it meets.
            let reach = [maxX + 1, gw - minX, maxY + 1, gh - minY]
            guard let side = run.firstIndex(where: { $0 > 0 }), reach[side] > run[side] else { continue }
            for i in members { out[i] = false }
        }
        return out
    }
}
