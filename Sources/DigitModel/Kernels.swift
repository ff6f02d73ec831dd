import CBLAS
import CKernels
import Dispatch
import Glibc
import Support

/// The few hot loops of the engine. Everything is NHWC: a sample is H×W×C floats
/// with the channels of one pixel contiguous, so im2col copies runs of C floats and
/// a convolution's GEMM output is already the next layer's input.
public enum Kernels {
    /// C[M×N] = A · B (+ C if accumulate), row-major; `transA`/`transB` use the transposes.
    @inline(__always)
    static func gemm(_ transA: Bool, _ transB: Bool, m: Int, n: Int, k: Int,
                     _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int,
                     _ c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool = false) {
        if let sgemm = BLAS.shared.sgemm {
            digitrec_call_sgemm(sgemm, transA ? 1 : 0, transB ? 1 : 0, Int32(m), Int32(n), Int32(k),
                                a, Int32(lda), b, Int32(ldb), accumulate ? 1 : 0, c, Int32(ldc))
        } else {
            referenceGemm(transA, transB, m: m, n: n, k: k, a, lda: lda, b, ldb: ldb, c, ldc: ldc, accumulate: accumulate)
        }
    }

    /// The GEMMs of Winograd's transformed tiles (36 per chunk, each 72 rows by 32–64):
    /// the own AVX2 kernel (CKernels/sgemm_avx2.c), which skips the copies OpenBLAS makes of both
    /// operands, where the CPU has it; OpenBLAS otherwise, or with DIGITREC_OWN_GEMM=0. `n` must
    /// be a multiple of 8. B is never transposed.
    @inline(__always)
    static func smallGemm(transA: Bool, m: Int, n: Int, k: Int,
                          _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int,
                          _ c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool = false) {
        // The kernel stores 8 columns at a time: any other n would write past C's rows.
        precondition(n % 8 == 0, "smallGemm: n = \(n) is not a multiple of 8")
        if CPU.ownGemm {
            ownGemm(transA: transA, m: m, n: n, k: k, a, lda: lda, b, ldb: ldb, c, ldc: ldc, accumulate: accumulate)
        } else {
            gemm(transA, false, m: m, n: n, k: k, a, lda: lda, b, ldb: ldb, c, ldc: ldc, accumulate: accumulate)
        }
    }

    /// C[m×n] = A[m×k] · B[k×n] (+ C) skipping the columns of A that are zero in a whole block
    /// of rows (CKernels/sgemm_sparse_avx512.c): a dense layer's inputs after a ReLU in inference.
    /// Callers check `CPU.sparseDense`.
    @inline(__always)
    static func sparseGemm(m: Int, n: Int, k: Int, _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int,
                           _ c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool = false) {
        digitrec_sgemm_sparse_avx512(Int32(m), Int32(n), Int32(k), a, Int32(lda), b, Int32(ldb), c, Int32(ldc), accumulate ? 1 : 0)
    }

    /// The own GEMM itself (callers check `CPU.haswell`): the AVX-512 kernel where the CPU has
    /// it (`CPU.ownGemmAVX512`), the AVX2 one otherwise. Both give bit-identical results.
    @inline(__always)
    static func ownGemm(transA: Bool, m: Int, n: Int, k: Int,
                        _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int,
                        _ c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool = false) {
        if CPU.ownGemmAVX512 {
            digitrec_sgemm_avx512(transA ? 1 : 0, Int32(m), Int32(n), Int32(k), a, Int32(lda), b, Int32(ldb),
                                  c, Int32(ldc), accumulate ? 1 : 0)
        } else {
            digitrec_sgemm_avx2(transA ? 1 : 0, Int32(m), Int32(n), Int32(k), a, Int32(lda), b, Int32(ldb),
                                c, Int32(ldc), accumulate ? 1 : 0)
        }
    }

    /// Whether the bf16 GEMMs take an inner dimension of `k` (pairs along k: even).
    static func bf16Takes(k: Int) -> Bool { k % 2 == 0 }

