import Support

/// Where a saved model came from, in a few words for the load list: trained from scratch
/// (nothing to say), fine-tuned from a model, an average of two, the halfway average of a
/// fine-tune. Walkthrough, session 33: a fine-tune and an average looked alike in the list.
public enum ModelOrigin {
    /// "tuned from default", "average of default and mine-tuned", "halfway: default and its
    /// tune", "trained on from default"; "" for a model trained from scratch.
    public static func text(_ metadata: [String: String]) -> String {
        let parent = Path.display(metadata["parent"] ?? "")
        let images = metadata["finetune_images"] ?? ""
        let tuned = !images.isEmpty
        // On which folder, and how many digits it learnt: two tunes of one model otherwise read
        // alike (walkthrough, session 34).
        let digits = metadata["finetune_train_digits"].flatMap(Int.init).map { " (\(Format.count($0, "digit")))" } ?? ""
        let on = tuned ? " on \(Path.display(Path.baseName(images)))/" + digits : ""
        if let second = metadata["averaged_with"], !second.isEmpty {
            // A fine-tune's halfway average keeps the fine-tune's metadata (`halfwayMetadata`).
            return tuned ? "halfway: \(parent) and its tune" + on : "average of \(parent) and \(Path.display(second))"
        }
        guard !parent.isEmpty else { return "" }
        return tuned ? "tuned from \(parent)" + on : "trained on from \(parent)"
    }
}
