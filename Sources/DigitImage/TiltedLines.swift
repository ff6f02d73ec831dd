/// Ruled lines a few degrees off the picture's axes: a notebook's margin line or a page's
/// lines in a photo taken a little askew. `GridLines` finds a line as one row or column inked
/// along 9/10 of the picture; a 3-px line that drifts 4 px over the height has no such column
/// and stayed in, joining the digit it touches (red team, ruled paper: a 2, 3 or 8 beside a
/// tilted margin line read 6, 9 of 100 read wrong). Here a line is followed from a thin run of
/// ink, row by row, along the straight line fitted to it so far: it is a line when it runs
/// from one end of the picture to the other, thin over at least half of that, and never
/// further off the axis than `maxSlope`. Where a stroke crosses it (ink thicker than a line,
/// or off the fitted line) it is followed through, as `GridLines` keeps such strokes.
enum TiltedLines {
    /// The steepest drift across per pixel along (about 6°): a page photographed askew, not
    /// the slant of a handwritten 1 (often 10-20°).
    static let maxSlope: Float = 0.1
    /// Pixels a thin run's centre may lie off the fitted line (a 2-4 px line's centre moves by
    /// half a pixel where it steps sideways, and JPEG blurs it by about as much).
    static let maxOffset: Float = 1.5
    /// Positions to look across for the line's ink at each step, either side of the fitted line.
    static let searchReach = 2
    /// Most thin runs a starting row may hold: more is grain or hatching, not ruled lines
    /// (a bound on the work, too: each run starts one walk along the picture).
    static let maxStarts = 256

    /// The pixels across a line at position `k` along it (part of a row, for an upright line).
    struct Span: Equatable {
        var k: Int
        var across: Range<Int>
    }

    /// One line followed across the picture: its thin spans (in order along), and their median width.
    struct Line {
        var horizontal: Bool
        var spans: [Span]
        var median: Int
        var acrossRange: ClosedRange<Int>

