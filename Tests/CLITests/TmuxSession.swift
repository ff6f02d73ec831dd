import Foundation
import Glibc
import Testing
import TestSupport

/// The interactive program for real: the release binary in tmux on a private socket.
final class TmuxSession {
    let socket = "digitrec-test-\(UUID().uuidString.prefix(8))"
    let workdir: String

    init(command: String, width: Int = 80, height: Int = 24, workdir: String) throws {
        try Requirement.tmux.path()
        self.workdir = workdir
        // After the program exits, print the terminal modes so tests can check they were restored.
        let script = "cd '\(workdir)' && LANG=C.UTF-8 \(command); echo \"EXIT=$?\"; stty -a | tr '\\n' ' ' | grep -o -- '-\\?icanon\\|-\\?echo ' | tr '\\n' ' '; echo; sleep 600"
        try tmux(["-f", "/dev/null", "new-session", "-d", "-x", "\(width)", "-y", "\(height)", script])
    }

    /// The server is killed and its socket file removed: killed servers left one file per test
    /// in tmux's socket folder (over 500 after a few hundred runs).
    deinit {
        let path = (try? tmux(["display-message", "-p", "#{socket_path}"]))?.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try? tmux(["kill-server"])
        if let path, path.hasSuffix("/" + socket) { try? FileManager.default.removeItem(atPath: path) }
    }

    /// Runs a tmux client on this session's socket and returns what it printed.
    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        try ChildProcess.run(["tmux", "-L", socket] + args).stdout
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

    /// Polls the screen until `condition` holds: for a text that must also be gone, which a
    /// check right after `wait(for:)` can read before the redraw (flaky under load).
    @discardableResult
    func wait(timeout: Double = 20, until condition: (String) -> Bool) -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if condition(screen) { return true }
            usleep(50_000)
        }
        return false
    }

    func resize(_ w: Int, _ h: Int) throws { try tmux(["resize-window", "-x", "\(w)", "-y", "\(h)"]) }
}

/// A scratch copy of what the program reads from its working folder (the caller removes it).
func scratchFolder(model: Bool = true) throws -> TempDir {
    let dir = try TempDir()
    do {
        let fm = FileManager.default
        try fm.createDirectory(atPath: dir.file("saved_models"), withIntermediateDirectories: true)
        try fm.copyItem(atPath: Env.samples, toPath: dir.file("digits"))
        if model { try fm.copyItem(atPath: try Requirement.shippedModel.path(), toPath: dir.file("saved_models/default.safetensors")) }
    } catch {
        dir.remove()
        throw error
    }
    return dir
}

/// Sends `signal` to the program under test: the `digitrec` child of the session's shell.
func signalProgram(in t: TmuxSession, _ signal: String) throws {
    let shell = try t.tmux(["list-panes", "-F", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
    let r = try ChildProcess.run(["pkill", "-\(signal)", "-P", shell, "-f", "digitrec"])
    #expect(r.status == 0, "pkill found the program: \(r.stderr)")
}

extension TmuxSession {
    /// The screen with its colours and attributes as escape sequences (for termshot-like checks).
    var screenWithStyles: String { (try? tmux(["capture-pane", "-p", "-e"])) ?? "" }

    /// Types `text` literally (escape sequences too, e.g. an SGR mouse report).
    func type(_ text: String) throws { try tmux(["send-keys", "-l", text]) }
}
