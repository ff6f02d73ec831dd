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
        let r = Spawn.run(["predict", "--json", "--model", CLI.shippedModel] + files, stdout: outPath, watchdog: 600)
        #expect(!r.hung && r.signal == 0, "the process died of signal \(r.signal)")
        #expect(r.status == 1, "some corpus files are refused, so the exit status is 1")
        let lines = try String(contentsOfFile: outPath, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == files.count, "one JSON line per file")
        let peakMB = r.peakMB
        print("corpus: \(files.count) PNGs through decode, preprocessing and the shipped model; peak RSS \(Int(peakMB)) MB")
        #expect(peakMB > 10, "VmHWM was read while the child ran")
        #expect(peakMB < 1024)
    }
}
