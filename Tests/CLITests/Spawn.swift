import Foundation
import Glibc
import TestSupport

/// The release binary through TestSupport's one process runner, in the shape the hardening
/// tests read: exit status or signal, peak memory in MB, whether the watchdog had to kill it.
enum Spawn {
    struct Result {
        var status: Int32 = -1
        var signal: Int32 = 0
        var stdout = ""
        var stderr = ""
        var peakMB = 0.0
        var hung = false
    }

    static func run(_ args: [[UInt8]], stdin: String = "/dev/null", stdout: String? = nil, watchdog: Double = 60, in folder: String = Env.root,
                    onStderr: ((String, pid_t) -> Void)? = nil) -> Result {
        let output: CommandOutput
        do {
            output = try ChildProcess.run(bytes: [Array(Env.digitrec.utf8)] + args, environment: ["COLUMNS": "80"],
                                          stdin: stdin, stdout: stdout, in: folder, timeout: watchdog,
                                          whileRunning: onStderr.map { f in { child, err in f(err, child.pid) } })
        } catch {
            return Result(stderr: "\(error)")
        }
        var r = Result(stdout: output.stdout, stderr: output.stderr, peakMB: Double(output.peakMemoryKB) / 1024, hung: output.hung)
        switch output.exit {
        case let .exited(code): r.status = code
        case let .signalled(sig): r.signal = sig; r.status = 128 + sig
        }
        return r
    }

    static func run(_ args: [String], stdin: String = "/dev/null", stdout: String? = nil, watchdog: Double = 60, in folder: String = Env.root,
                    onStderr: ((String, pid_t) -> Void)? = nil) -> Result {
        run(args.map { Array($0.utf8) }, stdin: stdin, stdout: stdout, watchdog: watchdog, in: folder, onStderr: onStderr)
    }
}

/// A fresh folder for one test (a value: remove it with `defer`, after the child is done).
struct Folder {
    let temp: TempDir
    init() throws { temp = try TempDir() }
    var path: String { temp.path }
    func remove() { temp.remove() }
    func file(_ name: String) -> String { temp.file(name) }
    func fifo(_ name: String) -> String { let p = file(name); mkfifo(p, 0o600); return p }
    func copy(_ from: String, _ name: String) -> String {
        let p = file(name)
        try? FileManager.default.copyItem(atPath: from, toPath: p)
        return p
    }
}