        /// Whether the line runs through `span`: its own span nearest along lies within a few
        /// pixels of it, and within a line's width across.
        func passes(_ span: Span) -> Bool {
            var lo = 0, hi = spans.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if spans[mid].k < span.k { lo = mid + 1 } else { hi = mid }
            }
            func centre(_ s: Span) -> Float { Float(s.across.lowerBound + s.across.upperBound - 1) / 2 }
            return [lo - 1, lo].contains { i in
                guard spans.indices.contains(i) else { return false }
                let s = spans[i]
                return abs(s.k - span.k) <= 8
                    && abs(centre(s) - centre(span)) <= Float(s.across.count + span.across.count) / 2 + maxOffset + Float(abs(s.k - span.k)) * maxSlope
            }
        }
    }

    /// The lines in `px` (w×h, row-major, ink bright) that `straight` (the runs `GridLines`
    /// found in single rows and columns) does not already hold: followed from the thin runs
    /// (at most `limit` across) of the rows and columns at a quarter, half and three quarters
    /// of the picture inside `margin`; a line crossing nearly the whole picture crosses them.
    static func find(_ px: UnsafeBufferPointer<Float>, width w: Int, height h: Int, margin: Int, limit: Int,
                     besides straight: [GridLines.Run]) -> [Line] {
        guard w > 0, h > 0, px.count == w * h else { return [] }
        var found: [Line] = []
        for horizontal in [false, true] {
            let walker = Walker(px: px, width: w, height: h, horizontal: horizontal, limit: limit)
            let inner = max(1, walker.length - 2 * margin)
            guard inner >= 48 else { continue }
            var lines: [Line] = []
            for k0 in [margin + inner / 4, margin + inner / 2, margin + inner * 3 / 4] {
                let starts = walker.thinRuns(at: k0)
                guard starts.count <= maxStarts else { continue }
                // A run of a line `GridLines` holds is not followed again, nor one of a line
                // already followed: a line a little bent lies off its fit at the next position,
                // was followed again and counted twice (review, session 28; and each check was
                // a scan of every span found).
                for start in starts where !straight.contains(where: { $0.horizontal == horizontal && ($0.line - 1...$0.line + 1).overlaps(start) }) {
                    let span = Span(k: k0, across: start)
                    guard !lines.contains(where: { $0.passes(span) }), let line = walker.follow(from: span, margin: margin) else { continue }
                    lines.append(line)
                }
            }
            // A line that lies in one row or column is `GridLines`' own.
            found += lines.filter { line in
                !straight.contains { $0.horizontal == horizontal && ($0.line - 1...$0.line + 1).overlaps(line.acrossRange) }
            }
        }
        return found
    }

    /// The picture seen as lines of pixels along one axis: position `k` along, `c` across.
    struct Walker {
        let px: UnsafeBufferPointer<Float>
        let width: Int, horizontal: Bool, limit: Int
        /// Pixels along a line, and lines across.
        let length: Int, across: Int
        /// The steepest drift a line followed may have (`TiltedLines.maxSlope` for a page's lines).
        let maxSlope: Float

        init(px: UnsafeBufferPointer<Float>, width w: Int, height h: Int, horizontal: Bool, limit: Int,
             maxSlope: Float = TiltedLines.maxSlope) {
            self.px = px; width = w; self.horizontal = horizontal; self.limit = limit; self.maxSlope = maxSlope
            length = horizontal ? w : h
            across = horizontal ? h : w
        }

        func inked(_ k: Int, _ c: Int) -> Bool {
            px[horizontal ? c * width + k : k * width + c] > Preprocess.faintThreshold
        }

        /// The run of ink across through (k, c), reaching at most `limit` + 2 either side.
        func run(_ k: Int, through c: Int) -> Range<Int> {
            var a = c, b = c + 1
            while a > 0 && c - a <= limit + 1 && inked(k, a - 1) { a -= 1 }
            while b < across && b - c <= limit + 1 && inked(k, b) { b += 1 }
            return a..<b
        }

        /// The runs of ink across position `k` no wider than `limit`.
        func thinRuns(at k: Int) -> [Range<Int>] {
            var runs: [Range<Int>] = []
            var c = 0
            while c < across {
                guard inked(k, c) else { c += 1; continue }
                var end = c
                while end < across && inked(k, end) { end += 1 }
                if end - c <= limit { runs.append(c..<end) }
                c = end
            }
            return runs
        }

        /// The line through `start`, followed both ways along the straight line fitted to its
        /// thin spans; nil unless it runs from end to end of the picture (inside `margin`, up to
        /// a 50th of it short at either end), thin over at least half of that, within `maxSlope`.
        /// A tilted line may leave the picture through its top or bottom instead (for an
        /// upright line, a side): a page's ruled line photographed askew (red team,
        /// ruled_through: "28" and "629" on a page turned 3-5° read "no digit found", the line
        /// through them joining them to the frame); then it crosses at least half the picture.
        func follow(from start: Span, margin: Int) -> Line? {
            let inner = length - 2 * margin
            guard let line = trace(from: start, margin: margin), let first = line.spans.first, let last = line.spans.last
            else { return nil }
            let slack = max(3, inner / 50)
            let fromStart = first.k <= margin + slack, toEnd = last.k >= length - margin - 1 - slack
            if fromStart && toEnd { return line }
            // It left because it is tilted: carried on along its slope to the picture's end it
            // would be past the top or bottom (review, session 34: a flat 7's bar along the top
            // edge of a tight crop touches the edge too, and is no page line).
            let centre = { (s: Span) in Float(s.across.lowerBound + s.across.upperBound) / 2 }
            let slope = last.k > first.k ? (centre(last) - centre(first)) / Float(last.k - first.k) : 0
            func leaves(_ s: Span, towards end: Int) -> Bool {
                let p = centre(s) + slope * Float(end - s.k)
                return (s.across.lowerBound <= margin + 1 && p < Float(margin)) || (s.across.upperBound >= across - margin - 1 && p > Float(across - margin - 1))
            }
            guard fromStart || leaves(first, towards: margin), toEnd || leaves(last, towards: length - margin - 1),
                  2 * (last.k - first.k + 1) >= inner else { return nil }
            return line
        }

        /// The thin spans of the line through `start`, followed both ways along the straight
        /// line fitted to them, wherever it ends; nil unless it is thin over at least half of its
        /// length, within `maxSlope`.
        func trace(from start: Span, margin: Int) -> Line? {
            var fit = LineFit()
            var spans = [start]
            fit.add(start)
            let inner = length - 2 * margin
            // A light line fades out for a few pixels (a 40th of the picture); a stroke may run
            // along it for a quarter of it (the existing rule: thin over at least half).
            let maxGap = max(3, inner / 40), maxThick = max(8, inner / 4)
            // Nearest first: the fitted position, then one and two either side.
            let offsets = [0] + (1...searchReach).flatMap { [-$0, $0] }
            for step in [1, -1] {
                var k = start.k + step, gap = 0, thick = 0
                while k >= 0 && k < length {
                    let p = fit.position(at: k, maxSlope: maxSlope)
                    let centre = Int(p.rounded())
                    let near = offsets.lazy.map { centre + $0 }.first { $0 >= 0 && $0 < across && inked(k, $0) }
                    if let c = near {
                        gap = 0
                        let r = run(k, through: c)
                        let mid = Float(r.lowerBound + r.upperBound - 1) / 2
                        if r.count <= limit && abs(mid - p) <= maxOffset {
                            spans.append(Span(k: k, across: r)); fit.add(spans[spans.count - 1]); thick = 0
                        } else {
                            thick += 1
                            if thick > maxThick { break }
                        }
                    } else {
                        gap += 1
                        if gap > maxGap { break }
                    }
                    k += step
                }
            }
            guard let first = spans.map(\.k).min(), let last = spans.map(\.k).max(),
                  spans.count * 2 >= last - first + 1, abs(fit.slope) <= maxSlope else { return nil }
            let widths = spans.map(\.across.count).sorted()
            let lo = spans.map(\.across.lowerBound).min() ?? 0, hi = spans.map { $0.across.upperBound - 1 }.max() ?? 0
            return Line(horizontal: horizontal, spans: spans.sorted { $0.k < $1.k }, median: widths[widths.count / 2],
                        acrossRange: lo...hi)
        }
    }

    /// Least squares of the spans' centres against their position along, kept as running sums.
    struct LineFit {
        var n: Double = 0, sk: Double = 0, sc: Double = 0, skk: Double = 0, skc: Double = 0

        mutating func add(_ span: Span) {
            let k = Double(span.k), c = Double(span.across.lowerBound + span.across.upperBound - 1) / 2
            n += 1; sk += k; sc += c; skk += k * k; skc += k * c
        }

        /// The fitted drift across per pixel along, held within `maxSlope` (flat while one span).
        var slope: Float {
            let d = n * skk - sk * sk
            guard n >= 2, d > 0 else { return 0 }
            return Float((n * skc - sk * sc) / d)
        }

        func position(at k: Int, maxSlope: Float = TiltedLines.maxSlope) -> Float {
            guard n > 0 else { return 0 }
            let s = Double(min(max(slope, -maxSlope), maxSlope))
            return Float((sc - s * sk) / n + s * Double(k))
        }
    }
}
