import ArgumentParser
import DigitApp

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a model on the 10,000 MNIST test images.",
        discussion: """
            Examples:
              digitrec eval
              digitrec eval --model saved_models/mlp.safetensors --json
              digitrec eval --mistakes              # the top confusions and worst mistakes
              digitrec eval --mistakes --json       # every misclassified image
            """)

    @OptionGroup var modelOption: ModelOption
    @OptionGroup var dataOption: DataOption
    @Flag(help: "Print one JSON object: accuracy, loss, confusion, per_class, mean_confidence, ece, seconds.") var json = false
    @Flag(help: "Also list the mistakes: the top confusions and the most confident errors (with --json: every misclassified image with its probabilities).")
    var mistakes = false

    func run() throws {
        let report: EvaluationReport
        do {
            report = try Evaluation.run(model: try modelOption.path(), dataFolder: dataOption.data)
        } catch {
            Console.error("digitrec eval: \(error)")
            throw ExitCode(1)
        }
        for w in report.warnings { Console.error("warning: \(w)") }
        if json {
            Console.data(ReportJSON.evaluation(report, mistakes: mistakes))
        } else {
            Console.out(ReportText.evaluation(report) + (mistakes ? "\n" + ExploreText.mistakes(report) : ""))
        }
    }
}
