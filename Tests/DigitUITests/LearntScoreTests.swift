import DigitApp
import Testing
@testable import DigitUI

/// From the new-user walkthrough: after `F`, the gallery's score included the images the model
/// had just been fine-tuned on, and looked better than it is. The images the model in use
/// learnt from (its metadata's content ids) are scored apart and marked.
@Suite struct LearntScoreTests {
    static let files = ["digits/3_pen.png", "digits/3_wrong.png", "digits/7_learnt.png", "digits/1_learnt.png"]

    func readAll(learnt: LearntImages) -> AppState {
        apply(fresh(), .modelLoaded(name: "saved_models/default-tuned.safetensors", learnt: learnt), .folderScanned(files: Self.files),
              .read(index: 0, file: Self.files[0], Reading(prediction: "3", leastConfidence: 0.99, contentID: "00000000000000a0")),
              .read(index: 1, file: Self.files[1], Reading(prediction: "9", leastConfidence: 0.99, contentID: "00000000000000a1")),
              .read(index: 2, file: Self.files[2], Reading(prediction: "7", leastConfidence: 0.99, contentID: "00000000000000b2")),
              .read(index: 3, file: Self.files[3], Reading(prediction: "1", leastConfidence: 0.99, contentID: "00000000000000b3"))).0
    }

    @Test func theImagesLearntFromAreCountedApart() {
        let s = readAll(learnt: LearntImages(ids: ["00000000000000b2", "00000000000000b3"]))
        #expect((s.tally.right, s.tally.total) == (1, 2), "only the images the model has not seen: \(s.tally)")
        #expect((s.tally.learntRight, s.tally.learntTotal) == (2, 2))
        #expect(s.scoreText(unicode: true) == "1/2 correct · learnt from 2/2")
        #expect(render(s).text.contains("1/2 correct · learnt from 2/2"), "in the title")
        let list = render(apply(s, .key(.char("f"))).0).text
        #expect(list.contains("1/2 correct · learnt from 2/2"))
        #expect(list.split(separator: "\n").contains { $0.contains("7_learnt.png") && $0.contains("(learnt from)") })
        #expect(!list.split(separator: "\n").contains { $0.contains("3_pen.png") && $0.contains("(learnt from)") })
    }

    @Test func aModelNeverFineTunedScoresEveryImage() {
        let s = readAll(learnt: LearntImages())
        #expect((s.tally.right, s.tally.total) == (3, 4) && (s.tally.learntRight, s.tally.learntTotal) == (0, 0))
        #expect(s.scoreText(unicode: false) == "3/4 correct")
        // Loading another model forgets what the previous one learnt from.
        let other = apply(readAll(learnt: LearntImages(ids: ["00000000000000b2"])), .modelLoaded(name: "saved_models/default.safetensors")).0
        #expect(other.learnt.isEmpty)
    }

    /// After `F`, saving the fine-tuned model takes the gallery back with it: the images it
    /// learnt from (its metadata) are scored apart at once; skipping the save does the same.
    @Test func afterFineTuningTheNewModelsImagesAreCountedApart() throws {
        var o = try fineTuneOutcome()
        o.metadata = [LearntImages.metadataKey: "00000000000000b2,00000000000000b3"]
        let tuned = apply(fresh(), .modelLoaded(name: "saved_models/default.safetensors"), .folderScanned(files: Self.files),
                          .key(.char("F")), .key(.enter), .fineTuneDone(o)).0
        let saved = apply(tuned, .saved(path: "saved_models/default-tuned-2026-12-02.safetensors")).0
        #expect(saved.learnt.ids == ["00000000000000b2", "00000000000000b3"])
        let skipped = apply(tuned, .key(.escape)).0
        #expect(skipped.learnt.ids == ["00000000000000b2", "00000000000000b3"] && skipped.usingUnsaved)
    }
}
