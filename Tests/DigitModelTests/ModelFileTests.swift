import Foundation
import Testing
import TestSupport
@testable import DigitModel

@Suite struct ModelFileTests {
    @Test(arguments: Preset.allCases)
    func presetRoundTripsThroughAFile(_ preset: Preset) throws {
        let net = try Network(layers: preset.layers, seed: 42, threads: 1)
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("\(preset).safetensors")
        try ModelFile.save(net, metadata: ["name": "t", "test_accuracy": "0.5"], to: path)
        let loaded = try ModelFile.load(path, threads: 1)
        #expect(loaded.network.specs == preset.layers)
        #expect(loaded.network.tensors.map(\.values) == net.tensors.map(\.values))
        #expect(loaded.metadata["format"] == "digitrec/1")
        #expect(loaded.metadata["test_accuracy"] == "0.5")
        // Same predictions from the loaded network.
        var rng = SplitMix64(seed: 1)
        let pixels = (0..<(2 * 784)).map { _ in rng.nextFloat() }
        #expect(loaded.network.probabilities(pixels: pixels) == net.probabilities(pixels: pixels))
    }

    /// The published safetensors layout: u64 LE header length, JSON header with dtype,
    /// shape and data_offsets per tensor, string metadata, data 8-byte aligned and contiguous.
    @Test func byteLayoutFollowsTheSafetensorsFormat() throws {
        let net = try Network(layers: Preset.mlp.layers, seed: 1, threads: 1)
        let bytes = ModelFile.encode(net, metadata: [:])
        let n = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect((8 + n) % 8 == 0, "data starts 8-byte aligned")
        let header = try #require(try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + n)])) as? [String: Any])
        let meta = try #require(header["__metadata__"] as? [String: Any])
        #expect(meta.values.allSatisfy { $0 is String })
        for key in ["format", "architecture", "normalization", "dataset", "created", "checksum"] {
            #expect(meta[key] != nil, "metadata has \(key)")
        }
        var spans: [(Int, Int)] = []
        for (name, value) in header where name != "__metadata__" {
            let t = try #require(value as? [String: Any], "\(name)")
            #expect(Set(t.keys) == ["dtype", "shape", "data_offsets"])
            #expect(t["dtype"] as? String == "F32")
            let shape = try #require(t["shape"] as? [Int], "\(name)")
            let offs = try #require(t["data_offsets"] as? [Int], "\(name)")
            try #require(offs.count == 2, "\(name): [begin, end]")
            #expect(offs[1] - offs[0] == shape.reduce(1, *) * 4)
            spans.append((offs[0], offs[1]))
        }
        #expect(spans.count == net.tensors.count)
        spans.sort { $0.0 < $1.0 }
        #expect(spans.first?.0 == 0)
        #expect(zip(spans, spans.dropFirst()).allSatisfy { $0.1 == $1.0 }, "contiguous")
        #expect(spans.last?.1 == bytes.count - 8 - n, "the data ends the file")
        #expect(net.parameterCount == 784 * 128 + 128 + 128 * 128 + 128 + 128 * 10 + 10)
    }

    @Test func everyTruncationIsRefused() throws {
        let net = try Network(layers: [.flatten, .dense(units: 10)], seed: 1, threads: 1)
        let bytes = ModelFile.encode(net, metadata: [:])
        for length in stride(from: 0, to: bytes.count, by: 1) {
            #expect(throws: ModelError.self) { try ModelFile.decode(Array(bytes[0..<length]), file: "m", threads: 1) }
        }
    }

    @Test func byteFlipsAreRefused() throws {
        let net = try Network(layers: [.flatten, .dense(units: 10)], seed: 1, threads: 1)
        let bytes = ModelFile.encode(net, metadata: ["name": "x"])
        var rng = SplitMix64(seed: 9)
        var positions = Array(0..<min(bytes.count, 2048))
        for _ in 0..<1500 { positions.append(Int(rng.next() % UInt64(bytes.count))) }
        for i in positions {
            var damaged = bytes
            damaged[i] ^= UInt8(1 << (rng.next() % 8))
            #expect(throws: ModelError.self, "flip at \(i)") { try ModelFile.decode(damaged, file: "m", threads: 1) }
        }
    }

    @Test func nanWeightIsRefusedEvenWithAValidChecksum() throws {
        let net = try Network(layers: [.flatten, .dense(units: 10)], seed: 1, threads: 1)
        net.params[0].value.pointer[5] = .nan
        let bytes = ModelFile.encode(net, metadata: [:])
        #expect(throws: ModelError.self) { try ModelFile.decode(bytes, file: "m", threads: 1) }
    }

