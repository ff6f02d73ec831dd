import DigitApp

/// A saved model's details from the load list (`i`): what its metadata says and the epoch
/// table and curves of the run that made it, read from the file's `history`.
enum DetailsScreen {
    enum Command: Sendable { case back, load, quit }

    static let keys = KeyTable<Command>([
        KeyBinding([.enter], .load, label: "Enter", short: "load", help: "load this model and open the gallery"),
        KeyBinding([.escape, .char("b"), .char("i"), .left, .char("h")], .back, label: "Esc", short: "back", help: "back to the list (b, i, ← and h too)"),
        KeyBinding([.char("q")], .quit, label: "q", short: "quit", help: "quit"),
    ])
    static let notes = ["Files saved before the history was kept show their facts only."]

    static func handle(_ key: Key, details: ModelDetails, selected: Int, _ s: inout AppState) -> [Effect] {
        guard let command = keys.command(for: key) else { return [] }
        switch command {
        case .back: s.screen = .load(selected: selected)
        case .quit: s.quit = true
        case .load:
            s.screen = .load(selected: selected)
            s.message = "Loading \(Path.display(details.name))…"
            return [.loadModel(path: details.path)]
        }
        return []
    }

    static func draw(_ buf: inout ScreenBuffer, _ area: Rect, _ d: ModelDetails, ui: UIStyle) {
        let inner = area.inset(left: 2, top: 1, right: 2)
        let labelWidth = (d.facts.map { TextWidth.of($0.0) }.max() ?? 0) + 2
        // Each value wrapped at word boundaries beside its label (a recipe is a long command).
        let lines: [(label: String, value: String)] = d.facts.flatMap { fact in
            TextWidth.wrap(ui.text(fact.1), width: max(1, inner.width - labelWidth)).enumerated().map { ($0.offset == 0 ? fact.0 : "", $0.element) }
        }
        let factRows = min(lines.count, d.history.isEmpty ? max(1, inner.height - 4) : max(1, inner.height / 3))
        let rows = inner.rows([.length(1), .length(1), .length(factRows), .length(1), .min(0)])
        // The path gives way to its folder, then goes, rather than being cut ("….sa", walkthrough).
        let title = TextWidth.firstFitting(["Model \(Path.display(d.name)) (\(Path.display(d.path)))",
                                                "Model \(Path.display(d.name)) (in \(Path.display(Path.folder(of: d.path)))/)",
                                                "Model \(Path.display(d.name))"], width: rows[0].width)
        buf.put(title, x: rows[0].x, y: rows[0].y, style: ui.accent, maxWidth: rows[0].width)
        for (i, line) in lines.prefix(factRows).enumerated() {
            let y = rows[2].y + i
            buf.put(line.label, x: rows[2].x, y: y, style: .bold)
            buf.put(line.value, x: rows[2].x + labelWidth, y: y, maxWidth: rows[2].width - labelWidth)
        }
        if !d.history.isEmpty {
            Curves.draw(&buf, rows[4], epochs: d.history, ui: ui)
        } else {
            let why = d.isAverage ? "No training history: this model is an average of two (digitrec average)."
                                  : "No training history in this file (saved before digitrec kept it)."
            buf.put(why, x: rows[4].x, y: rows[4].y, style: ui.muted, maxWidth: rows[4].width)
        }
    }
}
