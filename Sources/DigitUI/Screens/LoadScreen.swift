import DigitApp

/// The saved models, with their metadata or why they cannot be used.
enum LoadScreen {
    enum Command: Sendable { case up, down, first, last, load, back, quit, report, mark, compare, details }

    static let keys = KeyTable<Command>([
        KeyBinding(label: "↑↓/jk", short: "move", help: "move the selection",
                   [(.up, .up), (.char("k"), .up), (.down, .down), (.char("j"), .down)]),
        // As in the gallery and the file list (walkthrough: they did nothing here).
        KeyBinding(label: "Home/End", short: "ends", help: "the first or last model (g and G too)", inStatusLine: false,
                   [(.home, .first), (.char("g"), .first), (.end, .last), (.char("G"), .last)]),
        KeyBinding([.enter], .load, label: "Enter", short: "load", help: "load the model and open the gallery"),
        KeyBinding([.char("e")], .report, label: "e", short: "report", help: "the selected model's report on the test set"),
        KeyBinding([.char(" ")], .mark, label: "Space", short: "mark", help: "mark or unmark the model for comparing (two at most)"),
        KeyBinding([.char("c")], .compare, label: "c", short: "compare", help: "compare the two marked models", inStatusLine: false),
        KeyBinding([.char("i")], .details, label: "i", short: "info", help: "the model's details and training curves"),
        KeyBinding([.escape, .char("b"), .left, .char("h")], .back, label: "Esc", short: "back", help: "back to the start menu (b, ← and h too)"),
        KeyBinding([.char("q")], .quit, label: "q", short: "quit", help: "quit"),
    ])

    /// "c compare" on the status line once two models are marked (walkthrough, session 31: it
    /// was said only in the message and the help).
    static func hints(marked: Int) -> [KeyHint] {
        keys.hints.map { hint in
            var h = hint
            if h.keys.contains(.char("c")) { h.inStatusLine = marked == 2 }
            return h
        }
    }

    static let notes = ["Damaged files show their error and cannot be chosen."]

    static func open(_ s: inout AppState) -> [Effect] {
        s.screen = .load(selected: inUseIndex(s) ?? 0)
        return [.scanModels]
    }

    /// The row of the model in use, where the list opens (walkthrough, session 25: it opened
    /// on the first row, whatever was loaded).
    static func inUseIndex(_ s: AppState) -> Int? {
        guard let name = s.modelName else { return nil }
        return s.models.firstIndex { $0.path == name }
    }

    static func handle(_ key: Key, selected: Int, _ s: inout AppState) -> [Effect] {
        guard let command = keys.command(for: key) else { return [] }
        switch command {
        case .up: s.screen = .load(selected: max(0, selected - 1))
        case .down: s.screen = .load(selected: min(max(0, s.models.count - 1), selected + 1))
        case .first: s.screen = .load(selected: 0)
        case .last: s.screen = .load(selected: max(0, s.models.count - 1))
        case .back: s.screen = .start(selected: 0)
        case .quit: s.quit = true
        case .report, .mark, .compare: return LoadScreenExplore.handle(command, selected: selected, &s)
        case .details:
            guard s.models.indices.contains(selected) else { break }
            // A damaged file has no details to show, but its whole error (the row cuts it).
            if let error = s.models[selected].error { s.message = "cannot load: \(error)"; break }
            return [.readDetails(path: s.models[selected].path)]
        case .load:
            guard s.models.indices.contains(selected) else { break }
            let m = s.models[selected]
            if let error = m.error {
                s.message = "cannot load: \(error)"
            } else {
                s.message = "Loading \(Path.display(m.name))…"
                return [.loadModel(path: m.path)]
            }
        }
        return []
    }

    /// The table's columns: name, architecture, parameters, test accuracy, then the date. The
    /// name column is as wide as the longest name (at least 22) where the width allows: the
    /// names digitrec gives end in a date and a number, which is what tells two apart.
    static func columns(names: [String], width: Int) -> [Size] {
        // Two columns apart from the next (one read as touching, walkthrough).
        let longest = names.map { TextWidth.of($0) + 2 }.max() ?? 0
        guard width >= originWidth else { return [.length(max(22, min(longest, width - 48))), .length(14), .length(12), .length(11), .min(11)] }
        return [.length(max(22, min(longest, width - 48 - 30))), .length(14), .length(12), .length(11), .length(12), .min(0)]
    }

