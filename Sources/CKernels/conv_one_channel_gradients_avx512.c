// The weight and bias gradients of a first layer's convolution + ReLU (unpooled:
// Kernels.oneChannelGradients, `cnn`'s first layer), one image per call. The Swift loops pass
// over the image's output gradient once for the ReLU mask and the bias, then once per three taps
// (for 3×3: four passes over 86 KB, eight filters a vector); here the mask, the bias and up to
// nine taps are summed in one pass, 32 filters at a time, every sum in registers.
//
// The same sums bit for bit: every accumulator adds the same products in the same order (output
// pixels row by row; the bias in the order the mask pass adds it), a multiply and an add (no
// FMA), and dY is masked in place as before. DirectConvTests holds dW, dBias and the masked dY
// equal bit for bit to the Swift loops.
#include "CKernels.h"

#pragma clang fp contract(off)

#if defined(__x86_64__)
#include <immintrin.h>
#include <stddef.h>

#include "conv_taps_avx512.h"

#define AVX512 __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq")))
#define INLINE static inline __attribute__((always_inline))

/// Taps t0…t0+T−1 (T ≤ MAX_TAPS) for filters g…g+16·nv (`dw`, `db`, `dy`, `y` start at filter g;
/// the last vector's lanes in `last`); the first pass (`first`) masks dY by the ReLU in place and
/// sums the bias too.
INLINE AVX512 void taps_pass(const int T, const int nv, int first, const float *x, int wp, int k, int t0, int oh,
                             int ow, int f, float *dy, const float *y, int relu, __mmask16 last, float *dw, float *db) {
    int offset[MAX_TAPS];
    __m512 acc[MAX_TAPS][2], b[2];
    convTapsLoad(T, nv, first, wp, k, t0, f, last, dw, db, offset, acc, b);
    const __m512 zero = _mm512_setzero_ps();
    const __mmask16 m0 = nv == 1 ? last : 0xFFFF, m1 = nv == 2 ? last : 0;
    for (int oy = 0; oy < oh; oy++) {
        const float *row = x + (size_t)oy * wp;
        for (int ox = 0; ox < ow; ox++) {
            const size_t at = ((size_t)oy * ow + ox) * f;
            __m512 g0 = _mm512_maskz_loadu_ps(m0, dy + at), g1 = zero;
            if (nv == 2) g1 = _mm512_maskz_loadu_ps(m1, dy + at + 16);
            if (first) {
                if (relu) {
                    // g where the output is above 0 (or NaN: `.<=` is false there), else 0.
                    g0 = _mm512_mask_mov_ps(g0, _mm512_cmp_ps_mask(_mm512_maskz_loadu_ps(m0, y + at), zero, _CMP_LE_OQ), zero);
                    _mm512_mask_storeu_ps(dy + at, m0, g0);
                    if (nv == 2) {
                        g1 = _mm512_mask_mov_ps(g1, _mm512_cmp_ps_mask(_mm512_maskz_loadu_ps(m1, y + at + 16), zero, _CMP_LE_OQ), zero);
                        _mm512_mask_storeu_ps(dy + at + 16, m1, g1);
                    }
                }
                b[0] = _mm512_add_ps(b[0], g0);
                if (nv == 2) b[1] = _mm512_add_ps(b[1], g1);
            }
            for (int j = 0; j < T; j++) {
                const __m512 v = _mm512_set1_ps(row[ox + offset[j]]);
                acc[j][0] = _mm512_add_ps(acc[j][0], _mm512_mul_ps(v, g0));
                if (nv == 2) acc[j][1] = _mm512_add_ps(acc[j][1], _mm512_mul_ps(v, g1));
            }
        }
    }
    convTapsStore(T, nv, first, t0, f, last, acc, b, dw, db);
}

/// `taps_pass` with T and nv compile-time constants (T 1…9, nv 1 or 2).
INLINE AVX512 void taps_pass_at(int T, int nv, int first, const float *x, int wp, int k, int t0, int oh, int ow, int f,
                                float *dy, const float *y, int relu, __mmask16 last, float *dw, float *db) {
#define PASS(TT) \
    (nv == 2 ? taps_pass(TT, 2, first, x, wp, k, t0, oh, ow, f, dy, y, relu, last, dw, db) \
             : taps_pass(TT, 1, first, x, wp, k, t0, oh, ow, f, dy, y, relu, last, dw, db))
    switch (T) {
    case 9: PASS(9); break; case 8: PASS(8); break; case 7: PASS(7); break; case 6: PASS(6); break;
    case 5: PASS(5); break; case 4: PASS(4); break; case 3: PASS(3); break; case 2: PASS(2); break;
    default: PASS(1); break;
    }
#undef PASS
}

AVX512 void digitrec_conv_one_channel_gradients_avx512(float *dy, const float *y, int relu, const float *x, int wp, int k,
                                                       int oh, int ow, int f, float *dw, float *db) {
    for (int g = 0; g < f; g += 32) {
        const int left = f - g, nv = left > 16 ? 2 : 1;
        const int tail = left >= 32 ? 16 : left - 16 * (nv - 1);
        const __mmask16 last = tail >= 16 ? 0xFFFF : (__mmask16)((1u << tail) - 1);
        for (int t0 = 0; t0 < k * k; t0 += MAX_TAPS) {
            const int T = k * k - t0 < MAX_TAPS ? k * k - t0 : MAX_TAPS;
            taps_pass_at(T, nv, t0 == 0, x, wp, k, t0, oh, ow, f, dy + g, y + g, relu, last, dw + g, db + g);
        }
    }
}
#else
void digitrec_conv_one_channel_gradients_avx512(float *dy, const float *y, int relu, const float *x, int wp, int k,
                                                int oh, int ow, int f, float *dw, float *db) {
    (void)dy; (void)y; (void)relu; (void)x; (void)wp; (void)k; (void)oh; (void)ow; (void)f; (void)dw; (void)db;
}
#endif
