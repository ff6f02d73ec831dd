/// One mouse report, in 0-based cell coordinates.
public struct MouseEvent: Sendable, Equatable, Hashable {
    public enum Kind: Sendable, Equatable, Hashable {
        /// A button went down.
        case press
        /// The pointer moved with a button held (xterm's button-event tracking, mode 1002).
        case drag
        case release
        /// The wheel turned, or a motion with no button held (mode 1003): the program ignores both.
        case other
    }

    public var kind: Kind
    /// 0 left, 1 middle, 2 right; nil when the report does not say (an X10 release).
    public var button: Int?
    public var x: Int
    public var y: Int

    public init(kind: Kind, button: Int?, x: Int, y: Int) { self.kind = kind; self.button = button; self.x = x; self.y = y }
}

/// The terminal's mouse reports, decoded by hand: ncurses parses only the encoding its
/// terminfo entry names (`kmous`), and tmux's and screen's entries name X10, which stops at
/// column 223. The program asks for SGR reports (mode 1006, `ESC [ < b ; x ; y M`, `m` for a
/// release), which any width fits, and still reads X10 (`ESC [ M b x y`, each byte + 32) from
/// a terminal that ignores 1006. Pure functions over what was read: garbage gives nil, never a
/// trap, and nothing here allocates more than `maxLength` characters.
public enum MouseReport {
    /// The longest SGR body read (after `ESC [ <`): three numbers of up to `maxDigits` digits,
    /// two semicolons and the final letter, with room to spare.
    public static let maxLength = 32
    /// Coordinates past a million cells are no terminal's: the report is dropped.
    static let maxDigits = 6

    /// Whether `c` can continue an SGR body (digits and `;`); `M` or `m` ends it.
    public static func isBodyCharacter(_ c: Character) -> Bool { c == ";" || (c.isASCII && c.isNumber) }

    /// Decodes the body of an SGR report, the part after `ESC [ <`, final letter included:
    /// "0;30;10M" is a left press at column 29, row 9 (0-based).
    public static func sgr<S: Sequence>(_ body: S) -> MouseEvent? where S.Element == Character {
        var numbers: [Int] = [0]
        var digits = 0, length = 0
        for c in body {
            length += 1
            guard length <= maxLength else { return nil }
            if c == "M" || c == "m" {
                guard numbers.count == 3, digits > 0 else { return nil }
                return event(code: numbers[0], column: numbers[1], row: numbers[2], released: c == "m")
            }
            if c == ";" {
                guard digits > 0, numbers.count < 3 else { return nil }
                numbers.append(0)
                digits = 0
            } else if let d = c.asciiDigit {
                digits += 1
                guard digits <= maxDigits else { return nil }
                numbers[numbers.count - 1] = numbers[numbers.count - 1] * 10 + d
            } else {
                return nil
            }
        }
        return nil
    }

    /// Decodes an X10 report from the three values after `ESC [ M` (each byte minus 32 is
    /// the code, the column, the row; columns and rows are 1-based).
    public static func x10(_ b: UInt32, _ x: UInt32, _ y: UInt32) -> MouseEvent? {
        guard (32...255).contains(b), (33...255).contains(x), (33...255).contains(y) else { return nil }
        let code = Int(b) - 32
        // X10 says "released" with button bits 3 and does not say which button.
        if code & 0b1100_0011 == 3 { return MouseEvent(kind: .release, button: nil, x: Int(x) - 33, y: Int(y) - 33) }
        return event(code: code, column: Int(x) - 32, row: Int(y) - 32, released: false)
    }

    /// The button code's bits: 0-1 the button, 2-4 Shift/Alt/Ctrl (ignored), 5 motion, 6-7
    /// wheel and extra buttons. Columns and rows are 1-based.
    static func event(code: Int, column: Int, row: Int, released: Bool) -> MouseEvent? {
        guard column >= 1, row >= 1 else { return nil }
        let (x, y) = (column - 1, row - 1)
        let button = code & 3
        if code & 0b1100_0000 != 0 { return MouseEvent(kind: .other, button: nil, x: x, y: y) }
        if released { return MouseEvent(kind: .release, button: button, x: x, y: y) }
        if code & 32 != 0 {
            // Motion: with button bits 3 no button is held (any-motion tracking).
            return button == 3 ? MouseEvent(kind: .other, button: nil, x: x, y: y) : MouseEvent(kind: .drag, button: button, x: x, y: y)
        }
        return button == 3 ? MouseEvent(kind: .release, button: nil, x: x, y: y) : MouseEvent(kind: .press, button: button, x: x, y: y)
    }
}

extension Character {
    /// 0…9 for an ASCII digit (not other scripts' digits, which `wholeNumberValue` accepts).
    var asciiDigit: Int? {
        guard let v = asciiValue, v >= 48, v <= 57 else { return nil }
        return Int(v) - 48
    }
}
