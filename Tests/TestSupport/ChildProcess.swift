import Foundation
import Glibc
import Support

/// One child process started with posix_spawn: the binaries under test, tmux, ldd, pkill.
///
/// Not Foundation's `Process`: it never reaps a short-lived tmux client here, and a pipe to the
/// child stays open as long as anything it starts (the tmux server) lives. So the standard
/// streams are files, and the child gets a clean signal mask — the test runner blocks signals
/// (SIGWINCH among them) that tmux and the program under test must receive.
public final class ChildProcess {
    public enum Exit: Equatable, Sendable, CustomStringConvertible {
        case exited(Int32), signalled(Int32)

        /// The shell's number: the exit code, or 128 + the signal.
        public var status: Int32 {
            switch self { case let .exited(code): code; case let .signalled(signal): 128 + signal }
        }

        public var description: String {
            switch self { case let .exited(code): "exit \(code)"; case let .signalled(signal): "signal \(signal)" }
        }
    }

    public struct SpawnError: Error, CustomStringConvertible {
        public let program: String, reason: String
        public var description: String { "cannot start \(program): \(reason)" }
    }

    public let pid: pid_t
    public private(set) var exit: Exit?

    /// Starts `argv` (a bare name is looked up on $PATH) with the test's environment changed by
    /// `environment` (a nil value removes a variable), the streams connected to the given files.
    public init(_ argv: [String], environment: [String: String?] = [:], stdin: String = "/dev/null",
                stdout: String = "/dev/null", stderr: String = "/dev/null", in folder: String? = nil) throws {
        guard argv.first != nil else { throw SpawnError(program: "(nothing)", reason: "empty command") }
        // glibc's posix_spawn_file_actions_addchdir_np does not import: a shell changes folder
        // and execs the command (the arguments stay separate words, nothing is re-parsed).
        let argv = folder.map { ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", $0] + argv } ?? argv
        let program = argv[0]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var empty = sigset_t(), defaults = sigset_t()
        sigemptyset(&empty)
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGWINCH] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attr, &empty)
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var variables = Environment.variables
        for (name, value) in environment { variables[name] = value }
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (cArgs + cEnv).forEach { free($0) } }
        var pid: pid_t = 0
        let error = posix_spawnp(&pid, program, &actions, &attr, cArgs, cEnv)
        guard error == 0 else { throw SpawnError(program: program, reason: String(cString: strerror(error))) }
        self.pid = pid
    }

    /// A child still running when the test lets go of it is killed and reaped.
    deinit {
        if exit == nil {
            Glibc.kill(pid, SIGKILL)
            _ = wait()
        }
    }

    /// The exit if the child has finished, without waiting.
    public func poll() -> Exit? { reap(options: WNOHANG) }

    /// Waits for the child to finish.
    @discardableResult
    public func wait() -> Exit {
        while true { if let exit = reap(options: 0) { return exit } }
    }

    public func kill(_ signal: Int32) { if exit == nil { Glibc.kill(pid, signal) } }

    private func reap(options: Int32) -> Exit? {
        if let exit { return exit }
        var status: Int32 = 0
        let r = waitpid(pid, &status, options)
        if r == pid {
            // WIFSIGNALED / WTERMSIG / WEXITSTATUS, which do not import.
            let signal = status & 0x7F
            exit = signal == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signal)
        } else if r < 0 && errno != EINTR {
            exit = .exited(-1)   // not our child any more (ECHILD): nothing left to wait for
        }
        return exit
    }
}

/// What a finished command printed, and how it ended.
public struct CommandOutput: Sendable {
    public var exit: ChildProcess.Exit
    public var stdout: String
    public var stderr: String
    /// The shell's number: the exit code, or 128 + the signal.
    public var status: Int32 { exit.status }
}

extension ChildProcess {
    /// Runs `argv` to the end (stdin from /dev/null) and returns what it printed.
    public static func run(_ argv: [String], environment: [String: String?] = [:], in folder: String? = nil) throws -> CommandOutput {
        let dir = try TempDir()
        defer { dir.remove() }
        let child = try ChildProcess(argv, environment: environment, stdout: dir.file("out"), stderr: dir.file("err"), in: folder)
        let exit = child.wait()
        func text(_ name: String) -> String {
            String(decoding: FileManager.default.contents(atPath: dir.file(name)) ?? Data(), as: UTF8.self)
        }
        return CommandOutput(exit: exit, stdout: text("out"), stderr: text("err"))
    }
}
