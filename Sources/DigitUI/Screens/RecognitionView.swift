import DigitApp
import DigitImage

/// One recognised image in the gallery: the original with each digit boxed and numbered, the
/// 28×28 input of the selected digit, the number read drawn large and coloured by the verdict
/// (sure, unsure, wrong) with the selected digit's ten probabilities. The pictures take all
/// the room the terminal has (PictureLayout).
enum RecognitionView {
    /// `whole`: the whole picture, not the digits' region (`OriginalZoom`).
    static func draw(_ buf: inout ScreenBuffer, _ area: Rect, _ r: Recognition, verdict: Verdict, digit: Int, whole: Bool = false, ui: UIStyle) {
        // Wide enough for the whole number (its longest line) in the small glyphs (one column of margin).
        let lines = r.lines
        let across = lines.count > 1 ? lines.map(\.count).max() ?? 0 : r.digits.count
        let focus = whole ? nil : OriginalZoom.focus(r)
        let layout = PictureLayout(area: area, imageWidth: focus?.width ?? r.original.width, imageHeight: focus?.height ?? r.original.height,
                                   readingAtLeast: across * BigNumber.smallStep + 1,
                                   readingRows: PictureLayout.readingRows + max(0, labelRows(lines: lines.count) - 6))
        let selected = min(max(0, digit), max(0, r.digits.count - 1))
        let title = OriginalZoom.caption(r, whole: whole, width: layout.original.width)
        buf.put(title, x: layout.original.x, y: layout.original.y - 1, style: ui.muted, maxWidth: layout.original.width)
        drawOriginal(&buf, r, in: layout.original, focus: focus, selected: selected, ui: ui)
        guard !r.digits.isEmpty else {
            buf.put("no digit found", x: layout.reading.x + 1, y: layout.reading.y + 2, style: ui.bad)
            if let mark = verdict.mark(unicode: ui.caps.unicode, fitting: layout.reading.width - 1) {
                buf.put(mark, x: layout.reading.x + 1, y: layout.reading.y + 4, style: ui.verdict(verdict.kind), maxWidth: layout.reading.width - 1)
            }
            return
        }
        let caption = r.digits.count > 1 ? "28×28 input, digit \(selected + 1)" : "28×28 input"
        let captionRoom = layout.input.x < layout.reading.x ? layout.reading.x - layout.input.x - 1 : layout.reading.width
        buf.put(ui.text(caption), x: layout.input.x, y: layout.input.y - 1, style: ui.muted, maxWidth: captionRoom)
        PictureArt.draw(&buf, r.digits[selected].sample.final, in: layout.input, ui: ui)
        drawReading(&buf, layout.reading, r, selected: selected, verdict: verdict, sayNoLabel: true, ui: ui)
    }

