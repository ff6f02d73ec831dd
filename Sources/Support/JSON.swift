/// The one JSON writer: values built in code, written compactly with keys in the order given.
public indirect enum JSON: Sendable, Equatable {
    case string(String)
    case number(Double)
    case int(Int)
    case bool(Bool)
    case null
    case array([JSON])
    case object([(String, JSON)])

    public static func == (a: JSON, b: JSON) -> Bool { a.text == b.text }

    public static func float(_ v: Float) -> JSON { .number(Double(v)) }
    /// A Float written as its shortest round-trip text ("0.1", not 0.10000000149011612).
    public static func shortest(_ v: Float) -> JSON { .number(v.isFinite ? Double(v.description) ?? Double(v) : Double(v)) }
    public static func numbers(_ values: [Float]) -> JSON { .array(values.map { .number(Double($0)) }) }
    public static func ints(_ values: [Int]) -> JSON { .array(values.map { .int($0) }) }

    public var text: String {
        switch self {
        case let .string(s): return JSON.quoted(s)
        case let .number(v): return JSON.numberText(v)
        case let .int(v): return String(v)
        case let .bool(b): return b ? "true" : "false"
        case .null: return "null"
        case let .array(items): return "[" + items.map(\.text).joined(separator: ",") + "]"
        case let .object(pairs): return "{" + pairs.map { JSON.quoted($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
        }
    }

    /// A JSON string literal (quotes and escapes).
    public static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if let byte = Path.escapedByte(u) {
                    // A file name byte that is not UTF-8: shown as Path.display shows it.
                    out += "\\\\x" + String(byte, radix: 16, uppercase: true)
                } else if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// Shortest round-trip text (`0.25`, `3.2e-12`, `1e+16`: all valid JSON); non-finite values
    /// as null (JSON has none).
    public static func numberText(_ v: Double) -> String {
        v.isFinite ? "\(v)" : "null"
    }
}
