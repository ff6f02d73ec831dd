/// Text measured in terminal columns, the way `wcwidth` counts them in a UTF-8 locale: East
/// Asian wide and full-width characters and emoji take two columns, everything else one. The
/// ranges are written here rather than asking `wcwidth` so drawing stays a pure function of
/// the state whatever the process locale is (tests check the two agree).
enum TextWidth {
    /// Columns one character takes on the terminal.
    static func of(_ c: Character) -> Int {
        if c.isASCII { return 1 }
        return c.unicodeScalars.contains(where: isWide) ? 2 : 1
    }

    static func of(_ s: String) -> Int { s.reduce(0) { $0 + of($1) } }

    static func isWide(_ u: Unicode.Scalar) -> Bool {
        if u.properties.isEmojiPresentation { return true }
        switch u.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
             0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF,
             0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// The longest start of `s` that fits in `width` columns, whole characters only.
    static func prefix(_ s: String, width: Int) -> String {
        var out = "", used = 0
        for c in s {
            let w = of(c)
            if used + w > width { break }
            out.append(c)
            used += w
        }
        return out
    }

    /// `s` if it fits in `width` columns, else "…" and the longest end of it that fits (a path
    /// keeps its last, most telling folders).
    /// `ellipsis` is what the screen will print for the cut: "..." in ASCII takes three columns
    /// (walkthrough: an ASCII heading cut two columns short of its end).
    static func keepingEnd(_ s: String, width: Int, ellipsis: String = "…") -> String {
        guard of(s) > width else { return s }
        guard width > of(ellipsis) else { return "" }
        var out = "", used = of(ellipsis)
        for c in s.reversed() {
            let w = of(c)
            if used + w > width { break }
            out.insert(c, at: out.startIndex)
            used += w
        }
        return ellipsis + out
    }

    /// `s` in a column of `width`: padded with spaces, or cut (whole characters) leaving one
    /// space so the next column stays apart.
    /// The first of `texts` that fits `width` columns, else the last (the shortest wording):
    /// at 80 columns "… 1 epoch, 5s — cancelled" lost its end, the word that matters most.
    static func firstFitting(_ texts: [String], width: Int) -> String {
        texts.first { of($0) <= width } ?? texts.last ?? ""
    }

    static func pad(_ s: String, _ width: Int) -> String {
        let w = of(s)
        if w < width { return s + String(repeating: " ", count: width - w) }
        let cut = prefix(s, width: max(0, width - 1))
        return cut + String(repeating: " ", count: max(0, width - of(cut)))
    }

    /// Words filled into lines of at most `width` columns (a longer word gets a line of its own).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = [], current = ""
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            if of(current) + of(String(word)) + 1 > width && !current.isEmpty { lines.append(current); current = "" }
            current += (current.isEmpty ? "" : " ") + word
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
