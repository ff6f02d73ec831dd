import CKernels
import Testing
import Support
@testable import DigitModel

/// The own fp32 kernel of a dense layer in training (`Kernels.denseGemm`, CKernels/
/// sgemm_dense_avx512.c) and the input gradient read from W (`denseGemmWT`): the kernel against a plain
/// loop with the same passes along k, against OpenBLAS bit for bit where it replaces it, and a
/// training step with it giving the gradients of the OpenBLAS path bit for bit.
@Suite(.enabled(if: CPU.ownDense, "the own dense kernel needs AVX-512"))
struct DenseGemmTests {
    struct Shape: CustomStringConvertible, Sendable {
        var transA: Bool, m: Int, n: Int, k: Int
        var description: String { "\(transA ? "Aᵀ" : "A")·B \(m)×\(n)×\(k)" }
    }

    /// Row-block remainders (m % 6), column tails of 1–15 (n % 16), k of one pass, two about
    /// equal ones (449…895) and several (≥ 896), k = 1.
    static let oddShapes: [Shape] = [
        Shape(transA: false, m: 7, n: 13, k: 897), Shape(transA: false, m: 5, n: 33, k: 1000),
        Shape(transA: false, m: 13, n: 100, k: 449), Shape(transA: false, m: 1, n: 1, k: 2000),
        Shape(transA: false, m: 12, n: 65, k: 1), Shape(transA: false, m: 6, n: 64, k: 448),
        Shape(transA: true, m: 37, n: 17, k: 5), Shape(transA: true, m: 3, n: 5, k: 900),
        Shape(transA: true, m: 11, n: 79, k: 1345), Shape(transA: true, m: 64, n: 8, k: 64),
        // The weight gradient's groups of 16 rows and rows of up to 128 columns.
        Shape(transA: true, m: 37, n: 128, k: 64), Shape(transA: true, m: 20, n: 48, k: 900),
        Shape(transA: true, m: 16, n: 272, k: 7), Shape(transA: true, m: 5, n: 16, k: 1),
    ]

    /// C = op(A)·B as the kernel is meant to sum it: per output, each pass of k
    /// (`digitrec_sgemm_pass`) one fused multiply-add chain from zero, the first pass stored and
    /// the later ones added.
    static func plainLoop(_ s: Shape, _ a: [Float], lda: Int, _ b: [Float], ldb: Int, into c: inout [Float], ldc: Int) {
        for i in 0..<s.m {
            for j in 0..<s.n {
                var sum: Float = 0, k0 = 0
                while k0 < s.k {
                    let kc = Int(digitrec_sgemm_pass(Int32(s.k - k0)))
                    var acc: Float = 0
                    for p in k0..<(k0 + kc) {
                        acc.addProduct(s.transA ? a[p * lda + i] : a[i * lda + p], b[p * ldb + j])
                    }
                    sum = k0 == 0 ? acc : sum + acc
                    k0 += kc
                }
                c[i * ldc + j] = s.k == 0 ? 0 : sum
            }
        }
    }

    /// Operands with rows wider than the matrices (gaps the kernel must not touch in C), A with
    /// zeros as after a ReLU.
    static func operands(_ s: Shape, seed: UInt64) -> (a: [Float], lda: Int, b: [Float], ldb: Int, ldc: Int) {
        var rng = SplitMix64(seed: seed)
        let lda = (s.transA ? s.m : s.k) + 3, ldb = s.n + 5, ldc = s.n + 7
        let a = (0..<((s.transA ? s.k : s.m) * lda)).map { _ in rng.nextFloat() < 0.3 ? 0 : rng.uniform(-1, 1) }
        let b = (0..<(s.k * ldb)).map { _ in rng.uniform(-1, 1) }
        return (a, lda, b, ldb, ldc)
    }

