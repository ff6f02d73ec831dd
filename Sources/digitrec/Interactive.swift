import ArgumentParser
import DigitUI
import Glibc

/// The interactive program, the default subcommand: `digitrec [--model M] [--digits DIR] …`.
struct Interactive: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interactive",
        abstract: "Start the interactive program (the default when no subcommand is given; needs a terminal).",
        discussion: """
            Examples:
              digitrec
              digitrec --model saved_models/mlp.safetensors --digits digits/
            """)

    @OptionGroup var modelOption: ModelOption
    @Option(help: ArgumentHelp("Folder of images for the gallery.", valueName: "dir")) var digits: String = "digits"
    @OptionGroup var dataOption: DataOption
    @OptionGroup var asciiOption: AsciiOption

    func run() throws {
        guard isatty(0) == 1, isatty(1) == 1 else {
            Console.error("digitrec: the interactive program needs a terminal; see `digitrec --help` for the subcommands (train, eval, predict, download).")
            throw ExitCode(2)
        }
        // --model given: open the gallery with it, skipping the start menu.
        let status = App.run(AppOptions(model: modelOption.model, digits: digits, ascii: asciiOption.ascii, data: dataOption.data))
        if status != 0 { throw ExitCode(status) }
    }
}
