import DigitApp
import DigitImage

enum Widgets {
    /// A 5×5 block font for the predicted label, drawn large.
    static let font: [[String]] = [
        ["#####", "#   #", "#   #", "#   #", "#####"], ["  #  ", " ##  ", "  #  ", "  #  ", " ### "],
        ["#####", "    #", "#####", "#    ", "#####"], ["#####", "    #", " ####", "    #", "#####"],
        ["#   #", "#   #", "#####", "    #", "    #"], ["#####", "#    ", "#####", "    #", "#####"],
        ["#####", "#    ", "#####", "#   #", "#####"], ["#####", "    #", "   # ", "  #  ", "  #  "],
        ["#####", "#   #", "#####", "#   #", "#####"], ["#####", "#   #", "#####", "    #", "#####"],
    ]

    static func bigDigit(_ buf: inout ScreenBuffer, digit: Int, x: Int, y: Int, style: Style? = nil, ui: UIStyle) {
        guard font.indices.contains(digit) else { return }
        let style = style ?? ui.accent
        let glyph = labelGlyph(style, ui: ui)
        for (r, row) in font[digit].enumerated() {
            for (c, ch) in row.enumerated() where ch == "#" {
                // Two columns per font pixel keep the digit's proportions.
                buf[x + 2 * c, y + r] = Cell(character: glyph, style: style)
                buf[x + 2 * c + 1, y + r] = Cell(character: glyph, style: style)
            }
        }
    }

    /// The big label's block: a full block would vanish in reverse video (monochrome "wrong"),
    /// so that one is drawn shaded.
    static func labelGlyph(_ style: Style, ui: UIStyle) -> Character {
        ui.caps.unicode ? (style.reverse ? "▒" : "█") : "#"
    }

    /// An image as terminal art inside a box of `columns`×`rows` cells; returns the rows it took.
    @discardableResult
    static func image(_ buf: inout ScreenBuffer, _ img: FloatImage, x: Int, y: Int, columns: Int, rows: Int, ui: UIStyle,
                      shaded: Bool = false) -> Int {
        PictureArt.draw(&buf, img, in: Rect(x: x, y: y, width: columns, height: rows), ui: ui, shaded: shaded).height
    }

    /// `7 ████████░░░░ 62.3%` — one labelled probability bar.
    static func probability(_ buf: inout ScreenBuffer, label: Int, p: Double, x: Int, y: Int, width: Int, highlight: Bool, ui: UIStyle) {
        let pct = Format.fixed(p * 100, 1) + "%"
        let barWidth = max(4, width - 3 - 7)
        buf.put("\(label)", x: x, y: y, style: highlight ? ui.accent : .plain)
        bar(&buf, p, x: x + 2, y: y, width: barWidth, style: highlight ? ui.accent : ui.barOn, ui: ui, nearest: true)
        buf.put(String(repeating: " ", count: max(0, 6 - pct.count)) + pct, x: x + 3 + barWidth, y: y, style: highlight ? ui.accent : .plain)
    }

    /// A bar `fraction` full in `style`; the empty part is drawn faint, since nine empty bars
    /// in full colour read as one filled block.
    static func bar(_ buf: inout ScreenBuffer, _ fraction: Double, x: Int, y: Int, width: Int, style: Style, ui: UIStyle, nearest: Bool = false) {
        let text = ui.bar(fraction, width: width, nearest: nearest)
        let filled = text.prefix { $0 == "█" || $0 == "#" }
        buf.put(String(filled), x: x, y: y, style: style)
        buf.put(String(text.dropFirst(filled.count)), x: x + filled.count, y: y, style: ui.barOff)
    }
}
