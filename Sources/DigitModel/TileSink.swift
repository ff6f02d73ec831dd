import CKernels

/// Where a Winograd transform puts each tile's 36 positions (V's input tiles, or dM's gradient
/// tiles). `floats`: straight into the fp32 panels, positions `stride` apart (the fp32 path).
/// The bf16 path (`CPU.bf16`) sends each tile through a two-tile buffer in L1 instead and rounds it
/// from there into what its GEMMs read: rows of bf16 (the NN product's A, `Kernels.bf16GemmRounded`)
/// and/or pairs of consecutive tiles (the filter gradient's operands, `Kernels.bf16GemmTN`). Before,
/// the transforms wrote fp32 panels that were read back from L2 or memory to be rounded
/// (`packBF16Pairs`, and the NN kernel rounding A): the same values rounded the same way (nearest
/// even), so the same bits, in half the bytes written and none read back.
struct TileSink {
    /// Values per position of a tile (the layer's C for V, F for dM).
    let width: Int
    /// The fp32 panels, or (`buffered`) the two-tile buffer.
    private let base: UnsafeMutablePointer<Float>
    private let buffered: Bool
    private let stride: Int
    private let rows: UnsafeMutableRawPointer?, rowStride: Int
    private let pairs: UnsafeMutableRawPointer?, pairStride: Int

    /// The fp32 panels themselves: tile i's position p at `v + p·stride + i·width`.
    static func floats(_ v: UnsafeMutablePointer<Float>, stride: Int, width: Int) -> TileSink {
        TileSink(width: width, base: v, buffered: false, stride: stride, rows: nil, rowStride: 0, pairs: nil, pairStride: 0)
    }

    /// bf16 through `buffer` (`bufferFloats(width:)` of room): tile i's position p rounded at
    /// uint16 element `p·rowStride + i·width` of `rows` (when given), and tiles 2q and 2q + 1 as
    /// pairs at uint32 element `p·pairStride + q·width` of `pairs` (when given; then the caller
    /// sends an even number of tiles). Strides even, so rows and pairs stay 4-byte aligned.
    static func bf16(rows: UnsafeMutableRawPointer?, rowStride: Int, pairs: UnsafeMutableRawPointer?, pairStride: Int,
                     buffer: UnsafeMutablePointer<Float>, width: Int) -> TileSink {
        precondition(width % 8 == 0 && rowStride % 2 == 0, "TileSink: width \(width), row stride \(rowStride)")
        return TileSink(width: width, base: buffer, buffered: true, stride: width, rows: rows, rowStride: rowStride,
                        pairs: pairs, pairStride: pairStride)
    }

    static func bufferFloats(width: Int) -> Int { 2 * 36 * width }

    /// Where tile `index` writes its positions: position p at `base + p·stride`.
    @inline(__always)
    func target(_ index: Int) -> (base: UnsafeMutablePointer<Float>, stride: Int) {
        buffered ? (base + (index & 1) * 36 * width, width) : (base + index * width, stride)
    }

    /// Tile `index` is written: round it (and, for an odd index, the pair it completes) onwards.
    @inline(__always)
    func finish(_ index: Int) {
        guard buffered else { return }
        let w = Int32(width), buffer = base
        if let rows {
            digitrec_bf16_round_rows(36, w, buffer + (index & 1) * 36 * width, w, rows + index * width * 2, Int32(rowStride))
        }
        if let pairs, index & 1 == 1 {
            digitrec_bf16_pair_rows(36, w, buffer, buffer + 36 * width, w, pairs + index / 2 * width * 4, Int32(pairStride))
        }
    }
}
