import DigitApp

/// The train form: architecture, epochs, … , the model's name, and "Start training"; and,
/// when MNIST is missing, where it was looked for and the offer to download it.
enum TrainFormScreen {
    enum Command: Sendable { case previous, next, decrease, increase, confirm, start, download, back, quit }

    static let keys = KeyTable<Command>([
        KeyBinding(label: "↑↓", short: "field", help: "move between fields (k, j and Tab too)",
                   [(.up, .previous), (.char("k"), .previous), (.down, .next), (.char("j"), .next), (.tab, .next)]),
        KeyBinding(label: "←→", short: "change", help: "change the value (h and l too); or type a number",
                   [(.left, .decrease), (.char("h"), .decrease), (.right, .increase), (.char("l"), .increase)]),
        KeyBinding([.enter], .confirm, label: "Enter", short: "next", help: "next field; on \"Start training\": start"),
        KeyBinding([.end, .char("G")], .start, label: "End", short: "to Start", help: "jump to \"Start training\" (G too)", inStatusLine: false),
        KeyBinding([.char("d")], .download, label: "d", short: "download", help: "download MNIST (when it is missing)"),
        KeyBinding([.escape, .char("b")], .back, label: "Esc", short: "back", help: "back to the start menu (while typing a number: undo it)"),
        KeyBinding([.char("q")], .quit, label: "q", short: "quit", help: "quit", inStatusLine: false),
    ])
    static let notes = [
        "Epochs, batch size, learning rate and seed take typed numbers (checked when you leave the field).",
        "In the data folder and name fields letters are typed; ↑↓, Enter and Esc move on.",
        "An empty data folder means --data, $DIGITREC_DATA, ./data/mnist, ~/.cache/digitrec/mnist.",
    ]

    /// The table's rows that apply now: "d download" only while MNIST is missing.
    static func hints(form: TrainForm, missing: Bool) -> [KeyHint] {
        keys.bindings.filter { missing || $0.keys.first?.command != .download }.map(\.hint)
    }

    static func open(_ s: inout AppState) -> [Effect] {
        var form = s.lastForm ?? TrainForm()
        form.editing = nil; form.error = nil; form.warnedUnsaved = false
        s.screen = .trainForm(form, missingData: nil, download: .idle)
        return [.checkData]
    }

    static func handle(_ key: Key, form: TrainForm, missing: String?, download: DownloadView, _ s: inout AppState) -> [Effect] {
        var form = form
        defer { if case .trainForm = s.screen { s.screen = .trainForm(form, missingData: missing, download: download) } }
        if TrainForm.textFields.contains(form.focus), typeText(key, &form) { return [] }
        if TrainForm.numberFields.contains(form.focus) {
            switch key {
            case let .char(c) where takesText(c, form): form.typeNumber(c); return []
            case .backspace: form.eraseNumber(); return []
            case .char("\u{15}"): form.editing = ""; form.error = nil; return []
            case .escape where form.editing != nil: form.editing = nil; form.error = nil; return []
            default: break
            }
        }
        guard let command = keys.command(for: key) else { return [] }
        // A typed number is checked before anything moves on; a refused one keeps the focus.
        if [.previous, .next, .decrease, .increase, .confirm, .start].contains(command), !form.commitNumber() { return [] }
        let leavingFolder = form.focus == .dataFolder
        switch command {
        case .previous: form.focus = form.focus.previous()
        case .next: form.focus = form.focus.next()
        case .decrease: form.adjust(-1)
        case .increase: form.adjust(+1)
        case .start: form.focus = .start
        case .download: if missing != nil { return [.download] }
        case .back: s.screen = .start(selected: StartScreen.position(of: .train, s))
        case .quit: s.quit = true
        case .confirm:
            guard form.focus == .start else { form.focus = form.focus.next(); break }
            return start(&form, missing: missing, &s)
        }
        // Leaving the data folder field looks for MNIST there.
        return leavingFolder && form.focus != .dataFolder ? [.checkData] : []
    }

