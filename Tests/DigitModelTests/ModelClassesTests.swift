import Foundation
import Testing
import TestSupport
@testable import DigitModel

/// Class names kept with the model: saved in its metadata, loaded back, the digits' own for an
/// older model, refused when damaged.
@Suite struct ModelClassesTests {
    @Test func namesAndInputStyleRoundTripThroughTheFile() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let net = try Network(layers: Preset.mlp.layers, seed: 1, threads: 1)
        net.classNames = ["cat", "dog", "bird"]
        net.inputStyle = .whole
        try ModelFile.save(net, metadata: [:], to: dir.file("m.safetensors"))
        let loaded = try ModelFile.load(dir.file("m.safetensors"), threads: 1)
        #expect(loaded.network.classNames == ["cat", "dog", "bird"])
        #expect(loaded.network.inputStyle == .whole)
        // Fewer than ten names: the other outputs are masked to 0.
        let p = loaded.network.probabilities(pixels: [Float](repeating: 0.3, count: 784))
        #expect(p[3...].allSatisfy { $0 == 0 } && abs(p[0..<3].reduce(0, +) - 1) < 1e-5, "\(p)")
    }

    @Test func olderModelsAreDigitModels() throws {
        let loaded = try ModelFile.load(Env.root + "/saved_models/mlp.safetensors", threads: 1)
        #expect(loaded.metadata["classes"] == nil, "shipped before class names existed")
        #expect(loaded.network.classNames == (0..<10).map(String.init))
        #expect(loaded.network.inputStyle == .digits)
    }

    @Test(arguments: [("[1,2]", "not a list of names"), ("[]", "no class names"), ("[\"a\",\"a\"]", "repeat"),
                      ("[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\"]", "at most 10")])
    func damagedClassListsAreRefused(classes: String, words: String) throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let net = try Network(layers: Preset.mlp.layers, seed: 1, threads: 1)
        try ModelFile.save(net, metadata: ["classes": classes], to: dir.file("m.safetensors"))
        do {
            _ = try ModelFile.load(dir.file("m.safetensors"), threads: 1)
            Issue.record("loaded a model whose classes are \(classes)")
        } catch {
            #expect("\(error)".contains(words), "\(error)")
        }
    }
}
