import Foundation
import Testing
@testable import DigitApp
import TestSupport

/// The install folder is the nearest ancestor of the program holding the shipped model.
@Suite struct InstallFolderTests {
    @Test func theNearestAncestorWithTheShippedModelIsFound() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let fm = FileManager.default
        try fm.createDirectory(atPath: dir.file("repo/saved_models"), withIntermediateDirectories: true)
        try fm.createDirectory(atPath: dir.file("repo/.build/x86_64-unknown-linux-gnu/release"), withIntermediateDirectories: true)
        fm.createFile(atPath: dir.file("repo/saved_models/default.safetensors"), contents: Data())
        let exe = dir.file("repo/.build/x86_64-unknown-linux-gnu/release/digitrec")
        #expect(InstallFolder.find(from: exe) == dir.file("repo"))
        // Without the model, nothing above counts (the temp folder's ancestors hold none).
        try fm.removeItem(atPath: dir.file("repo/saved_models/default.safetensors"))
        #expect(InstallFolder.find(from: exe) == nil)
        #expect(InstallFolder.find(from: nil) == nil)
    }

    @Test func thisTestProgramLivesInTheRepository() {
        // The test binary is built into .build/ of this checkout, like digitrec.
        #expect(InstallFolder.path.map { Path.realPath($0) } == Path.realPath(Env.root))
        #expect(InstallFolder.resolve("/abs/path") == "/abs/path", "absolute paths are left alone")
        #expect(InstallFolder.resolve("no-such-thing-here") == "no-such-thing-here")
    }
}
