#if canImport(Testing)   // not in the static Swift runtime `make build` compiles against
import Foundation
import Support
import Testing

/// Text compared with a file kept beside the tests (`Tests/<Target>/Snapshots/<name>`);
/// RECORD_SNAPSHOTS=1 writes the file instead (the swift-argument-parser pattern).
public enum Snapshot {
    /// Compares with `Snapshots/<name>` in the folder of the calling test file.
    public static func check(_ text: String, named name: String, filePath: String = #filePath,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        check(text, against: Path.folder(of: filePath) + "/Snapshots/" + name, sourceLocation: sourceLocation)
    }

    public static func check(_ text: String, against path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        if Environment.value("RECORD_SNAPSHOTS") == "1" {
            do {
                try Path.makeFolders(Path.folder(of: path))
                try text.write(toFile: path, atomically: true, encoding: .utf8)
                print("recorded \(path)")
            } catch {
                Issue.record("cannot record \(path): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            Issue.record("no snapshot at \(path): run once with RECORD_SNAPSHOTS=1 and check it in", sourceLocation: sourceLocation)
            return
        }
        let stored = String(decoding: data, as: UTF8.self)
        guard text != stored else { return }
        let got = text.split(separator: "\n", omittingEmptySubsequences: false)
        let want = stored.split(separator: "\n", omittingEmptySubsequences: false)
        let line = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
        let gotLine = line < got.count ? String(got[line]) : "(end)", wantLine = line < want.count ? String(want[line]) : "(end)"
        Issue.record("""
            differs from \(path) at line \(line + 1) (RECORD_SNAPSHOTS=1 re-records):
              got:  \(gotLine)
              want: \(wantLine)
            whole text:
            \(text)
            """, sourceLocation: sourceLocation)
    }
}
#endif
