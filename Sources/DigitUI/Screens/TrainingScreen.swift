import DigitApp

/// The live dashboard while training (or fine-tuning) runs: progress of the epoch and of the
/// run, the last batch's loss and accuracy, the epoch table and the loss and accuracy charts;
/// and, when the run cannot start or fails, why, in full.
enum TrainingScreen {
    enum Command: Sendable { case cancel }

    static let keys = KeyTable<Command>([
        KeyBinding([.char("c"), .char("q"), .escape], .cancel, label: "c/q/Esc", short: "cancel (keeps the best model so far)",
                   help: "cancel after the current batch, keeping the best model so far"),
    ])
    static let notes = ["Training runs in the background: the screen stays live."]

    /// After a failure: back to where the run was started.
    enum FailedCommand: Sendable { case back }
    static let failedKeys = KeyTable<FailedCommand>([
        KeyBinding([.escape, .enter, .char("b"), .char("q")], .back, label: "Esc", short: "back", help: "back to the form (or the gallery)"),
    ])

    static func hints(_ view: TrainingView) -> [KeyHint] { view.failure == nil ? keys.hints : failedKeys.hints }

    static func handle(_ key: Key, view: TrainingView, _ s: inout AppState) -> [Effect] {
        if view.failure != nil {
            guard failedKeys.command(for: key) == .back else { return [] }
            if view.fineTune != nil { s.screen = .gallery; return GalleryScreen.recognizeIfNeeded(&s) }
            s.screen = .trainForm(view.form, missingData: nil, download: .idle)
            return [.checkData]
        }
        guard keys.command(for: key) == .cancel, !view.cancelling else { return [] }
        return stop(view, &s)
    }

    /// Stops the run after the current batch (the best epoch is kept).
    static func stop(_ view: TrainingView, _ s: inout AppState) -> [Effect] {
        var view = view
        view.cancelling = true
        s.screen = .training(view)
        return [.cancelTraining]
    }

    /// Ctrl-C while a run is going stops it as `c` does, so the epochs done are kept and offered
    /// for saving (walkthrough: Ctrl-C threw them away, where `digitrec train` saves them); a
    /// second Ctrl-C, while it stops, quits.
    static func stopsOnInterrupt(_ s: AppState) -> Bool {
        guard case let .training(view) = s.screen else { return false }
        return view.failure == nil && !view.cancelling
    }

    /// Said while the run stops; gone with the run (walkthrough: it stayed under the results).
    /// The second Ctrl-C is the program's: it quits at once, the run with it (walkthrough,
    /// session 28: "Ctrl-C again quits" did not say the kept epoch goes too).
    static let interruptMessage = "Ctrl-C: the run stops after this batch and keeps the best epoch (Ctrl-C again quits now, without it)"

    static func interrupt(_ s: inout AppState) -> [Effect] {
        guard stopsOnInterrupt(s), case let .training(view) = s.screen else { return [] }
        s.message = interruptMessage
        return stop(view, &s)
    }

    static func apply(_ event: TrainingEvent, to view: inout TrainingView) {
        switch event {
        case let .started(plan): view.plan = plan
        case let .batchFinished(p): view.latest = p; view.trace.add(p)
        case let .epochFinished(e): view.epochs.append(e)
        default: break
        }
    }

    static let labelWidth = 14, minBar = 10
    /// Columns the text after a progress bar needs at 80 columns.
    static let barText = 44

