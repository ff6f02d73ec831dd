// The fp32 GEMMs of a dense layer in training on AVX-512 CPUs: the forward product Y = X·W, the
// weight gradient dW = Xᵀ·dY and the input gradient dX = dY·Wᵀ, read from W with each strip of
// Wᵀ turned around into an L1 panel (`digitrec_sgemm_dense_bt_avx512`). OpenBLAS copied both operands of each of
// the three into its panels (`cnn`'s 9216×128 W twice and the 64×9216 X twice per worker and
// step: its packing was 6-8 % of an fp32 epoch); gemm_blocks.h's register blocks read them where
// they lie.
// The sums are OpenBLAS's (0.3.21, SKYLAKEX kernel, which the engine picks on AVX-512 CPUs), so
// a model trains to the same weights bit for bit: k in the passes of its level-3 driver
// (`digitrec_sgemm_pass`), each pass's products summed in one FMA chain from zero in the order
// of k, the first pass written to C and every later one added to it.
#include "CKernels.h"

#if defined(__x86_64__)
#include "gemm_blocks.h"
#include <stdint.h>

#define AVX512 __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq")))
#define INLINE static inline __attribute__((always_inline))

/// OpenBLAS's SGEMM_DEFAULT_Q for SKYLAKEX (the longest pass along k) and SGEMM_DEFAULT_UNROLL_M
/// (what it rounds a split pass to).
enum { PASS_Q = 448, PASS_UNROLL = 16 };

/// A C this large (bytes), written in one pass and not added to, goes past the caches.
enum { STREAM_BYTES = 1 << 20 };

/// How many columns of X ahead the weight gradient asks X's lines into L1 (three blocks of rows).
enum { AHEAD = 3 * GEMM_MR };

int digitrec_sgemm_pass(int left) {
    if (left >= 2 * PASS_Q) return PASS_Q;
    // Between one and two passes' worth: two about equal passes instead of a long and a short one.
    if (left > PASS_Q) return (left / 2 + PASS_UNROLL - 1) / PASS_UNROLL * PASS_UNROLL;
    return left;
}

/// Whether C (m×n, rows ldc apart) is written with streaming stores: written once (one pass over
/// k) and larger than a core's L2 — the weight gradient (9216×128, 4.7 MB) and the input gradient
/// (64×9216) — so that each ordinary store would read its line from memory first, for a value
/// that leaves the caches before it is read. Whole vectors only: n a multiple of 16 and C's rows
/// on 64-byte boundaries. The same values either way.
static int streams(int m, int n, int k, const float *c, int ldc) {
    return k <= PASS_Q && (size_t)m * (size_t)n * sizeof(float) >= STREAM_BYTES && n % 16 == 0 && ldc % 16 == 0 &&
           ((uintptr_t)c & 63) == 0;
}

int digitrec_sgemm_dense_streams(int m, int n, int k, const float *c, int ldc) { return streams(m, n, k, c, ldc); }

/// A region of a matrix: `rows` rows of `cols` floats from `base` (its rows `ld` apart, given
/// where it is used).
typedef struct {
    const float *base;
    int rows, cols;
} Region;

/// The strip of B after strip v0 (its 16·NV columns) of the pass [k0, k0 + kc): the same pass's
/// next columns, or the next pass's first ones, or nothing after the last. B is k×n (rows `ldb`
/// apart), or given as Bᵀ (n×k, `transposed`), whose strips are rows of Bᵀ.
INLINE Region nextStrip(int transposed, const float *b, int ldb, int n, int k, int k0, int kc, int v0) {
    const int j = 16 * (v0 + GEMM_NV), nextK = k0 + kc;
    const int width = 16 * GEMM_NV;
    Region next = {b, 0, 0};
    if (j < n) {
        const int cols = n - j < width ? n - j : width;
        next = transposed ? (Region){b + (size_t)j * ldb + k0, cols, kc} : (Region){b + (size_t)k0 * ldb + j, kc, cols};
    } else if (nextK < k) {
        const int cols = n < width ? n : width, passK = digitrec_sgemm_pass(k - nextK);
        next = transposed ? (Region){b + nextK, cols, passK} : (Region){b + (size_t)nextK * ldb, passK, cols};
    }
    return next;
}

