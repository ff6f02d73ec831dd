import DigitApp
import Testing

/// The count `predict` and the gallery both print: images the model was fine-tuned on are kept
/// out of the score (they would flatter it) and counted on their own.
@Suite struct LabelTallyTests {
    @Test func learntImagesAreCountedApart() {
        var t = LabelTally()
        #expect(t.isEmpty)
        t.count(right: true)
        t.count(right: false)
        t.count(right: true, learnt: true)
        t.count(right: true, learnt: true)
        t.count(right: false, learnt: true)
        #expect((t.right, t.total) == (1, 2))
        #expect((t.learntRight, t.learntTotal) == (2, 3))
        #expect(!t.isEmpty)
    }

    @Test func onlyLearntImagesStillMakeATally() {
        var t = LabelTally()
        t.count(right: false, learnt: true)
        #expect(!t.isEmpty && t.total == 0 && t.learntTotal == 1)
    }
}
