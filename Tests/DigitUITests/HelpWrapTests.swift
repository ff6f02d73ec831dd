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

    @Test func theStartMenusHelpFitsAt80By24() {
        var s = AppState(width: 80, height: 24, capabilities: Capabilities(color: true, unicode: true), digitsFolder: "digits")
        s.showHelp = true
        let text = render(s).text
        for words in ["pixel", "statistics", "nothing to go back", "to.", "--digits FOLDER"] {
            #expect(text.contains(words), "\(words): \(text)")
        }
    }
}
