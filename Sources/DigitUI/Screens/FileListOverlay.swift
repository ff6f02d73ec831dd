import DigitApp

/// The gallery's list of files, to jump to one; what was read shows its result and whether
/// it matches the expected label.
enum FileListOverlay {
    enum Command: Sendable { case up, down, pageUp, pageDown, open, close }

    static let page = 10

    static let keys = KeyTable<Command>([
        KeyBinding(label: "↑↓", short: "move", help: "move the selection (k and j too)",
                   [(.up, .up), (.char("k"), .up), (.down, .down), (.char("j"), .down)]),
        KeyBinding(label: "PgUp/PgDn", short: "page", help: "move by \(page) files", inStatusLine: false,
                   [(.pageUp, .pageUp), (.pageDown, .pageDown)]),
        KeyBinding([.enter], .open, label: "Enter", short: "open", help: "show the selected image"),
        KeyBinding([.escape, .char("q"), .char("/"), .char("f")], .close, label: "Esc", short: "close", help: "close the list (q, / and f too)"),
    ])

    static func handle(_ key: Key, _ s: inout AppState) -> [Effect] {
        guard let command = keys.command(for: key) else { return [] }
        let last = max(0, s.files.count - 1)
        switch command {
        case .up: s.fileList.selected = max(0, s.fileList.selected - 1)
        case .down: s.fileList.selected = min(last, s.fileList.selected + 1)
        case .pageUp: s.fileList.selected = max(0, s.fileList.selected - page)
        case .pageDown: s.fileList.selected = min(last, s.fileList.selected + page)
        case .close: s.fileList.open = false
        case .open:
            s.fileList.open = false
            s.index = min(last, s.fileList.selected)
            return GalleryScreen.recognizeIfNeeded(&s)
        }
        return []
    }

    static func draw(_ buf: inout ScreenBuffer, _ area: Rect, state s: AppState, ui: UIStyle) {
        let rows = area.inset(left: 2, top: 1, right: 2).rows([.length(1), .length(1), .min(0), .length(1)])
        let (title, list) = (rows[0], rows[2])
        buf.put("Files in \(Path.display(s.digitsFolder))/ (Enter opens, Esc closes)", x: title.x, y: title.y, style: ui.accent, maxWidth: title.width)
        let visible = max(1, list.height)
        let sel = s.fileList.selected
        let first = max(0, min(sel - visible / 2, s.files.count - visible))
        for (row, i) in (first..<min(s.files.count, first + visible)).enumerated() {
            // A mark column (✓ read right, ✗ read wrong or unreadable), the name, and what was read.
            var (mark, tail) = (" ", "")
            switch s.items.indices.contains(i) ? s.items[i] : .pending {
            case .failed: mark = ui.caps.unicode ? "✗" : "x"
            case let .recognized(r):
                let verdict = s.verdict(at: i)
                mark = verdict?.listMark(unicode: ui.caps.unicode) ?? " "
                tail = "  → " + (r.prediction.isEmpty ? "no digit" : r.prediction)
                if verdict?.correct == false, let expected = verdict?.expected { tail += ", expected " + expected }
            case .pending, .reading: break
            }
            let line = mark + " " + GalleryScreen.displayName(s.files[i]) + tail
            buf.put(" " + TextWidth.pad(ui.text(line), list.width - 2), x: list.x, y: list.y + row,
                    style: i == sel ? ui.selected : .plain, maxWidth: list.width)
        }
    }
}
