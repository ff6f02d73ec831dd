import CNCurses
import DigitApp
import Glibc

/// The only code that talks to ncurses: start and stop the terminal, read keys, copy a
/// ScreenBuffer to the screen. Everything above it is plain Swift.
final class Terminal {
    private let window: UnsafeMutablePointer<WINDOW>
    private let screen: OpaquePointer
    let capabilities: Capabilities
    private var pairs: [Int: Int32] = [:]
    private(set) var ended = false

    enum StartError: Error, CustomStringConvertible {
        case noTerminal(String)
        var description: String { if case let .noTerminal(s) = self { return s }; return "" }
    }

    init(forceASCII: Bool) throws {
        setlocale(LC_ALL, "")
        // A parent may have blocked SIGWINCH; without it ncurses never sees a resize.
        var winch = sigset_t()
        sigemptyset(&winch)
        sigaddset(&winch, SIGWINCH)
        pthread_sigmask(SIG_UNBLOCK, &winch, nil)
        let term = Environment.value("TERM") ?? ""
        guard !term.isEmpty, term != "dumb" else {
            throw StartError.noTerminal("digitrec: TERM is \(term.isEmpty ? "not set" : "\"dumb\""); the interactive program needs a terminal with cursor control (for example TERM=xterm-256color). The subcommands work anywhere: see `digitrec --help`.")
        }
        guard let scr = newterm(nil, fdopen(1, "w"), fdopen(0, "r")) else {
            throw StartError.noTerminal("digitrec: cannot start the terminal \"\(term)\"; see `digitrec --help` for the subcommands.")
        }
        screen = scr
        set_term(scr)
        guard let win = stdscr_window() else {
            endwin()
            throw StartError.noTerminal("digitrec: the terminal gave no screen")
        }
        window = win
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        Terminal.disableFlowControl()
        curs_set(0)
        // Escape is answered after 25 ms instead of ncurses' default second.
        set_escdelay(25)
        wtimeout(window, Terminal.keyTimeout)
        let utf8 = String(cString: nl_langinfo(nl_item(CODESET))) == "UTF-8"
        var color = has_colors() && Environment.value("NO_COLOR") == nil
        var basic = false
        if color {
            start_color()
            use_default_colors()
            // TERM=xterm (common over SSH and in containers) has 8: use them rather than none.
            color = cnc_colors() >= 8
            basic = cnc_colors() < 256
        }
        capabilities = Capabilities(color: color, unicode: utf8 && !forceASCII, basicColors: basic)
        Terminal.installCrashRestore()
    }

    /// Ctrl-Q quits from the text fields; XON/XOFF flow control would swallow it (and Ctrl-S
    /// would freeze the screen). The terminal's own modes come back at `endwin`.
    static func disableFlowControl() {
        var modes = termios()
        guard tcgetattr(0, &modes) == 0 else { return }
        modes.c_iflag &= ~tcflag_t(IXON)
        if tcsetattr(0, TCSANOW, &modes) == 0 { def_prog_mode() }
    }

    /// Milliseconds a key read waits, so the loop also takes actions from other threads.
    static let keyTimeout: Int32 = 50

    var size: (width: Int, height: Int) { (Int(getmaxx(window)), Int(getmaxy(window))) }

    /// Restores the terminal: cooked mode, echo, cursor. Safe to call twice.
    func end() {
        guard !ended else { return }
        ended = true
        curs_set(1)
        endwin()
        delscreen(screen)
    }

