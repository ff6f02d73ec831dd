import Foundation
import Glibc
import Testing
import TestSupport

/// Saves killed with SIGKILL at random moments never damage the model on disk.
@Suite struct CrashSafetyTests {
    /// DigitBench's save-loop saves a model to `path` over and over (`count` times, or forever).
    static func saveLoop(_ path: String, count: Int? = nil) throws -> ChildProcess {
        try ChildProcess([Env.digitBench, "save-loop", path] + (count.map { ["\($0)"] } ?? []))
    }

    @Test func sigkillDuringSavesNeverDamagesTheModel() throws {
        try #require(Requirement.isExecutable(Env.digitBench), "\(Env.digitBench) is not built")
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("m.safetensors")
        // A first complete model.
        #expect(try Self.saveLoop(path, count: 1).wait() == .exited(0))
        var rng = SystemRandomNumberGenerator()
        var interruptedSaves = 0
        var rounds = 0
        // At least 20 rounds, and on until one kill has landed inside a save (most do).
        for round in 0..<60 where round < 20 || interruptedSaves == 0 {
            rounds += 1
            let saver = try Self.saveLoop(path)
            usleep(UInt32.random(in: 60_000...250_000, using: &rng))
            saver.kill(SIGKILL)
            #expect(saver.wait() == .signalled(SIGKILL), "round \(round): the save loop was still saving")
            if try dir.names().contains(where: { $0.hasPrefix(".digitrec-tmp-") }) { interruptedSaves += 1 }
            let r = try CLI.run(["predict", "--json", "--model", path, Env.samples + "/0_mnist_size.png"])
            #expect(r.status == 0, "round \(round): the model no longer loads: \(r.stderr)")
        }
        print("SIGKILL landed inside a save (temp file left) in \(interruptedSaves) of \(rounds) rounds")
        #expect(interruptedSaves > 0, "the kills should land inside saves at least once")
        // The next start removes what killed saves left behind.
        #expect(try Self.saveLoop(path, count: 1).wait() == .exited(0))
        #expect(try dir.names() == ["m.safetensors"])
    }
}
