import Foundation
import Glibc

/// What a finished command printed, and how it ended.
public struct CommandOutput: Sendable {
    public var exit: ChildProcess.Exit
    /// Empty when stdout went to a file of the caller's.
    public var stdout: String
    public var stderr: String
    /// The child's peak memory (VmHWM) as last read while it ran; 0 if it ended before a reading.
    public var peakMemoryKB: Int
    /// The watchdog killed it: it ran past its time limit.
    public var hung: Bool

    /// The shell's number: the exit code, or 128 + the signal.
    public var status: Int32 { exit.status }
}

extension ChildProcess {
    /// Runs `argv` to the end (stdin from `stdin`, /dev/null unless said) and returns what it printed. A child still
    /// running after `timeout` seconds is killed (`hung`), so a hang fails its test instead of
    /// stopping the suite; `whileRunning` sees the child and its stderr so far every few ms.
    public static func run(_ argv: [String], environment: [String: String?] = [:], stdin: String = "/dev/null", stdout: String? = nil,
                           in folder: String? = nil, timeout: Double = 600,
                           whileRunning: ((ChildProcess, _ stderr: String) -> Void)? = nil) throws -> CommandOutput {
        try run(bytes: argv.map { Array($0.utf8) }, environment: environment, stdin: stdin, stdout: stdout, in: folder,
                timeout: timeout, whileRunning: whileRunning)
    }

    /// The same with arguments as raw bytes.
    public static func run(bytes argv: [[UInt8]], environment: [String: String?] = [:], stdin: String = "/dev/null", stdout: String? = nil,
                           in folder: String? = nil, timeout: Double = 600,
                           whileRunning: ((ChildProcess, _ stderr: String) -> Void)? = nil) throws -> CommandOutput {
        let dir = try TempDir()
        defer { dir.remove() }
        func text(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        let child = try ChildProcess(bytes: argv, environment: environment, stdin: stdin, stdout: stdout ?? dir.file("out"),
                                     stderr: dir.file("err"), in: folder)
        let deadline = Date().addingTimeInterval(timeout)
        var peak = 0, hung = false
        while true {
            peak = max(peak, child.peakMemoryKB ?? 0)
            if child.poll() != nil { break }
            whileRunning?(child, text(dir.file("err")))
            if !hung && Date() > deadline {
                hung = true
                child.kill(SIGKILL)
            }
            usleep(2_000)
        }
        return CommandOutput(exit: child.wait(), stdout: stdout == nil ? text(dir.file("out")) : "",
                             stderr: text(dir.file("err")), peakMemoryKB: peak, hung: hung)
    }
}
