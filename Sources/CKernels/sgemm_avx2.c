// A small single-threaded SGEMM for AVX2 + FMA, without OpenBLAS's packing: Winograd's 36 GEMMs
// per chunk are 72 rows (tiles) by 32–64, and copying A and B into OpenBLAS's panels (plus zeroing C
// first for β = 0) took a third as long as the multiply-adds themselves (perf, cnn epoch).
// B's rows are read where they lie (8–64 floats, in L1 for these shapes), A's entries are
// broadcast one at a time; each output is one FMA chain over k from zero, added to C at the end
// when accumulating.
#include "CKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define AVX2 __attribute__((target("avx2,fma")))
#define INLINE static inline __attribute__((always_inline))

/// One MR×(8·NV) block of C, MR ≤ 6, NV ∈ {1, 2}: 6×16 holds 12 accumulators, the most that
/// leave registers for two rows of B and a broadcast. `trans` picks A's layout: A(i, p) is
/// a[i·lda + p], or a[p·lda + i] for Aᵀ.
INLINE AVX2 void block(const int trans, const int mr, const int nv, int k,
                       const float *a, int lda, const float *b, int ldb, float *c, int ldc, int accumulate) {
    __m256 acc[6][2];
    for (int r = 0; r < 6; r++) { acc[r][0] = _mm256_setzero_ps(); acc[r][1] = _mm256_setzero_ps(); }
    for (int p = 0; p < k; p++) {
        const float *bp = b + (size_t)p * ldb;
        const __m256 b0 = _mm256_loadu_ps(bp);
        const __m256 b1 = nv == 2 ? _mm256_loadu_ps(bp + 8) : _mm256_setzero_ps();
        for (int r = 0; r < 6; r++) {
            if (r >= mr) break;
            const float *ap = trans ? a + (size_t)p * lda + r : a + (size_t)r * lda + p;
            const __m256 ar = _mm256_broadcast_ss(ap);
            acc[r][0] = _mm256_fmadd_ps(ar, b0, acc[r][0]);
            if (nv == 2) acc[r][1] = _mm256_fmadd_ps(ar, b1, acc[r][1]);
        }
    }
    for (int r = 0; r < 6; r++) {
        if (r >= mr) break;
        float *cr = c + (size_t)r * ldc;
        for (int v = 0; v < nv; v++) {
            __m256 out = acc[r][v];
            if (accumulate) out = _mm256_add_ps(_mm256_loadu_ps(cr + 8 * v), out);
            _mm256_storeu_ps(cr + 8 * v, out);
        }
    }
}

/// Every block of MR rows (the last one shorter) and 16 columns (the last one 8 when n % 16 is 8).
/// A's rows of a block stay in L1 across the column blocks (A), B's columns across the row
/// blocks (Aᵀ, where the rows of B are long): the loop order follows which operand is reused.
INLINE AVX2 void drive(const int trans, const int MR, int m, int n, int k, const float *a, int lda,
                       const float *b, int ldb, float *c, int ldc, int accumulate) {
#define BLOCK(mr, nv, i, j) block(trans, mr, nv, k, trans ? a + (i) : a + (size_t)(i) * lda, lda, b + (j), ldb, \
                                  c + (size_t)(i) * ldc + (j), ldc, accumulate)
#define ROWS(i, j, nv) do { \
        int rows = m - (i) < MR ? m - (i) : MR; \
        switch (rows) { \
        case 6: BLOCK(6, nv, i, j); break; case 5: BLOCK(5, nv, i, j); break; \
        case 4: BLOCK(4, nv, i, j); break; case 3: BLOCK(3, nv, i, j); break; \
        case 2: BLOCK(2, nv, i, j); break; default: BLOCK(1, nv, i, j); break; } \
    } while (0)
    if (!trans) {
        for (int i = 0; i < m; i += MR) {
            int j = 0;
            for (; j + 16 <= n; j += 16) ROWS(i, j, 2);
            if (j < n) ROWS(i, j, 1);
        }
    } else {
        int j = 0;
        for (; j + 16 <= n; j += 16) for (int i = 0; i < m; i += MR) ROWS(i, j, 2);
        if (j < n) for (int i = 0; i < m; i += MR) ROWS(i, j, 1);
    }
#undef ROWS
#undef BLOCK
}

/// Aᵀ·B with both operands strided: copied first into contiguous panels, A whole per block of
/// k and B one 16-column strip at a time, as OpenBLAS does; 256 values of k per block keep both
/// panels in L1/L2. Each output's chain over k restarts at every block of 256. Since Winograd's tiles
/// are position-major its operands are contiguous and never come here; kept (and tested against
/// OpenBLAS in OwnKernelTests) so a strided caller gets a right answer, not a wrong stride.
enum { TN_KB = 256 };