    /// The row stride (in pairs) for B's pairs with n columns: n, or n + 16 when n is a multiple
    /// of 256 beyond 256 — rows a multiple of 4 KB apart fall into one set of the L1 cache, and a
    /// dense layer's 9216 columns made the pack's stores and the GEMM's reads of one strip evict
    /// each other (`cnn`'s, which since session 39 runs in fp32 on the bf16 path; any such layer).
    static func bf16PairStride(n: Int) -> Int { n > 256 && n % 256 == 0 ? n + 16 : n }

    /// Floats' room for B's pairs (k×n, rows `bf16PairStride(n:)` apart).
    static func bf16PairFloats(k: Int, n: Int) -> Int { k / 2 * bf16PairStride(n: n) }

    /// B (k×n) rounded to bf16 pairs along k for `bf16Gemm` and `bf16GemmTN`, rows `ldo` apart
    /// (`bf16PairFloats` of room at `out` for the default).
    static func packBF16Pairs(k: Int, n: Int, _ b: UnsafePointer<Float>, ldb: Int, _ out: UnsafeMutableRawPointer, ldo: Int? = nil) {
        digitrec_bf16_pack_pairs(Int32(k), Int32(n), b, Int32(ldb), out, Int32(ldo ?? bf16PairStride(n: n)))
    }

    /// The same pairs of B (k×n) read from Bᵀ (n rows of k floats, `ldbt` apart).
    static func packBF16PairsTransposed(k: Int, n: Int, _ bt: UnsafePointer<Float>, ldbt: Int, _ out: UnsafeMutableRawPointer) {
        digitrec_bf16_pack_pairs_transposed(Int32(k), Int32(n), bt, Int32(ldbt), out, Int32(bf16PairStride(n: n)))
    }

    /// B's pairs (as `packBF16Pairs`) and Bᵀ's pairs along n (as `packBF16PairsTransposed` from
    /// Bᵀ) from one read of B (k×n, contiguous rows).
    static func packBF16PairsBoth(k: Int, n: Int, _ b: UnsafePointer<Float>, _ pairs: UnsafeMutableRawPointer,
                                  transposed: UnsafeMutableRawPointer) {
        digitrec_bf16_pack_pairs_both(Int32(k), Int32(n), b, pairs, Int32(bf16PairStride(n: n)), transposed, Int32(bf16PairStride(n: k)))
    }

    /// Rows `rows` of B (k×n, contiguous rows; `rows` starting at an even row) into their places
    /// in the pairs `packBF16PairsBoth` makes of all of B (`pairs` and `transposed` laid out
    /// for all k rows): what it writes there is what it would write for all of B.
    static func packBF16PairsBoth(k: Int, n: Int, _ b: UnsafePointer<Float>, rows: Range<Int>, _ pairs: UnsafeMutableRawPointer,
                                  transposed: UnsafeMutableRawPointer) {
        precondition(rows.lowerBound % 2 == 0 && rows.lowerBound >= 0 && rows.upperBound <= k, "packBF16PairsBoth: rows \(rows) of \(k)")
        let ldp = bf16PairStride(n: n), lo = rows.lowerBound
        digitrec_bf16_pack_pairs_both(Int32(rows.count), Int32(n), b + lo * n, pairs + lo / 2 * ldp * 4, Int32(ldp),
                                      transposed + lo * 4, Int32(bf16PairStride(n: k)))
    }

    /// C[m×n] = A[m×k] · B (+ C), A rounded to bf16 here, B packed by `packBF16Pairs` (rows
    /// `ldp` apart, by default as it packs them), fp32 sums (CKernels/sgemm_bf16.c; callers
    /// check `CPU.bf16` and `bf16Takes`).
    @inline(__always)
    static func bf16Gemm(m: Int, n: Int, k: Int, _ a: UnsafePointer<Float>, lda: Int, _ pairs: UnsafeRawPointer, ldp: Int? = nil,
                         _ c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool = false) {
        precondition(n % 8 == 0 && bf16Takes(k: k), "bf16Gemm: n = \(n), k = \(k)")
        digitrec_sgemm_bf16(Int32(m), Int32(n), Int32(k), a, Int32(lda), pairs, Int32(ldp ?? bf16PairStride(n: n)),
                            c, Int32(ldc), accumulate ? 1 : 0)
    }

