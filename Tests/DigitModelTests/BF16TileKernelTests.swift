import CKernels
import Testing
@testable import DigitModel

/// The bf16 path's tile kernels that round as they store (`digitrec_winograd4_input_tile_bf16`,
/// `digitrec_winograd4_pooled_gradient_tile_bf16`) and the rounding of the other tiles
/// (`digitrec_bf16_tile_store`, through `TileSink.finish`) against the Swift transforms' fp32
/// tiles rounded in Swift, bit for bit — in the three ways the layers use a sink (rows only: the
/// forward V; pairs only: the backward V; rows and pairs: dM), with every stride padded so that a
/// write out of place shows.
@Suite(.enabled(if: CPU.features & Int(DIGITREC_CPU_AVX512_BF16) != 0 && CPU.avx512, "needs AVX512-BF16"))
struct BF16TileKernelTests {
    typealias Case = WinogradTileKernelTests.Case

    /// WinogradTileKernelTests' layers with an even number of images (so of tiles: pairs need
    /// them), and channels that are not a multiple of 16 (no kernel: the Swift tiles rounded).
    static let cases: [Case] = WinogradTileKernelTests.cases.map {
        Case(h: $0.h, w: $0.w, c: $0.c, f: $0.f, padding: $0.padding, n: $0.n + $0.n % 2)
    } + [Case(h: 9, w: 7, c: 8, f: 24, padding: .same, n: 2)]

    enum Mode: CaseIterable { case rows, pairs, both }

    /// Never a rounded value of the inputs here: marks what nothing wrote.
    static let unwritten: UInt16 = 0xFFFF

    /// What a sink in `mode` holds for fp32 tiles `v` ([36][tiles][width], positions `stride`
    /// apart), rounded in Swift: rows `rs` apart, pairs `pps` apart, the rest `unwritten`.
    static func expected(_ v: [Float], stride: Int, tiles: Int, width: Int, mode: Mode, rs: Int, pps: Int)
        -> (rows: [UInt16], pairs: [UInt32]) {
        let bf16 = TileSinkTests.bf16
        var rows = [UInt16](repeating: unwritten, count: 36 * rs)
        var pairs = [UInt32](repeating: UInt32(unwritten) * 0x10001, count: 36 * pps)
        for p in 0..<36 {
            for i in 0..<tiles {
                for j in 0..<width {
                    let value = bf16(v[p * stride + i * width + j])
                    if mode != .pairs { rows[p * rs + i * width + j] = value }
                    if mode != .rows {
                        let at = p * pps + i / 2 * width + j
                        pairs[at] = i % 2 == 0 ? (pairs[at] & 0xFFFF_0000) | UInt32(value) : (pairs[at] & 0xFFFF) | UInt32(value) << 16
                    }
                }
            }
        }
        return (rows, pairs)
    }

    /// Runs `transform` into a bf16 sink in `mode` and returns what it wrote (padded as `expected`).
    static func sunk(tiles: Int, width: Int, mode: Mode, rs: Int, pps: Int, _ transform: (TileSink) -> Void)
        -> (rows: [UInt16], pairs: [UInt32]) {
        var rows = [UInt16](repeating: unwritten, count: 36 * rs)
        var pairs = [UInt32](repeating: UInt32(unwritten) * 0x10001, count: 36 * pps)
        let buffer = FloatBuffer(count: TileSink.bufferFloats(width: width))
        rows.withUnsafeMutableBytes { r in
            pairs.withUnsafeMutableBytes { q in
                transform(.bf16(rows: mode == .pairs ? nil : r.baseAddress, rowStride: rs,
                                pairs: mode == .rows ? nil : q.baseAddress, pairStride: pps, buffer: buffer.pointer, width: width))
            }
        }
        return (rows, pairs)
    }

