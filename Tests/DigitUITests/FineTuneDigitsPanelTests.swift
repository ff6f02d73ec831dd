import DigitApp
import Testing
@testable import DigitUI

/// Walkthrough: at 80×24 the fine-tune results said "now right: 4 · still wrong: +11…" and the
/// digits behind the counts could not be seen anywhere on the screen. Tab shows them all.
@Suite struct FineTuneDigitsPanelTests {
    static func results(width: Int, height: Int) throws -> AppState {
        var f = try fineTuneOutcome()
        let digit = { (i: Int, before: Int, after: Int) in HeldBackChanges.Digit(source: DigitSource(file: "mine_\(i).png"), expected: i % 10, before: before, after: after) }
        f.changes = HeldBackChanges(nowRight: (0..<4).map { digit($0, 9, $0 % 10) },
                                    nowWrong: [digit(4, 4, 1)],
                                    stillWrong: (5..<16).map { digit($0, 1, 2) })
        return apply(fresh(width: width, height: height), .modelLoaded(name: "saved_models/default.safetensors"),
                     .folderScanned(files: ["digits/3_a.png", "digits/7_b.png"]), .key(.char("F")), .key(.enter), .fineTuneDone(f), .nameSuggested("default-tuned-2026-12-02")).0
    }

    /// Walkthrough: three rows of skipped-file warnings covered the "Save as:" field.
    @Test func aLongMessageLeavesTheSaveFieldShowing() throws {
        for (w, h) in [(80, 24), (160, 50)] {
            var s = try Self.results(width: w, height: h)
            s.message = (0..<12).map { "skipped my/photo_\($0).jpg: not a PNG or JPEG file" }.joined(separator: "; ")
            let text = render(s).text
            #expect(text.contains("Save as: default-tuned-2026-12-02"), "\(w)×\(h): \(text)")
            #expect(text.contains("skipped my/photo_0.jpg"), "the message's start is still there")
        }
    }

    @Test func tabShowsEveryChangedDigitAt80By24() throws {
        var s = try Self.results(width: 80, height: 24)
        #expect(!render(s).text.contains("mine_15.png"), "the summary line cannot name them all")
        #expect(render(s).text.split(separator: "\n").last?.contains("Tab curves") == true)
        s = apply(s, .key(.tab)).0
        #expect(render(s).text.split(separator: "\n").last?.contains("Tab your digits") == true)
        s = apply(s, .key(.tab)).0
        let text = render(s).text
        #expect(text.contains("Your digits, fine-tuned against default"), "\(text)")
        #expect(text.contains("now wrong:   mine_4.png (a 4, now read 1)"), "\(text)")
        // 19 rows: the note under the digits still wrong wraps to two at 76 columns.
        #expect(text.contains("lines 1–11 of 19 (PgUp/PgDn)") && text.contains("mine_9.png ") && !text.contains("mine_11.png"), "\(text)")
        s = apply(s, .key(.pageDown)).0
        let last = render(s).text
        #expect(last.contains("lines 9–19 of 19") && last.contains("mine_15.png ") && last.contains("check label: 3_pen.png"), "\(last)")
        #expect(last.contains("label more images of a digit") && last.contains(" to teach it)"), "the note whole: \(last)")
        s = apply(s, .key(.pageDown), .key(.pageUp)).0
        #expect(render(s).text.contains("lines 1–11 of 19"), "PgUp from the end goes back a page at once")
        #expect(render(s).text.split(separator: "\n").last?.contains("Tab matrix") == true)
        s = apply(s, .key(.tab)).0
        #expect(render(s).text.contains("MNIST test: confusion matrix"), "Tab comes round to the matrix")
    }

    @Test func at160By50EveryDigitIsListed() throws {
        var s = try Self.results(width: 160, height: 50)
        #expect(render(s).text.split(separator: "\n").last?.contains("Tab your digits") == true, "Tab is shown: it has somewhere to go")
        // Under the matrix from the start (walkthrough, session 32: the left half stood empty).
        let first = render(s).text
        #expect(first.contains("MNIST test: confusion matrix") && first.contains("Your digits, fine-tuned against default"), "\(first)")
        #expect((0..<16).allSatisfy { first.contains("mine_\($0).png ") } && first.contains("check label: 3_pen.png"), "\(first)")
        #expect(first.contains("mine_8.png (an 8, read 2"), "\(first)")
        s = apply(s, .key(.tab)).0
        let text = render(s).text
        #expect((0..<16).allSatisfy { text.contains("mine_\($0).png ") }, "\(text)")
        #expect(!text.contains("MNIST test: confusion matrix"), "Tab: the list alone")
        s = apply(s, .key(.tab)).0
        #expect(render(s).text.contains("MNIST test: confusion matrix"))
        #expect(text.contains("check label: 3_pen.png (labelled 3, read 8)"), "every label to check is listed too")
    }