    /// `bf16Gemm` with A's rows already rounded to bf16 (uint16, `lda` apart, even; a Winograd
    /// transform's `TileSink`): the same products and sums. k ≤ 1024 (`bf16RoundedTakes`).
    @inline(__always)
    static func bf16GemmRounded(m: Int, n: Int, k: Int, _ a: UnsafeRawPointer, lda: Int, _ pairs: UnsafeRawPointer, ldp: Int,
                                _ c: UnsafeMutablePointer<Float>, ldc: Int) {
        precondition(n % 8 == 0 && bf16RoundedTakes(k: k) && lda % 2 == 0, "bf16GemmRounded: n = \(n), k = \(k), lda = \(lda)")
        digitrec_sgemm_bf16_rounded(Int32(m), Int32(n), Int32(k), a, Int32(lda), pairs, Int32(ldp), c, Int32(ldc), 0)
    }

    /// Whether `bf16GemmRounded` takes an inner dimension of `k` (one pass: `bf16Gemm`'s 1024).
    static func bf16RoundedTakes(k: Int) -> Bool { bf16Takes(k: k) && k <= 1024 }

    /// C[m×n] = Aᵀ · B (+ C) for A (k×m) and B (k×n), both packed by `packBF16Pairs`, fp32 sums.
    @inline(__always)
    static func bf16GemmTN(m: Int, n: Int, k: Int, _ aPairs: UnsafeRawPointer, ldap: Int? = nil, _ bPairs: UnsafeRawPointer, ldbp: Int? = nil,
                           _ c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool = false) {
        precondition(n % 8 == 0 && bf16Takes(k: k), "bf16GemmTN: n = \(n), k = \(k)")
        digitrec_sgemm_bf16_tn(Int32(m), Int32(n), Int32(k), aPairs, Int32(ldap ?? bf16PairStride(n: m)), bPairs,
                               Int32(ldbp ?? bf16PairStride(n: n)),
                               c, Int32(ldc), accumulate ? 1 : 0)
    }

    /// t[j·rows + i] = s[i·cols + j]: a rows×cols matrix transposed.
    static func transpose(_ s: UnsafePointer<Float>, rows: Int, cols: Int, _ t: UnsafeMutablePointer<Float>) {
        for i in 0..<rows {
            for j in 0..<cols { t[j * rows + i] = s[i * cols + j] }
        }
    }

    /// Sets OpenBLAS's environment (not loading it: `BLAS`); called before any worker of a network runs.
    static func configureBLAS() { _ = BLASEnvironment.shared }

    /// Which GEMM the engine uses (for benchmarks and bug reports).
    public static var blasName: String { BLAS.shared.library }

    /// The OpenBLAS kernel in force ("SKYLAKEX", "HASWELL"), as OpenBLAS names it, else as
    /// OPENBLAS_CORETYPE does once the engine has chosen; nil without OpenBLAS. Not `blasName`:
    /// that also says what CPUID would have chosen (session 32: on a Zen 5 whose environment
    /// sets OPENBLAS_CORETYPE=Haswell, "CPUID would choose SKYLAKEX" enabled the tests of the
    /// SKYLAKEX kernel's sums).
    public static var blasCore: String? {
        configureBLAS()
        guard BLAS.shared.sgemm != nil else { return nil }
        // Asked, not assumed (review, session 32): a name OpenBLAS does not know leaves it on
        // the kernel CPUID chose, not the one the variable names.
        return (BLAS.shared.core ?? Environment.value("OPENBLAS_CORETYPE"))?.uppercased()
    }

    /// The machine's SGEMM rate: every thread multiplies its own 2048×2048 matrices with
    /// the engine's GEMM (median of three rounds). The benchmark's yardstick for "fraction of peak".
    public static func peakGFLOPS(threads: Int, size n: Int = 2048) -> Double {
        let a = FloatBuffer(count: n * n), b = FloatBuffer(count: n * n)
        for i in 0..<(n * n) { a.pointer[i] = Float(i % 7) * 0.1; b.pointer[i] = Float(i % 5) * 0.1 }
        let outputs = (0..<threads).map { _ in FloatBuffer(count: n * n) }
        var rates: [Double] = []
        for _ in 0..<4 {
            let start = now()
            parallelFor(threads) { t in
                gemm(false, false, m: n, n: n, k: n, a.pointer, lda: n, b.pointer, ldb: n, outputs[t].pointer, ldc: n)
            }
            rates.append(2 * Double(n * n * n) * Double(threads) / (now() - start) / 1e9)
        }
        return rates.dropFirst().sorted()[1]  // first round warms up
    }

