import CKernels

/// Where a Winograd transform puts each tile's 36 positions (V's input tiles, or dM's gradient
/// tiles). `floats`: straight into the fp32 panels, positions `stride` apart (the fp32 path).
/// The bf16 path (`CPU.bf16`) rounds each tile into what its GEMMs read: rows of bf16 (the NN
/// product's A, `Kernels.bf16GemmRounded`) and/or pairs of consecutive tiles (the filter
/// gradient's operands, `Kernels.bf16GemmTN`). The AVX-512 tile kernels round as they store
/// (`bf16Tile`, winograd4_avx512.c); the other tiles (an image's edge, channels not a multiple of
/// 16) are written in fp32 to a buffer in L1 (`target`) and rounded from there (`finish`). Before,
/// the transforms wrote fp32 panels that were read back from L2 or memory to be rounded
/// (`packBF16Pairs`, and the NN kernel rounding A), and then (session 27) every tile went through
/// the buffer: the same values rounded the same way (nearest even), so the same bits.
struct TileSink {
    /// Values per position of a tile (the layer's C for V, F for dM).
    let width: Int
    /// The fp32 panels, or (`rounds`) the buffer: its first half an even tile's bf16 values
    /// waiting for their pairs (when there are no rows to wait in), its second half a tile in fp32.
    private let base: UnsafeMutablePointer<Float>
    /// Whether this is the bf16 path's sink.
    let rounds: Bool
    private let stride: Int
    private let rows: UnsafeMutablePointer<UInt16>?, rowStride: Int, rowTileStride: Int
    private let pairs: UnsafeMutablePointer<UInt32>?, pairStride: Int, pairTileStride: Int

    /// The fp32 panels themselves: tile i's position p at `v + p·stride + i·width`.
    static func floats(_ v: UnsafeMutablePointer<Float>, stride: Int, width: Int) -> TileSink {
        TileSink(width: width, base: v, rounds: false, stride: stride, rows: nil, rowStride: 0, rowTileStride: 0,
                 pairs: nil, pairStride: 0, pairTileStride: 0)
    }

    /// bf16 through `buffer` (`bufferFloats(width:)` of room): tile i's position p rounded at
    /// uint16 element `p·rowStride + i·rowTileStride` of `rows` (when given), and tiles 2q and
    /// 2q + 1 as pairs at uint32 element `p·pairStride + q·pairTileStride` of `pairs` (when given;
    /// then the caller sends an even number of tiles). Tile strides `width` by default: each
    /// position's panel of tiles contiguous. Strides even, so rows and pairs stay 4-byte aligned.
    static func bf16(rows: UnsafeMutableRawPointer?, rowStride: Int, rowTileStride: Int? = nil,
                     pairs: UnsafeMutableRawPointer?, pairStride: Int, pairTileStride: Int? = nil,
                     buffer: UnsafeMutablePointer<Float>, width: Int) -> TileSink {
        precondition(width % 8 == 0 && rowStride % 2 == 0, "TileSink: width \(width), row stride \(rowStride)")
        return TileSink(width: width, base: buffer, rounds: true, stride: width,
                        rows: rows?.assumingMemoryBound(to: UInt16.self), rowStride: rowStride, rowTileStride: rowTileStride ?? width,
                        pairs: pairs?.assumingMemoryBound(to: UInt32.self), pairStride: pairStride,
                        pairTileStride: pairTileStride ?? width)
    }

    static func bufferFloats(width: Int) -> Int { 2 * 36 * width }

    /// Where tile `index` writes its positions in fp32: position p at `base + p·stride`.
    @inline(__always)
    func target(_ index: Int) -> (base: UnsafeMutablePointer<Float>, stride: Int) {
        rounds ? (base + 36 * width, width) : (base + index * width, stride)
    }

    /// Tile `index` is written to `target`: round it onwards (the bf16 path).
    @inline(__always)
    func finish(_ index: Int) {
        guard rounds else { return }
        var tile = bf16Tile(index)
        digitrec_bf16_tile_store(base + 36 * width, width, Int32(width), &tile)
    }

    /// Where tile `index`'s rounded positions go (the bf16 path): its rows; an even tile without
    /// rows into the buffer's first half; an odd one paired with the even one before it, from
    /// that tile's rows or the buffer.
    @inline(__always)
    func bf16Tile(_ index: Int) -> digitrec_bf16_tile {
        let waiting = UnsafeMutableRawPointer(base).assumingMemoryBound(to: UInt16.self)
        var tile = digitrec_bf16_tile(rows: rows.map { $0 + index * rowTileStride }, row_stride: rowStride,
                                      even: nil, even_stride: 0, pairs: nil, pair_stride: 0)
        guard let pairs else { return tile }
        if index & 1 == 0 {
            if rows == nil { tile.rows = waiting; tile.row_stride = width }
        } else {
            tile.even = UnsafePointer(rows.map { $0 + (index - 1) * rowTileStride } ?? waiting)
            tile.even_stride = rows == nil ? width : rowStride
            tile.pairs = pairs + index / 2 * pairTileStride
            tile.pair_stride = pairStride
        }
        return tile
    }
}
