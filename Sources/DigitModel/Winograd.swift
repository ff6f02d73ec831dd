import CKernels

/// Winograd's minimal filtering F(4×4, 3×3) (Lavin & Gray, "Fast Algorithms for Convolutional
/// Neural Networks", 2016): a 3×3 convolution computed on 6×6 input tiles, 4×4 outputs each,
///
///     Y = Aᵀ [ (G g Gᵀ) ⊙ (Bᵀ d B) ] A,
///
/// with 36 multiplications per tile and channel pair instead of 144. Summed over the input
/// channels, the elementwise products become 36 independent GEMMs (one per tile position),
/// so a convolution layer does a quarter of the multiply-adds of im2col in the forward pass,
/// and — through the adjoints of the same transforms — in both backward GEMMs too.
///
/// Layouts, all with the channel index innermost so every transform is a loop over channels:
///   weights g  (3, 3, C, F)           as stored in the model file
///   U          [36][C][F]             transformed weights
///   V          [36][T][C]             transformed input tiles, T = the call's tiles
///   M          [36][T][F]             products, before the output transform
/// Position-major: the GEMM for position p reads and writes one contiguous T×C and T×F panel
/// (tile-major, [T][36][C], put each of its rows 36·C floats apart — a new page per row — and
/// the filter-gradient GEMM had to copy them into panels first). The transforms read and write
/// a tile's 36 positions `T·C` floats apart instead, through `Strided`.
public enum Winograd {
    /// Whether the input, output and gradient transforms of a tile run the AVX-512 C kernels
    /// (winograd4_avx512.c: the same operations, so the same bits, ~2× faster) where the channels
    /// come in whole ZMM vectors: with the own kernels on AVX-512 CPUs. The loops over `Lanes`
    /// below stay as their reference and for the other shapes and CPUs.
    static let tilesAVX512 = CPU.ownConvAVX512

    /// Output tile side (input tiles are 6×6: 36 positions).
    static let m = 4

    /// 3×3 kernels whose input and output channels come in whole SIMD groups of eight (every
    /// preset's inner 3×3 layers). A first layer has one channel, where the 36 GEMMs would have
    /// an inner dimension of one: it runs `Kernels.convolveOneChannel` instead (see
    /// `ConvAlgorithmKind.choose`).
    public static func applies(kernel: Int, inputChannels: Int, filters: Int) -> Bool {
        kernel == 3 && inputChannels % 8 == 0 && filters % 8 == 0
    }

    /// Tiles per image for an output of oh×ow (partial tiles at the right and bottom edge).
    public static func tiles(oh: Int, ow: Int) -> (y: Int, x: Int) { ((oh + m - 1) / m, (ow + m - 1) / m) }

    static func tiles(_ geometry: ConvGeometry) -> (y: Int, x: Int) { tiles(oh: geometry.oh, ow: geometry.ow) }

    /// Floats from one position's panel of V or M to the next in a forward pass: the panel's,
    /// plus 16. A transform touches all positions of a tile, and panels a multiple of 4 KB apart
    /// (64 tiles of 32 or 64 channels: the shipped model's 14×14 layers) put them all in one set
    /// of the 8-way L1 cache — F(6×6)'s output transform took twice F(4×4)'s time that way.
    /// (The backward pass keeps its panels contiguous: the bf16 filter gradient packs them whole.)
    static func positionStride(_ panel: Int) -> Int { panel + 16 }

    // MARK: weights

    /// U = G g Gᵀ for all C·F filter pairs; `u` holds 36·C·F values.
    static func transformWeights(_ g: UnsafeMutablePointer<Float>, count cf: Int, _ u: UnsafeMutablePointer<Float>,
                                 scratch t: UnsafeMutablePointer<Float>) {
        // t[i][kw] = Σ_kh G[i][kh] g[kh][kw]  (6×3), then U[i][j] = Σ_kw t[i][kw] G[j][kw].
        for kw in 0..<3 {
            gColumn(Strided(g + kw * cf, 3 * cf), into: Strided(t + kw * cf, 3 * cf), count: cf)
        }
        for i in 0..<6 {
            gColumn(Strided(t + i * 3 * cf, cf), into: Strided(u + i * 6 * cf, cf), count: cf)
        }
    }

