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

/// The weight gradient's rows taken a group at a time (`sparseGroup`): 16 rows of C, whose 16
/// columns of X lie in one 64-byte line of each of X's rows.
enum { SPARSE_GROUP = 16, SPARSE_WORDS = (PASS_Q + 63) / 64 };
_Static_assert(SPARSE_WORDS * 64 >= PASS_Q, "a pass's images fit the lane masks");

/// One row of C for one pass: c = (or +=) the sum over the pass's p whose bit is set in
/// `mask` of a[p·as]·B's row p (`as`: lda for the weight gradient's column of Xᵀ, 1 for the
/// input gradient's row of dY), in one FMA chain from zero in the order of p — the chain of
/// `gemmProducts` with the products of exact zeros left out, which leave it as it was (a chain
/// from +0 never holds −0: x + (±0) = x, and +0 + (−0) = +0) — for finite B: 0·Inf is NaN in
/// the block kernel and left out here, so a diverged batch's NaN can be missing from rows whose
/// X (or dY) is all zero. The weights hold NaN either way (the other rows), and a saved model with one
/// is refused on loading. nv (1…8) is a constant after
/// inlining; `last` masks its last vector.
INLINE AVX512 void sparseRow(const int nv, const uint64_t *mask, int words, const float *a, int as, const float *b,
                             int ldb, float *c, int add, int stream, __mmask16 last) {
    __m512 acc[8];
    for (int v = 0; v < 8; v++) acc[v] = _mm512_setzero_ps();
    for (int w = 0; w < words; w++) {
        for (uint64_t bits = mask[w]; bits; bits &= bits - 1) {
            const int p = 64 * w + __builtin_ctzll(bits);
            const __m512 ar = _mm512_set1_ps(a[(size_t)p * as]);
            const float *bp = b + (size_t)p * ldb;
            for (int v = 0; v < 8; v++) {
                if (v >= nv) break;
                const __m512 bv = v == nv - 1 ? _mm512_maskz_loadu_ps(last, bp + 16 * v) : _mm512_loadu_ps(bp + 16 * v);
                acc[v] = _mm512_fmadd_ps(ar, bv, acc[v]);
            }
        }
    }
    for (int v = 0; v < 8; v++) {
        if (v >= nv) break;
        const __mmask16 lanes = v == nv - 1 ? last : 0xFFFF;
        if (stream) {
            _mm512_stream_ps(c + 16 * v, acc[v]);
        } else {
            __m512 out = acc[v];
            if (add) out = _mm512_add_ps(_mm512_maskz_loadu_ps(lanes, c + 16 * v), out);
            _mm512_mask_storeu_ps(c + 16 * v, lanes, out);
        }
    }
}

