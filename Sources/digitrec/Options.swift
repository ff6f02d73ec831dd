import ArgumentParser
import DigitApp

/// `--model`, shared by every command that uses a model.
struct ModelOption: ParsableArguments {
    @Option(help: ArgumentHelp("Model file, or a name from \(ModelStore.defaultFolder)/ such as mlp (default: \(ModelStore.defaultModel)).", valueName: "path"))
    var model: String?

    /// `--model ""` (an unset shell variable) is a usage error, not a file "" that is missing.
    func validate() throws {
        if model?.isEmpty == true { throw ValidationError(ModelOption.emptyPath) }
    }

    static let emptyPath = "--model: empty path"

    /// The model to use: `--model`, else the shipped default (here or beside the program), or a
    /// message saying what to give when neither exists.
    func path() throws -> String { try ModelOption.path(for: model) }

    /// `path()` for a `--model` value however it was read (PredictRequest).
    static func path(for model: String?) throws -> String {
        if let model {
            guard !model.isEmpty else { throw AppError.badOption(ModelOption.emptyPath) }
            let path = ModelStore.resolve(model)
            if let missing = ModelStore.notFound(model) { throw AppError.badOption("--model " + missing) }
            return path
        }
        let path = ModelStore.defaultModelPath
        guard Path.exists(path) else {
            throw AppError.badOption("no model: \(ModelStore.defaultModel) is neither in this folder nor beside the program (a copied program does not find it: link to the built one instead); give --model PATH")
        }
        return path
    }
}

/// A path option given as "" (an unset shell variable) is a usage error: not the file "", and
/// not the current folder or `/` that some system calls would make of it.
func refuseEmptyPaths(_ options: [(name: String, value: String?)]) throws {
    for option in options where option.value?.isEmpty == true { throw ValidationError("\(option.name): empty path") }
}

/// `--data`, shared by every command that reads a dataset.
struct DataOption: ParsableArguments {
    @Option(help: ArgumentHelp("Data folder: MNIST, another IDX dataset (any file names), or class folders of images "
                               + "(DIR/train/<class>/, DIR/test/<class>/, or DIR/<class>/) "
                               + "(default: $DIGITREC_DATA, ./data/mnist, ~/.cache/digitrec/mnist).", valueName: "dir"))
    var data: String?

    func validate() throws { try refuseEmptyPaths([("--data", data)]) }
}

/// `--ascii`, shared by everything that draws.
struct AsciiOption: ParsableArguments {
    @Flag(help: "Draw with ASCII only: no Unicode characters, and no colour in printed art (the interactive program keeps its colours; NO_COLOR=1 turns them off).")
    var ascii = false
}

extension Preset: ExpressibleByArgument {}
extension OptimizerKind: ExpressibleByArgument {}
extension Schedule: ExpressibleByArgument {}
extension InputStyle: ExpressibleByArgument {}