    /// The image as given (its grey levels: paper, shadows and pen as the file has them), then
    /// each digit's box: its number at the upper left corner and the other three corners, the
    /// selected digit's number highlighted. What the cleaning made of it is the 28×28 input beside.
    /// `focus`: the region drawn (the digits' with room around), nil for the whole picture.
    static func drawOriginal(_ buf: inout ScreenBuffer, _ r: Recognition, in area: Rect, focus: Box? = nil, selected: Int, ui: UIStyle) {
        let region = focus ?? Box(x: 0, y: 0, width: r.original.width, height: r.original.height)
        let grid = ArtFit(imageWidth: region.width, imageHeight: region.height, columns: area.width, rows: area.height)
        // Quarter blocks (monochrome) have two pixels per column.
        let across = ui.caps.unicode && !ui.caps.color ? 2 * grid.pixelWidth : grid.pixelWidth
        let picture = givenArt(r, region: focus, pixelWidth: across, pixelHeight: grid.pixelHeight, shades: ui.caps.color && ui.caps.unicode)
        let used = PictureArt.draw(&buf, picture, in: area, ui: ui, shaded: true)
        guard used.width > 1, used.height > 1, r.digits.count > 1 || smallInPicture(r, focus: focus) else { return }
        let sx = Double(used.width) / Double(max(1, region.width)), sy = Double(used.height) / Double(max(1, region.height))
        let corners: [Character] = ui.caps.unicode ? ["┐", "└", "┘"] : ["+", "+", "+"]
        let mark = ui.caps.color ? Style(bold: true, foreground: 214) : Style(bold: true)
        for (i, d) in r.digits.enumerated() {
            var b = d.sample.box
            (b.x, b.y) = (b.x - region.x, b.y - region.y)
            // One digit's corners go a cell outside it where there is room, so a thin stroke
            // keeps its ink; the digits of a number are too close for that.
            let out = r.digits.count == 1 ? 1 : 0
            let x0 = max(0, min(used.width - 1, Int(Double(b.x) * sx) - out)), y0 = max(0, min(used.height - 1, Int(Double(b.y) * sy) - out))
            let x1 = max(x0 + 1, min(used.width - 1, Int(Double(b.x + b.width) * sx) + out))
            let y1 = max(y0 + 1, min(used.height - 1, Int(Double(b.y + b.height) * sy) + out))
            // One digit has no number: its upper left corner is a corner like the others.
            let number: Character = r.digits.count == 1 ? (ui.caps.unicode ? "┌" : "+") : i < 9 ? Character(String(i + 1)) : "+"
            // On the paper's shade, so a mark does not punch a hole in the picture.
            func paper(_ x: Int, _ y: Int) -> Style { var m = mark; m.background = buf[used.x + x, used.y + y].style.background; return m }
            for (x, y, ch) in [(x1, y0, corners[0]), (x0, y1, corners[1]), (x1, y1, corners[2])] {
                buf[used.x + x, used.y + y] = Cell(character: ch, style: paper(x, y))
            }
            buf[used.x + x0, used.y + y0] = Cell(character: number, style: i == selected && r.digits.count > 1 ? ui.selected : paper(x0, y0))
        }
    }

    /// One digit is boxed when it is a small part of the whole picture away from its middle
    /// (walkthrough 36: on a photo of a sheet, the sheet's edge read as "1" could not be told
    /// from the digit). A close-up frames its digit already, and a drawing or a cell has its
    /// digit in the middle (review 37: a drawn 1, a twelfth of its canvas, was boxed too).
    static func smallInPicture(_ r: Recognition, focus: Box?) -> Bool {
        let (w, h) = (r.original.width, r.original.height)
        guard focus == nil, let b = r.digits.first?.sample.box, w > 0, h > 0 else { return false }
        let offMiddle = abs(2 * b.x + b.width - w) * 2 > w || abs(2 * b.y + b.height - h) * 2 > h
        return offMiddle && Double(b.width * b.height) < 0.25 * Double(w * h)
    }