/// Two rows of C at once (`sparseRow` for each, the same bits): their chains interleaved, one
/// product of each row per step while both have some left, so twice as many independent FMA
/// chains are in flight (one row's 8 were bound by the FMA latency). Row r's value p is
/// a[p·as + r·rs].
INLINE AVX512 void sparseRowPair(const int nv, const uint64_t *mask0, const uint64_t *mask1, int words, const float *a,
                                 int as, int rs, const float *b, int ldb, float *c, int ldc, int add, int stream,
                                 __mmask16 last) {
    __m512 acc0[8], acc1[8];
    for (int v = 0; v < 8; v++) acc0[v] = acc1[v] = _mm512_setzero_ps();
#define PRODUCT(acc, p, r)                                                                                          \
    do {                                                                                                            \
        const __m512 ar_ = _mm512_set1_ps(a[(size_t)(p) * as + (size_t)(r) * rs]);                                  \
        const float *bp_ = b + (size_t)(p) * ldb;                                                                   \
        for (int v = 0; v < 8; v++) {                                                                               \
            if (v >= nv) break;                                                                                     \
            const __m512 bv_ = v == nv - 1 ? _mm512_maskz_loadu_ps(last, bp_ + 16 * v) : _mm512_loadu_ps(bp_ + 16 * v); \
            acc[v] = _mm512_fmadd_ps(ar_, bv_, acc[v]);                                                             \
        }                                                                                                           \
    } while (0)
    for (int w = 0; w < words; w++) {
        uint64_t bits0 = mask0[w], bits1 = mask1[w];
        for (; bits0 && bits1; bits0 &= bits0 - 1, bits1 &= bits1 - 1) {
            const int p0 = 64 * w + __builtin_ctzll(bits0), p1 = 64 * w + __builtin_ctzll(bits1);
            PRODUCT(acc0, p0, 0);
            PRODUCT(acc1, p1, 1);
        }
        for (; bits0; bits0 &= bits0 - 1) PRODUCT(acc0, 64 * w + __builtin_ctzll(bits0), 0);
        for (; bits1; bits1 &= bits1 - 1) PRODUCT(acc1, 64 * w + __builtin_ctzll(bits1), 1);
    }
#undef PRODUCT
    for (int r = 0; r < 2; r++) {
        float *cr = c + (size_t)r * ldc;
        for (int v = 0; v < 8; v++) {
            if (v >= nv) break;
            const __m512 acc = r == 0 ? acc0[v] : acc1[v];
            const __mmask16 lanes = v == nv - 1 ? last : 0xFFFF;
            if (stream) {
                _mm512_stream_ps(cr + 16 * v, acc);
            } else {
                const __m512 out = add ? _mm512_add_ps(_mm512_maskz_loadu_ps(lanes, cr + 16 * v), acc) : acc;
                _mm512_mask_storeu_ps(cr + 16 * v, lanes, out);
            }
        }
    }
}

/// `sparseRowPair` with the runtime vectors (1…8) switched onto constants.
INLINE AVX512 void sparseRowPairAt(int nv, const uint64_t *mask0, const uint64_t *mask1, int words, const float *a,
                                   int as, int rs, const float *b, int ldb, float *c, int ldc, int add, int stream,
                                   __mmask16 last) {
    switch (nv) {
#define ROW(k) case k: sparseRowPair(k, mask0, mask1, words, a, as, rs, b, ldb, c, ldc, add, stream, last); break;
    ROW(8) ROW(7) ROW(6) ROW(5) ROW(4) ROW(3) ROW(2)
#undef ROW
    default: sparseRowPair(1, mask0, mask1, words, a, as, rs, b, ldb, c, ldc, add, stream, last); break;
    }
}

/// `sparseRow` with the runtime vectors (1…8) switched onto constants.
INLINE AVX512 void sparseRowAt(int nv, const uint64_t *mask, int words, const float *a, int as, const float *b,
                               int ldb, float *c, int add, int stream, __mmask16 last) {
    switch (nv) {
#define ROW(k) case k: sparseRow(k, mask, words, a, as, b, ldb, c, add, stream, last); break;
    ROW(8) ROW(7) ROW(6) ROW(5) ROW(4) ROW(3) ROW(2)
#undef ROW
    default: sparseRow(1, mask, words, a, as, b, ldb, c, add, stream, last); break;
    }
}

