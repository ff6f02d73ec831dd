/// The escape sequences ncurses leaves to the program: what follows `ESC [` when it matched no
/// key of the terminfo entry, and the text of a bracketed paste. Pure: each reader takes the
/// next character from a closure (nil when none arrived in time), so tests feed it arrays.
enum EscapeSequence {
    enum Introduced: Equatable {
        /// `ESC [ <`: an SGR mouse report's body follows.
        case sgrMouse
        /// `ESC [ M`: an X10 mouse report's three bytes follow.
        case x10Mouse
        /// `ESC [ 200 ~`: pasted text follows, up to `ESC [ 201 ~`.
        case pasteStart
        /// Any other control sequence, read to its final byte and dropped: a key this terminal's
        /// entry does not know must not leave its tail to be typed (`ESC [ 3 1 m` left "1m").
        case other
    }

    /// Characters of a sequence read before giving up: parameters are a few digits and `;`.
    static let maxLength = 32

    /// Reads a control sequence after `ESC [` (ECMA-48: parameter bytes 0x30–0x3F, intermediate
    /// bytes 0x20–0x2F, one final byte 0x40–0x7E); `first` is the character after the bracket.
    static func afterBracket(first: UInt32, _ next: () -> UInt32?) -> Introduced {
        if first == 0x3C { return .sgrMouse }
        if first == 0x4D { return .x10Mouse }
        var parameters: [UInt32] = []
        var c = first
        for _ in 0..<maxLength {
            if (0x40...0x7E).contains(c) {
                return c == 0x7E && parameters == [0x32, 0x30, 0x30] ? .pasteStart : .other
            }
            // Anything else is not part of a sequence: stop there (it is lost, as a key
            // pressed in the middle of a report would be).
            guard (0x20...0x3F).contains(c) else { return .other }
            parameters.append(c)
            guard let following = next() else { return .other }
            c = following
        }
        return .other
    }

    /// Characters of a paste kept; the rest is read to the end marker and dropped, so none of it
    /// runs as keys (review: past a read limit, the rest of a large paste ran as commands and
    /// its newlines reached the shell). The longest field takes 4,096 bytes (a folder's path).
    static let maxPasteKept = 4_096

    /// The pasted text after `ESC [ 200 ~`, up to `ESC [ 201 ~`, or until nothing more arrives
    /// within the reader's wait (`Terminal.pasteWait`: a paste comes in pieces, not typed).
    static func pasteBody(_ next: () -> UInt32?) -> String {
        var kept = String.UnicodeScalarView()
        var keptCount = 0
        var pending: [UInt32] = []
        let end: [UInt32] = [0x1B, 0x5B, 0x32, 0x30, 0x31, 0x7E]
        func keep(_ c: UInt32) {
            guard keptCount < maxPasteKept, let scalar = Unicode.Scalar(c) else { return }
            kept.append(scalar)
            keptCount += 1
        }
        while let c = next() {
            pending.append(c)
            // A prefix of the end marker is held back until it either completes or breaks.
            if pending == end { return String(kept) }
            if !end.starts(with: pending) {
                let restart = pending.last == 0x1B
                for p in restart ? pending.dropLast() : pending[...] { keep(p) }
                pending = restart ? [0x1B] : []
            }
        }
        for p in pending { keep(p) }
        return String(kept)
    }

    /// What of a paste a one-line field takes: its first line, without control characters.
    static func firstLine(_ text: String) -> String {
        let line = text.prefix { $0 != "\n" && $0 != "\r" && $0 != "\r\n" }
        return String(String.UnicodeScalarView(line.unicodeScalars.filter { $0.properties.generalCategory != .control }))
    }
}
