import ArgumentParser
import DigitApp
import Glibc

struct Dataset: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Describe the data: class counts, ink coverage, stroke widths, mean images.",
        discussion: """
            Examples:
              digitrec dataset
              digitrec dataset --json | jq '.train.class_counts'
            """)

    @OptionGroup var dataOption: DataOption
    @Flag(help: "Print one JSON object: counts, histograms, mean and standard-deviation images per class.") var json = false
    @OptionGroup var asciiOption: AsciiOption

    func run() throws {
        let report: DatasetReport
        do { report = try DatasetStatistics.run(dataFolder: dataOption.data) } catch {
            Console.error("digitrec dataset: \(error)")
            throw ExitCode(1)
        }
        for w in report.warnings { Console.error("warning: \(w)") }
        if json { Console.data(ExploreText.datasetJSON(report)) } else {
            Console.out(ExploreText.dataset(report, unicode: !asciiOption.ascii && isatty(1) == 1 && Console.unicodeOut))
        }
    }
}

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two models on the MNIST test set (disagreements, McNemar's test).",
        discussion: """
            Counts the test images where exactly one of the models is right and tests,
            with McNemar's exact test, whether the difference is more than chance.

            Examples:
              digitrec compare saved_models/default.safetensors my-model.safetensors
              digitrec compare --json A.safetensors B.safetensors
            """)

    @Argument(help: ArgumentHelp("The first model file.", valueName: "model-a")) var a: String
    @Argument(help: ArgumentHelp("The second model file.", valueName: "model-b")) var b: String
    @OptionGroup var dataOption: DataOption
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws { try refuseEmptyPaths([("model-a", a), ("model-b", b)]) }

    func run() throws {
        let report: ComparisonReport
        do { report = try ModelComparison.run(a, b, dataFolder: dataOption.data) } catch {
            Console.error("digitrec compare: \(error)")
            throw ExitCode(1)
        }
        for w in report.warnings { Console.error("warning: \(w)") }
        if json { Console.data(ExploreText.comparisonJSON(report)) } else { Console.out(ExploreText.comparison(report)) }
    }
}
