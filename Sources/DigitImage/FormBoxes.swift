/// A form's printed boxes around the digits written in them: one thin rectangle per digit
/// (with gaps between the boxes), or a row of boxes sharing their sides. `NumberLines` takes a
/// line only when it is much longer than the ink over it is tall, so a single box's top and
/// bottom (about as long as the digit is tall) stayed, and the box was read with its digit as
/// one piece: an "8" or a "0" (red team, form boxes: 50 of 100 read). Here a box is four thin
/// straight sides meeting at their corners — a top and a bottom whose ends lie over each other,
/// joined at both ends by an upright — with handwriting inside drawn thicker than the box's
/// lines. A digit drawn as a rectangle (a boxy 0, an 8 with its bar) is drawn with the same pen
/// all round: nothing inside it is thicker than its sides, and it stays.
enum FormBoxes {
    /// How much thicker than the box's lines the ink inside must be: a printed box is a hairline
    /// beside a pen's stroke; a rectangle drawn with the pen is as thick as what it holds.
    static let insideOverSide: Float = 1.5
    /// Rows and columns the sides are followed from (spread over the picture).
    static let starts = 32
    /// The most thin runs along one axis a picture of boxes is taken to have.
    static let maxSegments = 96

    /// Removes the boxes' thin sides from `ink` (0…1, ink bright) — where a stroke crosses a
    /// side, the stroke stays; whether anything was removed. `margin`: the paper
    /// `FramePadding` put around the picture.
    static func remove(_ ink: inout FloatImage, margin: Int = 0, shade: ByteImage? = nil) -> Bool {
        NumberLines.takeOut(&ink, shade: shade) { px, w, h in sides(px, width: w, height: h, margin: margin) }
    }

    /// The sides of every box found: the top and bottom, the uprights at both ends, and any
    /// upright between them from the top to the bottom (a row of boxes sharing sides).
    static func sides(_ px: UnsafeBufferPointer<Float>, width w: Int, height h: Int, margin: Int) -> [TiltedLines.Line] {
        let innerW = w - 2 * margin, innerH = h - 2 * margin
        guard innerW >= 48, innerH >= 48, px.count == w * h else { return [] }
        let limit = GridLines.thicknessLimit(innerW, innerH)
        // Pairs of flat runs are tried against every upright: a page of hundreds of thin runs
        // (dense text, hatching) is no row of boxes, and would cost their cube (lead, session 32).
        let flat = segments(px, width: w, height: h, horizontal: true, margin: margin, limit: limit)
        guard (2...maxSegments).contains(flat.count) else { return [] }
        let upright = segments(px, width: w, height: h, horizontal: false, margin: margin, limit: limit)
        guard (2...maxSegments).contains(upright.count) else { return [] }
        var found: [TiltedLines.Line] = []
        for top in flat {
            for bottom in flat where bottom.acrossRange.lowerBound > top.acrossRange.upperBound {
                guard let row = box(top: top, bottom: bottom, uprights: upright), holdsWriting(row, px, width: w, height: h)
                else { continue }
                found += row
            }
        }
        return found
    }

    /// The thin straight runs of ink along one axis, followed from thin runs across `starts`
    /// positions (`TiltedLines.Walker`), at least five times as long as they are thick.
    static func segments(_ px: UnsafeBufferPointer<Float>, width w: Int, height h: Int, horizontal: Bool, margin: Int,
                         limit: Int) -> [TiltedLines.Line] {
        let walker = TiltedLines.Walker(px: px, width: w, height: h, horizontal: horizontal, limit: limit)
        let traced = NumberLines.traceAll(walker, from: starts, margin: margin)
        return traced.filter { line in
            guard let first = line.spans.first?.k, let last = line.spans.last?.k else { return false }
            return last - first + 1 >= max(16, 5 * line.median)
        }
    }

    /// The centre across of `line` at its span nearest `k` along.
    static func centre(_ line: TiltedLines.Line, at k: Int) -> Int? {
        guard let s = line.spans.min(by: { abs($0.k - k) < abs($1.k - k) }) else { return nil }
        return (s.across.lowerBound + s.across.upperBound - 1) / 2
    }