    /// The adjoint: dg = Gᵀ dU G, overwriting `dg` (3·3·C·F values).
    static func weightGradient(_ du: UnsafeMutablePointer<Float>, count cf: Int, _ dg: UnsafeMutablePointer<Float>,
                               scratch t: UnsafeMutablePointer<Float>) {
        // t[i][kw] = Σ_j dU[i][j] G[j][kw]  (6×3), then dg[kh][kw] = Σ_i G[i][kh] t[i][kw].
        for i in 0..<6 {
            gTransposeColumn(Strided(du + i * 6 * cf, cf), into: Strided(t + i * 3 * cf, cf), count: cf)
        }
        for kw in 0..<3 {
            gTransposeColumn(Strided(t + kw * cf, 3 * cf), into: Strided(dg + kw * cf, 3 * cf), count: cf)
        }
    }

    /// Six values G·(g0, g1, g2) per channel.
    @inline(__always)
    private static func gColumn(_ s: Strided, into o: Strided, count: Int) {
        let quarter: Float = 0.25, sixth: Float = 1 / 6, twelfth: Float = 1 / 12, twentyFourth: Float = 1 / 24
        var c = 0
        while c < count {
            let g0 = s[0, c], g1 = s[1, c], g2 = s[2, c]
            let even: Lanes = g0 + g2
            let a: Lanes = g0 * twentyFourth + g2 * sixth
            let b: Lanes = g1 * twelfth
            o[0, c] = g0 * quarter
            o[1, c] = (even + g1) * -sixth
            o[2, c] = (even - g1) * -sixth
            o[3, c] = a + b
            o[4, c] = a - b
            o[5, c] = g2
            c += 8
        }
    }

    /// Three values Gᵀ·(u0…u5) per channel.
    @inline(__always)
    private static func gTransposeColumn(_ s: Strided, into o: Strided, count: Int) {
        let quarter: Float = 0.25, sixth: Float = 1 / 6, twelfth: Float = 1 / 12, twentyFourth: Float = 1 / 24
        var c = 0
        while c < count {
            let u0 = s[0, c], u1 = s[1, c], u2 = s[2, c], u3 = s[3, c], u4 = s[4, c], u5 = s[5, c]
            let sum12: Lanes = u1 + u2, sum34: Lanes = u3 + u4
            let r0: Lanes = u0 * quarter - sum12 * sixth
            o[0, c] = r0 + sum34 * twentyFourth
            let r1: Lanes = (u2 - u1) * sixth
            o[1, c] = r1 + (u3 - u4) * twelfth
            let r2: Lanes = (sum34 - sum12) * sixth
            o[2, c] = r2 + u5
            c += 8
        }
    }

    // MARK: input tiles

    /// V = Bᵀ d B for every 6×6 input tile of `n` images (H×W×C, NHWC), tiles in row-major
    /// order per image. Pixels outside the image (padding, the far edge) read as zero.
    static func transformInput(_ x: UnsafePointer<Float>,                  // input (N,H,W,C) NHWC
                               _ geometry: ConvGeometry,
                               _ v: UnsafeMutablePointer<Float>,              // V [36][N·tiles][C]
                               positionStride: Int? = nil,                    // default N·tiles·C
                               scratch d: UnsafeMutablePointer<Float>) {      // one tile, 36·C
        let tiles = Winograd.tiles(geometry)
        let ps = positionStride ?? geometry.n * tiles.y * tiles.x * geometry.c   // from one position to the next in V
        transformInput(x, geometry, into: .floats(v, stride: ps, width: geometry.c), scratch: d)
    }