    @Test(arguments: cases) func inputTilesRoundAsTheFloatTiles(_ t: Case) {
        var rng = SplitMix64(seed: 41)
        let g = t.geometry, tiles = WinogradTileKernelTests.tileCount(g), width = g.c
        let x = WinogradTileKernelTests.random(g.n * g.inCount, &rng)
        let scratch = FloatBuffer(count: 36 * width), v = FloatBuffer(count: 36 * tiles * width)
        Winograd.transformInput(x.pointer, g, into: .floats(v.pointer, stride: tiles * width, width: width),
                                scratch: scratch.pointer, avx512: false)
        let (rs, pps) = (tiles * width + 32, tiles / 2 * width + 16)
        for mode in Mode.allCases {
            let want = Self.expected(v.array(36 * tiles * width), stride: tiles * width, tiles: tiles, width: width,
                                     mode: mode, rs: rs, pps: pps)
            for avx512 in [true, false] {
                let got = Self.sunk(tiles: tiles, width: width, mode: mode, rs: rs, pps: pps) {
                    Winograd.transformInput(x.pointer, g, into: $0, scratch: scratch.pointer, avx512: avx512)
                }
                #expect(got.rows == want.rows, "\(t), \(mode), AVX-512 \(avx512): rows")
                #expect(got.pairs == want.pairs, "\(t), \(mode), AVX-512 \(avx512): pairs")
            }
        }
    }

    @Test(arguments: cases) func pooledGradientTilesRoundAsTheFloatTiles(_ t: Case) {
        var rng = SplitMix64(seed: 42)
        let g = t.geometry, tiles = WinogradTileKernelTests.tileCount(g), width = g.f
        let pooled = g.n * (g.oh / 2) * (g.ow / 2) * g.f
        let dy = WinogradTileKernelTests.random(pooled, &rng), code = FloatBuffer(count: pooled)
        for i in 0..<pooled { code.pointer[i] = Float(Int(rng.next() % 9) - 1) }
        let scratch = FloatBuffer(count: 36 * width), dm = FloatBuffer(count: 36 * tiles * width)
        let start = WinogradTileKernelTests.random(width, &rng).array(width)
        let (rs, pps) = (tiles * width + 32, tiles / 2 * width + 16)
        for (relu, dropout) in [(true, Float?.none), (true, 1 / 0.75), (false, 2)] {
            let label = "\(t), relu \(relu), dropout \(dropout.map { "\($0)" } ?? "none")"
            let dBias = FloatBuffer(count: width)
            dBias.pointer.update(from: start, count: width)
            Winograd.pooledOutputGradient(dy.pointer, dropout: dropout, code: code.pointer, g, relu: relu, dBias: dBias.pointer,
                                          into: .floats(dm.pointer, stride: tiles * width, width: width),
                                          scratch: scratch.pointer, avx512: false)
            for mode in Mode.allCases {
                let want = Self.expected(dm.array(36 * tiles * width), stride: tiles * width, tiles: tiles, width: width,
                                         mode: mode, rs: rs, pps: pps)
                for avx512 in [true, false] {
                    let bias = FloatBuffer(count: width)
                    bias.pointer.update(from: start, count: width)
                    let got = Self.sunk(tiles: tiles, width: width, mode: mode, rs: rs, pps: pps) {
                        Winograd.pooledOutputGradient(dy.pointer, dropout: dropout, code: code.pointer, g, relu: relu,
                                                      dBias: bias.pointer, into: $0, scratch: scratch.pointer, avx512: avx512)
                    }
                    #expect(got.rows == want.rows, "\(label), \(mode), AVX-512 \(avx512): rows")
                    #expect(got.pairs == want.pairs, "\(label), \(mode), AVX-512 \(avx512): pairs")
                    #expect(WinogradTileKernelTests.bits(bias, width) == WinogradTileKernelTests.bits(dBias, width),
                            "\(label), \(mode), AVX-512 \(avx512): dBias")
                }
            }
        }
    }
}
