import DigitApp
import DigitImage

/// How the drawing screen looks: the canvas in a box at the left, square in pixels and as
/// large as the height allows; at the right the digit read (big label, verdict, ten bars, as
/// in the gallery), the pen's state, and on tall terminals the 28×28 input the network saw.
///
/// Glyphs: half blocks (`▀`, upper pixel as foreground, lower as background) from the 24-step
/// grey ramp. The mouse reports whole cells, so finer glyphs (quadrants, sextants, braille)
/// would not let anyone place ink more finely; what they would add is one more level of
/// detail in exchange for only two colours per cell, i.e. hard edges. Half blocks keep two
/// square pixels per cell *and* the grey of the soft pen's edge — what the network reads.
/// Without colour, half blocks by threshold; without Unicode, the ASCII ramp (one value per
/// cell, the mean of its two pixels).
enum DrawView {
    struct Layout: Equatable {
        /// The box around the canvas, the canvas' cells, the reading panel.
        var frame: Rect, canvas: Rect, panel: Rect
    }

    static let panelMin = 30, gap = 2

    /// The layout for a terminal of `width`×`height` (the reducer maps mouse reports with it).
    static func layout(width: Int, height: Int) -> Layout {
        let body = Chrome(Rect(x: 0, y: 0, width: width, height: height)).body
        // Two pixels per row, one per column: a square canvas is twice as wide as tall.
        let rows = max(0, min(body.height - 2, (body.width - 2 - gap - panelMin - 1) / 2))
        let frame = Rect(x: body.x + 1, y: body.y, width: 2 * rows + 2, height: rows + 2)
        let panelX = frame.maxX + gap
        return Layout(frame: frame, canvas: frame.inset(left: 1, top: 1, right: 1, bottom: 1),
                      panel: Rect(x: panelX, y: body.y, width: max(0, body.maxX - panelX - 1), height: body.height))
    }

    /// `folder`: where a saved drawing goes (the gallery's folder).
    static func draw(_ buf: inout ScreenBuffer, state d: DrawState, folder: String, width: Int, height: Int, ui: UIStyle) {
        let l = layout(width: width, height: height)
        buf.box(x: l.frame.x, y: l.frame.y, width: l.frame.width, height: l.frame.height, title: title(d, ui: ui), unicode: ui.caps.unicode)
        drawCanvas(&buf, d, l.canvas, ui: ui)
        drawPanel(&buf, d, l.panel, folder: folder, ui: ui)
    }

    /// "Draw · pen down" / "Draw · eraser, pen up" in the box's top edge.
    static func title(_ d: DrawState, ui: UIStyle) -> String {
        let dot = ui.caps.unicode ? "·" : "-"
        return "Draw \(dot) \(d.erasing ? "eraser, " : "")pen \(d.penDown ? "down" : "up")"
    }

    static func drawCanvas(_ buf: inout ScreenBuffer, _ d: DrawState, _ c: Rect, ui: UIStyle) {
        guard c.width > 0, c.height > 0 else { return }
        let ink = d.drawing.ink(width: c.width, height: 2 * c.height)
        for row in 0..<c.height {
            for col in 0..<c.width {
                let top = ink.pixels[2 * row * c.width + col], bottom = ink.pixels[(2 * row + 1) * c.width + col]
                buf[c.x + col, c.y + row] = cell(top, bottom, ui: ui)
            }
        }
        // The keyboard pen: where it would draw, marked in the cell under it.
        guard d.showPen else { return }
        let px = min(c.width - 1, Int(d.pen.x * Float(c.width))), py = min(c.height - 1, Int(d.pen.y * Float(c.height)))
        let mark: Character = d.penDown ? (d.erasing ? "x" : (ui.caps.unicode ? "●" : "*")) : "+"
        let under = buf[c.x + px, c.y + py].style
        buf[c.x + px, c.y + py] = Cell(character: mark, style: ui.caps.color ? Style(bold: true, foreground: 214, background: under.background) : .bold)
    }

