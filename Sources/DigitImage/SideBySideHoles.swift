/// Two enclosed regions of paper side by side in one piece of ink — sharing rows, apart in
/// columns — are two digits' loops: no digit has two loops beside each other (an 8's are
/// stacked), while two rings touching ("00", "80", a 1 drawn across a 0's side) make exactly
/// this. The network reads such a piece as one digit, and sure ("00" as 0 at 95 %), so the
/// holes, not its confidence, say that the piece is more than one (`TouchingChoice`).
enum SideBySideHoles {
    /// Below this a pixel is paper: a thin stroke shrunk for the cut (`TouchingCuts.side`)
    /// is fainter than the ink it was, and a loop's wall must not leak.
    static let paper: Float = 0.3

    /// The boxes of the regions of paper (value below `paper`) in `region` that touch no edge
    /// (`EnclosedRegions`), are at least a twelfth of its height a side squared in area and a
    /// third of it tall: a digit's loop, not the slit where a 0's stroke overlaps its start, nor the halves of a 6's loop
    /// that a stroke crossed (dev photos, 13,750 images: with loops a sixth of the height tall
    /// counted, three sure single digits were cut; with a third, none).
    static func holes(_ region: FloatImage) -> [Box] {
        let h = region.height
        let minArea = max(4, (h / 12) * (h / 12))
        let regions = region.pixels.withUnsafeBufferPointer { EnclosedRegions.regions($0, width: region.width, height: h, inkFrom: paper) }
        return regions.filter { $0.area >= minArea && $0.box.height * 3 >= h }.map(\.box)
    }

    /// Whether two of the holes lie side by side: at least half the shorter one's rows shared,
    /// at most `sharedColumns` of the narrower one's columns (two slanted rings overlap in
    /// columns a little; an 8's loops, stacked, share few rows), and the narrower at least half
    /// as wide as the other (`narrowest`);
    /// and no third loop under or over both (an 8 whose upper loop a stroke crossed: red team
    /// finger_shadow/8_48, two_lines/3982_23 read "83").
    static func sideBySide(_ holes: [Box]) -> Bool {
        for (i, a) in holes.enumerated() {
            for (j, b) in holes.enumerated() where j > i {
                let spanned = holes.indices.contains { k in
                    k != i && k != j && Segment.overlapInX(holes[k], a) > 0 && Segment.overlapInX(holes[k], b) > 0
                }
                guard !spanned else { continue }
                let apart = Segment.overlapInX(a, b) * sharedColumns.1 <= min(a.width, b.width) * sharedColumns.0
                let shared = Segment.overlapInY(a, b)
                if apart && shared * 2 >= min(a.height, b.height) && min(a.width, b.width) * narrowest.1 >= max(a.width, b.width) * narrowest.0 { return true }
            }
        }
        return false
    }

    /// How much of the narrower loop's columns two loops side by side may share (numerator,
    /// denominator).
    static let sharedColumns = (1, 4)

    /// How narrow the narrower of two loops side by side may be, of the other's width
    /// (numerator, denominator). A 0 whose stroke ran on inside its ring has a crescent beside
    /// its loop: a slit a fifth as wide where its side was drawn twice, a crescent 0.35 and 0.41
    /// as wide in two MNIST 0s read whole at 100 % and cut as "10" and "00" (dev singles, session
    /// 39); two digits' loops side by side in the red team's touching numbers are 0.67 to 0.97
    /// as wide as each other ("86", "00", "919").
    static let narrowest = (1, 2)
}