    /// Whether a typed (or pasted) `c` is text in the focused field: a name's characters, any
    /// printable one in the data folder, what may make a number in a number field.
    static func takesText(_ c: Character, _ form: TrainForm) -> Bool {
        switch form.focus {
        case .name: return TextField.isNameCharacter(c)
        case .dataFolder: return !c.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        default: return form.acceptsInNumber(c)
        }
    }

    /// Letters, digits and Backspace in a text field; false for keys that move on.
    static func typeText(_ key: Key, _ form: inout TrainForm) -> Bool {
        let isName = form.focus == .name
        var text = isName ? form.name : (form.request.dataFolder ?? "")
        switch key {
        case let .char(c) where takesText(c, form):
            if text.count < (isName ? TrainForm.nameLimit : TrainForm.folderLimit) { text.append(c) }
        case .backspace:
            if !text.isEmpty { text.removeLast() }
        case .char("\u{15}"):
            // ^U, as in every other field (walkthrough, session 31).
            text = ""
        case let .char(c) where isName && TextField.refusal(c, allowed: .modelName) != nil:
            form.error = TextField.refusal(c, allowed: .modelName)
            return true
        case .char, .left, .right: return true
        default: return false
        }
        if isName { form.name = text } else { form.setDataFolder(text) }
        form.error = nil
        return true
    }

    /// Enter on "Start training": trains, unless MNIST is missing or an unsaved model would be
    /// lost without a second press.
    static func start(_ form: inout TrainForm, missing: String?, _ s: inout AppState) -> [Effect] {
        if missing != nil {
            s.message = "MNIST is missing: press d to download it, set the data folder, or put the files where shown"
            return []
        }
        if s.unsaved != nil && !form.warnedUnsaved {
            form.warnedUnsaved = true
            s.message = "The last model is not saved: Enter again trains anyway and loses it"
            return []
        }
        form.warnedUnsaved = false
        s.unsaved = nil
        s.usingUnsaved = false
        s.lastForm = form
        s.screen = .training(TrainingView(form: form))
        return [.startTraining(form.request)]
    }

    /// Layout: labels, then values with ◀ ▶, then a note on the field; two rows a field (one
    /// when the "MNIST missing" block needs the room).
    static let columns: [Size] = [.length(2), .length(17), .length(23), .min(0)]
    /// Rows the "MNIST missing" block needs at least: a gap, its heading, three lines of text.
    static let missingRows = 5

