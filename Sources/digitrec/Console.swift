import Dispatch
import DigitApp
import Glibc

/// stdout for results, stderr for progress and errors. A failed write to stdout (a full
/// disk, a closed descriptor) is remembered and turns the exit status into 1.
enum Console {
    nonisolated(unsafe) private static var stdoutFailure: Int32 = 0

    /// A message never carries control characters to the terminal: a damaged file's bytes or a
    /// library's text in it could be an escape sequence (walkthrough, session 29: a PNG's chunk
    /// "type" cleared the screen). Lines and tabs stay; file names arrive already escaped.
    static func error(_ s: String) { _ = write(2, withoutControls(s) + "\n") }

    static func withoutControls(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: isControl) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars { out.append(isControl(u) ? "?" : u) }
        return String(out)
    }

    /// Lines and tabs are a message's layout; any other control character is not.
    private static func isControl(_ u: Unicode.Scalar) -> Bool { u.isTerminalControl && u != "\n" && u != "\t" }

    /// Whether stdout may carry UTF-8: always into a file or a pipe (the bytes are data, the
    /// same whatever the locale), on a terminal only when the locale says it shows UTF-8 —
    /// a `LANG=C` terminal shows mojibake for "✓" and the art's half blocks.
    static let unicodeOut = isatty(1) != 1 || Environment.localeIsUTF8()
    private static let unicodeErr = isatty(2) != 1 || Environment.localeIsUTF8()

    /// Whether printed art may be coloured: only on a terminal, and not when NO_COLOR is set
    /// (no-color.org), as the interactive program honours it (walkthrough).
    static let colorOut = isatty(1) == 1 && Environment.value("NO_COLOR") == nil

    /// True once a write to stdout failed (a closed pipe, a full disk).
    static var stdoutFailed: Bool { stdoutFailure != 0 }

    static func out(_ s: String) {
        let e = write(1, s + "\n")
        if e != 0 && stdoutFailure == 0 { stdoutFailure = e }
    }

    /// Machine-readable output (JSON): the same UTF-8 on any terminal, because spelling a file's
    /// name out in ASCII there would change the data, not only its look.
    static func data(_ s: String) {
        let e = write(1, s + "\n", asText: false)
        if e != 0 && stdoutFailure == 0 { stdoutFailure = e }
    }

    /// One write(2) call per chunk, unbuffered and thread-safe; returns errno on failure, else 0.
    @discardableResult
    static func write(_ fd: Int32, _ s: String, asText: Bool = true) -> Int32 {
        let plain = asText && ((fd == 1 && !unicodeOut) || (fd == 2 && !unicodeErr))
        var bytes = Array((plain ? s.asciiTransliterated : s).utf8)
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeMutableBytes { raw in Glibc.write(fd, raw.baseAddress.map { $0 + off }, raw.count - off) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return n < 0 ? errno : EIO }
            off += n
        }
        return 0
    }

    /// The exit status after checking that stdout took everything (flushing it with fsync is
    /// not needed: we never buffer). A broken pipe (`| head`) exits 1 quietly.
    static func finish(_ status: Int32) -> Int32 {
        guard stdoutFailure != 0 else { return status }
        if stdoutFailure != EPIPE { error("digitrec: cannot write the results to standard output (\(String(cString: strerror(stdoutFailure))))") }
        return status == 0 ? 1 : status
    }

    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// The width to fit text art to: the terminal's, else $COLUMNS, else 80.
    static var columns: Int {
        var ws = winsize()
        if isatty(1) == 1, ioctl(1, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 { return Int(ws.ws_col) }
        if let c = Environment.value("COLUMNS").flatMap({ Int($0) }), (20...1000).contains(c) { return c }
        return 80
    }

    /// Rewrites the current stderr line (on a terminal), limited to the terminal width.
    static func status(_ s: String) {
        var ws = winsize()
        let width = ioctl(2, UInt(TIOCGWINSZ), &ws) == 0 && ws.ws_col > 0 ? Int(ws.ws_col) : 100
        write(2, "\r\u{1B}[K" + String(s.prefix(max(10, width - 1))))
    }

    static func endStatus() { write(2, "\n") }
}

/// The first Ctrl-C (or SIGTERM) asks the work to stop cleanly; a second one quits at once.
enum Interrupts {
    nonisolated(unsafe) static var sources: [DispatchSourceSignal] = []
    /// The signal that asked for the stop (SIGINT or SIGTERM), 0 before.
    nonisolated(unsafe) static var received: Int32 = 0

    static func onInterrupt(_ handler: @escaping @Sendable () -> Void) {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            nonisolated(unsafe) var count = 0
            source.setEventHandler {
                count += 1
                if count > 1 { Glibc.exit(128 + sig) }
                if received == 0 { received = sig }
                handler()
            }
            source.resume()
            sources.append(source)
        }
    }

    /// How to quit at once, in the terms of the signal that asked for the stop.
    static var againToQuit: String { received == SIGTERM ? "SIGTERM again to quit now" : "Ctrl-C again to quit now" }

    /// 130 after Ctrl-C, 143 after SIGTERM, else `fallback`.
    static func exitStatus(or fallback: Int32) -> Int32 { received != 0 ? 128 + received : fallback }
}
