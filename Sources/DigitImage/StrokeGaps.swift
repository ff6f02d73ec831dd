/// Closes the breaks that anti-aliasing puts in thin pen strokes.
///
/// A 1–2 px line drawn at an angle in a small picture (a thin pen on a canvas, a fine-liner
/// scanned small) alternates between pixels above the ink threshold and faint ones. At one
/// pixel per block the ink map is then a dotted line: each dot is a speck, the specks are
/// dropped, and what is left is too little of the ink to be a drawing — "no digit found" for a
/// plainly written 6. A short run of faint pixels (at most `maxGap`) with ink at both ends,
/// straight along a row, a column or a diagonal, is such a break and becomes ink. Background
/// (level 0) is never crossed, so digits with a blank gap between them stay apart; at coarser
/// block scales a block's maximum already closes these breaks, so only scale 1 is bridged.
enum StrokeGaps {
    /// The longest faint run bridged, in pixels: anti-aliasing of a 1 px line leaves one or two.
    static let maxGap = 2

    /// `levels`: per pixel 0 no ink, 1 faint, 2 ink (`Preprocess.inkBlocks` at scale 1), size
    /// width × height. Faint pixels in a bridged run become 2; the test reads the levels as they
    /// were, so bridges do not grow from bridges.
    static func bridge(_ levels: inout [UInt8], width w: Int, height h: Int) {
        guard w > 2, h > 2, levels.count == w * h else { return }
        let before = levels
        before.withUnsafeBufferPointer { src in
            levels.withUnsafeMutableBufferPointer { dst in
                for y in 0..<h {
                    for x in 0..<w where src[y * w + x] == 1 {
                        for (dx, dy) in [(1, 0), (0, 1), (1, 1), (1, -1)]
                        where isBreak(src, w, h, x, y, dx, dy) {
                            dst[y * w + x] = 2
                            break
                        }
                    }
                }
            }
        }
    }

    /// Whether faint pixel (x, y) lies in a faint run of at most `maxGap` pixels along (dx, dy)
    /// whose both ends are ink.
    static func isBreak(_ p: UnsafeBufferPointer<UInt8>, _ w: Int, _ h: Int, _ x: Int, _ y: Int, _ dx: Int, _ dy: Int) -> Bool {
        var run = 1
        for sign in [-1, 1] {
            var cx = x, cy = y
            while true {
                cx += sign * dx; cy += sign * dy
                guard cx >= 0, cy >= 0, cx < w, cy < h else { return false }
                let level = p[cy * w + cx]
                if level == 2 { break }
                guard level == 1 else { return false }
                run += 1
                guard run <= maxGap else { return false }
            }
        }
        return true
    }
}
