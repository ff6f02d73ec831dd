/// A grid of dots, 2 wide and 4 tall per cell, drawn as braille characters (U+2800: the eight
/// dots of a cell are eight bits) — the way btop and plotext draw line plots — or, without
/// Unicode, as `'`, `.` and `:` for dots in a cell's upper half, lower half or both.
struct DotCanvas {
    let columns: Int, rows: Int
    private var bits: [UInt8]
    /// The style of the series that last drew in each cell.
    private var styles: [Style?]

    init(columns: Int, rows: Int) {
        self.columns = max(0, columns); self.rows = max(0, rows)
        bits = Array(repeating: 0, count: self.columns * self.rows)
        styles = Array(repeating: nil, count: self.columns * self.rows)
    }

    var dotWidth: Int { columns * 2 }
    var dotHeight: Int { rows * 4 }

    /// The braille bit of the dot at (dx, dy) inside its cell: dots 1-3 and 7 down the left
    /// column, 4-6 and 8 down the right.
    static let bit: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    /// Sets one dot; dots outside the grid are ignored.
    mutating func set(_ x: Int, _ y: Int, style: Style) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let i = (y / 4) * columns + x / 2
        bits[i] |= DotCanvas.bit[x % 2][y % 4]
        styles[i] = style
    }

    /// A straight line of dots between two points (Bresenham).
    mutating func line(from a: (x: Int, y: Int), to b: (x: Int, y: Int), style: Style) {
        var (x, y) = a
        let dx = abs(b.x - a.x), dy = -abs(b.y - a.y)
        let sx = a.x < b.x ? 1 : -1, sy = a.y < b.y ? 1 : -1
        var err = dx + dy
        // At most one step per dot of the longer side: always ends.
        for _ in 0...(max(dx, -dy)) {
            set(x, y, style: style)
            if x == b.x && y == b.y { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
        }
    }

    /// The cell at (column, row): its character, or nil when no dot is set there.
    func cell(_ c: Int, _ r: Int, unicode: Bool) -> Cell? {
        guard c >= 0, r >= 0, c < columns, r < rows else { return nil }
        let i = r * columns + c
        let b = bits[i]
        guard b != 0, let style = styles[i] else { return nil }
        if unicode, let scalar = Unicode.Scalar(0x2800 + UInt32(b)) { return Cell(character: Character(scalar), style: style) }
        let upper = b & 0x1B != 0, lower = b & 0xE4 != 0
        return Cell(character: upper && lower ? ":" : (upper ? "'" : "."), style: style)
    }

    /// Copies the set cells into the buffer with their top-left at (x, y).
    func draw(_ buf: inout ScreenBuffer, x: Int, y: Int, unicode: Bool) {
        for r in 0..<rows {
            for c in 0..<columns { if let cell = cell(c, r, unicode: unicode) { buf[x + c, y + r] = cell } }
        }
    }
}