/// Part `part` of `parts` of a region's rows (`ld` apart) asked into L2 ahead of its use: the
/// next strip of B while the row blocks of this one run, so that its first reads wait for L2
/// rather than memory (W, 4.7 MB for `cnn`, streams through once per product and is not in the
/// caches). Every 64-byte line of each row, the last one too. Only where values are loaded from
/// changes, not what is computed.
INLINE AVX512 void prefetchPart(Region region, int ld, int part, int parts) {
    const int r0 = (int)((long)region.rows * part / parts), r1 = (int)((long)region.rows * (part + 1) / parts);
    for (int r = r0; r < r1; r++) {
        const char *row = (const char *)(region.base + (size_t)r * ld);
        for (int off = 0; off < region.cols * 4; off += 64) _mm_prefetch(row + off, _MM_HINT_T1);
        _mm_prefetch(row + (size_t)region.cols * 4 - 1, _MM_HINT_T1);
    }
}

/// One block (`gemmProducts`) of one pass, stored (first pass), added to C (later ones) or
/// streamed.
INLINE AVX512 void block(const int trans, const int mr, const int nv, int k, const float *a, int lda, const float *b,
                         int ldb, float *c, int ldc, int add, int stream, __mmask16 last) {
    __m512 acc[GEMM_MR][GEMM_NV];
    gemmProducts(trans, mr, nv, k, a, lda, b, ldb, last, acc);
    if (stream) {
        for (int r = 0; r < mr; r++)
            for (int v = 0; v < nv; v++) _mm512_stream_ps(c + (size_t)r * ldc + 16 * v, acc[r][v]);
    } else {
        gemmStoreBlock(acc, mr, nv, c, ldc, add, last);
    }
}

/// `block` with the runtime rows (1…6) switched onto constants.
INLINE AVX512 void rowsAt(const int trans, int rows, const int nv, int k, const float *a, int lda, const float *b,
                          int ldb, float *c, int ldc, int add, int stream, __mmask16 last) {
#define BLOCK(mr) block(trans, mr, nv, k, a, lda, b, ldb, c, ldc, add, stream, last)
    GEMM_SWITCH_ROWS(rows, BLOCK)
#undef BLOCK
}

/// `rowsAt` with the runtime vectors (1…4) switched onto constants too.
INLINE AVX512 void blockAt(const int trans, int rows, int nv, int k, const float *a, int lda, const float *b, int ldb,
                           float *c, int ldc, int add, int stream, __mmask16 last) {
#define STRIP(nvv) rowsAt(trans, rows, nvv, k, a, lda, b, ldb, c, ldc, add, stream, last)
    GEMM_SWITCH_VECTORS(nv, STRIP)
#undef STRIP
}

