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
            Console.out(ExploreText.dataset(report, unicode: !asciiOption.ascii && Console.unicodeOut))
        }
    }
}

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two models on the MNIST test set or on your own labelled images (McNemar's test).",
        discussion: """
            Counts the test images where exactly one of the models is right and tests,
            with McNemar's exact test, whether the difference is more than chance.
            With --images, the test images are your own: every labelled image of the
            folder (labels.csv or the file name), named by file where the models differ;
            images either model was fine-tuned on are counted apart.
            With one model, it is compared with the model it was fine-tuned from
            (found by name and checksum beside it or in \(ModelStore.defaultFolder)/): A is
            the start, B the fine-tune.

            Examples:
              digitrec compare saved_models/default.safetensors my-model.safetensors
              digitrec compare --json A.safetensors B.safetensors
              digitrec compare --images my-digits/ my-model.safetensors tuned.safetensors
              digitrec compare --images my-digits/ tuned.safetensors
            """)

    @Argument(help: ArgumentHelp("The first model file (or a name from \(ModelStore.defaultFolder)/).", valueName: "model-a")) var a: String
    @Argument(help: ArgumentHelp("The second model file (or a name); left out: model-a is compared with the model it was fine-tuned from.",
                                 valueName: "model-b")) var b: String?
    @OptionGroup var dataOption: DataOption
    @Option(help: ArgumentHelp("Compare on your own labelled images in this folder instead of a dataset's test set.",
                               valueName: "dir"))
    var images: String?
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        try refuseEmptyPaths([("model-a", a), ("model-b", b), ("--images", images)])
        if images != nil && dataOption.data != nil {
            throw ValidationError("--images and --data name two test sets: give one")
        }
    }

    /// The two files, A then B: with one model given, its parent then it.
    private func models() throws -> (String, String) {
        let first = ModelStore.resolve(a)
        if let b { return (first, ModelStore.resolve(b)) }
        do {
            let parent = try ModelParent.find(of: first)
            Console.error("comparing \(Path.display(first)) (B) with \(Path.display(parent)) (A), the model it was fine-tuned from")
            return (parent, first)
        } catch {
            // The hint only for a model that was read: a missing file's own error says enough (review, session 33).
            let hint = Path.isFile(first) ? ": name the two models to compare (digitrec compare A B)" : ""
            Console.error("digitrec compare: \(ModelStore.notFound(a) ?? "\(error)")\(hint)")
            throw ExitCode(1)
        }
    }

    func run() throws {
        let (a, b) = try models()
        if let images { return try compareOnImages(images, a, b) }
        let report: ComparisonReport
        do { report = try ModelComparison.run(a, b, dataFolder: dataOption.data) } catch {
            Console.error("digitrec compare: \(error)")
            throw ExitCode(1)
        }
        for w in report.warnings { Console.error("warning: \(w)") }
        if json { Console.data(ExploreText.comparisonJSON(report)) } else { Console.out(ExploreText.comparison(report)) }
    }

    private func compareOnImages(_ folder: String, _ a: String, _ b: String) throws {
        let report: FolderComparison
        do { report = try ModelComparison.run(a, b, imagesFolder: folder) } catch {
            Console.error("digitrec compare: \(error)")
            throw ExitCode(1)
        }
        for w in report.warnings { Console.error("warning: \(w)") }
        if json { Console.data(FolderComparisonText.json(report)) } else { Console.out(FolderComparisonText.text(report)) }
    }
}
