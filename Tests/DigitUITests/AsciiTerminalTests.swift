import Testing
@testable import DigitUI

/// Walkthrough: an ASCII terminal (LANG=C, --ascii) was sent "·" and "–", shown as spaces or
/// not at all. The terminal's last step spells every character in ASCII, one cell for one.
@Suite struct AsciiTerminalTests {
    @Test func everyCharacterIsSentAsASCII() {
        #expect(Terminal.ascii("–") == "-" && Terminal.ascii("·") == "-" && Terminal.ascii("×") == "x" && Terminal.ascii("✓") == "+")
        #expect(Terminal.ascii("a") == "a" && Terminal.ascii("é") == "?")
        // What the ASCII screens still draw outside UIStyle.text has a spelling, not "?".
        let leaks: [Character] = ["·", "−", "–", "—", "…", "→", "≥"]
        #expect(leaks.allSatisfy { Terminal.ascii($0) != "?" && Terminal.ascii($0).isASCII })
    }
}