    /// `top` and `bottom` as one row of boxes: their ends over each other, each pair of ends
    /// joined by an upright of `uprights` (its ends at the corners); then the row's sides:
    /// top, bottom, and every upright from the top to the bottom between the two ends.
    static func box(top: TiltedLines.Line, bottom: TiltedLines.Line, uprights: [TiltedLines.Line]) -> [TiltedLines.Line]? {
        guard let t0 = top.spans.first?.k, let t1 = top.spans.last?.k, let b0 = bottom.spans.first?.k, let b1 = bottom.spans.last?.k
        else { return nil }
        let thick = max(top.median, bottom.median)
        let corner = max(6, 3 * thick)
        // Ends over each other (a few degrees of tilt moves them apart by a tenth of the height).
        guard let tl = centre(top, at: t0), let tr = centre(top, at: t1), let bl = centre(bottom, at: b0), let br = centre(bottom, at: b1)
        else { return nil }
        let height = min(bl - tl, br - tr)
        let length = min(t1 - t0, b1 - b0)
        guard height >= max(4 * thick, length / 3), height <= 3 * max(length, 1) else { return nil }
        let slack = corner + height / 8
        guard abs(t0 - b0) <= slack, abs(t1 - b1) <= slack else { return nil }
        /// An upright from the top to the bottom at its own position across (x), thin as the lines.
        func joins(_ v: TiltedLines.Line) -> Bool {
            guard let v0 = v.spans.first, let v1 = v.spans.last, v.median <= thick + 2 else { return false }
            let xTop = (v0.across.lowerBound + v0.across.upperBound - 1) / 2
            let xBottom = (v1.across.lowerBound + v1.across.upperBound - 1) / 2
            guard let yTop = centre(top, at: xTop), let yBottom = centre(bottom, at: xBottom) else { return false }
            return abs(v0.k - yTop) <= corner && abs(v1.k - yBottom) <= corner
                && xTop >= min(t0, b0) - corner && xTop <= max(t1, b1) + corner
        }
        let between = uprights.filter(joins)
        func at(_ x0: Int, _ x1: Int) -> Bool {
            between.contains { v in
                guard let s = v.spans.first, let e = v.spans.last else { return false }
                return abs((s.across.lowerBound + s.across.upperBound - 1) / 2 - x0) <= corner
                    && abs((e.across.lowerBound + e.across.upperBound - 1) / 2 - x1) <= corner
            }
        }
        guard at(t0, b0), at(t1, b1) else { return nil }
        return [top, bottom] + between
    }

    /// Whether the row's inside holds handwriting: ink (besides the sides) standing over at
    /// least two fifths of its height, whose strokes are `insideOverSide` times as thick as the
    /// sides (as estimated from its area and its edges: a stroke of width t and length L has
    /// area tL and 2L edges).
    static func holdsWriting(_ row: [TiltedLines.Line], _ px: UnsafeBufferPointer<Float>, width w: Int, height h: Int) -> Bool {
        guard row.count >= 4 else { return false }
        var own = Set<Int>()
        var x0 = Int.max, x1 = Int.min, y0 = Int.max, y1 = Int.min
        var thick = 1
        for side in row {
            thick = max(thick, side.median)
            for s in side.spans {
                for c in (s.across.lowerBound - 1)...s.across.upperBound {
                    let (x, y) = side.horizontal ? (s.k, c) : (c, s.k)
                    guard x >= 0, x < w, y >= 0, y < h else { continue }
                    own.insert(y * w + x)
                    x0 = min(x0, x); x1 = max(x1, x); y0 = min(y0, y); y1 = max(y1, y)
                }
            }
        }
        let inset = thick + 2
        let left = x0 + inset, right = x1 - inset, upper = y0 + inset, lower = y1 - inset
        guard right > left + 2, lower > upper + 2 else { return false }
        let t = Preprocess.faintThreshold
        func inked(_ x: Int, _ y: Int) -> Bool { px[y * w + x] > t && !own.contains(y * w + x) }
        var area = 0, edges = 0, rows = 0
        for y in upper...lower {
            var any = false
            for x in left...right where inked(x, y) {
                any = true
                area += 1
                if x == left || !inked(x - 1, y) { edges += 1 }
                if x == right || !inked(x + 1, y) { edges += 1 }
                if y == upper || !inked(x, y - 1) { edges += 1 }
                if y == lower || !inked(x, y + 1) { edges += 1 }
            }
            if any { rows += 1 }
        }
        guard edges > 0, rows * 5 >= (lower - upper + 1) * 2 else { return false }
        let width = 2 * Float(area) / Float(edges)
        return width >= insideOverSide * Float(thick)
    }
}
