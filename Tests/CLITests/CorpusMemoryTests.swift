import Foundation
import Glibc
import Testing
import TestSupport

/// Every PNG of the shared corpus through the whole prediction path in one process:
/// no crash, and peak memory (the child's VmHWM) under 1 GB.
@Suite struct CorpusMemoryTests {
    @Test(.requires(.testdata, .shippedModel)) func everyCorpusPNGInOneProcessStaysUnder1GB() throws {
        let testdata = try Requirement.testdata.path(), model = try Requirement.shippedModel.path()
        var files: [String] = []
        for dir in ["pngsuite", "pngsuite/libpng-contrib", "png-bad/crashers", "png-bad/badpal", "png-bad/valid-edge-cases", "png-hostile"] {
            files += Env.files(in: testdata + "/" + dir).map { testdata + "/" + dir + "/" + $0 }
        }
        // 175 + 51 (libpng-contrib/ without interlaced/) + 23 + 9 + 106 + 23.
        #expect(files.count == 387)
        let scratch = try TempDir()
        defer { scratch.remove() }
        let child = try ChildProcess([Env.digitrec, "predict", "--json", "--model", model] + files, stdout: scratch.file("out.jsonl"))
        // The child's own peak is VmHWM, the high-water mark of its address space after exec,
        // read while it runs (it only grows, so the last reading before exit is the peak up to
        // the last few milliseconds). Not ru_maxrss from wait4: posix_spawn vforks, and Linux
        // carries the pre-exec address space's high-water mark — this test runner's, which had
        // loaded MNIST for other tests — into the child's ru_maxrss (it read 111 MB, 423 MB and
        // 1,227 MB in three runs of the same binary, whose own peak is ~114 MB).
        var peakKB = 0
        while true {
            if let text = try? String(contentsOfFile: "/proc/\(child.pid)/status", encoding: .utf8),
               let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
               let kb = Int(line.split(separator: " ").dropFirst().first ?? "") {
                peakKB = max(peakKB, kb)
            }
            if child.poll() != nil { break }
            usleep(2_000)
        }
        #expect(child.wait() == .exited(1), "no crash; some corpus files are refused, so the exit status is 1")
        let lines = try String(contentsOfFile: scratch.file("out.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(try lines.map { try CLI.json($0)["file"] as? String } == files, "one JSON line per file, in order")
        let peakMB = Double(peakKB) / 1024
        print("corpus: \(files.count) PNGs through decode, preprocessing and the shipped model; peak RSS \(Int(peakMB)) MB")
        #expect(peakMB > 10, "VmHWM was read while the child ran")
        #expect(peakMB < 1024)
    }
}
