/// Whether the ink is a scatter (noise, a texture) rather than handwriting, and the grain of a
/// dim, noisy photo that only looks like one.
///
/// In a drawing nearly all the ink belongs to the pieces that survive the speck filter
/// (`keptShare`), counted in label blocks. A block is ink when any one of its pixels is, so in
/// the label image of a photo (blocks of 2-21 px a side) one grain pixel of a dim sensor weighs
/// as much as a block a stroke fills: beside a clean, bold 0, 5, 7 or 8 the grain of a dark,
/// warm photo took 40 % of the blocks, and the picture was "no digit found" (red-team photos,
/// seed 1: 5 of 100 dim ones, and a red 9 on grainy paper). Counted in pixels, the same grain
/// is a few percent: grain is one or two pixels of its block, a stroke fills it. Noise dense
/// enough to make pieces fills its blocks as a stroke does, and stays a scatter.
extension Segment {
    /// The least share of the ink, in tenths, the kept pieces must hold.
    static let keptShare = 7
    /// The least share, in tenths, of their blocks' pixels the kept pieces of grainy paper fill.
    static let minFill = 6

    /// Whether `kept` (the pieces that are not specks) hold too little of the ink of `kept` and
    /// `specks` together, counted in label blocks.
    static func isScatter(kept: [Component], specks: [Component]) -> Bool {
        let keptBlocks = kept.reduce(0) { $0 + $1.area }, speckBlocks = specks.reduce(0) { $0 + $1.area }
        return keptBlocks * 10 < (keptBlocks + speckBlocks) * keptShare
    }

    /// The label levels with only the ink pieces left, when the picture is grainy paper: the
    /// blocks make a scatter (`isScatter`) but the pixels of `ink` (0…1, ink bright; blocks of
    /// `scale` px a side) do not, and the pieces are solid (`minFill`). On such paper the faint
    /// level is grain too, a sea that joins every piece and grew a digit's box to the whole
    /// picture, so it goes with the specks.
    /// nil when the levels stay as they are.
    /// `margin`: as for `inkPieces`.
    static func quietingGrain(_ levels: [UInt8], width lw: Int, height lh: Int, scale: Int, margin: Int = 0,
                              ink: FloatImage) -> [UInt8]? {
        guard scale > 1, levels.count == lw * lh, let (kept, specks) = inkPieces(levels, width: lw, height: lh, scale: scale, margin: margin),
              !kept.isEmpty, isScatter(kept: kept, specks: specks) else { return nil }
        let keptPixels = kept.reduce(0) { $0 + inkPixels($1, ink: ink, scale: scale, labelWidth: lw) }
        let speckPixels = specks.reduce(0) { $0 + inkPixels($1, ink: ink, scale: scale, labelWidth: lw) }
        // The pieces must be solid strokes (filling `minFill` of their blocks) for the specks to
        // be grain: the outlines of a bold stroke whose core was taken for background fill a
        // third of their blocks, and the faint level there is the rest of the stroke.
        let keptBlocks = kept.reduce(0) { $0 + $1.area }
        guard keptPixels * 10 >= (keptPixels + speckPixels) * keptShare,
              keptPixels * 10 >= keptBlocks * scale * scale * minFill else { return nil }
        var quiet = [UInt8](repeating: 0, count: levels.count)
        for piece in kept { for block in piece.pixels { quiet[block] = 2 } }
        return quiet
    }

    /// The pixels at or above the ink threshold in the blocks of `piece` (label image `lw`
    /// blocks wide, each `s` px a side of `ink`).
    static func inkPixels(_ piece: Component, ink: FloatImage, scale s: Int, labelWidth lw: Int) -> Int {
        let w = ink.width, h = ink.height
        guard lw > 0, ink.pixels.count == w * h else { return 0 }
        return ink.pixels.withUnsafeBufferPointer { p in
            var n = 0
            for block in piece.pixels {
                let x0 = (block % lw) * s, y0 = (block / lw) * s
                guard x0 < w, y0 < h else { continue }
                for y in y0..<min(h, y0 + s) {
                    for x in x0..<min(w, x0 + s) where p[y * w + x] >= Preprocess.inkThreshold { n += 1 }
                }
            }
            return n
        }
    }
}
