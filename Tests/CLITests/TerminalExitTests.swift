import Foundation
import Glibc
import Testing
import TestSupport

/// Leaving the interactive program, whatever it is doing (issue #14 items 1 and 11): Ctrl-\
/// restores the terminal, Alt+letter is not a lone Esc, and `q` quits within a second while a
/// huge image is still being read.
@Suite(.serialized, .requires(.tmux, .shippedModel)) struct TerminalExitTests {
    @Test func ctrlBackslashRestoresTheTerminal() throws {
        let dir = try scratchFolder()
        defer { dir.remove() }
        let t = try TmuxSession(command: "'\(Env.digitrec)' --model saved_models/default.safetensors", workdir: dir.path)
        #expect(t.wait(for: "Image 1/"))
        try t.keys("C-\\")
        #expect(t.wait(for: "EXIT=131"), "\(t.screen)")
        #expect(t.wait(for: TerminalTests.cooked), "\(t.screen)")
    }

    @Test func altLetterIsNotEscape() throws {
        let dir = try scratchFolder()
        defer { dir.remove() }
        let t = try TmuxSession(command: "'\(Env.digitrec)' --model saved_models/default.safetensors", workdir: dir.path)
        #expect(t.wait(for: "Image 1/"))
        try t.keys("M-q")
        usleep(600_000)
        #expect(t.screen.contains("Image 1/"), "Alt+q neither quit nor left the gallery: \(t.screen)")
        try t.keys("Escape")
        #expect(t.wait(for: "Load a saved model"), "Esc goes back to the start menu: \(t.screen)")
        try t.keys("q")
        #expect(t.wait(for: "EXIT=0"), "\(t.screen)")
    }

    /// `q` pressed while the first image, a 6000×6000 PNG of noise (≈ 0.4 s to decode and clean
    /// here), is being read: the program is gone within the issue's second. This pins the bound;
    /// the mechanism (reading on a worker, the loop never blocked) is pinned by the UI's
    /// BackgroundWorkTests, and FIFOs, which once blocked forever, are refused at open.
    @Test func quitWhileAHugeImageIsBeingRead() throws {
        let dir = try scratchFolder()
        defer { dir.remove() }
        let png = dir.file("digits/0000_huge.png")
        let script = """
            import struct, zlib, random
            w = h = 6000
            random.seed(1)
            row = bytes(random.getrandbits(8) for _ in range(w))
            raw = b"".join(b"\\x00" + row[i % 97:] + row[:i % 97] for i in range(h))
            def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
            open("\(png)", "wb").write(b"\\x89PNG\\r\\n\\x1a\\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
                                     + chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b""))
            """
        let made = try ChildProcess.run(["python3", "-c", script], timeout: 120)
        try #require(made.status == 0, "\(made.stderr)")
        let t = try TmuxSession(command: "'\(Env.digitrec)' --model saved_models/default.safetensors", workdir: dir.path)
        #expect(t.wait(for: "Image 1/"), "\(t.screen)")
        let pressed = Date()
        try t.keys("q")
        #expect(t.wait(for: "EXIT=0", timeout: 5), "\(t.screen)")
        let seconds = Date().timeIntervalSince(pressed)
        print("quit while reading a 36-megapixel PNG: \(String(format: "%.2f", seconds)) s")
        #expect(seconds < 1.5, "quit took \(seconds) s")
        #expect(t.wait(for: TerminalTests.cooked), "\(t.screen)")
    }
}
