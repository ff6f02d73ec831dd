import Foundation
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
        let r = try ChildProcess.run([Env.digitrec, "predict", "--json", "--model", model] + files, stdout: scratch.file("out.jsonl"))
        #expect(r.exit == .exited(1), "no crash; some corpus files are refused, so the exit status is 1")
        #expect(!r.hung)
        let lines = try String(contentsOfFile: scratch.file("out.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(try lines.map { try CLI.json($0)["file"] as? String } == files, "one JSON line per file, in order")
        // The child's own peak (ChildProcess.peakMemoryKB says why not ru_maxrss).
        let peakMB = Double(r.peakMemoryKB) / 1024
        print("corpus: \(files.count) PNGs through decode, preprocessing and the shipped model; peak RSS \(Int(peakMB)) MB")
        #expect(peakMB > 10, "VmHWM was read while the child ran")
        #expect(peakMB < 1024)
    }
}
