/// A whole number drawn large in the label panel: the 10-column glyphs when every digit fits,
/// else a 3-column font, else nothing (the number is on the text line above it anyway).
/// A number on several lines gets one row of glyphs per line.
enum BigNumber {
    /// A 3×5 font for numbers too long for the big glyphs.
    static let small: [[String]] = [
        ["###", "# #", "# #", "# #", "###"], [" # ", "## ", " # ", " # ", "###"],
        ["###", "  #", "###", "#  ", "###"], ["###", "  #", " ##", "  #", "###"],
        ["# #", "# #", "###", "  #", "  #"], ["###", "#  ", "###", "  #", "###"],
        ["###", "#  ", "###", "# #", "###"], ["###", "  #", " # ", " # ", " # "],
        ["###", "# #", "###", "# #", "###"], ["###", "# #", "###", "  #", "###"],
    ]
    static let bigStep = 12, smallStep = 4, rows = 5

    /// Which glyphs `count` digits get in `width` columns.
    enum Size: Equatable { case big, small, none }

    static func size(digits count: Int, width: Int) -> Size {
        if count * bigStep - 2 <= width { return .big }
        if count * smallStep - 1 <= width { return .small }
        return .none
    }

    /// Draws `number` (digits only) inside `area` (5 rows); returns the size used.
    @discardableResult
    static func draw(_ buf: inout ScreenBuffer, _ number: String, in area: Rect, style: Style, ui: UIStyle) -> Size {
        let digits = number.compactMap { $0.wholeNumberValue }
        guard area.height >= rows else { return .none }
        let size = size(digits: digits.count, width: area.width)
        let glyph = Widgets.labelGlyph(style, ui: ui)
        for (i, d) in digits.enumerated() {
            switch size {
            case .big: Widgets.bigDigit(&buf, digit: d, x: area.x + bigStep * i, y: area.y, style: style, ui: ui)
            case .small:
                guard small.indices.contains(d) else { continue }
                for (r, row) in small[d].enumerated() {
                    for (c, ch) in row.enumerated() where ch == "#" {
                        buf[area.x + smallStep * i + c, area.y + r] = Cell(character: glyph, style: style)
                    }
                }
            case .none: break
            }
        }
        return size
    }

    /// Rows `count` lines of glyphs take: 5 each, one blank row between them.
    static func height(lines count: Int) -> Int { max(1, count) * (rows + 1) - 1 }

    /// Draws each line of `lines` as its own row of glyphs, top to bottom, all in the size the
    /// longest line fits; nothing when `area` is too low for them all (the caller writes the
    /// number as text, "12 / 34", instead).
    @discardableResult
    static func draw(_ buf: inout ScreenBuffer, lines: [String], in area: Rect, style: Style, ui: UIStyle) -> Size {
        guard area.height >= height(lines: lines.count) else { return .none }
        let longest = lines.map { $0.filter(\.isWholeNumber).count }.max() ?? 0
        let size = size(digits: longest, width: area.width)
        guard size != .none else { return .none }
        for (i, line) in lines.enumerated() {
            draw(&buf, line, in: Rect(x: area.x, y: area.y + i * (rows + 1), width: area.width, height: rows), style: style, ui: ui)
        }
        return size
    }
}
