import ArgumentParser
import DigitApp

struct Average: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "average",
        abstract: "Average two models of one architecture, weight by weight.",
        discussion: """
            Each weight of the new model is (1 − w) × the first model's + w × the
            second's. Averaging a model fine-tuned on many images with the model it
            started from ("WiSE-FT") keeps most of what the fine-tuning taught and most
            of what the start knew; the shipped model was made this way. (After a
            fine-tune on a few of your own digits it often gives those back too:
            finetune prints the figures.) Both models must have the same architecture,
            input normalisation, classes and input style. When MNIST is found, the three
            models' test accuracies are printed and stored in the new file.

            Examples:
              digitrec average start.safetensors tuned.safetensors --out blend.safetensors
              digitrec average a.safetensors b.safetensors --weight 0.3 --out c.safetensors
            """)

    @Argument(help: ArgumentHelp("The first model (weight 1 − w).", valueName: "first")) var first: String
    @Argument(help: ArgumentHelp("The second model (weight w).", valueName: "second")) var second: String
    @Option(help: ArgumentHelp("The second model's share of each weight, 0 to 1.", valueName: "w")) var weight: Double = 0.5
    @Option(help: ArgumentHelp("Where to save the average (an existing file is not replaced).", valueName: "path")) var out: String
    @OptionGroup var dataOption: DataOption

    func validate() throws {
        guard weight.isFinite, (0...1).contains(weight) else { throw ValidationError("--weight must be a number from 0 to 1") }
        try refuseEmptyPaths([("first", first), ("second", second), ("--out", out)])
    }

    func run() throws {
        do {
            let (first, second) = (ModelStore.resolve(first), ModelStore.resolve(second))
            guard ![first, second].map(Path.realPath).contains(Path.realPath(out)) else {
                throw AppError.badOption("--out names one of the models being averaged; choose another file")
            }
            var request = AverageRequest(first: first, second: second)
            request.weight = weight
            request.dataFolder = dataOption.data
            // Checked (and a missing folder made) only once the average exists: it takes seconds,
            // so nothing is gained by checking first, and a refused input leaves no folder behind.
            let outcome = try ModelAveraging.run(request)
            for w in outcome.warnings { Console.error("warning: \(w)") }
            try ModelStore.checkTarget(out, overwrite: .refuse)
            try ModelStore.save(outcome.network, metadata: outcome.metadata, to: out, overwrite: .refuse)
            if let a = outcome.accuracies {
                Console.out("\(outcome.dataset) test: \(Path.display(first)) \(Format.fixed(a.first * 100, 2))%, "
                            + "\(Path.display(second)) \(Format.fixed(a.second * 100, 2))%, average \(Format.fixed(a.average * 100, 2))%")
            } else if let why = outcome.notEvaluated {
                Console.error("not evaluated (\(why))")
            }
            Console.out("saved \(Path.display(out))")
        } catch {
            Console.error("digitrec average: \(error)")
            throw ExitCode(1)
        }
    }
}