    /// The number read, drawn large in the verdict's style (a row of glyphs per line of text
    /// when the panel is tall enough, else just "12 / 34"), the verdict in words, then the ten
    /// probabilities of the selected digit.
    /// `sayNoLabel`: an image without a label says so where the verdict goes, and how to give
    /// one (the gallery; walkthrough, session 30: the row was empty, as if nothing were known).
    static func drawReading(_ buf: inout ScreenBuffer, _ area: Rect, _ r: Recognition, selected: Int, verdict: Verdict,
                            sayNoLabel: Bool = false, ui: UIStyle) {
        let lines = r.lines
        // Several lines of glyphs only above the ten bars; else the text alone says it.
        let wanted = labelRows(lines: lines.count)
        let labelRows = lines.count < 2 || area.height >= wanted + 12 ? wanted : 1
        let rows = area.rows([.length(labelRows), .length(1), .length(10), .length(1)])
        let (label, said, probabilities, note) = (rows[0], rows[1], rows[2], rows[3])
        let chosen = r.digits[selected]
        let style = ui.verdict(verdict.kind)
        if r.digits.count == 1 {
            if ClassNaming.areDigits(r.classNames) {
                Widgets.bigDigit(&buf, digit: chosen.label, x: label.x + 2, y: label.y, style: style, ui: ui)
            } else {
                // A model of named classes (Fashion-MNIST): the name, not a number.
                buf.put(r.className(chosen.label), x: label.x + 1, y: label.y + 1, style: style, maxWidth: 12)
            }
            buf.put(percent(chosen.confidence), x: label.x + 14, y: label.y + 1, style: .bold)
            buf.put(verdict.word, x: label.x + 14, y: label.y + 3, style: style)
        } else {
            // "Number: 5283  sure" ("12 / 34" on two lines), the selected digit marked; the big glyphs under it.
            buf.put("Number:", x: label.x, y: label.y, style: .bold)
            let text = numberText(r)
            for (i, (ch, digit)) in text.enumerated() where label.x + 8 + i < label.maxX {
                buf.put(String(ch), x: label.x + 8 + i, y: label.y, style: digit == selected ? ui.selected : style)
            }
            buf.put(verdict.word, x: label.x + 10 + text.count, y: label.y, style: style, maxWidth: max(0, label.maxX - label.x - 10 - text.count))
            let glyphs = Rect(x: label.x + 1, y: label.y + 1, width: label.width - 1, height: label.height - 1)
            if lines.count > 1 {
                BigNumber.draw(&buf, lines: lines, in: glyphs, style: style, ui: ui)
            } else {
                BigNumber.draw(&buf, r.prediction, in: glyphs, style: style, ui: ui)
            }
        }
        // The doubt beside the mark when it fits whole ("unsu" says nothing), else on the line
        // under the bars (walkthrough 35: a wrong reading dropped its "unsure: 2nd digit, 7 or
        // 1?", which says which digit to look at).
        let mark = verdict.mark(unicode: ui.caps.unicode, fitting: said.width)
        let doubted = doubt(r, selected: selected, unicode: ui.caps.unicode)
        let full = [mark, doubted].compactMap { $0 }.joined(separator: "  ")
        // The line under the bars: which digit they are for, or the doubt that did not fit above.
        var under: (text: String, style: Style)? = r.digits.count > 1 ? (ui.text("bars: digit \(selected + 1) of \(r.digits.count) (Tab)"), ui.muted) : nil
        if full.isEmpty && sayNoLabel && verdict.expected == nil && verdict.unscored == nil {
            let note = TextWidth.firstFitting(["no label (e or a digit key labels it)", "no label (e labels it)", "no label"], width: said.width)
            buf.put(note, x: said.x, y: said.y, style: ui.muted, maxWidth: said.width)
        } else if TextWidth.of(full) <= said.width {
            buf.put(full, x: said.x, y: said.y, style: style, maxWidth: said.width)
        } else {
            buf.put(mark ?? "", x: said.x, y: said.y, style: style, maxWidth: said.width)
            if let doubted, TextWidth.of(doubted) <= note.width {
                let tabbed = doubted + " (Tab)"
                under = (r.digits.count > 1 && TextWidth.of(tabbed) <= note.width ? tabbed : doubted, ui.verdict(.unsure))
            }
        }
        if let under { buf.put(under.text, x: note.x, y: note.y, style: under.style, maxWidth: note.width) }
        for c in 0..<min(10, chosen.probabilities.count, probabilities.height) {
            Widgets.probability(&buf, label: c, p: Double(chosen.probabilities[c]), x: probabilities.x, y: probabilities.y + c,
                                width: probabilities.width, highlight: c == chosen.label, ui: ui)
        }
    }

    /// Rows the number takes above the bars: the "Number:" line and the glyphs (a row of them per line).
    static func labelRows(lines: Int) -> Int { lines < 2 ? 6 : 1 + BigNumber.height(lines: lines) }

    /// The number as the "Number:" line writes it, each character with the digit it belongs
    /// to (nil for a separator): "5283", "12 / 34" for two lines, names apart by a space.
    static func numberText(_ r: Recognition) -> [(Character, Int?)] {
        let spaced = r.digits.contains { r.className($0.label).count != 1 }
        var out: [(Character, Int?)] = []
        for (i, d) in r.digits.enumerated() {
            if i > 0 && d.sample.line != r.digits[i - 1].sample.line {
                out += " / ".map { ($0, nil) }
            } else if i > 0 && spaced {
                out.append((" ", nil))
            }
            out += r.className(d.label).map { ($0, i) }
        }
        return out
    }

    /// "unsure: 3 or 9?" for the selected digit (the one with bars), else "unsure: 3rd digit"
    /// for the least sure one (Tab shows it); nil when every digit is sure.
    static func doubt(_ r: Recognition, selected: Int, unicode: Bool) -> String? {
        let word = unicode ? "unsure: " : "UNSURE: "
        if let doubt = r.doubt(at: selected) { return word + doubt }
        return r.leastSure.map { word + "\(Format.ordinal($0 + 1)) digit" }
    }

