// bf16 GEMMs for the opt-in bf16 path (DIGITREC_BF16=1) on CPUs with AVX512-BF16: the operands
// rounded to bfloat16 (round to nearest even), products summed in fp32 by VDPBF16PS, which
// multiplies two pairs per 32-bit lane — twice the multiply-adds of an fp32 FMA per instruction.
// On a Zen 4 the 72×64×32 forward product ran 1.8–1.9× faster than the fp32 AVX-512 kernel in
// cache, converting A included (README, Speed).
// B is rounded once per pass into pairs along k (`digitrec_bf16_pack_pairs`, or `…_transposed`
// from Bᵀ). A is rounded six rows at a time into a stack buffer (`digitrec_sgemm_bf16`: pairs
// along k are adjacent in a row already), or arrives packed like B (`digitrec_sgemm_bf16_tn`,
// for Aᵀ·B, where a row of A is a column in memory). Block shapes, masks and the store loop are
// gemm_blocks.h's, shared with the fp32 kernel.
#include "CKernels.h"

#if defined(__x86_64__)
#include "gemm_blocks.h"
#include <stdint.h>

#define BF16 __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,avx512bf16")))
#define INLINE static inline __attribute__((always_inline))

/// The k of one pass over A's rounded rows (`digitrec_sgemm_bf16`); a longer k runs in passes
/// that add to C.
enum { KC = 1024 };

/// A's rounded rows (bf16 values, 32 KB): PANEL / k rows of them at a time (at least 12).
enum { PANEL = 16384 };

/// A C this large (bytes), written once and not added to, goes past the caches (`streams`).
enum { STREAM_BYTES = 1 << 20 };

/// Whether C (m×n, rows ldc apart) is written with streaming stores: when the product writes it
/// once (no accumulating, one pass over k) and it is larger than a core's L2 — a dense layer's
/// weight gradient (9216×128, 4.7 MB) or input gradient (64×9216) — so that it would leave the
/// caches before it is read anyway, and every ordinary store would first read its line from
/// memory. Whole vectors only (n a multiple of 16, C's rows 64-byte aligned). The same values:
/// only where they are stored changes. One core's harness, operands cold, both cores running:
/// the weight gradient 1.33 → 0.93 ms, the input gradient 1.04 → 0.87 ms.
static inline int streams(int m, int n, int passes, const float *c, int ldc, int accumulate) {
    return !accumulate && passes == 1 && (size_t)m * (size_t)n * sizeof(float) >= STREAM_BYTES && n % 16 == 0 &&
           ldc % 16 == 0 && ((uintptr_t)c & 63) == 0;
}

/// 16 floats (the lanes of `mask`, zero elsewhere) rounded to bf16, each in the low half of a
/// 32-bit lane.
INLINE BF16 __m512i bf16Lanes(const float *p, __mmask16 mask) {
    const __m256bh h = _mm512_cvtneps_pbh(_mm512_maskz_loadu_ps(mask, p));
    return _mm512_cvtepu16_epi32((__m256i)h);
}

/// 32 floats from p (the first `left`, zero beyond) rounded to bf16: 32-bit lane t holds the pair
/// (p[2t], p[2t + 1]).
INLINE BF16 __m512i bf16Pairs32(const float *p, int left) {
    const __mmask16 lo = left >= 16 ? 0xFFFF : (__mmask16)((1u << left) - 1);
    const __mmask16 hi = left >= 32 ? 0xFFFF : left > 16 ? (__mmask16)((1u << (left - 16)) - 1) : 0;
    return (__m512i)_mm512_cvtne2ps_pbh(_mm512_maskz_loadu_ps(hi, p + 16), _mm512_maskz_loadu_ps(lo, p));
}

BF16 void digitrec_bf16_pack_pairs(int k, int n, const float *b, int ldb, void *out, int ldo) {
    uint32_t *o = out;
    const __mmask16 tail = gemmTailMask(n);
    for (int q = 0; q < k / 2; q++) {
        const float *even = b + (size_t)(2 * q) * ldb, *odd = even + ldb;
        for (int j = 0; j < n; j += 16) {
            const __mmask16 mask = n - j >= 16 ? 0xFFFF : tail;
            const __m512i pair = _mm512_or_si512(bf16Lanes(even + j, mask), _mm512_slli_epi32(bf16Lanes(odd + j, mask), 16));
            _mm512_mask_storeu_epi32(o + (size_t)q * ldo + j, mask, pair);
        }
    }
}

