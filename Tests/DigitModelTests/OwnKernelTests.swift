import CKernels
import Glibc
import Testing
@testable import DigitModel

/// The kernels written with intrinsics (CKernels) against the plain Swift code they replace:
/// the GEMM against the reference GEMM and OpenBLAS (to float rounding), Adam bit for bit.
@Suite(.enabled(if: CPU.haswell, "the own kernels need AVX2 and FMA"))
struct OwnKernelTests {
    struct Shape: CustomStringConvertible, Sendable {
        var transA: Bool, m: Int, n: Int, k: Int, accumulate: Bool
        /// Rows exactly as wide as the matrices (Winograd's position-major panels): Aᵀ·B then
        /// reads the operands where they lie instead of copying them into panels.
        var contiguous = false
        var description: String { "\(transA ? "Aᵀ" : "A")·B \(m)×\(n)×\(k)\(accumulate ? " +C" : "")\(contiguous ? " contiguous" : "")" }
    }

    /// Winograd's shapes in the cnn and sprint presets (forward, dV, dU), the last row blocks of
    /// several heights (m % 6 in 0, 1, 5; m % 4 in 0, 1, 2, 3), 8-column tails, k = 1, k over 256.
    static let shapes: [Shape] = [
        Shape(transA: false, m: 252, n: 64, k: 32, accumulate: false),
        Shape(transA: false, m: 252, n: 32, k: 64, accumulate: false),
        Shape(transA: true, m: 32, n: 64, k: 252, accumulate: true),
        Shape(transA: true, m: 32, n: 48, k: 36, accumulate: false),
        Shape(transA: false, m: 37, n: 24, k: 9, accumulate: true),
        Shape(transA: false, m: 11, n: 8, k: 1, accumulate: false),
        Shape(transA: true, m: 13, n: 40, k: 17, accumulate: true),
        Shape(transA: true, m: 3, n: 8, k: 5, accumulate: false),
        // Aᵀ with k over the panel's 256: more than one block of k, the later ones adding to C.
        Shape(transA: true, m: 6, n: 24, k: 600, accumulate: false),
        Shape(transA: true, m: 10, n: 16, k: 513, accumulate: true),
        // Contiguous rows, as the position-major tiles give them: the three cnn GEMMs (chunks of
        // 72 tiles), the filter gradient's 4-row blocks with a remainder (m = 30, 48), k over 256,
        // 8-column tails.
        Shape(transA: false, m: 72, n: 64, k: 32, accumulate: false, contiguous: true),
        Shape(transA: false, m: 72, n: 32, k: 64, accumulate: false, contiguous: true),
        Shape(transA: true, m: 32, n: 64, k: 72, accumulate: true, contiguous: true),
        Shape(transA: true, m: 30, n: 24, k: 37, accumulate: false, contiguous: true),
        Shape(transA: true, m: 48, n: 40, k: 600, accumulate: true, contiguous: true),
    ]

    /// Operands with rows further apart than their width (as Winograd's strided tiles are).
    static func operands(_ s: Shape, seed: UInt64) -> (a: [Float], lda: Int, b: [Float], ldb: Int, c: [Float], ldc: Int) {
        var rng = SplitMix64(seed: seed)
        let pad = s.contiguous ? 0 : 1
        let lda = (s.transA ? s.m : s.k) + 3 * pad, ldb = s.n + 5 * pad, ldc = s.n + 7 * pad
        let a = (0..<((s.transA ? s.k : s.m) * lda)).map { _ in rng.uniform(-1, 1) }
        let b = (0..<(s.k * ldb)).map { _ in rng.uniform(-1, 1) }
        let c = (0..<(s.m * ldc)).map { _ in rng.uniform(-1, 1) }
        return (a, lda, b, ldb, c, ldc)
    }

