/// Straight lines beside a number that do not cross the picture: a pen line under it, a ruled
/// line that ends short of the frame (or of the paper put around the picture: `FramePadding`),
/// the top and bottom of a form's row of boxes, the baseline of a comb. `GridLines` only takes
/// lines that cross nearly the whole picture; these stayed, and joined every digit they touch
/// into one piece (walkthrough: "42" underlined read "3"; red team, underline 10 of 100, form
/// boxes 16 of 100). A nearly horizontal run of thin ink is such a line when it is much longer
/// than the ink beside it is tall: under or through a number of two digits or more it is
/// longer than the digits are high, where a digit's own flat strokes (a 7's bar, a 2's foot,
/// a 5's flag) are shorter than the digit they belong to.
enum NumberLines {
    /// How much longer than the ink over its columns is tall a line must be: a 7's bar or a 2's
    /// foot is at most about as long as its digit is tall; a line under two digits 1.5-2.5 times.
    static let lengthOverHeight: Float = 1.4
    /// And how much longer than it is thick (a short dash or a blot is no line).
    static let lengthOverThickness = 8
    /// Columns the lines are looked for from (spread over the picture): a line of a few digits
    /// crosses several.
    static let startColumns = 24

    /// Removes the lines' thin pixels from `ink` (0…1, ink bright) — where a stroke crosses one
    /// (thicker there), the stroke stays; whether anything was removed.
    /// `margin`: the paper `FramePadding` put around the picture.
    static func remove(_ ink: inout FloatImage, margin: Int = 0) -> Bool {
        takeOut(&ink) { px, w, h in
            let lines = find(px, width: w, height: h, margin: margin)
            return lines + uprights(between: lines, px, width: w, height: h)
        }
    }

    /// Takes the thin spans (`thinSpans`) of the lines `find` gives out of `ink`, all at once
    /// once every line is found; whether anything was removed. The one way NumberLines,
    /// FormBoxes and CombLines remove what they find (`duplicates`, session 32).
    static func takeOut(_ ink: inout FloatImage,
                        _ find: (UnsafeBufferPointer<Float>, _ width: Int, _ height: Int) -> [TiltedLines.Line]) -> Bool {
        let w = ink.width, h = ink.height
        guard ink.hasUInt32Indices else { return false }
        var gone: [UInt32] = []
        ink.pixels.withUnsafeBufferPointer { px in
            for line in find(px, w, h) {
                for span in thinSpans(line, px, width: w, height: h) {
                    for c in span.across { gone.append(UInt32(truncatingIfNeeded: line.horizontal ? c * w + span.k : span.k * w + c)) }
                }
            }
        }
        guard !gone.isEmpty else { return false }
        ink.pixels.withUnsafeMutableBufferPointer { p in for i in gone { p[Int(i)] = 0 } }
        return true
    }

    /// Every thin straight run `walker` follows from the thin runs met at `count - 1` positions
    /// spread along its axis (at most `TiltedLines.maxStarts` at one), a run already on a line
    /// not followed again. A line a little bent leaves the straight fit and is followed in
    /// pieces from the positions it crosses: pieces sharing a span are one line. NumberLines'
    /// lines and FormBoxes' sides are found this way (`duplicates`, session 32).
    static func traceAll(_ walker: TiltedLines.Walker, from count: Int, margin: Int) -> [TiltedLines.Line] {
        let inner = walker.length - 2 * margin
        var traced: [TiltedLines.Line] = []
        for j in 1..<count {
            let k0 = margin + inner * j / count
            let starts = walker.thinRuns(at: k0)
            guard starts.count <= TiltedLines.maxStarts else { continue }
            for start in starts {
                let span = TiltedLines.Span(k: k0, across: start)
                guard !traced.contains(where: { holds($0, span) }), let line = walker.trace(from: span, margin: margin) else { continue }
                var merged = line
                for i in traced.indices.reversed() where shareSpan(traced[i], merged) {
                    merged = union(traced[i], merged)
                    traced.remove(at: i)
                }
                traced.append(merged)
            }
        }
        return traced
    }