/// Columns [j, j + rows) of B's pairs (rows ≤ 16) from rows j… of Bᵀ, into `o` (ldo per pair of
/// k): each row's next 32 values rounded into 16 pairs, then the 16×16 pairs turned around
/// through a gather from L1.
INLINE BF16 void packTransposedRows(int k, int rows, const float *bt, int ldbt, uint32_t *o, int ldo) {
    uint32_t tile[16][16] __attribute__((aligned(64)));
    const __m512i rowStarts = _mm512_setr_epi32(0, 16, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240);
    const __mmask16 store = rows == 16 ? 0xFFFF : (__mmask16)((1u << rows) - 1);
    for (int p = 0; p < k; p += 32) {
        for (int r = 0; r < 16; r++) {
            const __m512i pairs = r < rows ? bf16Pairs32(bt + (size_t)r * ldbt + p, k - p) : _mm512_setzero_si512();
            _mm512_store_si512(tile[r], pairs);
        }
        const int q0 = p / 2, qs = (k - p) / 2 < 16 ? (k - p) / 2 : 16;
        for (int q = 0; q < qs; q++) {
            const __m512i column = _mm512_i32gather_epi32(rowStarts, &tile[0][q], 4);
            _mm512_mask_storeu_epi32(o + (size_t)(q0 + q) * ldo, store, column);
        }
    }
}

BF16 void digitrec_bf16_pack_pairs_transposed(int k, int n, const float *bt, int ldbt, void *out, int ldo) {
    uint32_t *o = out;
    for (int j = 0; j < n; j += 16) {
        packTransposedRows(k, n - j < 16 ? n - j : 16, bt + (size_t)j * ldbt, ldbt, o + j, ldo);
    }
}

BF16 void digitrec_bf16_pack_pairs_both(int k, int n, const float *b, void *pairs, int ldp, void *transposed_pairs, int ldt) {
    uint32_t *o = pairs, *t = transposed_pairs;
    // 16 rows of B at a time: read from memory once for Bᵀ's pairs, then from L1 for B's.
    for (int p = 0; p < k; p += 16) {
        const int rows = k - p < 16 ? k - p : 16;
        // The next 16 rows (8 KB for cnn's n = 128, in one piece) asked into L1 while these are
        // paired: the loads of W, which Adam has just written, waited for memory (half of this
        // function's time, perf): read 128 bytes of a row, then the next row's, they are too
        // short a stream for the hardware prefetchers.
        const int ahead = k - p - rows < 16 ? k - p - rows : 16;
        if (ahead > 0) {
            const char *next = (const char *)(b + (size_t)(p + rows) * n);
            const size_t bytes = (size_t)ahead * (size_t)n * sizeof(float);
            // Into L2 instead where they would fill most of L1 (a wider W than cnn's; review,
            // session 34): the rows being paired must stay.
            if (bytes <= 16384) {
                for (size_t off = 0; off < bytes; off += 64) _mm_prefetch(next + off, _MM_HINT_T0);
                _mm_prefetch(next + bytes - 1, _MM_HINT_T0);
            } else {
                for (size_t off = 0; off < bytes; off += 64) _mm_prefetch(next + off, _MM_HINT_T1);
                _mm_prefetch(next + bytes - 1, _MM_HINT_T1);
            }
        }
        packTransposedRows(n, rows, b + (size_t)p * n, n, t + p, ldt);
        digitrec_bf16_pack_pairs(rows, n, b + (size_t)p * n, n, o + (size_t)(p / 2) * ldp, ldp);
    }
}

