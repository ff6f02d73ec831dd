import DigitModel
import Support

/// What the load list's details show about one model file: the header's metadata (never the
/// tensors) and the training history it carries, if any.
public struct ModelDetails: Sendable, Equatable {
    public var path: String
    public var name: String
    /// Label and value, in the order shown ("Architecture", "deep").
    public var facts: [(String, String)]
    /// The epoch table stored with the model; empty for files saved before it was kept, and
    /// for averages (`digitrec average` trains nothing).
    public var history: [EpochSummary]
    /// Made by `digitrec average`: its parents are the two models averaged, not a fine-tune's start.
    public var isAverage: Bool

    public static func == (a: ModelDetails, b: ModelDetails) -> Bool {
        a.path == b.path && a.name == b.name && a.history == b.history && a.isAverage == b.isAverage
            && a.facts.map(\.0) == b.facts.map(\.0) && a.facts.map(\.1) == b.facts.map(\.1)
    }

    /// The metadata keys shown, with their labels, in this order.
    static let shown: [(key: String, label: String)] = [
        ("architecture_name", "Architecture"), ("parameters", "Parameters"), ("test_accuracy", "Test accuracy"),
        ("parent", "Fine-tuned from"), ("finetune_images", "Tuned on"), ("heldback_accuracy_after", "Held back"),
        ("note", "Note"), ("created", "Created"), ("epochs", "Epochs"), ("seed", "Seed"), ("dataset", "Dataset"), ("recipe", "Recipe"),
    ]

    public init(path: String, metadata: [String: String]) {
        self.path = path
        name = Path.baseName(path, dropping: ModelStore.suffix)
        facts = ModelDetails.shown.compactMap { item in
            guard let raw = metadata[item.key], !raw.isEmpty else { return nil }
            return (item.label, ModelDetails.format(item.key, raw))
        }
        // Before and after on one row: at 80×24 the list cut "after", and "Held back before
        // 77.78%" alone read as this model's score (walkthrough, session 32).
        if let before = metadata["heldback_accuracy_before"], !before.isEmpty {
            let text = ModelDetails.format("heldback_accuracy_before", before) + " before"
            if let i = facts.firstIndex(where: { $0.0 == "Held back" }) {
                facts[i].1 = text + ", " + facts[i].1 + " after"
            } else if let i = facts.firstIndex(where: { $0.0 == "Tuned on" || $0.0 == "Fine-tuned from" }) {
                facts.insert(("Held back", text), at: i + 1)
            }
        }
        history = metadata["history"].flatMap(HistoryJSON.parse) ?? []
        isAverage = false
        if let second = metadata["averaged_with"], !second.isEmpty, let i = facts.firstIndex(where: { $0.0 == "Fine-tuned from" }) {
            isAverage = true
            let share = metadata["average_weight"].flatMap(Double.init).map { ", \(Format.fixed($0 * 100, 0))% of the second" } ?? ""
            facts[i] = ("Averaged from", Path.display(metadata["parent"] ?? "") + " and " + Path.display(second) + share)
        }
    }

    /// Fractions as percentages, counts grouped; anything else as written (control characters escaped).
    static func format(_ key: String, _ raw: String) -> String {
        if key.hasSuffix("accuracy") || key.hasPrefix("heldback_accuracy"), let v = Double(raw), v.isFinite {
            return Format.fixed(v * 100, 2) + "%"
        }
        if key == "parameters", let n = Int(raw) { return Format.grouped(n) }
        return Path.display(raw)
    }
}

extension ModelStore {
    /// The details of the model at `path`, from its header only.
    public func details(_ path: String) throws -> ModelDetails {
        ModelDetails(path: path, metadata: try ModelFile.readHeader(path).metadata)
    }
}
