import ArgumentParser
import DigitApp

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate a model on the 10,000 MNIST test images.",
        discussion: """
            Examples:
              digitrec eval
              digitrec eval --model saved_models/mlp.safetensors --json
            """)

    @OptionGroup var modelOption: ModelOption
    @OptionGroup var dataOption: DataOption
    @Flag(help: "Print one JSON object: accuracy, loss, confusion, per_class, mean_confidence, ece, seconds.") var json = false

    func run() throws {
        let report: EvaluationReport
        do {
            report = try Evaluation.run(model: modelOption.path, dataFolder: dataOption.data)
        } catch {
            Console.error("digitrec eval: \(error)")
            throw ExitCode(1)
        }
        for w in report.warnings { Console.error("warning: \(w)") }
        Console.out(json ? ReportJSON.evaluation(report) : ReportText.evaluation(report))
    }
}
