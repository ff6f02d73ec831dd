import CKernels
import Support

/// Inference's F(6×6) tiles whose input holds one value per channel at every pixel: the blank
/// paper around a digit, where a first layer's output is one vector everywhere — 11 % of `cnn`'s
/// tiles on the MNIST test set (the corners and the edges). All such tiles have the same outputs:
/// the transforms treat every whole tile alike, and the GEMM sums each output in one FMA chain in
/// the order of k whatever row its tile lands in (`Kernels.ownGemm`). So the first one is computed
/// and its outputs kept, and the later ones that hold the same values, bit for bit, copy them —
/// no transforms and no 64 products; the outputs are the bits computing them would give
/// (ConstantTilesTests).
///
/// Each worker's copy of a layer has its own, forgotten when a pass transforms the weights again.
final class ConstantTiles {
    /// `DIGITREC_CONSTANT_TILES=0` computes every tile (to compare), and every pixel of a first
    /// layer, whose inference kernel copies the same way (`Kernels.convolveOneChannelFMA`).
    static let allowed = Environment.value("DIGITREC_CONSTANT_TILES") != "0"

    /// Whether inference may copy tiles (only on the own GEMM, whose rows are summed alike).
    static var runs: Bool { allowed && CPU.ownGemm }

    /// The values every pixel of the kept tile held (C), and its outputs (6×6×F, or 3×3×F pooled).
    private let known = FloatBuffer(), block = FloatBuffer()
    /// Whether `known` and `block` hold a tile.
    private(set) var ready = false
    /// Each tile's DIGITREC_TILE_* in the last chunk.
    private let kinds = Buffer<Int32>()
    /// Tiles copied and tiles computed since this was made (the tests read them).
    private(set) var reused = 0, computed = 0

    /// Drops the kept tile: its outputs were made with weights that may have changed.
    func forget() { ready = false }

    /// The input transform of a chunk of images (`Winograd6.transformInput`) that leaves out the
    /// tiles holding the kept values; returns the rows of V it wrote.
    func transformInput(_ x: UnsafePointer<Float>, _ g: ConvGeometry, _ v: UnsafeMutablePointer<Float>, positionStride: Int) -> Int {
        let t = Winograd6.tiles(g), count = g.n * t.y * t.x
        let knownValues = ready ? UnsafePointer(known.pointer) : nil
        let rows = Int(digitrec_winograd6_input_avx512(x, Int32(g.n), Int32(g.h), Int32(g.w), Int32(g.c), Int32(g.pad),
                                                       Int32(t.y), Int32(t.x), v, positionStride, knownValues, kinds.ensure(count)))
        reused += count - rows
        computed += rows
        return rows
    }

    /// The output transform of the same chunk (`Winograd6.transformOutput`): the left-out tiles
    /// get the kept outputs. Then, while none is kept, keeps the first tile that held one value
    /// per channel: the values from its input `x`, its outputs from `y`.
    func transformOutput(_ m: UnsafePointer<Float>, positionStride: Int, _ g: ConvGeometry, bias: UnsafePointer<Float>,
                         relu: Bool, pooled: Bool, _ y: UnsafeMutablePointer<Float>, input x: UnsafePointer<Float>) {
        let t = Winograd6.tiles(g), perImage = t.y * t.x
        let side = pooled ? 3 : 6, blockFloats = side * side * g.f
        let kept = ready ? UnsafePointer(block.ensure(blockFloats)) : nil
        digitrec_winograd6_output_avx512(m, positionStride, Int32(g.n), Int32(g.oh), Int32(g.ow), Int32(g.f), Int32(t.y), Int32(t.x),
                                         bias, relu ? 1 : 0, pooled ? 1 : 0, y, kinds.pointer, kept)
        guard !ready, let i = UnsafeBufferPointer(start: kinds.pointer, count: g.n * perImage)
            .firstIndex(of: Int32(DIGITREC_TILE_CONSTANT)) else { return }
        let (img, ty, tx) = (i / perImage, i % perImage / t.x, i % perImage % t.x)
        // The tile's first pixel (it lies wholly inside the input: no padding).
        let pixel = x + img * g.inCount + ((ty * Winograd6.m - g.pad) * g.w + tx * Winograd6.m - g.pad) * g.c
        known.ensure(g.c).update(from: pixel, count: g.c)
        // Its outputs: `side` rows of `side` pixels at its place in the (pooled) output.
        let (oh, ow) = pooled ? (g.oh / 2, g.ow / 2) : (g.oh, g.ow)
        let out = block.ensure(blockFloats)
        for r in 0..<side {
            let from = y + ((img * oh + ty * side + r) * ow + tx * side) * g.f
            (out + r * side * g.f).update(from: from, count: side * g.f)
        }
        ready = true
    }
}
