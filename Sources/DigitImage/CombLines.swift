/// A form's comb: a printed baseline with short upright ticks between the digits written on
/// it and at both its ends. The baseline alone is often shorter than `NumberLines` asks a line
/// to be (two digits' width), and its ticks stood beside the digits, read as 1s or joined to
/// them (red team, form boxes). A comb is a thin line with at least three thin ticks standing
/// on it, one at each of its ends, evenly spaced and about equally tall, each shorter than the
/// spacing: a digit standing on an underline (a 1) is as tall as the digits, not a tick.
enum CombLines {
    /// The most a gap between ticks may differ from their median gap, as a fraction of it.
    static let spacingTolerance: Float = 0.35
    /// The tallest a tick may be, as a fraction of the ticks' spacing.
    static let tickOverSpacing: Float = 0.8
    /// Or the tallest a tick may be beside the digits standing between the ticks.
    static let tickOverDigits: Float = 0.6

    /// Removes the combs' thin baselines and ticks from `ink` (0…1, ink bright); whether
    /// anything was removed. `margin`: the paper `FramePadding` put around the picture.
    static func remove(_ ink: inout FloatImage, margin: Int = 0, shade: ByteImage? = nil) -> Bool {
        NumberLines.takeOut(&ink, shade: shade) { px, w, h in combs(px, width: w, height: h, margin: margin) }
    }

    /// Every comb's baseline and ticks.
    static func combs(_ px: UnsafeBufferPointer<Float>, width w: Int, height h: Int, margin: Int) -> [TiltedLines.Line] {
        let innerW = w - 2 * margin, innerH = h - 2 * margin
        guard innerW >= 48, innerH >= 48, px.count == w * h else { return [] }
        let limit = GridLines.thicknessLimit(innerW, innerH)
        var found: [TiltedLines.Line] = []
        let flat = FormBoxes.segments(px, width: w, height: h, horizontal: true, margin: margin, limit: limit)
        for base in flat {
            guard let first = base.spans.first?.k, let last = base.spans.last?.k, last - first + 1 >= 48 else { continue }
            let ticks = ticks(on: base, px, width: w, height: h, limit: limit)
            guard ticks.count >= 3 else { continue }
            let xs = ticks.map(\.x), corner = max(6, 3 * base.median)
            guard let x0 = xs.first, let x1 = xs.last, abs(x0 - first) <= corner, abs(x1 - last) <= corner else { continue }
            let gaps = zip(xs, xs.dropFirst()).map { Float($1 - $0) }
            let spacing = gaps.sorted()[gaps.count / 2]
            guard spacing > 0, gaps.allSatisfy({ abs($0 - spacing) <= spacingTolerance * spacing }) else { continue }
            let heights = ticks.map { Float($0.height) }
            guard let low = heights.min(), let high = heights.max(), high <= 1.6 * low else { continue }
            // Short beside the spacing, or beside the digits written between them: narrow cells
            // (a form's field for 1s and 7s) have ticks taller than they are wide, still well
            // under the digits (red team form_boxes/117_83, ticks 1.2 times the spacing).
            guard high <= tickOverSpacing * spacing
                    || high <= tickOverDigits * Float(tallestBetween(ticks, on: base, px, width: w, height: h, reach: Int(3 * high))) else { continue }
            // Ticks whose tops a line joins are a row of boxes' sides (NumberLines takes those,
            // the top too): taken as a comb, the sides went and the top stayed, joining every
            // digit into one piece (red team form_boxes/297044_59 read "2").
            guard !flat.contains(where: { joinsTops($0, of: ticks, on: base, corner: corner) }) else { continue }
            found.append(base)
            found += ticks.map(\.line)
        }
        return found
    }

