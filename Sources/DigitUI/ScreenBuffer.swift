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
        set { if x >= 0, y >= 0, x < width, y < height { cells[y * width + x] = newValue } }
    }

    /// Writes text from (x, y), clipped to the buffer and to `maxWidth` columns.
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, maxWidth: Int? = nil) {
        guard y >= 0, y < height else { return }
        var col = x
        let limit = min(width, maxWidth.map { x + $0 } ?? width)
        for ch in text {
            if col >= limit { break }
            if col >= 0 { cells[y * width + col] = Cell(character: ch, style: style) }
            col += 1
        }
    }

    /// Text centred on row y.
    public mutating func center(_ text: String, y: Int, style: Style = .plain) {
        put(text, x: max(0, (width - text.count) / 2), y: y, style: style)
    }

    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, style: Style = .plain, character: Character = " ") {
        for yy in max(0, y)..<min(height, y + h) {
            for xx in max(0, x)..<min(width, x + w) { cells[yy * width + xx] = Cell(character: character, style: style) }
        }
    }

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
            var line = String(cells[(y * width)..<((y + 1) * width)].map(\.character))
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}
