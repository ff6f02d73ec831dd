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
    public convenience init(_ argv: [String], environment: [String: String?] = [:], stdin: String = "/dev/null",
                            stdout: String = "/dev/null", stderr: String = "/dev/null", in folder: String? = nil) throws {
        try self.init(bytes: argv.map { Array($0.utf8) }, environment: environment, stdin: stdin, stdout: stdout,
                      stderr: stderr, in: folder)
    }

    /// The same with arguments as raw bytes: a file name need not be UTF-8.
    public init(bytes argv: [[UInt8]], environment: [String: String?] = [:], stdin: String = "/dev/null",
                stdout: String = "/dev/null", stderr: String = "/dev/null", in folder: String? = nil) throws {
        guard argv.first != nil else { throw SpawnError(program: "(nothing)", reason: "empty command") }
        // glibc's posix_spawn_file_actions_addchdir_np does not import: a shell changes folder
        // and execs the command (the arguments stay separate words, nothing is re-parsed).
        let argv = folder.map { ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", $0].map { Array($0.utf8) } + argv } ?? argv
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
        let cArgs = argv.map(Self.cString) + [nil]
        let cEnv = variables.map { Self.cString(Array("\($0.key)=\($0.value)".utf8)) } + [nil]
        defer { (cArgs + cEnv).forEach { $0?.deallocate() } }
        var pid: pid_t = 0
        guard let program = cArgs.first ?? nil else { throw SpawnError(program: "(nothing)", reason: "empty command") }
        let error = posix_spawnp(&pid, program, &actions, &attr, cArgs, cEnv)
        guard error == 0 else {
            throw SpawnError(program: String(decoding: argv[0], as: UTF8.self), reason: String(cString: strerror(error)))
        }
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

    /// The child's peak memory so far (VmHWM, the high-water mark of its address space after
    /// exec), while it runs. Not ru_maxrss from wait4: posix_spawn vforks, and Linux carries the
    /// pre-exec address space's high-water mark — this test runner's, which may have loaded
    /// MNIST for other tests — into the child's ru_maxrss (111 MB, 423 MB and 1,227 MB in
    /// three runs of a binary whose own peak is ~114 MB).
    public var peakMemoryKB: Int? {
        guard exit == nil, let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
        return Int(line.split(separator: " ").dropFirst().first ?? "")
    }

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

    private static func cString(_ bytes: [UInt8]) -> UnsafeMutablePointer<CChar>? {
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
        for (i, b) in bytes.enumerated() { p[i] = CChar(bitPattern: b) }
        p[bytes.count] = 0
        return p
    }
}
