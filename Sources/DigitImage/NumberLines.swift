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
    /// The steepest drift across per pixel along a line may have (about 11°): a pen line drawn
    /// under a number by hand, in a photo taken a little askew, slants more than a page's
    /// printed lines do (`TiltedLines.maxSlope`; red team, underline: "9433", "4302").
    static let maxSlope: Float = 0.2
    /// For a line with ink on one side only whose digits come apart without it (`isLine`).
    static let lengthOverHeightOneSide: Float = 1.0
    /// And how much longer than it is thick (a short dash or a blot is no line).
    static let lengthOverThickness = 8
    /// Columns the lines are looked for from (spread over the picture): a line of a few digits
    /// crosses several.
    static let startColumns = 24

    /// Removes the lines' thin pixels from `ink` (0…1, ink bright) — where a stroke crosses one
    /// (thicker there), the stroke stays; whether anything was removed.
    /// `margin`: the paper `FramePadding` put around the picture; `shade`: see `takeOut`.
    static func remove(_ ink: inout FloatImage, margin: Int = 0, shade: ByteImage? = nil) -> Bool {
        takeOut(&ink, shade: shade) { px, w, h in
            let lines = find(px, width: w, height: h, margin: margin)
            return lines + uprights(between: lines, px, width: w, height: h)
        }
    }

    /// Takes the thin spans (`thinSpans`) of the lines `find` gives out of `ink`, all at once
    /// once every line is found; whether anything was removed. The one way NumberLines,
    /// FormBoxes and CombLines remove what they find (`duplicates`, session 32). A digit's
    /// stroke lying along a horizontal line stays: a ring's bottom (`RingBottoms`), and, with
    /// `shade` (the picture, dark ink on light paper, as big as `ink`), a stroke in another ink
    /// than the line's (`StrokesAlongLines`).
    static func takeOut(_ ink: inout FloatImage, shade: ByteImage? = nil,
                        _ find: (UnsafeBufferPointer<Float>, _ width: Int, _ height: Int) -> [TiltedLines.Line]) -> Bool {
        let w = ink.width, h = ink.height
        guard ink.hasUInt32Indices else { return false }
        var gone: [UInt32] = []
        ink.pixels.withUnsafeBufferPointer { px in
            let lines = find(px, w, h)
            var spans = lines.map { thinSpans($0, px, width: w, height: h) }
            // A ring's bottom lying along a line stays with the ring (`RingBottoms`).
            if lines.contains(where: \.horizontal) {
                var all = Set<Int>()
                for (line, s) in zip(lines, spans) {
                    for span in s { for c in span.across { all.insert(line.horizontal ? c * w + span.k : span.k * w + c) } }
                }
                for i in lines.indices where lines[i].horizontal {
                    let contacts = RingBottoms.contacts(spans[i], of: lines[i], px, width: w, height: h, gone: all)
                    spans[i] = RingBottoms.keeping(spans[i], of: lines[i], px, width: w, height: h, gone: all, contacts: contacts)
                    // A stroke lying along it in another ink stays too (`StrokesAlongLines`).
                    if let shade, shade.width == w, shade.height == h {
                        spans[i] = StrokesAlongLines.keeping(spans[i], of: lines[i], gray: shade, contacts: contacts.flatMap(\.runs))
                    }
                }
            }
            for (line, s) in zip(lines, spans) {
                for span in s {
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
        // Then the steeper lines only: followed with the wider slope from the start, a line the
        // first walk found could bend onto a stroke touching it (a 9's top on a box's top).
        let steep = TiltedLines.Walker(px: px, width: w, height: h, horizontal: true, limit: limit, maxSlope: maxSlope)
        for line in traceAll(steep, from: startColumns, margin: margin) where abs(slope(line)) > TiltedLines.maxSlope {
            if !traced.contains(where: { shareSpan($0, line) }) { traced.append(line) }
        }
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
                // A tilted row's sides lean as its top and bottom slant: at mid-height a side
                // lies up to half the gap times the slope off the nearer end, and the ends
                // of top and bottom lie as far apart (red team form_boxes/302_70).
                let lean = Int((Float(gap) * max(abs(slope(a)), abs(slope(b)))).rounded(.up))
                let reach = max(3, gap / 8), slack = max(3, 2 * thick) + lean
                let mid = (gapTop + gapBottom) / 2
                for run in walker.thinRuns(at: mid) where run.lowerBound >= x0 - slack && run.upperBound <= x1 + slack + 1 {
                    let start = TiltedLines.Span(k: mid, across: run)
                    guard !found.contains(where: { NumberLines.holds($0, start) }),
                          let side = walker.trace(from: start, margin: 0), let s0 = side.spans.first, let s1 = side.spans.last,
                          side.median <= thick + 1 else { continue }
                    // Its ends against the top and bottom where it meets them: a tilted row's
                    // top lies lower at one end than at its middle, by up to the lean (red team
                    // form_boxes: the end sides of rows turned 2-3° stayed, read as 1s).
                    guard let ta = centre(a, at: (s0.across.lowerBound + s0.across.upperBound - 1) / 2),
                          let cbEnd = centre(b, at: (s1.across.lowerBound + s1.across.upperBound - 1) / 2),
                          s0.k <= ta + thick / 2 + 1 + reach, s1.k >= cbEnd - thick / 2 - 1 - reach else { continue }
                    found.append(side)
                }
            }
        }
        return found
    }

    /// The drift across per pixel along from `line`'s first span to its last.
    static func slope(_ line: TiltedLines.Line) -> Float {
        guard let a = line.spans.first, let b = line.spans.last, b.k > a.k else { return 0 }
        let ca = a.across.lowerBound + a.across.upperBound, cb = b.across.lowerBound + b.across.upperBound
        return Float(cb - ca) / Float(2 * (b.k - a.k))
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
        let top = line.acrossRange.lowerBound, bottom = line.acrossRange.upperBound
        let t = Preprocess.faintThreshold
        // The columns are looked at a little past the line's ends too (`ext`): for whether it
        // runs past the ink it joins, and for the digits standing at its ends (a thick stroke
        // stops the trace: the first and last digit of a number the line is as long as).
        let ext = max(3, 2 * line.median)
        let lo = max(0, first - ext), hi = min(w - 1, last + ext)
        func inked(_ y: Int) -> Bool {
            let row = y * w
            for x in lo...hi where px[row + x] > t && !own.contains(row + x) { return true }
            return false
        }
        /// The farthest inked rows above and below the line within `reach` (ink within the
        /// line's own rows, a digit it crosses, counts as its height too).
        func extent(_ reach: Int) -> (above: Int, below: Int) {
            ((max(0, top - reach)...top).first(where: inked) ?? top,
             (bottom...min(h - 1, bottom + reach)).reversed().first(where: inked) ?? bottom)
        }
        var reach = Int(Float(length) / lengthOverHeight)
        var (above, below) = extent(reach)
        // A line with ink on one side only (under a number or over it) may be shorter: as long
        // as the number is tall, when the digits it joins come apart without it (`separates`
        // below). A 4's or a continental 7's bar, as long, has its stem on both sides, and a
        // 7's top bar its stem below, longer than the bar (red team, underline: "41" and a
        // felt-tip "51" underlined as long as they are wide).
        let short = Float(below - above + 1) * lengthOverHeight > Float(length)
        if short {
            reach = Int(Float(length) / lengthOverHeightOneSide)
            (above, below) = extent(reach)
            guard above >= top || below <= bottom, Float(below - above + 1) * lengthOverHeightOneSide <= Float(length)
            else { return false }
        }
        // And two pieces of ink or more stand side by side over it (the digits of a number): a
        // wide 7's bar (red team glare/7_99) is longer than its digit is tall, but over its
        // columns stands one piece, its stem. (A line under a single digit stays.)
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
        // Pieces over the line or standing at its ends (`pieces`; a thick stroke stops its trace),
        // and those it crosses whole: ink beside neither of its ends.
        var pieces = 0, crossed = 0, run = 0, runTop = Int.max, runBottom = Int.min
        for x in lo...(hi + 1) {
            if x <= hi, let rows = rowsOf[x - lo] {
                run += 1
                runTop = min(runTop, rows.0)
                runBottom = max(runBottom, rows.1)
                continue
            }
            let start = x - run
            if run >= least && max(0, top - runTop) + max(0, runBottom - bottom) >= reachBeyond && x - 1 >= first - ext && start <= last + ext {
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
        if !short && (pastLeft || pastRight || crossed >= 2) { return true }
        // A line drawn as long as the number (its ends under the first and the last digit's
        // strokes) does neither; but the digits it joins come apart without it, where a ring's
        // sides stay joined by the rest of the ring (red team, underline: "53", "733", "947").
        return separates(line, px, width: w, height: h, own: own, rows: above...below, reach: reach,
                         least: least, beyond: reachBeyond, ext: ext)
    }

    /// Whether, once `line`'s thin spans (`thinSpans`) and the other lines' `own` pixels are
    /// gone, two separate pieces of ink or more stand over it (or within `ext` of its ends),
    /// each `least` columns wide and reaching `beyond` past its rows. Looked at within `rows`
    /// and `reach` past its ends: all the ink a line that passed the length test can be joined
    /// to there.
    static func separates(_ line: TiltedLines.Line, _ px: UnsafeBufferPointer<Float>, width w: Int, height h: Int,
                          own: Set<Int>, rows: ClosedRange<Int>, reach: Int, least: Int, beyond: Int, ext: Int) -> Bool {
        guard line.horizontal, let first = line.spans.first?.k, let last = line.spans.last?.k else { return false }
        let x0 = max(0, first - reach), x1 = min(w - 1, last + reach)
        let ww = x1 - x0 + 1, wh = rows.count
        let t = Preprocess.faintThreshold
        // 1: ink left once the line is gone; 0: paper or the line; 2: a piece already counted
        // (one byte a pixel: the region can be a large photo's; review, session 34).
        var cell = [UInt8](repeating: 0, count: ww * wh)
        for y in rows {
            let row = y * w
            for x in x0...x1 where px[row + x] > t && !own.contains(row + x) { cell[(y - rows.lowerBound) * ww + x - x0] = 1 }
        }
        for span in thinSpans(line, px, width: w, height: h) where span.k >= x0 && span.k <= x1 {
            for y in span.across where rows.contains(y) { cell[(y - rows.lowerBound) * ww + span.k - x0] = 0 }
        }
        let top = line.acrossRange.lowerBound, bottom = line.acrossRange.upperBound
        var standing = 0, stack: [Int] = []
        for start in cell.indices where cell[start] == 1 {
            cell[start] = 2
            stack.append(start)
            var minX = Int.max, maxX = Int.min, minY = Int.max, maxY = Int.min
            while let i = stack.popLast() {
                let x = i % ww, y = i / ww
                minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
                for yy in max(0, y - 1)...min(wh - 1, y + 1) {
                    for xx in max(0, x - 1)...min(ww - 1, x + 1) where cell[yy * ww + xx] == 1 {
                        cell[yy * ww + xx] = 2
                        stack.append(yy * ww + xx)
                    }
                }
            }
            let y0 = minY + rows.lowerBound, y1 = maxY + rows.lowerBound
            guard maxX - minX + 1 >= least, minX + x0 <= last + ext, maxX + x0 >= first - ext,
                  max(0, top - y0) + max(0, y1 - bottom) >= beyond else { continue }
            standing += 1
            if standing >= 2 { return true }
        }
        return false
    }
}
