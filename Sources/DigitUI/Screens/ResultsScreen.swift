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

    static func draw(_ buf: inout ScreenBuffer, _ area: Rect, results r: ResultsView, ui: UIStyle) {
        let inner = area.inset(left: 2, top: 1, right: 2)
        let rows = inner.rows([.length(1), .length(1), .length(1), .length(1), .length(10), .length(1), .length(1), .length(1), .min(0)])
        let m = r.metrics
        buf.put("Test accuracy \(Format.fixed(m.accuracy * 100, 2))% (\(m.correct)/\(m.total)) after \(r.epochs.count) epoch(s), \(Format.duration(r.seconds))\(r.cancelled ? " — cancelled, best epoch kept" : "")",
                x: rows[0].x, y: rows[0].y, style: ui.accent, maxWidth: rows[0].width)
        buf.put("Confusion matrix (rows: true digit, columns: prediction)", x: rows[2].x, y: rows[2].y, style: .bold)
        ConfusionMatrixView.draw(&buf, Rect(x: rows[3].x, y: rows[3].y, width: rows[3].width, height: rows[3].height + rows[4].height + rows[5].height), m, ui: ui)
        let save = rows[6]
        let label = "Save as: ", field = r.saveName + "_"
        buf.put(label, x: save.x, y: save.y, style: .bold)
        buf.put(field, x: save.x + label.count, y: save.y, style: ui.selected)
        let after = save.x + label.count + TextWidth.of(field) + 1
        let hint = r.saving ? "saving…" : "→ \(ModelStore.defaultFolder)/\(r.saveName)\(ModelStore.suffix)"
        buf.put(hint, x: after, y: save.y, style: ui.muted, maxWidth: save.maxX - after)
        if let e = r.saveError { buf.put(e, x: rows[7].x, y: rows[7].y, style: ui.bad, maxWidth: rows[7].width) }
    }
}
