/// Ink that the reading inside a margin of paper (`FramePadding`) finds along the picture's
/// frame where the picture as it is finds paper. The margin continues the paper seen along
/// each side (its lighter part), and where the frame is not that paper — a vignetted shadow's
/// darker corner, the fill beyond a rotated sheet — the paper next to the margin cleans to ink
/// and joins the digit (a band down a 0's side read 6, a wedge under a 7 read 3), and the
/// network is often surer of that than of the plain reading. When the digit itself is the same
/// in both readings, such a margin reading is not offered. A digit cropped tight, which the
/// margin is for, differs: as it is, the frame's paper estimate eats part of its stroke, and
/// the margin reading holds more of the digit away from the frame too.
/// Dev photos (count.sh, shipped model): "all at once" 288 → 291 of 300 (seed 11), 95 of 100
/// (seed 12), the other conditions and the tight crops of seed 11 unchanged. Measured: without
/// the same-digit check, 291 and 97 but tight crops 3,122 → 2,969 of 3,299 (faint rings
/// 203 → 122: the margin's ink at the frame there is the ring); with it at a tenth of the
/// digit's ink gained, 292 and 96 but tight faint rings 203 → 199.
enum MarginInk {
    /// Depth of the frame's band: a 12th of the short side (a 24th left the band beside the
    /// fill of a rotated sheet, `MarginInkTests`, out of it; the dev counts are the same).
    static let band = 12
    /// Least run along the frame that counts, a 14th of the short side (as `Segment.frameRun`).
    static let run = 14

    /// Whether `padded` (the margin reading, in the picture's coordinates) has digits holding
    /// ink (at least `Preprocess.inkThreshold`) along the frame where `plain` (the picture as
    /// it is, with digits of its own) has none at all (under `Preprocess.faintThreshold`), for a
    /// run of at least a 14th of the short side, while away from the frame the margin reading
    /// gains under a 25th of the ink the two share.
    static func invented(_ padded: Segmentation, over plain: Segmentation) -> Bool {
        let a = padded.cleaned.ink, b = plain.cleaned.ink
        guard !plain.digits.isEmpty, a.width == b.width, a.height == b.height, a.pixels.count == b.pixels.count else { return false }
        let w = a.width, h = a.height
        // The digit itself is the same in both: inside the frame's outer sixth the margin found
        // (almost) no ink that the picture as it is misses. In a tight crop the picture as it is
        // loses much of the stroke to the frame's paper estimate, and the margin gets it back.
        // (A digit clear of the frame's band as it is was not enough: tight crops 3,122 → 3,103.)
        let inset = max(1, min(w, h) / 6)
        var same = 0, gained = 0
        let boxes = padded.digits.map(\.box)
        for y in inset..<max(inset, h - inset) {
            for x in inset..<max(inset, w - inset) where a.pixels[y * w + x] >= Preprocess.inkThreshold {
                guard boxes.contains(where: { x >= $0.x && x < $0.x + $0.width && y >= $0.y && y < $0.y + $0.height }) else { continue }
                if b.pixels[y * w + x] >= Preprocess.inkThreshold { same += 1 } else { gained += 1 }
            }
        }
        guard gained * 25 <= same else { return false }
        let least = max(1, min(w, h) / run)
        return frameRun(padded) { a.pixels[$0] >= Preprocess.inkThreshold && b.pixels[$0] < Preprocess.faintThreshold } >= least
    }

    /// Positions along the frame (the four sides' pixels, a corner counted on both) at which a
    /// pixel of the band inside one of `seg`'s digit boxes passes `test(index)`.
    static func frameRun(_ seg: Segmentation, _ test: (Int) -> Bool) -> Int {
        let ink = seg.cleaned.ink
        let w = ink.width, h = ink.height
        guard w > 0, h > 0, ink.pixels.count == w * h else { return 0 }
        let d = max(2, min(w, h) / band)
        let boxes = seg.digits.map(\.box)
        func hit(_ x: Int, _ y: Int) -> Bool {
            boxes.contains { x >= $0.x && x < $0.x + $0.width && y >= $0.y && y < $0.y + $0.height } && test(y * w + x)
        }
        var n = 0
        for x in 0..<w {
            if (0..<min(d, h)).contains(where: { hit(x, $0) }) { n += 1 }
            if (max(0, h - d)..<h).contains(where: { hit(x, $0) }) { n += 1 }
        }
        for y in 0..<h {
            if (0..<min(d, w)).contains(where: { hit($0, y) }) { n += 1 }
            if (max(0, w - d)..<w).contains(where: { hit($0, y) }) { n += 1 }
        }
        return n
    }
}
