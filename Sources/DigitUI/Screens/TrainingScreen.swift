import DigitApp

/// The live dashboard while training runs: progress of the epoch and of the run, the last
/// batch's loss and accuracy, one row per finished epoch, and a chart of them.
enum TrainingScreen {
    enum Command: Sendable { case cancel }

    static let keys = KeyTable<Command>([
        KeyBinding([.char("c"), .char("q"), .escape], .cancel, label: "c/q/Esc", short: "cancel (keeps the best model so far)",
                   help: "cancel after the current batch, keeping the best model so far"),
    ])
    static let notes = ["Training runs in the background: the screen stays live."]

    static func handle(_ key: Key, view: TrainingView, _ s: inout AppState) -> [Effect] {
        guard keys.command(for: key) == .cancel, !view.cancelling else { return [] }
        var view = view
        view.cancelling = true
        s.screen = .training(view)
        return [.cancelTraining]
    }

    static func apply(_ event: TrainingEvent, to view: inout TrainingView) {
        switch event {
        case let .started(plan): view.plan = plan
        case let .batchFinished(p): view.latest = p
        case let .epochFinished(e): view.epochs.append(e)
        default: break
        }
    }

    /// The epoch table's columns: epoch, train loss, train acc., val. loss, val. acc., seconds.
    static let tableColumns = [7, 12, 11, 10, 10]
    static let tableWidth = 60, labelWidth = 14, minBar = 10
    /// Columns the text after a progress bar needs at 80 columns.
    static let barText = 40

    static func draw(_ buf: inout ScreenBuffer, _ area: Rect, view: TrainingView, ui: UIStyle) {
        let inner = area.inset(left: 2, top: 1, right: 2)
        let rows = inner.rows([.length(1), .length(1), .length(1), .length(1), .length(1), .length(1), .length(1), .min(0)])
        let f = view.form.request
        buf.put("Training \(f.preset.rawValue): \(f.epochs) epoch(s), batch \(f.batchSize), lr \(f.effectiveLearningRate), augmentation \(f.augment ? "on" : "off"), seed \(f.seed)",
                x: rows[0].x, y: rows[0].y, style: ui.accent, maxWidth: rows[0].width)
        if let p = view.latest {
            drawProgress(&buf, epochRow: rows[2], overallRow: rows[3], lossRow: rows[4], p, finished: view.epochs, ui: ui)
        } else {
            buf.put("Loading MNIST and building the network…", x: rows[2].x, y: rows[2].y, style: ui.muted)
        }
        if view.cancelling { buf.put("Cancelling after this batch…", x: rows[5].x, y: rows[5].y, style: ui.bad) }
        let lower = rows[7].inset(bottom: 1).columns([.length(tableWidth), .min(0)])
        drawTable(&buf, lower[0], view.epochs)
        Chart.lossAndAccuracy(&buf, lower[1], epochs: view.epochs, ui: ui)
    }

    static func drawProgress(_ buf: inout ScreenBuffer, epochRow: Rect, overallRow: Rect, lossRow: Rect, _ p: BatchProgress,
                             finished: [EpochSummary], ui: UIStyle) {
        let barWidth = max(minBar, epochRow.width - labelWidth - barText)
        func row(_ r: Rect, _ label: String, _ fraction: Double, _ text: String) {
            let cols = r.columns([.length(labelWidth), .length(barWidth), .length(1), .min(0)])
            buf.put(label, x: cols[0].x, y: r.y, style: .bold)
            buf.put(ui.bar(fraction, width: barWidth), x: cols[1].x, y: r.y, style: ui.barOn)
            buf.put(text, x: cols[3].x, y: r.y, maxWidth: cols[3].width)
        }
        let frac = p.batches > 0 ? Double(p.batch) / Double(p.batches) : 0
        row(epochRow, "Epoch \(p.epoch)/\(p.epochs)", frac,
            "\(percent(frac)) \(p.batch)/\(p.batches) batches \(Format.grouped(whole(p.imagesPerSecond))) img/s ETA \(Format.duration(p.eta))")
        let done = Double(p.epoch - 1) + frac
        let total = Double(max(1, p.epochs))
        // From the events only, so drawing stays a pure function of the state.
        let elapsed = finished.reduce(0) { $0 + $1.seconds } + p.epochElapsed
        let eta = done > 0 ? elapsed / done * (total - done) : 0
        row(overallRow, "Overall", done / total, "\(percent(done / total)) elapsed \(Format.duration(elapsed)) ETA \(Format.duration(eta))")
        buf.put("loss \(Format.fixed(p.loss, 4))   accuracy \(Format.fixed(p.accuracy * 100, 2))%", x: lossRow.x + labelWidth, y: lossRow.y)
    }

    /// A rate as a whole number; 0 when it is not a finite number.
    static func whole(_ v: Double) -> Int { v.isFinite ? Int(min(1e15, max(0, v)).rounded()) : 0 }

    /// 0.503 → "50%" (rounded down, as a progress bar fills).
    static func percent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return "--%" }
        return Format.fixed((min(1, max(0, fraction)) * 100).rounded(.down), 0) + "%"
    }

    static func drawTable(_ buf: inout ScreenBuffer, _ area: Rect, _ epochs: [EpochSummary]) {
        buf.put("Epoch  Train loss  Train acc  Val loss  Val acc   Seconds", x: area.x, y: area.y, style: .bold)
        let rows = max(1, area.height - 1)
        for (i, e) in epochs.suffix(rows).enumerated() {
            let cells = [String(e.epoch), Format.fixed(e.trainLoss, 4), Format.fixed(e.trainAccuracy * 100, 2) + "%",
                         e.validationLoss.map { Format.fixed($0, 4) } ?? "-",
                         e.validationAccuracy.map { Format.fixed($0 * 100, 2) + "%" } ?? "-"]
            let line = zip(cells, tableColumns).map { TextWidth.pad($0, $1) }.joined() + Format.fixed(e.seconds, 1)
            buf.put(line, x: area.x, y: area.y + 1 + i, maxWidth: area.width)
        }
    }
}