    /// `transformInput` with each tile's positions going to `sink` (V in fp32, or rounded to bf16).
    static func transformInput(_ x: UnsafePointer<Float>,                  // input (N,H,W,C) NHWC
                               _ geometry: ConvGeometry,
                               into sink: TileSink,                           // V, tiles in order
                               scratch d: UnsafeMutablePointer<Float>,        // one tile, 36·C
                               avx512: Bool = tilesAVX512) {
        let (n, h, w, c, pad) = (geometry.n, geometry.h, geometry.w, geometry.c, geometry.pad)
        let vector = avx512 && c % 16 == 0
        let tiles = Winograd.tiles(geometry)
        let rowLen = 6 * c
        var index = 0
        for img in 0..<n {
            let xi = x + img * h * w * c
            for ty in 0..<tiles.y {
                for tx in 0..<tiles.x {
                    let y0 = ty * m - pad, x0 = tx * m - pad
                    if vector && y0 >= 0 && y0 + 6 <= h && x0 >= 0 && x0 + 6 <= w {
                        if sink.rounds {
                            var tile = sink.bf16Tile(index)
                            digitrec_winograd4_input_tile_bf16(xi + (y0 * w + x0) * c, w * c, Int32(c), &tile)
                        } else {
                            let (out, ps) = sink.target(index)
                            digitrec_winograd4_input_tile(xi + (y0 * w + x0) * c, w * c, Int32(c), out, ps)
                        }
                        index += 1
                        continue
                    }
                    if y0 >= 0 && y0 + 6 <= h && x0 >= 0 && x0 + 6 <= w {
                        // Inside the image: the column pass (Bᵀ on each column) reads the tile where
                        // it lies. Copying it out first was 5 % of evaluating the `cnn` preset.
                        let corner = UnsafeMutablePointer(mutating: xi + (y0 * w + x0) * c)
                        for col in 0..<6 {
                            bTransposeColumn(Strided(corner + col * c, w * c), into: Strided(d + col * c, rowLen), count: c)
                        }
                    } else {
                        // On the edge: the same column pass over the rows that lie in the image,
                        // the others (padding, the far edge) read as zero — the same values and
                        // operations as copying the tile out with zeros around it, without the
                        // copy (which was a tenth of evaluating the padded shipped model).
                        let rows = max(0, -y0)..<max(max(0, -y0), min(6, h - y0))
                        for col in 0..<6 {
                            let ix = x0 + col, dcol = Strided(d + col * c, rowLen)
                            if ix < 0 || ix >= w || rows.isEmpty {
                                for r in 0..<6 { (d + r * rowLen + col * c).update(repeating: 0, count: c) }
                                continue
                            }
                            // The column's first row in the image, rows.lowerBound of the tile.
                            let first = UnsafeMutablePointer(mutating: xi + ((y0 + rows.lowerBound) * w + ix) * c)
                            bTransposeColumn(Strided(first, w * c), rows: rows, into: dcol, count: c)
                        }
                    }
                    // Rows into V: position (r, k) of this tile at out + (6r + k)·ps.
                    let (out, ps) = sink.target(index)
                    for r in 0..<6 { bTransposeColumn(Strided(d + r * rowLen, c), into: Strided(out + 6 * r * ps, ps), count: c) }
                    sink.finish(index)
                    index += 1
                }
            }
        }
    }

    /// The adjoint of `transformInput`: dX = the sum of B dV Bᵀ over the tiles (overwritten, not
    /// added to); overlapping tiles add up, padding and the far edge are dropped. The AVX-512
    /// kernel stores 0 + the value where no earlier tile wrote (the tiles, 4 apart, cover every
    /// pixel of a 3×3 convolution's input) instead of dX being zeroed first: the same bits.
    static func inputGradient(_ dv: UnsafePointer<Float>,                 // dV [36][N·tiles][C]
                              _ geometry: ConvGeometry,
                              _ dx: UnsafeMutablePointer<Float>,          // dX (N,H,W,C) NHWC
                              scratch d: UnsafeMutablePointer<Float>,     // one tile, 36·C
                              avx512: Bool = tilesAVX512) {
        let (n, h, w, c, pad) = (geometry.n, geometry.h, geometry.w, geometry.c, geometry.pad)
        let tiles = Winograd.tiles(geometry)
        let rowLen = 6 * c, ps = n * tiles.y * tiles.x * c
        let vector = avx512 && c % 16 == 0
        if !vector { dx.update(repeating: 0, count: n * h * w * c) }
        var t = UnsafeMutablePointer(mutating: dv)
        for img in 0..<n {
            let xi = dx + img * h * w * c
            for ty in 0..<tiles.y {
                for tx in 0..<tiles.x {
                    if vector {
                        // Rows 0, 1 were the tiles' above, columns 0, 1 the one's to the left.
                        digitrec_winograd4_input_gradient_tile(t, ps, Int32(c), xi, Int32(h), Int32(w),
                                                               Int32(ty * m - pad), Int32(tx * m - pad),
                                                               ty > 0 ? 2 : 0, tx > 0 ? 2 : 0)
                        t += c
                        continue
                    }
                    // Rows out of dV into the scratch tile, then columns in place (the transpose of
                    // the forward order); dV is only read.
                    for r in 0..<6 { bColumn(Strided(t + 6 * r * ps, ps), into: Strided(d + r * rowLen, c), count: c) }
                    for col in 0..<6 { bColumn(Strided(d + col * c, rowLen), into: Strided(d + col * c, rowLen), count: c) }
                    let y0 = ty * m - pad, x0 = tx * m - pad
                    for r in 0..<6 {
                        let iy = y0 + r
                        guard iy >= 0 && iy < h else { continue }
                        let src = d + r * rowLen, row = xi + iy * w * c
                        let first = max(0, -x0), last = min(6, w - x0)
                        guard first < last else { continue }
                        let dst = row + (x0 + first) * c, s = src + first * c
                        var j = 0, count = (last - first) * c
                        while j < count { (Lanes.load(dst + j) + Lanes.load(s + j)).store(dst + j); j += 8 }
                    }
                    t += c
                }
            }
        }
    }

