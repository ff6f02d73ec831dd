/// The borders of a form's cells and the lines of ruled paper: long, straight, thin runs of ink
/// along a row or a column. Left in, they join the digits into one piece with the frame, or
/// are read as 1s and 7s. A run is a line when it crosses nearly the whole image (9/10 of the
/// side it runs along, and at least 48 px): a cell border or a ruled line does, a digit's
/// stroke hardly ever (half the side took the thin 1s of small drawings); only its thin parts
/// go, so a stroke that crosses it (thicker across the line) stays whole. Lines a few degrees
/// off the axes are followed instead (`TiltedLines`) and go by the same rules.
enum GridLines {
    /// Pixels across that always count as thin: a pen line, blurred a little. A digit's stroke
    /// that lies along a line is as thick but hardly ever as long (a "1" cropped tight is: its
    /// stroke is thicker, or it would go — as a thin 1 drawn across a whole canvas did before).
    static let maxThickness = 4

    /// The thickest a line may be in an image of this size when the picture is a ruled page
    /// (`ruledLines`): a notebook's margin line in a close-up of one digit is 5-8 px across after
    /// the blur of a phone photo (left in, it joined the digit's box and a 3 beside it read as
    /// 6), so 1/32 of the short side, at least `maxThickness` and at most 8 px (a ruled line in
    /// a 12-MP photo of a page is 3-8 px; a pen stroke crossing a line is cut where it is no
    /// thicker than this).
    static func thicknessLimit(_ w: Int, _ h: Int) -> Int { max(maxThickness, min(min(w, h) / 32, 8)) }

    /// A page is ruled when it holds at least this many separate lines of any thickness up to
    /// the limit: only then is a line thicker than `maxThickness` taken for one. Alone, such a
    /// run is as likely the upright stroke of a "1" or the bar of a "7" cropped tight (review:
    /// a 7-px "1" spanning 95 % of a 256-px crop was erased whole).
    static let ruledLines = 3

    /// One run of ink along a row (`horizontal`) or a column at least a line's length long, and
    /// its median thickness (counted up to the limit and two past it).
    struct Run {
        var line: Int
        var range: Range<Int>
        var horizontal: Bool
        var median: Int
    }

    /// Removes the lines from `ink` (0…1, ink bright); whether anything was removed (when not,
    /// `ink` is untouched).
    /// `margin`: the paper `FramePadding` put around the picture; a line crosses nearly the
    /// whole picture, not the margin.
    static func remove(_ ink: inout FloatImage, margin: Int = 0) -> Bool {
        let w = ink.width, h = ink.height
        // A larger image keeps its lines.
        guard ink.hasUInt32Indices else { return false }
        // The indices of the pixels that go: lines are sparse, so a list, not a mask the image's
        // size; 4 bytes an entry, so even an image of nothing but lines needs no more than its
        // own float pixels.
        var gone: [UInt32] = []
        ink.pixels.withUnsafeBufferPointer { px in
            // A row or column with fewer inked pixels than a line's length holds no line: only
            // the others are scanned for runs (all but a few, in a photo).
            let (rows, columns) = inkCounts(px, width: w, height: h)
            let minRow = max(48, max(1, w - 2 * margin) * 9 / 10), minColumn = max(48, max(1, h - 2 * margin) * 9 / 10)
            let limit = thicknessLimit(w - 2 * margin, h - 2 * margin)
            var runs: [Run] = []
            for y in 0..<h where rows[y] >= minRow {
                for r in longRuns(px, line: y, length: w, along: 1, across: w, minRun: minRow) {
                    runs.append(Run(line: y, range: r, horizontal: true,
                                    median: medianThickness(px, line: y, r, along: 1, across: w, acrossCount: h, upTo: limit)))
                }
            }
            for x in 0..<w where columns[x] >= minColumn {
                for r in longRuns(px, line: x, length: h, along: w, across: 1, minRun: minColumn) {
                    runs.append(Run(line: x, range: r, horizontal: false,
                                    median: medianThickness(px, line: x, r, along: w, across: 1, acrossCount: w, upTo: limit)))
                }
            }
            let lines = runs.filter { $0.median <= limit }
            // Lines a few degrees off the axes, in no single row or column (`TiltedLines`).
            let tilted = TiltedLines.find(px, width: w, height: h, margin: margin, limit: limit, besides: runs)
            let found = separateLines(lines) + tilted.count
            var ruled = found >= ruledLines
            // A notebook's lines in light ink can stay under the ink threshold where its darker
            // margin line does not: then they are counted at any ink level (a second pass over
            // the picture, made only when a thick line waits for them).
            if !ruled && (lines.contains(where: { $0.median > maxThickness }) || tilted.contains(where: { $0.median > maxThickness })) {
                ruled = found + faintLines(px, width: w, height: h, margin: margin, limit: limit, besides: lines) >= ruledLines
            }
            // A lone tilted line is not taken out: a thin 1 cropped tight and written a little
            // askew runs end to end as one does (review, session 28).
            for line in tilted where ruled || found >= 2 {
                markTilted(line, width: w, thinAt: ruled ? max(maxThickness, line.median + 1) : maxThickness, into: &gone)
            }
            for run in runs {
                let thinAt = ruled && run.median <= limit ? max(maxThickness, run.median + 1) : maxThickness
                if run.horizontal {
                    markRun(px, line: run.line, run.range, along: 1, across: w, acrossCount: h, thinAt: thinAt, into: &gone)
                } else {
                    markRun(px, line: run.line, run.range, along: w, across: 1, acrossCount: w, thinAt: thinAt, into: &gone)
                }
            }
        }
        guard !gone.isEmpty else { return false }
        ink.pixels.withUnsafeMutableBufferPointer { p in for i in gone { p[Int(i)] = 0 } }
        return true
    }

