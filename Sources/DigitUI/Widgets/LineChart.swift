import Glibc

/// A line plot with axes, tick values and a legend, as btop and plotext draw them: the title
/// and legend on the first row, tick values left of the y axis, epoch numbers under the x
/// axis, lines in braille dots (ASCII `.`/`'`/`:` without Unicode) and a marker on every data
/// point, so a single epoch still shows and two series stay apart without colour.
struct LineChart {
    struct Series {
        var name: String
        /// The legend's word when the full one does not fit ("val.").
        var shortName: String
        /// One value per x position (epoch); nil where the series has none (no validation).
        var values: [Double?]
        var style: Style
        /// Drawn on every data point: "•" / "o" for one series, "×" / "x" for the other.
        var marker: (unicode: Character, ascii: Character)
    }

    var title: String
    /// The title when the full one does not fit; nil: its first word ("loss").
    var shortTitle: String? = nil
    var series: [Series]
    /// The x position of the first value (epoch 1).
    var firstX = 1
    /// The x axis' text under value `i`, when it is not an epoch (a batch number).
    var xLabel: ((Int) -> String)? = nil
    /// Tick text for a value ("0.15", "97.5%").
    var format: (Double, _ spacing: Double) -> String
    /// Values cannot go outside this (accuracy: 0…1), so ticks never say 102 %.
    var bounds: ClosedRange<Double>? = nil

    /// Rows it needs at least: title, three plot rows, the axis, its labels.
    static let minHeight = 6, minWidth = 24

    func draw(_ buf: inout ScreenBuffer, _ area: Rect, ui: UIStyle) {
        guard area.width >= LineChart.minWidth, area.height >= LineChart.minHeight else { return }
        drawLegend(&buf, area, ui: ui)
        let values = series.flatMap { $0.values.compactMap { $0 } }.filter(\.isFinite)
        let plotRows = area.height - 3
        guard let range = LineChart.range(values, bounds: bounds, ticks: 5) else {
            buf.put("no data yet", x: area.x + 2, y: area.y + 2, style: ui.muted)
            return
        }
        // A tick every four rows or so (2 on a short chart, up to 5 on a tall one), each on a
        // multiple of the round step, so every label is exact.
        let ticks = LineChart.tickValues(range, most: min(5, max(2, plotRows / 4 + 1)))
        let spacing = LineChart.labelSpacing(ticks, step: range.step)
        let labels = ticks.map { format($0, spacing) }
        let labelWidth = labels.map { TextWidth.of($0) }.max() ?? 0
        let plot = Rect(x: area.x + labelWidth + 1, y: area.y + 1, width: area.width - labelWidth - 1, height: plotRows)
        drawAxes(&buf, plot, ticks: zip(ticks, labels).map { ($0, $1) }, range: range, ui: ui)
        var canvas = DotCanvas(columns: plot.width, rows: plot.height)
        let count = series.map(\.values.count).max() ?? 0
        func point(_ i: Int, _ v: Double) -> (x: Int, y: Int) {
            let x = count > 1 ? Int((Double(i) * Double(canvas.dotWidth - 1) / Double(count - 1)).rounded()) : canvas.dotWidth / 2
            let t = (range.hi - v) / (range.hi - range.lo)
            return (x, Int((min(1, max(0, t)) * Double(canvas.dotHeight - 1)).rounded()))
        }
        for s in series {
            var previous: (x: Int, y: Int)? = nil
            for (i, v) in s.values.enumerated() {
                guard let v, v.isFinite else { previous = nil; continue }
                let p = point(i, v)
                if let previous { canvas.line(from: previous, to: p, style: s.style) } else { canvas.set(p.x, p.y, style: s.style) }
                previous = p
            }
        }
        canvas.draw(&buf, x: plot.x, y: plot.y, unicode: ui.caps.unicode)
        // Markers last, on the cell of a data point: every one when they are sparse, else every
        // k-th and the last, so dense lines stay visible.
        let every = max(1, (count * 3 + plot.width - 1) / max(1, plot.width))
        for s in series {
            for (i, v) in s.values.enumerated() where i % every == 0 || i == count - 1 {
                guard let v, v.isFinite else { continue }
                let p = point(i, v)
                buf[plot.x + p.x / 2, plot.y + p.y / 4] = Cell(character: ui.caps.unicode ? s.marker.unicode : s.marker.ascii, style: s.style)
            }
        }
        drawXLabels(&buf, plot, count: count, dotWidth: canvas.dotWidth, ui: ui)
    }

    /// "loss per epoch   • train  × validation", shortened ("loss", "val.") to fit the width.
    func drawLegend(_ buf: inout ScreenBuffer, _ area: Rect, ui: UIStyle) {
        let shown = series.filter { $0.values.contains(where: { $0 != nil }) }
        func marker(_ s: Series) -> Character { ui.caps.unicode ? s.marker.unicode : s.marker.ascii }
        let short = shortTitle ?? title.split(separator: " ").first.map(String.init) ?? title
        let word = title.split(separator: " ").first.map(String.init) ?? title
        let choices = [(title, shown.map(\.name)), (short, shown.map(\.name)), (short, shown.map(\.shortName)), (word, shown.map(\.shortName))]
        let fits = choices.first { t, names in TextWidth.of(t) + 3 + names.reduce(0) { $0 + TextWidth.of($1) + 4 } <= area.width } ?? choices[3]
        buf.put(fits.0, x: area.x, y: area.y, style: .bold, maxWidth: area.width)
        var x = area.x + TextWidth.of(fits.0) + 3
        for (s, name) in zip(shown, fits.1) {
            let item = "\(marker(s)) \(name)"
            buf.put(item, x: x, y: area.y, style: s.style, maxWidth: max(0, area.maxX - x))
            x += TextWidth.of(item) + 2
        }
    }

