import Testing
@testable import DigitModel

/// Winograd F(4×4)'s AVX-512 tile transforms (winograd4_avx512.c) against the loops over `Lanes`
/// they replace, bit for bit: the input transform, the output transform (plain and with the
/// pooling's winners), the pooled output gradient (with the ReLU and the dropout's codes) and the
/// input gradient — over whole and partial tiles, padding and odd pooled sizes — and the two
/// backward transforms as the adjoints of the forward ones (⟨T x, y⟩ = ⟨x, Tᵀ y⟩).
@Suite(.enabled(if: CPU.avx512, "the tile kernels need AVX-512"))
struct WinogradTileKernelTests {
    struct Case: CustomStringConvertible, Sendable {
        var h: Int, w: Int, c: Int, f: Int, padding: LayerSpec.Padding, n: Int
        var description: String { "\(n)×\(h)×\(w)×\(c) → \(f) \(padding.rawValue)" }
        var geometry: ConvGeometry { ConvGeometry(input: Shape(h, w, c), filters: f, kernel: 3, padding: padding).batch(n) }
    }

    static let cases: [Case] = [
        Case(h: 26, w: 26, c: 32, f: 64, padding: .valid, n: 2),   // cnn's second layer: whole tiles
        Case(h: 13, w: 13, c: 32, f: 48, padding: .valid, n: 3),   // sprint's: 11×11, partial tiles and a lone row of windows
        Case(h: 14, w: 14, c: 16, f: 32, padding: .same, n: 2),    // padding, 14 = 3.5 tiles
        Case(h: 7, w: 5, c: 16, f: 16, padding: .same, n: 1),      // smaller than two tiles
        Case(h: 28, w: 28, c: 32, f: 32, padding: .same, n: 1),    // the shipped model's
        Case(h: 10, w: 9, c: 112, f: 16, padding: .same, n: 1),    // 7 input vectors: blocks of 4 and 3 (review)
    ]

    static func random(_ count: Int, _ rng: inout SplitMix64, scale: Float = 1) -> FloatBuffer {
        let b = FloatBuffer(count: count)
        for i in 0..<count { b.pointer[i] = rng.uniform(-scale, scale) }
        return b
    }

    static func bits(_ b: FloatBuffer, _ count: Int) -> [UInt32] { b.array(count).map(\.bitPattern) }

    static func tileCount(_ g: ConvGeometry) -> Int { let t = Winograd.tiles(g); return g.n * t.y * t.x }

    @Test(arguments: cases) func inputTransformMatchesLanes(_ t: Case) {
        var rng = SplitMix64(seed: 3)
        let g = t.geometry, x = Self.random(g.n * g.inCount, &rng)
        let count = 36 * Self.tileCount(g) * g.c, scratch = FloatBuffer(count: 36 * g.c)
        func run(_ avx512: Bool) -> [UInt32] {
            let v = FloatBuffer(count: count)
            v.pointer.update(repeating: .nan, count: count)
            Winograd.transformInput(x.pointer, g, into: .floats(v.pointer, stride: count / 36, width: g.c),
                                    scratch: scratch.pointer, avx512: avx512)
            return Self.bits(v, count)
        }
        #expect(run(true) == run(false), "\(t)")
    }

    @Test(arguments: cases) func inputGradientMatchesLanesAndIsTheAdjoint(_ t: Case) {
        var rng = SplitMix64(seed: 4)
        let g = t.geometry, count = 36 * Self.tileCount(g) * g.c
        let dv = Self.random(count, &rng), x = Self.random(g.n * g.inCount, &rng)
        let scratch = FloatBuffer(count: 36 * g.c)
        func run(_ avx512: Bool) -> FloatBuffer {
            // NaN where nothing is written: every pixel must be (no zeroing first).
            let dx = FloatBuffer(count: g.n * g.inCount)
            dx.pointer.update(repeating: .nan, count: g.n * g.inCount)
            Winograd.inputGradient(dv.pointer, g, dx.pointer, scratch: scratch.pointer, avx512: avx512)
            return dx
        }
        let vector = run(true)
        #expect(Self.bits(vector, g.n * g.inCount) == Self.bits(run(false), g.n * g.inCount), "\(t)")
        // ⟨V(x), dV⟩ = ⟨x, Vᵀ(dV)⟩ in double precision, to float rounding.
        let v = FloatBuffer(count: count)
        Winograd.transformInput(x.pointer, g, into: .floats(v.pointer, stride: count / 36, width: g.c),
                                scratch: scratch.pointer, avx512: true)
        let left = (0..<count).reduce(0.0) { $0 + Double(v.pointer[$1]) * Double(dv.pointer[$1]) }
        let right = (0..<(g.n * g.inCount)).reduce(0.0) { $0 + Double(x.pointer[$1]) * Double(vector.pointer[$1]) }
        #expect(abs(left - right) <= 1e-4 * max(1, abs(left)), "\(t): \(left) vs \(right)")
    }

