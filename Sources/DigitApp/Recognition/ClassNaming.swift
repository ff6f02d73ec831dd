import DigitModel
import Support

/// Labels as the words a model's class names make: what `predict`, `eval`, `dataset` and the
/// UI print, so a Fashion-MNIST model says "Sneaker", not "7".
public enum ClassNaming {
    /// The name of `label`, or the number itself beyond the names.
    public static func name(_ label: Int, names: [String]) -> String {
        names.indices.contains(label) ? names[label] : String(label)
    }

    /// Single-character names (digits) run together as a number ("5283"); longer names are
    /// separated by spaces ("Sneaker Bag").
    public static func text(_ labels: [Int], names: [String]) -> String {
        let words = labels.map { name($0, names: names) }
        return words.allSatisfy { $0.count == 1 } ? words.joined() : words.joined(separator: " ")
    }

    /// Whether a model with these class names could ever read `label`: a digit model reads
    /// numbers only, so a labels.csv's "nine" can never be right and is not scored (walkthrough:
    /// it counted as a mistake). Named classes ("Sneaker") are left to the comparison.
    public static func canRead(_ label: String, names: [String]) -> Bool { canRead(label, numbersOnly: areDigits(names)) }

    /// The same, given whether the model reads numbers only (its classes are the digits).
    public static func canRead(_ label: String, numbersOnly: Bool) -> Bool { !numbersOnly || ImageLabels.isValidLabel(label) }

    /// "label "nine" is not 1-40 digits 0-9: not scored": what is said of a label `canRead`
    /// refuses (control characters escaped: a labels.csv is anyone's text).
    public static func unreadableLabel(_ label: String) -> String { "label \"\(Path.display(label))\" is not 1-40 digits 0-9: not scored" }

    /// The same, short: "label "nine": not 0-9".
    public static func unreadableLabelShort(_ label: String) -> String { "label \"\(Path.display(label))\": not 0-9" }

    /// Whether the names are the digits' own ("0"…"9"), so reports keep their digit layout.
    public static func areDigits(_ names: [String]) -> Bool { names == ModelClasses.digits }
}
