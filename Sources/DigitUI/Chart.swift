import DigitApp

/// Loss and accuracy per epoch as two small bar charts, one above the other.
enum Chart {
    static func lossAndAccuracy(_ buf: inout ScreenBuffer, _ area: Rect, epochs: [EpochSummary], ui: UIStyle) {
        guard area.width >= 8, area.height >= 6 else { return }
        // Each chart: a label row and its bars; one blank row between the two.
        let bars = (area.height - 2) / 2 - 1
        let parts = area.rows([.length(1), .length(bars), .length(1), .length(1), .length(bars)])
        let shown = Array(epochs.suffix(area.width))
        let losses = shown.map(\.trainLoss), accs = shown.map { $0.validationAccuracy ?? $0.trainAccuracy }
        buf.put("loss", x: parts[0].x, y: parts[0].y, style: .bold)
        columns(&buf, parts[1], losses, ui: ui, style: ui.bad)
        // Accuracy bars start just below the lowest value, so small gains show.
        buf.put("accuracy", x: parts[3].x, y: parts[3].y, style: .bold)
        let lo = max(0, (accs.min() ?? 0) - 0.005)
        columns(&buf, parts[4], accs.map { $0 - lo }, ui: ui, style: ui.good)
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
