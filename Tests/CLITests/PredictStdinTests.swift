import Foundation
import Glibc
import Testing
import TestSupport

/// `digitrec predict -`: an image piped in on standard input (walkthrough, session 36: `curl … |
/// digitrec predict -` was refused as an unknown option). Read under the file limit, once.
@Suite struct PredictStdinTests {
    static let model = Env.shippedModel
    static let seven = Env.root + "/digits/7_thin_canvas.png"

    @Test(.requires(.shippedModel)) func aPipedImageIsReadAndCalledStdin() throws {
        _ = try Requirement.shippedModel.path()
        let text = Spawn.run(["predict", "--model", Self.model, "-"], stdin: Self.seven, watchdog: 30)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("stdin: 7 "), "\(text.stdout)")
        // Beside files, in the order given; piped bytes have no name, so no expected label.
        let json = Spawn.run(["predict", "--model", Self.model, "--json", Self.seven, "-"], stdin: Self.seven, watchdog: 30)
        #expect(json.status == 0, "\(json.stderr)")
        let lines = json.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "\(json.stdout)")
        #expect(lines.last?.hasPrefix(#"{"file":"stdin","prediction":"7","#) == true, "\(json.stdout)")
        #expect(lines.first?.contains(#""expected":"7""#) == true && lines.last?.contains("expected") == false, "\(json.stdout)")
    }

    @Test(.requires(.shippedModel)) func anEndlessOrWrongStreamIsRefusedWithBoundedMemory() throws {
        _ = try Requirement.shippedModel.path()
        let zero = Spawn.run(["predict", "--model", Self.model, "-", Self.seven], stdin: "/dev/zero", watchdog: 60)
        #expect(!zero.hung && zero.status == 1, "\(zero.stderr)")
        #expect(zero.stderr.contains("stdin: cannot read (more than the limit of"), "\(zero.stderr)")
        #expect(zero.stdout.contains("7_thin_canvas.png: 7"), "the file after it was not read: \(zero.stdout)")
        #expect(zero.peakMB < 400, "peak \(zero.peakMB) MB")
        let dir = try Folder()
        defer { dir.remove() }
        let textFile = dir.file("notes.txt")
        try "hello\n".write(toFile: textFile, atomically: true, encoding: .utf8)
        let text = Spawn.run(["predict", "--model", Self.model, "--json", "-"], stdin: textFile, watchdog: 30)
        #expect(text.status == 1 && text.stdout.contains(#"{"file":"stdin","error":"not a PNG or JPEG image (looks like text)"}"#), "\(text.stdout)")
        let empty = Spawn.run(["predict", "--model", Self.model, "-"], watchdog: 30)
        #expect(empty.status == 1 && empty.stderr.contains("stdin: empty file"), "\(empty.stderr)")
    }

    /// Post-stop check, session 37: with standard input closed the model file took its number,
    /// and `predict -` read the model's bytes as the image while the model was loaded from them
    /// ("header claims 4381335732845700565 bytes"). It is an empty input now.
    @Test(.requires(.shippedModel)) func aClosedStandardInputIsEmpty() throws {
        _ = try Requirement.shippedModel.path()
        let r = try ChildProcess.run(["/bin/sh", "-c", "exec \"$0\" predict --model \"$1\" - <&-", Env.digitrec, Self.model], timeout: 30)
        #expect(!r.hung && r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("stdin: empty file") && !r.stderr.contains("header claims"), "\(r.stderr)")
    }

    @Test func standardInputTwiceIsAUsageError() {
        let r = Spawn.run(["predict", "-", "-"], watchdog: 30)
        #expect(r.status == 2 && r.stderr.contains("- (standard input) given more than once"), "\(r.stderr)")
    }
}