/// Up to 16 rows [i, i + rows) of the weight gradient C = Xᵀ·dY for one pass of kc images:
/// X's columns i… of each image (one line per image, asked for the next group into L1 as this
/// one's are read) say which images' products are not zero, per row one bit per image; each row
/// then sums only those (`sparseRow`: the same bits in C). `cnn`'s dense input follows a ReLU,
/// max pooling and dropout: about half of it is zero, and the block kernel multiplied them all.
/// A group where most products are not zero takes the block kernel (again the same bits).
INLINE AVX512 void sparseGroup(int i, int rows, int n, int kc, const float *ak, int lda, const float *bk, int ldb,
                               float *c, int ldc, int add, int stream, int prefetchNext) {
    _Alignas(64) uint16_t lanes[SPARSE_WORDS * 64];
    const __mmask16 rowLanes = (__mmask16)((1u << rows) - 1);
    int nonzero = 0;
    for (int p = 0; p < kc; p++) {
        const float *line = ak + (size_t)p * lda + i;
        if (prefetchNext) _mm_prefetch((const char *)(line + SPARSE_GROUP), _MM_HINT_T0);
        // NaN is not equal to zero (unordered): its products stay.
        const __mmask16 m = _mm512_mask_cmp_ps_mask(rowLanes, _mm512_maskz_loadu_ps(rowLanes, line), _mm512_setzero_ps(),
                                                    _CMP_NEQ_UQ);
        lanes[p] = (uint16_t)m;
        nonzero += __builtin_popcount(m);
    }
    const int words = (kc + 63) / 64;
    for (int p = kc; p < 64 * words; p++) lanes[p] = 0;
    if (4 * nonzero > 3 * rows * kc) {
        for (int r0 = 0; r0 < rows; r0 += GEMM_MR) {
            const int mr = rows - r0 < GEMM_MR ? rows - r0 : GEMM_MR;
            GEMM_FOR_STRIPS(n, v0, nv, last, {
                blockAt(1, mr, nv, kc, ak + i + r0, lda, bk + 16 * v0, ldb, c + (size_t)(i + r0) * ldc + 16 * v0, ldc,
                        add, stream, last);
            });
        }
        return;
    }
    // The 16-bit lane masks turned into each row's 64-bit masks of images, 32 images a test.
    uint64_t mask[SPARSE_GROUP][SPARSE_WORDS];
    for (int w = 0; w < words; w++) {
        const __m512i lo = _mm512_load_si512(lanes + 64 * w), hi = _mm512_load_si512(lanes + 64 * w + 32);
        for (int r = 0; r < rows; r++) {
            const __m512i bit = _mm512_set1_epi16((short)(1 << r));
            mask[r][w] = (uint64_t)_mm512_test_epi16_mask(lo, bit) | (uint64_t)_mm512_test_epi16_mask(hi, bit) << 32;
        }
    }
    const int vectors = (n + 15) / 16;
    const __mmask16 tail = gemmTailMask(n);
    // Rows two at a time (`sparseRowPair`), an odd last one alone.
    for (int r = 0; r < rows; r += 2) {
        for (int v0 = 0; v0 < vectors; v0 += 8) {
            const int nv = vectors - v0 < 8 ? vectors - v0 : 8;
            const __mmask16 last = v0 + nv == vectors ? tail : 0xFFFF;
            if (r + 1 < rows) {
                sparseRowPairAt(nv, mask[r], mask[r + 1], words, ak + i + r, lda, 1, bk + 16 * v0, ldb,
                                c + (size_t)(i + r) * ldc + 16 * v0, ldc, add, stream, last);
                continue;
            }
            sparseRowAt(nv, mask[r], words, ak + i + r, lda, bk + 16 * v0, ldb, c + (size_t)(i + r) * ldc + 16 * v0, add,
                        stream, last);
        }
    }
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
            // The weight gradient (m = IN, k = the batch): groups of rows outer, so each group's
            // columns of X (16 of a row's floats, its rows 36 KB apart for cnn) serve every strip
            // of dY while they are in L1, and X streams by once.
            for (int i = 0; i < m; i += SPARSE_GROUP) {
                const int rows = m - i < SPARSE_GROUP ? m - i : SPARSE_GROUP;
                sparseGroup(i, rows, n, kc, ak, lda, bk, ldb, c, ldc, add, stream, i + 2 * SPARSE_GROUP <= m);
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

/// Rows of A whose masks the input gradient holds at a time (14 KB on the stack).
enum { SPARSE_ROWS = 256 };

/// The bits of a row's kc values (kc ≤ PASS_Q) that are not zero (NaN is not zero: its products
/// stay), 64 to a word; returns how many.
INLINE AVX512 int rowMask(const float *a, int kc, uint64_t *mask) {
    int count = 0;
    for (int w = 0; w < (kc + 63) / 64; w++) {
        uint64_t bits = 0;
        for (int j = 0; j < 64 && 64 * w + j < kc; j += 16) {
            const int p = 64 * w + j, left = kc - p;
            const __mmask16 lanes = left >= 16 ? 0xFFFF : (__mmask16)((1u << left) - 1);
            const __mmask16 nonzero =
                _mm512_mask_cmp_ps_mask(lanes, _mm512_maskz_loadu_ps(lanes, a + p), _mm512_setzero_ps(), _CMP_NEQ_UQ);
            bits |= (uint64_t)nonzero << j;
        }
        mask[w] = bits;
        count += __builtin_popcountll(bits);
    }
    return count;
}

/// Rows [i0, i0 + rows) of C = A·B for one pass [k0, k0 + kc), B = Bᵀᵀ a strip at a time into
/// `panel`, every block of rows over it (the block kernel).
INLINE AVX512 void btBlocks(int i0, int rows, int n, int k, int k0, int kc, const float *a, int lda, const float *bt,
                            int ldbt, float *c, int ldc, int stream, float *panel) {
    const int add = k0 > 0;
    GEMM_FOR_STRIPS(n, v0, nv, last, {
        packColumns(nv, n, kc, bt + k0, ldbt, 16 * v0, panel);
        // The next strip's rows of Bᵀ (64 rows of kc floats: 32 KB in one piece for cnn) are
        // asked into L2 a part per block of rows, so that the next packColumns reads them
        // from there: it waited for memory (a fifth of this kernel's time, perf).
        const Region next = nextStrip(1, bt, ldbt, n, k, k0, kc, v0);
        const int parts = (rows + GEMM_MR - 1) / GEMM_MR;
        for (int i = 0; i < rows; i += GEMM_MR) {
            const int mr = rows - i < GEMM_MR ? rows - i : GEMM_MR;
            prefetchPart(next, ldbt, i / GEMM_MR, parts);
            blockAt(0, mr, nv, kc, a + (size_t)(i0 + i) * lda + k0, lda, panel, 64, c + (size_t)(i0 + i) * ldc + 16 * v0,
                    ldc, add, stream, last);
        }
    });
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
    if (k > PASS_Q) {
        for (int k0 = 0, kc = 0; k0 < k; k0 += kc) {
            kc = digitrec_sgemm_pass(k - k0);
            btBlocks(0, m, n, k, k0, kc, a, lda, bt, ldbt, c, ldc, stream, panel);
        }
        if (stream) _mm_sfence();
        return;
    }
    // One pass (cnn's k = 128: A is dY, after the ReLU and dropout 0.5 of the layer above, most
    // of it zero): each row of C sums only the products of its row's values that are not zero
    // (`sparseRow`, rows in pairs: the block kernel's bits), over the same panels.
    uint64_t masks[SPARSE_ROWS][SPARSE_WORDS];
    const int words = (k + 63) / 64;
    for (int i0 = 0; i0 < m; i0 += SPARSE_ROWS) {
        const int rows = m - i0 < SPARSE_ROWS ? m - i0 : SPARSE_ROWS;
        int nonzero = 0;
        for (int r = 0; r < rows; r++) nonzero += rowMask(a + (size_t)(i0 + r) * lda, k, masks[r]);
        if (4 * (long)nonzero > 3 * (long)rows * k) {
            btBlocks(i0, rows, n, k, 0, k, a, lda, bt, ldbt, c, ldc, stream, panel);
            continue;
        }
        GEMM_FOR_STRIPS(n, v0, nv, last, {
            packColumns(nv, n, k, bt, ldbt, 16 * v0, panel);
            const Region next = nextStrip(1, bt, ldbt, n, k, 0, k, v0);
            const int parts = (rows + 1) / 2;
            for (int r = 0; r < rows; r += 2) {
                prefetchPart(next, ldbt, r / 2, parts);
                const float *ar = a + (size_t)(i0 + r) * lda;
                float *cr = c + (size_t)(i0 + r) * ldc + 16 * v0;
                if (r + 1 < rows) {
                    sparseRowPairAt(nv, masks[r], masks[r + 1], words, ar, 1, lda, panel, 64, cr, ldc, 0, stream, last);
                } else {
                    sparseRowAt(nv, masks[r], words, ar, 1, panel, 64, cr, 0, stream, last);
                }
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
