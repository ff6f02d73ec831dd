import DigitApp
import Testing
@testable import DigitUI

/// The lines under a fine-tune's comparisons: the halfway average, the labels to check, the
/// digits that changed — and which give way when the matrix would lose rows.
@Suite struct FineTuneResultLinesTests {
    static func report() -> FineTuneReport {
        FineTuneReport(parent: "default", images: "mine", trainDigits: 10, heldBackDigits: 10, heldBackBefore: 0.7, heldBackAfter: 0.9,
                       mnistBefore: 0.997, mnistAfter: 0.99, halfway: HalfwayAverage(heldBack: 0.8, mnist: 0.996),
                       changes: HeldBackChanges(nowRight: [.init(source: DigitSource(file: "3_b.png"), expected: 3, before: 8, after: 3)]),
                       doubtfulLabels: [DoubtfulLabel(source: DigitSource(file: "0_a.png"), label: 6, read: 0, confidence: 1)])
    }

    @Test func theChangedDigitsGiveWayFirstAndTheLabelsToCheckNever() {
        let ui = UIStyle(Capabilities(color: false, unicode: true))
        func lines(_ room: Int) -> [String] { ResultsScreen.extraLines(Self.report(), room: room, width: 76, ui: ui).map(\.text) }
        #expect(lines(3).count == 3 && lines(3)[0].hasPrefix("Halfway back") && lines(3)[1] == "Check 1 label (default read it otherwise): 0_a.png (labelled 6, read 0)"
                && lines(3)[2] == "now right: 3_b.png")
        #expect(lines(2).count == 2 && lines(2)[0].hasPrefix("Halfway back") && lines(2)[1].hasPrefix("Check 1 label"))
        #expect(lines(1) == ["Check 1 label (default read it otherwise): 0_a.png (labelled 6, read 0)"])
        #expect(lines(0) == ["Check 1 label (default read it otherwise): 0_a.png (labelled 6, read 0)"], "the labels to check stay even when the matrix loses a row")
        // Names as many as fit the width, the count always.
        var many = Self.report()
        many.doubtfulLabels = (0..<5).map { DoubtfulLabel(source: DigitSource(file: "0_h\($0).png"), label: 6, read: 0, confidence: 1) }
        func labelLine(_ width: Int) -> String { ResultsScreen.extraLines(many, room: 3, width: width, ui: ui).map(\.text)[1] }
        #expect(labelLine(115) == "Check 5 labels (default read them otherwise): 0_h0.png (labelled 6, read 0), 0_h1.png (labelled 6, read 0), +3 more")
        #expect(labelLine(114) == "Check 5 labels (default read them otherwise): 0_h0.png (labelled 6, read 0), +4 more")
    }

    /// Walkthrough: "5/5 → 5/5 right" said nothing of whether the model grew surer of them. The
    /// confidence goes after the labels to check; it gives way after the changed digits.
    @Test func theConfidenceInTheRightDigitsIsShownAndGivesWaySecond() throws {
        let ui = UIStyle(Capabilities(color: false, unicode: true))
        var r = Self.report()
        (r.confidenceBefore, r.confidenceAfter) = (0.712, 0.965)
        func lines(_ room: Int) -> [String] { ResultsScreen.extraLines(r, room: room, width: 90, ui: ui).map(\.text) }
        #expect(lines(4) == [lines(4)[0], "Check 1 label (default read it otherwise): 0_a.png (labelled 6, read 0)",
                             "confidence in the right digit: 71.2% → 96.5% (mean over the held-back digits)", "now right: 3_b.png"])
        #expect(lines(3).count == 3 && lines(3)[2].hasPrefix("confidence in the right digit"))
        #expect(lines(2).count == 2 && lines(2)[0].hasPrefix("Halfway back"))
        // The halfway average chosen: its own confidence is the "after".
        var view = ResultsView(form: TrainForm(), outcome: try outcome(), saveName: "", fineTune: r)
        view.fineTune?.halfwayConfidence = 0.8
        view.halfwayChosen = true
        #expect(view.shownFineTune?.confidenceAfter == 0.8)
    }
}
