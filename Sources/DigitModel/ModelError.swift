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

    public var description: String {
        switch self {
        case let .badArchitecture(r): return "invalid architecture: \(r)"
        case let .badTrainingConfig(r): return "invalid training settings: \(r)"
        case let .cannotRead(f, r): return "\(f): cannot read model file (\(r))"
        case let .cannotWrite(f, r): return "\(f): cannot save model (\(r))"
        case let .notSafetensors(f, r): return "\(f): not a safetensors model file (\(r))"
        case let .headerTooLarge(f, b, l): return "\(f): header claims \(b) bytes (limit \(l)) — damaged or not a model file"
        case let .badHeader(f, r): return "\(f): damaged model header (\(r))"
        case let .missingTensor(f, t): return "\(f): tensor \(t) is missing — the file does not match its architecture"
        case let .shapeMismatch(f, t, e, g): return "\(f): tensor \(t) has shape \(g), the architecture needs \(e)"
        case let .badOffsets(f, t, r): return "\(f): tensor \(t) has bad data offsets (\(r)) — file damaged or truncated"
        case let .nonFinite(f, t, i): return "\(f): tensor \(t) holds NaN or infinity at index \(i) — the model is damaged"
        case let .checksumMismatch(f): return "\(f): checksum mismatch — the file was damaged after it was saved"
        case let .unsupportedFormat(f, fmt): return "\(f): unsupported model format '\(fmt)' (this digitrec reads digitrec/1)"
        case let .noData(r): return "no data: \(r)"
        case let .file(e): return e.description
        }
    }
}
