import CKernels

/// A dense layer's fp32 products in training on the own AVX-512 kernel (CKernels/sgemm_dense_avx512.c)
/// instead of OpenBLAS, which copied both operands of each into its panels first: `cnn`'s 9216×128 W
/// twice and its 64×9216 input twice per worker and step (6-8 % of an fp32 epoch). The kernel sums
/// as OpenBLAS's SKYLAKEX SGEMM does where OpenBLAS packs (`denseTakes`), so the weights stay the
/// same bit for bit; smaller products stay with OpenBLAS's small-matrix kernels, which copy nothing
/// and sum in another order.
extension Kernels {
    /// Whether the own kernel takes an m×n×k product: on CPUs where it runs (`CPU.ownDense`) when
    /// m·n·k > 100³, where OpenBLAS 0.3.21 leaves its small-matrix kernels for the packed ones.
    static func denseTakes(m: Int, n: Int, k: Int) -> Bool {
        CPU.ownDense && Double(m) * Double(n) * Double(k) > 1e6
    }

    /// C[m×n] = op(A)·B with op(A) = Aᵀ when `transA` (A is then k×m, rows `lda` apart), in
    /// OpenBLAS's passes along k (`digitrec_sgemm_pass`), C written, not added to. Callers check
    /// `CPU.ownDense`.
    @inline(__always)
    static func denseGemm(transA: Bool, m: Int, n: Int, k: Int, _ a: UnsafePointer<Float>, lda: Int,
                          _ b: UnsafePointer<Float>, ldb: Int, _ c: UnsafeMutablePointer<Float>, ldc: Int) {
        digitrec_sgemm_dense_avx512(transA ? 1 : 0, Int32(m), Int32(n), Int32(k), a, Int32(lda), b, Int32(ldb), c, Int32(ldc))
    }

    /// C[m×n] = A·Wᵀ for W (n×k, rows `ldw` apart): the input gradient dY·Wᵀ of a dense layer
    /// read from its W, with the sums of `denseGemm(transA: false, …)` on Wᵀ bit for bit. Callers
    /// check `CPU.ownDense`.
    @inline(__always)
    static func denseGemmWT(m: Int, n: Int, k: Int, _ a: UnsafePointer<Float>, lda: Int,
                            _ w: UnsafePointer<Float>, ldw: Int, _ c: UnsafeMutablePointer<Float>, ldc: Int) {
        digitrec_sgemm_dense_bt_avx512(Int32(m), Int32(n), Int32(k), a, Int32(lda), w, Int32(ldw), c, Int32(ldc))
    }
}
