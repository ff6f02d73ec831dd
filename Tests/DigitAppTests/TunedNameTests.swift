import Testing
@testable import DigitApp

/// Walkthrough, session 25: fine-tuning "default-tuned-2026-12-06" offered
/// "default-tuned-2026-12-06-tuned-2026-12-06". A fine-tuned model's name keeps its first part.
@Suite struct TunedNameTests {
    @Test func aTunedModelIsOfferedItsFirstName() {
        #expect(ModelStore.tunedPrefix(for: "saved_models/default.safetensors") == "default-tuned")
        #expect(ModelStore.tunedPrefix(for: "saved_models/default-tuned-2026-12-06.safetensors") == "default-tuned")
        #expect(ModelStore.tunedPrefix(for: "/tmp/mine-tuned-2026-12-06-3.safetensors") == "mine-tuned")
        // Not a day after "-tuned-": the name is the user's own.
        #expect(ModelStore.tunedPrefix(for: "saved_models/my-tuned-model.safetensors") == "my-tuned-model-tuned")
        #expect(ModelStore.tunedPrefix(for: "saved_models/x-tuned-12-06.safetensors") == "x-tuned-12-06-tuned")
    }

    /// Walkthrough, session 32: at 80×24 the details cut "Held back after", and "Held back
    /// before 77.78%" alone read as the tuned model's score. One row says both.
    @Test func heldBackBeforeAndAfterShareARow() {
        let d = ModelDetails(path: "saved_models/t.safetensors", metadata: ["parent": "default", "heldback_accuracy_before": "0.7778",
                                                                             "heldback_accuracy_after": "0.875", "epochs": "3"])
        #expect(d.facts.map(\.0) == ["Fine-tuned from", "Held back", "Epochs"], "\(d.facts)")
        #expect(d.facts.first { $0.0 == "Held back" }?.1 == "77.78% before, 87.50% after", "\(d.facts)")
        // Before alone (an older file) still has its row, not taken for this model's score.
        let before = ModelDetails(path: "t.safetensors", metadata: ["parent": "default", "heldback_accuracy_before": "0.5"])
        #expect(before.facts.map(\.0) == ["Fine-tuned from", "Held back"] && before.facts.last?.1 == "50.00% before", "\(before.facts)")
    }
}
