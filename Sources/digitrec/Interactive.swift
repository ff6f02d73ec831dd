import ArgumentParser
import DigitApp
import DigitUI
import Glibc
import Support

/// The interactive program, the default subcommand: `digitrec [--model M] [--digits DIR] …`.
struct Interactive: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interactive",
        abstract: "Start the interactive program (the default when no subcommand is given; needs a terminal).",
        discussion: """
            Examples:
              digitrec
              digitrec --digits ~/my-digits      # your images, read with the shipped model
              digitrec --model saved_models/mlp.safetensors --digits digits/
            """)

    @OptionGroup var modelOption: ModelOption
    @Option(help: ArgumentHelp("Folder of images for the gallery (default: digits); an image's path opens its folder at it.", valueName: "dir")) var digits: String?
    @OptionGroup var dataOption: DataOption
    @OptionGroup var asciiOption: AsciiOption

    /// A folder named on the command line must exist (the default one may be created later);
    /// an image's path opens its folder at it, as `o` does.
    func validate() throws {
        try refuseEmptyPaths([("--digits", digits)])
        if let digits, !Path.isFolder(ImageFolder.galleryTarget(digits).folder) {
            throw ValidationError("--digits \(Path.display(digits)): \(ImageFolder.galleryRefusal(digits))")
        }
    }

    func run() throws {
        guard isatty(0) == 1, isatty(1) == 1 else {
            Console.error("digitrec: the interactive program needs a terminal; see `digitrec --help` for the subcommands (\(Digitrec.commandNames.joined(separator: ", "))).")
            throw ExitCode(2)
        }
        // --model given: open the gallery with it, skipping the start menu. --digits alone: the
        // user brought images to read, so the gallery opens with the shipped model (the start
        // menu is one key away, Esc); neither: the start menu, to load or train.
        let model = modelOption.model.map(ModelStore.resolve) ?? (digits != nil ? ModelStore.defaultModelPath : nil)
        let target: (folder: String, focus: String?) = digits.map(ImageFolder.galleryTarget) ?? (InstallFolder.resolve("digits"), nil)
        let status = App.run(AppOptions(model: model, digits: target.folder, ascii: asciiOption.ascii, data: dataOption.data, focus: target.focus))
        if status != 0 { throw ExitCode(status) }
    }
}
