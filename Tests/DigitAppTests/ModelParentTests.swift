import DigitApp
import DigitModel
import Foundation
import Support
import Testing
import TestSupport

/// The use case "the model this one was fine-tuned from": found by the name and checksum the
/// fine-tuned file keeps, beside it or in the models folder; a changed file of that name, a
/// model trained from scratch and an average are refused with what to do instead.
@Suite struct ModelParentTests {
    static func save(_ seed: UInt64, as path: String, metadata: [String: String] = [:]) throws -> String {
        let network = try Network(layers: [.flatten, .dense(units: 10)], seed: seed, threads: 1)
        try ModelFile.save(network, metadata: metadata, to: path)
        return path
    }

    static func checksum(_ path: String) throws -> String { try #require(try ModelFile.readHeader(path).metadata["checksum"]) }

    /// A start and its fine-tune in `dir`, the fine-tune naming the start as fine-tuning does.
    static func pair(in dir: TempDir) throws -> (start: String, tuned: String) {
        let start = try save(1, as: dir.file("start.safetensors"))
        let tuned = try save(2, as: dir.file("start-tuned.safetensors"),
                             metadata: ["parent": "start", "parent_checksum": try checksum(start)])
        return (start, tuned)
    }

    @Test func theStartBesideTheFineTuneIsFound() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let (start, tuned) = try Self.pair(in: dir)
        let elsewhere = try TempDir()
        defer { elsewhere.remove() }
        #expect(try ModelParent.find(of: tuned, modelsFolder: elsewhere.path) == start)
    }

    @Test func aStartRenamedSinceIsFoundByItsChecksumInTheModelsFolder() throws {
        let dir = try TempDir(), models = try TempDir()
        defer { dir.remove(); models.remove() }
        let (start, tuned) = try Self.pair(in: dir)
        // Another model first in the folder's order, which must not be taken.
        _ = try Self.save(3, as: models.file("a-other.safetensors"))
        let renamed = models.file("b-renamed.safetensors")
        try FileManager.default.moveItem(atPath: start, toPath: renamed)
        #expect(try ModelParent.find(of: tuned, modelsFolder: models.path) == renamed)
    }

    /// Review, session 33: a start outside the models folder and the fine-tune's own was not
    /// found; the path it had is kept and tried first.
    @Test func aStartElsewhereIsFoundWhereItWas() throws {
        let a = try TempDir(), b = try TempDir(), models = try TempDir()
        defer { a.remove(); b.remove(); models.remove() }
        let start = try Self.save(1, as: a.file("mine.safetensors"))
        let tuned = try Self.save(2, as: b.file("mine-tuned.safetensors"),
                                  metadata: ["parent": "mine", "parent_checksum": try Self.checksum(start), "parent_path": Path.realPath(start)])
        #expect(try ModelParent.find(of: tuned, modelsFolder: models.path) == Path.realPath(start))
        // By its name in the models folder when it has moved there.
        try FileManager.default.moveItem(atPath: start, toPath: models.file("mine.safetensors"))
        #expect(try ModelParent.find(of: tuned, modelsFolder: models.path) == models.file("mine.safetensors"))
    }

    /// Walkthrough 34: the kept path is absolute, so `compare tuned` showed A as
    /// "/home/…/saved_models/x" beside B as "saved_models/x-tuned". The same file found by its
    /// name is given as the user reached its folder.
    @Test func theStartIsNamedAsTheUserNamedItsFolder() throws {
        let dir = try TempDir(), models = try TempDir()
        defer { dir.remove(); models.remove() }
        let start = try Self.save(1, as: dir.file("mine.safetensors"))
        let link = models.file("link")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: dir.path)
        let tuned = try Self.save(2, as: Path.join(link, "mine-tuned.safetensors"),
                                  metadata: ["parent": "mine", "parent_checksum": try Self.checksum(start), "parent_path": Path.realPath(start)])
        #expect(try ModelParent.find(of: tuned, modelsFolder: models.path) == Path.join(link, "mine.safetensors"))
    }

    @Test func aFileOfTheStartsNameThatChangedIsNotTakenForIt() throws {
        let dir = try TempDir(), models = try TempDir()
        defer { dir.remove(); models.remove() }
        let (start, tuned) = try Self.pair(in: dir)
        _ = try Self.save(4, as: start)
        let error = try #require(throws: AppError.self) { try ModelParent.find(of: tuned, modelsFolder: models.path) }
        #expect("\(error)".contains("was fine-tuned from start"))
        #expect("\(error)".contains("has changed since"))
    }

    @Test func aModelTrainedFromScratchOrAveragedHasNoStart() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let scratch = try Self.save(5, as: dir.file("scratch.safetensors"))
        let fromScratch = try #require(throws: AppError.self) { try ModelParent.find(of: scratch, modelsFolder: dir.path) }
        #expect("\(fromScratch)".contains("not fine-tuned"))
        let average = try Self.save(6, as: dir.file("avg.safetensors"), metadata: ["parent": "scratch", "averaged_with": "other"])
        let averaged = try #require(throws: AppError.self) { try ModelParent.find(of: average, modelsFolder: dir.path) }
        #expect("\(averaged)".contains("an average of scratch and other"))
        // A fine-tune's halfway average keeps its fine-tune's start (walkthrough, session 33).
        let start = try Self.save(8, as: dir.file("start.safetensors"))
        let halfway = try Self.save(9, as: dir.file("half.safetensors"),
                                    metadata: ["parent": "start", "parent_checksum": try Self.checksum(start),
                                               "averaged_with": "its fine-tune (not saved)", "finetune_images": "mine"])
        #expect(try ModelParent.find(of: halfway, modelsFolder: dir.path) == start)
        // Not a model at all: said, not crashed.
        let notModel = dir.file("x.safetensors")
        #expect(FileManager.default.createFile(atPath: notModel, contents: Data("not a model".utf8)))
        #expect(throws: AppError.self) { try ModelParent.find(of: notModel, modelsFolder: dir.path) }
    }

    @Test func aFineTuneIsNeverItsOwnStart() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("loop.safetensors")
        // A file naming itself (written by hand): the name matches, the file is this one.
        _ = try Self.save(7, as: path, metadata: ["parent": "loop"])
        #expect(throws: AppError.self) { try ModelParent.find(of: path, modelsFolder: dir.path) }
    }
}
