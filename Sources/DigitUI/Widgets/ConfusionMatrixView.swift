import DigitApp

/// The confusion matrix as a widget (the results screen and the model report): rows are true
/// classes, columns predictions, each row ends with its recall and precision. Errors stand out
/// by size — the diagonal is quiet, an empty cell a dot, and the larger an off-diagonal count
/// the louder its cell: yellow, orange, red in colour; plain, bold, reverse in monochrome and
/// ASCII (htop's scheme). With room, the top confusions follow (below, or at the right).
enum ConfusionMatrixView {
    static let labelWidth = 5, countWidth = 5, rateWidth = 7
    /// Columns the matrix itself takes: label, ten counts, recall and precision.
    static let width = labelWidth + 10 * countWidth + 2 * rateWidth
    /// Rows: the header and ten classes; the legend comes after when there is room.
    static let rows = 11

    /// Draws the matrix in `area`; `cursor` (true, predicted) is the selected cell.
    static func draw(_ buf: inout ScreenBuffer, _ area: Rect, _ m: Metrics, names: [String] = ModelClasses.digits,
                     cursor: (label: Int, prediction: Int)? = nil, confusions: Bool = true, ui: UIStyle) {
        guard area.height >= 2, m.confusion.count >= 10 else { return }
        let header = (0..<10).map { TextWidth.pad(" " + pad(ClassNaming.name($0, names: names), countWidth - 2), countWidth) }.joined()
        buf.put(String(repeating: " ", count: labelWidth) + header + pad("recall%", rateWidth) + pad("prec.%", rateWidth),
                x: area.x, y: area.y, style: .bold, maxWidth: area.width)
        // The rows' side says what they are (walkthrough: only the help did); the legend below
        // says the columns when it has the room.
        buf.put("true", x: area.x + 1, y: area.y, style: ui.muted, maxWidth: max(0, area.width - 1))
        let largest = max(1, offDiagonalMax(m))
        for row in 0..<min(10, area.height - 1) {
            let y = area.y + 1 + row
            buf.put(" " + TextWidth.prefix(ClassNaming.name(row, names: names), width: labelWidth - 2), x: area.x, y: y, style: .bold)
            for col in 0..<min(10, m.confusion[row].count) {
                let n = m.confusion[row][col]
                let text = n == 0 && row != col ? (ui.caps.unicode ? "·" : ".") : String(n)
                let selected = cursor.map { $0.label == row && $0.prediction == col } ?? false
                let style = selected ? ui.selected : cellStyle(n, largest: largest, diagonal: row == col, ui: ui)
                buf.put(pad(text, countWidth - 1) + " ", x: area.x + labelWidth + col * countWidth, y: y, style: style, maxWidth: area.maxX - area.x - labelWidth - col * countWidth)
            }
            if let cursor, cursor.label == row, (0..<10).contains(cursor.prediction) {
                // Brackets too, so the cursor differs from a loud cell without colour.
                let x = area.x + labelWidth + cursor.prediction * countWidth
                let (open, close) = ui.caps.unicode ? ("▸", "◂") : (">", "<")
                buf.put(open, x: x - 1, y: y, style: ui.accent)
                buf.put(close, x: x + countWidth - 1, y: y, style: ui.accent)
            }
            // A class without images (or never read) has no rate: a dash, not "0.0".
            func rate(_ share: Double?) -> String { share.map { Format.fixed($0 * 100, 1) } ?? ui.text("—") }
            let rates = pad(rate(m.recall(row)), rateWidth) + pad(rate(m.precision(row)), rateWidth)
            buf.put(rates, x: area.x + labelWidth + 10 * countWidth, y: y, maxWidth: max(0, area.maxX - area.x - labelWidth - 10 * countWidth))
        }
        // Below: the legend, and the top confusions on one line when they have no room at the
        // right; with a single row left, the confusions matter more than the legend.
        var below = Rect(x: area.x, y: area.y + rows, width: area.width, height: max(0, area.height - rows))
        let side = Rect(x: area.x + width + 3, y: area.y, width: max(0, area.maxX - area.x - width - 3), height: area.height)
        let confusionsBelow = confusions && side.width < 24
        if below.height >= (confusionsBelow ? 2 : 1) {
            legend(&buf, below, largest: offDiagonalMax(m), ui: ui)
            below = below.inset(top: 1)
        }
        if !confusions {
            return
        } else if !confusionsBelow {
            topConfusions(&buf, side, m, names: names, ui: ui)
        } else if below.height > 0 {
            // As many whole confusions as fit ("…: 11" cut from "11 times" misleads).
            var line = "Most confused: none"
            for (i, item) in ExploreText.topConfusions(m, count: 4).enumerated() {
                let longer = i == 0 ? "Most confused: " + item : line + "; " + item
                if i > 0 && TextWidth.of(longer) > below.width { break }
                line = longer
            }
            buf.put(line, x: below.x, y: below.y, maxWidth: below.width)
        }
    }

