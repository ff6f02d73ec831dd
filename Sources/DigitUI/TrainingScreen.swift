import DigitApp

enum TrainingScreen {
    // MARK: the form

    static func drawForm(_ buf: inout ScreenBuffer, form: TrainForm, missing: String?, download: DownloadView, ui: UIStyle) {
        buf.put("Train a new model on MNIST", x: 2, y: 2, style: ui.accent)
        let values = [form.preset.rawValue, String(form.epochs), String(form.batchSize), "\(form.learningRate)",
                      form.augment ? "on" : "off", String(form.seed), form.name + (form.selected == 6 ? "_" : ""), ""]
        for (i, field) in TrainForm.fields.enumerated() {
            let y = 4 + i * 2 - (i == 7 ? 0 : 0)
            let isSel = i == form.selected
            if i == 7 {
                buf.put(" [ Start training ] ", x: 4, y: y, style: isSel ? ui.selected : .bold)
                continue
            }
            buf.put(LoadScreen.pad(field, 16), x: 4, y: y, style: isSel ? .bold : .plain)
            let arrows = isSel && i != 6 ? (ui.caps.unicode ? ("◀ ", " ▶") : ("< ", " >")) : ("  ", "  ")
            buf.put(arrows.0 + values[i] + arrows.1, x: 21, y: y, style: isSel ? ui.selected : .plain)
        }
        buf.put(describe(form.preset), x: 44, y: 4, style: ui.muted, maxWidth: buf.width - 46)
        if let missing {
            let y = buf.height - 7
            buf.put("MNIST not found.", x: 4, y: y, style: ui.bad)
            for (i, line) in wrap(missing, width: buf.width - 8).prefix(3).enumerated() {
                buf.put(line, x: 4, y: y + 1 + i, style: ui.muted)
            }
            switch download {
            case .idle: buf.put("Press d to download it now.", x: 22, y: y, style: ui.accent)
            case let .running(file, fraction):
                buf.put("\(file) \(ui.bar(fraction, width: 20)) \(Int(fraction * 100))%", x: 22, y: y, style: ui.accent, maxWidth: buf.width - 24)
            case let .failed(error): buf.put("download failed: \(error)", x: 22, y: y, style: ui.bad, maxWidth: buf.width - 24)
            }
        }
    }

    static func describe(_ p: Preset) -> String {
        switch p {
        case .mlp: return "784-128-128-10, ~1 s/epoch"
        case .cnn: return "classic MNIST CNN, 1.2 M params"
        case .small: return "small convnet, 35 k params"
        case .deep: return "BN CNN of the shipped model"
        case .fast: return "LeNet-style, 99% in 2 epochs"
        }
    }

    // MARK: the dashboard

    static func drawDashboard(_ buf: inout ScreenBuffer, view: TrainingView, ui: UIStyle) {
        let f = view.form
        buf.put("Training \(f.preset.rawValue): \(f.epochs) epoch(s), batch \(f.batchSize), lr \(f.learningRate), augmentation \(f.augment ? "on" : "off"), seed \(f.seed)",
                x: 2, y: 2, style: ui.accent, maxWidth: buf.width - 4)
        let barWidth = max(10, buf.width - 58)
        if let p = view.latest {
            let frac = p.batches > 0 ? Double(p.batch) / Double(p.batches) : 0
            buf.put("Epoch \(p.epoch)/\(p.epochs)", x: 2, y: 4, style: .bold)
            buf.put(ui.bar(frac, width: barWidth), x: 16, y: 4, style: ui.barOn)
            buf.put("\(Int(frac * 100))% \(p.batch)/\(p.batches) batches \(Format.grouped(Int(p.imagesPerSecond))) img/s ETA \(Format.duration(p.eta))",
                    x: 17 + barWidth, y: 4, maxWidth: buf.width - 18 - barWidth)
            let done = Double(p.epoch - 1) + frac
            let total = Double(max(1, p.epochs))
            // From the events only, so drawing stays a pure function of the state.
            let elapsed = view.epochs.reduce(0) { $0 + $1.seconds } + p.epochElapsed
            let eta = done > 0 ? elapsed / done * (total - done) : 0
            buf.put("Overall", x: 2, y: 5, style: .bold)
            buf.put(ui.bar(done / total, width: barWidth), x: 16, y: 5, style: ui.barOn)
            buf.put("\(Int(done / total * 100))% elapsed \(Format.duration(elapsed)) ETA \(Format.duration(eta))",
                    x: 17 + barWidth, y: 5, maxWidth: buf.width - 18 - barWidth)
            buf.put("loss \(Format.fixed(p.loss, 4))   accuracy \(Format.fixed(p.accuracy * 100, 2))%", x: 16, y: 6)
        } else {
            buf.put("Loading MNIST and building the network…", x: 2, y: 4, style: ui.muted)
        }
        if view.cancelling { buf.put("Cancelling after this batch…", x: 2, y: 7, style: ui.bad) }

        buf.put("Epoch  Train loss  Train acc  Val loss  Val acc   Seconds", x: 2, y: 9, style: .bold)
        let rows = max(1, buf.height - 13)
        for (i, e) in view.epochs.suffix(rows).enumerated() {
            let line = pad(String(e.epoch), 7) + pad(Format.fixed(e.trainLoss, 4), 12) + pad(Format.fixed(e.trainAccuracy * 100, 2) + "%", 11)
                + pad(e.validationLoss.map { Format.fixed($0, 4) } ?? "-", 10)
                + pad(e.validationAccuracy.map { Format.fixed($0 * 100, 2) + "%" } ?? "-", 10) + Format.fixed(e.seconds, 1)
            buf.put(line, x: 2, y: 10 + i)
        }
        if buf.width >= 80 { drawChart(&buf, epochs: view.epochs, x: 62, y: 9, width: buf.width - 64, height: buf.height - 12, ui: ui) }
    }