    @Test(arguments: oddShapes) func kernelSumsAsThePlainLoop(_ s: Shape) {
        let o = Self.operands(s, seed: UInt64(s.m * 10_000 + s.n * 100 + s.k))
        var own = [Float](repeating: 7, count: s.m * o.ldc), loop = own
        own.withUnsafeMutableBufferPointer {
            Kernels.denseGemm(transA: s.transA, m: s.m, n: s.n, k: s.k, o.a, lda: o.lda, o.b, ldb: o.ldb, $0.baseAddress!, ldc: o.ldc)
        }
        Self.plainLoop(s, o.a, lda: o.lda, o.b, ldb: o.ldb, into: &loop, ldc: o.ldc)
        #expect(own == loop, "\(s)")
    }

    /// The weight gradient and the forward product skip the products of zeros in X
    /// (`sparseGroup`, `sparseForwardPass`): with X mostly zeros, some of them −0, a whole
    /// feature and a whole image of X zero, and (weight gradient) groups dense enough for the
    /// block kernel, C is the plain loop's bit for bit, the sign of every zero too.
    @Test(arguments: [Shape(transA: true, m: 100, n: 128, k: 64), Shape(transA: true, m: 45, n: 40, k: 130),
                      Shape(transA: true, m: 33, n: 128, k: 500), Shape(transA: false, m: 70, n: 128, k: 1000),
                      Shape(transA: false, m: 18, n: 37, k: 77)])
    func denseProductsSkipZerosBitForBit(_ s: Shape) {
        var rng = SplitMix64(seed: UInt64(s.m + s.k))
        var o = Self.operands(s, seed: 3)
        for p in 0..<s.k {
            for i in 0..<s.m {
                let draw = rng.nextFloat(), at = s.transA ? p * o.lda + i : i * o.lda + p
                // Weight gradient: features 0-15 dense (block kernel), feature 17 and image 2 all
                // zero, the rest ~60 % zero; forward: row 17 and column 2 zero.
                let zero = i == 17 || p == 2 || ((i >= 16 || !s.transA) && draw < 0.6)
                if zero { o.a[at] = draw < 0.3 ? -0.0 : 0 } else if o.a[at] == 0 { o.a[at] = 0.5 }
            }
        }
        var own = [Float](repeating: 7, count: s.m * o.ldc), loop = own
        own.withUnsafeMutableBufferPointer {
            Kernels.denseGemm(transA: s.transA, m: s.m, n: s.n, k: s.k, o.a, lda: o.lda, o.b, ldb: o.ldb, $0.baseAddress!, ldc: o.ldc)
        }
        Self.plainLoop(s, o.a, lda: o.lda, o.b, ldb: o.ldb, into: &loop, ldc: o.ldc)
        #expect(own.map(\.bitPattern) == loop.map(\.bitPattern), "\(s)")
        #expect((0..<s.n).allSatisfy { own[17 * o.ldc + $0].bitPattern == 0 }, "\(s): a zero row of C is +0")
    }

    /// The passes: 448 while 896 or more are left, then two about equal ones rounded up to 16.
    @Test func passesAlongK() {
        func passes(_ k: Int) -> [Int] {
            var out: [Int] = [], left = k
            while left > 0 { let p = Int(digitrec_sgemm_pass(Int32(left))); out.append(p); left -= p }
            return out
        }
        #expect(passes(9216) == Array(repeating: 448, count: 19) + [352, 352])
        #expect(passes(1200) == [448, 384, 368])
        #expect(passes(784) == [400, 384])
        #expect(passes(448) == [448])
        #expect(passes(449) == [224, 225])
        #expect(passes(64) == [64])
    }

