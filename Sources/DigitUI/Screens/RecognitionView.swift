import DigitApp
import DigitImage

/// One recognised image in the gallery: the original, the 28×28 input of the selected digit,
/// the number read drawn large and coloured by the verdict (sure, unsure, wrong) with the
/// selected digit's ten probabilities, and each digit's crop when there are several.
enum RecognitionView {
    /// Columns: margin, original, gap, input, gap, probabilities, margin; the three share what
    /// a wide terminal adds.
    static let inputWidth = 28, barsWidth = 28, gap = 2, minArtRows = 12, stripRows = 6, cropWidth = 8, cropStep = 10

    static func draw(_ buf: inout ScreenBuffer, _ area: Rect, _ r: Recognition, verdict: Verdict, digit: Int, ui: UIStyle) {
        let cols = area.columns([.length(1), .min(16), .length(gap), .min(inputWidth), .length(gap), .min(barsWidth), .length(1)])
        let (original, input, bars) = (cols[1], cols[3], cols[5])
        // The pictures' side: captions, the art, then the strip of crops when there are several digits.
        let left = Rect(x: original.x, y: area.y, width: input.maxX - original.x, height: area.height)
        let rows = left.rows([.length(1), .min(minArtRows), .length(r.digits.count > 1 ? stripRows : 0)])
        let (captions, art, strip) = (rows[0], rows[1], rows[2])
        buf.put("original", x: original.x, y: captions.y, style: ui.muted)
        let picture = originalArt(r, columns: original.width, rows: art.height, paperLight: ui.caps.color && ui.caps.unicode)
        let used = Widgets.image(&buf, picture, x: original.x, y: art.y, columns: original.width, rows: art.height, ui: ui)
        guard !r.digits.isEmpty else {
            buf.put("no digit found", x: input.x + 1, y: art.y + 4, style: ui.bad)
            if let mark = verdict.mark(unicode: ui.caps.unicode) {
                buf.put(mark, x: input.x + 1, y: art.y + 6, style: ui.verdict(verdict.kind), maxWidth: bars.maxX - input.x - 1)
            }
            return
        }
        let selected = min(max(0, digit), r.digits.count - 1)
        let chosen = r.digits[selected]
        let caption = r.digits.count > 1 ? "28×28 input, digit \(selected + 1)" : "28×28 input"
        buf.put(ui.text(caption), x: input.x, y: captions.y, style: ui.muted, maxWidth: input.width)
        let usedInput = Widgets.image(&buf, chosen.sample.final, x: input.x, y: art.y, columns: input.width,
                                      rows: min(art.height, input.width / 2), ui: ui)
        drawReading(&buf, bars, r, selected: selected, verdict: verdict, ui: ui)
        // The crops right under the pictures, not at the bottom of a tall terminal.
        let top = min(strip.y, art.y + max(used, usedInput))
        if r.digits.count > 1 {
            drawCrops(&buf, Rect(x: strip.x, y: top, width: strip.width, height: strip.height), r.digits, selected: selected, ui: ui)
        }
    }