    /// Loss and accuracy per epoch as two small bar charts.
    static func drawChart(_ buf: inout ScreenBuffer, epochs: [EpochSummary], x: Int, y: Int, width: Int, height: Int, ui: UIStyle) {
        guard width >= 8, height >= 6 else { return }
        let half = (height - 2) / 2
        let shown = Array(epochs.suffix(width))
        let losses = shown.map(\.trainLoss), accs = shown.map { $0.validationAccuracy ?? $0.trainAccuracy }
        buf.put("loss", x: x, y: y, style: .bold)
        column(&buf, losses, x: x, y: y + 1, height: half - 1, ui: ui, style: ui.bad)
        buf.put("accuracy", x: x, y: y + half + 1, style: .bold)
        let lo = max(0, (accs.min() ?? 0) - 0.005)
        column(&buf, accs.map { $0 - lo }, x: x, y: y + half + 2, height: half - 1, ui: ui, style: ui.good)
    }

    static func column(_ buf: inout ScreenBuffer, _ values: [Double], x: Int, y: Int, height: Int, ui: UIStyle, style: Style) {
        guard height > 0, let top = values.max(), top > 0 else { return }
        let eighths: [Character] = ui.caps.unicode ? [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] : [" ", ".", ".", ":", ":", "|", "|", "#", "#"]
        for (i, v) in values.enumerated() {
            let level = Int((v / top * Double(height * 8)).rounded())
            for r in 0..<height {
                let fill = min(8, max(0, level - r * 8))
                if fill > 0 { buf[x + i, y + height - 1 - r] = Cell(character: eighths[fill], style: style) }
            }
        }
    }

    // MARK: results

    static func drawResults(_ buf: inout ScreenBuffer, results r: ResultsView, ui: UIStyle) {
        let m = r.metrics
        buf.put("Test accuracy \(Format.fixed(m.accuracy * 100, 2))% (\(m.correct)/\(m.total)) after \(r.epochs.count) epoch(s), \(Format.duration(r.seconds))\(r.cancelled ? " — cancelled, best epoch kept" : "")",
                x: 2, y: 2, style: ui.accent, maxWidth: buf.width - 4)
        buf.put("Confusion matrix (rows: true digit, columns: prediction)", x: 2, y: 4, style: .bold)
        buf.put("     " + (0..<10).map { pad("  \($0)", 6) }.joined() + " class acc.", x: 2, y: 5, style: .bold)
        for row in 0..<10 {
            let y = 6 + row
            buf.put(" \(row) ", x: 2, y: y, style: .bold)
            let rowTotal = max(1, m.confusion[row].reduce(0, +))
            for col in 0..<10 {
                let count = m.confusion[row][col]
                let share = Double(count) / Double(rowTotal)
                let text = String(repeating: " ", count: max(0, 5 - String(count).count)) + String(count) + " "
                buf.put(text, x: 7 + col * 6, y: y, style: heat(share, diagonal: row == col, ui: ui))
            }
            buf.put(" " + Format.fixed(m.recall(row) * 100, 2) + "%", x: 67, y: y)
        }
        let y = 17
        buf.put("Save as: ", x: 2, y: y, style: .bold)
        buf.put(r.saveName + "_", x: 11, y: y, style: ui.selected)
        buf.put("→ saved_models/\(r.saveName).safetensors  (Enter saves, Esc skips)", x: 13 + r.saveName.count, y: y, style: ui.muted, maxWidth: buf.width - 15 - r.saveName.count)
        if let e = r.saveError { buf.put(e, x: 2, y: y + 1, style: ui.bad, maxWidth: buf.width - 4) }
    }

    /// A shade for a share of the row: darker background for more, the diagonal green.
    static func heat(_ share: Double, diagonal: Bool, ui: UIStyle) -> Style {
        guard share > 0 else { return ui.muted }
        if ui.caps.color {
            if diagonal { return Style(bold: true, foreground: 16, background: 114) }
            let level = min(23, 4 + Int(share * 200))
            return Style(foreground: 231, background: 232 + level)
        }
        return diagonal ? .bold : (share >= 0.01 ? .reverse : .plain)
    }

    static func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }

    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = [], current = ""
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            if current.count + word.count + 1 > width && !current.isEmpty { lines.append(current); current = "" }
            current += (current.isEmpty ? "" : " ") + word
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
