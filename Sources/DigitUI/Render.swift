import DigitApp
import Foundation

/// The whole screen for a state. Pure: the same state always draws the same buffer.
public func render(_ s: AppState) -> ScreenBuffer {
    var buf = ScreenBuffer(width: s.width, height: s.height)
    guard !s.tooSmall else {
        let x = s.capabilities.unicode ? "×" : "x"
        buf.put("Terminal too small: need \(AppState.minWidth)\(x)\(AppState.minHeight), have \(s.width)\(x)\(s.height)", x: 0, y: 0)
        return buf
    }
    let ui = UIStyle(s.capabilities)
    buf.fill(x: 0, y: 0, width: s.width, height: 1, style: ui.titleBar)
    buf.put(" Handwritten Digit Recognizer v2.0", x: 0, y: 0, style: ui.titleBar)
    if let model = s.modelName {
        let label = "model: \(baseName(model)) "
        buf.put(label, x: max(36, s.width - label.count), y: 0, style: ui.titleBar)
    }
    switch s.screen {
    case let .start(selected): StartScreen.draw(&buf, selected: selected, ui: ui)
    case let .load(selected): LoadScreen.draw(&buf, models: s.models, selected: selected, ui: ui)
    case let .trainForm(form, missing, download): TrainingScreen.drawForm(&buf, form: form, missing: missing, download: download, ui: ui)
    case let .training(view): TrainingScreen.drawDashboard(&buf, view: view, ui: ui)
    case let .results(r): TrainingScreen.drawResults(&buf, results: r, ui: ui)
    case .gallery: GalleryScreen.draw(&buf, state: s, ui: ui)
    }
    if let message = s.message {
        buf.fill(x: 0, y: s.height - 2, width: s.width, height: 1)
        buf.put(" " + ui.text(message), x: 0, y: s.height - 2, style: ui.accent, maxWidth: s.width)
    }
    buf.fill(x: 0, y: s.height - 1, width: s.width, height: 1, style: ui.statusBar)
    buf.put(" " + ui.text(statusKeys(s)), x: 0, y: s.height - 1, style: ui.statusBar, maxWidth: s.width)
    if s.showHelp { HelpOverlay.draw(&buf, state: s, ui: ui) }
    return buf
}

func statusKeys(_ s: AppState) -> String {
    switch s.screen {
    case .start: return "↑↓/jk move  Enter choose  l load  t train  q quit  ? help"
    case .load: return "↑↓/jk move  Enter load  Esc back  q quit  ? help"
    case let .trainForm(_, missing, _):
        return "↑↓ field  ←→ change  Enter next/start\(missing != nil ? "  d download" : "")  Esc back  ? help"
    case .training: return "c or q cancel (keeps the best model so far)  ? help"
    case .results: return "type a name  Enter save  Esc skip saving  ? help"
    case .gallery:
        return s.fileList.open ? "↑↓ move  Enter open  Esc close" : "→/n/Space next  ←/p prev  Home/End  / files  r reload  m menu  q quit  ? help"
    }
}

func baseName(_ path: String) -> String {
    var name = path.split(separator: "/").last.map(String.init) ?? path
    if name.hasSuffix(".safetensors") { name.removeLast(".safetensors".count) }
    return name
}

/// Colours and glyphs for the terminal's capabilities: colour, or htop's monochrome
/// scheme (bold and reverse); Unicode blocks, or ASCII.
struct UIStyle {
    let caps: Capabilities
    init(_ caps: Capabilities) { self.caps = caps }

    var titleBar: Style { caps.color ? Style(bold: true, foreground: 231, background: 24) : Style(bold: true, reverse: true) }
    var statusBar: Style { caps.color ? Style(foreground: 16, background: 250) : .reverse }
    var selected: Style { caps.color ? Style(bold: true, foreground: 16, background: 45) : Style(bold: true, reverse: true) }
    var accent: Style { caps.color ? Style(bold: true, foreground: 214) : .bold }
    var good: Style { caps.color ? Style(foreground: 114) : .plain }
    var bad: Style { caps.color ? Style(foreground: 203) : .bold }
    var muted: Style { caps.color ? Style(foreground: 244) : .dim }
    var barOn: Style { caps.color ? Style(foreground: 45) : .plain }

    func bar(_ fraction: Double, width: Int) -> String {
        let inner = ProgressText.bar(fraction: fraction, width: width, unicode: caps.unicode)
        return String(inner.dropFirst().dropLast())
    }

    var bullet: String { caps.unicode ? "▸" : ">" }

    /// Arrow glyphs spelled out where the terminal has no Unicode.
    func text(_ s: String) -> String {
        guard !caps.unicode else { return s }
        return s.replacingOccurrences(of: "×", with: "x").replacingOccurrences(of: "…", with: "...")
            .replacingOccurrences(of: "—", with: "-").replacingOccurrences(of: "↑↓", with: "Up/Down").replacingOccurrences(of: "←→", with: "Left/Right")
            .replacingOccurrences(of: "→", with: "Right").replacingOccurrences(of: "←", with: "Left")
            .replacingOccurrences(of: "↑", with: "Up").replacingOccurrences(of: "↓", with: "Down")
    }
}