    /// Where it replaces OpenBLAS (m·n·k over 100³) the kernel gives OpenBLAS's SKYLAKEX products
    /// bit for bit: `cnn`'s three (9216 inputs, 21 passes), `sprint`'s (1200), `mlp`'s (784), k
    /// split unevenly, tails. Only where the engine loaded that OpenBLAS kernel.
    @Test(.enabled(if: Kernels.blasCore == "SKYLAKEX", "OpenBLAS's SKYLAKEX kernel sums this way (not the kernel loaded here, e.g. OPENBLAS_CORETYPE=Haswell)"),
          arguments: [Shape(transA: false, m: 64, n: 128, k: 9216), Shape(transA: true, m: 9216, n: 128, k: 64),
                      Shape(transA: false, m: 64, n: 1200, k: 128), Shape(transA: false, m: 32, n: 128, k: 784),
                      Shape(transA: true, m: 1200, n: 128, k: 64), Shape(transA: false, m: 40, n: 100, k: 1000),
                      Shape(transA: true, m: 333, n: 7, k: 1999), Shape(transA: false, m: 13, n: 77, k: 3001)])
    func kernelIsOpenBLASBitForBit(_ s: Shape) {
        #expect(Kernels.denseTakes(m: s.m, n: s.n, k: s.k))
        let o = Self.operands(s, seed: UInt64(s.k * 7 + s.m))
        var own = [Float](repeating: 7, count: s.m * o.ldc), blas = own
        own.withUnsafeMutableBufferPointer {
            Kernels.denseGemm(transA: s.transA, m: s.m, n: s.n, k: s.k, o.a, lda: o.lda, o.b, ldb: o.ldb, $0.baseAddress!, ldc: o.ldc)
        }
        blas.withUnsafeMutableBufferPointer {
            Kernels.gemm(s.transA, false, m: s.m, n: s.n, k: s.k, o.a, lda: o.lda, o.b, ldb: o.ldb, $0.baseAddress!, ldc: o.ldc)
        }
        #expect(own == blas, "\(s)")
    }

    /// The input gradient dY·Wᵀ read from W (`denseGemmWT`) is OpenBLAS's dY·Wᵀ.
    @Test(.enabled(if: Kernels.blasCore == "SKYLAKEX", "OpenBLAS's SKYLAKEX kernel sums this way (not the kernel loaded here, e.g. OPENBLAS_CORETYPE=Haswell)"))
    func inputGradientFromWIsOpenBLAS() {
        let (n, i, o) = (64, 9216, 128)
        var rng = SplitMix64(seed: 9)
        let w = (0..<(i * o)).map { _ in rng.uniform(-0.05, 0.05) }, dy = (0..<(n * o)).map { _ in rng.uniform(-1, 1) }
        let own = FloatBuffer(count: n * i), blas = FloatBuffer(count: n * i)
        Kernels.denseGemmWT(m: n, n: i, k: o, dy, lda: o, w, ldw: o, own.pointer, ldc: i)
        Kernels.gemm(false, true, m: n, n: i, k: o, dy, lda: o, w, ldb: o, blas.pointer, ldc: i)
        #expect(own.array(n * i) == blas.array(n * i))
    }

    /// A·Wᵀ read from W gives `denseGemm`'s A·B on B = Wᵀ written out, bit for bit, and the plain
    /// loop's sums: cnn's input gradient (64×9216×128, C streamed), column tails of 1–15 (n % 16,
    /// the panel's rows past n), k not a multiple of 16 within a pass, two and several passes
    /// (the panel made again for each), row-block remainders; C's gaps untouched.
    @Test(arguments: [Shape(transA: false, m: 64, n: 9216, k: 128), Shape(transA: false, m: 7, n: 13, k: 897),
                      Shape(transA: false, m: 5, n: 33, k: 1000), Shape(transA: false, m: 13, n: 100, k: 449),
                      Shape(transA: false, m: 12, n: 65, k: 1), Shape(transA: false, m: 6, n: 64, k: 448),
                      Shape(transA: false, m: 20, n: 4096, k: 64), Shape(transA: false, m: 1, n: 1, k: 17)])
    func readingWSumsAsTheTransposeWrittenOut(_ s: Shape) {
        let o = Self.operands(s, seed: UInt64(s.m * 1000 + s.n + s.k))
        // W (n×k, rows k + 3 apart) and Wᵀ written out from it (k×n, rows `o.ldb` apart).
        let ldw = s.k + 3
        var bt = [Float](repeating: .nan, count: s.n * ldw)
        for j in 0..<s.n { for p in 0..<s.k { bt[j * ldw + p] = o.b[p * o.ldb + j] } }
        var fromW = [Float](repeating: 7, count: s.m * o.ldc), written = fromW, loop = fromW
        fromW.withUnsafeMutableBufferPointer {
            Kernels.denseGemmWT(m: s.m, n: s.n, k: s.k, o.a, lda: o.lda, bt, ldw: ldw, $0.baseAddress!, ldc: o.ldc)
        }
        written.withUnsafeMutableBufferPointer {
            Kernels.denseGemm(transA: false, m: s.m, n: s.n, k: s.k, o.a, lda: o.lda, o.b, ldb: o.ldb, $0.baseAddress!, ldc: o.ldc)
        }
        #expect(fromW == written, "\(s)")
        if s.m * s.n * s.k < 1 << 22 {
            Self.plainLoop(s, o.a, lda: o.lda, o.b, ldb: o.ldb, into: &loop, ldc: o.ldc)
            #expect(fromW == loop, "\(s)")
        }
    }

