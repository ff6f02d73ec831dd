import Foundation
import Testing
import TestSupport

/// The drawing screen for real: the release binary in tmux, digits drawn by typing the mouse
/// reports a terminal sends (SGR, mode 1006) and by the keyboard pen.
@Suite(.serialized, .requires(.tmux), .requires(.shippedModel)) struct DrawTerminalTests {
    /// The canvas' cells on screen (0-based), found from the box drawn around it.
    struct Canvas { var x: Int, y: Int, width: Int, height: Int }

    static func canvas(in screen: String) -> Canvas? {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        guard let top = lines.firstIndex(where: { String($0).contains("┌─ Draw") }),
              let left = lines[top].firstIndex(of: "┌"), let right = lines[top].firstIndex(of: "┐"),
              let bottom = lines.indices.first(where: { $0 > top && lines[$0].indices.contains(left) && lines[$0][left] == "└" })
        else { return nil }
        return Canvas(x: left + 1, y: top + 1, width: right - left - 1, height: bottom - top - 1)
    }

    /// The digit with the highest bar: lines ending "<digit> <bar> <percent>%".
    static func prediction(in screen: String) -> Int? {
        let bars = screen.split(separator: "\n").compactMap { line -> (Int, Double)? in
            let words = line.split(separator: " ").suffix(3).map(String.init)
            guard words.count == 3, words[0].count == 1, let d = Int(words[0]), words[1].allSatisfy({ "█░▏▎▍▌▋▊▉#-".contains($0) }),
                  words[2].hasSuffix("%"), let p = Double(words[2].dropLast()) else { return nil }
            return (d, p)
        }
        guard bars.count == 10 else { return nil }
        return bars.max { $0.1 < $1.1 }?.0
    }

    /// Starts the program (120×40 unless told) on the drawing screen (from the start menu: `d`).
    static func start(_ dir: TempDir, term: String? = nil, width: Int = 120, height: Int = 40) throws -> TmuxSession {
        let env = term.map { "TERM=\($0) " } ?? ""
        let t = try TmuxSession(command: "\(env)'\(Env.digitrec)'", width: width, height: height, workdir: dir.path)
        #expect(t.wait(for: "Draw a digit"), "\(t.screen)")
        try t.keys("d")
        #expect(t.wait(for: "Loaded saved_models/default.safetensors"), "\(t.screen)")
        return t
    }

    /// Draws `digit` (variant `v` of the hand digits) with mouse reports, then reads the
    /// prediction once every report has been taken and the reading is of the whole drawing.
    static func draw(_ digit: Int, variant v: Int, in t: TmuxSession) throws -> Int? {
        let c = try #require(canvas(in: t.screen), "the canvas box: \(t.screen)")
        try t.keys("c")
        for stroke in HandDigits.cells(digit, variant: v, columns: c.width, rows: c.height) {
            guard let first = stroke.first, let last = stroke.last else { continue }
            // SGR: ESC [ < button ; column ; row, 1-based; M press or drag (32 + button), m release.
            var reports = "\u{1B}[<0;\(c.x + first.x + 1);\(c.y + first.y + 1)M"
            for p in stroke.dropFirst() { reports += "\u{1B}[<32;\(c.x + p.x + 1);\(c.y + p.y + 1)M" }
            reports += "\u{1B}[<0;\(c.x + last.x + 1);\(c.y + last.y + 1)m"
            try t.type(reports)
        }
        let strokes = HandDigits.strokes(digit, variant: v).count
        #expect(t.wait(for: "\(strokes) stroke"), "\(t.screen)")
        return settledPrediction(t)
    }

    /// The digit read once every key sent before has been taken (the eraser's word in the box
    /// title comes and goes after them) and the reading is of the whole drawing.
    static func settledPrediction(_ t: TmuxSession) -> Int? {
        try? t.keys("x")
        #expect(t.wait(for: "Draw · eraser"), "\(t.screen)")
        try? t.keys("x")
        // The reading shown is of the finished drawing once it no longer says "(reading…)".
        let end = Date().addingTimeInterval(10)
        while Date() < end {
            let s = t.screen
            if s.contains("read in"), !s.contains("(reading"), s.contains("Draw · pen") { return prediction(in: s) }
            usleep(50_000)
        }
        return nil
    }

    @Test(arguments: [nil, "xterm-256color"])
    func mouseDrawsAOneASevenAndAZero(term: String?) throws {
        let dir = try scratchFolder()
        defer { dir.remove() }
        let t = try Self.start(dir, term: term)
        // tmux keeps the modes the program set: button-event tracking with SGR coordinates.
        #expect(try t.tmux(["display", "-p", "#{mouse_button_flag}#{mouse_sgr_flag}"]).hasPrefix("11"))
        for digit in [1, 7, 0] {
            #expect(try Self.draw(digit, variant: 0, in: t) == digit, "\(t.screen)")
        }
        try t.keys("Escape")
        #expect(t.wait(for: "Load a saved model"))
        #expect(try t.tmux(["display", "-p", "#{mouse_button_flag}#{mouse_sgr_flag}"]).hasPrefix("00"), "tracking off on leaving")
        try t.keys("q")
        #expect(t.wait(for: "EXIT=0"))
    }

    @Test func theKeyboardPenDrawsASeven() throws {
        let dir = try scratchFolder()
        defer { dir.remove() }
        let t = try Self.start(dir)
        // From the centre: to the top left, pen down, along the top, then down and left.
        try t.keys(contentsOf: Array(repeating: "Left", count: 6) + Array(repeating: "Up", count: 8) + ["Space"])
        try t.keys(contentsOf: Array(repeating: "Right", count: 12))
        try t.keys(contentsOf: Array(repeating: ["Down", "Down", "Left"], count: 8).flatMap { $0 } + ["Space"])
        #expect(Self.settledPrediction(t) == 7, "\(t.screen)")
        #expect(t.screen.contains("1 stroke"))
        // A drawing not saved: q asks once (session 33), q again quits.
        try t.keys("q")
        #expect(t.wait(for: "q again quits without it"), "\(t.screen)")
        try t.keys("q")
        #expect(t.wait(for: "EXIT=0"))
    }

    @Test func saveThenShowInTheGallery() throws {
        let dir = try scratchFolder()
        defer { dir.remove() }
        let t = try Self.start(dir)
        #expect(try Self.draw(7, variant: 0, in: t) == 7)
        // s: the label prompt suggests the digit read; typing replaces it.
        try t.keys("s")
        #expect(t.wait(for: "Label:"))
        try t.keys("4", "Enter")
        #expect(t.wait(for: "Saved digits/4_drawn_1.png"), "\(t.screen)")
        // Enter: the label prompt again (the digit read suggested); Enter keeps it, the drawing
        // is saved under it, and the gallery shows it.
        #expect(try Self.draw(7, variant: 1, in: t) == 7)
        try t.keys("Enter")
        #expect(t.wait(for: "Label:"))
        try t.keys("Enter")
        #expect(t.wait(for: ": 7_drawn_1.png"), "\(t.screen)")
        #expect(t.wait(for: "✓ right"), "the gallery reads it as a 7, as its name says: \(t.screen)")
        #expect(FileManager.default.fileExists(atPath: dir.file("digits/4_drawn_1.png")))
        #expect(FileManager.default.fileExists(atPath: dir.file("digits/7_drawn_1.png")))
        #expect(try t.tmux(["display", "-p", "#{mouse_button_flag}"]).hasPrefix("0"), "no tracking in the gallery")
        // d in the gallery opens the drawing screen again.
        try t.keys("d")
        #expect(t.wait(for: "Draw · pen up"))
        try t.keys("q")
        #expect(t.wait(for: "EXIT=0"))
    }

    @Test(arguments: ["C-c", "TERM"])
    func leavingBySignalTurnsTrackingOff(signal: String) throws {
        let dir = try scratchFolder()
        defer { dir.remove() }
        let t = try Self.start(dir)
        #expect(try t.tmux(["display", "-p", "#{mouse_button_flag}"]).hasPrefix("1"))
        if signal == "C-c" { try t.keys("C-c") } else { try signalProgram(in: t, signal) }
        #expect(t.wait(for: signal == "C-c" ? "EXIT=130" : "EXIT=143"), "\(t.screen)")
        #expect(t.wait(for: TerminalTests.cooked), "\(t.screen)")
        #expect(try t.tmux(["display", "-p", "#{mouse_button_flag}#{mouse_sgr_flag}"]).hasPrefix("00"), "mouse tracking off after the signal")
    }

    /// Ctrl-Z from an interactive shell: while the program is stopped the shell must not get
    /// mouse reports as typed text; `fg` brings back the drawing screen with tracking on.
    @Test func suspendTurnsTrackingOffAndFgBackOn() throws {
        let dir = try scratchFolder()
        defer { dir.remove() }
        let t = try TmuxSession(command: "PS1='shell> ' bash --norc --noprofile -i", width: 120, height: 40, workdir: dir.path)
        #expect(t.wait(for: "shell>"), "\(t.screen)")
        try t.type("'\(Env.digitrec)'")
        try t.keys("Enter")
        #expect(t.wait(for: "Draw a digit"), "\(t.screen)")
        try t.keys("d")
        #expect(t.wait(for: "Draw · pen up"), "\(t.screen)")
        // Polled, not read once: the screen can show a text before the modes that go with it
        // have reached tmux (after `fg` the old picture is back before the program redraws).
        func flags(become prefix: String) throws -> Bool {
            let end = Date().addingTimeInterval(20)
            repeat {
                if try t.tmux(["display", "-p", "#{mouse_button_flag}#{mouse_sgr_flag}"]).hasPrefix(prefix) { return true }
                usleep(50_000)
            } while Date() < end
            return false
        }
        #expect(try flags(become: "11"))
        try t.keys("C-z")
        #expect(t.wait(for: "Stopped"), "\(t.screen)")
        #expect(try flags(become: "00"), "mouse tracking off while stopped")
        try t.type("fg")
        try t.keys("Enter")
        #expect(t.wait(for: "Draw · pen up"), "\(t.screen)")
        #expect(try flags(become: "11"), "mouse tracking on again after fg")
        try t.keys("q")
        #expect(t.wait(for: "shell>"), "\(t.screen)")
        #expect(try flags(become: "00"))
    }

    /// A terminal that ignores mode 1006 sends X10 reports (ESC [ M, then code, column and row
    /// as bytes + 32): they draw too, whichever way ncurses hands them over (its kmous is
    /// ESC [ M under tmux's TERM, ESC [ < under xterm-256color).
    @Test(arguments: [nil, "xterm-256color"])
    func x10ReportsDrawToo(term: String?) throws {
        let dir = try scratchFolder()
        defer { dir.remove() }
        let t = try Self.start(dir, term: term)
        let c = try #require(Self.canvas(in: t.screen))
        let column = c.x + c.width / 2 + 1, rows = (c.y + c.height / 5 + 1)...(c.y + c.height * 4 / 5 + 1)
        func report(_ code: Int, _ row: Int) -> [String] { ["1b", "5b", "4d"] + [code + 32, column + 32, row + 32].map { String($0, radix: 16) } }
        var bytes = report(0, rows.lowerBound)
        for row in rows.dropFirst() { bytes += report(32, row) }
        bytes += report(3, rows.upperBound)
        try t.tmux(["send-keys", "-H"] + bytes)
        #expect(t.wait(for: "1 stroke"), "\(t.screen)")
        #expect(Self.settledPrediction(t) == 1, "\(t.screen)")
        try t.keys("q")
        #expect(t.wait(for: "q again quits without it"), "\(t.screen)")
        try t.keys("q")
        #expect(t.wait(for: "EXIT=0"))
    }

    @Test func garbageMouseReportsAreIgnored() throws {
        let dir = try scratchFolder()
        defer { dir.remove() }
        let t = try Self.start(dir)
        try t.type("\u{1B}[<0;99999999999;5M\u{1B}[<;;M\u{1B}[<0;0;0M\u{1B}[<32;5000;5000M\u{1B}[<0;1;1m\u{1B}[<" + String(repeating: "9", count: 200) + "M")
        try t.keys("x")
        #expect(t.wait(for: "Draw · eraser"), "the program goes on: \(t.screen)")
        #expect(t.screen.contains("0 strokes"), "\(t.screen)")
        try t.keys("q")
        #expect(t.wait(for: "EXIT=0"))
    }
}

extension TmuxSession {
    /// Sends a list of keys at once (tmux names: "Left", "Space", …).
    func keys(contentsOf k: [String]) throws { try tmux(["send-keys"] + k) }
}
