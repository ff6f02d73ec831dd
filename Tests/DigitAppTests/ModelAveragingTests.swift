import DigitApp
import DigitModel
import Support
import Testing
import TestSupport

/// The use case "average two models": the saved metadata says where the average came from and
/// what it scores, images either model learnt from stay known, and bad requests are refused.
@Suite struct ModelAveragingTests {
    static func save(_ seed: UInt64, learnt: String, in dir: TempDir) throws -> String {
        let network = try Network(layers: [.flatten, .dense(units: 10)], seed: seed, threads: 1)
        let path = dir.file("m\(seed).safetensors")
        try ModelFile.save(network, metadata: [LearntImages.metadataKey: learnt, "architecture_name": "tiny"], to: path)
        return path
    }

    @Test(.requires(.mnist)) func theAverageIsMeasuredAndSaysWhereItCameFrom() throws {
        let data = try Requirement.mnist.path()
        let dir = try TempDir()
        defer { dir.remove() }
        let first = try Self.save(1, learnt: "00000000000000aa", in: dir)
        let second = try Self.save(2, learnt: "00000000000000bb", in: dir)
        var request = AverageRequest(first: first, second: second)
        request.weight = 0.25
        request.dataFolder = data
        let outcome = try ModelAveraging.run(request)
        let a = try ModelFile.load(first, threads: 1).network, b = try ModelFile.load(second, threads: 1).network
        let expected = try WeightAverage.blend(a, b, weightOfSecond: 0.25, names: ("a", "b"), threads: 1)
        #expect(outcome.network.tensors.map(\.values) == expected.tensors.map(\.values))

        let test = try MNISTData.load(data, withTraining: false).test
        let accuracies = try #require(outcome.accuracies)
        #expect(accuracies.first == Trainer.evaluate(a, on: test).metrics.accuracy)
        #expect(accuracies.second == Trainer.evaluate(b, on: test).metrics.accuracy)
        #expect(accuracies.average == Trainer.evaluate(expected, on: test).metrics.accuracy)
        #expect(outcome.notEvaluated == nil)

        let meta = outcome.metadata
        #expect(meta["parent"] == "m1" && meta["averaged_with"] == "m2")
        #expect(meta["parent_checksum"] == (try ModelFile.readHeader(first)).metadata["checksum"])
        #expect(meta["averaged_with_checksum"] == (try ModelFile.readHeader(second)).metadata["checksum"])
        #expect(meta["average_weight"] == "0.25")
        #expect(meta["architecture_name"] == "tiny")
        #expect(meta["test_accuracy"] == String(accuracies.average))
        #expect(meta["recipe"] == "digitrec average \(first) \(second) --weight 0.25")
        #expect(LearntImages(metadata: meta).ids == ["00000000000000aa", "00000000000000bb"])
    }

    @Test func refusesAWeightOutsideZeroToOneAndAFolderThatIsNotData() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let first = try Self.save(1, learnt: "", in: dir), second = try Self.save(2, learnt: "", in: dir)
        for w in [-1, 1.01, .nan] {
            var request = AverageRequest(first: first, second: second)
            request.weight = w
            #expect(throws: AppError.self) { try ModelAveraging.run(request) }
        }
        var request = AverageRequest(first: first, second: second)
        request.dataFolder = dir.path
        // A folder the user named is not silently passed over.
        #expect(throws: (any Error).self) { try ModelAveraging.run(request) }
    }

    /// A weight of −0 is 0 in the recipe: "--weight -0.0" would read as an option when run again.
    @Test func theRecipeRunsAsWritten() {
        var r = AverageRequest(first: "a.safetensors", second: "b.safetensors")
        r.weight = -0.0
        #expect(r.recipe == "digitrec average a.safetensors b.safetensors --weight 0.0")
        // Paths a shell would split or expand are quoted, so the recipe runs as written.
        r = AverageRequest(first: "my models/it's.safetensors", second: "b$x.safetensors")
        #expect(r.recipe == "digitrec average 'my models/it'\\''s.safetensors' 'b$x.safetensors' --weight 0.5")
    }
}