    /// The lines of `px` (w×h, row-major, ink bright): followed from the thin runs of a few
    /// columns (`TiltedLines.Walker`, at most a 12th of the picture's short side thick — a
    /// felt-tip underline is thicker than a ruled line), kept when long beside their thickness
    /// and beside the height of the ink over their columns (`isLine`).
    static func find(_ px: UnsafeBufferPointer<Float>, width w: Int, height h: Int, margin: Int) -> [TiltedLines.Line] {
        let innerW = w - 2 * margin, innerH = h - 2 * margin
        guard innerW >= 48, innerH > 0, px.count == w * h else { return [] }
        let limit = max(GridLines.thicknessLimit(innerW, innerH), min(innerW, innerH) / 12)
        let walker = TiltedLines.Walker(px: px, width: w, height: h, horizontal: true, limit: limit)
        var traced = traceAll(walker, from: startColumns, margin: margin)
        traced = traced.filter { line in
            guard let first = line.spans.first?.k, let last = line.spans.last?.k else { return false }
            return last - first + 1 >= max(48, lengthOverThickness * line.median)
        }
        guard !traced.isEmpty else { return [] }
        // The lines' own thin pixels are not the ink beside them (two ruled lines a digit apart
        // would each make the other's height).
        var own = Set<Int>()
        for line in traced { for span in line.spans { for c in span.across { own.insert(c * w + span.k) } } }
        return traced.filter { isLine($0, px, width: w, height: h, own: own) }
    }

    /// The thin runs of ink across `line` at every position along it, and past its ends while
    /// it goes on: the traced spans are only those that lay on its straight fit, and a thick pen
    /// line's centre wanders further (left in, the rest stood under the digits as a comb).
    /// Thin: at most a quarter thicker than the line's median (a stroke crossing it is thicker).
    static func thinSpans(_ line: TiltedLines.Line, _ px: UnsafeBufferPointer<Float>, width w: Int, height h: Int) -> [TiltedLines.Span] {
        guard let first = line.spans.first, let last = line.spans.last else { return [] }
        let thinAt = max(GridLines.maxThickness, line.median + line.median / 4 + 1)
        let walker = TiltedLines.Walker(px: px, width: w, height: h, horizontal: line.horizontal, limit: thinAt)
        let along = walker.length, across = walker.across
        let reach = line.median / 2 + 2
        func centre(_ s: TiltedLines.Span) -> Int { (s.across.lowerBound + s.across.upperBound - 1) / 2 }
        /// The run at position k nearest `c` (within `reach`), if any.
        func run(_ k: Int, near c: Int) -> TiltedLines.Span? {
            for d in [0] + (1...reach).flatMap({ [-$0, $0] }) where c + d >= 0 && c + d < across && walker.inked(k, c + d) {
                return TiltedLines.Span(k: k, across: walker.run(k, through: c + d))
            }
            return nil
        }
        /// Where a stroke meets the line from one side only (a digit standing on it, a ring's
        /// bottom lying along it), the line's own rows (as thick as it, about `c`) go: left in,
        /// they stood under the digit as a stub. A stroke crossing it (ink beyond both of its
        /// edges) stays whole.
        let half = line.median / 2 + 1
        func lineRows(_ k: Int, near c: Int) -> TiltedLines.Span? {
            guard let r = run(k, near: c) else { return nil }
            if r.across.count <= thinAt { return r }
            let band = max(0, c - half)..<min(across, c + half + 1)
            guard r.across.lowerBound >= band.lowerBound || r.across.upperBound <= band.upperBound else { return nil }
            let rows = r.across.clamped(to: band)
            return rows.isEmpty ? nil : TiltedLines.Span(k: k, across: rows)
        }
        var out: [TiltedLines.Span] = []
        // Between the traced spans: the centre interpolated between the neighbours.
        for (a, b) in zip(line.spans, line.spans.dropFirst()) {
            out.append(a)
            guard b.k - a.k > 1 else { continue }
            for k in (a.k + 1)..<b.k {
                let c = centre(a) + (centre(b) - centre(a)) * (k - a.k) / (b.k - a.k)
                if let s = lineRows(k, near: c) { out.append(s) }
            }
        }
        out.append(last)
        // Past the ends, along the line's slope while it goes on (not up a digit's slanted
        // stroke that meets its end).
        let slope = Float(centre(last) - centre(first)) / Float(max(1, last.k - first.k))
        // Through a stroke that crosses it (thicker there, as wide as a few lines are thick).
        let maxThick = max(8, 3 * line.median)
        for (end, step) in [(first, -1), (last, 1)] {
            var k = end.k + step, thick = 0
            while k >= 0 && k < along {
                let c = centre(end) + Int((slope * Float(k - end.k)).rounded())
                guard let s = run(k, near: c) else { break }
                if s.across.count <= thinAt {
                    out.append(s)
                    thick = 0
                } else {
                    if let rows = lineRows(k, near: c) { out.append(rows) }
                    thick += 1
                    if thick > maxThick { break }
                }
                k += step
            }
        }
        return out
    }

