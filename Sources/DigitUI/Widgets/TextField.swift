import DigitApp

/// A one-line text field: a label being typed (the gallery's label prompt, the drawing's "save
/// as"), a model's name (the results screen's "Save as"). It may open holding a suggestion (the
/// digits read, the label it has, a free name) that the first key typed replaces, so Enter
/// accepts it, a key starts afresh and Backspace edits it — the same in every field (walkthrough,
/// session 30: "Save as" appended to its suggestion where the label prompt replaced it).
public struct TextField: Sendable, Equatable {
    /// What may be typed.
    public enum Allowed: Sendable, Equatable {
        /// ASCII digits: a label.
        case digits
        /// Letters, digits, - _ and .: a model's name (`isNameCharacter`).
        case modelName

        public func allows(_ c: Character) -> Bool {
            switch self {
            case .digits: return c.asciiDigit != nil
            case .modelName: return TextField.isNameCharacter(c)
            }
        }
    }

    public private(set) var text: String
    /// The text is still the suggestion it opened with.
    public private(set) var suggested: Bool
    public let maxLength: Int
    public let allowed: Allowed

    public init(_ text: String, suggested: Bool = false, maxLength: Int, allowed: Allowed = .digits) {
        self.text = String(text.prefix(maxLength))
        self.suggested = suggested
        self.maxLength = maxLength
        self.allowed = allowed
    }

    /// Takes a character the field allows (anything else is ignored); past `maxLength` it stops.
    public mutating func type(_ c: Character) {
        guard allowed.allows(c) else { return }
        if suggested { text = ""; suggested = false }
        if text.count < maxLength { text.append(c) }
    }

    /// Deletes the last character; a suggestion becomes text to edit (to fix one digit of a
    /// long number, the rest stays).
    public mutating func backspace() {
        suggested = false
        if !text.isEmpty { text.removeLast() }
    }

    /// Empties the field (^U, as in a shell).
    public mutating func clear() {
        text = ""
        suggested = false
    }

    /// What to say when `c`, which `allowed` refuses, is typed: every field says it the same
    /// way (walkthrough, session 31: one field said "/", three dropped it without a word);
    /// nil for a control key, which is no text.
    public static func refusal(_ c: Character, allowed: Allowed) -> String? {
        guard !allowed.allows(c), !(c.asciiValue.map { $0 < 32 || $0 == 127 } ?? false) else { return nil }
        let typed = c == " " ? "a space" : "\"\(c)\""
        switch allowed {
        case .digits: return "a label is digits only, not \(typed) (Backspace deletes, ^U clears, Esc leaves)"
        case .modelName: return "a model's name is letters, digits, - _ and . (not \(typed))"
        }
    }

    /// Whether `c` may be typed into a model name (the model store's rule).
    public static func isNameCharacter(_ c: Character) -> Bool { ModelStore.isNameCharacter(c) }
}