    /// Whether `line` runs over `base` (for most of its length) through the tops of the ticks.
    static func joinsTops(_ line: TiltedLines.Line, of ticks: [(x: Int, height: Int, line: TiltedLines.Line)],
                          on base: TiltedLines.Line, corner: Int) -> Bool {
        guard let l0 = line.spans.first?.k, let l1 = line.spans.last?.k, let b0 = base.spans.first?.k, let b1 = base.spans.last?.k,
              line.acrossRange.upperBound < base.acrossRange.lowerBound, (min(l1, b1) - max(l0, b0) + 1) * 4 >= (b1 - b0 + 1) * 3
        else { return false }
        let met = ticks.filter { tick in
            guard let top = tick.line.spans.first, let c = FormBoxes.centre(line, at: (top.across.lowerBound + top.across.upperBound - 1) / 2)
            else { return false }
            return abs(top.k - c) <= corner
        }
        return met.count * 2 > ticks.count
    }

    /// How far above `base` the ink between the ticks (clear of them by a few pixels) reaches,
    /// looked at up to `reach` above it.
    static func tallestBetween(_ ticks: [(x: Int, height: Int, line: TiltedLines.Line)], on base: TiltedLines.Line,
                               _ px: UnsafeBufferPointer<Float>, width w: Int, height h: Int, reach: Int) -> Int {
        let clear = max(6, 3 * base.median), t = Preprocess.inkThreshold
        var tallest = 0
        for (a, b) in zip(ticks, ticks.dropFirst()) where b.x - a.x > 2 * clear {
            for x in (a.x + clear)..<(b.x - clear) where x >= 0 && x < w {
                guard let c = FormBoxes.centre(base, at: x) else { continue }
                let from = c - base.median - 1
                for y in stride(from: max(0, from - reach), to: max(0, from), by: 1) where px[y * w + x] > t {
                    tallest = max(tallest, c - y)
                    break
                }
            }
        }
        return tallest
    }

    /// The thin uprights standing on `base` (pointing up from it), their ends free: where they
    /// stand (x), how tall they are over the line, and the upright.
    static func ticks(on base: TiltedLines.Line, _ px: UnsafeBufferPointer<Float>, width w: Int, height h: Int,
                      limit: Int) -> [(x: Int, height: Int, line: TiltedLines.Line)] {
        let walker = TiltedLines.Walker(px: px, width: w, height: h, horizontal: false, limit: limit)
        let t = Preprocess.faintThreshold
        var out: [(x: Int, height: Int, line: TiltedLines.Line)] = []
        var run: [(x: Int, y: Int)] = []
        func close() {
            defer { run = [] }
            guard let a = run.first, let b = run.last, run.count <= base.median + 3 else { return }
            let y = a.y
            let start = TiltedLines.Span(k: y, across: a.x..<(b.x + 1))
            guard let up = walker.trace(from: start, margin: 0), let top = up.spans.first?.k, up.median <= base.median + 2 else { return }
            let height = y - top
            guard height >= 3 * base.median + 3 else { return }
            out.append((x: (a.x + b.x) / 2, height: height, line: up))
        }
        // Every position along (the traced spans skip those where a tick stands: thick there),
        // past both ends by a corner's reach (a tick at an end makes an L with the line).
        guard let first = base.spans.first?.k, let last = base.spans.last?.k else { return [] }
        let reach = max(6, 3 * base.median)
        var i = 0
        for x in max(0, first - reach)...min(w - 1, last + reach) {
            // The span nearest x (the spans are in order along).
            while i + 1 < base.spans.count && abs(base.spans[i + 1].k - x) <= abs(base.spans[i].k - x) { i += 1 }
            let near = base.spans[i].across
            let c = (near.lowerBound + near.upperBound - 1) / 2
            let y = c - base.median / 2 - 2
            let inked = y >= 0 && y < h && px[y * w + x] > t
            if inked, run.last.map({ $0.x == x - 1 }) ?? true {
                run.append((x: x, y: run.first?.y ?? y))
            } else {
                close()
                if inked { run.append((x: x, y: y)) }
            }
        }
        close()
        return out
    }
}
