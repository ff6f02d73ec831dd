import DigitApp

/// A one-line field of digits, for a label being typed: the gallery's label prompt and the
/// drawing screen's "save as" prompt. It may open holding a suggestion (the digits read, the
/// label it has) that the first digit typed replaces, so Enter accepts it, a digit starts
/// afresh and Backspace edits it.
public struct DigitField: Sendable, Equatable {
    public private(set) var text: String
    /// The text is still the suggestion it opened with.
    public private(set) var suggested: Bool
    public let maxLength: Int

    public init(_ text: String, suggested: Bool = false, maxLength: Int) {
        self.text = String(text.prefix(maxLength))
        self.suggested = suggested
        self.maxLength = maxLength
    }

    /// Takes an ASCII digit (anything else is ignored); past `maxLength` digits it stops.
    public mutating func type(_ c: Character) {
        guard c.asciiDigit != nil else { return }
        if suggested { text = ""; suggested = false }
        if text.count < maxLength { text.append(c) }
    }

    /// Deletes the last digit; a suggestion becomes text to edit (to fix one digit of a long
    /// number, the rest stays).
    public mutating func backspace() {
        suggested = false
        if !text.isEmpty { text.removeLast() }
    }
}