AVX512 void digitrec_sgemm_dense_avx512(int trans_a, int m, int n, int k, const float *a, int lda, const float *b,
                                        int ldb, float *c, int ldc) {
    if (m <= 0 || n <= 0) return;
    if (k <= 0) {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) c[(size_t)i * ldc + j] = 0;
        return;
    }
    const int stream = streams(m, n, k, c, ldc);
    for (int k0 = 0, kc = 0; k0 < k; k0 += kc) {
        kc = digitrec_sgemm_pass(k - k0);
        const int add = k0 > 0;
        const float *ak = trans_a ? a + (size_t)k0 * lda : a + k0;
        const float *bk = b + (size_t)k0 * ldb;
        if (trans_a) {
            // The weight gradient (m = IN, k = the batch): row blocks outer, so each block's
            // columns of X (6 of a row's floats, its rows 36 KB apart) serve every strip of dY
            // while they are in L1, and X streams by once.
            for (int i = 0; i < m; i += GEMM_MR) {
                const int rows = m - i < GEMM_MR ? m - i : GEMM_MR;
                // The lines of X that the block AHEAD columns on reads (its first and last
                // column), asked into L1 now: its kc lines, 36 KB apart for cnn, are too many
                // streams for the hardware prefetchers, and each block's first read of them waited
                // for memory.
                if (i + AHEAD + GEMM_MR <= m)
                    for (int p = 0; p < kc; p++) {
                        _mm_prefetch((const char *)(ak + (size_t)p * lda + i + AHEAD), _MM_HINT_T0);
                        _mm_prefetch((const char *)(ak + (size_t)p * lda + i + AHEAD + GEMM_MR - 1), _MM_HINT_T0);
                    }
                GEMM_FOR_STRIPS(n, v0, nv, last, {
                    blockAt(1, rows, nv, kc, ak + i, lda, bk + 16 * v0, ldb, c + (size_t)i * ldc + 16 * v0, ldc, add,
                            stream, last);
                });
            }
        } else {
            // Forward (B = W, a pass's strip 448×64 in L2) and the input gradient (B = Wᵀ, k =
            // OUT): strips outer, so a strip of B serves every block of rows.
            // The next strip of B (this pass's next 64 columns, or the next pass's first) is asked
            // into L2 a part per block of rows.
            GEMM_FOR_STRIPS(n, v0, nv, last, {
                const Region next = nextStrip(0, b, ldb, n, k, k0, kc, v0);
                const int parts = (m + GEMM_MR - 1) / GEMM_MR;
                for (int i = 0; i < m; i += GEMM_MR) {
                    const int rows = m - i < GEMM_MR ? m - i : GEMM_MR;
                    prefetchPart(next, ldb, i / GEMM_MR, parts);
                    blockAt(0, rows, nv, kc, ak + (size_t)i * lda, lda, bk + 16 * v0, ldb,
                            c + (size_t)i * ldc + 16 * v0, ldc, add, stream, last);
                }
            });
        }
    }
    if (stream) _mm_sfence();
}

/// The 16×16 floats of r[0…15] turned around in registers: r[j] becomes column j.
INLINE AVX512 void transpose16(__m512 r[16]) {
    __m512 t[16];
    for (int i = 0; i < 16; i += 2) {
        t[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);
        t[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]);
    }
    for (int i = 0; i < 16; i += 4) {
        r[i] = _mm512_shuffle_ps(t[i], t[i + 2], 0x44);
        r[i + 1] = _mm512_shuffle_ps(t[i], t[i + 2], 0xEE);
        r[i + 2] = _mm512_shuffle_ps(t[i + 1], t[i + 3], 0x44);
        r[i + 3] = _mm512_shuffle_ps(t[i + 1], t[i + 3], 0xEE);
    }
    for (int i = 0; i < 8; i++) {
        const int lo = i / 4 * 8 + i % 4;
        t[lo] = _mm512_shuffle_f32x4(r[lo], r[lo + 4], 0x88);
        t[lo + 4] = _mm512_shuffle_f32x4(r[lo], r[lo + 4], 0xDD);
    }
    for (int i = 0; i < 4; i++) {
        r[i] = _mm512_shuffle_f32x4(t[i], t[i + 8], 0x88);
        r[i + 8] = _mm512_shuffle_f32x4(t[i], t[i + 8], 0xDD);
        r[i + 4] = _mm512_shuffle_f32x4(t[i + 4], t[i + 12], 0x88);
        r[i + 12] = _mm512_shuffle_f32x4(t[i + 4], t[i + 12], 0xDD);
    }
}

