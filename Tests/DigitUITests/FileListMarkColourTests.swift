import DigitApp
import Testing
@testable import DigitUI

/// Walkthrough, session 25: the file list's ✓/✗/! marks had no colour, so finding the wrong
/// ones meant reading every row. They take the gallery's verdict colours (the selected row
/// keeps its highlight).
@Suite struct FileListMarkColourTests {
    @Test func marksTakeTheVerdictColours() {
        let files = ["digits/3_a.png", "digits/3_b.png", "digits/4_c.png", "digits/5_d.png"]
        var s = fresh(width: 80, height: 24)
        s.capabilities.color = true
        (s, _) = apply(s, .modelLoaded(name: "m"), .folderScanned(files: files),
                       .read(index: 0, file: files[0], Reading(prediction: "3", leastConfidence: 0.99)),
                       .read(index: 1, file: files[1], Reading(prediction: "9", leastConfidence: 0.99)),
                       .read(index: 2, file: files[2], .failed("not a PNG file")),
                       .key(.char("f")))
        let buf = render(s)
        let ui = UIStyle(s.capabilities)
        func markStyle(_ name: String) -> Style? {
            for y in 0..<buf.height {
                let row = (0..<buf.width).map { String(buf[$0, y].character) }.joined()
                if row.contains(name), let x = row.firstIndex(where: { "✓✗!".contains($0) }) { return buf[row.distance(from: row.startIndex, to: x), y].style }
            }
            return nil
        }
        // Row 0 is selected; the others carry their verdict's colour.
        #expect(markStyle("3_b.png") == ui.verdict(.wrong))
        #expect(markStyle("4_c.png") == ui.bad)
        #expect(markStyle("3_a.png") == ui.selected, "the selected row keeps its highlight")
    }
}
