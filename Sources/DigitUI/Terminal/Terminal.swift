import CNCurses
import DigitApp
import Support
import Glibc
import Synchronization

/// The only code that talks to ncurses: start and stop the terminal, read keys, copy a
/// ScreenBuffer to the screen. Everything above it is plain Swift.
final class Terminal {
    private let window: UnsafeMutablePointer<WINDOW>
    private let screen: OpaquePointer
    let capabilities: Capabilities
    private var pairs: [Int: Int32] = [:]
    private(set) var ended = false
    /// Mouse reporting is on (the drawing screen): it must be turned off on every way out.
    private(set) var mouseTracking = false
    /// Whether the terminfo's mouse key (`kmous`) is SGR's `ESC [ <` (xterm's entries) rather
    /// than X10's `ESC [ M` (tmux, screen): it says what follows a KEY_MOUSE.
    private var kmousIsSGR = false

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
        if let kmous = tigetstr("kmous"), Int(bitPattern: kmous) != -1 { kmousIsSGR = String(cString: kmous) == "\u{1B}[<" }
        Terminal.installCrashRestore()
        Terminal.installSuspendHandler()
        // Bracketed paste: pasted text arrives marked, so it is typed into a field as one
        // piece and its letters never run as commands, nor its newline as Enter. Terminals
        // without it ignore the request.
        Terminal.writeRaw("\u{1B}[?2004h")
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
    /// The wait while the gallery reads its folder in the background: each result is taken
    /// (and the next image asked for) within this, not 50 ms. A folder of 2,000 small images
    /// took ~120 s at 50 ms, one image per loop pass (red team, session 12).
    static let busyKeyTimeout: Int32 = 3

    var size: (width: Int, height: Int) { (Int(getmaxx(window)), Int(getmaxy(window))) }

    /// Restores the terminal: cooked mode, echo, cursor. Safe to call twice.
    func end() {
        guard !ended else { return }
        ended = true
        setMouseTracking(false)
        Terminal.writeRaw("\u{1B}[?2004l")
        // Without an alternate screen (TERM=vt100) the last screen would stay behind, its
        // reverse-video key line under the shell's prompt (walkthrough, session 28): blanked.
        if !Terminal.hasAlternateScreen {
            werase(window)
            wrefresh(window)
        }
        curs_set(1)
        endwin()
        delscreen(screen)
    }

    /// Whether the terminal keeps the shell's screen apart from the program's (terminfo's
    /// `smcup`), so leaving gives the shell's screen back as it was.
    static var hasAlternateScreen: Bool {
        guard let smcup = tigetstr("smcup"), Int(bitPattern: smcup) != -1 else { return false }
        return smcup.pointee != 0
    }

