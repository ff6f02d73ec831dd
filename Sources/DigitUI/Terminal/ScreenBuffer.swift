/// How a cell looks. Colours are xterm-256 indices; nil is the terminal's default.
public struct Style: Sendable, Equatable, Hashable {
    public var bold = false
    public var reverse = false
    public var dim = false
    public var foreground: Int? = nil
    public var background: Int? = nil

    public init(bold: Bool = false, reverse: Bool = false, dim: Bool = false, foreground: Int? = nil, background: Int? = nil) {
        self.bold = bold; self.reverse = reverse; self.dim = dim; self.foreground = foreground; self.background = background
    }

    public static let plain = Style()
    public static let bold = Style(bold: true)
    public static let reverse = Style(reverse: true)
    public static let dim = Style(dim: true)
}

public struct Cell: Sendable, Equatable {
    public var character: Character = " "
    public var style: Style = .plain
    /// The right half of a two-column character drawn in the cell to its left.
    public var isRightHalf = false

    public init(character: Character = " ", style: Style = .plain, isRightHalf: Bool = false) {
        self.character = character; self.style = style; self.isRightHalf = isRightHalf
    }
}

/// A grid of cells: what a screen looks like, independent of any terminal. Screens render
/// into one; the terminal layer copies it to ncurses; tests compare its text.
public struct ScreenBuffer: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(), count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            release(x, y)
            cells[y * width + x] = newValue
        }
    }

    /// Before a cell is overwritten: a two-column character that covered it is blanked, so
    /// no half of a wide character is ever left behind.
    private mutating func release(_ x: Int, _ y: Int) {
        let i = y * width + x
        if cells[i].isRightHalf, x > 0 { cells[i - 1] = Cell(style: cells[i - 1].style) }
        if x + 1 < width, cells[i + 1].isRightHalf { cells[i + 1] = Cell(style: cells[i + 1].style) }
    }

    /// Writes text from (x, y), clipped to the buffer and to `maxWidth` columns. A character
    /// that does not fit whole is left out (a wide character is never cut in half), and control
    /// characters, which would move the terminal's cursor, are drawn as `?`.
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, maxWidth: Int? = nil) {
        guard y >= 0, y < height else { return }
        var col = x
        let limit = min(width, maxWidth.map { x + $0 } ?? width)
        for raw in text {
            let ch: Character = raw.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) ? "?" : raw
            let w = TextWidth.of(ch)
            if col + w > limit { break }
            if col >= 0 {
                self[col, y] = Cell(character: ch, style: style)
                if w == 2 {
                    release(col + 1, y)
                    cells[y * width + col + 1] = Cell(style: style, isRightHalf: true)
                }
            }
            col += w
        }
    }

    /// Text centred on row y.
    public mutating func center(_ text: String, y: Int, style: Style = .plain) {
        put(text, x: max(0, (width - TextWidth.of(text)) / 2), y: y, style: style)
    }

    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, style: Style = .plain, character: Character = " ") {
        for yy in max(0, y)..<min(height, y + h) {
            for xx in max(0, x)..<min(width, x + w) { self[xx, yy] = Cell(character: character, style: style) }
        }
    }

    /// Fills a rect.
    mutating func fill(_ r: Rect, style: Style = .plain) { fill(x: r.x, y: r.y, width: r.width, height: r.height, style: style) }

    /// A box outline with an optional title.
    public mutating func box(x: Int, y: Int, width w: Int, height h: Int, title: String? = nil, unicode: Bool) {
        guard w >= 2, h >= 2 else { return }
        let (hz, vt, tl, tr, bl, br): (Character, Character, Character, Character, Character, Character) =
            unicode ? ("─", "│", "┌", "┐", "└", "┘") : ("-", "|", "+", "+", "+", "+")
        for xx in (x + 1)..<(x + w - 1) { self[xx, y] = Cell(character: hz); self[xx, y + h - 1] = Cell(character: hz) }
        for yy in (y + 1)..<(y + h - 1) { self[x, yy] = Cell(character: vt); self[x + w - 1, yy] = Cell(character: vt) }
        self[x, y] = Cell(character: tl); self[x + w - 1, y] = Cell(character: tr)
        self[x, y + h - 1] = Cell(character: bl); self[x + w - 1, y + h - 1] = Cell(character: br)
        if let title, w > 4 { put(" \(title) ", x: x + 2, y: y, style: .bold, maxWidth: w - 4) }
    }

    /// The characters only, one line per row, trailing spaces removed (for snapshots).
    public var text: String {
        (0..<height).map { y in
            var line = String(cells[(y * width)..<((y + 1) * width)].filter { !$0.isRightHalf }.map(\.character))
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}
