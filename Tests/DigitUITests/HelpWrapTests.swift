import Testing
@testable import DigitUI

/// The `?` help at 80 columns: a line wider than its box is wrapped, not cut (the start menu's
/// help ended in "pixel statis" and "nothing to go back t").
@Suite struct HelpWrapTests {
    @Test func aKeysHelpContinuesUnderItsFirstWord() {
        let line = "D        explore the dataset: counts, samples, mean images, pixel statistics"
        let lines = HelpOverlay.wrap(line, width: 50)
        #expect(lines == ["D        explore the dataset: counts, samples,",
                          "         mean images, pixel statistics"])
    }

    @Test func aNoteWrapsFromTheLeftAndNothingIsLost() {
        let note = "Esc goes back on every other screen; here there is nothing to go back to."
        let lines = HelpOverlay.wrap(note, width: 40)
        #expect(lines.count == 2 && lines.allSatisfy { TextWidth.of($0) <= 40 }, "\(lines)")
        #expect(lines.joined(separator: " ") == note)
        #expect(HelpOverlay.wrap("q        quit", width: 40) == ["q        quit"], "a short line stays as it is")
    }

    /// Walkthrough 37: at 80×24 the gallery's help box left slivers of the screen beside its
    /// frame (cut letters in column 0, a canvas's corner). A box that nearly fills the screen
    /// clears it.
    @Test func aHelpNearlyFillingTheScreenLeavesNothingBesideIt() {
        var buf = ScreenBuffer(width: 80, height: 24)
        buf.fill(x: 0, y: 0, width: 80, height: 24, character: "X")
        HelpOverlay.draw(&buf, Rect(x: 0, y: 1, width: 80, height: 22), lines: [String(repeating: "k  some help ", count: 6)],
                         ui: UIStyle(Capabilities(color: true, unicode: true)))
        let rows = buf.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rows[0].allSatisfy { $0 == "X" } && rows[23].allSatisfy { $0 == "X" }, "outside the area stays")
        // The box's rows hold nothing of the screen underneath, at the sides either.
        let boxRows = rows.indices.filter { rows[$0].contains("─") }
        #expect(boxRows.count == 2 && (boxRows[0]...boxRows[1]).allSatisfy { !rows[$0].contains("X") }, "\(buf.text)")
        // A small box over a wide screen keeps the screen around it.
        var wide = ScreenBuffer(width: 160, height: 50)
        wide.fill(x: 0, y: 0, width: 160, height: 50, character: "X")
        HelpOverlay.draw(&wide, Rect(x: 0, y: 1, width: 160, height: 48), lines: ["q  quit"], ui: UIStyle(Capabilities(color: true, unicode: true)))
        #expect(wide.text.split(separator: "\n")[10].hasPrefix("XXXX"))
    }

    @Test func theStartMenusHelpFitsAt80By24() {
        var s = AppState(width: 80, height: 24, capabilities: Capabilities(color: true, unicode: true), digitsFolder: "digits")
        s.showHelp = true
        let text = render(s).text
        for words in ["pixel", "statistics", "nothing to go back", "to.", "--digits FOLDER"] {
            #expect(text.contains(words), "\(words): \(text)")
        }
    }
}