    /// The next key, or nil after `waiting` ms. `resized` is reported as a nil key with the
    /// flag set.
    func readKey(waiting: Int32 = Terminal.keyTimeout) -> (key: Key?, resized: Bool) {
        var ch: wint_t = 0
        if waiting != Terminal.keyTimeout { wtimeout(window, waiting) }
        let r = wget_wch(window, &ch)
        if waiting != Terminal.keyTimeout { wtimeout(window, Terminal.keyTimeout) }
        if r == cnc_err() { return (nil, false) }
        if r == cnc_key_code_yes() {
            switch Int32(ch) {
            case cnc_key_resize(): return (nil, true)
            case KEY_MOUSE: return (kmousIsSGR ? readSGRBody() : readX10Body(), false)
            case KEY_UP: return (.up, false)
            case KEY_DOWN: return (.down, false)
            case KEY_LEFT: return (.left, false)
            case KEY_RIGHT: return (.right, false)
            // A keypad's corners (7 9 1 3) as some terminals send them: Home, PgUp, End, PgDn
            // (the drawing's diagonals, review 32).
            case KEY_HOME, KEY_A1: return (.home, false)
            case KEY_END, KEY_C1: return (.end, false)
            case KEY_PPAGE, KEY_A3: return (.pageUp, false)
            case KEY_NPAGE, KEY_C3: return (.pageDown, false)
            case KEY_ENTER: return (.enter, false)
            case KEY_BTAB: return (.backTab, false)
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
        // Two Escapes in one read (a quick double tap, a terminal that sends input in batches)
        // are two Escapes, not Alt+Escape (walkthrough: both were lost): the second goes back to
        // be read next.
        if r != cnc_key_code_yes(), next == 27 {
            _ = unget_wch(wchar_t(next))
            return (.escape, false)
        }
        // A sequence ncurses did not match as a key: a mouse report (ESC [ < … SGR, ESC [ M …
        // X10), a paste, or a key this terminfo entry does not know, read to its end.
        if r != cnc_key_code_yes(), next == 91 {
            var third: wint_t = 0
            guard wget_wch(window, &third) != cnc_err() else { return (nil, false) }
            wtimeout(window, Terminal.reportWait)
            switch EscapeSequence.afterBracket(first: UInt32(third), nextCharacter) {
            case .sgrMouse: return (readSGRBody(), false)
            case .x10Mouse: return (readX10Body(), false)
            case .pasteStart:
                resizedInSequence = false
                wtimeout(window, Terminal.pasteWait)
                let text = EscapeSequence.pasteBody(nextCharacter)
                return (.paste(text), resizedInSequence)
            case .other: return (nil, false)
            }
        }
        // SS3 (ESC O and one final byte: F1–F4 and the keypad on some terminals) that ncurses
        // did not match is read whole, so its last letter is not typed.
        if r != cnc_key_code_yes(), next == 79 {
            wtimeout(window, Terminal.reportWait)
            _ = nextCharacter()
            return (nil, false)
        }
        return (nil, r == cnc_key_code_yes() && Int32(next) == cnc_key_resize())
    }

    /// The next character within the current timeout; nil when none came. A key ncurses
    /// decoded in the middle of a sequence reads as NUL: no sequence's byte, dropped from a paste
    /// (a resize among them is remembered, so the screen is still laid out anew).
    private func nextCharacter() -> UInt32? {
        var ch: wint_t = 0
        let r = wget_wch(window, &ch)
        if r == cnc_err() { return nil }
        guard r == cnc_key_code_yes() else { return UInt32(ch) }
        if Int32(ch) == cnc_key_resize() { resizedInSequence = true }
        return 0
    }

    /// A resize arrived while a paste was read.
    private var resizedInSequence = false

    // MARK: mouse

    /// Turns xterm's button-event tracking (1002: press, release, and motion while a button is
    /// held) with SGR coordinates (1006) on or off. Written straight to the terminal: ncurses'
    /// `mousemask` would choose the modes from terminfo, and tmux's entry has no SGR.
    func setMouseTracking(_ on: Bool) {
        guard on != mouseTracking, !(on && ended) else { return }
        mouseTracking = on
        Terminal.mouseOn.store(on, ordering: .relaxed)
        Terminal.writeMouseModes(on)
    }

    /// For the crash handler, which can reach no instance (an atomic: a lock is not safe there).
    static let mouseOn = Atomic<Bool>(false)

    /// The rest of an SGR report after `ESC [ <`: digits and `;` up to `M`/`m`, at most
    /// `MouseReport.maxLength` characters; a report's bytes arrive together, so a short wait
    /// per character is enough and a cut-off report cannot stall the program.
    private func readSGRBody() -> Key? {
        wtimeout(window, Terminal.reportWait)
        defer { wtimeout(window, Terminal.keyTimeout) }
        var body: [Character] = []
        while body.count < MouseReport.maxLength {
            var ch: wint_t = 0
            guard wget_wch(window, &ch) != cnc_err(), let scalar = Unicode.Scalar(UInt32(ch)) else { return nil }
            let c = Character(scalar)
            body.append(c)
            if !MouseReport.isBodyCharacter(c) { break }
        }
        return MouseReport.sgr(body).map(Key.mouse)
    }

    /// The three bytes of an X10 report after `ESC [ M`.
    private func readX10Body() -> Key? {
        wtimeout(window, Terminal.reportWait)
        defer { wtimeout(window, Terminal.keyTimeout) }
        var values: [UInt32] = []
        for _ in 0..<3 {
            var ch: wint_t = 0
            guard wget_wch(window, &ch) != cnc_err() else { return nil }
            values.append(UInt32(ch))
        }
        return MouseReport.x10(values[0], values[1], values[2]).map(Key.mouse)
    }

    /// Milliseconds to wait for the next byte of a mouse report.
    static let reportWait: Int32 = 20
    /// Milliseconds to wait for the next piece of a paste: a terminal or tmux sends a large one
    /// in pieces (review: at 20 ms, a paste split in two ran its second half as keys).
    static let pasteWait: Int32 = 1_500

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
                let character = capabilities.unicode ? cell.character : Terminal.ascii(cell.character)
                var wide: [wchar_t] = character.unicodeScalars.prefix(4).map { wchar_t(bitPattern: $0.value) } + [0]
                setcchar(&cc, &wide, attr_t(attrs), 0, &pair)
                mvwadd_wch(window, Int32(y), Int32(x), &cc)
            }
        }
        wrefresh(window)
    }

    /// What an ASCII terminal is sent for a character: the screens spell most text through
    /// `UIStyle.text`, and this catches the rest at the last step, so no byte above 127 reaches
    /// a terminal that cannot show it (walkthrough: under LANG=C "1–255" came out as "1 255",
    /// and `--ascii` still showed "·"). One cell for one cell.
    static func ascii(_ c: Character) -> Character {
        if c.isASCII { return c }
        switch c {
        case "–", "—", "−", "·", "─", "━": return "-"
        case "×", "✗": return "x"
        case "…": return "."
        case "≥", "→", "▶", "►": return ">"
        case "≤", "←", "◀", "◄": return "<"
        case "↑", "▲": return "^"
        case "↓", "▼": return "v"
        case "✓": return "+"
        case "│", "┃": return "|"
        case "┌", "┐", "└", "┘", "├", "┤", "┬", "┴", "┼": return "+"
        case "█", "▀", "▄", "▌", "▐", "■": return "#"
        case "░", "▒", "▓": return ":"
        case "•", "●": return "*"
        default: return "?"
        }
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

    /// ncurses' own SIGTSTP handler (restores the terminal, stops, redraws after SIGCONT).
    nonisolated(unsafe) private static var ncursesSuspend = sigaction()

    /// Ctrl-Z: ncurses gives the shell back a cooked terminal, but the mouse modes are ours
    /// (written raw), so the shell would receive mouse reports as typed text. Turn them off
    /// around ncurses' handler, which returns only after the program is continued, then on again.
    static func installSuspendHandler() {
        // The stop counter made here, not lazily inside the handler (a runtime lock there).
        _ = StoppedTime.seconds
        var ours = sigaction()
        ours.__sigaction_handler.sa_handler = { s in
            let on = Terminal.mouseOn.load(ordering: .relaxed)
            if on { Terminal.writeMouseModes(false) }
            Terminal.writeRaw("\u{1B}[?2004l")
            let previous = Terminal.ncursesSuspend.__sigaction_handler.sa_handler
            // Both ways return only once the program is continued: the time between is the stop.
            let stopped = StoppedTime.monotonicNanoseconds()
            if let previous, unsafeBitCast(previous, to: Int.self) != 1 {  // 1 is SIG_IGN
                previous(s)
            } else if previous == nil {  // SIG_DFL: stop the default way, our handler stays
                signal(SIGTSTP, SIG_DFL)
                raise(SIGTSTP)
                Terminal.restoreSuspendHandler()
            }
            StoppedTime.add(nanoseconds: StoppedTime.monotonicNanoseconds() &- stopped)
            Terminal.writeRaw("\u{1B}[?2004h")
            if on { Terminal.writeMouseModes(true) }
        }
        sigemptyset(&ours.sa_mask)
        ours.sa_flags = SA_RESTART
        sigaction(SIGTSTP, &ours, &ncursesSuspend)
    }

    /// Called after a default-action stop: SIGTSTP back to our handler.
    private static func restoreSuspendHandler() {
        var current = sigaction()
        sigaction(SIGTSTP, nil, &current)
        if current.__sigaction_handler.sa_handler == nil { installSuspendHandler() }
    }

    /// The mouse modes written with write(2) alone, so the signal handlers can use it too.
    private static func writeMouseModes(_ on: Bool) {
        if on { writeRaw("\u{1B}[?1002h\u{1B}[?1006h") } else { writeRaw("\u{1B}[?1006l\u{1B}[?1002l") }
    }

    /// A terminal mode's bytes, with write(2) alone: a static string needs no allocation, so
    /// a signal handler may call it.
    private static func writeRaw(_ bytes: StaticString) {
        _ = write(1, bytes.utf8Start, bytes.utf8CodeUnitCount)
    }

    /// Even a crash must not leave the terminal in raw mode.
    static func installCrashRestore() {
        for sig in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE] {
            signal(sig) { s in
                if Terminal.mouseOn.load(ordering: .relaxed) { Terminal.writeMouseModes(false) }
                Terminal.writeRaw("\u{1B}[?2004l")
                endwin()
                signal(s, SIG_DFL)
                raise(s)
            }
        }
    }
}
