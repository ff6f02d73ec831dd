import DigitApp
import DigitImage

/// One recognised image in the gallery: the original, the network's 28×28 input, the digit
/// read drawn large with all ten probabilities, and each digit's crop when there are several.
enum RecognitionView {
    /// Columns: margin, original, gap, input, gap, probabilities, margin; the three share what
    /// a wide terminal adds.
    static let inputWidth = 28, barsWidth = 28, gap = 2, minArtRows = 12, stripRows = 6, cropWidth = 8, cropStep = 10

    static func draw(_ buf: inout ScreenBuffer, _ area: Rect, _ r: Recognition, ui: UIStyle) {
        let cols = area.columns([.length(1), .min(16), .length(gap), .min(inputWidth), .length(gap), .min(barsWidth), .length(1)])
        let (original, input, bars) = (cols[1], cols[3], cols[5])
        // The pictures' side: captions, the art, then the strip of crops when there are several digits.
        let left = Rect(x: original.x, y: area.y, width: input.maxX - original.x, height: area.height)
        let rows = left.rows([.length(1), .min(minArtRows), .length(r.digits.count > 1 ? stripRows : 0)])
        let (captions, art, strip) = (rows[0], rows[1], rows[2])
        buf.put("original", x: original.x, y: captions.y, style: ui.muted)
        let used = Widgets.image(&buf, r.original.floats, x: original.x, y: art.y, columns: original.width, rows: art.height, ui: ui)
        guard let first = r.digits.first else {
            buf.put("no digit found", x: input.x + 1, y: art.y + 4, style: ui.bad)
            return
        }
        buf.put(ui.text("28×28 input"), x: input.x, y: captions.y, style: ui.muted)
        let usedInput = Widgets.image(&buf, first.sample.final, x: input.x, y: art.y, columns: input.width,
                                      rows: min(art.height, input.width / 2), ui: ui)
        drawReading(&buf, bars, r, first, ui: ui)
        // The crops right under the pictures, not at the bottom of a tall terminal.
        let top = min(strip.y, art.y + max(used, usedInput))
        if r.digits.count > 1 { drawCrops(&buf, Rect(x: strip.x, y: top, width: strip.width, height: strip.height), r.digits, ui: ui) }
    }

    /// The label drawn large (or the number read, with its first two digits large), then the
    /// ten probabilities of the first digit.
    static func drawReading(_ buf: inout ScreenBuffer, _ area: Rect, _ r: Recognition, _ first: DigitPrediction, ui: UIStyle) {
        let rows = area.rows([.length(6), .length(1), .length(10), .length(1)])
        let (label, probabilities, note) = (rows[0], rows[2], rows[3])
        if r.digits.count == 1 {
            Widgets.bigDigit(&buf, digit: first.label, x: label.x + 2, y: label.y, ui: ui)
            buf.put("\(Format.fixed(Double(first.confidence) * 100, 1))% sure", x: label.x + 14, y: label.y + 2, style: .bold)
        } else {
            buf.put("Number:", x: label.x, y: label.y, style: .bold)
            buf.put(r.prediction, x: label.x + 8, y: label.y, style: ui.accent, maxWidth: label.width - 8)
            for (i, ch) in r.prediction.prefix(2).enumerated() {
                Widgets.bigDigit(&buf, digit: Int(String(ch)) ?? 0, x: label.x + 2 + 12 * i, y: label.y + 1, ui: ui)
            }
            buf.put("(bars: first digit)", x: note.x, y: note.y, style: ui.muted)
        }
        for c in 0..<min(10, first.probabilities.count, probabilities.height) {
            Widgets.probability(&buf, label: c, p: Double(first.probabilities[c]), x: probabilities.x, y: probabilities.y + c,
                                width: probabilities.width, highlight: c == first.label, ui: ui)
        }
    }

    /// Each digit's crop with its label, as many as fit.
    static func drawCrops(_ buf: inout ScreenBuffer, _ area: Rect, _ digits: [DigitPrediction], ui: UIStyle) {
        guard area.height >= stripRows else { return }
        let y = area.y + 1
        buf.put("digits:", x: area.x, y: y, style: .bold)
        var x = area.x + cropWidth
        for d in digits where x + cropWidth <= area.maxX {
            Widgets.image(&buf, d.sample.final, x: x, y: y, columns: cropWidth, rows: 4, ui: ui)
            buf.put("\(d.label) \(Format.fixed(Double(d.confidence) * 100, 0))%", x: x, y: y + 4, style: .bold)
            x += cropStep
        }
    }
}