    /// From this width on, where each model came from is a column ("From"); below it, the
    /// selected model's is said under the list.
    static let originWidth = 104

    /// `name` in `width` columns less the two that part it from the next: cut in the middle
    /// when it is longer (`GalleryTitle.middle`), so its start and distinguishing end stay.
    static func fitted(_ name: String, width: Int, unicode: Bool) -> String {
        GalleryTitle.middle(name, width: width - 2, unicode: unicode)
    }

    /// `inUse`: the model loaded now, named in the heading (walkthrough: nothing in the list
    /// said which one was in use).
    static func draw(_ buf: inout ScreenBuffer, _ area: Rect, models: [ModelEntry], selected: Int, marked: [String] = [], inUse: String? = nil, ui: UIStyle) {
        let parts = area.inset(left: 2, top: 1, right: 2).rows([.length(1), .length(1), .length(1), .min(0), .length(2)])
        let (heading, header, list) = (parts[0], parts[2], parts[3])
        let title = "Load a saved model (\(ModelStore.defaultFolder)/)"
        buf.put(title, x: heading.x, y: heading.y, style: ui.accent)
        if let inUse {
            let x = heading.x + TextWidth.of(title) + 3
            buf.put("in use: " + Path.display(Path.baseName(inUse, dropping: ModelStore.suffix)), x: x, y: heading.y, style: ui.muted, maxWidth: max(0, heading.maxX - x))
        }
        let widths = header.columns(columns(names: models.map { Path.display($0.name) }, width: header.width)).map(\.width)
        let titles = ["Name", "Architecture", "Parameters", "Test acc.", "Created", "From"]
        let originColumn = widths.count == titles.count
        buf.put(zip(titles, widths).map { TextWidth.pad($0, $1) }.joined(), x: header.x, y: header.y, style: .bold, maxWidth: header.width)
        if models.isEmpty {
            buf.put("No models in \(ModelStore.defaultFolder)/ — go back (Esc) and train one.", x: list.x, y: list.y + 1, style: ui.muted)
        }
        let visible = max(1, list.height)
        let first = max(0, min(selected - visible + 1, models.count - visible))
        for (row, i) in (first..<min(models.count, first + visible)).enumerated() {
            let m = models[i]
            let name = TextWidth.pad(fitted(Path.display(m.name), width: widths[0], unicode: ui.caps.unicode), widths[0])
            let line: String
            if let error = m.error {
                // Cut with a mark, not mid-number (walkthrough: "…parameters (473,1"); Enter
                // and i show all of it. One column short of the row, which `pad` keeps blank.
                let mark = ui.caps.unicode ? "✗ " : "x ", room = list.width - 1 - TextWidth.of(name) - TextWidth.of(mark)
                let ellipsis = ui.text("…")
                line = name + mark + (TextWidth.of(error) <= room ? error : TextWidth.prefix(error, width: max(0, room - TextWidth.of(ellipsis))) + ellipsis)
            } else {
                let acc = m.testAccuracy.map { Format.fixed($0 * 100, 2) + "%" } ?? "-"
                let cells = [m.architecture, Format.grouped(m.parameters), acc, String(m.created.prefix(10)), m.origin]
                line = name + zip(cells, widths.dropFirst()).map { TextWidth.pad($0, $1) }.joined()
            }
            let style = i == selected ? ui.selected : (m.error != nil ? ui.bad : .plain)
            // The selection bar reaches one column either side of the text.
            buf.put(" " + TextWidth.pad(line, list.width), x: list.x - 1, y: list.y + row, style: style, maxWidth: list.width + 1)
            LoadScreenExplore.drawMark(&buf, x: list.x - 2, y: list.y + row, mark: marked.firstIndex(of: m.path), ui: ui)
        }
        // Too narrow for the column: the selected model's origin under the list.
        let footer = parts[4]
        if !originColumn, models.indices.contains(selected), !models[selected].origin.isEmpty, footer.height > 0 {
            let m = models[selected]
            buf.put("\(Path.display(m.name)): \(m.origin)", x: footer.x, y: footer.maxY - 1, style: ui.muted, maxWidth: footer.width)
        }
    }
}
