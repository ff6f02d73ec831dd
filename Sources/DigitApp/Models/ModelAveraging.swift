import DigitModel
import Support

/// Everything a user chooses about averaging two models.
public struct AverageRequest: Sendable, Equatable {
    public var first: String
    public var second: String
    /// The second model's share of every weight (0.5: the plain average).
    public var weight = 0.5
    public var dataFolder: String?

    public init(first: String, second: String) { self.first = first; self.second = second }

    /// The command that remakes the average, stored in its metadata.
    public var recipe: String {
        // `+ 0` turns −0 into 0: "--weight -0.0" reads as an option when run again.
        "digitrec average \(Path.shellQuoted(first)) \(Path.shellQuoted(second)) --weight \(weight + 0)"
    }
}

/// The averaged network, its metadata, and the test accuracy of all three models when the
/// test data was found (nil each otherwise, with `notEvaluated` saying why).
public struct AverageOutcome: Sendable {
    public var network: Network
    public var metadata: [String: String]
    public var accuracies: (first: Double, second: Double, average: Double)?
    public var notEvaluated: String?
    public var dataset = "MNIST"
    /// What the user should know first: two copies of one model average to that model.
    public var warnings: [String] = []
}

/// The use case "average two models": weight-space averaging (`WeightAverage`), typically of a
/// fine-tuned model and the one it started from, which keeps most of what each knew. The
/// result is measured on the test set beside both inputs, so a user sees what the average
/// kept before using it.
public enum ModelAveraging {
    public static func run(_ request: AverageRequest) throws -> AverageOutcome {
        guard request.weight.isFinite, (0...1).contains(request.weight) else {
            throw AppError.badOption("--weight must be a number from 0 to 1 (the second model's share)")
        }
        if let same = ModelStore.sameFile(request.first, request.second) {
            throw AppError.badOption("\(same): its average with itself is itself; name two different models")
        }
        let a = try ModelFile.load(request.first), b = try ModelFile.load(request.second)
        let network = try WeightAverage.blend(a.network, b.network, weightOfSecond: request.weight,
                                              names: (Path.display(request.first), Path.display(request.second)))
        let learnt = LearntImages(ids: LearntImages(metadata: a.metadata).ids.union(LearntImages(metadata: b.metadata).ids))
        var meta = a.metadata.filter { ["architecture_name", "dataset"].contains($0.key) }
        meta.merge([
            "parent": Path.baseName(request.first, dropping: ModelStore.suffix),
            "parent_checksum": a.metadata["checksum"] ?? "",
            "averaged_with": Path.baseName(request.second, dropping: ModelStore.suffix),
            "averaged_with_checksum": b.metadata["checksum"] ?? "",
            "average_weight": String(request.weight + 0),
            "recipe": request.recipe,
        ]) { _, new in new }
        if !learnt.isEmpty { meta[LearntImages.metadataKey] = learnt.metadataValue }

        var outcome = AverageOutcome(network: network, metadata: meta)
        // Allowed (a copy is a fair baseline) but said (review, session 32: it was silent, as
        // `compare` once was).
        if let same = ModelStore.sameModel(request.first, a.metadata, request.second, b.metadata) {
            outcome.warnings.append("\(same): their average is that model again")
        }
        let test: LabelledImages
        do {
            let data = try MNISTData.load(request.dataFolder, withTraining: false, inputStyle: network.inputStyle)
            // Accuracies on data of other classes would compare labels by number: not stored.
            guard network.classNames == data.classes else {
                outcome.notEvaluated = "the models' classes are not those of the data in \(data.folder)"
                return outcome
            }
            test = data.test
            outcome.dataset = data.title
        } catch {
            // A folder the user named must work; without one, the average is still useful and
            // the user is told it was not measured.
            if request.dataFolder != nil { throw error }
            outcome.notEvaluated = "\(error)"
            return outcome
        }
        let accuracies = (Trainer.evaluate(a.network, on: test).metrics.accuracy,
                          Trainer.evaluate(b.network, on: test).metrics.accuracy,
                          Trainer.evaluate(network, on: test).metrics.accuracy)
        outcome.accuracies = accuracies
        outcome.metadata["test_accuracy"] = String(accuracies.2)
        outcome.metadata["parent_test_accuracy"] = String(accuracies.0)
        outcome.metadata["averaged_with_test_accuracy"] = String(accuracies.1)
        return outcome
    }
}
