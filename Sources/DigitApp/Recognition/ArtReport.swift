import DigitImage
import Support

/// `predict --art`: the image once, its ink drawn dense (so ASCII shows ink, not paper) with a
/// numbered box on each digit; then each digit's 28×28 input beside its ten probabilities,
/// stacked when the terminal is narrow. No line is wider than `width` columns, or than 30
/// where `width` is less (the 28-column input art is the narrowest part).
public enum ArtReport {
    public static let minimumWidth = 30

    public static func text(_ r: Recognition, style: ArtStyle, color: Bool, width: Int = 80, expected: String? = nil) -> String {
        // 40 before: a 30-column terminal wrapped every bar line (red team, session 12).
        let w = max(ArtReport.minimumWidth, width)
        let verdict = expected.map { $0 == r.prediction ? (style == .ascii ? ", as expected" : " ✓") : (style == .ascii ? ", expected \($0): WRONG" : " ✗ expected \($0)") } ?? ""
        // Several lines are read line by line ("12" / "34"), as the text output shows them.
        let read = r.lines.map { "\"\($0)\"" }.joined(separator: " / ")
        // ASCII means no Unicode at all (walkthrough, session 28: "90×80 — read" under --ascii);
        // only a file's own name may hold some.
        let ascii = style == .ascii
        let times = { (s: String) in ascii ? String(s.map { $0 == "×" ? "x" : $0 }) : s }
        let name = "\(Path.display(r.file)):", size = times(r.sizeText + (r.shrunkText.map { " (\($0))" } ?? ""))
        let reading = "read \(read.isEmpty ? "\"\"" : read)\(verdict)"
        // Narrow, the verdict gets a line of its own rather than being cut off (walkthrough:
        // COLUMNS=30 showed "digits/7_thin_canvas.png: 105…"), the name keeps its end.
        var out = name.count + size.count + reading.count + 4 <= w
            ? ["\(name) \(size) \(ascii ? "-" : "—") \(reading)"]
            : [clipKeepingEnd(name, w, ascii: ascii), clip(reading, w, ascii: ascii), clip(size, w, ascii: ascii)]
        out += original(r, style: style, color: color, columns: min(w, 72))
        for (i, d) in r.digits.enumerated() {
            out.append("")
            out.append(clip("digit \(i + 1) of \(r.digits.count): \(r.className(d.label))  (\(Format.fixed(Double(d.confidence) * 100, 1))%)", w, ascii: ascii))
            let art = AsciiArt.lines(AsciiArt.render(d.sample.final, columns: 28, rows: 14, style: style), style: style, color: color)
            let sideBySide = w >= 28 + 2 + 34
            let bars = self.bars(d.probabilities, width: sideBySide ? min(20, w - 30 - 14) : max(8, w - 14), unicode: style == .halfBlocks)
            if sideBySide {
                for i in 0..<max(art.count, bars.count) {
                    let left = i < art.count ? art[i] : String(repeating: " ", count: 28)
                    out.append(left + "  " + (i < bars.count ? bars[i] : ""))
                }
            } else {
                out += art + bars
            }
        }
        return out.joined(separator: "\n")
    }

    /// "3 [#####-----]  48.2%" for each class.
    static func bars(_ p: [Float], width: Int, unicode: Bool) -> [String] {
        p.indices.map { c in
            let v = Double(p[c])
            return "\(c) \(ProgressText.bar(fraction: v, width: width, unicode: unicode, nearest: true)) \(ReportText.pad(Format.fixed(v * 100, 1), 5))%"
        }
    }

    /// The cleaned image (ink bright), thin strokes kept by max-pooling before the cells are
    /// averaged, with each digit's box corners and its number drawn over it.
    /// Close up on the digits where they are a small part of the picture (`Recognition.closeUp`,
    /// as the gallery shows it; walkthrough, session 35: a phone photo's digits were a few
    /// cells), said in a line above it.
    static func original(_ r: Recognition, style: ArtStyle, color: Bool, columns: Int) -> [String] {
        let whole = r.cleaned.ink
        let region = r.closeUp.flatMap { whole.width == r.original.width && whole.height == r.original.height ? $0 : nil }
        let ink = region.map { whole.cropped(x: $0.x, y: $0.y, width: $0.width, height: $0.height) } ?? whole
        let (ox, oy) = (region?.x ?? 0, region?.y ?? 0)
        let times = style == .ascii ? "x" : "×"
        let caption = region.map { ["close up on the digits: \($0.width)\(times)\($0.height) px at (\($0.x), \($0.y))"] } ?? []
        let rowsAvailable = 20
        let pooled = maxPool(ink, factor: max(1, ink.width / (columns * 2)))
        var cells = AsciiArt.render(pooled, columns: columns, rows: rowsAvailable, style: style)
        guard let first = cells.first, !first.isEmpty else { return [] }
        let cw = first.count, ch = cells.count
        // Pixel → cell: the render keeps the aspect, so one scale for both axes.
        let sx = Double(cw) / Double(ink.width), sy = Double(ch) / Double(ink.height)
        var marks: [(x: Int, y: Int, glyph: Character)] = []
        for (i, d) in r.digits.enumerated() {
            let b = Box(x: d.sample.box.x - ox, y: d.sample.box.y - oy, width: d.sample.box.width, height: d.sample.box.height)
            let x0 = min(cw - 1, max(0, Int(Double(b.x) * sx))), y0 = min(ch - 1, max(0, Int(Double(b.y) * sy)))
            let x1 = min(cw - 1, max(0, Int(Double(b.x + b.width) * sx))), y1 = min(ch - 1, max(0, Int(Double(b.y + b.height) * sy)))
            let number: Character = i < 9 ? Character(String(i + 1)) : "+"
            let corners: [Character] = style == .halfBlocks ? ["┐", "└", "┘"] : ["+", "+", "+"]
            marks += [(x0, y0, number), (x1, y0, corners[0]), (x0, y1, corners[1]), (x1, y1, corners[2])]
        }
        var marked = Set<Int>()
        for m in marks where !marked.contains(m.y * cw + m.x) {
            marked.insert(m.y * cw + m.x)
            cells[m.y][m.x] = ArtCell(glyph: m.glyph, top: -1, bottom: -1)
        }
        return caption.map { clip($0, columns, ascii: style == .ascii) } + cells.map { row in
            guard color else { return String(row.map(\.glyph)) }
            var s = ""
            for c in row {
                if c.top < 0 { s += "\u{1B}[0;1;33m\(c.glyph)"; continue }
                s += AsciiArt.lines([[c]], style: style, color: true)[0]
            }
            return s + "\u{1B}[0m"
        }
    }

    /// Each `factor`×`factor` block becomes its brightest pixel: a 2-px pen on a 1050×800
    /// canvas stays ink after the picture shrinks to 72 columns.
    public static func maxPool(_ img: FloatImage, factor: Int) -> FloatImage {
        guard factor > 1 else { return img }
        let w = (img.width + factor - 1) / factor, h = (img.height + factor - 1) / factor
        var out = [Float](repeating: 0, count: w * h)
        for y in 0..<img.height {
            for x in 0..<img.width {
                let o = (y / factor) * w + x / factor
                out[o] = max(out[o], img.pixels[y * img.width + x])
            }
        }
        return FloatImage(width: w, height: h, pixels: out)
    }

    /// Cut to `width` with an ellipsis ("..." in ASCII, review, session 28).
    static func clip(_ s: String, _ width: Int, ascii: Bool = false) -> String {
        let dots = ascii ? "..." : "…"
        return s.count <= width ? s : String(s.prefix(max(0, width - dots.count))) + dots
    }
    static func clipKeepingEnd(_ s: String, _ width: Int, ascii: Bool = false) -> String {
        let dots = ascii ? "..." : "…"
        return s.count <= width ? s : dots + String(s.suffix(max(0, width - dots.count)))
    }
}
