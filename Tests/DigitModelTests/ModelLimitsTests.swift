import Foundation
import Testing
import TestSupport
@testable import DigitModel

/// A model file must never make the program allocate gigabytes before it is refused: sizes
/// and memory are checked from the declared architecture before anything is built.
@Suite(.serialized) struct ModelLimitsTests {
    typealias F = ModelFileFixtures

    /// 784 → 65,536 → 4,096 → 10 declares 320 M parameters (1.3 GB); the file holds 760 bytes.
    static let hugeDense: [LayerSpec] = [.flatten, .dense(units: 65536), .relu, .dense(units: 4096), .relu, .dense(units: 10)]

    @Test(.enabled(if: F.peakIsMeasurable)) func hugeDenseWith760BytesIsRefusedBeforeAllocation() {
        let bytes = F.file(layers: Self.hugeDense, data: [UInt8](repeating: 0, count: 760))
        var error: ModelError?
        let growth = F.peakGrowth {
            do { _ = try ModelFile.decode(bytes, file: "huge.safetensors", threads: 2) } catch let e as ModelError { error = e } catch {}
        }
        guard case let .tooManyParameters(file, count, limit)? = error else {
            Issue.record("expected tooManyParameters, got \(String(describing: error))")
            return
        }
        #expect(file == "huge.safetensors" && count == 784 * 65536 + 65536 + 65536 * 4096 + 4096 + 4096 * 10 + 10)
        #expect(limit == ModelLimits.maxParameters)
        #expect("\(error!)".contains("huge.safetensors: the architecture has 319,926,282 parameters")
                && "\(error!)".contains("the limit is 50,000,000"))
        #expect(growth < 100 << 20, "peak memory grew by \(growth >> 20) MB")
    }

    /// Within the parameter limit, but the data does not match what the architecture declares.
    @Test func declaredSizeMustEqualTheBytesPresent() throws {
        let layers: [LayerSpec] = [.flatten, .dense(units: 4096), .relu, .dense(units: 10)]  // 3.3 M parameters
        let bytes = F.file(layers: layers, data: [UInt8](repeating: 0, count: 760))
        #expect {
            try ModelFile.decode(bytes, file: "m.safetensors", threads: 1)
        } throws: { error in
            guard case let .sizeMismatch(_, declared, present)? = error as? ModelError else { return false }
            return declared == (784 * 4096 + 4096 + 4096 * 10 + 10) * 4 && present == 760
        }
    }

    /// A 1,024-filter 3×3 convolution over 28×28 (few parameters) needs 3.2 MB per image per
    /// buffer: more than 1 GB for an inference batch of 512, whatever the thread count.
    @Test(arguments: [1, 2, 8]) func wideConvolutionIsRefusedNamingTheLimit(threads: Int) {
        let layers: [LayerSpec] = [.conv2d(filters: 1024, kernel: 3, padding: .same), .relu, .maxPool2d(size: 4),
                                   .maxPool2d(size: 4), .flatten, .dense(units: 10)]
        let floats = F.declaredTensors(layers).reduce(0) { $0 + $1.shape.reduce(1, *) }
        let bytes = F.file(layers: layers, data: [UInt8](repeating: 0, count: floats * 4))
        do {
            _ = try ModelFile.decode(bytes, file: "wide.safetensors", threads: threads)
            Issue.record("accepted")
        } catch {
            guard case let .tooMuchMemory(file, needed, batch, limit)? = error as? ModelError else {
                Issue.record("expected tooMuchMemory, got \(error)")
                return
            }
            #expect(file == "wide.safetensors" && batch == Network.inferenceBatch && limit == ModelLimits.maxInferenceBytes)
            #expect(needed > limit)
            #expect("\(error)".hasPrefix("wide.safetensors: the architecture needs ")
                    && "\(error)".hasSuffix("of activations per batch of 512; the limit is 1.0 GB"))
        }
    }

    /// 30 ReLU layers after a 32-filter convolution: each used to hold its own batch-sized output
    /// (1.5 GB for `digitrec eval`); with inference's two shared buffers it loads and runs well
    /// within the limit, giving what the unfused layers compute.
    @Test(.enabled(if: F.peakIsMeasurable)) func thirtyReLULayersRunWithinTheCap() throws {
        let layers: [LayerSpec] = [.conv2d(filters: 32, kernel: 3, padding: .same)] + Array(repeating: .relu, count: 30)
            + [.flatten, .dense(units: 10)]
        let plan = try ExecutionPlan(layers)
        let estimate = plan.activationBytes(batch: Network.inferenceBatch, threads: 2, training: false)
        #expect(estimate < 200 << 20, "\(estimate >> 20) MB")
        let net = try Network(layers: layers, seed: 4, threads: 2)
        let loaded = try ModelFile.decode(ModelFile.encode(net, metadata: [:]), file: "relu30", threads: 2).network
        var rng = SplitMix64(seed: 2)
        let pixels = (0..<(600 * 784)).map { _ in rng.nextFloat() }
        var probabilities: [Float] = []
        let growth = F.peakGrowth { probabilities = loaded.probabilities(pixels: pixels) }
        // (Slack for the allocator and OpenBLAS's own buffers; one batch-sized buffer per layer
        // per thread, as before, would be 30 × 25 MB × 2 threads more.)
        #expect(growth < estimate + 64 << 20, "peak grew \(growth >> 20) MB, the plan said \(estimate >> 20) MB")
        #expect(probabilities == net.probabilities(pixels: pixels))
        // The same network with the ReLUs written as one: ReLU is idempotent. Same images, same
        // batches: OpenBLAS's SKYLAKEX kernels (AVX-512 CPUs) round a 3-row product differently
        // from a 512-row one, so a 3-image prefix matched only on AVX2 CPUs.
        let one = try Network(layers: [layers[0], .relu, .flatten, .dense(units: 10)], threads: 2)
        for (a, b) in zip(one.params, net.params) { a.value.pointer.update(from: b.value.pointer, count: a.count) }
        #expect(one.probabilities(pixels: pixels) == probabilities)
    }

    @Test func trainingMemoryIsCheckedBeforeBuilding() throws {
        try Network.checkTrainingMemory(layers: Preset.deep.layers, batchSize: 128, threads: 2)
        #expect(throws: ModelError.self) {
            try Network.checkTrainingMemory(layers: Preset.deep.layers, batchSize: 1 << 20, threads: 2)
        }
        #expect(throws: ModelError.self) {
            try Network.checkTrainingMemory(layers: Self.hugeDense, batchSize: 1, threads: 1)
        }
    }

    /// The header reader gives what `load` would, from the header alone, and checks the data's
    /// size against the file's without reading it.
    @Test func headerReaderMatchesTheLoadedModel() throws {
        let net = try Network(layers: Preset.small.layers, seed: 1, threads: 1)
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("header.safetensors")
        try ModelFile.save(net, metadata: ["name": "h"], to: path)
        let header = try ModelFile.readHeader(path)
        #expect(header.layers == Preset.small.layers)
        #expect(header.parameterCount == net.parameterCount)
        #expect(header.metadata["name"] == "h" && header.metadata["format"] == ModelFile.format)
        #expect(header.dataBytes == net.tensors.reduce(0) { $0 + $1.values.count * 4 })

        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(bytes.count - 4).write(to: URL(fileURLWithPath: path))
        #expect { try ModelFile.readHeader(path) } throws: { error in
            guard case .sizeMismatch? = error as? ModelError else { return false }
            return true
        }
        try Data(F.file(layers: Self.hugeDense, data: [UInt8](repeating: 0, count: 760))).write(to: URL(fileURLWithPath: path))
        #expect { try ModelFile.readHeader(path) } throws: { error in
            guard case .tooManyParameters? = error as? ModelError else { return false }
            return true
        }
        #expect(throws: ModelError.self) { try ModelFile.readHeader(path + ".missing") }
    }
}
