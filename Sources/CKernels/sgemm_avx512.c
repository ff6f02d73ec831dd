// The AVX-512 form of sgemm_avx2.c's small no-packing SGEMM (Winograd's 36 GEMMs per chunk, 72
// rows by 32–64). Same arithmetic per output as the AVX2 kernel — one FMA chain over k from zero
// in the order of k, added to C at the end when accumulating — so both give bit-identical results
// (OwnKernelTests holds them equal) and a model trains to the same weights on either; only the
// register blocks are wider: 6 rows by up to 4 ZMM vectors (64 columns), the last vector masked
// when n % 16 is 8. Blocks of 8 or 12 rows (24 accumulators for 48 or 32 columns) ran at a third
// of the speed (clang spilled them), so every block has 6 rows.
// On a Zen 4, whose 512-bit FMA issues at half the 256-bit rate, the FLOPs per cycle do not
// change; what does is the instructions per FMA (one B load per 16 columns, one broadcast per
// 4 vectors instead of per 2): the AVX2 kernel ran at ~75 % of OpenBLAS's SKYLAKEX peak.
#include "CKernels.h"

#if defined(__x86_64__)
#include "gemm_blocks.h"

#define AVX512 __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,avx2,fma")))
#define INLINE static inline __attribute__((always_inline))

/// One MR×(16·NV) block of C, MR ≤ 6, NV ≤ 4 (`gemmProducts`), stored or added to C.
INLINE AVX512 void block(const int trans, const int mr, const int nv, int k, const float *a, int lda,
                         const float *b, int ldb, float *c, int ldc, int accumulate, __mmask16 last) {
    __m512 acc[GEMM_MR][GEMM_NV];
    gemmProducts(trans, mr, nv, k, a, lda, b, ldb, last, acc);
    gemmStoreBlock(acc, mr, nv, c, ldc, accumulate, last);
}

/// Every block of 6 rows (the last one shorter) of one strip of NV vectors starting at column j.
INLINE AVX512 void strip(const int trans, const int nv, int m, int k, const float *a, int lda, const float *b, int ldb,
                         float *c, int ldc, int accumulate, int j, __mmask16 last) {
    for (int i = 0; i < m; i += GEMM_MR) {
        const int rows = m - i < GEMM_MR ? m - i : GEMM_MR;
        const float *ai = trans ? a + i : a + (size_t)i * lda;
        float *ci = c + (size_t)i * ldc + j;
#define BLOCK(mr) block(trans, mr, nv, k, ai, lda, b + j, ldb, ci, ldc, accumulate, last)
        GEMM_SWITCH_ROWS(rows, BLOCK)
#undef BLOCK
    }
}

/// Strips of up to 4 vectors (64 columns), each over all rows: A's rows of a strip stay in L1
/// across its row blocks, and B (k×n, 8–18 KB for Winograd's shapes) stays there throughout.
INLINE AVX512 void drive(const int trans, int m, int n, int k, const float *a, int lda, const float *b, int ldb,
                         float *c, int ldc, int accumulate) {
#define STRIP(nvv) strip(trans, nvv, m, k, a, lda, b, ldb, c, ldc, accumulate, 16 * v0, last)
    GEMM_FOR_STRIPS(n, v0, nv, last, { GEMM_SWITCH_VECTORS(nv, STRIP) });
#undef STRIP
}

AVX512 void digitrec_sgemm_avx512(int trans_a, int m, int n, int k, const float *a, int lda, const float *b, int ldb,
                                  float *c, int ldc, int accumulate) {
    // Strided Aᵀ operands go to the AVX2 kernel's copying path (never Winograd's, kept for a
    // right answer): its chains restart every 256 values of k, and staying with it keeps the two
    // kernels bit-identical there too.
    if (trans_a && !(lda == m && ldb == n)) {
        digitrec_sgemm_avx2(trans_a, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
        return;
    }
    drive(trans_a ? 1 : 0, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
}
#else
void digitrec_sgemm_avx512(int trans_a, int m, int n, int k, const float *a, int lda, const float *b, int ldb,
                           float *c, int ldc, int accumulate) {
    (void)trans_a; (void)m; (void)n; (void)k; (void)a; (void)lda; (void)b; (void)ldb; (void)c; (void)ldc; (void)accumulate;
}
#endif
