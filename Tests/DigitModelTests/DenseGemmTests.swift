import CKernels
import Testing
import Support
@testable import DigitModel

/// The own fp32 kernel of a dense layer in training (`Kernels.denseGemm`, CKernels/
/// sgemm_dense_avx512.c) and Wᵀ made once per step for every worker: the kernel against a plain
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

    /// The input gradient dY·Wᵀ through Wᵀ transposed here is OpenBLAS's dY·Wᵀ read from W.
    @Test(.enabled(if: Kernels.blasCore == "SKYLAKEX", "OpenBLAS's SKYLAKEX kernel sums this way (not the kernel loaded here, e.g. OPENBLAS_CORETYPE=Haswell)"))
    func inputGradientThroughTheTransposeIsOpenBLAS() {
        let (n, i, o) = (64, 9216, 128)
        var rng = SplitMix64(seed: 9)
        let w = (0..<(i * o)).map { _ in rng.uniform(-0.05, 0.05) }, dy = (0..<(n * o)).map { _ in rng.uniform(-1, 1) }
        let wt = FloatBuffer(count: Kernels.transposedFloats(k: i, n: o))
        Kernels.transposeRows(k: i, n: o, w, rows: 0..<i, wt.pointer)
        let own = FloatBuffer(count: n * i), blas = FloatBuffer(count: n * i)
        Kernels.denseGemm(transA: false, m: n, n: i, k: o, dy, lda: o, wt.pointer, ldb: Kernels.transposedStride(n: i), own.pointer, ldc: i)
        Kernels.gemm(false, true, m: n, n: i, k: o, dy, lda: o, w, ldb: o, blas.pointer, ldc: i)
        #expect(own.array(n * i) == blas.array(n * i))
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

    /// Bands of W's rows transposed apart (as 1–3 workers do, in any order) make the plain
    /// transpose, with the padded stride (9216 → 9232) and partial 16×16 blocks.
    @Test(arguments: [(k: 9216, n: 128), (k: 40, n: 16), (k: 66, n: 24), (k: 17, n: 3), (k: 512, n: 512), (k: 1, n: 33)])
    func bandsMakeTheTranspose(_ shape: (k: Int, n: Int)) {
        let (k, n) = shape, ldt = Kernels.transposedStride(n: k)
        var rng = SplitMix64(seed: UInt64(k * 1000 + n))
        let w = (0..<(k * n)).map { _ in rng.uniform(-1, 1) }
        for parts in 1...3 {
            let shared = WeightPairs()
            shared.reserveTransposed(k: k, n: n)
            for part in (0..<parts).reversed() { shared.transpose(w, k: k, n: n, part: part, of: parts) }
            let t = shared.transposedFloats.pointer
            let same = (0..<n).allSatisfy { j in (0..<k).allSatisfy { p in t[j * ldt + p] == w[p * n + j] } }
            #expect(same, "\(shape), \(parts) parts")
        }
    }

    /// Two workers of a net whose middle dense layer takes the own kernel (20–21 images a worker,
    /// W 64×4096: 1 MB): a step with the shared Wᵀ, one where each worker makes its own, and OpenBLAS's
    /// give the same gradients bit for bit, also after the weights change between steps (Wᵀ is
    /// made again); no worker made its own Wᵀ while the shared one was there.
    @Test func trainingStepGivesOpenBLASGradients() throws {
        let layers: [LayerSpec] = [.flatten, .dense(units: 64), .relu, .dense(units: 4096), .relu, .dense(units: 10)]
        let nets = try (0..<3).map { _ in try Network(layers: layers, seed: 5, threads: 2) }
        nets[1].sharesWeightPairs = false
        for worker in nets[2].workers { for case let d as Dense in worker.layers { d.ownFP32 = false } }
        let n = 41
        let middle = nets[0].workers.map { $0.layers.compactMap { $0 as? Dense }[1] }
        #expect(middle.allSatisfy { $0.ownTakes(n: n / 2) })
        for (step, grads) in twoStepGradients(nets, images: n).enumerated() {
            #expect(grads[0] == grads[1], "step \(step): the shared Wᵀ changed the gradients")
            if Kernels.blasCore == "SKYLAKEX" { #expect(grads[0] == grads[2], "step \(step): own kernel against OpenBLAS") }
        }
        for d in middle {
            #expect(d.wtFloats.capacity == 1, "a worker made Wᵀ itself")
            #expect(d.shared?.transposedCurrent == false)
        }
        // Neither the first dense layer (no input gradient) nor the last (too small) got a shared
        // Wᵀ; the first (784×64) and the last stay with OpenBLAS, W under 1 MB.
        let lead = nets[0].workers[0].layers.compactMap { $0 as? Dense }
        #expect(!lead[0].ownTakes(n: n / 2) && !lead[2].ownTakes(n: n / 2))
        #expect(lead[0].shared?.transposedFloats.capacity == 1 && lead[2].shared?.transposedFloats.capacity == 1)
        let own = nets[1].workers.map { $0.layers.compactMap { $0 as? Dense }[1] }
        for d in own { #expect(d.wtFloats.capacity > 1) }
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
        // The engine sets the variable from CPUID when it is unset, so it is always there.
        let asked = try #require(Environment.value("OPENBLAS_CORETYPE")).uppercased()
        if known.contains(asked) { #expect(core == asked) }
    }
}