    /// The input gradient read from W skips the products of dY's zeros (one pass along k: each
    /// row of C sums only its row's values that are not zero, rows in pairs): with dY mostly
    /// zeros, some −0, a whole row and a whole column of dY zero, a NaN, an odd last row, and
    /// (m > 256) a second group of rows dense enough for the block kernel, C is the plain loop's
    /// bit for bit, the sign of every zero too.
    @Test(arguments: [Shape(transA: false, m: 64, n: 9216, k: 128), Shape(transA: false, m: 300, n: 40, k: 130),
                      Shape(transA: false, m: 7, n: 33, k: 448), Shape(transA: false, m: 5, n: 100, k: 64)])
    func inputGradientSkipsZerosBitForBit(_ s: Shape) {
        var rng = SplitMix64(seed: UInt64(s.m + s.k))
        var o = Self.operands(s, seed: 4)
        for i in 0..<s.m {
            for p in 0..<s.k {
                let draw = rng.nextFloat()
                // Rows from 256 on ~10 % zero (the block kernel's group), the others ~80 %.
                let zero = i == 3 || p == 2 || draw < (i >= 256 ? 0.1 : 0.8)
                if zero { o.a[i * o.lda + p] = draw < 0.4 ? -0.0 : 0 } else if o.a[i * o.lda + p] == 0 { o.a[i * o.lda + p] = 0.5 }
            }
        }
        o.a[1 * o.lda + 5] = .nan
        let ldw = s.k + 3
        var bt = [Float](repeating: .nan, count: s.n * ldw)
        for j in 0..<s.n { for p in 0..<s.k { bt[j * ldw + p] = o.b[p * o.ldb + j] } }
        var own = [Float](repeating: 7, count: s.m * o.ldc), loop = own
        own.withUnsafeMutableBufferPointer {
            Kernels.denseGemmWT(m: s.m, n: s.n, k: s.k, o.a, lda: o.lda, bt, ldw: ldw, $0.baseAddress!, ldc: o.ldc)
        }
        Self.plainLoop(s, o.a, lda: o.lda, o.b, ldb: o.ldb, into: &loop, ldc: o.ldc)
        #expect(own.map(\.bitPattern) == loop.map(\.bitPattern), "\(s)")
        #expect((0..<s.n).allSatisfy { own[3 * o.ldc + $0].bitPattern == 0 }, "\(s): a zero row of C is +0")
        #expect((0..<s.n).allSatisfy { own[1 * o.ldc + $0].isNaN }, "\(s): dY's NaN stays")
        #expect((0..<s.m).allSatisfy { i in (s.n..<o.ldc).allSatisfy { own[i * o.ldc + $0] == 7 } }, "\(s): C's gaps untouched")
    }

