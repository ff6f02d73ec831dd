import DigitApp
import Testing

/// Fine-tuning's held-back result in words: counts beside the percentages, and a warning when
/// there are too few digits to tell.
@Suite struct FineTuneTextTests {
    @Test func countsAndTheFewDigitsWarning() {
        #expect(FineTuneText.heldBack(before: 0.8, after: 1, digits: 5) == "held-back digits: 4/5 → 5/5 right (80.0% → 100.0%) — too few to tell")
        #expect(FineTuneText.heldBack(before: 0.9, after: 0.95, digits: 20) == "held-back digits: 18/20 → 19/20 right (90.0% → 95.0%)")
        #expect(FineTuneText.heldBack(before: 1, after: 1, digits: 1, unicode: false) == "held-back digits: 1/1 -> 1/1 right (100.0% -> 100.0%) - too few to tell")
        #expect(FineTuneText.heldBack(before: .nan, after: 2, digits: 10).hasPrefix("held-back digits: 0/10 → 10/10 right"), "no crash on odd values")
        #expect(FineTuneText.confidence(before: 0.712, after: 0.9651) == "confidence in the right digit: 71.2% → 96.5% (mean over the held-back digits)")
        #expect(FineTuneText.confidence(before: .nan, after: 3, unicode: false) == "confidence in the right digit: 0.0% -> 100.0% (mean over the held-back digits)")
        #expect(FineTuneText.confidence(before: 0.5, after: 0.9, digits: 3).hasSuffix("(mean over the held-back digits) — too few to tell"))
    }
}
