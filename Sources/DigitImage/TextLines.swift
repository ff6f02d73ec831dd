/// Lines of text: "12" written above "34" is two lines, read top to bottom, each left to right.
/// Found before the pieces of one digit are merged, because the merge joins pieces that
/// overlap in x — which digits on separate lines do too.
enum TextLines {
    /// A horizontal band of the image and the ink pieces in it.
    struct Band {
        var members: [Segment.Component]
        /// Rows spanned by the middle halves of the members (bottom exclusive): an ascender or
        /// a tail reaching into the next line does not join the lines.
        var coreTop: Int, coreBottom: Int
        var top: Int { median(members.map(\.box.y)) }
        var bottom: Int { median(members.map { $0.box.y + $0.box.height }) }
        var height: Int { median(members.map(\.box.height)) }

        init(_ c: Segment.Component) {
            members = [c]
            (coreTop, coreBottom) = Band.core(c)
        }

        static func core(_ c: Segment.Component) -> (Int, Int) {
            (c.box.y + c.box.height / 4, c.box.y + c.box.height - c.box.height / 4)
        }

        mutating func absorb(_ other: Band) {
            members += other.members
            coreTop = min(coreTop, other.coreTop); coreBottom = max(coreBottom, other.coreBottom)
        }

        func median(_ v: [Int]) -> Int { v.sorted()[v.count / 2] }
    }

    /// The pieces grouped into lines, top to bottom. Pieces whose middle halves share rows share
    /// a band; neighbouring bands stay apart only when both are clearly lines of their own.
    static func group(_ pieces: [Segment.Component]) -> [[Segment.Component]] {
        var bands: [Band] = []
        for c in pieces.sorted(by: { Band.core($0).0 < Band.core($1).0 }) {
            if let last = bands.last, Band.core(c).0 < last.coreBottom {
                bands[bands.count - 1].absorb(Band(c))
            } else {
                bands.append(Band(c))
            }
        }
        var i = 0
        while i + 1 < bands.count {
            if separate(bands[i], bands[i + 1]) {
                i += 1
            } else if i + 2 < bands.count, !separate(bands[i + 1], bands[i + 2]),
                      bands[i + 2].top - bands[i + 1].bottom < bands[i + 1].top - bands[i].bottom {
                // A band that is no line of its own between two lines goes with the nearer one:
                // the detached bar of a 5 on the lower line lies just above that line's digits,
                // and joined to the line above it made one digit with a 7 there (9817 / 1557
                // read "9811 / 1557").
                bands[i + 2].absorb(bands[i + 1])
                bands.remove(at: i + 1)
            } else {
                bands[i].absorb(bands[i + 1])
                bands.remove(at: i + 1)
                i = max(0, i - 1)
            }
        }
        return bands.map(\.members)
    }

    /// Two bands are separate lines when their heights are alike (a detached bar or flag of
    /// a 5 or 7 is much flatter than its digit), a clear gap parts them (a quarter of a line's
    /// height: people leave more between lines; a stroke whose faint middle dropped out leaves
    /// less), each holds a piece shaped like a digit rather than like an arc (arcs are wide and
    /// flat), and they are not the halves of the same digits (see `halves`).
    /// Between two rows of digits that do not stand piece over piece (`rowOfDigits`,
    /// `stacked`) an eighth of a line's height is gap enough: lines written close together
    /// left a fifth, and were read as one line whose stacked digits merged (94 above 060 read
    /// "860"); the pieces of strokes whose faint middles dropped out stand over each other.
    /// Rows whose whole digits stand right over each other (`wholeDigitsStacked`) need only a
    /// twelfth: a tenth apart, "12" over "34" read "13" (walkthrough, session 25).
    /// Unless both are such rows, no piece of the one may stand right on a piece of the other,
    /// as the parts of one digit do (`joinedAcross`).
    static func separate(_ a: Band, _ b: Band) -> Bool {
        let low = min(a.height, b.height), high = max(a.height, b.height)
        // Typical bottom of the upper line to typical top of the lower one.
        let gap = b.top - a.bottom
        let rows = gap > 0 && rowOfDigits(a) && rowOfDigits(b)
        let clear = gap * 4 >= low || (rows && gap * 8 >= low && !stacked(a, b)) || (rows && gap * 12 >= low && wholeDigitsStacked(a, b))
        return low * 2 >= high && clear && digitShaped(a) && digitShaped(b) && !halves(a, b)
            && (rows || !joinedAcross(a, b, low: low))
    }

