import CKernels
import Testing
@testable import DigitModel

/// The dense layers' inference GEMM that skips zero inputs (`Kernels.sparseGemm`) against the
/// reference GEMM: activations with zeros scattered, whole zero columns and zero rows; row blocks
/// of every height, 8- and 10-column tails, k over the 256-row panel, C added to.
@Suite(.enabled(if: CPU.avx512, "the sparse GEMM needs AVX-512"))
struct SparseGemmTests {
    struct Case: CustomStringConvertible, Sendable {
        var m: Int, n: Int, k: Int, accumulate: Bool
        var description: String { "\(m)×\(n)×\(k)\(accumulate ? " +C" : "")" }
    }

    static let shapes: [Case] = [
        Case(m: 16, n: 128, k: 9216, accumulate: false),   // cnn's first dense layer, one slice
        Case(m: 1, n: 128, k: 3136, accumulate: false),    // the shipped model's, one image
        Case(m: 37, n: 10, k: 128, accumulate: false),     // a last layer: 6-row blocks, one masked vector
        Case(m: 7, n: 64, k: 300, accumulate: true),       // two panels, the second one short
        Case(m: 5, n: 40, k: 17, accumulate: false),       // k not a multiple of 16
        Case(m: 20, n: 136, k: 513, accumulate: true),     // 8 vectors + one of 8 columns; three panels
        Case(m: 3, n: 8, k: 1, accumulate: false),
    ]

    /// A (m×k) with half its values zero, every third of its first k/2 columns zero in every row
    /// and its second row all zero; B and C in ±1; rows further apart than their width.
    static func operands(_ s: Case, seed: UInt64) -> (a: [Float], lda: Int, b: [Float], ldb: Int, c: [Float], ldc: Int) {
        var rng = SplitMix64(seed: seed)
        let lda = s.k + 3, ldb = s.n + 5, ldc = s.n + 7
        var a = (0..<(s.m * lda)).map { _ in rng.nextFloat() < 0.5 ? 0 : rng.uniform(-1, 1) }
        for i in 0..<s.m {
            for p in stride(from: 0, to: s.k / 2, by: 3) { a[i * lda + p] = 0 }
            if i == 1 { for p in 0..<s.k { a[i * lda + p] = 0 } }
        }
        let b = (0..<(s.k * ldb)).map { _ in rng.uniform(-1, 1) }
        let c = (0..<(s.m * ldc)).map { _ in rng.uniform(-1, 1) }
        return (a, lda, b, ldb, c, ldc)
    }

