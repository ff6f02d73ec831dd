// Adam's update with the vector square root: Swift's SIMD8<Float>.squareRoot() compiles to eight
// scalar square roots, each with a call to sqrtf behind a negative check (4 % of a cnn epoch).
// No contraction of a·b + c into an FMA: the weights must stay bit-identical to the Swift loop's.
// The gradient is the workers' own ones summed here in worker order, as the separate pass that
// summed them into worker 0's did (one pass over memory instead of two: that one was 1.5 % of a
// cnn epoch).
#include "CKernels.h"

#pragma clang fp contract(off)

#if defined(__x86_64__)
#include <immintrin.h>
#include <math.h>

__attribute__((target("avx2")))
void digitrec_adam_avx2(float *w, const float *const *g, int ng, float *m, float *v, long lo, long hi,
                        float beta1, float beta2, float one_minus_beta1, float one_minus_beta2,
                        float step_size, float inv_bc2, float eps, float shrink) {
    const __m256 b1 = _mm256_set1_ps(beta1), b2 = _mm256_set1_ps(beta2);
    const __m256 c1 = _mm256_set1_ps(one_minus_beta1), c2 = _mm256_set1_ps(one_minus_beta2);
    const __m256 ss = _mm256_set1_ps(step_size), ib = _mm256_set1_ps(inv_bc2);
    const __m256 ep = _mm256_set1_ps(eps), sh = _mm256_set1_ps(shrink);
    long j = lo;
    for (; j + 8 <= hi; j += 8) {
        // g = ((g₀ + g₁) + g₂) + …
        __m256 gj = _mm256_loadu_ps(g[0] + j);
        for (int q = 1; q < ng; q++) gj = _mm256_add_ps(gj, _mm256_loadu_ps(g[q] + j));
        const __m256 wj = _mm256_loadu_ps(w + j);
        // m = β1·m + (1−β1)·g;  v = β2·v + ((1−β2)·g)·g
        const __m256 mj = _mm256_add_ps(_mm256_mul_ps(b1, _mm256_loadu_ps(m + j)), _mm256_mul_ps(c1, gj));
        const __m256 vj = _mm256_add_ps(_mm256_mul_ps(b2, _mm256_loadu_ps(v + j)), _mm256_mul_ps(_mm256_mul_ps(c2, gj), gj));
        _mm256_storeu_ps(m + j, mj);
        _mm256_storeu_ps(v + j, vj);
        // w − ((step·m) / (√(v·(1/bc2)) + ε) + shrink·w)
        const __m256 denom = _mm256_add_ps(_mm256_sqrt_ps(_mm256_mul_ps(vj, ib)), ep);
        const __m256 delta = _mm256_add_ps(_mm256_div_ps(_mm256_mul_ps(ss, mj), denom), _mm256_mul_ps(sh, wj));
        _mm256_storeu_ps(w + j, _mm256_sub_ps(wj, delta));
    }
    for (; j < hi; j++) {
        float gj = g[0][j];
        for (int q = 1; q < ng; q++) gj += g[q][j];
        const float wj = w[j];
        const float mj = beta1 * m[j] + one_minus_beta1 * gj;
        const float vj = beta2 * v[j] + one_minus_beta2 * gj * gj;
        m[j] = mj;
        v[j] = vj;
        w[j] = wj - (step_size * mj / (sqrtf(vj * inv_bc2) + eps) + shrink * wj);
    }
}
#else
void digitrec_adam_avx2(float *w, const float *const *g, int ng, float *m, float *v, long lo, long hi,
                        float beta1, float beta2, float one_minus_beta1, float one_minus_beta2,
                        float step_size, float inv_bc2, float eps, float shrink) {
    (void)w; (void)g; (void)ng; (void)m; (void)v; (void)lo; (void)hi; (void)beta1; (void)beta2; (void)one_minus_beta1;
    (void)one_minus_beta2; (void)step_size; (void)inv_bc2; (void)eps; (void)shrink;
}
#endif