/// Columns [j0, j0 + 16·nv) of B = Bᵀᵀ for a pass's kc rows into `panel` (kc rows of 64 floats):
/// panel[p·64 + j] = bt[(j0 + j)·ldbt + p], Bᵀ's rows past n left out (those lanes are never
/// read: the last vector's loads are masked), in 16×16 blocks turned around in registers.
INLINE AVX512 void packColumns(int nv, int n, int kc, const float *bt, int ldbt, int j0, float *panel) {
    for (int v = 0; v < nv; v++) {
        const int j = j0 + 16 * v, h = n - j < 16 ? n - j : 16;
        for (int p = 0; p < kc; p += 16) {
            const int w = kc - p < 16 ? kc - p : 16;
            const __mmask16 load = w == 16 ? 0xFFFF : (__mmask16)((1u << w) - 1);
            __m512 r[16];
            if (h == 16 && w == 16) {
                // The whole-block case unrolled, its 16 rows loaded into registers.
                for (int q = 0; q < 16; q++) r[q] = _mm512_loadu_ps(bt + (size_t)(j + q) * ldbt + p);
            } else {
                for (int q = 0; q < 16; q++)
                    r[q] = q < h ? _mm512_maskz_loadu_ps(load, bt + (size_t)(j + q) * ldbt + p) : _mm512_setzero_ps();
            }
            transpose16(r);
            for (int q = 0; q < w; q++) _mm512_store_ps(panel + (size_t)(p + q) * 64 + 16 * v, r[q]);
        }
    }
}

AVX512 void digitrec_sgemm_dense_bt_avx512(int m, int n, int k, const float *a, int lda, const float *bt, int ldbt,
                                           float *c, int ldc) {
    if (m <= 0 || n <= 0) return;
    if (k <= 0) {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) c[(size_t)i * ldc + j] = 0;
        return;
    }
    // One pass's strip of B: 448 rows of 64 columns (112 KB at most; 32 KB for cnn's k = 128,
    // which stays in L1 while every block of rows reads it).
    _Alignas(64) float panel[PASS_Q * 64];
    const int stream = streams(m, n, k, c, ldc);
    for (int k0 = 0, kc = 0; k0 < k; k0 += kc) {
        kc = digitrec_sgemm_pass(k - k0);
        const int add = k0 > 0;
        GEMM_FOR_STRIPS(n, v0, nv, last, {
            packColumns(nv, n, kc, bt + k0, ldbt, 16 * v0, panel);
            // The next strip's rows of Bᵀ (64 rows of kc floats: 32 KB in one piece for cnn) are
            // asked into L2 a part per block of rows, so that the next packColumns reads them
            // from there: it waited for memory (a fifth of this kernel's time, perf).
            const Region next = nextStrip(1, bt, ldbt, n, k, k0, kc, v0);
            const int parts = (m + GEMM_MR - 1) / GEMM_MR;
            for (int i = 0; i < m; i += GEMM_MR) {
                const int rows = m - i < GEMM_MR ? m - i : GEMM_MR;
                prefetchPart(next, ldbt, i / GEMM_MR, parts);
                blockAt(0, rows, nv, kc, a + (size_t)i * lda + k0, lda, panel, 64, c + (size_t)i * ldc + 16 * v0, ldc,
                        add, stream, last);
            }
        });
    }
    if (stream) _mm_sfence();
}
#else
int digitrec_sgemm_pass(int left) { return left; }
int digitrec_sgemm_dense_streams(int m, int n, int k, const float *c, int ldc) {
    (void)m; (void)n; (void)k; (void)c; (void)ldc;
    return 0;
}
void digitrec_sgemm_dense_avx512(int trans_a, int m, int n, int k, const float *a, int lda, const float *b, int ldb,
                                 float *c, int ldc) {
    (void)trans_a; (void)m; (void)n; (void)k; (void)a; (void)lda; (void)b; (void)ldb; (void)c; (void)ldc;
}
void digitrec_sgemm_dense_bt_avx512(int m, int n, int k, const float *a, int lda, const float *bt, int ldbt,
                                    float *c, int ldc) {
    (void)m; (void)n; (void)k; (void)a; (void)lda; (void)bt; (void)ldbt; (void)c; (void)ldc;
}
#endif
