/// Text for a terminal that cannot show UTF-8 (a locale of C, POSIX or Latin-1): the characters
/// digitrec's own messages use become their ASCII spelling ("→" is "->", "✓" "ok"), anything
/// else (a file's name in another script) a "?" per character.
extension String {
    public var asciiTransliterated: String {
        guard !unicodeScalars.allSatisfy(\.isASCII) else { return self }
        var out = ""
        out.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            if scalar.isASCII { out.unicodeScalars.append(scalar) } else { out += String.asciiSpelling[scalar] ?? "?" }
        }
        return out
    }

    private static let asciiSpelling: [Unicode.Scalar: String] = [
        "—": "-", "–": "-", "−": "-", "…": "...", "×": "x", "→": "->", "←": "<-", "·": ".", "±": "+-",
        "✓": "ok", "✗": "x", "•": "*", "“": "\"", "”": "\"", "‘": "'", "’": "'", "≤": "<=", "≥": ">=",
        "█": "#", "▓": "#", "▒": "+", "░": "-", "▀": "\"", "▄": ",", "▌": "|", "▐": "|",
    ]
}