    @Test(arguments: cases) func outputTransformMatchesLanes(_ t: Case) {
        var rng = SplitMix64(seed: 5)
        let g = t.geometry, count = 36 * Self.tileCount(g) * g.f
        // Products around zero, so that the ReLU cuts some and keeps some.
        let m = Self.random(count, &rng, scale: 0.5), bias = Self.random(g.f, &rng, scale: 0.1)
        let scratch = FloatBuffer(count: 40 * g.f), outCount = g.n * g.outCount
        for relu in [false, true] {
            func run(_ avx512: Bool) -> [UInt32] {
                let y = FloatBuffer(count: outCount)
                y.pointer.update(repeating: .nan, count: outCount)
                Winograd.transformOutput(m.pointer, g, bias: bias.pointer, relu: relu, y.pointer, scratch: scratch.pointer,
                                         avx512: avx512)
                return Self.bits(y, outCount)
            }
            #expect(run(true) == run(false), "\(t), relu \(relu)")
        }
    }

    @Test(arguments: cases) func pooledOutputTransformMatchesLanes(_ t: Case) {
        var rng = SplitMix64(seed: 6)
        let g = t.geometry, count = 36 * Self.tileCount(g) * g.f
        let m = Self.random(count, &rng, scale: 0.5), bias = Self.random(g.f, &rng, scale: 0.1)
        // Ties in a window: every fifth tile's positions all equal, so all four pixels are equal too.
        for tile in stride(from: 0, to: Self.tileCount(g), by: 5) {
            for p in 0..<36 { (m.pointer + p * count / 36 + tile * g.f).update(from: m.pointer + tile * g.f, count: g.f) }
        }
        let scratch = FloatBuffer(count: 40 * g.f), outCount = g.n * (g.oh / 2) * (g.ow / 2) * g.f
        for relu in [false, true] {
            func run(_ avx512: Bool) -> ([UInt32], [UInt32]) {
                let y = FloatBuffer(count: outCount), code = FloatBuffer(count: outCount)
                y.pointer.update(repeating: .nan, count: outCount)
                code.pointer.update(repeating: .nan, count: outCount)
                Winograd.transformOutputPooled(m.pointer, g, bias: bias.pointer, relu: relu, y.pointer, code: code.pointer,
                                               scratch: scratch.pointer, avx512: avx512)
                return (Self.bits(y, outCount), Self.bits(code, outCount))
            }
            let (vector, lanes) = (run(true), run(false))
            #expect(vector.0 == lanes.0, "\(t), relu \(relu): outputs")
            #expect(vector.1 == lanes.1, "\(t), relu \(relu): winners")
        }
    }

    @Test(arguments: cases) func pooledOutputGradientMatchesLanes(_ t: Case) {
        var rng = SplitMix64(seed: 7)
        let g = t.geometry, count = 36 * Self.tileCount(g) * g.f
        let pooled = g.n * (g.oh / 2) * (g.ow / 2) * g.f
        let dy = Self.random(pooled, &rng)
        // Codes as the forward pass and the dropout leave them: winners 0…3, −1 where the ReLU
        // stopped the gradient, 4…7 where the dropout dropped a winner.
        let code = FloatBuffer(count: pooled)
        for i in 0..<pooled { code.pointer[i] = Float(Int(rng.next() % 9) - 1) }
        let scratch = FloatBuffer(count: 36 * g.f), start = Self.random(g.f, &rng).array(g.f)
        for (relu, dropout) in [(true, Float?.none), (true, 1 / 0.75), (false, nil), (false, 2)] {
            func run(_ avx512: Bool) -> (dm: [UInt32], dBias: [UInt32]) {
                let dm = FloatBuffer(count: count), dBias = FloatBuffer(count: g.f)
                dm.pointer.update(repeating: .nan, count: count)
                dBias.pointer.update(from: start, count: g.f)   // dBias is added to
                Winograd.pooledOutputGradient(dy.pointer, dropout: dropout, code: code.pointer, g, relu: relu, dBias: dBias.pointer,
                                              into: .floats(dm.pointer, stride: count / 36, width: g.f), scratch: scratch.pointer,
                                              avx512: avx512)
                return (Self.bits(dm, count), Self.bits(dBias, g.f))
            }
            let (vector, lanes) = (run(true), run(false))
            let label = "\(t), relu \(relu), dropout \(dropout.map { "\($0)" } ?? "none")"
            #expect(vector.dm == lanes.dm, "\(label): dM")
            #expect(vector.dBias == lanes.dBias, "\(label): dBias")
        }
    }
}
