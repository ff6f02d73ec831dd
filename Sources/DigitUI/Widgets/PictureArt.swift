import DigitImage

/// Images drawn into cells, with the glyphs that give the most detail each terminal allows.
///
/// - Colour and Unicode: the upper half block `▀`, its foreground the upper pixel and its
///   background the lower one, each a step of xterm's 24-grey ramp: 1×2 pixels per cell with
///   a grey level for every pixel, which pencil shading, anti-aliased edges and the network's
///   28×28 input need. Quarter blocks would give 2×2 pixels but only two greys per cell;
///   sextants (2×3, Unicode 13 "Symbols for Legacy Computing") are missing from the usual
///   monospace fonts (DejaVu Sans Mono, Menlo, Consolas, Liberation Mono) and would come out
///   as boxes; braille dots leave gaps in filled strokes. Half blocks are in every font.
/// - Monochrome and Unicode: quarter blocks (`▘▝▖▗▚▞▌▐▀▄▙▛▜▟█`, Block Elements
///   U+2580–U+259F, in the same fonts as the half blocks and drawn by the terminal itself in
///   VTE, kitty, WezTerm, foot and Windows Terminal): without colour every pixel is ink or
///   paper anyway, so 2×2 per cell doubles the detail across for free.
/// - 8 colours (`basicColors`): the same half blocks; in a photo as given (`shaded`) each
///   pixel black or white, dithered (`Dither`): a grey is a share of white dots, not its
///   nearest basic colour.
/// - ASCII: a density ramp, one character per cell; images come ink-bright, so ink is dense
///   (`@`) and paper blank.
enum PictureArt {
    /// Draws `img` (0…1, 1 = ink or light) fitted and centred across `area`, from its top;
    /// returns the cells it covered. `shaded`: a picture whose greys matter (a photo's paper
    /// and shadows) is dithered on 8 colours; elsewhere (the 28×28 input) the nearest of black
    /// and white draws the cleaner stroke.
    @discardableResult
    static func draw(_ buf: inout ScreenBuffer, _ img: FloatImage, in area: Rect, ui: UIStyle, shaded: Bool = false) -> Rect {
        let fit = ArtFit(imageWidth: img.width, imageHeight: img.height, columns: area.width, rows: area.height)
        guard fit.columns > 0 else { return Rect(x: area.x, y: area.y, width: 0, height: 0) }
        let used = Rect(x: area.x + (area.width - fit.columns) / 2, y: area.y, width: fit.columns, height: fit.rows)
        if ui.caps.unicode && !ui.caps.color {
            // A photo's own range: a dim one's paper (ink-bright, about 0.5) was all ink.
            let threshold: Float = shaded ? { let r = Dither.range(sample(img)); return (r.low + r.high) / 2 }() : 0.5
            for (r, row) in quadrants(img, fit, threshold: threshold).enumerated() {
                for (c, ch) in row.enumerated() { buf[used.x + c, used.y + r] = Cell(character: ch) }
            }
            return used
        }
        let style: ArtStyle = ui.caps.unicode ? .halfBlocks : .ascii
        var cells = AsciiArt.render(img, columns: area.width, rows: area.height, style: style)
        if style == .ascii && shaded {
            // Stretched to the photo's own range as the 8-colour view is (walkthrough: with
            // LANG=C a dim photo's paper came out as a wall of "@", the digit not to be seen).
            let r = Dither.paperUp(cells.flatMap { $0.map(\.top) })
            cells = cells.map { $0.map { c in
                let v = min(1, max(0, (c.top - r.low) / (r.high - r.low)))
                return ArtCell(glyph: AsciiArt.rampGlyph(v), top: v, bottom: v)
            } }
        }
        let dithered = ui.caps.color && ui.caps.unicode && ui.caps.basicColors && shaded
        let range = dithered ? Dither.range(cells.flatMap { $0.flatMap { [$0.top, $0.bottom] } }) : (low: Float(0), high: Float(1))
        for (r, row) in cells.enumerated() {
            // An odd pixel height leaves the last row's lower half outside the picture.
            let lastHalf = r == fit.rows - 1 && fit.pixelHeight % 2 == 1
            for (c, cell) in row.enumerated() {
                let style: Style
                switch (ui.caps.color, ui.caps.unicode) {
                case (true, true) where ui.caps.basicColors && shaded:
                    // No greys: dithered black and white, so a shadow or grey paper keeps its shade.
                    style = Style(foreground: Dither.basic(cell.top, x: c, y: 2 * r, range: range),
                                  background: lastHalf ? nil : Dither.basic(cell.bottom, x: c, y: 2 * r + 1, range: range))
                case (true, true):
                    style = Style(foreground: AsciiArt.grayIndex(cell.top), background: lastHalf ? nil : AsciiArt.grayIndex(cell.bottom))
                case (true, false): style = Style(foreground: AsciiArt.grayIndex(max(cell.top, 0.35)))
                default: style = .plain
                }
                buf[used.x + c, used.y + r] = Cell(character: ui.caps.color && ui.caps.unicode ? "▀" : cell.glyph, style: style)
            }
        }
        return used
    }

    /// Up to about 20,000 of the image's pixels, evenly spread (a range from a 12-MP photo's
    /// every pixel would sort them all on each frame).
    static func sample(_ img: FloatImage) -> [Float] {
        let step = max(1, img.pixels.count / 20_000)
        return stride(from: 0, to: img.pixels.count, by: step).map { img.pixels[$0] }
    }

    /// The quarter-block glyph for the four pixels of a cell (bits: upper left 1, upper right
    /// 2, lower left 4, lower right 8).
    static let quarterBlocks: [Character] = [" ", "▘", "▝", "▀", "▖", "▌", "▞", "▛", "▗", "▚", "▐", "▜", "▄", "▙", "▟", "█"]

    /// Cells of quarter blocks: the image box-averaged to 2×2 pixels per cell (each pixel half
    /// a cell wide, so the aspect stays that of `fit`), ink from half coverage.
    static func quadrants(_ img: FloatImage, _ fit: ArtFit, threshold: Float = 0.5) -> [[Character]] {
        let scaleX = Double(img.width) / Double(2 * fit.columns), scaleY = Double(img.height) / Double(fit.pixelHeight)
        func ink(_ x: Int, _ y: Int) -> Bool {
            guard y < fit.pixelHeight else { return false }
            // The source box of this pixel: at least one source pixel, inside the image.
            let x0 = min(img.width - 1, Int(Double(x) * scaleX)), x1 = max(x0 + 1, min(img.width, Int(Double(x + 1) * scaleX)))
            let y0 = min(img.height - 1, Int(Double(y) * scaleY)), y1 = max(y0 + 1, min(img.height, Int(Double(y + 1) * scaleY)))
            var sum: Float = 0
            for yy in y0..<y1 { for xx in x0..<x1 { sum += img.pixels[yy * img.width + xx] } }
            return sum / Float((x1 - x0) * (y1 - y0)) >= threshold
        }
        return (0..<fit.rows).map { r in
            (0..<fit.columns).map { c in
                let bits = (ink(2 * c, 2 * r) ? 1 : 0) | (ink(2 * c + 1, 2 * r) ? 2 : 0) | (ink(2 * c, 2 * r + 1) ? 4 : 0) | (ink(2 * c + 1, 2 * r + 1) ? 8 : 0)
                return quarterBlocks[bits]
            }
        }
    }
}
