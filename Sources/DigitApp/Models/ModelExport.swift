import DigitModel
import Support

/// The use case "export a model for other runtimes": ONNX, written atomically.
public enum ModelExport {
    /// Refuses an existing file, a FIFO, a device or a folder as the target, and the model itself.
    /// Writes `model` as ONNX to `path`; a file already there is kept unless `replace` (and then
    /// only an ONNX model is replaced, atomically).
    public static func onnx(model: String, to path: String, replace: Bool = false) throws {
        guard Path.realPath(path) != Path.realPath(model) else {
            throw AppError.badOption("--onnx names the model being exported; choose another file")
        }
        // The model is read and encoded first, so a refused model leaves no new folder behind.
        let loaded = try ModelFile.load(model, threads: 1)
        let bytes = try ONNXExport.encode(loaded.network)
        try ModelStore.checkTarget(path, overwrite: replace ? .replaceONNX : .refuse)
        if replace {
            do { try AtomicFile.write(bytes, to: path) } catch { throw AppError.file(error) }
            return
        }
        let created: Bool
        do { created = try AtomicFile.create(bytes, at: path) } catch { throw AppError.file(error) }
        guard created else { throw AppError.modelExists(path: path) }
    }

    /// Whether the file at `path` is an ONNX model (what `--replace` may replace).
    public static func isONNX(_ path: String) -> Bool { ModelFile.isONNX(path) }

    /// The probabilities digitrec computes for every MNIST test image (10,000 × 10 floats), for
    /// checking an exported model against the original.
    public static func testProbabilities(model: String, dataFolder: String?) throws -> [Float] {
        let network = try ModelFile.load(model).network
        let test = try MNISTData.load(dataFolder, withTraining: false).test
        return Trainer.probabilities(network, on: test)
    }
}
