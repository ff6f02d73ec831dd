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
}
