import DigitApp

/// Loss and accuracy per epoch as two line charts (train and validation in each), side by
/// side when the area is wide, else one above the other.
enum Chart {
    /// Below this width the two charts are stacked.
    static let sideBySide = 2 * 34 + 2

    /// Rows the pair needs at least.
    static func minHeight(width: Int) -> Int { width >= sideBySide ? LineChart.minHeight : 2 * LineChart.minHeight + 1 }


    static func lossAndAccuracy(_ buf: inout ScreenBuffer, _ area: Rect, epochs: [EpochSummary], ui: UIStyle) {
        let (a, b) = halves(area)
        loss(epochs, ui: ui).draw(&buf, a, ui: ui)
        accuracy(epochs, ui: ui).draw(&buf, b, ui: ui)
    }

    /// The epoch being trained: its running mean loss and accuracy by batch.
    static func lossAndAccuracy(_ buf: inout ScreenBuffer, _ area: Rect, trace: EpochTrace, ui: UIStyle) {
        let (a, b) = halves(area)
        let batches = trace.points.map(\.batch)
        // "batch 1" under the first point, so the numbers are not read as epochs.
        func label(_ i: Int) -> String { batches.indices.contains(i) ? (i == 0 ? "batch " : "") + String(batches[i]) : "" }
        func series(_ values: [Double]) -> [LineChart.Series] {
            [LineChart.Series(name: "mean so far", shortName: "mean", values: values, style: ui.seriesA, marker: ("•", "o"))]
        }
        LineChart(title: "loss in epoch \(trace.epoch), by batch", shortTitle: "loss, epoch \(trace.epoch)", series: series(trace.points.map(\.loss)), xLabel: label,
                  format: { v, spacing in Format.fixed(v, LineChart.decimals(spacing)) }).draw(&buf, a, ui: ui)
        LineChart(title: "accuracy in epoch \(trace.epoch), by batch", shortTitle: "accuracy, epoch \(trace.epoch)", series: series(trace.points.map(\.accuracy)), xLabel: label,
                  format: { v, spacing in Format.fixed(v * 100, LineChart.decimals(spacing * 100)) + "%" }, bounds: 0...1).draw(&buf, b, ui: ui)
    }

    private static func halves(_ area: Rect) -> (Rect, Rect) {
        let parts: [Rect]
        // Side by side when wide, one above the other when tall (a cell is about twice as tall
        // as it is wide, so a 4:1 area in cells is about square).
        let tall = area.width < 4 * area.height || area.width < sideBySide
        if !tall || area.height < 2 * LineChart.minHeight + 1 {
            let cols = area.columns([.percentage(50), .length(2), .min(0)])
            parts = [cols[0], cols[2]]
        } else {
            let rows = area.rows([.percentage(50), .length(1), .min(0)])
            parts = [rows[0], rows[2]]
        }
        return (parts[0], parts[1])
    }

    static func loss(_ epochs: [EpochSummary], ui: UIStyle) -> LineChart {
        LineChart(title: "loss per epoch", series: series(epochs.map(\.trainLoss), epochs.map(\.validationLoss), ui: ui),
                  firstX: epochs.first?.epoch ?? 1,
                  format: { v, spacing in Format.fixed(v, LineChart.decimals(spacing)) })
    }

    static func accuracy(_ epochs: [EpochSummary], ui: UIStyle) -> LineChart {
        LineChart(title: "accuracy per epoch", series: series(epochs.map(\.trainAccuracy), epochs.map(\.validationAccuracy), ui: ui),
                  firstX: epochs.first?.epoch ?? 1,
                  format: { v, spacing in Format.fixed(v * 100, LineChart.decimals(spacing * 100)) + "%" }, bounds: 0...1)
    }

    static func series(_ train: [Double], _ validation: [Double?], ui: UIStyle) -> [LineChart.Series] {
        [LineChart.Series(name: "train", shortName: "train", values: train, style: ui.seriesA, marker: ("•", "o")),
         LineChart.Series(name: "validation", shortName: "val.", values: validation, style: ui.seriesB, marker: ("×", "x"))]
    }
}