    static func draw(_ buf: inout ScreenBuffer, _ area: Rect, view: TrainingView, ui: UIStyle) {
        let inner = area.inset(left: 2, top: 1, right: 2)
        let rows = inner.rows([.length(1), .length(1), .length(1), .length(1), .length(1), .length(1), .length(1), .min(0)])
        // Two rows when it does not fit one: at 80 columns a fine-tuning's settings ended "MNIST r".
        // Beyond two (a long model or folder path) the second row ends in an ellipsis, so the cut shows.
        var heading = headingLines(ui.text(title(view)), width: rows[0].width)
        if heading.count > 2 {
            let mark = ui.text("…")
            heading = [heading[0], TextWidth.prefix(heading[1...].joined(separator: " "), width: max(0, rows[1].width - TextWidth.of(mark))) + mark]
        }
        for (i, line) in heading.enumerated() {
            buf.put(line, x: rows[i].x, y: rows[i].y, style: ui.accent, maxWidth: rows[i].width)
        }
        if let failure = view.failure {
            drawFailure(&buf, rows[2].x, rows[2].y, width: rows[2].width, failure, fineTune: view.fineTune != nil, ui: ui)
            return
        }
        if let p = view.latest {
            drawProgress(&buf, epochRow: rows[2], overallRow: rows[3], lossRow: rows[4], p, finished: view.epochs, ui: ui)
        } else {
            let loading = view.fineTune == nil ? "Loading MNIST and building the network…" : "Reading your labelled digits and MNIST…"
            buf.put(ui.text(loading), x: rows[2].x, y: rows[2].y, style: ui.muted)
        }
        if view.cancelling {
            buf.put(ui.text("Cancelling after this batch…"), x: rows[5].x, y: rows[5].y, style: ui.bad)
        } else if view.evaluating {
            let what = view.fineTune == nil ? "the MNIST test set" : "your held-back digits and the MNIST test set, before and after"
            buf.put(ui.text("Evaluating on \(what)…"), x: rows[5].x, y: rows[5].y, style: ui.accent, maxWidth: rows[5].width)
        }
        Curves.draw(&buf, rows[7].inset(bottom: 1), epochs: view.epochs, trace: view.trace, ui: ui)
    }

    /// The title in lines of `width`, broken between its clauses (", ") where it can be, so a
    /// setting stays with its value ("MNIST replay" / "3,000" was split by the word wrap).
    static func headingLines(_ text: String, width: Int) -> [String] {
        let clauses = text.split(separator: ", ").map(String.init)
        var lines: [String] = [], current = ""
        for (i, clause) in clauses.enumerated() {
            let piece = clause + (i < clauses.count - 1 ? "," : "")
            if current.isEmpty {
                current = piece
            } else if TextWidth.of(current) + 1 + TextWidth.of(piece) <= width {
                current += " " + piece
            } else {
                lines.append(current)
                current = piece
            }
        }
        if !current.isEmpty { lines.append(current) }
        // A clause wider than the line on its own is wrapped by words after all.
        return lines.flatMap { TextWidth.of($0) > width ? TextWidth.wrap($0, width: width) : [$0] }
    }

    static func title(_ view: TrainingView) -> String {
        if let f = view.fineTune {
            return "Fine-tuning \(Path.display(Path.baseName(f.model, dropping: ModelStore.suffix))) on \(Path.display(f.images))/: \(Format.count(f.epochs, "epoch")), lr \(f.learningRate), seed \(f.seed), MNIST replay \(Format.grouped(f.replay))"
        }
        let f = view.form.request
        return "Training \(f.preset.rawValue): \(Format.count(f.epochs, "epoch")), batch \(f.batchSize), lr \(f.effectiveLearningRate), augmentation \(TrainForm.augmentationText(f)), seed \(f.seed)"
    }

    /// The whole reason, wrapped, and where Esc goes.
    static func drawFailure(_ buf: inout ScreenBuffer, _ x: Int, _ y: Int, width: Int, _ failure: String, fineTune: Bool, ui: UIStyle) {
        // "Did not run" read wrong for a run cancelled a few seconds in (walkthrough).
        buf.put(fineTune ? "Fine-tuning stopped without a model:" : "Training stopped without a model:", x: x, y: y, style: ui.bad)
        let lines = TextWidth.wrap(ui.text(failure), width: width - 2)
        for (i, line) in lines.enumerated() { buf.put(line, x: x + 2, y: y + 1 + i) }
        buf.put(fineTune ? "Esc goes back to the gallery." : "Esc goes back to the form.", x: x, y: y + 2 + lines.count, style: ui.muted)
    }

    static func drawProgress(_ buf: inout ScreenBuffer, epochRow: Rect, overallRow: Rect, lossRow: Rect, _ p: BatchProgress,
                             finished: [EpochSummary], ui: UIStyle) {
        let barWidth = max(minBar, epochRow.width - labelWidth - barText)
        func row(_ r: Rect, _ label: String, _ fraction: Double, _ text: String) {
            let cols = r.columns([.length(labelWidth), .length(barWidth), .length(1), .min(0)])
            buf.put(label, x: cols[0].x, y: r.y, style: .bold)
            Widgets.bar(&buf, fraction, x: cols[1].x, y: r.y, width: barWidth, style: ui.barOn, ui: ui)
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
}
