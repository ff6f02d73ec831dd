import CKernels
import Testing
@testable import DigitModel

/// Training's first two layers run per chunk of images (`FirstLayersInChunks`): the bits of the
/// layers run one after the other, on the fp32 and the bf16 path, and only where they apply.
@Suite struct FirstLayersInChunksTests {
    static let bf16 = CPU.features & Int(DIGITREC_CPU_AVX512_BF16) != 0

    struct Case: CustomTestStringConvertible, Sendable {
        let layers: [LayerSpec], n: Int, threads: Int, bf16: Bool
        var testDescription: String { "\(layers.count) layers, n \(n), \(threads) threads\(bf16 ? ", bf16" : "")" }
    }

    /// A direct 8-filter layer and a pooled Winograd layer: 26×26 → 6×6 tiles, chunks of 2 images.
    static let small: [LayerSpec] = [.conv2d(filters: 8, kernel: 3, padding: .valid), .relu,
                                     .conv2d(filters: 16, kernel: 3, padding: .valid), .relu, .maxPool2d(size: 2),
                                     .flatten, .dense(units: 10)]

    /// Odd counts leave a last chunk of one image; 1 image is less than a chunk; two threads split
    /// the batch into odd shares. The `cnn` preset itself (dropout after the pooled layer).
    static let cases: [Case] = [false, true].filter { !$0 || bf16 }.flatMap { b in
        [Case(layers: small, n: 1, threads: 1, bf16: b), Case(layers: small, n: 5, threads: 1, bf16: b),
         Case(layers: small, n: 6, threads: 2, bf16: b), Case(layers: small, n: 7, threads: 2, bf16: b),
         Case(layers: Preset.cnn.layers, n: 5, threads: 2, bf16: b)]
    }

    /// Two training steps (the weights moved between them, as an optimizer step would move them)
    /// give the same loss and gradients bit for bit with the chunks as without, and the chunks ran.
    @Test(arguments: cases)
    func chunksGiveTheBitsOfLayerByLayer(_ t: Case) throws {
        let nets = try (0..<2).map { _ in try Network(layers: t.layers, seed: 9, threads: t.threads) }
        for (i, net) in nets.enumerated() {
            for worker in net.workers {
                // The first network as training builds it: it takes the chunks by default.
                if i == 1 { worker.chunksFirstLayers = false }
                for case let conv as Conv2D in worker.layers { conv.winograd?.bf16 = t.bf16 }
            }
        }
        var rng = SplitMix64(seed: 17)
        let pixels = (0..<(t.n * 784)).map { _ in rng.nextFloat() }
        let labels = (0..<t.n).map { UInt8($0 * 7 % 10) }
        for step in 0..<2 {
            if step == 1 {
                for net in nets { for p in net.params { for j in 0..<p.count { p.value.pointer[j] *= 0.9 + Float(j % 7) * 0.03 } } }
            }
            let results = nets.map { net in
                let (loss, correct) = labels.withUnsafeBufferPointer { lab in
                    net.trainBatch(n: t.n, labels: lab.baseAddress!, seed: 3, step: step) { range, dst in
                        for (i, r) in range.enumerated() { for j in 0..<784 { dst[i * 784 + j] = pixels[r * 784 + j] } }
                    }
                }
                return (loss, correct, net.gradients.map { $0.grad.array($0.param.count).map(\.bitPattern) })
            }
            #expect(results[0].0 == results[1].0 && results[0].1 == results[1].1, "step \(step): loss")
            for (i, (a, b)) in zip(results[0].2, results[1].2).enumerated() {
                let same = a == b
                #expect(same, "step \(step): gradient of \(nets[0].params.filter(\.trainable)[i].name)")
            }
        }
        let active = min(t.threads, t.n)
        for (i, net) in nets.enumerated() {
            for worker in net.workers.prefix(active) {
                let chunks = try #require(worker.firstChunks)
                // Forward and backward, two steps: 2 · 2 · ⌈share / 2⌉ chunks for a share of the batch.
                #expect(i == 0 ? chunks.chunks > 0 : chunks.chunks == 0, "network \(i)")
                let rounded = chunks.second.winograd?.roundedChunks ?? 0
                #expect(t.bf16 ? rounded > 0 : rounded == 0, "network \(i): the bf16 transforms")
            }
        }
    }

    /// Which plans run it: a direct first layer without its pooling followed by a pooled Winograd
    /// layer (`cnn`); not a pooled first layer (`sprint`, `small`), a padded one with batch norm
    /// between (`deep`), 5×5 kernels (`fast`) or no convolution (`mlp`).
    @Test func onlyTheLayersItRunsTakeIt() throws {
        for preset in Preset.allCases {
            let net = try Network(layers: preset.layers, seed: 1, threads: 1)
            let worker = try #require(net.workers.first)
            #expect((worker.firstChunks != nil) == (preset == .cnn), "\(preset)")
            // cnn's dropout runs in the chunks (its mask multiplied in backward), not after them (review).
            if preset == .cnn { #expect(worker.firstChunks?.dropout != nil && worker.firstChunks?.count == 3) }
        }
    }
}
