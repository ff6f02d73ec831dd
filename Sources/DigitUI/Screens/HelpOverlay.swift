/// The `?` help: the keys of the screen underneath, generated from its key table (the same
/// table the status line comes from), in a box over the screen. Any key closes it.
enum HelpOverlay {
    static let title = "Help — any key closes"
    static let minWidth = 40, margin = 3

    static func draw(_ buf: inout ScreenBuffer, _ area: Rect, lines: [String], ui: UIStyle) {
        let text = lines.map(ui.text)
        let width = min(area.width - 4, max(minWidth, (text.map { TextWidth.of($0) }.max() ?? 0) + 2 * margin))
        let height = min(area.height - 2, text.count + 4)
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + max(1, (area.height - height) / 2), width: width, height: height)
        buf.fill(box)
        buf.box(x: box.x, y: box.y, width: box.width, height: box.height, title: ui.text(title), unicode: ui.caps.unicode)
        let inner = box.inset(left: margin, top: 2, right: 2, bottom: 2)
        for (i, line) in text.prefix(inner.height).enumerated() { buf.put(line, x: inner.x, y: inner.y + i, maxWidth: inner.width) }
    }
}
