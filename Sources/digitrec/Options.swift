import ArgumentParser
import DigitApp

/// `--model`, shared by every command that uses a model.
struct ModelOption: ParsableArguments {
    @Option(help: ArgumentHelp("Model file (default: \(ModelStore.defaultModel)).", valueName: "path"))
    var model: String?

    var path: String { model ?? ModelStore.defaultModel }
}

/// `--data`, shared by every command that reads a dataset.
struct DataOption: ParsableArguments {
    @Option(help: ArgumentHelp("Data folder: MNIST, another IDX dataset (any file names), or class folders of images "
                               + "(DIR/train/<class>/, DIR/test/<class>/, or DIR/<class>/) "
                               + "(default: $DIGITREC_DATA, ./data/mnist, ~/.cache/digitrec/mnist).", valueName: "dir"))
    var data: String?
}

/// `--ascii`, shared by everything that draws.
struct AsciiOption: ParsableArguments {
    @Flag(help: "Draw with ASCII only: no Unicode block characters, no colour.")
    var ascii = false
}

extension Preset: ExpressibleByArgument {}
extension OptimizerKind: ExpressibleByArgument {}
extension Schedule: ExpressibleByArgument {}
extension InputStyle: ExpressibleByArgument {}
