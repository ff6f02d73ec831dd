/// The one JSON reader, for what digitrec reads back: a model file's header and metadata
/// (hostile input, fuzzed through the model target), a history table. Written here rather than
/// taken from Foundation because linking Foundation costs every `digitrec` process ~4 ms of
/// start-up (its libraries and their ICU are loaded and scanned before `main`).
extension JSON {
    /// The value `bytes` hold, with nothing but white space around it. Strict RFC 8259: UTF-8
    /// only, no comments, no trailing commas, numbers finite as a Double; nesting deeper than
    /// `maxDepth` is refused rather than recursed into.
    public static func parse(_ bytes: some Collection<UInt8>) throws(SupportError) -> JSON {
        var reader = JSONReader(Array(bytes))
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.atEnd else { throw reader.failure("text after the value") }
        return value
    }

    public static func parse(_ text: String) throws(SupportError) -> JSON { try parse(Array(text.utf8)) }

    /// Deeper than any file digitrec writes (3 levels), shallow enough that the recursive reader
    /// cannot exhaust a thread's stack.
    public static let maxDepth = 64

    /// An object's value for `key`, the last one when the key repeats (as most readers do).
    public subscript(key: String) -> JSON? {
        guard case let .object(pairs) = self else { return nil }
        return pairs.last { $0.0 == key }?.1
    }

    public var stringValue: String? { if case let .string(s) = self { return s } else { return nil } }
    public var arrayValue: [JSON]? { if case let .array(a) = self { return a } else { return nil } }
    public var objectPairs: [(String, JSON)]? { if case let .object(p) = self { return p } else { return nil } }

    /// Any number as a Double.
    public var doubleValue: Double? {
        switch self {
        case let .number(v): return v
        case let .int(v): return Double(v)
        default: return nil
        }
    }

    /// An array of whole numbers, nil when any item is not one.
    public var intsValue: [Int]? { arrayValue.flatMap { items in items.allSatisfy { $0.intValue != nil } ? items.compactMap(\.intValue) : nil } }
    /// An array of strings, nil when any item is not one.
    public var stringsValue: [String]? { arrayValue.flatMap { items in items.allSatisfy { $0.stringValue != nil } ? items.compactMap(\.stringValue) : nil } }

    /// A whole number that fits an Int ("2" or "2.0", not "2.5" or "1e30").
    public var intValue: Int? {
        switch self {
        case let .int(v): return v
        case let .number(v):
            // ±2^53: every Double in it is exact, and the conversion cannot trap.
            guard v == v.rounded(), abs(v) <= 9_007_199_254_740_992 else { return nil }
            return Int(v)
        default: return nil
        }
    }
}

/// A cursor over the bytes with one method per JSON production.
private struct JSONReader {
    let bytes: [UInt8]
    var at = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { at >= bytes.count }
    var next: UInt8? { at < bytes.count ? bytes[at] : nil }

    func failure(_ reason: String) -> SupportError { .badJSON(offset: at, reason: reason) }

    mutating func skipSpace() {
        while let b = next, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { at += 1 }
    }

