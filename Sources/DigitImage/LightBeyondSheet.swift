/// Light beyond a rotated sheet's edge, between the paper and the picture's frame. The frame
/// wedges (`keepingFrameWedges`) are lighting regions the step opening dropped that run along
/// the frame: a vignetted corner, a shadow's wedge. Where the picture shows something lighter
/// than any paper beyond the sheet's edge (the fill of a rotated scan, a bright surface, the
/// rim of a sheet whose shadow was lifted with the paper), such a region runs along that
/// light instead, not along the frame, so it was not found: the vignetted paper's darker end
/// cleaned to a wash of ink along the sheet's edge, joined to the digit or read as a "1". For
/// the wedge rule the sheet's edge is the frame: blocks beside that light count as on it.
extension Preprocess.Steps {
    /// How much lighter than the picture's paper a block must be to lie beyond the sheet, in
    /// wedge steps (`wedgeStep(paper:)`).
    static let beyondSteps: Float = 1

    /// The blocks beside light beyond the sheet (not in it): 4-neighbours of blocks lighter than
    /// the paper's quartile by more than `beyondSteps` wedge steps, in regions that run along
    /// the frame for `minWedgeFrame` blocks or more (light inside the sheet, glare on the
    /// paper, lies within it). `level`, `opened`: the blocks' own and opened levels, ink bright.
    static func besideLightBeyond(_ level: [Float], opened: [Float], _ gw: Int, _ gh: Int, step: Float) -> [Bool] {
        guard level.count == gw * gh, opened.count == gw * gh, !opened.isEmpty else { return [] }
        // The paper's lighter quartile: vignetting puts half the sheet below its median, and
        // the light beyond a sheet rarely covers a quarter of the picture.
        let paper = opened.sorted()[opened.count / 4]
        let beyond = frameRegions(level.map { $0 < paper - beyondSteps * step }, gw, gh)
        var beside = [Bool](repeating: false, count: gw * gh)
        for i in beside.indices where !beyond[i] {
            let x = i % gw, y = i / gw
            beside[i] = (x > 0 && beyond[i - 1]) || (x < gw - 1 && beyond[i + 1])
                || (y > 0 && beyond[i - gw]) || (y < gh - 1 && beyond[i + gw])
        }
        return beside
    }
}