    /// A C of 1 MB or more made in one pass is streamed: the same values as made in bands too
    /// small to stream, the gaps between its rows untouched; not over several passes or unaligned.
    @Test func streamedProductIsTheBandedOne() {
        let s = Shape(transA: false, m: 64, n: 4096, k: 40), ldc = s.n + 16, band = 6
        let o = Self.operands(s, seed: 5)
        let whole = FloatBuffer(count: s.m * ldc), banded = FloatBuffer(count: s.m * ldc)
        for i in 0..<(s.m * ldc) { whole.pointer[i] = 7; banded.pointer[i] = 7 }
        #expect(digitrec_sgemm_dense_streams(Int32(s.m), Int32(s.n), Int32(s.k), whole.pointer, Int32(ldc)) != 0)
        #expect(digitrec_sgemm_dense_streams(Int32(band), Int32(s.n), Int32(s.k), banded.pointer, Int32(ldc)) == 0)
        Kernels.denseGemm(transA: false, m: s.m, n: s.n, k: s.k, o.a, lda: o.lda, o.b, ldb: o.ldb, whole.pointer, ldc: ldc)
        for i in stride(from: 0, to: s.m, by: band) {
            let rows = min(band, s.m - i)
            Kernels.denseGemm(transA: false, m: rows, n: s.n, k: s.k, o.a.withUnsafeBufferPointer { $0.baseAddress! + i * o.lda }, lda: o.lda,
                              o.b, ldb: o.ldb, banded.pointer + i * ldc, ldc: ldc)
        }
        #expect(whole.array(s.m * ldc) == banded.array(s.m * ldc))
        #expect((0..<s.m).allSatisfy { i in (s.n..<ldc).allSatisfy { whole.pointer[i * ldc + $0] == 7 } })
        #expect(digitrec_sgemm_dense_streams(Int32(s.m), Int32(s.n), 449, whole.pointer, Int32(ldc)) == 0)
        #expect(digitrec_sgemm_dense_streams(Int32(s.m), Int32(s.n), Int32(s.k), whole.pointer + 4, Int32(ldc)) == 0)
        #expect(digitrec_sgemm_dense_streams(Int32(s.m), Int32(s.n - 8), Int32(s.k), whole.pointer, Int32(ldc)) == 0)
    }

    /// Two workers of a net whose middle dense layer takes the own kernel (20–21 images a worker,
    /// W 64×4096: 1 MB, its input gradient read from W): a step and OpenBLAS's give the same
    /// gradients bit for bit, also after the weights change between steps.
    @Test func trainingStepGivesOpenBLASGradients() throws {
        let layers: [LayerSpec] = [.flatten, .dense(units: 64), .relu, .dense(units: 4096), .relu, .dense(units: 10)]
        let nets = try (0..<3).map { _ in try Network(layers: layers, seed: 5, threads: 2) }
        nets[1].sharesWeightPairs = false
        for worker in nets[2].workers { for case let d as Dense in worker.layers { d.ownFP32 = false } }
        let n = 41
        let middle = nets[0].workers.map { $0.layers.compactMap { $0 as? Dense }[1] }
        #expect(middle.allSatisfy { $0.ownTakes(n: n / 2) })
        for (step, grads) in twoStepGradients(nets, images: n).enumerated() {
            #expect(grads[0] == grads[1], "step \(step): sharing the weight pairs changed the fp32 gradients")
            if Kernels.blasCore == "SKYLAKEX" { #expect(grads[0] == grads[2], "step \(step): own kernel against OpenBLAS") }
        }
        // The first (784×64) and the last dense layer stay with OpenBLAS, W under 1 MB.
        let lead = nets[0].workers[0].layers.compactMap { $0 as? Dense }
        #expect(!lead[0].ownTakes(n: n / 2) && !lead[2].ownTakes(n: n / 2))
    }
}

/// `Kernels.blasCore`, which gates the bit-for-bit tests above, is the kernel OpenBLAS itself
/// says it loaded: the one OPENBLAS_CORETYPE names when OpenBLAS knows that name.
@Suite struct BLASCoreTests {
    @Test(.enabled(if: Kernels.blasName.hasPrefix("OpenBLAS"), "OpenBLAS is not installed here"))
    func theCoreIsOpenBLASsOwnName() throws {
        let core = try #require(Kernels.blasCore)
        let known = ["HASWELL", "SKYLAKEX", "COOPERLAKE", "SAPPHIRERAPIDS", "ZEN", "SANDYBRIDGE", "PRESCOTT", "NEHALEM"]
        #expect(known.contains(core), "\(core)")
        // The engine sets the variable from CPUID when it is unset (on CPUs it knows).
        if let asked = Environment.value("OPENBLAS_CORETYPE")?.uppercased(), known.contains(asked) { #expect(core == asked) }
    }
}
