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
#include <immintrin.h>
#include <stddef.h>

#define AVX512 __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,avx2,fma")))
#define INLINE static inline __attribute__((always_inline))

/// One MR×(16·NV) block of C, MR ≤ 6, NV ≤ 4 (at most 24 accumulators, leaving registers for
/// the NV rows of B and a broadcast). `last` masks the last vector's columns. `trans` picks A's
/// layout: A(i, p) is a[i·lda + p], or a[p·lda + i] for Aᵀ.
INLINE AVX512 void block(const int trans, const int mr, const int nv, int k, const float *a, int lda,
                         const float *b, int ldb, float *c, int ldc, int accumulate, __mmask16 last) {
    __m512 acc[6][4];
    for (int r = 0; r < 6; r++)
        for (int v = 0; v < 4; v++) acc[r][v] = _mm512_setzero_ps();
    for (int p = 0; p < k; p++) {
        const float *bp = b + (size_t)p * ldb;
        __m512 bv[4];
        for (int v = 0; v < 4; v++) {
            if (v >= nv) break;
            bv[v] = v == nv - 1 ? _mm512_maskz_loadu_ps(last, bp + 16 * v) : _mm512_loadu_ps(bp + 16 * v);
        }
        for (int r = 0; r < 6; r++) {
            if (r >= mr) break;
            const float *ap = trans ? a + (size_t)p * lda + r : a + (size_t)r * lda + p;
            const __m512 ar = _mm512_set1_ps(*ap);
            for (int v = 0; v < 4; v++) {
                if (v >= nv) break;
                acc[r][v] = _mm512_fmadd_ps(ar, bv[v], acc[r][v]);
            }
        }
    }
    for (int r = 0; r < 6; r++) {
        if (r >= mr) break;
        float *cr = c + (size_t)r * ldc;
        for (int v = 0; v < 4; v++) {
            if (v >= nv) break;
            const __mmask16 mask = v == nv - 1 ? last : 0xFFFF;
            __m512 out = acc[r][v];
            if (accumulate) out = _mm512_add_ps(_mm512_maskz_loadu_ps(mask, cr + 16 * v), out);
            _mm512_mask_storeu_ps(cr + 16 * v, mask, out);
        }
    }
}

/// Every block of 6 rows (the last one shorter) of one strip of NV vectors starting at column j.
INLINE AVX512 void strip(const int trans, const int nv, int m, int k, const float *a, int lda, const float *b, int ldb,
                         float *c, int ldc, int accumulate, int j, __mmask16 last) {
    const int MR = 6;
    for (int i = 0; i < m; i += MR) {
        const int rows = m - i < MR ? m - i : MR;
        const float *ai = trans ? a + i : a + (size_t)i * lda;
        float *ci = c + (size_t)i * ldc + j;
#define B(mr) block(trans, mr, nv, k, ai, lda, b + j, ldb, ci, ldc, accumulate, last)
        switch (rows) {
        case 6: B(6); break; case 5: B(5); break;
        case 4: B(4); break; case 3: B(3); break; case 2: B(2); break; default: B(1); break;
        }
#undef B
    }
}

/// Strips of up to 4 vectors (64 columns), each over all rows: A's rows of a strip stay in L1
/// across its row blocks, and B (k×n, 8–18 KB for Winograd's shapes) stays there throughout.
INLINE AVX512 void drive(const int trans, int m, int n, int k, const float *a, int lda, const float *b, int ldb,
                         float *c, int ldc, int accumulate) {
    const int vectors = (n + 15) / 16;
    const __mmask16 tail = n % 16 == 0 ? 0xFFFF : (__mmask16)((1u << (n % 16)) - 1);
    for (int v0 = 0; v0 < vectors; v0 += 4) {
        const int nv = vectors - v0 < 4 ? vectors - v0 : 4;
        const __mmask16 last = v0 + nv == vectors ? tail : 0xFFFF;
        switch (nv) {
        case 4: strip(trans, 4, m, k, a, lda, b, ldb, c, ldc, accumulate, 16 * v0, last); break;
        case 3: strip(trans, 3, m, k, a, lda, b, ldb, c, ldc, accumulate, 16 * v0, last); break;
        case 2: strip(trans, 2, m, k, a, lda, b, ldb, c, ldc, accumulate, 16 * v0, last); break;
        default: strip(trans, 1, m, k, a, lda, b, ldb, c, ldc, accumulate, 16 * v0, last); break;
        }
    }
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
