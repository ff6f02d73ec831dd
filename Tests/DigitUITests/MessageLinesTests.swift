import Testing
@testable import DigitUI

/// Walkthrough, session 21: a long warning was cut at the screen's edge, with the file it named
/// and what to do; it takes up to three lines over the screen's last rows.
@Suite struct MessageLinesTests {
    @Test func aLongMessageWrapsOverTheRowsAbove() {
        var s = fresh()
        let long = "The label is used until you quit but was not saved: /tmp/walk21/mine2/labels.csv: line 3 has no label; fix it first (saving a label rewrites the file)"
        s.message = long
        let text = render(s).text
        #expect(text.contains("label rewrites the file)"), "\(text)")
        #expect(text.contains("/tmp/walk21/mine2/labels.csv:"))
        #expect(messageLines("short", width: 80, room: 20) == [" short"])
        let many = messageLines(String(repeating: "word ", count: 200), width: 40, room: 20)
        #expect(many.count == 3 && many[2].hasSuffix("…") && many.allSatisfy { TextWidth.of($0) <= 40 })
        #expect(messageLines(long, width: 80, room: 1).count == 1, "no room: one line")
    }

    /// Walkthrough, session 35: the fine-tune results' one warning row was "left out a.jpg: no
    /// label; left out b.png: no…": how many were left out was lost past the edge.
    @Test func filesLeftOutAreCountedFirst() {
        let said = App.dataWarning(["MNIST: 3 images skipped"], leftOut: ["a.jpg: no label", "b.png: no label"])
        #expect(said == "2 left out: a.jpg: no label; b.png: no label; MNIST: 3 images skipped", "the count first, before a long label check: \(said)")
        #expect(App.dataWarning([], leftOut: ["a.jpg: no label"]) == "left out a.jpg: no label", "one is said as it was")
        #expect(App.dataWarning(["MNIST: 3 images skipped"], leftOut: []) == "MNIST: 3 images skipped")
    }
}
