import Foundation
import Glibc
import Testing

/// The interactive program for real: the release binary in tmux on a private socket.
final class TmuxSession {
    let socket = "digitrec-test-\(UUID().uuidString.prefix(8))"
    let workdir: String

    init(command: String, width: Int = 80, height: Int = 24, workdir: String) throws {
        self.workdir = workdir
        // After the program exits, print the terminal modes so tests can check they were restored.
        let script = "cd '\(workdir)' && LANG=C.UTF-8 \(command); echo \"EXIT=$?\"; stty -a | tr '\\n' ' ' | grep -o -- '-\\?icanon\\|-\\?echo ' | tr '\\n' ' '; echo; sleep 600"
        try tmux(["-f", "/dev/null", "new-session", "-d", "-x", "\(width)", "-y", "\(height)", script])
    }

    deinit { _ = try? tmux(["kill-server"]) }

    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        // posix_spawn + waitpid: Foundation's Process never reaps the short-lived tmux client
        // here, and a pipe would be held open by the tmux server that new-session starts.
        let outPath = NSTemporaryDirectory() + "tmux-out-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: outPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ["tmux", "-L", socket] + args
        var cargs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for a in cargs { free(a) } }
        // A clean signal mask: the test runner blocks signals (SIGWINCH among them) that the
        // tmux server and the program under test must receive.
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK))
        var pid: pid_t = 0
        guard posix_spawnp(&pid, "tmux", &actions, &attr, &cargs, environ) == 0 else { return "" }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    }

    var screen: String { (try? tmux(["capture-pane", "-p"])) ?? "" }

    func keys(_ k: String...) throws { try tmux(["send-keys"] + k) }

    /// Polls the screen until `text` shows, up to `timeout` seconds.
    @discardableResult
    func wait(for text: String, timeout: Double = 20) -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if screen.contains(text) { return true }
            usleep(50_000)
        }
        return false
    }

    func resize(_ w: Int, _ h: Int) throws { try tmux(["resize-window", "-x", "\(w)", "-y", "\(h)"]) }
}

/// A scratch copy of what the program reads from its working folder.
func scratchFolder(model: Bool = true) throws -> String {
    let dir = NSTemporaryDirectory() + "digitrec-e2e-\(UUID().uuidString)"
    let fm = FileManager.default
    try fm.createDirectory(atPath: dir + "/saved_models", withIntermediateDirectories: true)
    try fm.copyItem(atPath: CLI.root + "/digits", toPath: dir + "/digits")
    if model { try fm.copyItem(atPath: CLI.shippedModel, toPath: dir + "/saved_models/default.safetensors") }
    return dir
}

func tmuxAvailable() -> Bool {
    FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/tmux")
}

@Suite(.serialized) struct TerminalTests {
    static let cooked = "icanon echo"

    @Test(arguments: [(80, 24), (120, 40)])
    func loadDefaultModelStepThroughImagesAndQuit(width: Int, height: Int) throws {
        guard tmuxAvailable(), CLI.available(CLI.shippedModel, what: "the shipped model") else { return }
        let dir = try scratchFolder()
        let t = try TmuxSession(command: "'\(CLI.binary)'", width: width, height: height, workdir: dir)
        #expect(t.wait(for: "Load a saved model"))
        try t.keys("l")
        #expect(t.wait(for: "default"))
        try t.keys("Enter")
        #expect(t.wait(for: "Image 1/"), "the gallery opens: \(t.screen)")
        for i in 2...4 {
            try t.keys("n")
            #expect(t.wait(for: "Image \(i)/"))
            #expect(t.wait(for: "%"))
            let bars = t.screen.split(separator: "\n").filter { line in
                (0...9).contains { d in line.contains(" \(d) ") && line.hasSuffix("%") }
            }
            #expect(bars.count >= 10, "ten probability bars:\n\(t.screen)")
        }
        try t.keys("q")
        #expect(t.wait(for: "EXIT=0"))
        #expect(t.wait(for: Self.cooked), "terminal back in cooked mode: \(t.screen)")
    }