    /// "4 read as 9: 11 times", one per row under a heading.
    static func topConfusions(_ buf: inout ScreenBuffer, _ area: Rect, _ m: Metrics, names: [String], ui: UIStyle) {
        guard area.height > 1 else { return }
        buf.put("Top confusions", x: area.x, y: area.y, style: .bold, maxWidth: area.width)
        let lines = ExploreText.topConfusions(m, count: area.height - 1)
        if lines.isEmpty { buf.put("none", x: area.x, y: area.y + 1, style: ui.muted) }
        for (i, line) in lines.enumerated() { buf.put(line, x: area.x, y: area.y + 1 + i, maxWidth: area.width) }
    }

    /// What the loudness means, in the matrix's own styles.
    static func legend(_ buf: inout ScreenBuffer, _ area: Rect, largest: Int, ui: UIStyle) {
        var x = area.x + labelWidth
        // Within the matrix's own columns (the top confusions may stand at its right). Said as
        // what rows, columns and a cell's loudness mean (walkthrough: "errors: 1+ 2+ ≥4 of 5 at
        // most" was cryptic; then, the columns were explained only by the help).
        let right = min(area.maxX, area.x + width)
        // No mistake at all: no loudness to explain (walkthrough: "wrong: ≥1 (max 1 a cell)").
        let lead = largest == 0 ? "rows true, columns read; no mistakes" : "rows true, columns read; wrong:"
        buf.put(lead, x: x, y: area.y, style: ui.muted, maxWidth: max(0, right - x))
        guard largest > 0 else { return }
        x += TextWidth.of(lead) + 1
        // A level whose threshold the next louder one shares is never seen: left out ("1+ 1+ ≥1").
        for level in 1...3 where level == 3 || threshold(level, largest: largest) != threshold(level + 1, largest: largest) {
            let low = threshold(level, largest: largest)
            let text = level == 3 ? " ≥\(low) " : " \(low)+ "
            let shown = ui.caps.unicode ? text : text.replacing("≥", with: ">=")
            buf.put(shown, x: x, y: area.y, style: style(level: level, ui: ui), maxWidth: max(0, right - x))
            x += TextWidth.of(shown) + 1
        }
        // Whole or not at all (review: "(max 906 a" on Fashion-MNIST).
        guard let tail = ["(max \(largest) a cell)", "(max \(largest))"].first(where: { TextWidth.of($0) <= right - x }) else { return }
        buf.put(tail, x: x, y: area.y, style: ui.muted)
    }

    /// The largest count off the diagonal.
    static func offDiagonalMax(_ m: Metrics) -> Int {
        var best = 0
        for (t, row) in m.confusion.enumerated() { for (p, n) in row.enumerated() where t != p { best = max(best, n) } }
        return best
    }

    /// Loudness 1…3 of an error count against the largest error: up to a third, up to two
    /// thirds, more.
    static func level(_ n: Int, largest: Int) -> Int {
        n * 3 <= largest ? 1 : (n * 3 <= 2 * largest ? 2 : 3)
    }

    /// The smallest count at a level.
    static func threshold(_ level: Int, largest: Int) -> Int {
        switch level {
        case 1: return 1
        case 2: return largest / 3 + 1
        default: return 2 * largest / 3 + 1
        }
    }

    static func cellStyle(_ n: Int, largest: Int, diagonal: Bool, ui: UIStyle) -> Style {
        if diagonal { return ui.caps.color ? Style(foreground: 108) : .dim }
        if n == 0 { return ui.muted }
        return style(level: level(n, largest: largest), ui: ui)
    }

    static func style(level: Int, ui: UIStyle) -> Style {
        if ui.caps.color {
            switch level {
            case 1: return Style(bold: true, foreground: 221)
            // On 8 colours orange would become red like level 3 (and bold black grey): yellow.
            case 2: return ui.caps.basicColors ? Style(foreground: 0, background: 3) : Style(bold: true, foreground: 16, background: 215)
            default: return Style(bold: true, foreground: 231, background: 160)
            }
        }
        switch level {
        case 1: return .plain
        case 2: return .bold
        default: return Style(bold: true, reverse: true)
        }
    }

    static func pad(_ s: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - TextWidth.of(s))) + s }
}