    /// The image as given, as the panel draws it: the decoded greys (0 black … 1 white) pooled
    /// down to the pixel grid it is drawn at (or just over it; the cells average the rest).
    /// Colour half blocks show those shades as they are: grey paper stays grey, a shadow stays.
    /// Glyphs (monochrome, ASCII; `shades` false) draw bright values dense and have few levels,
    /// so there the ink side is made bright and the paper's level blank, the pen's full.
    /// `region`: the part of the picture drawn (nil: all of it).
    static func givenArt(_ r: Recognition, region: Box? = nil, pixelWidth: Int, pixelHeight: Int, shades: Bool) -> FloatImage {
        var image = r.original, ink = r.cleaned.ink
        if let b = region {
            image = image.cropped(x: b.x, y: b.y, width: b.width, height: b.height)
            // The ink map is the original's size (else `pool` leaves it out).
            ink = ink.width == r.original.width && ink.height == r.original.height ? ink.cropped(x: b.x, y: b.y, width: b.width, height: b.height) : ink
        }
        let up = { (n: Int, d: Int) in (n + max(1, d) - 1) / max(1, d) }
        let factor = max(1, up(image.width, pixelWidth), up(image.height, pixelHeight))
        let (pooled, inked) = pool(image, ink: ink, factor: factor)
        if shades { return pooled }
        var out = pooled
        if r.cleaned.inverted { out.pixels = out.pixels.map { 1 - $0 } }
        func median(_ v: [Float]) -> Float? { v.isEmpty ? nil : v.sorted()[v.count / 2] }
        let pen = median(zip(out.pixels, inked).filter(\.1).map(\.0)), paper = median(zip(out.pixels, inked).filter { !$0.1 }.map(\.0))
        guard let pen, let paper, pen - paper > 0.05 else { return out }
        // Away from the ink only what is more pen than paper is drawn: unevenly lit paper
        // printed as rows of : and - around the digits (walkthrough, LANG=C); a grid line or
        // a dark shadow still shows.
        out.pixels = zip(out.pixels, inked).map { v, ink in
            let t = min(1, max(0, (v - paper) / (pen - paper)))
            return ink || t >= 0.5 ? t : 0
        }
        return out
    }

    /// Each `factor`×`factor` block of the image (the last ones may be partial) as one value:
    /// the mean of its pixels the cleaning took for ink (≥ 0.5) when it has any — the pen's own
    /// grey, so a 2-px pen on a large canvas is not averaged into the paper — else the mean of
    /// the block. Also says which blocks held ink. One pass over the pixels, 12 MP included.
    static func pool(_ img: ByteImage, ink: FloatImage, factor: Int) -> (FloatImage, [Bool]) {
        let f = max(1, factor)
        let w = (img.width + f - 1) / f, h = (img.height + f - 1) / f
        // 64-bit sums: a 16384-px side pooled to one value is 2.7e8 × 255.
        var all = [UInt64](repeating: 0, count: w * h), allN = [UInt64](repeating: 0, count: w * h)
        var pen = [UInt64](repeating: 0, count: w * h), penN = [UInt64](repeating: 0, count: w * h)
        let sameSize = ink.width == img.width && ink.height == img.height
        img.pixels.withUnsafeBufferPointer { p in
            ink.pixels.withUnsafeBufferPointer { q in
                for y in 0..<img.height {
                    let row = (y / f) * w
                    for x in 0..<img.width {
                        let i = y * img.width + x, b = row + x / f, v = UInt64(p[i])
                        all[b] &+= v; allN[b] &+= 1
                        if sameSize && q[i] >= 0.5 { pen[b] &+= v; penN[b] &+= 1 }
                    }
                }
            }
        }
        let values = (0..<(w * h)).map { (b: Int) -> Float in
            if penN[b] > 0 { return Float(pen[b]) / (255 * Float(penN[b])) }
            return Float(all[b]) / (255 * Float(max(1, allN[b])))
        }
        return (FloatImage(width: w, height: h, pixels: values), penN.map { $0 > 0 })
    }

    static func percent(_ p: Float) -> String { Format.fixed(Double(p) * 100, 1) + "%" }
}