    @Test(arguments: shapes) func gemmMatchesReferenceAndOpenBLAS(_ s: Shape) {
        let o = Self.operands(s, seed: UInt64(s.m * 1000 + s.n * 10 + s.k))
        var own = o.c, reference = o.c, blas = o.c
        own.withUnsafeMutableBufferPointer { c in
            digitrecOwnGemm(s, o.a, o.lda, o.b, o.ldb, c.baseAddress!, o.ldc)
        }
        reference.withUnsafeMutableBufferPointer { c in
            Kernels.referenceGemm(s.transA, false, m: s.m, n: s.n, k: s.k, o.a, lda: o.lda, o.b, ldb: o.ldb,
                                  c.baseAddress!, ldc: o.ldc, accumulate: s.accumulate)
        }
        blas.withUnsafeMutableBufferPointer { c in
            Kernels.gemm(s.transA, false, m: s.m, n: s.n, k: s.k, o.a, lda: o.lda, o.b, ldb: o.ldb,
                         c.baseAddress!, ldc: o.ldc, accumulate: s.accumulate)
        }
        // Sums of k products of values in ±1: rounding differences stay far below 1e-5·k.
        let tolerance = Float(s.k + 1) * 1e-6
        var worstReference: Float = 0, worstBLAS: Float = 0
        for i in 0..<s.m {
            for j in 0..<s.n {
                worstReference = max(worstReference, abs(own[i * o.ldc + j] - reference[i * o.ldc + j]))
                worstBLAS = max(worstBLAS, abs(own[i * o.ldc + j] - blas[i * o.ldc + j]))
            }
            // Beyond n, C's padding is untouched.
            for j in s.n..<o.ldc { #expect(own[i * o.ldc + j] == o.c[i * o.ldc + j]) }
        }
        #expect(worstReference < tolerance, "\(s): \(worstReference) from the reference")
        #expect(worstBLAS < tolerance, "\(s): \(worstBLAS) from OpenBLAS")
    }

    /// The AVX-512 kernel against the AVX2 one, bit for bit (so a model trains to the same weights
    /// on either), and against the reference GEMM, on every shape above and on the sprint preset's
    /// 48 columns (three vectors, 6-row blocks) and tails of 8 beyond whole 64-column strips.
    @Test(.enabled(if: CPU.avx512, "needs AVX-512"),
          arguments: shapes + [
              Shape(transA: false, m: 72, n: 48, k: 32, accumulate: false, contiguous: true),
              Shape(transA: true, m: 32, n: 48, k: 72, accumulate: true, contiguous: true),
              Shape(transA: false, m: 19, n: 88, k: 7, accumulate: true),
              Shape(transA: true, m: 7, n: 72, k: 13, accumulate: false, contiguous: true),
          ])
    func avx512IsBitIdenticalToAVX2(_ s: Shape) {
        let o = Self.operands(s, seed: UInt64(s.m * 977 + s.n * 13 + s.k))
        var wide = o.c, narrow = o.c, reference = o.c
        wide.withUnsafeMutableBufferPointer { c in
            digitrec_sgemm_avx512(s.transA ? 1 : 0, Int32(s.m), Int32(s.n), Int32(s.k), o.a, Int32(o.lda), o.b, Int32(o.ldb),
                                  c.baseAddress!, Int32(o.ldc), s.accumulate ? 1 : 0)
        }
        narrow.withUnsafeMutableBufferPointer { c in
            digitrec_sgemm_avx2(s.transA ? 1 : 0, Int32(s.m), Int32(s.n), Int32(s.k), o.a, Int32(o.lda), o.b, Int32(o.ldb),
                                c.baseAddress!, Int32(o.ldc), s.accumulate ? 1 : 0)
        }
        reference.withUnsafeMutableBufferPointer { c in
            Kernels.referenceGemm(s.transA, false, m: s.m, n: s.n, k: s.k, o.a, lda: o.lda, o.b, ldb: o.ldb,
                                  c.baseAddress!, ldc: o.ldc, accumulate: s.accumulate)
        }
        #expect(wide.map(\.bitPattern) == narrow.map(\.bitPattern), "\(s): AVX-512 and AVX2 differ")
        let tolerance = Float(s.k + 1) * 1e-6
        let worst = zip(wide, reference).map { abs($0 - $1) }.max() ?? 0
        #expect(worst < tolerance, "\(s): \(worst) from the reference")
    }

    /// The bf16 GEMM (opt-in for Winograd's forward and input-gradient products) against the
    /// reference GEMM in Double on the operands rounded to bf16 the same way (nearest even): only
    /// fp32 summation separates them. Winograd's cnn and sprint shapes, row remainders, 8-column
    /// tails, k not a multiple of 32 or 16, and accumulation into C.
    @Test(.enabled(if: CPU.features & Int(DIGITREC_CPU_AVX512_BF16) != 0, "needs AVX512-BF16"),
          arguments: [
              Shape(transA: false, m: 72, n: 64, k: 32, accumulate: false),
              Shape(transA: false, m: 72, n: 32, k: 64, accumulate: false),
              Shape(transA: false, m: 72, n: 48, k: 32, accumulate: false),
              Shape(transA: false, m: 37, n: 24, k: 8, accumulate: true),
              Shape(transA: false, m: 11, n: 88, k: 40, accumulate: false),
              Shape(transA: false, m: 5, n: 8, k: 2, accumulate: true),
              Shape(transA: false, m: 13, n: 136, k: 1024, accumulate: false),
              // k over one pass of 1024 (a dense layer's 9216 inputs): later passes add to C.
              Shape(transA: false, m: 7, n: 128, k: 2090, accumulate: false),
              Shape(transA: false, m: 9, n: 24, k: 1030, accumulate: true),
              // Aᵀ·B, both operands packed (bf16GemmTN): Winograd's filter gradient (k = tiles per
              // chunk), a dense layer's weight gradient (k = the batch), row remainders, tails.
              Shape(transA: true, m: 32, n: 64, k: 72, accumulate: true),
              Shape(transA: true, m: 32, n: 48, k: 36, accumulate: false),
              Shape(transA: true, m: 301, n: 128, k: 64, accumulate: false),
              Shape(transA: true, m: 13, n: 40, k: 18, accumulate: true),
              Shape(transA: true, m: 5, n: 8, k: 2, accumulate: false),
              // Rows of pairs padded off a multiple of 4 KB (bf16PairStride): 512 columns of B,
              // 512 rows of Aᵀ.
              Shape(transA: false, m: 7, n: 512, k: 20, accumulate: false),
              Shape(transA: true, m: 512, n: 16, k: 10, accumulate: true),
          ])
    func bf16GemmMatchesTheReferenceOnRoundedOperands(_ s: Shape) {
        let o = Self.operands(s, seed: UInt64(s.m * 31 + s.n * 7 + s.k))
        /// Round to nearest even, as VCVTNEPS2BF16 does for finite values.
        func bf16(_ x: Float) -> Double {
            let bits = x.bitPattern
            return Double(Float(bitPattern: (bits &+ 0x7FFF &+ ((bits >> 16) & 1)) & 0xFFFF_0000))
        }
        var pairs = [UInt16](repeating: 0, count: 2 * Kernels.bf16PairFloats(k: s.k, n: s.n))
        pairs.withUnsafeMutableBytes { Kernels.packBF16Pairs(k: s.k, n: s.n, o.b, ldb: o.ldb, $0.baseAddress!) }
        var c = o.c
        if s.transA {
            var aPairs = [UInt16](repeating: 0, count: 2 * Kernels.bf16PairFloats(k: s.k, n: s.m))
            aPairs.withUnsafeMutableBytes { Kernels.packBF16Pairs(k: s.k, n: s.m, o.a, ldb: o.lda, $0.baseAddress!) }
            c.withUnsafeMutableBufferPointer { cp in
                aPairs.withUnsafeBytes { ap in
                    pairs.withUnsafeBytes { Kernels.bf16GemmTN(m: s.m, n: s.n, k: s.k, ap.baseAddress!, $0.baseAddress!, cp.baseAddress!,
                                                               ldc: o.ldc, accumulate: s.accumulate) }
                }
            }
        } else {
            c.withUnsafeMutableBufferPointer { cp in
                pairs.withUnsafeBytes { Kernels.bf16Gemm(m: s.m, n: s.n, k: s.k, o.a, lda: o.lda, $0.baseAddress!, cp.baseAddress!,
                                                         ldc: o.ldc, accumulate: s.accumulate) }
            }
        }
        var worst = 0.0
        for i in 0..<s.m {
            for j in 0..<s.n {
                var sum = s.accumulate ? Double(o.c[i * o.ldc + j]) : 0
                for p in 0..<s.k { sum += bf16(s.transA ? o.a[p * o.lda + i] : o.a[i * o.lda + p]) * bf16(o.b[p * o.ldb + j]) }
                worst = max(worst, abs(Double(c[i * o.ldc + j]) - sum))
            }
            for j in s.n..<o.ldc { #expect(c[i * o.ldc + j] == o.c[i * o.ldc + j]) }
        }
        #expect(worst < Double(s.k + 1) * 1e-6, "\(s): \(worst) from the reference on bf16 operands")
    }

    /// A C of 1 MB or more written in one pass goes to memory with streaming stores: the same bits
    /// as the same product made in bands of rows too small to stream, and nothing written in the
    /// gaps between C's rows. Shapes like a dense layer's input gradient (64×9216×128; here
    /// 64×4608, and 70×4112 with a row remainder and k = 130) and weight gradient (Aᵀ·B,
    /// 9216×128×64; here 2100×128, and 2053×144 with a row remainder).
    @Test(.enabled(if: CPU.features & Int(DIGITREC_CPU_AVX512_BF16) != 0, "needs AVX512-BF16"),
          arguments: [
              Shape(transA: false, m: 64, n: 4608, k: 128, accumulate: false),
              Shape(transA: false, m: 70, n: 4112, k: 130, accumulate: false),
              Shape(transA: true, m: 2100, n: 128, k: 64, accumulate: false),
              Shape(transA: true, m: 2053, n: 144, k: 18, accumulate: false),
          ])
    func bf16GemmStreamsALargeCWithTheSameBits(_ s: Shape) {
        var rng = SplitMix64(seed: UInt64(s.m * 13 + s.n + s.k))
        let ldc = s.n + 16, lda = s.transA ? s.m : s.k
        let a = (0..<((s.transA ? s.k : s.m) * lda)).map { _ in rng.uniform(-1, 1) }
        let b = (0..<(s.k * s.n)).map { _ in rng.uniform(-1, 1) }
        var bPairs = [UInt16](repeating: 0, count: 2 * Kernels.bf16PairFloats(k: s.k, n: s.n))
        bPairs.withUnsafeMutableBytes { Kernels.packBF16Pairs(k: s.k, n: s.n, b, ldb: s.n, $0.baseAddress!) }
        var aPairs = [UInt16](repeating: 0, count: 2 * Kernels.bf16PairFloats(k: s.k, n: s.m))
        if s.transA { aPairs.withUnsafeMutableBytes { Kernels.packBF16Pairs(k: s.k, n: s.m, a, ldb: s.m, $0.baseAddress!) } }
        let ldap = Kernels.bf16PairStride(n: s.m), band = s.transA ? 6 : 1
        /// Rows [i, i + rows) of C, one product.
        func product(_ c: UnsafeMutablePointer<Float>, rows: Range<Int>) {
            bPairs.withUnsafeBytes { bp in
                if s.transA {
                    aPairs.withUnsafeBytes { ap in
                        Kernels.bf16GemmTN(m: rows.count, n: s.n, k: s.k, ap.baseAddress! + 4 * rows.lowerBound, ldap: ldap,
                                           bp.baseAddress!, c + rows.lowerBound * ldc, ldc: ldc)
                    }
                } else {
                    a.withUnsafeBufferPointer {
                        Kernels.bf16Gemm(m: rows.count, n: s.n, k: s.k, $0.baseAddress! + rows.lowerBound * lda, lda: lda,
                                         bp.baseAddress!, c + rows.lowerBound * ldc, ldc: ldc)
                    }
                }
            }
        }
        let whole = FloatBuffer(count: s.m * ldc), banded = FloatBuffer(count: s.m * ldc)
        for i in 0..<(s.m * ldc) { whole.pointer[i] = 7; banded.pointer[i] = 7 }
        // The whole product streams, a band does not (so the test compares the two stores).
        #expect(digitrec_sgemm_bf16_streams(Int32(s.m), Int32(s.n), Int32(s.k), whole.pointer, Int32(ldc), 0) != 0)
        #expect(digitrec_sgemm_bf16_streams(Int32(band), Int32(s.n), Int32(s.k), banded.pointer, Int32(ldc), 0) == 0)
        product(whole.pointer, rows: 0..<s.m)
        for i in stride(from: 0, to: s.m, by: band) { product(banded.pointer, rows: i..<min(s.m, i + band)) }
        #expect(whole.array(s.m * ldc) == banded.array(s.m * ldc))
        #expect((0..<s.m).allSatisfy { i in (s.n..<ldc).allSatisfy { whole.pointer[i * ldc + $0] == 7 } })
        // Not when C is added to, read back over several passes of k, or unaligned.
        #expect(digitrec_sgemm_bf16_streams(Int32(s.m), Int32(s.n), Int32(s.k), whole.pointer, Int32(ldc), 1) == 0)
        #expect(digitrec_sgemm_bf16_streams(Int32(s.m), Int32(s.n), 2048, whole.pointer, Int32(ldc), 0) == 0)
        #expect(digitrec_sgemm_bf16_streams(Int32(s.m), Int32(s.n), Int32(s.k), whole.pointer + 4, Int32(ldc), 0) == 0)
    }

    /// Buffers start on a cache line (the streaming stores above need it), grown ones too.
    @Test func buffersStartOnACacheLine() {
        for count in [1, 5, 1000, 1 << 20] {
            let buffer = FloatBuffer(count: count)
            #expect(Int(bitPattern: buffer.pointer) % 64 == 0)
            buffer.ensure(3 * count + 7)
            #expect(Int(bitPattern: buffer.pointer) % 64 == 0)
        }
    }

    /// B's pairs read from Bᵀ (a dense layer's Wᵀ for its input gradient) are B's pairs read from
    /// B, bit for bit: k not a multiple of 32, n not a multiple of 16, rows of Bᵀ wider than k.
    @Test(.enabled(if: CPU.features & Int(DIGITREC_CPU_AVX512_BF16) != 0, "needs AVX512-BF16"),
          arguments: [(k: 128, n: 300), (k: 10, n: 17), (k: 40, n: 16), (k: 66, n: 5), (k: 34, n: 38), (k: 8, n: 512), (k: 512, n: 6)])
    func bf16PairsFromTheTransposeAreTheSame(_ shape: (k: Int, n: Int)) {
        let (k, n) = shape, ldbt = k + 3
        var rng = SplitMix64(seed: UInt64(k * 100 + n))
        let bt = (0..<(n * ldbt)).map { _ in rng.uniform(-1, 1) }
        var b = [Float](repeating: 0, count: k * n)
        for j in 0..<n { for p in 0..<k { b[p * n + j] = bt[j * ldbt + p] } }
        let room = 2 * Kernels.bf16PairFloats(k: k, n: n)
        var direct = [UInt16](repeating: 0, count: room), turned = [UInt16](repeating: 0, count: room)
        direct.withUnsafeMutableBytes { Kernels.packBF16Pairs(k: k, n: n, b, ldb: n, $0.baseAddress!) }
        turned.withUnsafeMutableBytes { Kernels.packBF16PairsTransposed(k: k, n: n, bt, ldbt: ldbt, $0.baseAddress!) }
        #expect(direct == turned)
        // Both layouts from one read of a matrix with contiguous rows: here Bᵀ (n×k) and its
        // transpose B, so the first output is Bᵀ's pairs along n and the second B's along k.
        guard k % 2 == 0 && n % 2 == 0 else { return }
        var packed = [Float](repeating: 0, count: n * k)
        for j in 0..<n { for p in 0..<k { packed[j * k + p] = bt[j * ldbt + p] } }
        let roomN = 2 * Kernels.bf16PairFloats(k: n, n: k)
        var alongN = [UInt16](repeating: 0, count: roomN), alongNBoth = [UInt16](repeating: 0, count: roomN)
        var alongKBoth = [UInt16](repeating: 0, count: room)
        alongN.withUnsafeMutableBytes { Kernels.packBF16Pairs(k: n, n: k, packed, ldb: k, $0.baseAddress!) }
        alongNBoth.withUnsafeMutableBytes { out in
            alongKBoth.withUnsafeMutableBytes { Kernels.packBF16PairsBoth(k: n, n: k, packed, out.baseAddress!, transposed: $0.baseAddress!) }
        }
        #expect(alongNBoth == alongN)
        #expect(alongKBoth == direct)
    }

    /// Calls the C kernel directly (whatever DIGITREC_OWN_GEMM says).
    func digitrecOwnGemm(_ s: Shape, _ a: [Float], _ lda: Int, _ b: [Float], _ ldb: Int,
                         _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        Kernels.ownGemm(transA: s.transA, m: s.m, n: s.n, k: s.k, a, lda: lda, b, ldb: ldb, c, ldc: ldc,
                        accumulate: s.accumulate)
    }

    /// A thread that ran the strided Aᵀ GEMM (which keeps a copy panel per thread) frees the
    /// panel when it exits: 64 threads one after another leave (almost) none behind. Other tests
    /// running meanwhile may hold a few panels on their own threads, hence the margin.
    @Test func panelsOfExitedThreadsAreFreed() {
        let s = Shape(transA: true, m: 32, n: 64, k: 252, accumulate: false)
        let job = PanelJob(s, Self.operands(s, seed: 4))
        let before = digitrec_sgemm_panels_live()
        for _ in 0..<64 {
            var thread = pthread_t()
            let started = pthread_create(&thread, nil, { arg in
                guard let arg else { return nil }
                Unmanaged<PanelJob>.fromOpaque(arg).takeUnretainedValue().run()
                return nil
            }, Unmanaged.passUnretained(job).toOpaque())
            #expect(started == 0)
            if started == 0 { pthread_join(thread, nil) }
        }
        withExtendedLifetime(job) {}
        let after = digitrec_sgemm_panels_live()
        #expect(after - before < 32, "\(after - before) more panels held after 64 threads ran and exited")
    }

    /// One strided Aᵀ GEMM, run on a thread of its own.
    final class PanelJob: @unchecked Sendable {
        let s: Shape
        var o: (a: [Float], lda: Int, b: [Float], ldb: Int, c: [Float], ldc: Int)
        init(_ s: Shape, _ o: (a: [Float], lda: Int, b: [Float], ldb: Int, c: [Float], ldc: Int)) { self.s = s; self.o = o }
        func run() {
            var c = o.c
            c.withUnsafeMutableBufferPointer { c in
                Kernels.ownGemm(transA: true, m: s.m, n: s.n, k: s.k, o.a, lda: o.lda, o.b, ldb: o.ldb,
                                c.baseAddress!, ldc: o.ldc)
            }
        }
    }

    /// Adam through the AVX2 and AVX-512 kernels (where the CPU has them) and through the Swift
    /// loop: the same weights, moments and all, bit for bit, over several steps with weight
    /// decay and tensors of 16k + 5 and 5 values (the AVX-512 loop's masked tail).
    @Test func adamIsBitIdenticalToTheSwiftLoop() {
        var rng = SplitMix64(seed: 9)
        let shapes = [[3, 3, 8, 16], [1029], [5]]
        let initial = shapes.map { s in (0..<s.reduce(1, *)).map { _ in rng.uniform(-1, 1) } }
        let grads = (0..<4).map { _ in shapes.map { s in (0..<s.reduce(1, *)).map { _ in rng.uniform(-0.1, 0.1) } } }
        var finals: [[[Float]]] = []
        let loops = Optimizer.Loop.allCases.filter(\.runs)
        #expect(loops.count >= 2 || !CPU.haswell)
        for loop in loops {
            let optimizer = Optimizer(kind: .adam, weightDecay: 0.01, threads: 2, loop: loop)
            #expect(optimizer.loop == loop)
            let items = shapes.enumerated().map { i, s -> (param: Param, grad: FloatBuffer) in
                let p = Param(name: "layers.\(i).weight", shape: s)
                for (j, v) in initial[i].enumerated() { p.value.pointer[j] = v }
                return (p, FloatBuffer(count: p.count))
            }
            for step in grads {
                for (i, item) in items.enumerated() { for (j, v) in step[i].enumerated() { item.grad.pointer[j] = v } }
                optimizer.step(items, lr: 0.003)
            }
            finals.append(items.map(\.param.values))
        }
        for own in finals.dropFirst() {
            for (kernel, swift) in zip(own, finals[0]) {
                #expect(kernel.map(\.bitPattern) == swift.map(\.bitPattern))
            }
        }
        #expect(finals[0][0] != initial[0])
    }

    /// Adam on the workers' gradients summed as it reads them (`step(summing:)`, three parts)
    /// gives the weights of Adam on the gradient summed first in the same order, bit for bit,
    /// through the vector kernel and through the Swift loop; SGD too.
    @Test(arguments: [(OptimizerKind.adam, Optimizer.Loop.avx512), (.adam, .avx2), (.adam, .swift), (.sgd, .swift)])
    func summingTheWorkersGradientsAsReadIsSummingFirst(_ variant: (kind: OptimizerKind, loop: Optimizer.Loop)) {
        guard variant.loop.runs else { return }
        var rng = SplitMix64(seed: 11)
        let shapes = [[3, 3, 8, 16], [1029], [5]]
        let initial = shapes.map { s in (0..<s.reduce(1, *)).map { _ in rng.uniform(-1, 1) } }
        let parts = (0..<3).map { _ in (0..<3).map { _ in shapes.map { s in (0..<s.reduce(1, *)).map { _ in rng.uniform(-0.1, 0.1) } } } }
        var finals: [[[Float]]] = []
        for summing in [true, false] {
            let optimizer = Optimizer(kind: variant.kind, weightDecay: 0.01, threads: 2, loop: variant.loop)
            let params = shapes.enumerated().map { i, s in
                let p = Param(name: "layers.\(i).weight", shape: s)
                for (j, v) in initial[i].enumerated() { p.value.pointer[j] = v }
                return p
            }
            let grads = params.map { p in (0..<3).map { _ in FloatBuffer(count: p.count) } }
            for step in parts {
                for (i, p) in params.enumerated() {
                    for q in 0..<3 { for j in 0..<p.count { grads[i][q].pointer[j] = step[q][i][j] } }
                }
                if summing {
                    optimizer.step(summing: params.indices.map { (params[$0], grads[$0]) }, lr: 0.003)
                } else {
                    for (i, p) in params.enumerated() {
                        for j in 0..<p.count { grads[i][0].pointer[j] = (step[0][i][j] + step[1][i][j]) + step[2][i][j] }
                    }
                    optimizer.step(params.indices.map { (params[$0], grads[$0][0]) }, lr: 0.003)
                }
            }
            finals.append(params.map(\.values))
        }
        for (summed, first) in zip(finals[0], finals[1]) {
            #expect(summed.map(\.bitPattern) == first.map(\.bitPattern))
        }
        #expect(finals[0][0] != initial[0])
    }
}
