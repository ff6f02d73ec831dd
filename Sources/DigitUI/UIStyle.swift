import DigitApp

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
    /// The big label by verdict: green / yellow / red, or htop's bold / dim / reverse.
    func verdict(_ kind: Verdict.Kind) -> Style {
        switch kind {
        case .sure: caps.color ? Style(bold: true, foreground: 114) : .bold
        case .unsure: caps.color ? Style(bold: true, foreground: 221) : .dim
        case .wrong: caps.color ? Style(bold: true, foreground: 203) : Style(bold: true, reverse: true)
        }
    }
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
            .replacingOccurrences(of: "—", with: "-").replacingOccurrences(of: "–", with: "-").replacingOccurrences(of: "−", with: "-")
            .replacingOccurrences(of: "·", with: "-").replacingOccurrences(of: "≥", with: ">=").replacingOccurrences(of: "↑↓←→", with: "arrows").replacingOccurrences(of: "↑↓", with: "Up/Down").replacingOccurrences(of: "←→", with: "Left/Right")
            .replacingOccurrences(of: "→", with: "Right").replacingOccurrences(of: "←", with: "Left")
            .replacingOccurrences(of: "↑", with: "Up").replacingOccurrences(of: "↓", with: "Down")
            .replacingOccurrences(of: "✓", with: "+").replacingOccurrences(of: "✗", with: "x")
    }
}