    /// A line longer than the panel wraps, its rest indented (walkthrough, session 34: the note
    /// under the digits still wrong lost its end at 80 columns).
    @Test func aLongLineWrapsWhole() throws {
        var f = try fineTuneOutcome()
        f.changes = HeldBackChanges(nowRight: [], nowWrong: [],
                                    stillWrong: [HeldBackChanges.Digit(source: DigitSource(file: String(repeating: "long_name_", count: 3) + ".png"), expected: 1, before: 7, after: 7)])
        let report = FineTuneReport(parent: "default", images: "mine", trainDigits: 4, heldBackDigits: 1, heldBackBefore: 0, heldBackAfter: 0,
                                    mnistBefore: 0.99, mnistAfter: 0.99, changes: f.changes)
        let rows = ResultsScreen.digitRows(report, width: 60, unicode: true)
        #expect(rows.allSatisfy { TextWidth.of($0) <= 60 }, "\(rows)")
        let words = { (lines: [String]) in lines.joined(separator: " ").split(separator: " ").map(String.init) }
        #expect(words(rows) == words(ResultsScreen.digitLines(f.changes, unicode: true)), "nothing lost: \(rows)")
        #expect(rows.contains { $0.hasPrefix("             ") }, "a continuation is indented under the first file: \(rows)")
    }

    /// Walkthrough, session 34: a fine-tune that read the held-back digits worse was saved with
    /// one Enter, only colour warning. The save line says so and how to discard it.
    @Test func aWorseFineTuneSaysSoOnTheSaveLine() throws {
        var f = try fineTuneOutcome()
        (f.heldBackBefore, f.heldBackAfter) = (1, 0.5)
        let s = apply(fresh(width: 80, height: 24), .modelLoaded(name: "saved_models/default.safetensors"),
                      .folderScanned(files: ["digits/3_a.png", "digits/7_b.png"]), .key(.char("F")), .key(.enter), .fineTuneDone(f), .nameSuggested("default-tuned")).0
        let text = render(s).text
        #expect(text.contains("Worse on your held-back digits: ^D discards · Enter saves anyway"), "\(text)")
        let wide = render(apply(s, .resize(width: 160, height: 50)).0).text
        #expect(wide.contains("It reads your held-back digits worse than default: ^D discards it · Enter saves it anyway · ↑↓ the other"), "\(wide)")
        let better = try Self.results(width: 80, height: 24)
        #expect(!render(better).text.contains("worse than") && !render(better).text.contains("Worse on"), "\(render(better).text)")
    }

    /// Under the matrix the list has less room: it says how to see the rest, not PgUp/PgDn
    /// (which page only the list shown alone).
    @Test func underTheMatrixALongListPointsToTab() throws {
        let s = try Self.results(width: 160, height: 40)
        let text = render(s).text
        #expect(text.contains("Your digits, fine-tuned against default") && text.contains("(Tab: all)") && !text.contains("PgUp/PgDn"), "\(text)")
    }
}

extension FineTuneDigitsPanelTests {
    @Test func theListHoldsEveryKindInOrder() {
        let d = HeldBackChanges.Digit(source: DigitSource(file: "a.png"), expected: 1, before: 1, after: 2)
        let c = HeldBackChanges(nowRight: [], nowWrong: [d], stillWrong: Array(repeating: d, count: 20))
        let label = DoubtfulLabel(source: DigitSource(file: "b.png"), label: 3, read: 8, confidence: 0.999)
        let lines = ResultsScreen.digitLines(c, labels: [label], unicode: true)
        #expect(lines.count == 23 && lines.first?.hasPrefix("now wrong:") == true && lines.last == "check label: b.png (labelled 3, read 8)", "\(lines)")
        #expect(lines[21].hasPrefix("(held back digits are checked, never learnt"), "after the digits still wrong: \(lines)")
        #expect(ResultsScreen.firstShown(scroll: 20, total: 22, rows: 11) == 11 && ResultsScreen.firstShown(scroll: 5, total: 4, rows: 11) == 0)
    }
}
