import Foundation
import Testing
@testable import DigitModel

/// Every number in a model file must be usable as a Float: normalisation constants that are
/// fine as Double but 0, subnormal or infinite as Float, and weights so large that the outputs
/// overflow, are refused with an error naming the file.
@Suite struct ModelFileNumbersTests {
    typealias F = ModelFileFixtures
    static let small: [LayerSpec] = [.flatten, .dense(units: 10)]

    /// The small network's file with `normalization` as its metadata entry.
    static func file(normalization: String) throws -> [UInt8] {
        ModelFile.encode(try Network(layers: small, seed: 1, threads: 1), metadata: ["normalization": normalization])
    }

    @Test(arguments: [
        #"{"mean":0.1307,"std":1e-50}"#,    // 0 as a Float
        #"{"mean":0.1307,"std":1e-40}"#,    // subnormal as a Float
        #"{"mean":0.1307,"std":1e300}"#,    // infinite as a Float
        #"{"mean":1e300,"std":0.3081}"#,
        #"{"mean":0.1307,"std":-0.3}"#,
        #"{"mean":1e30,"std":1e-30}"#,      // each fine, but mean / std overflows
        #"{"mean":0.1307}"#,
        #"{"mean":"0.1","std":0.3}"#,
        "not json",
    ])
    func unusableNormalizationIsRefused(_ normalization: String) throws {
        let bytes = try Self.file(normalization: normalization)
        #expect {
            try ModelFile.decode(bytes, file: "norm.safetensors", threads: 1)
        } throws: { error in
            guard case .badNormalization(let file, _)? = error as? ModelError else { return false }
            return file == "norm.safetensors" && "\(error)".hasPrefix("norm.safetensors: unusable normalization")
        }
    }

    @Test func ordinaryNormalizationIsKept() throws {
        let loaded = try ModelFile.decode(try Self.file(normalization: #"{"mean":0.5,"std":0.25}"#), file: "m", threads: 1)
        #expect(loaded.network.mean == 0.5 && loaded.network.std == 0.25)
    }

    /// Finite weights near Float.max: every sum overflows, so the probabilities are NaN.
    @Test(arguments: [Float.greatestFiniteMagnitude, 1e30]) func hugeWeightsAreRefused(_ value: Float) throws {
        let net = try Network(layers: Preset.mlp.layers, seed: 1, threads: 1)
        for p in net.params { p.value.pointer.update(repeating: value, count: p.count) }
        #expect {
            try ModelFile.decode(ModelFile.encode(net, metadata: [:]), file: "big.safetensors", threads: 1)
        } throws: { error in
            guard case .outputsNotFinite? = error as? ModelError else { return false }
            return "\(error)" == "big.safetensors: outputs can be infinite or NaN for some images (weights too large?)"
        }
    }

    @Test func infiniteWeightIsRefused() throws {
        let net = try Network(layers: Self.small, seed: 1, threads: 1)
        net.params[0].value.pointer[3] = .infinity
        #expect(throws: ModelError.self) { try ModelFile.decode(ModelFile.encode(net, metadata: [:]), file: "m", threads: 1) }
    }

    /// The model fuzzer's seeds (Tests/Fuzz/seeds-model) are hostile files: each must be
    /// refused with a ModelError, even without its checksum checked.
    @Test func fuzzSeedsAreRefused() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: F.seedFolder).filter { $0.hasSuffix(".safetensors") }
        #expect(names.count >= 6)
        for name in names {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: F.seedFolder + "/" + name)))
            for verify in [true, false] {
                #expect(throws: ModelError.self, "\(name)") {
                    try ModelFile.decode(bytes, file: name, threads: 1, verifyChecksum: verify)
                }
            }
        }
    }
}