    /// Whether this CPU could run Winograd's products in bf16 (`DIGITREC_BF16=1` turns them on).
    public static var bf16Available: Bool { CPU.features & Int(DIGITREC_CPU_AVX512_BF16) != 0 }

    /// Which own GEMM kernel runs Winograd's GEMMs ("AVX-512", "AVX2"), nil where none does.
    public static var ownGemmName: String? { CPU.ownGemm ? (CPU.ownGemmAVX512 ? "AVX-512" : "AVX2") : nil }

    /// The own GEMM's rate (`smallGemm`), nil where it does not run: every thread multiplies
    /// 252×32 by 32×64 operands in cache (the chunk shape before position-major tiles, kept so the
    /// figure compares with earlier runs) over and over (median of three rounds
    /// after a warm-up). A fraction of "the peak" is honest only against the higher of the two.
    public static func ownGemmPeakGFLOPS(threads: Int) -> Double? {
        guard CPU.ownGemm else { return nil }
        let (m, n, k, reps) = (252, 64, 32, 2000)
        let a = FloatBuffer(count: m * k), b = FloatBuffer(count: k * n)
        for i in 0..<(m * k) { a.pointer[i] = Float(i % 7) * 0.1 }
        for i in 0..<(k * n) { b.pointer[i] = Float(i % 5) * 0.1 }
        let outputs = (0..<threads).map { _ in FloatBuffer(count: m * n) }
        var rates: [Double] = []
        for _ in 0..<4 {
            let start = now()
            parallelFor(threads) { t in
                for _ in 0..<reps { ownGemm(transA: false, m: m, n: n, k: k, a.pointer, lda: k, b.pointer, ldb: n, outputs[t].pointer, ldc: n) }
            }
            rates.append(2 * Double(m * n * k * reps) * Double(threads) / (now() - start) / 1e9)
        }
        return rates.dropFirst().sorted()[1]
    }

    /// Plain GEMM, used when OpenBLAS is not installed.
    static func referenceGemm(_ transA: Bool, _ transB: Bool, m: Int, n: Int, k: Int,
                              _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int,
                              _ c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool = false) {
        for i in 0..<m {
            let ci = c + i * ldc
            if !accumulate { ci.update(repeating: 0, count: n) }
            for p in 0..<k {
                let aip = transA ? a[p * lda + i] : a[i * lda + p]
                if aip == 0 { continue }
                if transB {
                    for j in 0..<n { ci[j] += aip * b[j * ldb + p] }
                } else {
                    let bp = b + p * ldb
                    for j in 0..<n { ci[j] += aip * bp[j] }
                }
            }
        }
    }

    /// Direct convolution of one-channel images (a network's first layer), weight (K,K,1,F)
    /// with F a multiple of 8: per output pixel, K·K broadcast multiply-adds into F/8 lane
    /// groups (four at a time, sharing each broadcast), bias and ReLU on the way out. Through
    /// im2col the GEMM has an inner dimension of K·K = 9, too short for SGEMM's kernel, and
    /// writing the patch matrix cost as much again.
    /// Otherwise identical to `im2col` + `gemm` + `addBias` (DirectConvTests hold them equal).
    /// Where the CPU has AVX-512, the same arithmetic four pixels at a time in C
    /// (`digitrec_conv_one_channel_avx512`, bit-identical; `DIGITREC_OWN_GEMM=0` keeps this loop),
    /// which with `reuse` copies the outputs of pixels over blank paper as the inference kernel
    /// does (the same bits; `convolveOneChannelFMA`): training's first-layer forward, computed
    /// twice a step (`FirstLayersInChunks`), was 2.2 % of an fp32 and 3.4 % of a bf16 `cnn` epoch.
    /// Returns how many groups of four were copied.
    @discardableResult
    static func convolveOneChannel(_ x: UnsafePointer<Float>,            // input  (N,H,W,1) NHWC
                                   _ geometry: ConvGeometry,
                                   _ weight: UnsafePointer<Float>,       // weight (K,K,1,F)
                                   bias: UnsafePointer<Float>,           // bias   (F)
                                   relu: Bool,
                                   reuse: Bool = ConstantTiles.allowed,
                                   _ y: UnsafeMutablePointer<Float>) -> Int {   // output (N,OH,OW,F) NHWC
        if CPU.ownConvAVX512 {
            let g = geometry
            return Int(digitrec_conv_one_channel_avx512(x, Int32(g.n), Int32(g.h), Int32(g.w), Int32(g.k), Int32(g.pad),
                                                        Int32(g.oh), Int32(g.ow), weight, Int32(g.f), bias, relu ? 1 : 0,
                                                        reuse ? 1 : 0, y))
        }
        convolveOneChannelLanes(x, geometry, weight, bias: bias, relu: relu, y)
        return 0
    }