    /// Six values Bᵀ·(d0…d5) per channel. In place is allowed (`o` over `s`): each group of
    /// lanes is read whole before it is written.
    @inline(__always)
    private static func bTransposeColumn(_ s: Strided, into o: Strided, count: Int) {
        var c = 0
        while c < count {
            bTranspose(s[0, c], s[1, c], s[2, c], s[3, c], s[4, c], s[5, c], into: o, at: c)
            c += 8
        }
    }

    /// `bTransposeColumn` of a column of which only the elements in `rows` lie in the image, `s`
    /// starting at the first of them; the others read as zero. The same operations on the same
    /// values as over a copy with zeros around it.
    @inline(__always)
    private static func bTransposeColumn(_ s: Strided, rows: Range<Int>, into o: Strided, count: Int) {
        let zero = Lanes(repeating: 0), (lo, hi) = (rows.lowerBound, rows.upperBound)
        var c = 0
        while c < count {
            @inline(__always) func row(_ k: Int) -> Lanes { lo <= k && k < hi ? s[k - lo, c] : zero }
            bTranspose(row(0), row(1), row(2), row(3), row(4), row(5), into: o, at: c)
            c += 8
        }
    }

    /// Bᵀ·(d0…d5) for lanes c…c+7, into element 0…5 of `o`.
    @inline(__always)
    private static func bTranspose(_ d0: Lanes, _ d1: Lanes, _ d2: Lanes, _ d3: Lanes, _ d4: Lanes, _ d5: Lanes,
                                   into o: Strided, at c: Int) {
        let four: Float = 4, five: Float = 5, two: Float = 2
        let a: Lanes = d4 - d2 * four, b: Lanes = d3 - d1 * four   // rows 1, 2
        let p: Lanes = d4 - d2, q: Lanes = (d3 - d1) * two          // rows 3, 4
        let r0: Lanes = d0 * four - d2 * five
        let r5: Lanes = d1 * four - d3 * five
        o[0, c] = r0 + d4
        o[1, c] = a + b
        o[2, c] = a - b
        o[3, c] = p + q
        o[4, c] = p - q
        o[5, c] = r5 + d5
    }

    /// Six values B·(v0…v5) per channel (the transpose of `bTransposeColumn`); in place allowed.
    @inline(__always)
    private static func bColumn(_ s: Strided, into o: Strided, count: Int) {
        let four: Float = 4, five: Float = 5, two: Float = 2
        var c = 0
        while c < count {
            let v0 = s[0, c], v1 = s[1, c], v2 = s[2, c], v3 = s[3, c], v4 = s[4, c], v5 = s[5, c]
            let r1: Lanes = (v2 - v1) * four + (v4 - v3) * two
            let r2: Lanes = v0 * five + (v1 + v2) * four
            let r3: Lanes = (v1 - v2) + (v3 - v4) * two
            let r4: Lanes = v0 + v1 + v2
            o[0, c] = v0 * four
            o[1, c] = r1 + v5 * four
            o[2, c] = Lanes(repeating: 0) - r2 - (v3 + v4)
            o[3, c] = r3 - v5 * five
            o[4, c] = r4 + v3 + v4
            o[5, c] = v5
            c += 8
        }
    }

