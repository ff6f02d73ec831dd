import Glibc
import Testing
import TestSupport

/// The tests' one process runner does what the CLI and terminal tests rely on.
@Suite struct ChildProcessTests {
    @Test func capturesBothStreamsAndTheExitCode() throws {
        let r = try ChildProcess.run(["sh", "-c", "echo out; echo err >&2; exit 3"])
        #expect(r.exit == .exited(3))
        #expect(r.stdout == "out\n")
        #expect(r.stderr == "err\n")
        #expect(!r.hung)
    }

    @Test func environmentIsChangedAndRemovedPerCall() throws {
        let script = "printf '%s|%s' \"${DIGITREC_T-unset}\" \"${HOME-unset}\""
        #expect(try ChildProcess.run(["sh", "-c", script], environment: ["DIGITREC_T": "x", "HOME": nil]).stdout == "x|unset")
    }

    @Test func runsInTheGivenFolderWithArgumentsAsTheyAre() throws {
        let r = try ChildProcess.run(["sh", "-c", "pwd; printf '[%s]' \"$@\"", "sh", "a b", "$HOME", ""], in: "/tmp")
        #expect(r.stdout == "/tmp\n[a b][$HOME][]")
    }

    @Test func argumentsMayBeAnyBytes() throws {
        let r = try ChildProcess.run(bytes: [Array("sh".utf8), Array("-c".utf8), Array("printf %s \"$1\" | od -An -tx1".utf8),
                                             Array("sh".utf8), [0xFF, 0x2E]])
        #expect(r.stdout.split(separator: " ").map(String.init) == ["ff", "2e\n"])
    }

    /// The test runner blocks signals that tmux and the program under test must receive.
    @Test func childStartsWithNoSignalBlocked() throws {
        let r = try ChildProcess.run(["grep", "^SigBlk:", "/proc/self/status"])
        #expect(r.stdout == "SigBlk:\t0000000000000000\n")
    }

    @Test func aHangIsKilledAndReported() throws {
        let r = try ChildProcess.run(["sleep", "30"], timeout: 0.2)
        #expect(r.hung)
        #expect(r.exit == .signalled(SIGKILL))
    }

    @Test func aMissingProgramIsAnError() {
        #expect(throws: ChildProcess.SpawnError.self) { try ChildProcess.run(["/nonexistent/program"]) }
    }
}