    /// `convolveOneChannel` for inference where `CPU.ownConvAVX512`: each tap's multiply and add
    /// in one FMA (half the instructions of the bit-identical kernel that training runs, which
    /// keeps them apart), so it rounds differently — within float rounding of it (DirectConvTests).
    /// `reuse`: pixels over blank paper copy the outputs of the first such pixels computed (the
    /// same bits; `ConstantTiles`); returns how many groups of four were copied.
    @discardableResult
    static func convolveOneChannelFMA(_ x: UnsafePointer<Float>, _ g: ConvGeometry, _ weight: UnsafePointer<Float>,
                                      bias: UnsafePointer<Float>, relu: Bool, reuse: Bool = ConstantTiles.allowed,
                                      _ y: UnsafeMutablePointer<Float>) -> Int {
        Int(digitrec_conv_one_channel_fma_avx512(x, Int32(g.n), Int32(g.h), Int32(g.w), Int32(g.k), Int32(g.pad), Int32(g.oh),
                                                 Int32(g.ow), weight, Int32(g.f), bias, relu ? 1 : 0, reuse ? 1 : 0, y))
    }

    /// `convolveOneChannel` in Swift's eight-lane vectors, one output pixel at a time: the
    /// kernel on CPUs without AVX-512, and the reference the C kernel is tested against.
    static func convolveOneChannelLanes(_ x: UnsafePointer<Float>,            // input  (N,H,W,1) NHWC
                                        _ geometry: ConvGeometry,
                                        _ weight: UnsafePointer<Float>,       // weight (K,K,1,F)
                                        bias: UnsafePointer<Float>,           // bias   (F)
                                        relu: Bool,
                                        _ y: UnsafeMutablePointer<Float>) {   // output (N,OH,OW,F) NHWC
        let (n, h, w, k, pad) = (geometry.n, geometry.h, geometry.w, geometry.k, geometry.pad)
        let (oh, ow, f) = (geometry.oh, geometry.ow, geometry.f)
        let zero = Lanes(repeating: 0)
        @inline(__always) func finish(_ v: Lanes, _ p: UnsafeMutablePointer<Float>) {
            (relu ? v.replacing(with: zero, where: v .< zero) : v).store(p)
        }
        var out = y
        for img in 0..<n {
            let xi = x + img * h * w
            for oy in 0..<oh {
                let iy0 = oy - pad
                // The kernel rows and columns that land inside the image (padding reads as zero).
                let ky0 = max(0, -iy0), ky1 = max(ky0, min(k, h - iy0))
                for ox in 0..<ow {
                    let ix0 = ox - pad
                    let kx0 = max(0, -ix0), kx1 = max(kx0, min(k, w - ix0))
                    var g = 0
                    while g + 32 <= f {
                        var a0 = Lanes.load(bias + g), a1 = Lanes.load(bias + g + 8)
                        var a2 = Lanes.load(bias + g + 16), a3 = Lanes.load(bias + g + 24)
                        for ky in ky0..<ky1 {
                            let row = xi + (iy0 + ky) * w + ix0, taps = weight + ky * k * f + g
                            for kx in kx0..<kx1 {
                                let v = Lanes(repeating: row[kx]), t = taps + kx * f
                                a0 += v * Lanes.load(t); a1 += v * Lanes.load(t + 8)
                                a2 += v * Lanes.load(t + 16); a3 += v * Lanes.load(t + 24)
                            }
                        }
                        finish(a0, out + g); finish(a1, out + g + 8); finish(a2, out + g + 16); finish(a3, out + g + 24)
                        g += 32
                    }
                    while g < f {
                        var a = Lanes.load(bias + g)
                        for ky in ky0..<ky1 {
                            let row = xi + (iy0 + ky) * w + ix0, taps = weight + ky * k * f + g
                            for kx in kx0..<kx1 { a += Lanes(repeating: row[kx]) * Lanes.load(taps + kx * f) }
                        }
                        finish(a, out + g)
                        g += 8
                    }
                    out += f
                }
            }
        }
    }

