import Glibc
import Support

/// How a model's 28×28 inputs were made from a picture: MNIST's way for digits (find each
/// digit, fit its ink into 20×20, centre it by mass) or the whole picture scaled to 28×28, as
/// Fashion-MNIST's items were made.
public enum InputStyle: String, Sendable, CaseIterable {
    case digits, whole
}

/// What a model's outputs mean: one name per class, in output order, stored in the model
/// file's metadata (`classes`, a JSON array of strings; `input_style`). A file without them
/// is a digit model: "0"…"9", MNIST-style input.
public enum ModelClasses {
    public static let digits = (0..<Network.classes).map(String.init)
    public static let maxNameLength = 60
    static let classesKey = "classes"
    static let inputStyleKey = "input_style"

    /// Why `names` cannot name a network's outputs, or nil when they can: 1 to 10 names
    /// (the network has 10 outputs; fewer leave the others unused), each 1–60 characters
    /// without control characters, no two the same.
    public static func problem(with names: [String]) -> String? {
        guard !names.isEmpty else { return "no class names" }
        guard names.count <= Network.classes else {
            return "\(names.count) classes, but digitrec's networks have \(Network.classes) outputs: at most \(Network.classes) classes"
        }
        for name in names {
            guard !name.isEmpty, name.count <= maxNameLength else { return "class name \"\(name.prefix(maxNameLength))…\" must be 1–\(maxNameLength) characters" }
            guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                return "a class name holds a control character"
            }
        }
        guard Set(names).count == names.count else { return "class names repeat" }
        return nil
    }

    static func metadata(for network: Network) -> [String: String] {
        [classesKey: JSON.array(network.classNames.map { JSON.string($0) }).text, inputStyleKey: network.inputStyle.rawValue]
    }

    /// The names and input style a file declares (the digit defaults when it declares none).
    static func read(_ meta: [String: String], file: String) throws -> (names: [String], style: InputStyle) {
        var names = digits
        if let text = meta[classesKey] {
            guard let strings = (try? JSON.parse(text))?.stringsValue else {
                throw ModelError.badHeader(file: file, reason: "classes is not a list of names")
            }
            if let reason = problem(with: strings) { throw ModelError.badHeader(file: file, reason: reason) }
            names = strings
        }
        var style = InputStyle.digits
        if let text = meta[inputStyleKey] {
            guard let s = InputStyle(rawValue: text) else {
                throw ModelError.badHeader(file: file, reason: "input_style \"\(text.prefix(20))\" is not digits or whole")
            }
            style = s
        }
        return (names, style)
    }
}
