import Foundation
import Glibc
import Testing

/// Saves killed with SIGKILL at random moments never damage the model on disk.
@Suite struct CrashSafetyTests {
    static let bench = URL(fileURLWithPath: CLI.binary).deletingLastPathComponent().path + "/DigitBench"

    static func spawn(_ args: [String]) -> pid_t {
        var pid: pid_t = 0
        let argv = [bench] + args
        var cargs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for a in cargs { free(a) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        guard posix_spawn(&pid, bench, &actions, nil, &cargs, environ) == 0 else { return -1 }
        return pid
    }

    static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status
    }

    @Test func sigkillDuringSavesNeverDamagesTheModel() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.bench) else {
            Issue.record("\(Self.bench) is not built"); return
        }
        let dir = NSTemporaryDirectory() + "digitrec-kill-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/m.safetensors"
        // A first complete model.
        #expect(Self.wait(Self.spawn(["save-loop", path, "1"])) == 0)
        var rng = SystemRandomNumberGenerator()
        var interruptedSaves = 0
        var rounds = 0
        // At least 20 rounds, and on until one kill has landed inside a save (most do).
        for round in 0..<60 where round < 20 || interruptedSaves == 0 {
            rounds += 1
            let pid = Self.spawn(["save-loop", path])
            usleep(UInt32.random(in: 60_000...250_000, using: &rng))
            kill(pid, SIGKILL)
            _ = Self.wait(pid)
            if try FileManager.default.contentsOfDirectory(atPath: dir).contains(where: { $0.hasPrefix(".digitrec-tmp-") }) { interruptedSaves += 1 }
            let r = try CLI.run(["predict", "--json", "--model", path, CLI.root + "/digits/0_mnist_size.png"])
            #expect(r.status == 0, "round \(round): the model no longer loads: \(r.stderr)")
        }
        print("SIGKILL landed inside a save (temp file left) in \(interruptedSaves) of \(rounds) rounds")
        #expect(interruptedSaves > 0, "the kills should land inside saves at least once")
        // The next start removes what killed saves left behind.
        #expect(Self.wait(Self.spawn(["save-loop", path, "1"])) == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["m.safetensors"])
    }
}