    /// Patches of `n` images (H×W×C) for a k×k convolution with padding `pad`:
    /// one row per output pixel, columns ordered (kh, kw, c).
    static func im2col(_ x: UnsafePointer<Float>,              // input (N,H,W,C) NHWC
                       _ geometry: ConvGeometry,
                       _ col: UnsafeMutablePointer<Float>) {   // col   (N·OH·OW, K·K·C)
        let (n, h, w, c, k, pad) = (geometry.n, geometry.h, geometry.w, geometry.c, geometry.k, geometry.pad)
        let (oh, ow) = (geometry.oh, geometry.ow)
        let rowLen = k * k * c
        for img in 0..<n {
            let xi = x + img * h * w * c
            var row = col + img * oh * ow * rowLen
            for oy in 0..<oh {
                for ox in 0..<ow {
                    var dst = row
                    for ky in 0..<k {
                        let iy = oy + ky - pad
                        if iy < 0 || iy >= h {
                            dst.update(repeating: 0, count: k * c)
                            dst += k * c
                            continue
                        }
                        let ix0 = ox - pad
                        if ix0 >= 0 && ix0 + k <= w {
                            copyRun(xi + (iy * w + ix0) * c, to: dst, count: k * c)
                            dst += k * c
                        } else {
                            for kx in 0..<k {
                                let ix = ix0 + kx
                                if ix < 0 || ix >= w {
                                    dst.update(repeating: 0, count: c)
                                } else {
                                    dst.update(from: xi + (iy * w + ix) * c, count: c)
                                }
                                dst += c
                            }
                        }
                    }
                    row += rowLen
                }
            }
        }
    }

    /// Copies a run of floats. The first convolution's runs are 3–5 floats (one channel), for
    /// which a call to memmove costs more than the copy (the bounded loop compiles to plain moves).
    @inline(__always)
    static func copyRun(_ src: UnsafePointer<Float>, to dst: UnsafeMutablePointer<Float>, count: Int) {
        if count >= 8 { dst.update(from: src, count: count); return }
        var i = 0
        while i < count { dst[i] = src[i]; i += 1 }
    }

    /// The adjoint of im2col: adds every patch gradient back into dX (which must start zeroed).
    static func col2im(_ col: UnsafePointer<Float>,            // dCol (N·OH·OW, K·K·C)
                       _ geometry: ConvGeometry,
                       _ dx: UnsafeMutablePointer<Float>) {    // dX   (N,H,W,C) NHWC, zeroed by the caller
        let (n, h, w, c, k, pad) = (geometry.n, geometry.h, geometry.w, geometry.c, geometry.k, geometry.pad)
        let (oh, ow) = (geometry.oh, geometry.ow)
        let rowLen = k * k * c
        for img in 0..<n {
            let xi = dx + img * h * w * c
            var row = col + img * oh * ow * rowLen
            for oy in 0..<oh {
                for ox in 0..<ow {
                    var src = row
                    for ky in 0..<k {
                        let iy = oy + ky - pad
                        if iy < 0 || iy >= h { src += k * c; continue }
                        let ix0 = ox - pad
                        if ix0 >= 0 && ix0 + k <= w {
                            // The patch row lies inside the image: one contiguous run of k·c values.
                            let d = xi + (iy * w + ix0) * c
                            for j in 0..<(k * c) { d[j] += src[j] }
                            src += k * c
                            continue
                        }
                        for kx in 0..<k {
                            let ix = ox + kx - pad
                            if ix >= 0 && ix < w {
                                let d = xi + (iy * w + ix) * c
                                for ch in 0..<c { d[ch] += src[ch] }
                            }
                            src += c
                        }
                    }
                    row += rowLen
                }
            }
        }
    }

