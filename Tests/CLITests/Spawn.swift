import Foundation
import Glibc

/// Runs the binary with arguments given as raw bytes (a file name need not be UTF-8), with
/// stdout sent anywhere (`/dev/full`), a watchdog that turns a hang into a failed test instead
/// of a stuck suite, the child's peak memory (VmHWM), and a hook that sees stderr as it grows.
enum Spawn {
    struct Result {
        var status: Int32 = -1
        var signal: Int32 = 0
        var stdout = ""
        var stderr = ""
        var peakMB = 0.0
        /// The watchdog had to kill the process: it hung.
        var hung = false
    }

    static func run(_ args: [[UInt8]], stdout stdoutPath: String? = nil, watchdog: Double = 60,
                    onStderr: ((String, pid_t) -> Void)? = nil) -> Result {
        let dir = NSTemporaryDirectory() + "digitrec-spawn-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let outPath = stdoutPath ?? dir + "/out", errPath = dir + "/err"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = [Array(CLI.binary.utf8)] + args
        var cargs: [UnsafeMutablePointer<CChar>?] = argv.map { bytes in
            let p = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
            for (i, b) in bytes.enumerated() { p[i] = CChar(bitPattern: b) }
            p[bytes.count] = 0
            return p
        } + [nil]
        defer { for a in cargs { a?.deallocate() } }
        var result = Result()
        var pid: pid_t = 0
        guard posix_spawn(&pid, CLI.binary, &actions, nil, &cargs, environ) == 0 else { return result }
        // The child's own peak is VmHWM, the high-water mark of its address space after exec,
        // read while it runs (it only grows, so the last reading before exit is the peak up to
        // the last few milliseconds). Not ru_maxrss from wait4: posix_spawn vforks, and Linux
        // carries the pre-exec address space's high-water mark — this test runner's, which had
        // loaded MNIST for other tests — into the child's ru_maxrss (it read 111 MB, 423 MB and
        // 1,227 MB in three runs of the same binary, whose own peak is ~114 MB).
        let start = Date()
        var status: Int32 = 0
        var peakKB = 0
        while true {
            if let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
               let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
               let kb = Int(line.split(separator: " ").dropFirst().first ?? "") {
                peakKB = max(peakKB, kb)
            }
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid || (done < 0 && errno != EINTR) { break }
            if let onStderr, let text = try? String(contentsOfFile: errPath, encoding: .utf8) { onStderr(text, pid) }
            if Date().timeIntervalSince(start) > watchdog {
                result.hung = true
                kill(pid, SIGKILL)
            }
            usleep(5_000)
        }
        result.status = (status >> 8) & 0xFF
        result.signal = status & 0x7F
        result.peakMB = Double(peakKB) / 1024
        if stdoutPath == nil { result.stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "" }
        result.stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return result
    }

    static func run(_ args: [String], stdout: String? = nil, watchdog: Double = 60,
                    onStderr: ((String, pid_t) -> Void)? = nil) -> Result {
        run(args.map { Array($0.utf8) }, stdout: stdout, watchdog: watchdog, onStderr: onStderr)
    }
}