    /// The upright sides of a form's row of boxes: thin upright lines from one of `lines` to
    /// another below it (the row's top and bottom, both taken), as thin as they are. Left in,
    /// each side stood alone between the digits once the top and bottom were gone, and was read
    /// as a 1 (red team, form boxes). A digit's upright stroke that touches both (a 1 as tall as
    /// its box) is drawn with the pen, thicker than a printed box's lines, and stays.
    static func uprights(between lines: [TiltedLines.Line], _ px: UnsafeBufferPointer<Float>, width w: Int, height h: Int) -> [TiltedLines.Line] {
        var found: [TiltedLines.Line] = []
        func centre(_ line: TiltedLines.Line, at k: Int) -> Int? {
            guard let s = line.spans.min(by: { abs($0.k - k) < abs($1.k - k) }) else { return nil }
            return (s.across.lowerBound + s.across.upperBound - 1) / 2
        }
        for a in lines where a.horizontal {
            for b in lines where b.horizontal && b.acrossRange.lowerBound > a.acrossRange.upperBound {
                guard let a0 = a.spans.first?.k, let a1 = a.spans.last?.k, let b0 = b.spans.first?.k, let b1 = b.spans.last?.k
                else { continue }
                // Top and bottom of one row: lying over each other for most of their lengths.
                let x0 = max(a0, b0), x1 = min(a1, b1)
                guard x1 - x0 + 1 >= min(a1 - a0, b1 - b0) * 3 / 4 else { continue }
                let xm = (x0 + x1) / 2
                guard let ca = centre(a, at: xm), let cb = centre(b, at: xm) else { continue }
                let thick = max(a.median, b.median)
                let gapTop = ca + thick / 2 + 1, gapBottom = cb - thick / 2 - 1
                let gap = gapBottom - gapTop
                guard gap >= 4 * thick, gap <= x1 - x0 else { continue }
                let walker = TiltedLines.Walker(px: px, width: w, height: h, horizontal: false, limit: thick + thick / 2 + 2)
                let reach = max(3, gap / 8), slack = max(3, 2 * thick)
                let mid = (gapTop + gapBottom) / 2
                for run in walker.thinRuns(at: mid) where run.lowerBound >= x0 - slack && run.upperBound <= x1 + slack + 1 {
                    let start = TiltedLines.Span(k: mid, across: run)
                    guard !found.contains(where: { NumberLines.holds($0, start) }),
                          let side = walker.trace(from: start, margin: 0), let top = side.spans.first?.k, let bottom = side.spans.last?.k,
                          top <= gapTop + reach, bottom >= gapBottom - reach, side.median <= thick + 1 else { continue }
                    found.append(side)
                }
            }
        }
        return found
    }

