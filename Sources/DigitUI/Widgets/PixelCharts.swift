import DigitApp

/// The dataset's pixel statistics as column charts with their axes: the intensity histogram
/// and the stroke-width distribution, each with its scale (the tallest bar's share) at the right
/// of the bars, or in the caption when there is no room (walkthrough: no y scale).
enum PixelCharts {
    /// Values 1…255 on a linear scale: value 0 (paper, four fifths of all pixels) would flatten
    /// every other bar, so it is left out and its share written under the chart.
    static func intensity(_ buf: inout ScreenBuffer, _ area: Rect, _ histogram: [Int], split: String, ui: UIStyle) {
        guard area.height >= 4, area.width >= 16, histogram.count == 256 else { return }
        let total = max(1, histogram.reduce(0, +))
        buf.put("Pixel intensity 1–255 (\(split))", x: area.x, y: area.y, style: .bold, maxWidth: area.width)
        // Bins of 255 / columns values each, so the chart and its scale fit the width.
        let columns = min(64, area.width - scaleWidth)
        let per = (255 + columns - 1) / columns
        let grouped = stride(from: 1, to: 256, by: per).map { start in histogram[start..<min(256, start + per)].reduce(0, +) }
        let plot = Rect(x: area.x, y: area.y + 1, width: grouped.count, height: area.height - 3)
        PixelCharts.columns(&buf, plot, grouped.map(Double.init), ui: ui, style: ui.barOn)
        axis(&buf, x: plot.x, y: plot.maxY, width: grouped.count, left: "1", right: "255", ui: ui)
        let paper = Double(histogram[0]) / Double(total) * 100
        let drawn = max(1, total - histogram[0])
        let caption = "0 (paper, not drawn): \(Format.fixed(paper, 1))%"
        putCaption(&buf, caption, scale(&buf, plot, area, top: share(grouped.max() ?? 0, of: drawn), of: "of drawn pixels", ui: ui),
                   x: area.x, y: plot.maxY + 1, width: area.width, ui: ui)
    }

    static func strokeWidths(_ buf: inout ScreenBuffer, _ area: Rect, _ histogram: [Int], split: String, ui: UIStyle) {
        guard area.height >= 4, area.width >= 20, !histogram.isEmpty else { return }
        let bin = DatasetSplitStats.strokeBinWidth
        let total = max(1, histogram.reduce(0, +))
        var median = 0, seen = 0
        for (i, n) in histogram.enumerated() { seen += n; if seen * 2 >= total { median = i; break } }
        buf.put("Stroke width (\(split), px per image)", x: area.x, y: area.y, style: .bold, maxWidth: area.width)
        // The scale may go inside the plot, where the widest strokes leave it empty.
        let step = max(1, min(3, (area.width - 1) / histogram.count))
        let plot = Rect(x: area.x, y: area.y + 1, width: histogram.count * step, height: area.height - 3)
        PixelCharts.columns(&buf, plot, histogram.flatMap { Array(repeating: Double($0), count: step) }, ui: ui, style: ui.good)
        let last = Double(histogram.count) * bin
        axis(&buf, x: plot.x, y: plot.maxY, width: plot.width, left: "0", right: Format.fixed(last, 1) + " px", ui: ui)
        let caption = "median \(Format.fixed(Double(median) * bin, 1))–\(Format.fixed(Double(median + 1) * bin, 1)) px; \(Format.fixed(bin, 1)) px a bar"
        putCaption(&buf, caption, scale(&buf, plot, area, top: share(histogram.max() ?? 0, of: total), of: "of images", ui: ui),
                   x: area.x, y: plot.maxY + 1, width: area.width, ui: ui)
    }

    /// Columns kept at the right of the bars for the scale (" 29.8%").
    static let scaleWidth = 7

    static func share(_ n: Int, of total: Int) -> String { Format.fixed(Double(n) / Double(max(1, total)) * 100, 1) + "%" }

    /// The y scale: the tallest bar's share on the plot's top row and 0 % on its bottom row, at
    /// the right of the bars when there is room, else inside the plot's right end when the bars
    /// leave it blank; the caption's end (returned) says what the numbers are, or the tallest
    /// bar's share when neither place is free.
    static func scale(_ buf: inout ScreenBuffer, _ plot: Rect, _ area: Rect, top: String, of what: String, ui: UIStyle) -> String {
        guard plot.height >= 2 else { return "; tallest bar \(top) \(what)" }
        var x = plot.maxX + 1
        if area.maxX - x < top.count {
            x = plot.maxX - top.count
            let blank = x >= plot.x && (x..<plot.maxX).allSatisfy { buf[$0, plot.y].character == " " && buf[$0, plot.maxY - 1].character == " " }
            guard blank else { return "; tallest bar \(top) \(what)" }
        }
        buf.put(top, x: x, y: plot.y, style: ui.muted)
        buf.put("0%", x: x + top.count - 2, y: plot.maxY - 1, style: ui.muted)
        return "; bars in % \(what)"
    }

    /// The caption with the scale's words when they fit whole (half a phrase misleads).
    static func putCaption(_ buf: inout ScreenBuffer, _ caption: String, _ scaleWords: String, x: Int, y: Int, width: Int, ui: UIStyle) {
        let whole = TextWidth.of(caption + scaleWords) <= width ? caption + scaleWords : caption
        buf.put(whole, x: x, y: y, style: ui.muted, maxWidth: width)
    }

    /// `0 ──────── 255` under a chart.
    static func axis(_ buf: inout ScreenBuffer, x: Int, y: Int, width: Int, left: String, right: String, ui: UIStyle) {
        let fill = max(1, width - left.count - right.count - 2)
        buf.put(left + " " + String(repeating: ui.caps.unicode ? "─" : "-", count: fill) + " " + right, x: x, y: y, style: ui.muted)
    }

    /// One bar per value, in eighths of a cell, scaled to the largest.
    static func columns(_ buf: inout ScreenBuffer, _ area: Rect, _ values: [Double], ui: UIStyle, style: Style) {
        guard area.height > 0, let top = values.max(), top > 0, top.isFinite else { return }
        let eighths: [Character] = ui.caps.unicode ? [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] : [" ", ".", ".", ":", ":", "|", "|", "#", "#"]
        for (i, v) in values.enumerated() where v.isFinite {
            let level = Int((max(0, v) / top * Double(area.height * 8)).rounded())
            for r in 0..<area.height {
                let fill = min(8, max(0, level - r * 8))
                if fill > 0 { buf[area.x + i, area.maxY - 1 - r] = Cell(character: eighths[fill], style: style) }
            }
        }
    }
}
