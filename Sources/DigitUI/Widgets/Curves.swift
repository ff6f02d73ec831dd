import DigitApp

/// The epoch table and the loss and accuracy charts together: on the training dashboard, the
/// results screen and a saved model's details.
enum Curves {
    /// The table beside the charts from this width on; above them below it.
    static let tableBeside = EpochTable.width + 2 + Chart.sideBySide
    static let preferredChartRows = 8

    /// `trace`: the epoch being trained, charted instead while fewer than two epochs are done
    /// (one epoch is a single dot); the dashboard's, not a finished run's.
    static func draw(_ buf: inout ScreenBuffer, _ area: Rect, epochs: [EpochSummary], trace: EpochTrace? = nil, ui: UIStyle) {
        // With one epoch done, its train and validation dots stay until the trace has a line.
        let live = trace.flatMap { t in (epochs.isEmpty && !t.points.isEmpty) || (epochs.count == 1 && t.points.count >= 2) ? t : nil }
        func charts(_ r: Rect) {
            if let live { Chart.lossAndAccuracy(&buf, r, trace: live, ui: ui) } else { Chart.lossAndAccuracy(&buf, r, epochs: epochs, ui: ui) }
        }
        if area.width >= tableBeside {
            let cols = area.columns([.length(EpochTable.width), .length(2), .min(0)])
            EpochTable.draw(&buf, cols[0], epochs)
            charts(cols[2])
            return
        }
        // The table's newest rows above the charts, leaving the charts their minimum.
        let chartRows = Chart.minHeight(width: area.width)
        // The charts want 8 rows (5 of plot); the table takes what is left, at least one epoch.
        let tableRows = 1 + min(max(1, epochs.count), max(1, area.height - max(chartRows, preferredChartRows) - 1))
        let gap = area.height - tableRows - chartRows >= 1 ? 1 : 0
        let rows = area.rows([.length(tableRows), .length(gap), .min(0)])
        EpochTable.draw(&buf, rows[0], epochs)
        charts(rows[2])
    }
}

/// One row per finished epoch: losses, accuracies and seconds; the newest rows when they do
/// not all fit.
enum EpochTable {
    /// The columns: epoch, train loss, train acc., val. loss, val. acc., then seconds.
    static let columns = [7, 12, 11, 10, 10]
    static let width = 60

    static func draw(_ buf: inout ScreenBuffer, _ area: Rect, _ epochs: [EpochSummary]) {
        guard area.height > 0 else { return }
        // A run without validation (a fine-tune checks on the held-back digits instead) has no
        // columns of dashes (walkthrough); epochs cut at the top are said.
        let validated = epochs.contains { $0.validationLoss != nil || $0.validationAccuracy != nil }
        let rows = max(0, area.height - 1)
        let cut = epochs.count > rows ? "   (last \(rows) of \(epochs.count))" : ""
        // A cancel after half an epoch keeps it: its row says how much of it ran ("2 61%"), and
        // the first column widens for it (review: "1000 61%" was cut to "1000 6").
        func epochCell(_ e: EpochSummary) -> String { e.isPartial ? "\(e.epoch) \(EpochCount.percent(e.fraction))" : String(e.epoch) }
        let shown = epochs.suffix(rows)
        let widths = [max(columns[0], (shown.map { TextWidth.of(epochCell($0)) }.max() ?? 0) + 2)] + columns.dropFirst()
        let header = TextWidth.pad("Epoch", widths[0]) + (validated ? "Train loss  Train acc  Val loss  Val acc   Seconds" : "Train loss  Train acc  Seconds")
        buf.put(header + cut, x: area.x, y: area.y, style: .bold, maxWidth: area.width)
        for (i, e) in shown.enumerated() {
            var cells = [epochCell(e), Format.fixed(e.trainLoss, 4), Format.fixed(e.trainAccuracy * 100, 2) + "%"]
            if validated {
                cells += [e.validationLoss.map { Format.fixed($0, 4) } ?? "-", e.validationAccuracy.map { Format.fixed($0 * 100, 2) + "%" } ?? "-"]
            }
            // A file made under SOURCE_DATE_EPOCH keeps no seconds (read back as 0).
            let line = zip(cells, widths).map { TextWidth.pad($0, $1) }.joined() + (e.seconds > 0 ? Format.fixed(e.seconds, 1) : "-")
            buf.put(line, x: area.x, y: area.y + 1 + i, maxWidth: area.width)
        }
    }
}
