import DigitApp
import DigitImage

enum GalleryScreen {
    static func draw(_ buf: inout ScreenBuffer, state s: AppState, ui: UIStyle) {
        guard !s.files.isEmpty else {
            buf.put("No PNG or JPEG images in \(s.digitsFolder)/ — add some and press r.", x: 2, y: 3, style: ui.muted)
            return
        }
        if s.fileList.open { drawList(&buf, state: s, ui: ui); return }
        let file = s.files[s.index]
        let name = file.split(separator: "/").last.map(String.init) ?? file
        var info = "Image \(s.index + 1)/\(s.files.count): \(name)"
        switch s.items[s.index] {
        case .pending:
            buf.put(info, x: 1, y: 1, style: .bold, maxWidth: buf.width - 2)
            buf.put(ui.text("reading…"), x: 2, y: 3, style: ui.muted)
        case let .failed(error):
            buf.put(info, x: 1, y: 1, style: .bold, maxWidth: buf.width - 2)
            buf.put(ui.caps.unicode ? "✗ Cannot use this file:" : "x Cannot use this file:", x: 2, y: 3, style: ui.bad)
            for (i, line) in TrainingScreen.wrap(ui.text(error), width: buf.width - 6).prefix(4).enumerated() { buf.put(line, x: 4, y: 4 + i) }
            buf.put("The gallery goes on: → for the next image.", x: 2, y: 9, style: ui.muted)
        case let .recognized(r):
            let bytes = r.fileBytes
            let o = r.segmentation.cleaned.original
            info += "  \(o.width)×\(o.height) \(r.format?.rawValue ?? "image"), \(kib(bytes))"
            buf.put(ui.text(info), x: 1, y: 1, style: .bold, maxWidth: buf.width - 2)
            drawRecognition(&buf, r, ui: ui)
        }
    }

    static func drawRecognition(_ buf: inout ScreenBuffer, _ r: Recognition, ui: UIStyle) {
        let artRows = 14
        let barsWidth = 28
        let finalCols = 28
        let origCols = max(16, buf.width - finalCols - barsWidth - 6)
        let top = 3
        buf.put("original", x: 1, y: top - 1, style: ui.muted)
        Widgets.image(&buf, r.segmentation.cleaned.original.floats, x: 1, y: top, columns: origCols, rows: artRows, ui: ui)
        let bx = buf.width - barsWidth - 1
        guard let first = r.digits.first else {
            buf.put("no digit found", x: origCols + 4, y: top + 4, style: ui.bad)
            return
        }
        let fx = origCols + 3
        buf.put(ui.text("28×28 input"), x: fx, y: top - 1, style: ui.muted)
        Widgets.image(&buf, first.sample.final, x: fx, y: top, columns: finalCols, rows: artRows, ui: ui)
        // The label drawn large, then all ten probabilities.
        if r.digits.count == 1 {
            Widgets.bigDigit(&buf, digit: first.label, x: bx + 2, y: top - 1, ui: ui)
            buf.put("\(Format.fixed(Double(first.confidence) * 100, 1))% sure", x: bx + 14, y: top + 1, style: .bold)
        } else {
            buf.put("Number:", x: bx, y: top - 1, style: .bold)
            buf.put(r.prediction, x: bx + 8, y: top - 1, style: ui.accent)
            for (i, ch) in r.prediction.prefix(2).enumerated() {
                Widgets.bigDigit(&buf, digit: Int(String(ch)) ?? 0, x: bx + 2 + 12 * i, y: top, ui: ui)
            }
        }
        for c in 0..<10 {
            Widgets.probability(&buf, label: c, p: Double(first.probabilities[c]), x: bx, y: top + 6 + c, width: barsWidth,
                                highlight: c == first.label, ui: ui)
        }
        // Several digits: each crop with its label.
        if r.digits.count > 1 {
            let y = top + artRows + 1
            buf.put("digits:", x: 1, y: y, style: .bold)
            var x = 9
            for d in r.digits where x + 8 < buf.width {
                Widgets.image(&buf, d.sample.final, x: x, y: y, columns: 8, rows: 4, ui: ui)
                buf.put("\(d.label) \(Int((d.confidence * 100).rounded()))%", x: x, y: y + 4, style: .bold)
                x += 10
            }
            buf.put("(bars: first digit)", x: bx, y: top + 16, style: ui.muted)
        }
    }

    static func drawList(_ buf: inout ScreenBuffer, state s: AppState, ui: UIStyle) {
        buf.put("Files in \(s.digitsFolder)/ (Enter opens, Esc closes)", x: 2, y: 2, style: ui.accent)
        let visible = buf.height - 6
        let sel = s.fileList.selected
        let first = max(0, min(sel - visible / 2, s.files.count - visible))
        for (row, i) in (first..<min(s.files.count, first + visible)).enumerated() {
            let name = s.files[i].split(separator: "/").last.map(String.init) ?? s.files[i]
            var mark = "  "
            if case .failed = s.items[i] { mark = ui.caps.unicode ? "✗ " : "x " }
            if case let .recognized(r) = s.items[i] { mark = r.prediction.isEmpty ? "? " : "" ; if !r.prediction.isEmpty { mark = "" } }
            var line = mark + name
            if case let .recognized(r) = s.items[i] { line += "  → \(r.prediction.isEmpty ? "no digit" : r.prediction)" }
            buf.put(" " + line + String(repeating: " ", count: max(0, buf.width - 8 - line.count)), x: 2, y: 4 + row,
                    style: i == sel ? ui.selected : .plain, maxWidth: buf.width - 4)
        }
    }

    static func kib(_ bytes: Int) -> String {
        bytes < 1024 ? "\(bytes) B" : Format.fixed(Double(bytes) / 1024, 1) + " KiB"
    }
}