    /// How many lines `runs` make: the rows (and the columns) they lie on, neighbours one line.
    static func separateLines(_ runs: [Run]) -> Int {
        [true, false].reduce(0) { total, horizontal in
            let at = Set(runs.filter { $0.horizontal == horizontal }.map(\.line)).sorted()
            return total + zip(at, at.dropFirst()).filter { $1 - $0 > 1 }.count + (at.isEmpty ? 0 : 1)
        }
    }

    /// Lines of ink at any level: rows (and columns) inked along 9/10 of the picture in bands
    /// no thicker than `limit`, apart from the lines `runs` already holds. Counted only on paper
    /// clean between its lines (the typical row inked along less than half the picture): grain
    /// or noise over the whole picture makes no lines.
    static func faintLines(_ px: UnsafeBufferPointer<Float>, width w: Int, height h: Int, margin: Int, limit: Int,
                           besides runs: [Run]) -> Int {
        let (rows, columns) = inkCounts(px, width: w, height: h, above: 0)
        func bands(_ counts: [Int], length: Int, horizontal: Bool) -> Int {
            let inner = max(1, length - 2 * margin), minRun = max(1, inner * 9 / 10)
            guard !counts.isEmpty, counts.sorted()[counts.count / 2] * 2 < inner else { return 0 }
            let taken = Set(runs.filter { $0.horizontal == horizontal }.map(\.line))
            var n = 0, k = 0
            while k < counts.count {
                guard counts[k] >= minRun else { k += 1; continue }
                var end = k
                while end < counts.count && counts[end] >= minRun { end += 1 }
                if end - k <= limit && !(k..<end).contains(where: taken.contains) { n += 1 }
                k = end
            }
            return n
        }
        return bands(rows, length: w, horizontal: true) + bands(columns, length: h, horizontal: false)
    }

    /// Kernel: how many pixels of each row and of each column of `px` (w×h, row-major) are
    /// ink (> `t`, by default faintThreshold), in one pass in memory order, eight columns at a
    /// time. (Walking each column down a 12-MP photo missed the cache at every pixel, and the
    /// branch on each pixel of paper grain near the threshold missed its prediction: a third
    /// of the photo's preprocessing.)
    static func inkCounts(_ px: UnsafeBufferPointer<Float>, width w: Int, height h: Int,
                          above t: Float = Preprocess.faintThreshold) -> (rows: [Int], columns: [Int]) {
        var rows = [Int](repeating: 0, count: h)
        var columns = [Int32](repeating: 0, count: w)
        // The loads below are unchecked: the buffer must hold exactly w×h pixels.
        guard let base = px.baseAddress, px.count == w * h else { return (rows, columns.map(Int.init)) }
        let vectors = w / 8, one = SIMD8<Int32>(repeating: 1), zero = SIMD8<Int32>(repeating: 0)
        columns.withUnsafeMutableBufferPointer { c in
            guard let cb = c.baseAddress else { return }
            let counts = UnsafeMutableRawPointer(cb)
            for y in 0..<h {
                let line = UnsafeRawPointer(base + y * w)
                var row = zero
                for v in 0..<vectors {
                    let inked = zero.replacing(with: one, where: line.loadUnaligned(fromByteOffset: v * 32, as: SIMD8<Float>.self) .> t)
                    row &+= inked
                    counts.storeBytes(of: counts.loadUnaligned(fromByteOffset: v * 32, as: SIMD8<Int32>.self) &+ inked,
                                      toByteOffset: v * 32, as: SIMD8<Int32>.self)
                }
                var total = Int(row.wrappedSum())
                for x in (vectors * 8)..<w where base[y * w + x] > t { c[x] += 1; total += 1 }
                rows[y] = total
            }
        }
        return (rows, columns.map(Int.init))
    }