    // MARK: output tiles

    /// Y = Aᵀ M A for every tile, plus bias and an optional ReLU, written into the output
    /// (N×OH×OW×F); the part of an edge tile beyond the output is dropped.
    static func transformOutput(_ mm: UnsafePointer<Float>,               // M [36][N·tiles][F]
                                positionStride: Int? = nil,               // default N·tiles·F
                                _ geometry: ConvGeometry,
                                bias: UnsafePointer<Float>,               // bias (F)
                                relu: Bool,
                                _ y: UnsafeMutablePointer<Float>,         // output (N,OH,OW,F) NHWC
                                scratch s: UnsafeMutablePointer<Float>,   // one tile's outputs and more, 40·F
                                avx512: Bool = tilesAVX512) {
        let (n, oh, ow, f) = (geometry.n, geometry.oh, geometry.ow, geometry.f)
        let tiles = Winograd.tiles(geometry)
        let ps = positionStride ?? n * tiles.y * tiles.x * f
        let vector = avx512 && f % 16 == 0
        var t = mm
        for img in 0..<n {
            let yi = y + img * oh * ow * f
            for ty in 0..<tiles.y {
                for tx in 0..<tiles.x {
                    let oy0 = ty * m, ox0 = tx * m
                    let rows = min(m, oh - oy0), cols = min(m, ow - ox0)
                    if vector {
                        digitrec_winograd4_output_tile(t, ps, Int32(f), bias, relu ? 1 : 0, yi + (oy0 * ow + ox0) * f, ow * f,
                                                       Int32(rows), Int32(cols))
                    } else if rows == m && cols == m {
                        // A whole tile: its rows straight into the output.
                        outputTile(t, ps, f: f, bias: bias, relu: relu, into: yi + (oy0 * ow + ox0) * f, rowStride: ow * f,
                                   scratch: s + 16 * f)
                    } else {
                        // The part of an edge tile that lies in the output, through the scratch tile.
                        outputTile(t, ps, f: f, bias: bias, relu: relu, into: s, rowStride: 4 * f, scratch: s + 16 * f)
                        for r in 0..<rows { (yi + ((oy0 + r) * ow + ox0) * f).update(from: s + r * 4 * f, count: cols * f) }
                    }
                    t += f
                }
            }
        }
    }

