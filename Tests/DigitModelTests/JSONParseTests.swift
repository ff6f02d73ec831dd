import Testing
import Support
@testable import DigitModel

/// The JSON reader model headers are parsed with (Support/JSON+Parse.swift).
@Suite struct JSONParseTests {
    @Test func readsEveryKindOfValue() throws {
        let v = try JSON.parse(#" { "a" : [1, -2.5, 3e2, true, false, null], "b": {"c": "d\n\u00e9\ud83d\ude00\/"} } "#)
        #expect(v["a"]?.arrayValue?.count == 6)
        #expect(v["a"]?.arrayValue?[0] == .int(1))
        #expect(v["a"]?.arrayValue?[1].doubleValue == -2.5)
        #expect(v["a"]?.arrayValue?[2].intValue == 300)
        #expect(v["a"]?.arrayValue?[3] == .bool(true))
        #expect(v["a"]?.arrayValue?[5] == .null)
        #expect(v["b"]?["c"]?.stringValue == "d\né😀/")
        #expect(v["missing"] == nil)
        #expect(v["a"]?["x"] == nil)
    }

    @Test func theLastOfARepeatedKeyWins() throws {
        #expect(try JSON.parse(#"{"k": 1, "k": 2}"#)["k"] == .int(2))
    }

    @Test func wholeNumbersAndTheirLimits() throws {
        #expect(try JSON.parse("2.0").intValue == 2)
        #expect(try JSON.parse("2.5").intValue == nil)
        #expect(try JSON.parse("1e30").intValue == nil)
        #expect(try JSON.parse("-0").intValue == 0)
        #expect(try JSON.parse("[1, 2.0, 3]").intsValue == [1, 2, 3])
        #expect(try JSON.parse(#"[1, "2"]"#).intsValue == nil)
        #expect(try JSON.parse(#"["a", "b"]"#).stringsValue == ["a", "b"])
        #expect(try JSON.parse(#"["a", 1]"#).stringsValue == nil)
        // Beyond Int: a Double, still finite.
        #expect(try JSON.parse("123456789012345678901234567890").doubleValue == 1.2345678901234568e29)
    }

    @Test(arguments: [
        "", " ", "{", "[1,]", "{\"a\":1,}", "[1 2]", "01", "1.", ".5", "-", "1e", "+1", "1e400", "-1e400",
        "tru", "nul", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"",
        "\"a\u{01}b\"", "{1: 2}", "{\"a\" 1}", "[] []", "NaN", "Infinity", "'a'", "[1]x",
    ])
    func refusesWhatIsNotJSON(_ text: String) {
        #expect(throws: SupportError.self) { try JSON.parse(text) }
    }

    @Test func refusesInvalidUTF8InAString() {
        #expect(throws: SupportError.self) { try JSON.parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: SupportError.self) { try JSON.parse([0x22, 0xFF, 0x22]) }
    }

    @Test func nestingIsCappedNotRecursedWithoutEnd() throws {
        let deep = JSON.maxDepth
        #expect(try JSON.parse(String(repeating: "[", count: deep) + String(repeating: "]", count: deep)).arrayValue != nil)
        #expect(throws: SupportError.self) {
            try JSON.parse(String(repeating: "[", count: deep + 1) + String(repeating: "]", count: deep + 1))
        }
        // A hostile header of a million brackets is refused quickly, not a stack overflow.
        #expect(throws: SupportError.self) { try JSON.parse(String(repeating: "[", count: 1_000_000)) }
    }

    @Test func theErrorSaysWhereAndWhy() {
        do {
            _ = try JSON.parse(#"{"a": [1, 2,]}"#)
            Issue.record("parsed")
        } catch {
            #expect(error.reason == "not JSON at byte 12: unexpected character ']'")
        }
    }

    /// Whatever the writer writes, the reader reads back the same (seeded random documents).
    @Test func readsBackWhatTheWriterWrites() throws {
        var rng = SplitMix64(seed: 7)
        func scalarText() -> String {
            let pool: [Unicode.Scalar] = ["a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\u{01}", "\u{1F}", "é", "→", "😀", "\u{7F}"]
            return String(String.UnicodeScalarView((0..<Int(rng.next() % 6)).map { _ in pool[Int(rng.next() % UInt64(pool.count))] }))
        }
        func value(_ depth: Int) -> JSON {
            switch rng.next() % (depth > 3 ? 5 : 7) {
            case 0: return .int(Int(truncatingIfNeeded: rng.next()) >> Int(rng.next() % 64))
            case 1: return .number(Double(rng.uniform(-1e6, 1e6)) * (rng.next() % 2 == 0 ? 1e-9 : 1e9))
            case 2: return .string(scalarText())
            case 3: return .bool(rng.next() % 2 == 0)
            case 4: return .null
            case 5: return .array((0..<Int(rng.next() % 4)).map { _ in value(depth + 1) })
            default: return .object((0..<Int(rng.next() % 4)).map { _ in (scalarText(), value(depth + 1)) })
            }
        }
        for _ in 0..<300 {
            let v = value(0)
            #expect(try JSON.parse(v.text) == v, "\(v.text)")
        }
    }
}
