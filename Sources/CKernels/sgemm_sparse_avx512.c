// A dense layer's GEMM in inference, C = A·B with A the activations (a ReLU, and usually max
// pooling, before it) and B the weights. Whole columns of a few rows of A are often zero: of
// `cnn`'s 9216 inputs per image 41 % are zero, and 25 % of the columns are zero in all three
// images of a block (17 % in all six; the digit's empty background) — so each block of rows runs
// only over the columns where one of its rows is not zero. A zero input adds nothing to a finite
// weight's product, so the sums are the full GEMM's (in the order of k, one FMA chain per panel)
// with exact zeros left out.
// Blocks are 3 rows by 8 ZMM vectors for 128 columns (fewer rows share more zero columns; 24
// accumulators, 3 broadcasts and one vector of B fill the 32 registers), up to 6 rows for
// narrower B. B is read as it lies, in panels of KC rows (128 KB for 128 columns, the core's L2)
// that every block runs over before the next panel: neither operand is copied, where OpenBLAS's
// packing was a sixth of its time on this shape (perf).
#include "CKernels.h"

#if defined(__x86_64__)
#include "gemm_blocks.h"

#define AVX512 __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,avx2,fma")))
#define INLINE static inline __attribute__((always_inline))

/// Rows of B per panel.
enum { KC = 256 };

/// The columns p < kc where one of A's `mr` rows (`lda` apart) is not zero (NaN counts as not
/// zero), in increasing order, into idx (room for kc + 16); returns how many.
INLINE AVX512 int nonzeroColumns(int mr, int kc, const float *a, int lda, int *idx) {
    const __m512 zero = _mm512_setzero_ps();
    const __m512i lanes = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    int count = 0;
    for (int p = 0; p < kc; p += 16) {
        const __mmask16 valid = kc - p >= 16 ? 0xFFFF : (__mmask16)((1u << (kc - p)) - 1);
        __mmask16 any = 0;
        for (int r = 0; r < mr; r++)
            any |= _mm512_mask_cmp_ps_mask(valid, _mm512_maskz_loadu_ps(valid, a + (size_t)r * lda + p), zero, _CMP_NEQ_UQ);
        // The register form of the compress: its memory form is microcoded (slow) on Zen 4.
        _mm512_storeu_si512(idx + count, _mm512_maskz_compress_epi32(any, _mm512_add_epi32(lanes, _mm512_set1_epi32(p))));
        count += __builtin_popcount(any);
    }
    return count;
}

/// Most rows and vectors a block holds: acc[r][v] for r < rows, v < vectors, rows·vectors ≤ 24.
enum { SP_ROWS = 6, SP_VECTORS = 8 };

/// One mr×(16·nv) block of C over the columns `idx` of A (rows `lda` apart) and rows `idx` of
/// B; `last` masks the last vector's columns. mr and nv are constants after inlining.
INLINE AVX512 void block(const int mr, const int nv, const int *idx, int count, const float *a, int lda,
                         const float *b, int ldb, float *c, int ldc, int accumulate, __mmask16 last) {
    __m512 acc[SP_ROWS][SP_VECTORS];
    for (int r = 0; r < mr; r++)
        for (int v = 0; v < nv; v++) acc[r][v] = _mm512_setzero_ps();
    for (int q = 0; q < count; q++) {
        const int p = idx[q];
        const float *bp = b + (size_t)p * ldb;
        // The rows' broadcasts first, then each vector of B once for all of them: 24
        // accumulators, mr broadcasts and one vector of B fit the 32 registers (all nv vectors
        // of B at once did not, for 3 rows of 8, and the accumulators spilled).
        __m512 ar[SP_ROWS];
        for (int r = 0; r < mr; r++) ar[r] = _mm512_set1_ps(a[(size_t)r * lda + p]);
        for (int v = 0; v < nv; v++) {
            const __m512 bv = v == nv - 1 ? _mm512_maskz_loadu_ps(last, bp + 16 * v) : _mm512_loadu_ps(bp + 16 * v);
            for (int r = 0; r < mr; r++) acc[r][v] = _mm512_fmadd_ps(ar[r], bv, acc[r][v]);
        }
    }
    for (int r = 0; r < mr; r++) gemmStoreRow(acc[r], nv, c + (size_t)r * ldc, accumulate, last);
}

#define SP_SWITCH_VECTORS(nv, BODY) \
    switch (nv) { \
    case 8: BODY(8); break; case 7: BODY(7); break; case 6: BODY(6); break; case 5: BODY(5); break; \
    case 4: BODY(4); break; case 3: BODY(3); break; case 2: BODY(2); break; default: BODY(1); break; }

/// Every strip of one block of `mr` rows: strips of `sv` vectors (the last one shorter).
INLINE AVX512 void rowBlock(const int mr, const int sv, int n, const int *idx, int count, const float *a, int lda,
                            const float *b, int ldb, float *c, int ldc, int accumulate) {
    const int vectors = (n + 15) / 16;
    const __mmask16 tail = n % 16 == 0 ? 0xFFFF : (__mmask16)((1u << (n % 16)) - 1);
    for (int v0 = 0; v0 < vectors; v0 += sv) {
        const int nv = vectors - v0 < sv ? vectors - v0 : sv;
        const __mmask16 last = v0 + nv == vectors ? tail : 0xFFFF;
#define STRIP(nvv) block(mr, nvv, idx, count, a, lda, b + 16 * v0, ldb, c + 16 * v0, ldc, accumulate, last)
        SP_SWITCH_VECTORS(nv, STRIP)
#undef STRIP
    }
}

AVX512 void digitrec_sgemm_sparse_avx512(int m, int n, int k, const float *a, int lda, const float *b, int ldb,
                                         float *c, int ldc, int accumulate) {
    if (k <= 0) {
        for (int i = 0; i < m && !accumulate; i++)
            for (int j = 0; j < n; j++) c[(size_t)i * ldc + j] = 0;
        return;
    }
    int idx[KC + 16];
    const int vectors = (n + 15) / 16;
    // Rows per block: as few as fill the 24 accumulators, since fewer rows share more zero columns.
    const int sv = vectors < SP_VECTORS ? vectors : SP_VECTORS;
    int rb = 24 / sv; if (rb > SP_ROWS) rb = SP_ROWS;
    // Blocks as even as they come (16 rows: 3, 3, 2, 3, 3, 2), not a last block of one row.
    const int blocks = (m + rb - 1) / rb;
    for (int k0 = 0; k0 < k; k0 += KC) {
        const int kc = k - k0 < KC ? k - k0 : KC;
        const int add = accumulate || k0 > 0;
        for (int bi = 0; bi < blocks; bi++) {
            const int i = (int)((long)m * bi / blocks), rows = (int)((long)m * (bi + 1) / blocks) - i;
            const float *ai = a + (size_t)i * lda + k0;
            const int count = nonzeroColumns(rows, kc, ai, lda, idx);
            float *ci = c + (size_t)i * ldc;
#define BLOCK(mr) rowBlock(mr, sv, n, idx, count, ai, lda, b + (size_t)k0 * ldb, ldb, ci, ldc, add)
            GEMM_SWITCH_ROWS(rows, BLOCK)
#undef BLOCK
        }
    }
}
#else
void digitrec_sgemm_sparse_avx512(int m, int n, int k, const float *a, int lda, const float *b, int ldb,
                                  float *c, int ldc, int accumulate) {
    (void)m; (void)n; (void)k; (void)a; (void)lda; (void)b; (void)ldb; (void)c; (void)ldc; (void)accumulate;
}
#endif
