/// The `?` help: the keys of the screen underneath, generated from its key table (the same
/// table the status line comes from), in a box over the screen. Any key closes it.
enum HelpOverlay {
    static let title = "Help — any key closes"
    static let minWidth = 40, margin = 3

    static func draw(_ buf: inout ScreenBuffer, _ area: Rect, lines: [String], ui: UIStyle) {
        let longest = lines.map(ui.text).map { TextWidth.of($0) }.max() ?? 0
        let width = min(area.width - 4, max(minWidth, longest + 2 * margin))
        // A line wider than the box (80 columns) is wrapped under its own help text, not cut.
        let text = lines.map(ui.text).flatMap { wrap($0, width: width - margin - 2) }
        let height = min(area.height - 2, text.count + 4)
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + max(1, (area.height - height) / 2), width: width, height: height)
        // A box that nearly fills the screen's width leaves only slivers of it at the sides: cut
        // letters and a canvas's corner beside the frame (walkthrough 37). Its rows are cleared
        // from edge to edge instead (the title and status lines above and below stay).
        buf.fill(box.x - area.x <= 2 ? Rect(x: area.x, y: box.y, width: area.width, height: box.height) : box)
        buf.box(x: box.x, y: box.y, width: box.width, height: box.height, title: ui.text(title), unicode: ui.caps.unicode)
        let inner = box.inset(left: margin, top: 2, right: 2, bottom: 2)
        for (i, line) in text.prefix(inner.height).enumerated() { buf.put(line, x: inner.x, y: inner.y + i, maxWidth: inner.width) }
    }

    /// `line` in lines of at most `width` columns; a key's help continues under the help's
    /// first word (after the run of spaces that ends the key column), a note from the left.
    static func wrap(_ line: String, width: Int) -> [String] {
        guard TextWidth.of(line) > width, width > 0 else { return [line] }
        // The key and the spaces after it; none for a note, or when it would take half the box.
        var keyColumn = ""
        let characters = Array(line)
        if let gap = characters.indices.dropLast().first(where: { characters[$0] == " " && characters[$0 + 1] == " " }) {
            let end = characters[gap...].firstIndex { $0 != " " } ?? characters.endIndex
            keyColumn = String(characters[..<end])
        }
        if TextWidth.of(keyColumn) > width / 2 { keyColumn = "" }
        let indent = TextWidth.of(keyColumn), pad = String(repeating: " ", count: indent)
        return TextWidth.wrap(String(line.dropFirst(keyColumn.count)), width: width - indent).enumerated()
            .map { ($0.offset == 0 ? keyColumn : pad) + $0.element }
    }
}