/// One MR×(16·NV) block, MR ≤ 6, NV ≤ 4, over k2 pairs of k. `a` holds the block's rows as bf16
/// pairs: pair q of row r at a[r·as + q], or a[q·as + r] when `trans`; `b` the packed pairs, ldb
/// per pair of k.
INLINE BF16 void block(const int trans, const int mr, const int nv, int k2, const uint32_t *a, int as,
                       const uint32_t *b, int ldb, float *c, int ldc, int accumulate, __mmask16 last, int stream) {
    __m512 acc[GEMM_MR][GEMM_NV];
    for (int r = 0; r < GEMM_MR; r++)
        for (int v = 0; v < GEMM_NV; v++) acc[r][v] = _mm512_setzero_ps();
    for (int q = 0; q < k2; q++) {
        const uint32_t *bq = b + (size_t)q * ldb;
        __m512bh bv[GEMM_NV];
        for (int v = 0; v < GEMM_NV; v++) {
            if (v >= nv) break;
            bv[v] = (__m512bh)(v == nv - 1 ? _mm512_maskz_loadu_epi32(last, bq + 16 * v) : _mm512_loadu_si512(bq + 16 * v));
        }
        for (int r = 0; r < GEMM_MR; r++) {
            if (r >= mr) break;
            const uint32_t pair = trans ? a[(size_t)q * as + r] : a[(size_t)r * as + q];
            const __m512bh ar = (__m512bh)_mm512_set1_epi32((int)pair);
            for (int v = 0; v < GEMM_NV; v++) {
                if (v >= nv) break;
                acc[r][v] = _mm512_dpbf16_ps(acc[r][v], ar, bv[v]);
            }
        }
    }
    if (stream) {
        for (int r = 0; r < GEMM_MR; r++) {
            if (r >= mr) break;
            for (int v = 0; v < GEMM_NV; v++) {
                if (v >= nv) break;
                _mm512_stream_ps(c + (size_t)r * ldc + 16 * v, acc[r][v]);
            }
        }
    } else {
        gemmStoreBlock(acc, mr, nv, c, ldc, accumulate, last);
    }
}

/// `rows` rows of A (k values each, `lda` apart) rounded into `buf` as bf16, row after row.
INLINE BF16 void roundRows(const float *a, int lda, int rows, int k, uint16_t *buf) {
    for (int r = 0; r < rows; r++) {
        const float *ar = a + (size_t)r * lda;
        uint16_t *br = buf + (size_t)r * k;
        for (int p = 0; p < k; p += 32) {
            const int left = k - p;
            const __mmask32 store = left >= 32 ? 0xFFFFFFFFu : (__mmask32)((1u << left) - 1);
            _mm512_mask_storeu_epi16(br + p, store, bf16Pairs32(ar + p, left));
        }
    }
}

/// One block of `rows` rows and nv vectors (a constant after inlining).
INLINE BF16 void rowStrip(const int trans, const int nv, int rows, int k2, const uint32_t *a, int as, const uint32_t *b,
                          int ldb, float *c, int ldc, int accumulate, __mmask16 last, int stream) {
#define BLOCK(mr) block(trans, mr, nv, k2, a, as, b, ldb, c, ldc, accumulate, last, stream)
    GEMM_SWITCH_ROWS(rows, BLOCK)
#undef BLOCK
}

/// `rowStrip` for a runtime nv (1…4).
INLINE BF16 void rowStripAt(const int trans, int nv, int rows, int k2, const uint32_t *a, int as, const uint32_t *b,
                            int ldb, float *c, int ldc, int accumulate, __mmask16 last, int stream) {
#define STRIP(nvv) rowStrip(trans, nvv, rows, k2, a, as, b, ldb, c, ldc, accumulate, last, stream)
    GEMM_SWITCH_VECTORS(nv, STRIP)
#undef STRIP
}

/// Rows [0, rows) of C over one run of k2 pairs: `a` as `block` takes it, every strip of columns.
INLINE BF16 void rowBlock(const int trans, int rows, int n, int k2, const uint32_t *a, int as, const uint32_t *b,
                          int ldb, float *c, int ldc, int accumulate, int stream) {
    GEMM_FOR_STRIPS(n, v0, nv, last, { rowStripAt(trans, nv, rows, k2, a, as, b + 16 * v0, ldb, c + 16 * v0, ldc, accumulate, last, stream); });
}

BF16 void digitrec_sgemm_bf16(int m, int n, int k, const float *a, int lda, const void *b_pairs, int ldbp,
                              float *c, int ldc, int accumulate) {
    const uint32_t *b = b_pairs;
    uint16_t buf[PANEL] __attribute__((aligned(64)));
    const int stream = streams(m, n, (k + KC - 1) / KC, c, ldc, accumulate);
    for (int k0 = 0; k0 < k; k0 += KC) {
        const int kc = k - k0 < KC ? k - k0 : KC, k2 = kc / 2;
        const int add = accumulate || k0 > 0;
        const uint32_t *bk = b + (size_t)(k0 / 2) * ldbp;
        // As many rows as the buffer holds (whole blocks of 6): a dense layer's input gradient
        // (64×9216×128) then reads each 16 KB strip of Wᵀ's pairs once for all 64 rows instead of
        // streaming all 2.4 MB of them past every block of 6.
        const int panel = (PANEL / kc) / GEMM_MR * GEMM_MR;
        for (int i0 = 0; i0 < m; i0 += panel) {
            const int rows = m - i0 < panel ? m - i0 : panel;
            roundRows(a + (size_t)i0 * lda + k0, lda, rows, kc, buf);
            const uint32_t *ap = (const uint32_t *)buf;
            GEMM_FOR_STRIPS(n, v0, nv, last, {
                for (int i = 0; i < rows; i += GEMM_MR) {
                    const int mr = rows - i < GEMM_MR ? rows - i : GEMM_MR;
                    rowStripAt(0, nv, mr, k2, ap + (size_t)i * k2, k2, bk + 16 * v0, ldbp,
                               c + (size_t)(i0 + i) * ldc + 16 * v0, ldc, add, last, stream);
                }
            });
        }
    }
    if (stream) _mm_sfence();
}

