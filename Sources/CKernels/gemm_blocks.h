// What the AVX-512 register-block GEMMs (sgemm_avx512.c and sgemm_dense_avx512.c, fp32;
// sgemm_bf16.c, bf16 products) share: a block of C is up to 6 rows by 4 ZMM vectors (64 columns), the last vector masked
// when n is not a multiple of 16; the accumulators go to C once, added to it when accumulating;
// the runtime block shape is switched onto compile-time constants so each block's loops unroll.
// Private to CKernels (not under include/): Swift never sees it.
#ifndef DIGITREC_GEMM_BLOCKS_H
#define DIGITREC_GEMM_BLOCKS_H

#if defined(__x86_64__)
#include <immintrin.h>
#include <stddef.h>

// The features both kernels are compiled with; a static inline function with these inlines into
// either (a callee's features must be a subset of its caller's).
#define GEMM_BLOCKS_TARGET __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq"), always_inline))

/// Block rows and vectors: 6 × 4 accumulators (24 of 32 ZMM registers) leave room for the NV
/// vectors of B and a broadcast.
enum { GEMM_MR = 6, GEMM_NV = 4 };

/// The lanes of the last vector of a row of n columns (all 16 when n is a multiple of 16).
static inline GEMM_BLOCKS_TARGET __mmask16 gemmTailMask(int n) {
    return n % 16 == 0 ? 0xFFFF : (__mmask16)((1u << (n % 16)) - 1);
}

/// One row's accumulators acc[v], v < nv, into C's row `cr`, the last vector masked by `last`;
/// added to what C holds when `accumulate`. nv is a constant after inlining.
static inline GEMM_BLOCKS_TARGET void gemmStoreRow(const __m512 *acc, const int nv, float *cr, int accumulate,
                                                   __mmask16 last) {
    for (int v = 0; v < nv; v++) {
        const __mmask16 mask = v == nv - 1 ? last : 0xFFFF;
        __m512 out = acc[v];
        if (accumulate) out = _mm512_add_ps(_mm512_maskz_loadu_ps(mask, cr + 16 * v), out);
        _mm512_mask_storeu_ps(cr + 16 * v, mask, out);
    }
}

/// acc[r][v] for r < mr, v < nv into C's rows (`ldc` apart), as `gemmStoreRow`. mr and nv are
/// constants after inlining.
static inline GEMM_BLOCKS_TARGET void gemmStoreBlock(__m512 acc[GEMM_MR][GEMM_NV], const int mr, const int nv,
                                                     float *c, int ldc, int accumulate, __mmask16 last) {
    for (int r = 0; r < GEMM_MR; r++) {
        if (r >= mr) break;
        gemmStoreRow(acc[r], nv < GEMM_NV ? nv : GEMM_NV, c + (size_t)r * ldc, accumulate, last);
    }
}

/// The fp32 products of one MR×(16·NV) block of C, MR ≤ 6, NV ≤ 4 (constants after inlining),
/// into acc: each output's k products summed in one FMA chain from zero in the order of k (what
/// OpenBLAS's SKYLAKEX kernel does within a pass over k). `last` masks the last vector's
/// columns; `trans` picks A's layout: A(i, p) is a[i·lda + p], or a[p·lda + i] for Aᵀ.
static inline GEMM_BLOCKS_TARGET void gemmProducts(const int trans, const int mr, const int nv, int k, const float *a,
                                                   int lda, const float *b, int ldb, __mmask16 last,
                                                   __m512 acc[GEMM_MR][GEMM_NV]) {
    for (int r = 0; r < GEMM_MR; r++)
        for (int v = 0; v < GEMM_NV; v++) acc[r][v] = _mm512_setzero_ps();
    for (int p = 0; p < k; p++) {
        const float *bp = b + (size_t)p * ldb;
        __m512 bv[GEMM_NV];
        for (int v = 0; v < GEMM_NV; v++) {
            if (v >= nv) break;
            bv[v] = v == nv - 1 ? _mm512_maskz_loadu_ps(last, bp + 16 * v) : _mm512_loadu_ps(bp + 16 * v);
        }
        for (int r = 0; r < GEMM_MR; r++) {
            if (r >= mr) break;
            const float *ap = trans ? a + (size_t)p * lda + r : a + (size_t)r * lda + p;
            const __m512 ar = _mm512_set1_ps(*ap);
            for (int v = 0; v < GEMM_NV; v++) {
                if (v >= nv) break;
                acc[r][v] = _mm512_fmadd_ps(ar, bv[v], acc[r][v]);
            }
        }
    }
}

/// Runs BLOCK(mr) with mr the compile-time constant equal to `rows` (1…6).
#define GEMM_SWITCH_ROWS(rows, BLOCK) \
    switch (rows) { \
    case 6: BLOCK(6); break; case 5: BLOCK(5); break; case 4: BLOCK(4); break; \
    case 3: BLOCK(3); break; case 2: BLOCK(2); break; default: BLOCK(1); break; }

/// Runs STRIP(nv) with nv the compile-time constant equal to `vectors` (1…4).
#define GEMM_SWITCH_VECTORS(vectors, STRIP) \
    switch (vectors) { \
    case 4: STRIP(4); break; case 3: STRIP(3); break; case 2: STRIP(2); break; default: STRIP(1); break; }

/// The strips of up to 4 vectors across n columns: for each, `v0` (its first vector), `nv` (its
/// vectors) and `last` (the mask of its last vector) are set and BODY runs.
#define GEMM_FOR_STRIPS(n, v0, nv, last, BODY) \
    do { \
        const int gemmVectors_ = ((n) + 15) / 16; \
        const __mmask16 gemmTail_ = gemmTailMask(n); \
        for (int v0 = 0; v0 < gemmVectors_; v0 += GEMM_NV) { \
            const int nv = gemmVectors_ - v0 < GEMM_NV ? gemmVectors_ - v0 : GEMM_NV; \
            const __mmask16 last = v0 + nv == gemmVectors_ ? gemmTail_ : 0xFFFF; \
            BODY \
        } \
    } while (0)

#endif
#endif