    /// Whether `line` has a span at `span`'s position overlapping it.
    static func holds(_ line: TiltedLines.Line, _ span: TiltedLines.Span) -> Bool {
        var lo = 0, hi = line.spans.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if line.spans[mid].k < span.k { lo = mid + 1 } else { hi = mid }
        }
        return line.spans.indices.contains(lo) && line.spans[lo].k == span.k && line.spans[lo].across.overlaps(span.across)
    }

    static func shareSpan(_ a: TiltedLines.Line, _ b: TiltedLines.Line) -> Bool {
        b.spans.contains { holds(a, $0) }
    }

    /// One line of both pieces' spans (`a`'s where both have one), in order along.
    static func union(_ a: TiltedLines.Line, _ b: TiltedLines.Line) -> TiltedLines.Line {
        let taken = Set(a.spans.map(\.k))
        let spans = (a.spans + b.spans.filter { !taken.contains($0.k) }).sorted { $0.k < $1.k }
        let widths = spans.map(\.across.count).sorted()
        let across = min(a.acrossRange.lowerBound, b.acrossRange.lowerBound)...max(a.acrossRange.upperBound, b.acrossRange.upperBound)
        return TiltedLines.Line(horizontal: a.horizontal, spans: spans, median: widths[widths.count / 2], acrossRange: across)
    }

    /// Whether `line` is at least `lengthOverHeight` times as long as the ink over its columns
    /// (besides the lines' `own` pixels) is tall, within that reach above and below it: the
    /// nearest inked row above the line and below it, scanned towards it.
    static func isLine(_ line: TiltedLines.Line, _ px: UnsafeBufferPointer<Float>, width w: Int, height h: Int, own: Set<Int>) -> Bool {
        guard let first = line.spans.first?.k, let last = line.spans.last?.k else { return false }
        let length = last - first + 1
        let reach = Int(Float(length) / lengthOverHeight)
        let top = line.acrossRange.lowerBound, bottom = line.acrossRange.upperBound
        let t = Preprocess.faintThreshold
        func inked(_ y: Int) -> Bool {
            let row = y * w
            for x in first...last where px[row + x] > t && !own.contains(row + x) { return true }
            return false
        }
        // Ink within the line's own rows (a digit it crosses) counts as its height too.
        let above = (max(0, top - reach)...top).first(where: inked) ?? top
        let below = (bottom...min(h - 1, bottom + reach)).reversed().first(where: inked) ?? bottom
        guard Float(below - above + 1) * lengthOverHeight <= Float(length) else { return false }
        // And two pieces of ink or more stand side by side over it (the digits of a number): a
        // wide 7's bar (red team glare/7_99) is longer than its digit is tall, but over its
        // columns stands one piece, its stem. (A line under a single digit stays.)
        // The columns are looked at a little past the line's ends too (`ext`), for whether it
        // runs past the ink it joins.
        let ext = max(3, 2 * line.median)
        let lo = max(0, first - ext), hi = min(w - 1, last + ext)
        // The rows each column's ink (besides the lines') reaches, nearest and farthest.
        var rowsOf = [(Int, Int)?](repeating: nil, count: hi - lo + 1)
        for y in above...below {
            let row = y * w
            for x in lo...hi where px[row + x] > t && !own.contains(row + x) {
                rowsOf[x - lo] = rowsOf[x - lo].map { (min($0.0, y), max($0.1, y)) } ?? (y, y)
            }
        }
        let columns = rowsOf.map { $0 != nil }
        let least = max(3, line.median)
        // A digit reaches well beyond the line's rows (a ring's grainy faint arc, traced in
        // part, leaves only the rest of its own thickness).
        let reachBeyond = max(2 * line.median + 2, length / 10)
        // Pieces over the line (`pieces`), and those it crosses whole: ink beside neither of its ends.
        var pieces = 0, crossed = 0, run = 0, runTop = Int.max, runBottom = Int.min
        for x in lo...(hi + 1) {
            if x <= hi, let rows = rowsOf[x - lo] {
                run += 1
                runTop = min(runTop, rows.0)
                runBottom = max(runBottom, rows.1)
                continue
            }
            let start = x - run
            if run >= least && max(0, top - runTop) + max(0, runBottom - bottom) >= reachBeyond && x - 1 >= first && start <= last {
                pieces += 1
                if start > first && x - 1 < last { crossed += 1 }
            }
            run = 0; runTop = Int.max; runBottom = Int.min
        }
        guard pieces >= 2 else { return false }
        // A ring's flat top or bottom is as long as the ring is wide and over it stand two
        // pieces (the ring's sides, once the top and bottom are taken), but its ends lie within
        // the ring: ink goes on beyond both. A line under or through a number runs past the
        // number at one end at least, or crosses two of its digits whole (a form's row of boxes,
        // whose sides stand at its ends).
        let pastLeft = !columns[0...(first - lo)].contains(true)
        let pastRight = !columns[(last - lo)...].contains(true)
        return pastLeft || pastRight || crossed >= 2
    }
}
