import ArgumentParser
import DigitApp

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a model as ONNX, for onnxruntime and other runtimes.",
        discussion: """
            The ONNX model (opset 13) takes pixels in 0…1, shape N×1×28×28, ink bright
            on black as in MNIST (the input normalisation is inside the graph), and
            outputs the ten probabilities (N×10).

            Examples:
              digitrec export --onnx default.onnx
              digitrec export --onnx mlp.onnx --model saved_models/mlp.safetensors
              digitrec export --onnx default.onnx --replace
            """)

    @OptionGroup var modelOption: ModelOption
    @Option(help: ArgumentHelp("Where to write the ONNX model.", valueName: "path")) var onnx: String
    // Re-exporting after a fine-tune is routine (walkthrough, session 28: no way but rm first).
    @Flag(help: "Replace an ONNX model already at --onnx (any other file there is kept).") var replace = false

    func validate() throws { try refuseEmptyPaths([("--onnx", onnx)]) }

    func run() throws {
        do {
            try ModelExport.onnx(model: try modelOption.path(), to: onnx, replace: replace)
        } catch AppError.modelExists {
            // --replace only replaces an ONNX model (review: it was offered for notes.txt too).
            let replace = ModelExport.isONNX(onnx) ? ", or pass --replace to replace it" : " (it is not an ONNX model, so it is kept)"
            Console.error("digitrec export: \(Path.display(onnx)) already exists; choose another name" + replace)
            throw ExitCode(1)
        } catch {
            Console.error("digitrec export: \(error)")
            throw ExitCode(1)
        }
        Console.out("wrote \(Path.display(onnx))")
    }
}