/// Each thread's panel, freed by the key's destructor when the thread exits (a `_Thread_local`
/// pointer alone was never freed: every short-lived thread that ran this leaked its panel).
typedef struct { float *data; size_t capacity; } Panel;
static pthread_key_t panel_key;
static pthread_once_t panel_once = PTHREAD_ONCE_INIT;
static atomic_long panels_live = 0;
static int panel_key_ok = 0;

static void panel_free(void *p) {
    Panel *panel = p;
    free(panel->data);
    free(panel);
    atomic_fetch_sub(&panels_live, 1);
}

static void panel_key_create(void) { panel_key_ok = pthread_key_create(&panel_key, panel_free) == 0; }

/// This thread's panel with room for `need` floats, or NULL when memory is short.
static float *panel_for_thread(size_t need) {
    pthread_once(&panel_once, panel_key_create);
    if (!panel_key_ok) return NULL;
    Panel *panel = pthread_getspecific(panel_key);
    if (!panel) {
        panel = calloc(1, sizeof *panel);
        if (!panel) return NULL;
        if (pthread_setspecific(panel_key, panel) != 0) { free(panel); return NULL; }
        atomic_fetch_add(&panels_live, 1);
    }
    if (need > panel->capacity) {
        free(panel->data);
        panel->data = malloc(need * sizeof(float));
        panel->capacity = panel->data ? need : 0;
    }
    return panel->data;
}

long digitrec_sgemm_panels_live(void) { return atomic_load(&panels_live); }

static AVX2 void gemm_tn(int m, int n, int k, const float *a, int lda, const float *b, int ldb,
                         float *c, int ldc, int accumulate) {
    float *panel = panel_for_thread((size_t)TN_KB * ((size_t)m + 16));
    if (!panel) { drive(1, 4, m, n, k, a, lda, b, ldb, c, ldc, accumulate); return; }
    float *ap = panel, *bp = panel + (size_t)TN_KB * m;
    for (int k0 = 0; k0 < k; k0 += TN_KB) {
        const int kb = k - k0 < TN_KB ? k - k0 : TN_KB;
        const int add = accumulate || k0 > 0;
        for (int p = 0; p < kb; p++) memcpy(ap + (size_t)p * m, a + (size_t)(k0 + p) * lda, (size_t)m * sizeof(float));
        int j = 0;
        for (; j < n; j += 16) {
            const int nv = n - j >= 16 ? 2 : 1;
            for (int p = 0; p < kb; p++) {
                const float *src = b + (size_t)(k0 + p) * ldb + j;
                _mm256_storeu_ps(bp + p * 16, _mm256_loadu_ps(src));
                if (nv == 2) _mm256_storeu_ps(bp + p * 16 + 8, _mm256_loadu_ps(src + 8));
            }
            for (int i = 0; i < m; i += 4) {
                const int rows = m - i < 4 ? m - i : 4;
                float *ci = c + (size_t)i * ldc + j;
#define TN_BLOCK(mr) (nv == 2 ? block(1, mr, 2, kb, ap + i, m, bp, 16, ci, ldc, add) \
                              : block(1, mr, 1, kb, ap + i, m, bp, 16, ci, ldc, add))
                switch (rows) {
                case 4: TN_BLOCK(4); break; case 3: TN_BLOCK(3); break;
                case 2: TN_BLOCK(2); break; default: TN_BLOCK(1); break;
                }
#undef TN_BLOCK
            }
        }
    }
}

AVX2 void digitrec_sgemm_avx2(int trans_a, int m, int n, int k, const float *a, int lda, const float *b, int ldb,
                              float *c, int ldc, int accumulate) {
    // Aᵀ blocks of 4 rows: the Winograd filter gradients have 32 or 48 rows (6 would leave a
    // 2-row block, whose four FMA chains cannot keep both FMA units busy). Operands whose rows
    // are contiguous (Winograd's position-major panels) are read where they lie; strided ones
    // are copied into panels first.
    if (trans_a && lda == m && ldb == n) drive(1, 4, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
    else if (trans_a) gemm_tn(m, n, k, a, lda, b, ldb, c, ldc, accumulate);
    else drive(0, 6, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
}
#else
long digitrec_sgemm_panels_live(void) { return 0; }
void digitrec_sgemm_avx2(int trans_a, int m, int n, int k, const float *a, int lda, const float *b, int ldb,
                         float *c, int ldc, int accumulate) {
    (void)trans_a; (void)m; (void)n; (void)k; (void)a; (void)lda; (void)b; (void)ldb; (void)c; (void)ldc; (void)accumulate;
}
#endif
