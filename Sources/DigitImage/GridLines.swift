/// The borders of a form's cells and the lines of ruled paper: long, straight, thin runs of ink
/// along a row or a column. Left in, they join the digits into one piece with the frame, or
/// are read as 1s and 7s. A run is a line when it crosses nearly the whole image (9/10 of the
/// side it runs along, and at least 48 px): a cell border or a ruled line does, a digit's
/// stroke hardly ever (half the side took the thin 1s of small drawings); only its thin parts
/// go, so a stroke that crosses it (thicker across the line) stays whole.
enum GridLines {
    /// Pixels across that always count as thin: a pen line, blurred a little. A digit's stroke
    /// that lies along a line is as thick but never as long.
    static let maxThickness = 4

    /// The thickest a line may be in an image of this size: a notebook's margin line in a
    /// close-up of one digit is 5-8 px across after the blur of a phone photo (left in, it
    /// joined the digit's box and a 3 beside it read as 6), so 1/32 of the short side, at
    /// least `maxThickness` and at most 16 px (a page's ruled line in a 12-MP photo is thinner;
    /// the cap bounds the walk across each pixel of a long run). A line is what is thin for
    /// itself: see `markRun`.
    static func thicknessLimit(_ w: Int, _ h: Int) -> Int { max(maxThickness, min(min(w, h) / 32, 16)) }

    /// Removes the lines from `ink` (0…1, ink bright); whether anything was removed (when not,
    /// `ink` is untouched).
    /// `margin`: the paper `FramePadding` put around the picture; a line crosses nearly the
    /// whole picture, not the margin.
    static func remove(_ ink: inout FloatImage, margin: Int = 0) -> Bool {
        let w = ink.width, h = ink.height
        // Indices fit 32 bits (the decoder's limit is far below; a larger image keeps its lines).
        let (count, overflow) = w.multipliedReportingOverflow(by: h)
        guard w > 0, h > 0, !overflow, count <= Int(UInt32.max), ink.pixels.count == count else { return false }
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
            for y in 0..<h where rows[y] >= minRow {
                markRuns(px, line: y, length: w, along: 1, across: w, acrossCount: h, minRun: minRow, limit: limit, into: &gone)
            }
            for x in 0..<w where columns[x] >= minColumn {
                markRuns(px, line: x, length: h, along: w, across: 1, acrossCount: w, minRun: minColumn, limit: limit, into: &gone)
            }
        }
        guard !gone.isEmpty else { return false }
        ink.pixels.withUnsafeMutableBufferPointer { p in for i in gone { p[Int(i)] = 0 } }
        return true
    }

    /// Kernel: how many pixels of each row and of each column of `px` (w×h, row-major) are
    /// ink (> faintThreshold), in one pass in memory order, eight columns at a time. (Walking
    /// each column down a 12-MP photo missed the cache at every pixel, and the branch on each
    /// pixel of paper grain near the threshold missed its prediction: a third of the photo's
    /// preprocessing.)
    static func inkCounts(_ px: UnsafeBufferPointer<Float>, width w: Int, height h: Int) -> (rows: [Int], columns: [Int]) {
        let t = Preprocess.faintThreshold
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

    /// The thin pixels of every run of at least `minRun` pixels along line `line` into `gone`
    /// (the image is lines of `length` pixels; pixel k of line l is at l·`across` + k·`along`).
    static func markRuns(_ px: UnsafeBufferPointer<Float>, line l: Int, length: Int, along: Int, across: Int,
                         acrossCount: Int, minRun: Int, limit: Int = maxThickness, into gone: inout [UInt32]) {
        let t = Preprocess.faintThreshold
        var k = 0
        while k < length {
            guard px[l * across + k * along] > t else { k += 1; continue }
            var end = k
            while end < length && px[l * across + end * along] > t { end += 1 }
            if end - k >= minRun {
                markRun(px, line: l, k..<end, along: along, across: across, acrossCount: acrossCount, limit: limit, into: &gone)
            }
            k = end
        }
    }

    /// The thin pixels of one long run (pixels `run` of line `line`; pixel k of line l is at
    /// l·`across` + k·`along`; `acrossCount` pixels across a line, for the thickness). Thin is
    /// at most `maxThickness`, or one more than the run's median thickness when that is within
    /// `limit`: a thick line's pixels go, the strokes crossing it (thicker still) stay.
    static func markRun(_ px: UnsafeBufferPointer<Float>, line l: Int, _ run: Range<Int>, along: Int, across: Int,
                        acrossCount: Int, limit: Int = maxThickness, into gone: inout [UInt32]) {
        let widths = run.map { thickness(px, line: l, at: $0, along: along, across: across, count: acrossCount, upTo: limit) }
        let median = widths.sorted()[widths.count / 2]
        let thinAt = median <= limit ? max(maxThickness, median + 1) : maxThickness
        let thin = zip(run, widths).filter { $0.1 <= thinAt }.map(\.0)
        // A ruled line is thin over most of its length (a bold digit filling a third of a small
        // cell crosses it twice: 4/5 left those lines in, and the faint ink that now joins
        // pieces joined them to the digit); a run along a slanted or blurred band is thick
        // nearly everywhere and stays whole.
        if thin.count * 2 >= run.count { gone += thin.map { UInt32(truncatingIfNeeded: l * across + $0 * along) } }
    }

    /// Inked pixels across the line through pixel `at` of line `line`, counted up to two past
    /// `upTo` (one past the largest thin thickness `markRun` uses).
    static func thickness(_ px: UnsafeBufferPointer<Float>, line: Int, at k: Int, along: Int, across: Int, count: Int,
                          upTo: Int = maxThickness) -> Int {
        let t = Preprocess.faintThreshold, most = upTo + 1
        var n = 1
        var m = line - 1
        while m >= 0 && n <= most && px[m * across + k * along] > t { n += 1; m -= 1 }
        m = line + 1
        while m < count && n <= most && px[m * across + k * along] > t { n += 1; m += 1 }
        return n
    }
}