    /// The checksum is computed beside reading the tensors (`concurrently`), yet a damaged file
    /// is still reported as damaged rather than by whatever the damage did to a tensor.
    @Test func aChecksumMismatchIsReportedBeforeWhatTheDamageDid() throws {
        let net = try Network(layers: [.flatten, .dense(units: 10)], seed: 1, threads: 1)
        var bytes = ModelFile.encode(net, metadata: [:])
        // The first weight's four bytes become a NaN: the tensor check alone would say "not finite".
        let headerLength = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        bytes.replaceSubrange((8 + headerLength)..<(12 + headerLength), with: [0x00, 0x00, 0xC0, 0x7F])
        let error = try #require(throws: ModelError.self) { try ModelFile.decode(bytes, file: "m", threads: 1) }
        guard case .checksumMismatch(file: "m") = error else { Issue.record("\(error)"); return }
    }

    @Test func hugeHeaderLengthIsRefusedBeforeReading() throws {
        var bytes = [UInt8](repeating: 0, count: 64)
        bytes[0..<8] = [0, 0, 0, 0, 0, 1, 0, 0][...]
        let error = try #require(throws: ModelError.self) { try ModelFile.decode(bytes, file: "big.safetensors", threads: 1) }
        guard case let .headerTooLarge(file, claimed, _) = error else { Issue.record("\(error)"); return }
        #expect(file == "big.safetensors")
        #expect(claimed == 1 << 40)
        #expect("\(error)".hasPrefix("big.safetensors: header claims 1099511627776 bytes (limit "), "\(error)")
    }

    /// Walkthrough: a PNG given as --model was "header claims 727905341920923785 bytes".
    @Test func filesOfOtherKindsAreNamed() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + [UInt8](repeating: 0, count: 40)
        let cases: [([UInt8], String)] = [(png, "a PNG image"), ([0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46, 0x49, 0x46], "a JPEG image"),
                                          ([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3] + [UInt8](repeating: 0, count: 600_000), "gzip data"),
                                          (Array("PK".utf8) + [3, 4, 20, 0, 0, 0, 8, 0], "a ZIP archive"),
                                          ([0x89] + Array("HDF\r\n".utf8) + [0x1A, 0x0A, 0], "an HDF5 file"),
                                          // Walkthrough, session 28: our own ONNX export, and a text file.
                                          ([0x08, 0x07, 0x12, 0x08] + Array("digitrec".utf8), "an ONNX model"),
                                          (Array("hello world, a note\n".utf8), "text")]
        for (bytes, kind) in cases {
            let error = try #require(throws: ModelError.self) { try ModelFile.decode(bytes, file: "x", threads: 1) }
            #expect("\(error)".hasPrefix("x: not a safetensors model file (it is \(kind)"), "\(error)")
        }
        // A model's header length is a multiple of 8, so its first byte is never the odd 1F, 89 or
        // FF; a file from another writer whose length happens to start like one is still read as
        // a model when byte 8 opens its JSON.
        let net = try Network(layers: [.flatten, .dense(units: 10)], seed: 1, threads: 1)
        for pad in 0..<9 { #expect(ModelFile.encode(net, metadata: ["pad": String(repeating: "x", count: pad)])[0] % 8 == 0) }
        var bytes = ModelFile.encode(net, metadata: [:])
        let length = Int(bytes[0]) | Int(bytes[1]) << 8
        bytes.insert(contentsOf: [UInt8](repeating: 0x20, count: 0x8B1F - length), at: bytes.count - net.parameterCount * 4)
        bytes[0] = 0x1F; bytes[1] = 0x8B
        #expect(throws: ModelError.self) { try ModelFile.decode(bytes, file: "m", threads: 1) }
        let error = try #require(throws: ModelError.self) { try ModelFile.decode(bytes, file: "m", threads: 1) }
        #expect(!"\(error)".contains("gzip"), "read as a model's header (then refused for its checksum): \(error)")
    }

    @Test func saveReplacesAtomically() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let a = try Network(layers: Preset.mlp.layers, seed: 1, threads: 1)
        let b = try Network(layers: Preset.mlp.layers, seed: 2, threads: 1)
        try ModelFile.save(a, metadata: [:], to: dir.file("m.safetensors"))
        try ModelFile.save(b, metadata: [:], to: dir.file("m.safetensors"))
        #expect(try ModelFile.load(dir.file("m.safetensors"), threads: 1).network.tensors.map(\.values) == b.tensors.map(\.values))
        #expect(try dir.names() == ["m.safetensors"])
    }
}