    /// The runs of ink along line `l` at least `minRun` long (the image is lines of `length`
    /// pixels; pixel k of line l is at l·`across` + k·`along`).
    static func longRuns(_ px: UnsafeBufferPointer<Float>, line l: Int, length: Int, along: Int, across: Int, minRun: Int) -> [Range<Int>] {
        let t = Preprocess.faintThreshold
        var runs: [Range<Int>] = []
        var k = 0
        while k < length {
            guard px[l * across + k * along] > t else { k += 1; continue }
            var end = k
            while end < length && px[l * across + end * along] > t { end += 1 }
            if end - k >= minRun { runs.append(k..<end) }
            k = end
        }
        return runs
    }

    /// The median thickness across a run (`acrossCount` pixels across a line), each counted up
    /// to two past `upTo`.
    static func medianThickness(_ px: UnsafeBufferPointer<Float>, line l: Int, _ run: Range<Int>, along: Int, across: Int,
                                acrossCount: Int, upTo: Int) -> Int {
        let widths = run.map { thickness(px, line: l, at: $0, along: along, across: across, count: acrossCount, upTo: upTo) }.sorted()
        return widths.isEmpty ? 0 : widths[widths.count / 2]
    }

    /// The thin pixels of one long run into `gone` (pixels `run` of line `line`; pixel k of line
    /// l is at l·`across` + k·`along`): those at most `thinAt` across — `maxThickness`, or on a
    /// ruled page one more than the run's median — so a line's pixels go and the strokes
    /// crossing it (thicker across the line) stay.
    static func markRun(_ px: UnsafeBufferPointer<Float>, line l: Int, _ run: Range<Int>, along: Int, across: Int,
                        acrossCount: Int, thinAt: Int = maxThickness, into gone: inout [UInt32]) {
        let thin = run.compactMap { k -> (k: Int, rows: ClosedRange<Int>)? in
            let rows = crossSection(px, line: l, at: k, along: along, across: across, count: acrossCount, upTo: thinAt)
            return rows.count <= thinAt ? (k, rows) : nil
        }
        // A ruled line is thin over most of its length (a bold digit filling a third of a small
        // cell crosses it twice: 4/5 left those lines in, and the faint ink that now joins
        // pieces joined them to the digit); a run along a slanted or blurred band is thicker
        // than `thinAt` nearly everywhere and stays whole.
        guard thin.count * 2 >= run.count else { return }
        // The line's whole thickness there, not only the row (column) the run lies on: a faint
        // blurred line's edges are inked in broken stretches, too short to be runs of their
        // own, and left in they joined every digit the line crosses into one piece (red team,
        // ruled_through 14244: "no digit found").
        for (k, rows) in thin {
            for m in rows { gone.append(UInt32(truncatingIfNeeded: m * across + k * along)) }
        }
    }

    /// The thin spans of a tilted line into `gone` (at most `thinAt` across, as `markRun`), when
    /// they are at least half of the line's length; where a stroke crosses it, the stroke stays.
    static func markTilted(_ line: TiltedLines.Line, width w: Int, thinAt: Int, into gone: inout [UInt32]) {
        guard let first = line.spans.first?.k, let last = line.spans.last?.k else { return }
        let thin = line.spans.filter { $0.across.count <= thinAt }
        guard thin.count * 2 >= last - first + 1 else { return }
        for span in thin {
            for c in span.across { gone.append(UInt32(truncatingIfNeeded: line.horizontal ? c * w + span.k : span.k * w + c)) }
        }
    }

    /// Inked pixels across the line through pixel `at` of line `line`, counted up to two past
    /// `upTo` (one past the largest thin thickness `markRun` uses).
    static func thickness(_ px: UnsafeBufferPointer<Float>, line: Int, at k: Int, along: Int, across: Int, count: Int,
                          upTo: Int = maxThickness) -> Int {
        crossSection(px, line: line, at: k, along: along, across: across, count: count, upTo: upTo).count
    }

    /// The lines (rows or columns) across `line` at pixel `at` that are inked without a break
    /// through it, as far as two past `upTo` in all (`thickness` is how many).
    static func crossSection(_ px: UnsafeBufferPointer<Float>, line: Int, at k: Int, along: Int, across: Int, count: Int,
                             upTo: Int = maxThickness) -> ClosedRange<Int> {
        let t = Preprocess.faintThreshold, most = upTo + 1
        var n = 1
        var lo = line, hi = line
        while lo - 1 >= 0 && n <= most && px[(lo - 1) * across + k * along] > t { n += 1; lo -= 1 }
        while hi + 1 < count && n <= most && px[(hi + 1) * across + k * along] > t { n += 1; hi += 1 }
        return lo...hi
    }
}
