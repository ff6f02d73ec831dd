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
            """)

    @OptionGroup var modelOption: ModelOption
    @Option(help: ArgumentHelp("Where to write the ONNX model.", valueName: "path")) var onnx: String

    func validate() throws { try refuseEmptyPaths([("--onnx", onnx)]) }

    func run() throws {
        do {
            try ModelExport.onnx(model: try modelOption.path(), to: onnx)
        } catch {
            Console.error("digitrec export: \(error)")
            throw ExitCode(1)
        }
        Console.out("wrote \(Path.display(onnx))")
    }
}