    /// The next key, or nil after the 50 ms timeout. `resized` is reported as a nil key
    /// with the flag set.
    func readKey() -> (key: Key?, resized: Bool) {
        var ch: wint_t = 0
        let r = wget_wch(window, &ch)
        if r == cnc_err() { return (nil, false) }
        if r == cnc_key_code_yes() {
            switch Int32(ch) {
            case cnc_key_resize(): return (nil, true)
            case KEY_UP: return (.up, false)
            case KEY_DOWN: return (.down, false)
            case KEY_LEFT: return (.left, false)
            case KEY_RIGHT: return (.right, false)
            case KEY_HOME: return (.home, false)
            case KEY_END: return (.end, false)
            case KEY_PPAGE: return (.pageUp, false)
            case KEY_NPAGE: return (.pageDown, false)
            case KEY_ENTER: return (.enter, false)
            case KEY_BACKSPACE: return (.backspace, false)
            case (KEY_F0 + 1)...(KEY_F0 + 12): return (.function(Int(ch) - Int(KEY_F0)), false)
            default: return (nil, false)
            }
        }
        switch ch {
        case 10, 13: return (.enter, false)
        case 27: return escapeOrAlt()
        case 9: return (.tab, false)
        case 8, 127: return (.backspace, false)
        default:
            guard let scalar = Unicode.Scalar(UInt32(ch)) else { return (nil, false) }
            return (.char(Character(scalar)), false)
        }
    }

    /// ESC alone is Escape; ESC with another byte right behind it (ncurses keeps what it could
    /// not match as a function key, after waiting ESCDELAY for it) is Alt plus a key, which the
    /// program does not use: it must not read as an Escape that goes back or cancels.
    private func escapeOrAlt() -> (key: Key?, resized: Bool) {
        wtimeout(window, 0)
        defer { wtimeout(window, Terminal.keyTimeout) }
        var next: wint_t = 0
        let r = wget_wch(window, &next)
        if r == cnc_err() { return (.escape, false) }
        return (nil, r == cnc_key_code_yes() && Int32(next) == cnc_key_resize())
    }

    /// Copies the buffer to the screen. Draw calls may fail at the edges (the last cell,
    /// a terminal shrinking mid-draw); that is ignored, never fatal.
    func draw(_ buf: ScreenBuffer) {
        werase(window)
        let (w, h) = size
        for y in 0..<min(h, buf.height) {
            for x in 0..<min(w, buf.width) {
                if y == h - 1 && x == w - 1 { continue }
                let cell = buf[x, y]
                // The right half of a wide character is drawn with its left half.
                if cell.isRightHalf { continue }
                var attrs: UInt32 = cnc_a_normal()
                if cell.style.bold { attrs |= cnc_a_bold() }
                if cell.style.reverse { attrs |= cnc_a_reverse() }
                if cell.style.dim { attrs |= cnc_a_dim() }
                var pair: Int32 = 0
                if capabilities.color && (cell.style.foreground != nil || cell.style.background != nil) {
                    pair = colorPair(cell.style.foreground ?? -1, cell.style.background ?? -1, isText: !Terminal.blocks.contains(cell.character))
                }
                var cc = cchar_t()
                var wide: [wchar_t] = cell.character.unicodeScalars.prefix(4).map { wchar_t(bitPattern: $0.value) } + [0]
                setcchar(&cc, &wide, attr_t(attrs), 0, &pair)
                mvwadd_wch(window, Int32(y), Int32(x), &cc)
            }
        }
        wrefresh(window)
    }

    /// Glyphs whose two colours draw a picture (half blocks), not text on a background.
    static let blocks: Set<Character> = ["▀", "▄", "█", " "]

    private func colorPair(_ fullFg: Int, _ fullBg: Int, isText: Bool) -> Int32 {
        var (fg, bg) = capabilities.basicColors ? (Palette.basic(fullFg), Palette.basic(fullBg)) : (fullFg, fullBg)
        // Two greys that both became white (or black) would hide the text: keep it readable.
        if capabilities.basicColors, isText, fg == bg, fg >= 0 { fg = bg == 0 ? 7 : 0 }
        let key = (fg + 1) * 1000 + (bg + 1)
        if let p = pairs[key] { return p }
        let p = alloc_pair(Int32(fg), Int32(bg))
        let pair = p < 0 ? 0 : p
        pairs[key] = pair
        return pair
    }

    /// Even a crash must not leave the terminal in raw mode.
    static func installCrashRestore() {
        for sig in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE] {
            signal(sig) { s in
                endwin()
                signal(s, SIG_DFL)
                raise(s)
            }
        }
    }
}
