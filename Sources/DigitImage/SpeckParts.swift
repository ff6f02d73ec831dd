/// A piece of a digit too small to count as a piece of its own: the separately written top
/// hook of a 3, a few label pixels across, lies right on the rest of its digit, sharing its
/// columns. Dropped as a speck it left the 3 without its top, read as 7 at 99.8 % (red team
/// two_lines/3982_23). Such a speck joins the piece it lies on; a speck standing apart (grain,
/// a full stop beside the digit) stays a speck.
extension Segment {
    /// `kept` with each speck that lies on one of them joined to it: at least half as large as
    /// a piece must be (`minExtent`; grain is smaller), sharing half of its own columns with
    /// the piece, and no gap between their rows, half of its own rows or more above or below
    /// the piece's: a speck within the piece's rows is already within the digit's region, and
    /// joined there it cost a faint 8 its faint left side (dev photos seed 12, faint_rings/8_7455
    /// read 5). Nor a sliver (three times as long as wide or more): what a ruled or margin
    /// line's removal leaves by a digit, which joined made a 3 on a notebook page a 6 (dev
    /// photos seed 13, ruled_paper/3_5237).
    static func withSpeckParts(_ kept: [Component], specks: [Component], minExtent: Int) -> [Component] {
        var pieces = kept
        for s in specks where max(s.box.width, s.box.height) * 2 >= minExtent
            && min(s.box.width, s.box.height) * 3 > max(s.box.width, s.box.height) {
            let b = s.box
            let on = pieces.indices.filter { i in
                let k = pieces[i].box
                let rowGap = max(b.y, k.y) - min(b.y + b.height, k.y + k.height)
                return overlapInX(b, k) * 2 >= b.width && rowGap <= 0 && -rowGap * 2 <= b.height
            }
            // One piece only: a speck between two pieces would join them.
            guard on.count == 1, let i = on.first else { continue }
            let k = pieces[i].box
            let x0 = min(b.x, k.x), y0 = min(b.y, k.y)
            let x1 = max(b.x + b.width, k.x + k.width), y1 = max(b.y + b.height, k.y + k.height)
            pieces[i].pixels += s.pixels
            pieces[i].box = Box(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
        }
        return pieces
    }
}