    /// Paper is a dark grey (so the canvas shows against the terminal's own background), ink
    /// goes up the grey ramp to white.
    static func cell(_ top: Float, _ bottom: Float, ui: UIStyle) -> Cell {
        if ui.caps.color && ui.caps.unicode {
            return Cell(character: "▀", style: Style(foreground: shade(top), background: shade(bottom)))
        }
        if ui.caps.unicode {
            // Monochrome: a pixel is ink from half ink up.
            let glyph: Character = top >= 0.5 ? (bottom >= 0.5 ? "█" : "▀") : (bottom >= 0.5 ? "▄" : " ")
            return Cell(character: glyph)
        }
        let glyph = AsciiArt.rampGlyph((top + bottom) / 2)
        return Cell(character: glyph, style: ui.caps.color ? Style(foreground: 255, background: paper) : .plain)
    }

    static let paper = 235

    /// xterm-256 grey for an ink level: the paper's grey, then the ramp's lighter steps, white.
    static func shade(_ v: Float) -> Int {
        guard v >= 0.04 else { return paper }  // NaN included
        if v > 0.96 { return 231 }
        return min(255, paper + 1 + Int((v * Float(255 - paper)).rounded(.down)))
    }

    static func drawPanel(_ buf: inout ScreenBuffer, _ d: DrawState, _ p: Rect, folder: String, ui: UIStyle) {
        // A row above the big label, so it does not touch the title bar.
        let rows = p.rows([.length(1), .length(18), .length(1), .length(1), .min(0)])
        let (reading, status, prompt, rest) = (rows[1], rows[2], rows[3], rows[4])
        if let r = d.reading?.recognition, !r.digits.isEmpty {
            RecognitionView.drawReading(&buf, reading, r, selected: 0, verdict: Verdict(r, expected: nil), ui: ui)
            if rest.height >= 16, rest.width >= 28 {
                buf.put(ui.text("28×28 input"), x: rest.x, y: rest.y + 1, style: ui.muted)
                Widgets.image(&buf, r.digits[0].sample.final, x: rest.x, y: rest.y + 2, columns: 28, rows: 14, ui: ui)
            }
        } else {
            let text = d.reading?.error ?? (d.reading?.recognition != nil ? "No digit found: draw bigger or bolder." : nil)
            let lines = text.map { TextWidth.wrap(ui.text($0), width: reading.width) } ?? hints(ui)
            for (i, line) in lines.prefix(reading.height).enumerated() {
                buf.put(line, x: reading.x, y: reading.y + i, style: i == 0 && text != nil ? ui.bad : ui.muted, maxWidth: reading.width)
            }
        }
        buf.put(statusText(d, ui: ui), x: status.x, y: status.y, style: ui.muted, maxWidth: status.width)
        if let q = d.prompt {
            let field = q.text.isEmpty ? "_" : q.text
            buf.put("Label: ", x: prompt.x, y: prompt.y, style: .bold)
            buf.put(" \(field) ", x: prompt.x + 7, y: prompt.y, style: q.suggested ? ui.selected : ui.accent, maxWidth: prompt.width - 7)
            // Where it goes, before Enter writes it (walkthrough, session 29: a drawing made from
            // the start menu went into digits/ without a word).
            let x = prompt.x + 7 + TextWidth.of(field) + 3
            let into = TextWidth.firstFitting([" into \(Path.display(folder))/", " into …/" + Path.baseName(folder) + "/", ""], width: max(0, prompt.maxX - x))
            buf.put(ui.text(into), x: x, y: prompt.y, style: ui.muted, maxWidth: max(0, prompt.maxX - x))
        }
    }

    /// "2 strokes · read in 0.9 ms", "(reading…)" while a newer drawing is being read.
    static func statusText(_ d: DrawState, ui: UIStyle) -> String {
        let n = d.drawing.strokes.count
        var parts = [Format.count(n, "stroke")]
        if let r = d.reading, r.recognition != nil {
            parts.append("read in \(Format.fixed(r.milliseconds, 1)) ms" + (d.readingIsCurrent ? "" : " (reading…)"))
        }
        if d.saving { parts.append("saving…") }
        return ui.text(parts.joined(separator: ui.caps.unicode ? " · " : ", "))
    }

    /// What the panel says before anything is drawn.
    static func hints(_ ui: UIStyle) -> [String] {
        ["Draw a digit on the canvas:", "", "  mouse: left button draws,", "  right button erases", "",
         "  keys: arrows move the pen,", "  Space puts it down / up,", "  x eraser, u undo, c clear", "",
         "It is read as you draw."].map(ui.text)
    }
}
