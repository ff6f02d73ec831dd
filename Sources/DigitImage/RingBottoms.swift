/// A digit's round bottom lying along a line under it (a 0, 6 or 8 resting on an underline or on
/// a form box's bottom), or a round top along a line over it: the line's thin spans take the
/// ring's own bottom with them, and the ring opens ("6" read as "h", "0" as "(" and ")": red
/// team, underline, seed 1: 7 of 19 misses). Where the line goes, the strokes that stood on it
/// meet it at contacts. A ring's two sides are one stroke over the line: joined over its top,
/// within about its own width (`joined`); two neighbouring digits are not, or only far off.
/// Between two neighbouring contacts so joined the line stays: what lies there is the ring's
/// bottom (and a 3's or a 2's, when its foot's end turns up to the line again).
enum RingBottoms {
    /// `spans` (the thin spans of `line`, to be removed) without those between two contacts of a
    /// ring's sides, on either side of the line (`contacts`: the line's, above and below).
    static func keeping(_ spans: [TiltedLines.Span], of line: TiltedLines.Line, _ px: UnsafeBufferPointer<Float>,
                        width w: Int, height h: Int, gone: Set<Int>, contacts: [(side: Int, runs: [Contact])]) -> [TiltedLines.Span] {
        guard line.horizontal, px.count == w * h else { return spans }
        var kept: [Range<Int>] = []
        for (side, runs) in contacts {
            for (a, b) in zip(runs, runs.dropFirst()) {
                // A ring is about as tall as it is wide: joined further off is another shape.
                let reach = 2 * (b.ks.upperBound - a.ks.lowerBound)
                if joined(a, b, px, width: w, height: h, gone: gone, side: side, height: reach) {
                    kept.append(a.ks.lowerBound..<b.ks.upperBound)
                }
            }
        }
        guard !kept.isEmpty else { return spans }
        return spans.filter { s in !kept.contains { $0.contains(s.k) } }
    }

    /// The contacts (`contactRuns`) of horizontal `line` above it (side -1) and below (1).
    /// `gone`: every pixel about to be removed (all lines'), which is no contact.
    static func contacts(_ spans: [TiltedLines.Span], of line: TiltedLines.Line, _ px: UnsafeBufferPointer<Float>,
                         width w: Int, height h: Int, gone: Set<Int>) -> [(side: Int, runs: [Contact])] {
        guard line.horizontal, spans.count >= 3, px.count == w * h else { return [] }
        let sorted = spans.sorted { $0.k < $1.k }
        return [-1, 1].map { side in
            // Runs closer than the line is thick are one stroke's, broken by grain: a ring's
            // sides stand a hole apart (kept between, a stroke's contact left a stub of line).
            var runs: [Contact] = []
            for c in contactRuns(sorted, px, width: w, height: h, gone: gone, side: side) {
                if let last = runs.last, c.ks.lowerBound - last.ks.upperBound <= line.median {
                    runs[runs.count - 1].ks = last.ks.lowerBound..<c.ks.upperBound
                } else {
                    runs.append(c)
                }
            }
            return (side, runs)
        }
    }

    /// Where ink meets the line from one side (`side` -1: above, 1: below): the positions along
    /// it whose pixel just beyond the span's edge is ink that stays, in runs of neighbouring
    /// positions, with the row each run's middle meets the line at.
    struct Contact {
        var ks: Range<Int>
        var edge: Int
    }

    static func contactRuns(_ spans: [TiltedLines.Span], _ px: UnsafeBufferPointer<Float>, width w: Int, height h: Int,
                            gone: Set<Int>, side: Int) -> [Contact] {
        var runs: [Contact] = []
        var start: TiltedLines.Span? = nil, previous: TiltedLines.Span? = nil
        func close() {
            guard let s = start, let p = previous else { return }
            let mid = (s.k + p.k) / 2
            let at = spans.min { abs($0.k - mid) < abs($1.k - mid) } ?? s
            runs.append(Contact(ks: s.k..<(p.k + 1), edge: side < 0 ? at.across.lowerBound - 1 : at.across.upperBound))
        }
        for s in spans {
            let c = side < 0 ? s.across.lowerBound - 1 : s.across.upperBound
            // Straight or diagonally beyond the edge: a stroke leaving the line at a slant
            // meets its last span at a corner.
            let touching = c >= 0 && c < h && (s.k - 1...s.k + 1).contains { x in
                x >= 0 && x < w && px[c * w + x] > Preprocess.faintThreshold && !gone.contains(c * w + x)
            }
            if touching, let p = previous, start != nil, s.k == p.k + 1 {
                previous = s
                continue
            }
            close()
            start = touching ? s : nil
            previous = touching ? s : nil
        }
        close()
        return runs
    }

    /// Whether the ink that meets the line at `a` and at `b` (a before b along it) is one
    /// stroke over the line's `side`: joined within the columns from `a` to `b` (a ring's
    /// sides, over its top; a 2's stroke and its foot's end) and within `height` rows of the
    /// line. Two neighbouring digits are joined, if at all, beyond those columns or not at all.
    static func joined(_ a: Contact, _ b: Contact, _ px: UnsafeBufferPointer<Float>, width w: Int, height h: Int,
                       gone: Set<Int>, side: Int, height reach: Int) -> Bool {
        // A ring's sides bulge out past where they meet the line (a 6's loop on it is a "∆").
        let slack = (b.ks.upperBound - a.ks.lowerBound) / 4
        let x0 = max(0, a.ks.lowerBound - slack), x1 = min(w - 1, b.ks.upperBound - 1 + slack)
        let y0 = side < 0 ? max(0, min(a.edge, b.edge) - reach) : min(a.edge, b.edge)
        let y1 = side < 0 ? max(a.edge, b.edge) : min(h - 1, max(a.edge, b.edge) + reach)
        guard x1 > x0, y1 >= y0 else { return false }
        let bw = x1 - x0 + 1
        var seen = [Bool](repeating: false, count: bw * (y1 - y0 + 1))
        func ink(_ x: Int, _ y: Int) -> Bool { px[y * w + x] > Preprocess.faintThreshold && !gone.contains(y * w + x) }
        var stack: [(Int, Int)] = []
        // A contact's stroke may meet it at a corner (`contactRuns`): one column either side.
        for x in (a.ks.lowerBound - 1)...a.ks.upperBound where x >= x0 && x <= x1 && a.edge >= y0 && a.edge <= y1 && ink(x, a.edge) {
            seen[(a.edge - y0) * bw + x - x0] = true
            stack.append((x, a.edge))
        }
        while let (x, y) = stack.popLast() {
            if x >= b.ks.lowerBound - 1 && x <= b.ks.upperBound && abs(y - b.edge) <= 1 { return true }
            for yy in max(y0, y - 1)...min(y1, y + 1) {
                for xx in max(x0, x - 1)...min(x1, x + 1) where !seen[(yy - y0) * bw + xx - x0] && ink(xx, yy) {
                    seen[(yy - y0) * bw + xx - x0] = true
                    stack.append((xx, yy))
                }
            }
        }
        return false
    }
}