    @Test(arguments: shapes) func matchesReference(_ s: Case) {
        let o = Self.operands(s, seed: UInt64(s.m * 1000 + s.n * 10 + s.k))
        var sparse = o.c, reference = o.c
        sparse.withUnsafeMutableBufferPointer { c in
            Kernels.sparseGemm(m: s.m, n: s.n, k: s.k, o.a, lda: o.lda, o.b, ldb: o.ldb, c.baseAddress!, ldc: o.ldc,
                               accumulate: s.accumulate)
        }
        reference.withUnsafeMutableBufferPointer { c in
            Kernels.referenceGemm(false, false, m: s.m, n: s.n, k: s.k, o.a, lda: o.lda, o.b, ldb: o.ldb,
                                  c.baseAddress!, ldc: o.ldc, accumulate: s.accumulate)
        }
        // Sums of k products of values in ±1: rounding differences stay far below 1e-6·(k + 1).
        let tolerance = Float(s.k + 1) * 1e-6
        var worst: Float = 0
        for i in 0..<s.m {
            for j in 0..<s.n { worst = max(worst, abs(sparse[i * o.ldc + j] - reference[i * o.ldc + j])) }
            // Beyond n, C's padding is untouched.
            for j in s.n..<o.ldc { #expect(sparse[i * o.ldc + j] == o.c[i * o.ldc + j]) }
        }
        #expect(worst < tolerance, "\(s): \(worst) from the reference")
        // The all-zero row: its products are all skipped, so C's row is 0 (or what it held).
        if s.m > 1 {
            for j in 0..<s.n { #expect(sparse[o.ldc + j] == (s.accumulate ? o.c[o.ldc + j] : 0)) }
        }
    }

    /// NaN is not zero: a NaN input reaches every output of its row, and only its row, even where
    /// the column is zero in the rest of the block.
    @Test func nanIsNotSkipped() {
        let s = Case(m: 6, n: 32, k: 40, accumulate: false)
        var o = Self.operands(s, seed: 3)
        for i in 0..<s.m { o.a[i * o.lda + 4] = 0 }
        o.a[2 * o.lda + 4] = .nan
        var c = o.c
        c.withUnsafeMutableBufferPointer { cp in
            Kernels.sparseGemm(m: s.m, n: s.n, k: s.k, o.a, lda: o.lda, o.b, ldb: o.ldb, cp.baseAddress!, ldc: o.ldc)
        }
        for i in 0..<s.m {
            let row = c[(i * o.ldc)..<(i * o.ldc + s.n)]
            #expect(i == 2 ? row.allSatisfy(\.isNaN) : row.allSatisfy(\.isFinite), "row \(i)")
        }
    }

    /// An empty inner dimension writes zeros (nothing to sum), or leaves C when adding to it.
    @Test func emptyInnerDimension() {
        var c: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]
        let a: [Float] = [0], b: [Float] = [0]
        c.withUnsafeMutableBufferPointer { cp in
            Kernels.sparseGemm(m: 2, n: 8, k: 0, a, lda: 1, b, ldb: 8, cp.baseAddress!, ldc: 8, accumulate: true)
        }
        #expect(c == (1...16).map(Float.init))
        c.withUnsafeMutableBufferPointer { cp in
            Kernels.sparseGemm(m: 2, n: 8, k: 0, a, lda: 1, b, ldb: 8, cp.baseAddress!, ldc: 8)
        }
        #expect(c == [Float](repeating: 0, count: 16))
    }

    /// A dense layer in inference runs this GEMM (bit for bit), in training OpenBLAS's as before.
    @Test(.enabled(if: CPU.sparseDense, "inference runs it with the own kernels")) func denseInferenceRunsIt() {
        let s = Case(m: 9, n: 128, k: 576, accumulate: false)
        let o = Self.operands(s, seed: 8)
        let weight = Param(name: "w", shape: [s.k, s.n]), bias = Param(name: "b", shape: [s.n])
        for p in 0..<s.k { for j in 0..<s.n { weight.value.pointer[p * s.n + j] = o.b[p * o.ldb + j] } }
        let layer = Dense(input: Shape(1, 1, s.k), units: s.n, relu: false, weight: weight, bias: bias)
        let x = FloatBuffer(count: s.m * s.k)
        for i in 0..<s.m { for p in 0..<s.k { x.pointer[i * s.k + p] = o.a[i * o.lda + p] } }
        func run(training: Bool) -> [Float] {
            var context = PassContext(training: training, rng: SplitMix64(seed: 1))
            return Array(UnsafeBufferPointer(start: layer.forward(x.pointer, n: s.m, context: &context), count: s.m * s.n))
        }
        var sparse = [Float](repeating: 0, count: s.m * s.n), blas = sparse
        sparse.withUnsafeMutableBufferPointer {
            Kernels.sparseGemm(m: s.m, n: s.n, k: s.k, x.pointer, lda: s.k, weight.value.pointer, ldb: s.n, $0.baseAddress!, ldc: s.n)
        }
        blas.withUnsafeMutableBufferPointer {
            Kernels.gemm(false, false, m: s.m, n: s.n, k: s.k, x.pointer, lda: s.k, weight.value.pointer, ldb: s.n,
                         $0.baseAddress!, ldc: s.n)
        }
        #expect(sparse != blas, "the two GEMMs round alike here: the test tells nothing")
        let inferenceIsSparse = run(training: false) == sparse, trainingIsBLAS = run(training: true) == blas
        #expect(inferenceIsSparse)
        #expect(trainingIsBLAS)
    }
}