    /// The y axis with its tick values, and the x axis under the plot.
    func drawAxes(_ buf: inout ScreenBuffer, _ plot: Rect, ticks: [(Double, String)], range: Range, ui: UIStyle) {
        let u = ui.caps.unicode
        for y in plot.y..<plot.maxY { buf[plot.x - 1, y] = Cell(character: u ? "│" : "|", style: ui.muted) }
        for (v, label) in ticks {
            let t = (range.hi - v) / (range.hi - range.lo)
            let y = plot.y + Int((min(1, max(0, t)) * Double(plot.height - 1)).rounded())
            buf.put(label, x: plot.x - 1 - TextWidth.of(label), y: y, style: ui.muted)
            buf[plot.x - 1, y] = Cell(character: u ? "┤" : "+", style: ui.muted)
        }
        buf[plot.x - 1, plot.maxY] = Cell(character: u ? "└" : "+", style: ui.muted)
        for x in plot.x..<plot.maxX { buf[x, plot.maxY] = Cell(character: u ? "─" : "-", style: ui.muted) }
    }

    /// Epoch numbers under the axis: every one when each has its width and three more (a 4-epoch
    /// fine-tuning read "1 2 4", walkthrough), else the first, the last, and one between when
    /// there is room.
    func drawXLabels(_ buf: inout ScreenBuffer, _ plot: Rect, count: Int, dotWidth: Int, ui: UIStyle) {
        let y = plot.maxY + 1
        guard count > 0 else { return }
        func column(_ i: Int) -> Int { count > 1 ? plot.x + Int((Double(i) * Double(dotWidth - 1) / Double(count - 1)).rounded()) / 2 : plot.x + dotWidth / 4 }
        var picks = count > 1 ? [0, count - 1] : [0]
        if count > 2, plot.width >= 30 { picks.insert((count - 1) / 2, at: 1) }
        if count > 2, plot.width / (count - 1) >= TextWidth.of(xLabel?(count - 1) ?? String(firstX + count - 1)) + 3 { picks = Array(0..<count) }
        var nextFree = plot.x - 1
        for i in picks {
            let text = xLabel?(i) ?? String(firstX + i)
            let x = min(plot.maxX - TextWidth.of(text), max(nextFree, column(i) - TextWidth.of(text) / 2))
            guard x >= nextFree else { continue }
            buf.put(text, x: x, y: y, style: ui.muted)
            nextFree = x + TextWidth.of(text) + 1
        }
    }

    /// The y range: the data's own, widened to round tick steps, never outside `bounds`.
    struct Range: Equatable { var lo: Double, hi: Double, step: Double }

    static func range(_ values: [Double], bounds: ClosedRange<Double>?, ticks: Int) -> Range? {
        guard var lo = values.min(), var hi = values.max() else { return nil }
        if hi - lo < 1e-9 {
            // One value (or all equal): a small band around it.
            let pad = max(abs(hi) * 0.02, 1e-3)
            lo -= pad; hi += pad
        }
        let step = niceStep((hi - lo) / Double(max(1, ticks - 1)))
        lo = (lo / step).rounded(.down) * step
        hi = (hi / step).rounded(.up) * step
        if let bounds { lo = max(bounds.lowerBound, lo); hi = min(bounds.upperBound, hi) }
        guard hi > lo else { return nil }
        return Range(lo: lo, hi: hi, step: step)
    }

    /// 1, 2 or 5 times a power of ten, at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw.isFinite, raw > 0 else { return 1 }
        let power = pow(10, (log10(raw)).rounded(.down))
        for m in [1.0, 2, 5, 10] where m * power >= raw * (1 - 1e-9) { return m * power }
        return 10 * power
    }

    /// Values from the top of the range to the bottom, evenly spaced on multiples of its step:
    /// as many as divide the range evenly, at most `most`.
    static func tickValues(_ r: Range, most: Int) -> [Double] {
        let steps = max(1, Int(((r.hi - r.lo) / r.step).rounded()))
        let gaps = (1...max(1, most - 1)).reversed().first { steps % $0 == 0 } ?? 1
        return (0...gaps).map { r.hi - (r.hi - r.lo) * Double($0) / Double(gaps) }
    }

    /// The spacing the labels' decimals are chosen for: the ticks' own when every tick is a
    /// multiple of it, else the range's step, of which they all are (walkthrough, session 28:
    /// ticks 2.5 and 0.5 are 2 apart and were labelled "3" and "1").
    static func labelSpacing(_ ticks: [Double], step: Double) -> Double {
        guard ticks.count > 1 else { return step }
        let spacing = ticks[0] - ticks[1]
        guard spacing > 0 else { return step }
        let whole = ticks.allSatisfy { abs($0 / spacing - ($0 / spacing).rounded()) < 1e-6 }
        return whole ? spacing : min(spacing, step)
    }

    /// Enough decimals to tell ticks `step` apart.
    static func decimals(_ step: Double) -> Int {
        guard step.isFinite, step > 0 else { return 2 }
        return max(0, min(6, Int((-log10(step)).rounded(.up))))
    }
}
