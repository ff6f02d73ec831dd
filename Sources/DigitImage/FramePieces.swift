/// Ink lying along the image's frame that is not a digit: the paper beyond a rotated or skewed
/// photo's edge, a band of shadowed paper between the frame and a shadow's edge (narrower than
/// the step background's window, so it cleans to ink), a corner wedge in other light. A pen
/// stroke reaching the frame meets it in about its own width and reaches far in from it; such
/// regions run along the frame.
extension Segment {
    /// Depth of the band along the frame: a 24th of the label image's short side.
    static let frameBand = 24
    /// Least run along one side (frame positions the piece comes within the band of) that
    /// counts: a 14th of the short side. On the dev "all at once" photos (seed 11), in an
    /// earlier form that needed one side only, a 10th read 239 of 300, a 14th 245, a 20th no
    /// more (before the rule: 184; this form: 218).
    static let frameRun = 14
    /// A piece reaching in from that side further than this many times its run is a stroke
    /// crossing the frame (a 1 in a tight crop), not a region along it. In the one-side form 5
    /// cost nothing on the dev photos; 3 cost one, 2 eight, 1 twenty-eight.
    static let frameReach = 5
    /// Least short side of the label image (px) for the rule.
    static let minFrameSide = 48

    /// Whether `piece` runs along the frame (see above). A piece spanning the image's centre is
    /// never dropped: it is what the photo was taken of, and a digit that a wedge joins there
    /// is better read with it than lost (in the one-side form, dropping those too: 240, not 245).
    static func runsAlongFrame(_ piece: Component, width lw: Int, height lh: Int) -> Bool {
        let short = min(lw, lh)
        // A strip of a label image (a row of bars 60 px high) is all frame.
        guard short >= minFrameSide else { return false }
        let band = max(2, short / frameBand)
        let b = piece.box
        guard b.x < band || b.y < band || b.x + b.width > lw - band || b.y + b.height > lh - band else { return false }
        guard !(b.x <= lw / 2 && b.x + b.width > lw / 2 && b.y <= lh / 2 && b.y + b.height > lh / 2) else { return false }
        var top = Set<Int>(), bottom = Set<Int>(), left = Set<Int>(), right = Set<Int>()
        for i in piece.pixels {
            let x = i % lw, y = i / lw
            if y < band { top.insert(x) }
            if y >= lh - band { bottom.insert(x) }
            if x < band { left.insert(y) }
            if x >= lw - band { right.insert(y) }
        }
        let least = max(band, short / frameRun)
        // (run along the side, how far the piece reaches in from it)
        let runs = [(top.count, b.y + b.height), (bottom.count, lh - b.y), (left.count, b.x + b.width), (right.count, lw - b.x)]
        // Within the band of two sides (a wedge fills a corner, a band along one side reaches
        // its ends), or along an eighth of one side: a digit of a number cropped close meets one
        // side's band for its own width only (MultiLineNumbersTests). Half of the side (before)
        // kept the corner of a shadow cut by one side of the frame, between the slanted edge
        // and the frame, as a piece of the digit. Dev photos "all at once" (count.sh, 300 of
        // seed 11, 100 of seed 12): half 235 and 76, a quarter 240 and 79, an eighth 252 and 82,
        // a twelfth 257 and 84 but tight crops of clean and low-contrast photos lost one each,
        // any run 260 and 88 but tight clean -1, low contrast -2; the rest unchanged. Below half
        // a side only a solid piece (at least 40 % of its box, as a filled wedge is) is frame:
        // the 7 of a number cropped close is a stroke whose bar runs along the top (a close
        // crop of digits/1907_thin_blue.png read 190). That keeps 245 of 252 and 79 of 82.
        let sides = [lw, lw, lh, lh]
        let twoSides = runs.filter { $0.0 > 0 }.count >= 2
        let solid = piece.pixels.count * 5 >= b.width * b.height * 2
        return zip(runs, sides).contains { run, side in
            run.0 >= least && run.0 * frameReach >= run.1 && (twoSides || run.0 * 2 >= side || (solid && run.0 * 8 >= side))
        }
    }
}
