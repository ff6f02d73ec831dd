import Foundation
import Glibc
import Testing

/// Every PNG of the shared corpus through the whole prediction path in one process:
/// no crash, and peak memory (the child's VmHWM) under 1 GB.
@Suite struct CorpusMemoryTests {
    @Test func everyCorpusPNGInOneProcessStaysUnder1GB() throws {
        guard CLI.available(CLI.testdata, what: "shared/testdata"),
              CLI.available(CLI.shippedModel, what: "the shipped model") else { return }
        let fm = FileManager.default
        var files: [String] = []
        for dir in ["pngsuite", "pngsuite/libpng-contrib", "png-bad/crashers", "png-bad/badpal", "png-bad/valid-edge-cases", "png-hostile"] {
            let path = CLI.testdata + "/" + dir
            files += ((try? fm.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasSuffix(".png") }.sorted().map { path + "/" + $0 }
        }
        #expect(files.count > 300)
        let outPath = NSTemporaryDirectory() + "corpus-\(UUID().uuidString).jsonl"
        defer { try? fm.removeItem(atPath: outPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = [CLI.binary, "predict", "--json", "--model", CLI.shippedModel] + files
        var cargs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for a in cargs { free(a) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, CLI.binary, &actions, nil, &cargs, environ) == 0 else { Issue.record("cannot start"); return }
        // The child's own peak is VmHWM, the high-water mark of its address space after exec,
        // read while it runs (it only grows, so the last reading before exit is the peak up to
        // the last few milliseconds). Not ru_maxrss from wait4: posix_spawn vforks, and Linux
        // carries the pre-exec address space's high-water mark — this test runner's, which had
        // loaded MNIST for other tests — into the child's ru_maxrss (it read 111 MB, 423 MB and
        // 1,227 MB in three runs of the same binary, whose own peak is ~114 MB).
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
            usleep(2_000)
        }
        let exitCode = (status >> 8) & 0xFF, signalled = status & 0x7F
        #expect(signalled == 0, "the process died of signal \(signalled)")
        #expect(exitCode == 1, "some corpus files are refused, so the exit status is 1")
        let lines = try String(contentsOfFile: outPath, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == files.count, "one JSON line per file")
        let peakMB = Double(peakKB) / 1024
        print("corpus: \(files.count) PNGs through decode, preprocessing and the shipped model; peak RSS \(Int(peakMB)) MB")
        #expect(peakMB > 10, "VmHWM was read while the child ran")
        #expect(peakMB < 1024)
    }
}
