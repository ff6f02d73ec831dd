// `digitrec_adam_avx2` sixteen weights at a time: the same operations in the same order, lane
// for lane (square root and division are correctly rounded at any width), so the same bits.
// Adam's update streams five arrays of 4.7 MB (`cnn`) through L3 per step and is mostly waiting on
// them; on this Zen 5 the 512-bit loop took 0.44-0.69 ms a step where the AVX2 one took
// 0.49-0.74 (one thread, 1.2 M weights, alternating). With masked loads and stores all the way
// it was slower than the AVX2 loop (6.4 % of an fp32 epoch against 3.8 %): only the tail is masked.
#include "CKernels.h"

#pragma clang fp contract(off)

#if defined(__x86_64__)
#include <immintrin.h>

/// Lanes j… of the update (`k` the lanes taken; `masked` a constant where inlined: plain loads
/// and stores when 0).
static inline __attribute__((always_inline, target("avx512f")))
void adamLanes(float *w, const float *const *g, int ng, float *m, float *v, long j, __mmask16 k, const int masked,
               __m512 b1, __m512 b2, __m512 c1, __m512 c2, __m512 ss, __m512 ib, __m512 ep, __m512 sh) {
#define LOAD(p) (masked ? _mm512_maskz_loadu_ps(k, (p)) : _mm512_loadu_ps(p))
#define STORE(p, x) do { if (masked) _mm512_mask_storeu_ps((p), k, (x)); else _mm512_storeu_ps((p), (x)); } while (0)
    // g = ((g₀ + g₁) + g₂) + …
    __m512 gj = LOAD(g[0] + j);
    for (int q = 1; q < ng; q++) gj = _mm512_add_ps(gj, LOAD(g[q] + j));
    const __m512 wj = LOAD(w + j);
    // m = β1·m + (1−β1)·g;  v = β2·v + ((1−β2)·g)·g
    const __m512 mj = _mm512_add_ps(_mm512_mul_ps(b1, LOAD(m + j)), _mm512_mul_ps(c1, gj));
    const __m512 vj = _mm512_add_ps(_mm512_mul_ps(b2, LOAD(v + j)), _mm512_mul_ps(_mm512_mul_ps(c2, gj), gj));
    STORE(m + j, mj);
    STORE(v + j, vj);
    // w − ((step·m) / (√(v·(1/bc2)) + ε) + shrink·w)
    const __m512 denom = _mm512_add_ps(_mm512_sqrt_ps(_mm512_mul_ps(vj, ib)), ep);
    const __m512 delta = _mm512_add_ps(_mm512_div_ps(_mm512_mul_ps(ss, mj), denom), _mm512_mul_ps(sh, wj));
    STORE(w + j, _mm512_sub_ps(wj, delta));
#undef LOAD
#undef STORE
}

__attribute__((target("avx512f")))
void digitrec_adam_avx512(float *w, const float *const *g, int ng, float *m, float *v, long lo, long hi,
                          float beta1, float beta2, float one_minus_beta1, float one_minus_beta2,
                          float step_size, float inv_bc2, float eps, float shrink) {
    const __m512 b1 = _mm512_set1_ps(beta1), b2 = _mm512_set1_ps(beta2);
    const __m512 c1 = _mm512_set1_ps(one_minus_beta1), c2 = _mm512_set1_ps(one_minus_beta2);
    const __m512 ss = _mm512_set1_ps(step_size), ib = _mm512_set1_ps(inv_bc2);
    const __m512 ep = _mm512_set1_ps(eps), sh = _mm512_set1_ps(shrink);
    long j = lo;
    // Whole vectors with plain loads and stores, then the tail masked (masked stores all the way
    // made the loop slower).
    for (; j + 16 <= hi; j += 16) adamLanes(w, g, ng, m, v, j, (__mmask16)0xFFFF, 0, b1, b2, c1, c2, ss, ib, ep, sh);
    if (j < hi) adamLanes(w, g, ng, m, v, j, (__mmask16)((1u << (hi - j)) - 1), 1, b1, b2, c1, c2, ss, ib, ep, sh);
}
#else
void digitrec_adam_avx512(float *w, const float *const *g, int ng, float *m, float *v, long lo, long hi,
                          float beta1, float beta2, float one_minus_beta1, float one_minus_beta2,
                          float step_size, float inv_bc2, float eps, float shrink) {
    (void)w; (void)g; (void)ng; (void)m; (void)v; (void)lo; (void)hi; (void)beta1; (void)beta2; (void)one_minus_beta1;
    (void)one_minus_beta2; (void)step_size; (void)inv_bc2; (void)eps; (void)shrink;
}
#endif
