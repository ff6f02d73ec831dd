import Testing
@testable import DigitModel

/// The AVX-512 C transforms of Winograd F(4×4, 3×3) (winograd4_avx512.c) must give the Swift
/// loops' results bit for bit — the `cnn` preset's weights hash depends on it — on the preset's
/// layer, partial edge tiles, padding, eight-channel remainders and padded position panels.
@Suite struct WinogradAVX512Tests {
    struct Case: CustomStringConvertible, Sendable {
        var h: Int, w: Int, c: Int, f: Int, padding: LayerSpec.Padding, n: Int
        var description: String { "\(n)×\(h)×\(w)×\(c) → \(f) \(padding.rawValue)" }
        var geometry: ConvGeometry { ConvGeometry(input: Shape(h, w, c), filters: f, kernel: 3, padding: padding).batch(n) }
    }

    static let cases: [Case] = [
        Case(h: 26, w: 26, c: 32, f: 64, padding: .valid, n: 2),   // the cnn preset's second layer
        Case(h: 13, w: 11, c: 8, f: 16, padding: .valid, n: 2),    // 11×9 output: partial tiles, odd pooling edge
        Case(h: 14, w: 14, c: 24, f: 40, padding: .same, n: 3),    // padding; 24 and 40 channels: 8 past a multiple of 16
        Case(h: 7, w: 5, c: 8, f: 8, padding: .same, n: 1),        // smaller than two tiles
    ]

    /// `count` values from `rng`: uniform ±1, with exact zeros, negative zeros and repeats mixed
    /// in so that the ReLU's and the pooling's ties and signs are exercised.
    static func values(_ count: Int, _ rng: inout SplitMix64) -> [Float] {
        (0..<count).map { i in
            switch i % 11 { case 3: return 0; case 7: return -0.0; case 9: return 0.5; default: return rng.uniform(-1, 1) }
        }
    }

    static func buffer(_ values: [Float]) -> FloatBuffer {
        let b = FloatBuffer(count: values.count)
        for (i, v) in values.enumerated() { b.pointer[i] = v }
        return b
    }

    static func bits(_ p: UnsafePointer<Float>, _ count: Int) -> [UInt32] {
        UnsafeBufferPointer(start: p, count: count).map(\.bitPattern)
    }

    @Test(.enabled(if: CPU.avx512, "needs AVX-512"), arguments: cases)
    func inputTransformAndItsAdjointMatchSwift(_ t: Case) {
        var rng = SplitMix64(seed: 31)
        let g = t.geometry, tiles = Winograd.tiles(g), count = t.n * tiles.y * tiles.x * t.c
        let x = Self.buffer(Self.values(t.n * g.inCount, &rng))
        let scratch = FloatBuffer(count: 36 * t.c)
        for stride in [count, Winograd.positionStride(count)] {
            var outputs: [[UInt32]] = []
            for avx512 in [false, true] {
                let v = FloatBuffer(count: 36 * stride)
                v.pointer.update(repeating: 7, count: 36 * stride)   // the gaps between panels stay as they are
                Winograd.transformInput(x.pointer, g, v.pointer, positionStride: stride, scratch: scratch.pointer, avx512: avx512)
                outputs.append(Self.bits(v.pointer, 36 * stride))
            }
            #expect(outputs[0] == outputs[1], "input transform, \(t), position stride \(stride)")
        }
        let start = Self.values(t.n * g.inCount, &rng)
        for stride in [count, Winograd.positionStride(count)] {
            let dv = Self.buffer(Self.values(36 * stride, &rng))
            var gradients: [[UInt32]] = []
            for avx512 in [false, true] {
                let dx = FloatBuffer(count: t.n * g.inCount)
                for i in 0..<start.count { dx.pointer[i] = start[i] }   // the transform adds into dX
                Winograd.inputGradient(dv.pointer, positionStride: stride, g, dx.pointer, scratch: scratch.pointer, avx512: avx512)
                gradients.append(Self.bits(dx.pointer, t.n * g.inCount))
            }
            #expect(gradients[0] == gradients[1], "input gradient, \(t), position stride \(stride)")
        }
    }

    @Test(.enabled(if: CPU.avx512, "needs AVX-512"), arguments: cases)
    func pooledOutputTransformAndItsAdjointMatchSwift(_ t: Case) {
        var rng = SplitMix64(seed: 32)
        let g = t.geometry, tiles = Winograd.tiles(g), count = t.n * tiles.y * tiles.x * t.f
        let pooledCount = t.n * (g.oh / 2) * (g.ow / 2) * t.f
        var m = Self.values(36 * Winograd.positionStride(count), &rng)
        // One tile of zero products: all sixteen outputs equal the bias, a tie in every window.
        for pos in 0..<36 { for i in 0..<t.f { m[pos * Winograd.positionStride(count) + i] = 0 } }
        let bias = Self.buffer(Self.values(t.f, &rng)), mm = Self.buffer(m)
        let scratch = FloatBuffer(count: 40 * t.f)
        for relu in [false, true] {
            var results: [(y: [UInt32], code: [UInt32])] = []
            for avx512 in [false, true] {
                let y = FloatBuffer(count: pooledCount), code = FloatBuffer(count: pooledCount)
                Winograd.transformOutputPooled(mm.pointer, positionStride: Winograd.positionStride(count), g, bias: bias.pointer,
                                               relu: relu, y.pointer, code: code.pointer, scratch: scratch.pointer, avx512: avx512)
                results.append((Self.bits(y.pointer, pooledCount), Self.bits(code.pointer, pooledCount)))
            }
            #expect(results[0].y == results[1].y, "pooled output, \(t), relu \(relu)")
            #expect(results[0].code == results[1].code, "pooling winners, \(t), relu \(relu)")
            // (The smallest case is mostly its tile of ties.)
            #expect(pooledCount < 100 || Set(results[1].code).count == 4, "every winner appears, \(t)")
        }
        let dy = Self.buffer(Self.values(pooledCount, &rng)), y = Self.buffer(Self.values(pooledCount, &rng))
        let code = Self.buffer((0..<pooledCount).map { _ in Float(rng.next() % 4) }), dBiasStart = Self.values(t.f, &rng)
        for (relu, stride) in [(false, count), (true, count), (true, Winograd.positionStride(count))] {
            var results: [(dm: [UInt32], dBias: [UInt32])] = []
            for avx512 in [false, true] {
                let dm = FloatBuffer(count: 36 * stride), dBias = FloatBuffer(count: t.f)
                dm.pointer.update(repeating: 7, count: 36 * stride)   // the gaps between panels stay as they are
                for i in 0..<t.f { dBias.pointer[i] = dBiasStart[i] }
                Winograd.pooledOutputGradient(dy.pointer, y: y.pointer, code: code.pointer, g, relu: relu, dBias: dBias.pointer,
                                              dm.pointer, positionStride: stride, scratch: scratch.pointer, avx512: avx512)
                results.append((Self.bits(dm.pointer, 36 * stride), Self.bits(dBias.pointer, t.f)))
            }
            #expect(results[0].dm == results[1].dm, "pooled output gradient, \(t), relu \(relu), position stride \(stride)")
            #expect(results[0].dBias == results[1].dBias, "bias gradient, \(t), relu \(relu)")
        }
    }
}
