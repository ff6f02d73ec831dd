import ArgumentParser

/// The command tree. The root has no options of its own: `digitrec --model M` is the
/// interactive program's option, because the interactive program is the default subcommand.
struct Digitrec: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digitrec",
        abstract: "Handwritten Digit Recognizer v2.0 — recognise digits in PNG and JPEG images, train and evaluate models.",
        discussion: """
            Without a subcommand, starts the interactive program (needs a terminal).

            Examples:
              digitrec                              # load a model or train one
              digitrec --digits ~/my-digits         # your own images, in the gallery
              digitrec predict digits/7_thin_canvas.png  # the number in an image
              digitrec predict --json digits/       # one JSON line per image
              digitrec train --arch cnn --epochs 3  # train on MNIST (--data DIR)
              digitrec eval --json                  # accuracy, confusion matrix
              digitrec download --data ~/mnist      # fetch MNIST
            """,
        version: "2.0",
        subcommands: [Interactive.self, Train.self, Eval.self, Predict.self, Dataset.self, Compare.self, FineTune.self, Average.self, Export.self, Download.self],
        defaultSubcommand: Interactive.self)

    /// Every command's name but the interactive program's (the default): what messages list.
    static let commandNames = configuration.subcommands.compactMap { $0.configuration.commandName }.filter { $0 != "interactive" }
}
