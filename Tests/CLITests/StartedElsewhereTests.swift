import Foundation
import Glibc
import Testing
import TestSupport

/// Started outside its folder (`cd ~/photos; digitrec predict .`), digitrec still finds its
/// shipped model beside the program; a copy of the program with no model anywhere says what to give.
@Suite struct StartedElsewhereTests {
    static let sample = Env.root + "/digits/3_font_white_on_black.png"

    @Test(.requires(.shippedModel)) func predictFindsTheShippedModelFromAnotherFolder() throws {
        _ = try Requirement.shippedModel.path()
        let here = try TempDir()
        defer { here.remove() }
        let r = try ChildProcess.run([Env.digitrec, "predict", "--json", Self.sample], in: here.path, timeout: 60)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\"prediction\":\"3\"") || r.stdout.contains("\"prediction\": \"3\""), "\(r.stdout)")
    }

    @Test func aProgramWithNoModelAnywhereSaysToGiveOne() throws {
        let here = try TempDir()
        defer { here.remove() }
        // The program in a folder with no saved_models/ above it: a hard link (a copy's write
        // descriptor can leak into a process another test forks meanwhile: "text file busy").
        let copy = here.file("digitrec")
        if link(Env.digitrec, copy) != 0 { try FileManager.default.copyItem(atPath: Env.digitrec, toPath: copy) }
        var r = try ChildProcess.run([copy, "predict", Self.sample], in: here.path, timeout: 60)
        for _ in 0..<20 where r.status == 126 {
            usleep(100_000)
            r = try ChildProcess.run([copy, "predict", Self.sample], in: here.path, timeout: 60)
        }
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("give --model PATH"), "\(r.stderr)")
        #expect(r.stderr.contains("saved_models/default.safetensors"), "names what was looked for: \(r.stderr)")
    }
}
