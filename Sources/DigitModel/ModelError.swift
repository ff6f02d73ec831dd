import Support

/// Everything that can go wrong building, training, saving or loading a model.
public enum ModelError: Error, CustomStringConvertible {
    case badArchitecture(String)
    case badTrainingConfig(String)
    case cannotRead(file: String, reason: String)
    case cannotWrite(file: String, reason: String)
    case notSafetensors(file: String, reason: String)
    case headerTooLarge(file: String, bytes: UInt64, limit: Int)
    case badHeader(file: String, reason: String)
    case missingTensor(file: String, tensor: String)
    case shapeMismatch(file: String, tensor: String, expected: [Int], found: [Int])
    case badOffsets(file: String, tensor: String, reason: String)
    case nonFinite(file: String, tensor: String, index: Int)
    case checksumMismatch(file: String)
    case unsupportedFormat(file: String, format: String)
    case noData(String)
    /// Opening, reading or writing the file itself failed (the message names the file).
    case file(SupportError)
    /// `file` is nil when the architecture did not come from a file (see `inFile`).
    case tooManyParameters(file: String?, count: Int, limit: Int)
    case tooMuchMemory(file: String?, bytes: Int, batch: Int, limit: Int)
    case sizeMismatch(file: String, declared: Int, present: Int)
    case badNormalization(file: String, reason: String)
    case outputsNotFinite(file: String)
    /// Two models whose weights cannot be averaged (`WeightAverage`).
    case notAverageable(first: String, second: String, reason: String)

    public var description: String {
        switch self {
        case let .badArchitecture(r): return "invalid architecture: \(r)"
        case let .badTrainingConfig(r): return "invalid training settings: \(r)"
        case let .cannotRead(f, r): return "\(Path.display(f)): cannot read model file (\(r))"
        case let .cannotWrite(f, r): return "\(Path.display(f)): cannot save model (\(r))"
        case let .notSafetensors(f, r): return "\(Path.display(f)): not a safetensors model file (\(r))"
        case let .headerTooLarge(f, b, l): return "\(Path.display(f)): header claims \(b) bytes (limit \(l)) — damaged or not a model file"
        case let .badHeader(f, r): return "\(Path.display(f)): damaged model header (\(r))"
        case let .missingTensor(f, t): return "\(Path.display(f)): tensor \(t) is missing — the file does not match its architecture"
        case let .shapeMismatch(f, t, e, g): return "\(Path.display(f)): tensor \(t) has shape \(g), the architecture needs \(e)"
        case let .badOffsets(f, t, r): return "\(Path.display(f)): tensor \(t) has bad data offsets (\(r)) — file damaged or truncated"
        case let .nonFinite(f, t, i): return "\(Path.display(f)): tensor \(t) holds NaN or infinity at index \(i) — the model is damaged"
        case let .checksumMismatch(f): return "\(Path.display(f)): checksum mismatch — the file was damaged after it was saved"
        case let .unsupportedFormat(f, fmt): return "\(Path.display(f)): unsupported model format '\(fmt)' (this digitrec reads digitrec/1)"
        case let .noData(r): return "no data: \(r)"
        case let .file(e): return e.description
        case let .tooManyParameters(f, n, l):
            return "\(Self.prefix(f))the architecture has \(Format.grouped(n)) parameters; the limit is \(Format.grouped(l))"
        case let .tooMuchMemory(f, b, n, l):
            return "\(Self.prefix(f))the architecture needs \(Self.gigabytes(b)) of activations per batch of \(n); the limit is \(Self.gigabytes(l))"
        case let .sizeMismatch(f, d, p):
            return "\(Path.display(f)): the architecture declares \(Format.grouped(d / 4)) parameters (\(Format.grouped(d)) bytes) but the file holds "
                + "\(Format.grouped(p)) bytes of tensor data — damaged, truncated or not matching its architecture"
        case let .badNormalization(f, r): return "\(Path.display(f)): unusable normalization (\(r))"
        case let .outputsNotFinite(f): return "\(Path.display(f)): outputs can be infinite or NaN for some images (weights too large?)"
        case let .notAverageable(a, b, r): return "cannot average \(a) and \(b): \(r)"
        }
    }

    /// The error with `file` filled in where the architecture's own checks could not know it.
    func inFile(_ file: String) -> ModelError {
        switch self {
        case let .tooManyParameters(nil, n, l): return .tooManyParameters(file: file, count: n, limit: l)
        case let .tooMuchMemory(nil, b, n, l): return .tooMuchMemory(file: file, bytes: b, batch: n, limit: l)
        case .badArchitecture: return .badHeader(file: file, reason: "\(self)")
        default: return self
        }
    }

    private static func prefix(_ file: String?) -> String { file.map { "\($0): " } ?? "" }

    /// Memory sizes in the limits' unit: 3_329_490_944 → "3.1 GB" (binary gigabytes).
    static func gigabytes(_ n: Int) -> String { Format.fixed(Double(n) / Double(1 << 30), 1) + " GB" }
}
