import DigitApp

/// The dataset's pixel statistics as column charts with their axes: the intensity histogram
/// (log scale: most pixels are paper) and the stroke-width distribution.
enum PixelCharts {
    /// Values 1…255 on a linear scale: value 0 (paper, four fifths of all pixels) would flatten
    /// every other bar, so it is left out and its share written under the chart.
    static func intensity(_ buf: inout ScreenBuffer, _ area: Rect, _ histogram: [Int], split: String, ui: UIStyle) {
        guard area.height >= 4, area.width >= 16, histogram.count == 256 else { return }
        let total = max(1, histogram.reduce(0, +))
        buf.put("Pixel intensity 1–255 (\(split))", x: area.x, y: area.y, style: .bold, maxWidth: area.width)
        // Bins of 255 / columns values each, so the chart fits the width.
        let columns = min(64, area.width - 1)
        let per = (255 + columns - 1) / columns
        let grouped = stride(from: 1, to: 256, by: per).map { start in histogram[start..<min(256, start + per)].reduce(0, +) }
        let plot = Rect(x: area.x, y: area.y + 1, width: grouped.count, height: area.height - 3)
        PixelCharts.columns(&buf, plot, grouped.map(Double.init), ui: ui, style: ui.barOn)
        axis(&buf, x: plot.x, y: plot.maxY, width: grouped.count, left: "1", right: "255", ui: ui)
        let paper = Double(histogram[0]) / Double(total) * 100
        buf.put("0 (paper, not drawn): \(Format.fixed(paper, 1))%", x: area.x, y: plot.maxY + 1, style: ui.muted, maxWidth: area.width)
    }

    static func strokeWidths(_ buf: inout ScreenBuffer, _ area: Rect, _ histogram: [Int], split: String, ui: UIStyle) {
        guard area.height >= 4, area.width >= 20, !histogram.isEmpty else { return }
        let bin = DatasetSplitStats.strokeBinWidth
        let total = max(1, histogram.reduce(0, +))
        var median = 0, seen = 0
        for (i, n) in histogram.enumerated() { seen += n; if seen * 2 >= total { median = i; break } }
        buf.put("Stroke width (\(split), px per image)", x: area.x, y: area.y, style: .bold, maxWidth: area.width)
        let step = max(1, min(3, (area.width - 1) / histogram.count))
        let plot = Rect(x: area.x, y: area.y + 1, width: histogram.count * step, height: area.height - 3)
        PixelCharts.columns(&buf, plot, histogram.flatMap { Array(repeating: Double($0), count: step) }, ui: ui, style: ui.good)
        let last = Double(histogram.count) * bin
        axis(&buf, x: plot.x, y: plot.maxY, width: plot.width, left: "0", right: Format.fixed(last, 1) + " px", ui: ui)
        buf.put("median \(Format.fixed(Double(median) * bin, 1))–\(Format.fixed(Double(median + 1) * bin, 1)) px; \(Format.fixed(bin, 1)) px a bar",
                x: area.x, y: plot.maxY + 1, style: ui.muted, maxWidth: area.width)
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