    /// `transformOutput` with 2×2 max pooling fused in (after the ReLU): each 4×4 tile holds
    /// four whole pooling windows, so the full-size output is never written. `y` and `code` are
    /// N×(OH/2)×(OW/2)×F: the maximum, and which of its window's positions won (row·2 + column,
    /// the first in scan order on ties, as in MaxPool2D) — or, with the ReLU, −1 where the
    /// maximum is 0 or below: no gradient passes there, and `pooledOutputGradient` learns it
    /// from the code instead of reading `y` again (a third of what it read from memory).
    static func transformOutputPooled(_ mm: UnsafePointer<Float>,                // M [36][N·tiles][F]
                                      positionStride: Int? = nil,                // default N·tiles·F
                                      _ geometry: ConvGeometry,
                                      bias: UnsafePointer<Float>,                // bias (F)
                                      relu: Bool,
                                      _ y: UnsafeMutablePointer<Float>,          // output (N,OH/2,OW/2,F) NHWC
                                      code: UnsafeMutablePointer<Float>,         // winners (N,OH/2,OW/2,F)
                                      scratch s: UnsafeMutablePointer<Float>,    // one tile's outputs and more, 40·F
                                      avx512: Bool = tilesAVX512) {
        let (n, oh, ow, f) = (geometry.n, geometry.oh, geometry.ow, geometry.f)
        let tiles = Winograd.tiles(geometry)
        let ph = oh / 2, pw = ow / 2, ps = positionStride ?? n * tiles.y * tiles.x * f
        let zero = Lanes(repeating: 0)
        let vector = avx512 && f % 16 == 0
        var t = mm
        for img in 0..<n {
            for ty in 0..<tiles.y {
                for tx in 0..<tiles.x {
                    if vector {
                        let at = ((img * ph + ty * 2) * pw + tx * 2) * f
                        digitrec_winograd4_output_tile_pooled(t, ps, Int32(f), bias, relu ? 1 : 0, y + at, code + at, pw * f,
                                                              Int32(max(0, min(2, ph - ty * 2))), Int32(max(0, min(2, pw - tx * 2))))
                        t += f
                        continue
                    }
                    outputTile(t, ps, f: f, bias: bias, relu: relu, into: s, rowStride: 4 * f, scratch: s + 16 * f)
                    t += f
                    for wy in 0..<2 where ty * 2 + wy < ph {
                        for wx in 0..<2 where tx * 2 + wx < pw {
                            let window = s + (wy * 8 + wx * 2) * f
                            let at = ((img * ph + ty * 2 + wy) * pw + tx * 2 + wx) * f
                            var c = 0
                            while c < f {
                                var best = Lanes.load(window + c), won = Lanes(repeating: 0)
                                let right = Lanes.load(window + f + c), below = Lanes.load(window + 4 * f + c)
                                let diagonal = Lanes.load(window + 5 * f + c)
                                var larger = right .> best
                                best.replace(with: right, where: larger); won.replace(with: 1, where: larger)
                                larger = below .> best
                                best.replace(with: below, where: larger); won.replace(with: 2, where: larger)
                                larger = diagonal .> best
                                best.replace(with: diagonal, where: larger); won.replace(with: 3, where: larger)
                                if relu { won.replace(with: -1, where: best .<= zero) }
                                best.store(y + at + c)
                                won.store(code + at + c)
                                c += 8
                            }
                        }
                    }
                }
            }
        }
    }

    /// One tile's 4×4×F outputs, Aᵀ M A + bias (then ReLU): row r at o + r·rowStride, its four
    /// pixels F apart (the scratch tile, or the output itself); `half` holds the column pass
    /// (4×6×F). M (its positions `ps` apart) is only read.
    @inline(__always)
    private static func outputTile(_ t: UnsafePointer<Float>, _ ps: Int, f: Int, bias: UnsafePointer<Float>, relu: Bool,
                                   into o: UnsafeMutablePointer<Float>, rowStride: Int, scratch half: UnsafeMutablePointer<Float>) {
        let rowLen = 6 * f, tm = UnsafeMutablePointer(mutating: t)
        for col in 0..<6 { aTransposeColumn(Strided(tm + col * ps, 6 * ps), into: Strided(half + col * f, rowLen), count: f) }
        for r in 0..<4 {
            aTransposeColumn(Strided(half + r * rowLen, f), into: Strided(o + r * rowStride, f), bias: bias, relu: relu, count: f)
        }
    }

    /// The adjoint of the output transform: dM = A dY Aᵀ per tile, zero beyond the output.
    static func outputGradient(_ dy: UnsafePointer<Float>,                   // dY (N,OH,OW,F) NHWC
                               _ geometry: ConvGeometry,
                               _ dm: UnsafeMutablePointer<Float>,            // dM [36][N·tiles][F]
                               scratch s: UnsafeMutablePointer<Float>) {     // one tile, 36·F
        let (n, oh, ow, f) = (geometry.n, geometry.oh, geometry.ow, geometry.f)
        let tiles = Winograd.tiles(geometry)
        let rowLen = 6 * f, ps = n * tiles.y * tiles.x * f
        var t = dm
        for img in 0..<n {
            let di = dy + img * oh * ow * f
            for ty in 0..<tiles.y {
                for tx in 0..<tiles.x {
                    let oy0 = ty * m, ox0 = tx * m
                    let rows = min(m, oh - oy0), cols = min(m, ow - ox0)
                    // dY's 4×4 block into rows 0…3, columns 0…3 of the scratch tile (zero-filled at edges).
                    for r in 0..<4 {
                        let dst = s + r * rowLen
                        if r >= rows { dst.update(repeating: 0, count: 4 * f); continue }
                        dst.update(from: di + ((oy0 + r) * ow + ox0) * f, count: cols * f)
                        if cols < 4 { (dst + cols * f).update(repeating: 0, count: (4 - cols) * f) }
                    }
                    expandGradientTile(s, f: f, into: t, ps)
                    t += f
                }
            }
        }
    }