    static func draw(_ buf: inout ScreenBuffer, _ area: Rect, form: TrainForm, missing: String?, download: DownloadView, ui: UIStyle) {
        let (formArea, panel) = TrainFormPresets.split(area)
        if let panel { TrainFormPresets.draw(&buf, panel, form: form, ui: ui) }
        let inner = formArea.inset(left: 2, top: 1, right: 2)
        let count = TrainForm.Field.allCases.count
        let below = missing == nil ? 0 : missingRows
        let spacing = inner.height - 2 - below >= 2 * (count - 1) + 1 ? 2 : 1
        let rows = inner.rows([.length(1), .length(1), .length(spacing * (count - 1) + 1), .min(0)])
        buf.put("Train a new model", x: rows[0].x, y: rows[0].y, style: ui.accent)
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
            let typing = TrainForm.textFields.contains(field) || (focused && form.editing != nil)
            let text = (focused ? form.editing : nil) ?? form.value(field)
            let shown = text + (focused && typing ? "_" : "")
            let arrows = focused && !typing ? (ui.caps.unicode ? ("◀ ", " ▶") : ("< ", " >")) : ("  ", "  ")
            let valueText = arrows.0 + shown + arrows.1
            buf.put(valueText, x: value.x, y: y, style: focused ? ui.selected : .plain, maxWidth: value.width + about.width)
            let noteX = max(about.x, value.x + TextWidth.of(valueText) + 2)
            if focused, let error = form.error {
                buf.put(error, x: noteX, y: y, style: ui.bad, maxWidth: about.maxX - noteX)
            } else {
                buf.put(ui.text(note(field, form, width: about.maxX - noteX)), x: noteX, y: y, style: ui.muted, maxWidth: about.maxX - noteX)
            }
        }
        if let missing { drawMissing(&buf, rows[3].inset(left: 2), why: missing, download: download, ui: ui) }
    }

    /// The muted note beside a field.
    /// A found data folder too long for `width` keeps its end, the folder's own name.
    static func note(_ field: TrainForm.Field, _ form: TrainForm, width: Int = .max) -> String {
        switch field {
        case .architecture: return describe(form.request.preset)
        case .epochs: return TrainEstimate.text(form.request)
        case .learningRate: return form.request.learningRate == nil ? "the preset's default" : ""
        case .augmentation:
            let r = form.request
            return r.augment && r.augmentExtras.isEmpty ? "random rotation, shear, pen width" : ""
        case .dataFolder:
            guard form.request.dataFolder == nil else { return "" }
            let lead = "empty: found in "
            return form.foundData.map { lead + TextWidth.keepingEnd(Path.display($0), width: max(8, width - lead.count)) }
                ?? "empty: automatic (? lists where)"
        case .name: return form.name.isEmpty ? "empty: a free name, \(form.request.preset.rawValue)-DATE" : ""
        default: return ""
        }
    }

    /// Where MNIST was looked for, and the download's state, below a blank row.
    static func drawMissing(_ buf: inout ScreenBuffer, _ area: Rect, why: String, download: DownloadView, ui: UIStyle) {
        let box = area.rows([.length(1), .length(1), .min(0)])
        let (head, text) = (box[1], box[2])
        buf.put("MNIST not found.", x: head.x, y: head.y, style: ui.bad)
        // A failed download's reason goes first, whole and wrapped (walkthrough, session 28: on
        // the status row it was cut to "…-ubyte.gz: d" and what to do never showed).
        var lines: [(String, Style)] = []
        if case let .failed(error) = download { lines += TextWidth.wrap(error, width: text.width - 2).map { ($0, ui.bad) } }
        lines += TextWidth.wrap(formWording(why), width: text.width - 2).map { ($0, ui.muted) }
        for (i, line) in lines.prefix(text.height).enumerated() {
            buf.put(line.0, x: text.x, y: text.y + i, style: line.1)
        }
        let status = head.columns([.length(18), .min(0)])[1]
        switch download {
        case .idle: buf.put("Press d to download it now.", x: status.x, y: status.y, style: ui.accent)
        case let .running(file, fraction):
            buf.put("\(file) \(ui.bar(fraction, width: 20)) \(Format.fixed(fraction * 100, 0))%", x: status.x, y: status.y, style: ui.accent, maxWidth: status.width)
        case .failed: buf.put("The download failed (below); d tries again.", x: status.x, y: status.y, style: ui.bad, maxWidth: status.width)
        }
    }

    /// The data's error as the form says it: its heading once, and the form's own ways instead
    /// of the subcommands' (walkthrough, session 28: "MNIST not found." twice, then "run
    /// `digitrec download` … or pass --data DIR" beside a `d` key and a Data folder field).
    static func formWording(_ why: String) -> String {
        var text = why
        if text.hasPrefix("MNIST not found. ") { text.removeFirst("MNIST not found. ".count) }
        return text.replacing("Run `digitrec download`, or put", with: "Or put")
            .replacing(", or pass --data DIR.", with: ", or type their folder in the Data folder field above.")
    }

    static func describe(_ p: Preset) -> String {
        switch p {
        case .mlp: return "784-128-128-10, 118 k params"
        case .cnn: return "classic MNIST CNN, 1.2 M params"
        case .small: return "small convnet, 35 k params"
        case .deep: return "BN CNN of the shipped model"
        case .fast: return "LeNet-style, 99% in 2 epochs"
        case .sprint: return "99% in 1 epoch, ~2 s"
        }
    }
}
