import DigitApp
enum StartScreen {
    static let options = ["Load a saved model", "Train a new model", "Quit"]
    static let hotkeys = ["l", "t", "q"]

    static func draw(_ buf: inout ScreenBuffer, selected: Int, ui: UIStyle) {
        let top = max(3, buf.height / 2 - 6)
        buf.center("Handwritten Digit Recognizer v2.0", y: top, style: ui.accent)
        buf.center("Recognises the digits in your own PNG drawings, with a network trained on MNIST.", y: top + 2, style: ui.muted)
        for (i, option) in options.enumerated() {
            let text = " \(i == selected ? ui.bullet : " ") \(option)  (\(hotkeys[i])) "
            let x = (buf.width - 32) / 2
            buf.put(text + String(repeating: " ", count: max(0, 32 - text.count)), x: x, y: top + 5 + 2 * i,
                    style: i == selected ? ui.selected : .plain)
        }
    }
}

enum LoadScreen {
    static func draw(_ buf: inout ScreenBuffer, models: [ModelEntry], selected: Int, ui: UIStyle) {
        buf.put("Load a saved model (saved_models/)", x: 2, y: 2, style: ui.accent)
        let header = pad("Name", 22) + pad("Architecture", 14) + pad("Parameters", 12) + pad("Test acc.", 11) + "Created"
        buf.put(header, x: 2, y: 4, style: .bold, maxWidth: buf.width - 4)
        if models.isEmpty {
            buf.put("No models in saved_models/ — go back (Esc) and train one.", x: 2, y: 6, style: ui.muted)
        }
        let visible = buf.height - 9
        let first = max(0, min(selected - visible + 1, models.count - visible))
        for (row, i) in (first..<min(models.count, first + visible)).enumerated() {
            let m = models[i]
            let y = 5 + row
            let line: String
            if let error = m.error {
                line = pad(m.name, 22) + (ui.caps.unicode ? "✗ " : "x ") + error
            } else {
                let acc = m.testAccuracy.map { Format.fixed($0 * 100, 2) + "%" } ?? "-"
                line = pad(m.name, 22) + pad(m.architecture, 14) + pad(Format.grouped(m.parameters), 12) + pad(acc, 11) + String(m.created.prefix(10))
            }
            let style = i == selected ? ui.selected : (m.error != nil ? ui.bad : .plain)
            buf.put(" " + line + String(repeating: " ", count: max(0, buf.width - 6 - line.count)), x: 1, y: y, style: style, maxWidth: buf.width - 2)
        }
    }

    static func pad(_ s: String, _ w: Int) -> String {
        s.count >= w ? String(s.prefix(w - 1)) + " " : s + String(repeating: " ", count: w - s.count)
    }
}

enum HelpOverlay {
    static func lines(_ s: AppState) -> [String] {
        switch s.screen {
        case .start: return ["↑/↓ or j/k   move", "Enter        choose", "l            load a saved model", "t            train a new model", "q / Esc      quit"]
        case .load: return ["↑/↓ or j/k   move", "Enter        load the model and open the gallery", "Esc / b      back", "Damaged files show their error and cannot be chosen."]
        case .trainForm: return ["↑/↓          move between fields", "←/→          change the value", "Enter        next field / start training", "d            download MNIST (when missing)", "Esc          back"]
        case .training: return ["c / q / Esc  cancel after the current batch;", "             the best model so far is kept", "Training runs in the background: the screen stays live."]
        case .results: return ["Type a name for the model.", "Enter        save it atomically into saved_models/", "Esc          skip saving and open the gallery"]
        case .gallery: return ["→ n Space    next image", "← p          previous image", "Home / End   first / last", "/ or f       list of files to jump to", "r            reload the folder", "m            back to the start menu", "q / Esc      quit"]
        }
    }

    static func draw(_ buf: inout ScreenBuffer, state: AppState, ui: UIStyle) {
        let text = lines(state).map(ui.text)
        let w = min(buf.width - 4, max(40, (text.map(\.count).max() ?? 0) + 6))
        let h = text.count + 4
        let x = (buf.width - w) / 2, y = max(1, (buf.height - h) / 2)
        buf.fill(x: x, y: y, width: w, height: h)
        buf.box(x: x, y: y, width: w, height: h, title: "Help — any key closes", unicode: ui.caps.unicode)
        for (i, line) in text.enumerated() { buf.put(line, x: x + 3, y: y + 2 + i, maxWidth: w - 5) }
    }
}
