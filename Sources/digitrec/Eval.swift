import ArgumentParser
import DigitModel
import MNIST

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digitrec eval",
        abstract: "Evaluate a model on the 10,000 MNIST test images.",
        discussion: """
            Examples:
              digitrec eval
              digitrec eval --model saved_models/mlp.safetensors --json
            """)

    @Option(help: "Model file.") var model: String = Paths.defaultModel
    @Option(help: "MNIST folder (default: $DIGITREC_DATA, ./data/mnist, ~/.cache/digitrec/mnist).") var data: String?
    @Flag(help: "Print one JSON object: accuracy, confusion, per_class, seconds.") var json = false

    func run() throws {
        let loaded: ModelFile.Loaded
        let test: MNISTDataset
        do {
            loaded = try ModelFile.load(model)
            let folder = try Paths.dataFolder(data)
            let (t, report) = try MNIST.load(.test, from: folder)
            for f in report.unofficialFiles { Console.error("warning: \(f) differs from the official MNIST file (SHA-256 mismatch)") }
            test = t
        } catch {
            Console.error("digitrec eval: \(error)")
            throw ExitCode(1)
        }
        let start = now()
        let (loss, m, cal) = Trainer.evaluateWithCalibration(loaded.network, on: test)
        let seconds = now() - start
        if json {
            let confusion = "[" + m.confusion.map { "[" + $0.map(String.init).joined(separator: ",") + "]" }.joined(separator: ",") + "]"
            let perClass = "[" + (0..<10).map { #"{"precision":\#(m.precision($0)),"recall":\#(m.recall($0))}"# }.joined(separator: ",") + "]"
            Console.out(#"{"accuracy":\#(m.accuracy),"loss":\#(loss),"confusion":\#(confusion),"per_class":\#(perClass),"mean_confidence":\#(cal.meanConfidence),"ece":\#(cal.expectedCalibrationError),"seconds":\#(seconds)}"#)
        } else {
            Console.out("model     \(model)")
            Console.out("accuracy  \(ProgressText.fixed(m.accuracy * 100, 2))% (\(m.correct)/\(m.total)), loss \(ProgressText.fixed(loss, 4)), \(ProgressText.fixed(seconds, 2)) s")
            Console.out("calibration: mean confidence \(ProgressText.fixed(cal.meanConfidence * 100, 2))%, expected calibration error \(ProgressText.fixed(cal.expectedCalibrationError * 100, 2)) points")
            Console.out("")
            Console.out(ConfusionText.table(m))
        }
    }
}

enum ConfusionText {
    /// The confusion matrix with per-class precision and recall, as plain text.
    static func table(_ m: Metrics) -> String {
        func pad(_ s: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - s.count)) + s }
        var lines = ["true\\pred" + (0..<10).map { pad(String($0), 6) }.joined() + pad("recall", 9) + pad("precision", 11)]
        for r in 0..<10 {
            lines.append(pad(String(r), 9) + m.confusion[r].map { pad(String($0), 6) }.joined()
                         + pad(ProgressText.fixed(m.recall(r) * 100, 2) + "%", 9) + pad(ProgressText.fixed(m.precision(r) * 100, 2) + "%", 11))
        }
        return lines.joined(separator: "\n")
    }
}