    /// The adjoint of `transformOutputPooled`: each pooled gradient goes to its window's winner
    /// (through the ReLU: only where the maximum is positive, which the code says), then
    /// dM = A dY Aᵀ per tile, each tile to `sink` (dM's fp32 panels, or rounded to bf16).
    /// Adds the bias gradient (the sum of what passes the ReLU) into `dBias`. With `dropout` (the
    /// keep scale of a dropout after the layer that marked its dropped winners' codes 4…7,
    /// `Dropout.applyMarkingWinners`), dY is multiplied by the dropout's mask, read from the
    /// codes, as it is read: what the dropout's backward pass would have written into dY, without
    /// that pass over memory, nor a mask written and read back.
    static func pooledOutputGradient(_ dy: UnsafePointer<Float>,               // dY (N,OH/2,OW/2,F) NHWC
                                     dropout: Float? = nil,                    // keep scale; codes 4…7: dropped
                                     code: UnsafePointer<Float>,               // winners (N,OH/2,OW/2,F), −1: none
                                     _ geometry: ConvGeometry,
                                     relu: Bool,
                                     dBias: UnsafeMutablePointer<Float>,       // dBias (F), accumulated
                                     into sink: TileSink,                      // dM [36][N·tiles][F], tiles in order
                                     scratch s: UnsafeMutablePointer<Float>,   // one tile, 36·F
                                     avx512: Bool = tilesAVX512) {
        let (n, oh, ow, f) = (geometry.n, geometry.oh, geometry.ow, geometry.f)
        let tiles = Winograd.tiles(geometry)
        let rowLen = 6 * f, ph = oh / 2, pw = ow / 2
        let zero = Lanes(repeating: 0), four = Lanes(repeating: 4)
        let keep = Lanes(repeating: dropout ?? 1)
        let vector = avx512 && f % 16 == 0
        var index = 0
        for img in 0..<n {
            for ty in 0..<tiles.y {
                for tx in 0..<tiles.x {
                    if vector {
                        let at = ((img * ph + ty * 2) * pw + tx * 2) * f
                        let (wy, wx) = (Int32(max(0, min(2, ph - ty * 2))), Int32(max(0, min(2, pw - tx * 2))))
                        if sink.rounds {
                            var tile = sink.bf16Tile(index)
                            digitrec_winograd4_pooled_gradient_tile_bf16(dy + at, code + at, pw * f, wy, wx, Int32(f), relu ? 1 : 0,
                                                                         dropout == nil ? 0 : 1, dropout ?? 1, dBias, &tile)
                        } else {
                            let (t, ps) = sink.target(index)
                            digitrec_winograd4_pooled_gradient_tile(dy + at, code + at, pw * f, wy, wx, Int32(f), relu ? 1 : 0,
                                                                    dropout == nil ? 0 : 1, dropout ?? 1, dBias, t, ps)
                        }
                        index += 1
                        continue
                    }
                    for r in 0..<4 { (s + r * rowLen).update(repeating: 0, count: 4 * f) }
                    for wy in 0..<2 where ty * 2 + wy < ph {
                        for wx in 0..<2 where tx * 2 + wx < pw {
                            let at = ((img * ph + ty * 2 + wy) * pw + tx * 2 + wx) * f
                            let window = s + wy * 2 * rowLen + wx * 2 * f
                            var c = 0
                            while c < f {
                                var g = Lanes.load(dy + at + c)
                                var won = Lanes.load(code + at + c)
                                if dropout != nil {
                                    // The dropout's mask from the codes: the same products as dY·mask.
                                    let dropped = won .>= four
                                    g = g * zero.replacing(with: keep, where: .!dropped)
                                    won.replace(with: won - four, where: dropped)
                                }
                                if relu { g.replace(with: zero, where: won .< zero) }
                                (Lanes.load(dBias + c) + g).store(dBias + c)
                                g.replacing(with: 0, where: won .!= 0).store(window + c)
                                g.replacing(with: 0, where: won .!= 1).store(window + f + c)
                                g.replacing(with: 0, where: won .!= 2).store(window + rowLen + c)
                                g.replacing(with: 0, where: won .!= 3).store(window + rowLen + f + c)
                                c += 8
                            }
                        }
                    }
                    let (t, ps) = sink.target(index)
                    expandGradientTile(s, f: f, into: t, ps)
                    sink.finish(index)
                    index += 1
                }
            }
        }
    }