    @Test(arguments: [("C-c", "EXIT=130"), ("HUP", "EXIT=129")])
    func signalsInTheGalleryRestoreTheTerminal(signal: String, exit: String) throws {
        guard tmuxAvailable(), CLI.available(CLI.shippedModel, what: "the shipped model") else { return }
        let dir = try scratchFolder()
        let t = try TmuxSession(command: "'\(CLI.binary)' --model saved_models/default.safetensors", workdir: dir)
        #expect(t.wait(for: "Image 1/"))
        if signal == "C-c" {
            try t.keys("C-c")
        } else {
            let pane = try t.tmux(["list-panes", "-F", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
            let kill = Process()
            kill.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            kill.arguments = ["pkill", "-\(signal)", "-P", pane, "-f", "digitrec"]
            try kill.run(); kill.waitUntilExit()
        }
        #expect(t.wait(for: exit), "\(t.screen)")
        #expect(t.wait(for: Self.cooked), "\(t.screen)")
    }

    @Test func dumbTerminalGetsAClearMessage() throws {
        guard tmuxAvailable() else { return }
        let dir = try scratchFolder(model: false)
        let t = try TmuxSession(command: "TERM=dumb '\(CLI.binary)'", workdir: dir)
        #expect(t.wait(for: "EXIT=2"), "\(t.screen)")
        #expect(t.screen.contains("TERM is \"dumb\""))
    }

    @Test func corruptPNGShowsItsErrorAndTheGalleryGoesOn() throws {
        guard tmuxAvailable(), CLI.available(CLI.shippedModel, what: "the shipped model") else { return }
        let dir = try scratchFolder()
        try FileManager.default.createDirectory(atPath: dir + "/bad", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: dir + "/bad/1_broken.png", contents: Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]))
        try FileManager.default.copyItem(atPath: dir + "/digits/7_thin_canvas.png", toPath: dir + "/bad/2_seven.png")
        let t = try TmuxSession(command: "'\(CLI.binary)' --model saved_models/default.safetensors --digits bad", workdir: dir)
        #expect(t.wait(for: "Cannot use this file"), "\(t.screen)")
        #expect(t.screen.contains("1_broken.png"))
        try t.keys("n")
        #expect(t.wait(for: "Image 2/2"))
        #expect(t.wait(for: " 7 "))
        try t.resize(100, 30)
        #expect(t.wait(for: "Image 2/2"))
        try t.resize(30, 8)
        #expect(t.wait(for: "Terminal too small"), "\(t.screen)\n\((try? t.tmux(["list-windows"])) ?? "")")
        for (w, h) in [(1, 1), (20, 5)] {
            try t.resize(w, h)
            usleep(300_000)
            try t.resize(80, 24)
            #expect(t.wait(for: "Image 2/2"), "back from \(w)×\(h): \(t.screen)")
        }
        try t.keys("q")
        #expect(t.wait(for: Self.cooked))
    }

    @Test func trainOneEpochShowsProgressAndConfusionMatrixThenSaves() throws {
        guard tmuxAvailable(), CLI.available(CLI.mnist, what: "MNIST ($DIGITREC_DATA)") else { return }
        let dir = try scratchFolder(model: false)
        let t = try TmuxSession(command: "DIGITREC_DATA='\(CLI.mnist!)' '\(CLI.binary)'", width: 100, height: 30, workdir: dir)
        #expect(t.wait(for: "Train a new model"))
        try t.keys("t")
        #expect(t.wait(for: "Start training"))
        try t.keys("Down", "Left", "Left")   // epochs 3 → 1
        #expect(t.wait(for: "◀ 1 ▶"), "\(t.screen)")
        for _ in 0..<6 { try t.keys("Down") }
        try t.keys("Enter")
        #expect(t.wait(for: "Epoch 1/1"), "\(t.screen)")
        #expect(t.wait(for: "Overall"))
        try t.resize(80, 24)
        #expect(t.wait(for: "Confusion matrix", timeout: 60), "\(t.screen)")
        #expect(t.screen.contains("Test accuracy"))
        try t.keys("BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "e", "2", "e")
        try t.keys("Enter")
        #expect(t.wait(for: "Saved saved_models/e2e.safetensors"), "\(t.screen)")
        #expect(FileManager.default.fileExists(atPath: dir + "/saved_models/e2e.safetensors"))
        try t.keys("q")
        #expect(t.wait(for: Self.cooked))
    }

    @Test func sigtermDuringTrainingRestoresTheTerminalAndSavesNothing() throws {
        guard tmuxAvailable(), CLI.available(CLI.mnist, what: "MNIST ($DIGITREC_DATA)"),
              CLI.available(CLI.shippedModel, what: "the shipped model") else { return }
        let dir = try scratchFolder()
        let before = try FileManager.default.contentsOfDirectory(atPath: dir + "/saved_models").sorted()
        let t = try TmuxSession(command: "DIGITREC_DATA='\(CLI.mnist!)' '\(CLI.binary)'", workdir: dir)
        try t.keys("t")
        #expect(t.wait(for: "Start training"))
        try t.keys("Right")   // cnn: slow enough to be mid-training
        for _ in 0..<7 { try t.keys("Down") }
        try t.keys("Enter")
        #expect(t.wait(for: "Epoch 1/3"), "\(t.screen)")
        let pids = try t.tmux(["list-panes", "-F", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let kill = Process()
        kill.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        kill.arguments = ["pkill", "-TERM", "-P", pids, "-f", "digitrec"]
        try kill.run(); kill.waitUntilExit()
        #expect(t.wait(for: "EXIT=143"), "\(t.screen)")
        #expect(t.wait(for: Self.cooked), "\(t.screen)")
        let after = try FileManager.default.contentsOfDirectory(atPath: dir + "/saved_models").sorted()
        #expect(before == after)
    }
}
