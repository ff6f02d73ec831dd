import Dispatch
import Glibc

/// stdout for results, stderr for progress and errors.
enum Console {
    static func error(_ s: String) { write(2, s + "\n") }
    static func out(_ s: String) { write(1, s + "\n") }

    /// Unbuffered and thread-safe: one write(2) call per message.
    static func write(_ fd: Int32, _ s: String) {
        var bytes = Array(s.utf8)
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + off, $0.count - off) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            off += n
        }
    }
    static var stderrIsTerminal: Bool { isatty(2) == 1 }

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

    static func onInterrupt(_ handler: @escaping @Sendable () -> Void) {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            nonisolated(unsafe) var count = 0
            source.setEventHandler {
                count += 1
                if count > 1 { Glibc.exit(130) }
                handler()
            }
            source.resume()
            sources.append(source)
        }
    }
}
