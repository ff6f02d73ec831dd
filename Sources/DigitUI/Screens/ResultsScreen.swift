import DigitApp

/// After training: test accuracy, the confusion matrix with each digit's accuracy, and the
/// name to save the model under.
enum ResultsScreen {
    /// `type` is the row that describes typing: letters are text here, never commands.
    enum Command: Sendable { case type, save, skip }

    static let keys = KeyTable<Command>([
        KeyBinding([], .type, label: "type", short: "a name", help: "letters, digits, - _ and . name the model"),
        KeyBinding([.enter], .save, label: "Enter", short: "save", help: "save it atomically into \(ModelStore.defaultFolder)/"),
        KeyBinding([.escape], .skip, label: "Esc", short: "skip saving", help: "skip saving and open the gallery with this model"),
    ])
    static let notes: [String] = []

    static func handle(_ key: Key, results: ResultsView, _ s: inout AppState) -> [Effect] {
        var r = results
        switch key {
        case let .char(c) where TrainForm.isNameCharacter(c):
            if r.saveName.count < TrainForm.nameLimit { r.saveName.append(c) }
        case .backspace:
            if !r.saveName.isEmpty { r.saveName.removeLast() }
        default:
            switch keys.command(for: key) {
            case .save?:
                guard !r.saving else { break }
                if let problem = ModelStore.problem(withName: r.saveName) {
                    r.saveError = problem
                } else {
                    r.saving = true
                    r.saveError = nil
                    s.screen = .results(r)
                    return [.saveModel(name: r.saveName)]
                }
            case .skip?:
                // Leave without saving: straight to the gallery with the trained model.
                s.modelName = "\(r.saveName.isEmpty ? r.form.request.preset.rawValue : r.saveName) (not saved)"
                return [.useTrainedModel] + GalleryScreen.open(&s)
            case .type?, nil: break
            }
        }
        s.screen = .results(r)
        return []
    }

    /// The matrix's columns: the row's digit, ten counts, the row's accuracy.
    static let rowLabelWidth = 5, countWidth = 6

    static func draw(_ buf: inout ScreenBuffer, _ area: Rect, results r: ResultsView, ui: UIStyle) {
        let inner = area.inset(left: 2, top: 1, right: 2)
        let rows = inner.rows([.length(1), .length(1), .length(1), .length(1), .length(10), .length(1), .length(1), .length(1), .min(0)])
        let m = r.metrics
        buf.put("Test accuracy \(Format.fixed(m.accuracy * 100, 2))% (\(m.correct)/\(m.total)) after \(r.epochs.count) epoch(s), \(Format.duration(r.seconds))\(r.cancelled ? " — cancelled, best epoch kept" : "")",
                x: rows[0].x, y: rows[0].y, style: ui.accent, maxWidth: rows[0].width)
        buf.put("Confusion matrix (rows: true digit, columns: prediction)", x: rows[2].x, y: rows[2].y, style: .bold)
        drawMatrix(&buf, header: rows[3], body: rows[4], m, ui: ui)
        let save = rows[6]
        let label = "Save as: ", field = r.saveName + "_"
        buf.put(label, x: save.x, y: save.y, style: .bold)
        buf.put(field, x: save.x + label.count, y: save.y, style: ui.selected)
        let after = save.x + label.count + TextWidth.of(field) + 1
        let hint = r.saving ? "saving…" : "→ \(ModelStore.defaultFolder)/\(r.saveName)\(ModelStore.suffix)"
        buf.put(hint, x: after, y: save.y, style: ui.muted, maxWidth: save.maxX - after)
        if let e = r.saveError { buf.put(e, x: rows[7].x, y: rows[7].y, style: ui.bad, maxWidth: rows[7].width) }
    }

    static func drawMatrix(_ buf: inout ScreenBuffer, header: Rect, body: Rect, _ m: Metrics, ui: UIStyle) {
        buf.put(String(repeating: " ", count: rowLabelWidth) + (0..<10).map { TextWidth.pad("  \($0)", countWidth) }.joined() + " class acc.",
                x: header.x, y: header.y, style: .bold)
        for row in 0..<min(10, m.confusion.count, body.height) {
            let y = body.y + row
            buf.put(" \(row) ", x: body.x, y: y, style: .bold)
            let counts = m.confusion[row]
            let rowTotal = max(1, counts.reduce(0, +))
            for col in 0..<min(10, counts.count) {
                let text = String(counts[col])
                let cell = String(repeating: " ", count: max(0, countWidth - 1 - text.count)) + text + " "
                buf.put(cell, x: body.x + rowLabelWidth + col * countWidth, y: y,
                        style: heat(Double(counts[col]) / Double(rowTotal), diagonal: row == col, ui: ui))
            }
            buf.put(" " + Format.fixed(m.recall(row) * 100, 2) + "%", x: body.x + rowLabelWidth + 10 * countWidth, y: y)
        }
    }

    /// A shade for a share of the row: darker background for more, the diagonal green.
    static func heat(_ share: Double, diagonal: Bool, ui: UIStyle) -> Style {
        guard share > 0 else { return ui.muted }
        if ui.caps.color {
            if diagonal { return Style(bold: true, foreground: 16, background: 114) }
            let level = min(23, 4 + Int(min(1, share) * 200))
            return Style(foreground: 231, background: 232 + level)
        }
        return diagonal ? .bold : (share >= 0.01 ? .reverse : .plain)
    }
}