    /// y[r, j] += bias[j], then max(0, ·) when `relu`; `rows` rows of `cols` values.
    static func addBias(_ y: UnsafeMutablePointer<Float>, rows: Int, cols: Int,
                        _ bias: UnsafePointer<Float>, relu: Bool) {
        for r in 0..<rows {
            let p = y + r * cols
            if relu {
                for j in 0..<cols { p[j] = max(p[j] + bias[j], 0) }
            } else {
                for j in 0..<cols { p[j] += bias[j] }
            }
        }
    }

    /// dy *= (y > 0), the ReLU backward through the already-activated output.
    static func reluMask(_ dy: UnsafeMutablePointer<Float>, _ y: UnsafePointer<Float>, count: Int) {
        // Both loads before the select: a load inside `?:` keeps LLVM from vectorising.
        for i in 0..<count { let g = dy[i], v = y[i]; dy[i] = v > 0 ? g : 0 }
    }

    /// out[j] = Σ_r m[r, j] (+ out[j] if accumulate).
    static func columnSums(_ m: UnsafePointer<Float>, rows: Int, cols: Int,
                           _ out: UnsafeMutablePointer<Float>, accumulate: Bool) {
        if !accumulate { out.update(repeating: 0, count: cols) }
        for r in 0..<rows {
            let p = m + r * cols
            for j in 0..<cols { out[j] += p[j] }
        }
    }
}

/// Runs `body(i)` for i in 0..<count on up to `count` threads.
/// Callers hand each iteration disjoint memory, which the compiler cannot see.
func parallelFor(_ count: Int, _ body: (Int) -> Void) {
    if count <= 1 { body(0); return }
    withoutActuallyEscaping(body) { escapable in
        let box = UncheckedSendable(escapable)
        DispatchQueue.concurrentPerform(iterations: count) { box.value($0) }
    }
}

struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// What this CPU runs (CPUID, in CKernels/cpu.c), and which kernels the engine picks from that.
enum CPU {
    static let features = Int(digitrec_cpu_features())
    static var haswell: Bool { features & Int(DIGITREC_CPU_HASWELL) != 0 }
    static var avx512: Bool { features & Int(DIGITREC_CPU_AVX512) != 0 }

    /// The OpenBLAS kernel for this CPU (nil: let OpenBLAS decide).
    static var openBLASCore: String? { avx512 ? "SKYLAKEX" : haswell ? "HASWELL" : nil }

    /// Whether Winograd's GEMMs run on the own kernel (`Kernels.smallGemm`).
    static let ownGemm = haswell && Environment.value("DIGITREC_OWN_GEMM") != "0"

    /// Whether the own kernel is the AVX-512 one: on a Zen 4 (512-bit FMAs at half the 256-bit
    /// rate) the FLOPs per cycle are the same, but one B load and one broadcast feed twice the
    /// multiply-adds, and Winograd's GEMMs ran 5-15 % faster in cache (README, Speed).
    /// `DIGITREC_OWN_GEMM=avx2` keeps the AVX2 kernel (same results, bit for bit).
    static let ownGemmAVX512 = avx512 && Environment.value("DIGITREC_OWN_GEMM") != "avx2"

    /// Whether the first layer's direct convolution runs the AVX-512 C kernel (bit-identical to
    /// the Swift loop, ~2× faster on a Zen 4): with the own GEMM, on AVX-512 CPUs.
    static let ownConvAVX512 = ownGemm && avx512

    /// Whether a dense layer's fp32 products in training run on the own AVX-512 kernel
    /// (`Kernels.denseGemm`) where OpenBLAS would pack its operands (`Kernels.denseTakes`): with
    /// the own kernels on AVX-512 CPUs. The same sums as OpenBLAS's SKYLAKEX kernel there, so the
    /// same weights as with it (`Kernels.blasCore`); with another kernel (OPENBLAS_CORETYPE=Haswell)
    /// OpenBLAS rounds otherwise. `DIGITREC_OWN_GEMM=0` keeps OpenBLAS.
    static let ownDense = ownConvAVX512

    /// Whether inference runs the dense layers on `Kernels.sparseGemm`, and the first one inside
    /// the convolutions' slices (`Worker`): with the own kernels on AVX-512 CPUs, not in the
    /// bf16 mode. Elsewhere OpenBLAS multiplies the whole batch after the slices, as before.
    static let sparseDense = ownConvAVX512 && !bf16