int digitrec_sgemm_bf16_streams(int m, int n, int k, const float *c, int ldc, int accumulate) {
    return streams(m, n, (k + KC - 1) / KC, c, ldc, accumulate);
}

BF16 void digitrec_sgemm_bf16_rounded(int m, int n, int k, const void *a, int lda, const void *b_pairs, int ldbp,
                                      float *c, int ldc, int accumulate) {
    const uint32_t *ap = a, *b = b_pairs;
    const int k2 = k / 2, as = lda / 2;
    GEMM_FOR_STRIPS(n, v0, nv, last, {
        for (int i = 0; i < m; i += GEMM_MR) {
            const int mr = m - i < GEMM_MR ? m - i : GEMM_MR;
            rowStripAt(0, nv, mr, k2, ap + (size_t)i * as, as, b + 16 * v0, ldbp, c + (size_t)i * ldc + 16 * v0, ldc,
                       accumulate, last, 0);
        }
    });
}

BF16 void digitrec_sgemm_bf16_tn(int m, int n, int k, const void *a_pairs, int ldap, const void *b_pairs, int ldbp,
                                 float *c, int ldc, int accumulate) {
    const uint32_t *a = a_pairs, *b = b_pairs;
    const int stream = streams(m, n, 1, c, ldc, accumulate);
    // Row blocks outer: B's pairs (k/2 × n) stay in L1 while A's columns stream by once.
    for (int i = 0; i < m; i += GEMM_MR) {
        const int rows = m - i < GEMM_MR ? m - i : GEMM_MR;
        rowBlock(1, rows, n, k / 2, a + i, ldap, b, ldbp, c + (size_t)i * ldc, ldc, accumulate, stream);
    }
    if (stream) _mm_sfence();
}
#else
void digitrec_bf16_pack_pairs(int k, int n, const float *b, int ldb, void *out, int ldo) {
    (void)k; (void)n; (void)b; (void)ldb; (void)out; (void)ldo;
}
void digitrec_bf16_pack_pairs_transposed(int k, int n, const float *bt, int ldbt, void *out, int ldo) {
    (void)k; (void)n; (void)bt; (void)ldbt; (void)out; (void)ldo;
}
void digitrec_bf16_pack_pairs_both(int k, int n, const float *b, void *pairs, int ldp, void *transposed_pairs, int ldt) {
    (void)k; (void)n; (void)b; (void)pairs; (void)ldp; (void)transposed_pairs; (void)ldt;
}
void digitrec_sgemm_bf16(int m, int n, int k, const float *a, int lda, const void *b_pairs, int ldbp,
                         float *c, int ldc, int accumulate) {
    (void)m; (void)n; (void)k; (void)a; (void)lda; (void)b_pairs; (void)ldbp; (void)c; (void)ldc; (void)accumulate;
}
int digitrec_sgemm_bf16_streams(int m, int n, int k, const float *c, int ldc, int accumulate) {
    (void)m; (void)n; (void)k; (void)c; (void)ldc; (void)accumulate;
    return 0;
}
void digitrec_sgemm_bf16_rounded(int m, int n, int k, const void *a, int lda, const void *b_pairs, int ldbp,
                                 float *c, int ldc, int accumulate) {
    (void)m; (void)n; (void)k; (void)a; (void)lda; (void)b_pairs; (void)ldbp; (void)c; (void)ldc; (void)accumulate;
}
void digitrec_sgemm_bf16_tn(int m, int n, int k, const void *a_pairs, int ldap, const void *b_pairs, int ldbp,
                            float *c, int ldc, int accumulate) {
    (void)m; (void)n; (void)k; (void)a_pairs; (void)ldap; (void)b_pairs; (void)ldbp; (void)c; (void)ldc; (void)accumulate;
}
#endif