    mutating func value(depth: Int) throws(SupportError) -> JSON {
        guard let b = next else { throw failure("the text ends where a value should be") }
        switch b {
        case UInt8(ascii: "{"):
            guard depth < JSON.maxDepth else { throw failure("nested deeper than \(JSON.maxDepth) levels") }
            return try object(depth: depth + 1)
        case UInt8(ascii: "["):
            guard depth < JSON.maxDepth else { throw failure("nested deeper than \(JSON.maxDepth) levels") }
            return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try word("true"); return .bool(true)
        case UInt8(ascii: "f"): try word("false"); return .bool(false)
        case UInt8(ascii: "n"): try word("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw failure("unexpected character \(Self.shown(b))")
        }
    }

    mutating func object(depth: Int) throws(SupportError) -> JSON {
        at += 1  // {
        var pairs: [(String, JSON)] = []
        skipSpace()
        if next == UInt8(ascii: "}") { at += 1; return .object(pairs) }
        while true {
            skipSpace()
            guard next == UInt8(ascii: "\"") else { throw failure("an object's key must be a string") }
            let key = try string()
            skipSpace()
            guard next == UInt8(ascii: ":") else { throw failure("expected ':' after a key") }
            at += 1
            skipSpace()
            pairs.append((key, try value(depth: depth)))
            skipSpace()
            switch next {
            case UInt8(ascii: ","): at += 1
            case UInt8(ascii: "}"): at += 1; return .object(pairs)
            default: throw failure("expected ',' or '}' in an object")
            }
        }
    }

    mutating func array(depth: Int) throws(SupportError) -> JSON {
        at += 1  // [
        var items: [JSON] = []
        skipSpace()
        if next == UInt8(ascii: "]") { at += 1; return .array(items) }
        while true {
            skipSpace()
            items.append(try value(depth: depth))
            skipSpace()
            switch next {
            case UInt8(ascii: ","): at += 1
            case UInt8(ascii: "]"): at += 1; return .array(items)
            default: throw failure("expected ',' or ']' in an array")
            }
        }
    }

    mutating func word(_ w: StaticString) throws(SupportError) {
        let n = w.utf8CodeUnitCount
        guard bytes.count - at >= n,
              (0..<n).allSatisfy({ bytes[at + $0] == w.utf8Start[$0] }) else { throw failure("expected \(w)") }
        at += n
    }

    /// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? — an Int when it has neither fraction
    /// nor exponent and fits, otherwise a finite Double.
    mutating func number() throws(SupportError) -> JSON {
        let start = at
        func digits() -> Int {
            let from = at
            while let b = next, b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") { at += 1 }
            return at - from
        }
        if next == UInt8(ascii: "-") { at += 1 }
        let leadingZero = next == UInt8(ascii: "0")
        let intDigits = digits()
        guard intDigits > 0 else { throw failure("a number needs digits") }
        guard !leadingZero || intDigits == 1 else { throw failure("a number cannot start with 0") }
        var whole = true
        if next == UInt8(ascii: ".") {
            at += 1; whole = false
            guard digits() > 0 else { throw failure("a number needs digits after '.'") }
        }
        if next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
            at += 1; whole = false
            if next == UInt8(ascii: "+") || next == UInt8(ascii: "-") { at += 1 }
            guard digits() > 0 else { throw failure("a number needs digits in its exponent") }
        }
        let text = String(decoding: bytes[start..<at], as: UTF8.self)
        if whole, let v = Int(text) { return .int(v) }
        guard let v = Double(text), v.isFinite else { throw .badJSON(offset: start, reason: "the number \(text.prefix(40)) is too large") }
        return .number(v)
    }

    /// A string's content, its escapes decoded; the UTF-8 is checked.
    mutating func string() throws(SupportError) -> String {
        at += 1  // "
        var out: [UInt8] = []
        while true {
            guard let b = next else { throw failure("a string is not closed") }
            at += 1
            switch b {
            case UInt8(ascii: "\""):
                guard let s = String(validating: out, as: UTF8.self) else { throw failure("a string is not valid UTF-8") }
                return s
            case UInt8(ascii: "\\"):
                guard let e = next else { throw failure("a string is not closed") }
                at += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"): out += try unicodeEscape()
                default: throw failure("unknown escape \\\(Self.shown(e))")
                }
            case 0..<0x20: throw failure("a control character inside a string")
            default: out.append(b)
            }
        }
    }

    /// The UTF-8 of a \uXXXX escape (a surrogate pair is two escapes).
    mutating func unicodeEscape() throws(SupportError) -> [UInt8] {
        var code = try hex4()
        if (0xD800..<0xDC00).contains(code) {
            guard bytes.count - at >= 6, bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u") else {
                throw failure("a lone surrogate in \\u escapes")
            }
            at += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw failure("a lone surrogate in \\u escapes") }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00..<0xE000).contains(code) {
            throw failure("a lone surrogate in \\u escapes")
        }
        guard let scalar = Unicode.Scalar(code) else { throw failure("\\u escape is not a character") }
        return Array(String(Character(scalar)).utf8)
    }

    mutating func hex4() throws(SupportError) -> UInt32 {
        guard bytes.count - at >= 4 else { throw failure("a \\u escape needs four hex digits") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[at]
            let d: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw failure("a \\u escape needs four hex digits")
            }
            v = v << 4 | d
            at += 1
        }
        return v
    }

    static func shown(_ b: UInt8) -> String {
        b >= 0x21 && b < 0x7F ? "'\(Character(Unicode.Scalar(b)))'" : "byte 0x" + String(b, radix: 16, uppercase: true)
    }
}