    /// A on rows 0…3 of a scratch tile (rows 6·F apart) holding dY in its top-left 4×4 (4 → 6
    /// values, in place), then on all six columns (4 → 6) into dM's positions, `ps` apart.
    @inline(__always)
    private static func expandGradientTile(_ s: UnsafeMutablePointer<Float>, f: Int, into t: UnsafeMutablePointer<Float>, _ ps: Int) {
        let rowLen = 6 * f
        for r in 0..<4 { aColumn(Strided(s + r * rowLen, f), into: Strided(s + r * rowLen, f), count: f) }
        for col in 0..<6 { aColumn(Strided(s + col * f, rowLen), into: Strided(t + col * ps, 6 * ps), count: f) }
    }

    /// Four values Aᵀ·(m0…m5) per channel, written over the first four; in place allowed.
    @inline(__always)
    private static func aTransposeColumn(_ s: Strided, into o: Strided, count: Int) {
        var c = 0
        while c < count {
            let (o0, o1, o2, o3) = aTranspose(s, at: c)
            o[0, c] = o0
            o[1, c] = o1
            o[2, c] = o2
            o[3, c] = o3
            c += 8
        }
    }

    /// Aᵀ·(m0…m5) for lanes c…c+7 of `s`: the four values of one output column.
    @inline(__always)
    private static func aTranspose(_ s: Strided, at c: Int) -> (Lanes, Lanes, Lanes, Lanes) {
        let two: Float = 2, four: Float = 4, eight: Float = 8
        let m0 = s[0, c], m1 = s[1, c], m2 = s[2, c], m3 = s[3, c], m4 = s[4, c], m5 = s[5, c]
        let sum12: Lanes = m1 + m2, dif12: Lanes = m1 - m2, sum34: Lanes = m3 + m4, dif34: Lanes = m3 - m4
        let r3: Lanes = dif12 + dif34 * eight
        return (m0 + sum12 + sum34, dif12 + dif34 * two, sum12 + sum34 * four, r3 + m5)
    }

    /// `aTransposeColumn` with the bias added to each of the four values, then max(0, ·) when
    /// `relu`: the same operations as adding them in a pass of their own, one store fewer.
    @inline(__always)
    private static func aTransposeColumn(_ s: Strided, into o: Strided, bias: UnsafePointer<Float>, relu: Bool, count: Int) {
        let zero = Lanes(repeating: 0)
        // Compare and select: the stdlib's pointwiseMax is an out-of-line call per vector.
        @inline(__always) func finish(_ v: Lanes) -> Lanes { relu ? v.replacing(with: zero, where: v .< zero) : v }
        var c = 0
        while c < count {
            let b = Lanes.load(bias + c)
            let (o0, o1, o2, o3) = aTranspose(s, at: c)
            o[0, c] = finish(o0 + b)
            o[1, c] = finish(o1 + b)
            o[2, c] = finish(o2 + b)
            o[3, c] = finish(o3 + b)
            c += 8
        }
    }

    /// Six values A·(y0…y3) per channel (the transpose of `aTransposeColumn`); in place allowed.
    @inline(__always)
    private static func aColumn(_ s: Strided, into o: Strided, count: Int) {
        let two: Float = 2, four: Float = 4, eight: Float = 8
        var c = 0
        while c < count {
            let y0 = s[0, c], y1 = s[1, c], y2 = s[2, c], y3 = s[3, c]
            let even: Lanes = y0 + y2, odd: Lanes = y1 + y3
            let even4: Lanes = y0 + y2 * four, odd8: Lanes = y1 * two + y3 * eight
            o[0, c] = y0
            o[1, c] = even + odd
            o[2, c] = even - odd
            o[3, c] = even4 + odd8
            o[4, c] = even4 - odd8
            o[5, c] = y3
            c += 8
        }
    }
}
