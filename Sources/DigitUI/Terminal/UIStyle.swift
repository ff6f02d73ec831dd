import DigitApp

/// Colours and glyphs for the terminal's capabilities: colour, or htop's monochrome
/// scheme (bold and reverse); Unicode blocks, or ASCII.
struct UIStyle {
    let caps: Capabilities
    init(_ caps: Capabilities) { self.caps = caps }

    /// A colour from the 256-colour palette, or its stand-in among the 8 basic ones.
    private func c(_ full: Int, _ basic: Int) -> Int { caps.basicColors ? basic : full }

    var titleBar: Style { caps.color ? Style(bold: true, foreground: c(231, 7), background: c(24, 4)) : Style(bold: true, reverse: true) }
    var statusBar: Style { caps.color ? Style(foreground: c(16, 0), background: c(250, 7)) : .reverse }
    /// Not bold on 8 colours: there bold black is drawn grey, unreadable on cyan.
    var selected: Style { caps.color ? Style(bold: !caps.basicColors, foreground: c(16, 0), background: c(45, 6)) : Style(bold: true, reverse: true) }
    var accent: Style { caps.color ? Style(bold: true, foreground: c(214, 3)) : .bold }
    var good: Style { caps.color ? Style(foreground: c(114, 2)) : .plain }
    var bad: Style { caps.color ? Style(foreground: c(203, 1)) : .bold }
    /// Grey has no basic colour: 8-colour terminals get the dim attribute.
    var muted: Style { caps.color && !caps.basicColors ? Style(foreground: 244) : .dim }
    /// The two series of a chart (train, validation): colours, or plain and bold.
    var seriesA: Style { caps.color ? Style(foreground: c(45, 6)) : .plain }
    var seriesB: Style { caps.color ? Style(bold: true, foreground: c(214, 3)) : .bold }
    /// The big label by verdict: green / yellow / red, or htop's bold / dim / reverse.
    func verdict(_ kind: Verdict.Kind) -> Style {
        switch kind {
        case .sure: caps.color ? Style(bold: true, foreground: c(114, 2)) : .bold
        case .unsure: caps.color ? Style(bold: true, foreground: c(221, 3)) : .dim
        case .wrong: caps.color ? Style(bold: true, foreground: c(203, 1)) : Style(bold: true, reverse: true)
        }
    }
    var barOn: Style { caps.color ? Style(foreground: c(45, 6)) : .plain }
    /// A bar's empty part: a dark grey track, or dim.
    var barOff: Style { caps.color && !caps.basicColors ? Style(foreground: 238) : .dim }

    func bar(_ fraction: Double, width: Int, nearest: Bool = false) -> String {
        let inner = ProgressText.bar(fraction: fraction, width: width, unicode: caps.unicode, nearest: nearest)
        return String(inner.dropFirst().dropLast())
    }

    var bullet: String { caps.unicode ? "▸" : ">" }

    /// Text for a terminal without Unicode, spelt before it is laid out: the glyphs that read
    /// better as words or longer signs ("…" as "...", arrows as Up/Down), then every other
    /// character as the terminal's last step would send it (`Terminal.ascii`, one for one).
    func text(_ s: String) -> String {
        guard !caps.unicode else { return s }
        let spelt = s.replacing("…", with: "...").replacing("≥", with: ">=")
            .replacing("↑↓←→", with: "arrows").replacing("↑↓", with: "Up/Down").replacing("←→", with: "Left/Right")
            .replacing("→", with: "Right").replacing("←", with: "Left")
            .replacing("↑", with: "Up").replacing("↓", with: "Down")
        return String(spelt.map(Terminal.ascii))
    }
}