    /// Whether Winograd's forward and input-gradient GEMMs run in bf16 (`Kernels.bf16Gemm`):
    /// only when asked (`DIGITREC_BF16=1`) on a CPU with AVX512-BF16. Off by default: it makes a
    /// `cnn` epoch only ~1.1× faster on a Zen 4 (README, Speed), short of what would pay for
    /// weights that differ from the fp32 path's. The filter gradient stays fp32 (its k runs over
    /// tiles, so the pairs would need a transposing copy of both operands).
    static let bf16 = features & Int(DIGITREC_CPU_AVX512_BF16) != 0 && Environment.flag("DIGITREC_BF16")
}

/// OpenBLAS, loaded on first use after OPENBLAS_CORETYPE is chosen (see CBLAS/shim.h).
/// The engine parallelises over samples itself, so OpenBLAS runs one thread per call.
///
/// Loaded by the first GEMM that needs it, not when a network is built: a one-image
/// `digitrec predict` on a CPU with the own kernels never calls it, and loading it (36 MB
/// mapped, its relocations and its constructor) was ~2.5 ms of the ~13 ms process, on the path
/// the prediction waits for. Its environment is still set when a network is built
/// (`BLASEnvironment`), before any worker runs: setenv beside another thread's getenv is unsafe.
final class BLAS: @unchecked Sendable {
    static let shared = BLAS()

    /// Lazy binding, and DEEPBIND so OpenBLAS's ~14,000 symbol relocations are looked up in
    /// its own scope first instead of in the fifty libraries Foundation brings: 10 ms → 2.5 ms
    /// of `digitrec predict`. AddressSanitizer refuses DEEPBIND, so not under it.
    static var openFlags: Int32 {
        let sanitized = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__asan_init") != nil
        return RTLD_LAZY | RTLD_LOCAL | (sanitized ? 0 : RTLD_DEEPBIND)
    }
    let sgemm: UnsafeMutableRawPointer?
    let library: String
    /// The kernel OpenBLAS says it loaded (`openblas_get_corename`: "SkylakeX", "Haswell"), nil
    /// without OpenBLAS or when it does not say.
    let core: String?

    private init() {
        let origin = BLASEnvironment.shared.origin
        var found: UnsafeMutableRawPointer? = nil
        var core: String? = nil
        var name = "none (built-in reference GEMM)"
        for candidate in ["libopenblas.so.0", "libopenblas.so"] {
            guard let handle = dlopen(candidate, BLAS.openFlags),
                  let fn = dlsym(handle, "cblas_sgemm") else { continue }
            if let setThreads = dlsym(handle, "openblas_set_num_threads") { digitrec_call_set_threads(setThreads, 1) }
            found = fn
            if let corename = dlsym(handle, "openblas_get_corename"), let text = digitrec_call_corename(corename) {
                core = String(cString: text)
            }
            name = "OpenBLAS (\(Environment.value("OPENBLAS_CORETYPE") ?? "auto")\(origin))"
            break
        }
        sgemm = found
        library = name
        self.core = core
        if Environment.value("DIGITREC_VERBOSE") != nil { let s = "digitrec: GEMM from \(name)\n"; _ = s.withCString { write(2, $0, strlen($0)) } }
    }
}

/// OpenBLAS's environment, set once before the library loads: the kernel for this CPU and one
/// thread per call.
final class BLASEnvironment: Sendable {
    static let shared = BLASEnvironment()
    /// How the kernel was chosen, for `Kernels.blasName` ("" when CPUID chose it).
    let origin: String

    private init() {
        // A kernel the user (or the machine's environment) chose is kept, but said: on this
        // project's machine OPENBLAS_CORETYPE=Haswell halves the SGEMM peak of the AVX-512 cores.
        let chosen = Environment.value("OPENBLAS_CORETYPE")
        let detected = CPU.openBLASCore
        if chosen == nil, let core = detected { setenv("OPENBLAS_CORETYPE", core, 0) }
        origin = chosen == nil ? "" : ", from OPENBLAS_CORETYPE" + (detected.map { "; CPUID would choose \($0)" } ?? "")
        setenv("OPENBLAS_NUM_THREADS", "1", 1)
    }
}