    /// Whether a piece of the one band stands right on a piece of the other: sharing half the
    /// narrower one's columns, rows less than a quarter of a line's height apart, together
    /// at most twice as tall as wide (one digit's shape). A thin-pen 3 whose top stroke meets
    /// its bowl at a point came apart there; the bowl's broken-off tail put the lower band's
    /// typical top far down, and the 3 was read as "7" over "2" (red team thin_canvas/3_84).
    /// Lines that are rows of digits are judged by their gap alone (`separate`). Only
    /// digit-shaped pieces (`isDigitShaped`): a 4's bar written apart, under it a 7 on a line of
    /// its own, would join the two lines (review 35).
    static func joinedAcross(_ a: Band, _ b: Band, low: Int) -> Bool {
        let lower = b.members.filter(isDigitShaped)
        return a.members.filter(isDigitShaped).contains { p in
            lower.contains { q in
                let width = max(p.box.x + p.box.width, q.box.x + q.box.width) - min(p.box.x, q.box.x)
                let height = max(p.box.y + p.box.height, q.box.y + q.box.height) - min(p.box.y, q.box.y)
                let rowGap = max(p.box.y, q.box.y) - min(p.box.y + p.box.height, q.box.y + q.box.height)
                return Segment.overlapInX(p.box, q.box) * 2 >= min(p.box.width, q.box.width) && rowGap * 4 < low && height <= 2 * width
            }
        }
    }

    /// Two digit-shaped pieces of the band side by side, sharing no column.
    static func rowOfDigits(_ band: Band) -> Bool {
        let shaped = band.members.filter(isDigitShaped)
        return shaped.indices.contains { i in shaped[(i + 1)...].contains { Segment.overlapInX(shaped[i].box, $0.box) <= 0 } }
    }

    /// Whether every digit-shaped piece of each band shares three quarters of the narrower's
    /// columns with some piece of the other: right above it, as the halves of a broken stroke
    /// are (digits on two lines are rarely written column for column).
    static func stacked(_ a: Band, _ b: Band) -> Bool {
        func over(_ p: Segment.Component, _ band: Band) -> Bool {
            band.members.contains { q in Segment.overlapInX(p.box, q.box) * 4 >= min(p.box.width, q.box.width) * 3 }
        }
        return a.members.filter(isDigitShaped).allSatisfy { over($0, b) } && b.members.filter(isDigitShaped).allSatisfy { over($0, a) }
    }

    /// Whether some piece of the one band stands over a piece of the other that together make
    /// a box three and a half times as tall as wide, each of them at least as tall as wide and
    /// not a thin stroke: two whole digits, one above the other. The halves of one broken digit
    /// make its own box (rarely so tall: a narrow 7 broken at its middle, 3.3 times, is one
    /// line; review), the halves of a broken 1 are thin.
    static func wholeDigitsStacked(_ a: Band, _ b: Band) -> Bool {
        let lower = b.members.filter(\.box.hasWholeDigitShape)
        return a.members.filter(\.box.hasWholeDigitShape).contains { p in
            lower.contains { q in
                let width = max(p.box.x + p.box.width, q.box.x + q.box.width) - min(p.box.x, q.box.x)
                let height = max(p.box.y + p.box.height, q.box.y + q.box.height) - min(p.box.y, q.box.y)
                return Segment.overlapInX(p.box, q.box) * 4 >= min(p.box.width, q.box.width) * 3 && height * 2 >= width * 7
            }
        }
    }

    /// Whether every piece of each band has a partner in the other that shares its columns
    /// (half the narrower's width) and together with it is at most twice as tall as wide: the
    /// upper and lower halves of rings or 8s broken across. Two digits stacked on two lines
    /// make a box more than twice as tall as wide (2 digit heights and a gap, over one width).
    static func halves(_ a: Band, _ b: Band) -> Bool {
        func partnered(_ p: Segment.Component, in band: Band) -> Bool {
            band.members.contains { q in
                let overlap = min(p.box.x + p.box.width, q.box.x + q.box.width) - max(p.box.x, q.box.x)
                let width = max(p.box.x + p.box.width, q.box.x + q.box.width) - min(p.box.x, q.box.x)
                let height = max(p.box.y + p.box.height, q.box.y + q.box.height) - min(p.box.y, q.box.y)
                return overlap * 2 >= min(p.box.width, q.box.width) && height <= 2 * width
            }
        }
        return a.members.allSatisfy { partnered($0, in: b) } && b.members.allSatisfy { partnered($0, in: a) }
    }

    /// Some piece of the band is at least 0.7 times as tall as it is wide (arcs are flatter).
    static func digitShaped(_ band: Band) -> Bool { band.members.contains(where: isDigitShaped) }

    static func isDigitShaped(_ c: Segment.Component) -> Bool { c.box.height * 10 >= c.box.width * 7 }
}