    /// The number read, drawn large in the verdict's style, the verdict in words, then the ten
    /// probabilities of the selected digit.
    static func drawReading(_ buf: inout ScreenBuffer, _ area: Rect, _ r: Recognition, selected: Int, verdict: Verdict, ui: UIStyle) {
        let rows = area.rows([.length(6), .length(1), .length(10), .length(1)])
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
            // "Number: 5283  sure", the selected digit marked; the big glyphs under it.
            buf.put("Number:", x: label.x, y: label.y, style: .bold)
            for (i, ch) in r.prediction.enumerated() where label.x + 8 + i < label.maxX {
                buf.put(String(ch), x: label.x + 8 + i, y: label.y, style: i == selected ? ui.selected : style)
            }
            buf.put(verdict.word, x: label.x + 10 + r.prediction.count, y: label.y, style: style, maxWidth: max(0, label.maxX - label.x - 10 - r.prediction.count))
            BigNumber.draw(&buf, r.prediction, in: Rect(x: label.x + 1, y: label.y + 1, width: label.width - 1, height: 5), style: style, ui: ui)
            buf.put(ui.text("bars for digit \(selected + 1) of \(r.digits.count) (Tab)"), x: note.x, y: note.y, style: ui.muted, maxWidth: note.width)
        }
        let words = [verdict.mark(unicode: ui.caps.unicode), doubt(r, selected: selected, unicode: ui.caps.unicode)].compactMap { $0 }
        buf.put(words.joined(separator: "  "), x: said.x, y: said.y, style: style, maxWidth: said.width)
        for c in 0..<min(10, chosen.probabilities.count, probabilities.height) {
            Widgets.probability(&buf, label: c, p: Double(chosen.probabilities[c]), x: probabilities.x, y: probabilities.y + c,
                                width: probabilities.width, highlight: c == chosen.label, ui: ui)
        }
    }

    /// "unsure: 3 or 9?" for the selected digit (the one with bars), else "unsure: digit 3"
    /// for the least sure one (Tab shows it); nil when every digit is sure.
    static func doubt(_ r: Recognition, selected: Int, unicode: Bool) -> String? {
        let word = unicode ? "unsure: " : "UNSURE: "
        if r.digits.indices.contains(selected), r.digits[selected].confidence < Verdict.sureAt {
            let (a, b) = Verdict.topTwo(r.digits[selected])
            return word + "\(r.className(a)) or \(r.className(b))?"
        }
        guard let i = r.digits.indices.min(by: { r.digits[$0].confidence < r.digits[$1].confidence }),
              r.digits[i].confidence < Verdict.sureAt else { return nil }
        return word + "digit \(i + 1)"
    }

    /// The original as the panel draws it: the cleaned ink max-pooled down to about the cells'
    /// pixel grid before the area averaging, so a 2-px pen on a large canvas stays ink (pooling
    /// only to twice the grid left a 1-pixel line that averaging halved below the block's
    /// threshold).
    /// Ink bright, so glyphs (monochrome, ASCII even in colour) draw ink dense and paper blank;
    /// colour half blocks, drawn by shade alone, show the paper light again when the image was
    /// dark ink on light paper (`paperLight`).
    static func originalArt(_ r: Recognition, columns: Int, rows: Int, paperLight: Bool) -> FloatImage {
        let ink = r.cleaned.ink
        let factor = max(1, ink.width / max(1, columns), ink.height / max(1, 2 * rows))
        var pooled = ArtReport.maxPool(ink, factor: factor)
        if paperLight && r.cleaned.inverted { pooled.pixels = pooled.pixels.map { 1 - $0 } }
        return pooled
    }

    static func percent(_ p: Float) -> String { Format.fixed(Double(p) * 100, 1) + "%" }

    /// Each digit's crop with its label, as many as fit, scrolled so the selected one is shown
    /// and marked.
    static func drawCrops(_ buf: inout ScreenBuffer, _ area: Rect, _ digits: [DigitPrediction], selected: Int, ui: UIStyle) {
        guard area.height >= stripRows, area.width >= 2 * cropWidth else { return }
        let y = area.y + 1
        buf.put("digits:", x: area.x, y: y, style: .bold)
        let fit = (area.width - 2 * cropWidth) / cropStep + 1
        let first = selected >= fit ? selected - fit + 1 : 0
        var x = area.x + cropWidth
        for i in first..<min(digits.count, first + fit) {
            let d = digits[i]
            Widgets.image(&buf, d.sample.final, x: x, y: y, columns: cropWidth, rows: 4, ui: ui)
            let text = "\(d.label) \(Format.fixed(Double(d.confidence) * 100, 0))%"
            if i == selected {
                buf.put(ui.bullet + text, x: x - 1, y: y + 4, style: ui.selected, maxWidth: cropWidth + 1)
            } else {
                buf.put(text, x: x, y: y + 4, style: .bold, maxWidth: cropWidth)
            }
            x += cropStep
        }
    }
}
