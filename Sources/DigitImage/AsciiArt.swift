/// One terminal cell of an image: a glyph and two gray levels (0…1) for its upper and
/// lower half (Unicode half blocks draw two pixels per cell).
public struct ArtCell: Sendable, Equatable {
    public var glyph: Character
    public var top: Float
    public var bottom: Float
    public init(glyph: Character, top: Float, bottom: Float) { self.glyph = glyph; self.top = top; self.bottom = bottom }
}

public enum ArtStyle: Sendable {
    /// `▀ ▄ █`, two pixels per cell vertically; shades come from the cell's gray levels.
    case halfBlocks
    /// `" .:-=+*#%@"`, one pixel per cell.
    case ascii
}

/// Renders grayscale images into a box of terminal cells, aspect-correct (a cell is about
/// twice as tall as it is wide).
public enum AsciiArt {
    public static let ramp = Array(" .:-=+*#%@")

    /// Cells for `image` (values 0…1, 1 = bright) fitted into `columns`×`rows`.
    public static func render(_ image: FloatImage, columns: Int, rows: Int, style: ArtStyle) -> [[ArtCell]] {
        guard columns > 0, rows > 0, image.width > 0, image.height > 0 else { return [] }
        // Target pixel grid: one pixel per column, two per row (square pixels on screen).
        let scale = min(Double(columns) / Double(image.width), Double(2 * rows) / Double(image.height))
        let pw = max(1, min(columns, Int((Double(image.width) * scale).rounded())))
        let ph = max(1, min(2 * rows, Int((Double(image.height) * scale).rounded())))
        switch style {
        case .halfBlocks:
            let h2 = ph + ph % 2
            let px = Resample.area(image, toWidth: pw, height: ph)
            return stride(from: 0, to: h2, by: 2).map { y in
                (0..<pw).map { x in
                    let t = px.pixels[y * pw + x]
                    let b = y + 1 < ph ? px.pixels[(y + 1) * pw + x] : 0
                    return ArtCell(glyph: halfBlock(t, b), top: t, bottom: b)
                }
            }
        case .ascii:
            let rowsUsed = max(1, (ph + 1) / 2)
            let px = Resample.area(image, toWidth: pw, height: rowsUsed)
            return (0..<rowsUsed).map { y in
                (0..<pw).map { x in
                    let v = px.pixels[y * pw + x]
                    return ArtCell(glyph: rampGlyph(v), top: v, bottom: v)
                }
            }
        }
    }

    static func halfBlock(_ top: Float, _ bottom: Float) -> Character {
        switch (top >= 0.5, bottom >= 0.5) {
        case (true, true): return "█"
        case (true, false): return "▀"
        case (false, true): return "▄"
        case (false, false): return " "
        }
    }

    public static func rampGlyph(_ v: Float) -> Character {
        let i = Int((max(0, min(1, v)) * Float(ramp.count - 1)).rounded())
        return ramp[i]
    }

    /// xterm-256 colour index for a gray level: the 24-step gray ramp, black and white at the ends.
    public static func grayIndex(_ v: Float) -> Int {
        if !(v >= 0.03) { return 16 }  // NaN included: Int(_:) would trap on it
        if v > 0.97 { return 231 }
        return 232 + Int((v * 23).rounded())
    }

    /// Lines of text; with `color`, cells carry their shades as ANSI 256-colour escapes
    /// (half blocks: `▀` with the upper shade as foreground and the lower as background).
    public static func lines(_ cells: [[ArtCell]], style: ArtStyle, color: Bool) -> [String] {
        cells.map { row in
            guard color else { return String(row.map(\.glyph)) }
            var s = ""
            for c in row {
                switch style {
                case .halfBlocks: s += "\u{1B}[38;5;\(grayIndex(c.top))m\u{1B}[48;5;\(grayIndex(c.bottom))m▀"
                case .ascii: s += "\u{1B}[38;5;\(grayIndex(c.top))m\(c.glyph)"
                }
            }
            return s + "\u{1B}[0m"
        }
    }
}
