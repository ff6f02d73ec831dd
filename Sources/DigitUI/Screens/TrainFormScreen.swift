import DigitApp

/// The train form: architecture, epochs, … , the model's name, and "Start training"; and,
/// when MNIST is missing, where it was looked for and the offer to download it.
enum TrainFormScreen {
    enum Command: Sendable { case previous, next, decrease, increase, confirm, download, back, quit }

    static let keys = KeyTable<Command>([
        KeyBinding(label: "↑↓", short: "field", help: "move between fields (k, j and Tab too)",
                   [(.up, .previous), (.char("k"), .previous), (.down, .next), (.char("j"), .next), (.tab, .next)]),
        KeyBinding(label: "←→", short: "change", help: "change the value (h and l too)",
                   [(.left, .decrease), (.char("h"), .decrease), (.right, .increase), (.char("l"), .increase)]),
        KeyBinding([.enter], .confirm, label: "Enter", short: "next/start", help: "next field / start training"),
        KeyBinding([.char("d")], .download, label: "d", short: "download", help: "download MNIST (when it is missing)"),
        KeyBinding([.escape, .char("b")], .back, label: "Esc", short: "back", help: "back to the start menu"),
        KeyBinding([.char("q")], .quit, label: "q", short: "quit", help: "quit", inStatusLine: false),
    ])
    static let notes = ["In the name field letters are typed; ↑↓, Enter and Esc move on."]

    /// The table's rows that apply now: "d download" only while MNIST is missing.
    static func hints(form: TrainForm, missing: Bool) -> [KeyHint] {
        keys.bindings.filter { missing || $0.keys.first?.command != .download }.map(\.hint)
    }

    static func open(_ s: inout AppState) -> [Effect] {
        s.screen = .trainForm(TrainForm(), missingData: nil, download: .idle)
        return [.checkData]
    }

    static func handle(_ key: Key, form: TrainForm, missing: String?, download: DownloadView, _ s: inout AppState) -> [Effect] {
        var form = form
        defer { if case .trainForm = s.screen { s.screen = .trainForm(form, missingData: missing, download: download) } }
        if form.focus == .name {
            // Typing the model name: letters are text here, not commands.
            switch key {
            case let .char(c) where TrainForm.isNameCharacter(c):
                if form.name.count < TrainForm.nameLimit { form.name.append(c) }
                return []
            case .backspace:
                if !form.name.isEmpty { form.name.removeLast() }
                return []
            case .char, .left, .right: return []
            default: break
            }
        }
        guard let command = keys.command(for: key) else { return [] }
        switch command {
        case .previous: form.focus = form.focus.previous()
        case .next: form.focus = form.focus.next()
        case .decrease: form.adjust(-1)
        case .increase: form.adjust(+1)
        case .download: if missing != nil { return [.download] }
        case .back: s.screen = .start(selected: 1)
        case .quit: s.quit = true
        case .confirm:
            guard form.focus == .start else { form.focus = form.focus.next(); break }
            if missing != nil {
                s.message = "MNIST is missing: press d to download it, or put the files where shown"
            } else {
                s.screen = .training(TrainingView(form: form))
                return [.startTraining(form.request)]
            }
        }
        return []
    }

    /// Layout: labels, then values with ◀ ▶, then the architecture's description; two rows a
    /// field (one when the "MNIST missing" block needs the room).
    static let columns: [Size] = [.length(2), .length(17), .length(23), .min(0)]
    /// Rows the "MNIST missing" block needs at least: a gap, its heading, three lines of text.
    static let missingRows = 5

    static func draw(_ buf: inout ScreenBuffer, _ area: Rect, form: TrainForm, missing: String?, download: DownloadView, ui: UIStyle) {
        let inner = area.inset(left: 2, top: 1, right: 2)
        let count = TrainForm.Field.allCases.count
        let below = missing == nil ? 0 : missingRows
        let spacing = inner.height - 2 - below >= 2 * (count - 1) + 1 ? 2 : 1
        let rows = inner.rows([.length(1), .length(1), .length(spacing * (count - 1) + 1), .min(0)])
        buf.put("Train a new model on MNIST", x: rows[0].x, y: rows[0].y, style: ui.accent)
        let fields = rows[2]
        let cols = fields.columns(columns)
        let (label, value, about) = (cols[1], cols[2], cols[3])
        for field in TrainForm.Field.allCases {
            let y = fields.y + field.rawValue * spacing
            let focused = field == form.focus
            if field == .start {
                buf.put(" [ Start training ] ", x: label.x, y: y, style: focused ? ui.selected : .bold)
                continue
            }
            buf.put(TextWidth.pad(field.title, label.width - 1), x: label.x, y: y, style: focused ? .bold : .plain)
            let text = field == .name ? form.name + (focused ? "_" : "") : form.value(field)
            let arrows = focused && field != .name ? (ui.caps.unicode ? ("◀ ", " ▶") : ("< ", " >")) : ("  ", "  ")
            buf.put(arrows.0 + text + arrows.1, x: value.x, y: y, style: focused ? ui.selected : .plain, maxWidth: value.width + about.width)
        }
        buf.put(describe(form.request.preset), x: about.x, y: fields.y, style: ui.muted, maxWidth: about.width)
        if let missing { drawMissing(&buf, rows[3].inset(left: 2), why: missing, download: download, ui: ui) }
    }

    /// Where MNIST was looked for, and the download's state, below a blank row.
    static func drawMissing(_ buf: inout ScreenBuffer, _ area: Rect, why: String, download: DownloadView, ui: UIStyle) {
        let box = area.rows([.length(1), .length(1), .min(0)])
        let (head, text) = (box[1], box[2])
        buf.put("MNIST not found.", x: head.x, y: head.y, style: ui.bad)
        for (i, line) in TextWidth.wrap(why, width: text.width - 2).prefix(text.height).enumerated() {
            buf.put(line, x: text.x, y: text.y + i, style: ui.muted)
        }
        let status = head.columns([.length(18), .min(0)])[1]
        switch download {
        case .idle: buf.put("Press d to download it now.", x: status.x, y: status.y, style: ui.accent)
        case let .running(file, fraction):
            buf.put("\(file) \(ui.bar(fraction, width: 20)) \(Format.fixed(fraction * 100, 0))%", x: status.x, y: status.y, style: ui.accent, maxWidth: status.width)
        case let .failed(error): buf.put("download failed: \(error)", x: status.x, y: status.y, style: ui.bad, maxWidth: status.width)
        }
    }

    static func describe(_ p: Preset) -> String {
        switch p {
        case .mlp: return "784-128-128-10, ~1 s/epoch"
        case .cnn: return "classic MNIST CNN, 1.2 M params"
        case .small: return "small convnet, 35 k params"
        case .deep: return "BN CNN of the shipped model"
        case .fast: return "LeNet-style, 99% in 2 epochs"
        case .sprint: return "99% in 1 epoch (set epochs to 1)"
        }
    }
}
