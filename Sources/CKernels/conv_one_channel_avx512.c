// The first layer's direct convolution of one-channel images (Kernels.convolveOneChannel) with
// AVX-512 registers, four output pixels at a time. The Swift loop works one pixel at a time: its
// four accumulators each wait on a chain of K·K dependent adds, so it ran at ~50 cycles a pixel
// for a 3×3 kernel and 32 filters (8 % of evaluating the `cnn` preset, perf). Here each weight
// vector is loaded once for four pixels, and eight independent chains keep the adders busy.
// Same arithmetic per output as the Swift loop — the bias, then x·w added for each tap in the
// order (ky, kx), a multiply and an add (no FMA: training must keep its weights bit for bit),
// taps outside the image skipped, ReLU as "v < 0 → 0" — so the results are bit-identical
// (DirectConvTests holds the two equal on every shape). Inference, which keeps no weights, runs
// the same loops with each multiply and add in one FMA (`fused`): half the instructions, `cnn`'s
// 10k evaluation ~1 % faster (paired in one process, 0.398 → 0.393 s).
// Both copy: four pixels whose inputs all hold the value a computed pixel's did (the blank paper
// around a digit: half of `cnn`'s groups of four on MNIST) get that pixel's outputs, the bits
// computing them gives (each pixel's sum is the same chain of the same values) — so training's
// kernel too, whose weights must not change (it computed every pixel until session 35).
#include "CKernels.h"

#pragma clang fp contract(off)

#if defined(__x86_64__)
#include <immintrin.h>
#include <stddef.h>

#define AVX512 __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,fma")))
#define INLINE static inline __attribute__((always_inline))

/// Pixels per step of the inner loop.
enum { PIXELS = 4 };

INLINE AVX512 __m512 finish(__m512 v, int relu) {
    return relu ? _mm512_mask_mov_ps(v, _mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_LT_OQ), _mm512_setzero_ps()) : v;
}

/// P consecutive output pixels (P ≤ PIXELS) of one row, filters g…g+16·nv (the last vector's
/// lanes in `last`), over taps ky0..<ky1, kx0..<kx1 (the same for all P: callers pass P > 1
/// only where every tap lies in the image). Tap (ky, kx) of pixel p is
/// first[(ky − ky0)·w + ix0 + kx + p]: `first` is the start of input row iy0 + ky0.
INLINE AVX512 void pixels(const int fused, const int P, const int nv, const float *first, int w, int ix0, int k, int ky0, int ky1,
                          int kx0, int kx1, const float *taps, int f, const float *bias, __mmask16 last, int relu,
                          float *out) {
    __m512 acc[PIXELS][2];
    const __m512 b0 = nv == 1 ? _mm512_maskz_loadu_ps(last, bias) : _mm512_loadu_ps(bias);
    const __m512 b1 = nv == 2 ? _mm512_maskz_loadu_ps(last, bias + 16) : _mm512_setzero_ps();
    for (int p = 0; p < P; p++) { acc[p][0] = b0; acc[p][1] = b1; }
    for (int ky = ky0; ky < ky1; ky++) {
        const float *row = first + (size_t)(ky - ky0) * w;
        for (int kx = kx0; kx < kx1; kx++) {
            const float *t = taps + (size_t)(ky * k + kx) * f;
            const __m512 w0 = nv == 1 ? _mm512_maskz_loadu_ps(last, t) : _mm512_loadu_ps(t);
            const __m512 w1 = nv == 2 ? _mm512_maskz_loadu_ps(last, t + 16) : _mm512_setzero_ps();
            const float *x = row + (ix0 + kx);
            for (int p = 0; p < P; p++) {
                const __m512 v = _mm512_set1_ps(x[p]);
                if (fused) {
                    acc[p][0] = _mm512_fmadd_ps(v, w0, acc[p][0]);
                    if (nv == 2) acc[p][1] = _mm512_fmadd_ps(v, w1, acc[p][1]);
                } else {
                    acc[p][0] = _mm512_add_ps(acc[p][0], _mm512_mul_ps(v, w0));
                    if (nv == 2) acc[p][1] = _mm512_add_ps(acc[p][1], _mm512_mul_ps(v, w1));
                }
            }
        }
    }
    for (int p = 0; p < P; p++) {
        float *o = out + (size_t)p * f;
        if (nv == 1) {
            _mm512_mask_storeu_ps(o, last, finish(acc[p][0], relu));
        } else {
            _mm512_storeu_ps(o, finish(acc[p][0], relu));
            _mm512_mask_storeu_ps(o + 16, last, finish(acc[p][1], relu));
        }
    }
}

/// Whether the input under PIXELS output pixels (k rows of PIXELS + k − 1 values from `first`,
/// rows w apart; k ≤ 13) all hold the bits of `v`.
INLINE AVX512 int windowHolds(const float *first, int w, int k, __m512i v) {
    const __mmask16 lanes = (__mmask16)((1u << (PIXELS + k - 1)) - 1);
    __mmask16 differ = 0;
    for (int ky = 0; ky < k; ky++)
        differ |= _mm512_mask_cmpneq_epi32_mask(lanes, _mm512_maskz_loadu_epi32(lanes, first + (size_t)ky * w), v);
    return differ == 0;
}

/// Filters g…g+16·nv of every output pixel (`taps`, `bias` and `y` start at filter g). `reuse`
/// (inference and training): a group of PIXELS pixels whose whole window holds the input value
/// of the first such group (kept in `value` and `kept`) gets that group's first pixel's
/// outputs; returns the groups copied.
INLINE AVX512 int strip(const int fused, const int nv, const float *x, int n, int h, int w, int k, int pad, int oh, int ow,
                        const float *taps, int f, const float *bias, __mmask16 last, int relu, int reuse, float *y) {
    // Output columns whose taps all lie in the image: ox − pad ≥ 0 and ox − pad + k ≤ w.
    const int inLo = pad, inHi = w - k + pad + 1 < ow ? w - k + pad + 1 : ow;
    const __mmask16 m0 = nv == 1 ? last : 0xFFFF, m1 = nv == 2 ? last : 0;
    int have = 0, copied = 0;
    __m512i value = _mm512_setzero_si512();
    __m512 kept[2] = { _mm512_setzero_ps(), _mm512_setzero_ps() };
    reuse = reuse && k <= 16 - PIXELS + 1;
    for (int img = 0; img < n; img++) {
        const float *xi = x + (size_t)img * h * w;
        float *yi = y + (size_t)img * oh * ow * f;
        for (int oy = 0; oy < oh; oy++) {
            const int iy0 = oy - pad;
            const int ky0 = iy0 < 0 ? -iy0 : 0;
            const int ky1 = h - iy0 < k ? (h - iy0 > ky0 ? h - iy0 : ky0) : k;
            const float *first = xi + (size_t)(iy0 + ky0) * w;
            float *yrow = yi + (size_t)oy * ow * f;
            // Only rows whose taps all lie in the image: pixels there sum all k·k taps, alike.
            const int rowReuse = reuse && ky0 == 0 && ky1 == k;
            int ox = 0;
            while (ox < ow) {
                const int ix0 = ox - pad;
                float *o = yrow + (size_t)ox * f;
                if (ox >= inLo && ox + PIXELS <= inHi) {
                    if (rowReuse) {
                        const __m512i v = have ? value : _mm512_castps_si512(_mm512_set1_ps(first[ix0]));
                        if (windowHolds(first + ix0, w, k, v)) {
                            if (have) {
                                for (int p = 0; p < PIXELS; p++) {
                                    _mm512_mask_storeu_ps(o + (size_t)p * f, m0, kept[0]);
                                    if (nv == 2) _mm512_mask_storeu_ps(o + (size_t)p * f + 16, m1, kept[1]);
                                }
                                copied++;
                                ox += PIXELS;
                                continue;
                            }
                            pixels(fused, PIXELS, nv, first, w, ix0, k, ky0, ky1, 0, k, taps, f, bias, last, relu, o);
                            value = v;
                            kept[0] = _mm512_maskz_loadu_ps(m0, o);
                            if (nv == 2) kept[1] = _mm512_maskz_loadu_ps(m1, o + 16);
                            have = 1;
                            ox += PIXELS;
                            continue;
                        }
                    }
                    pixels(fused, PIXELS, nv, first, w, ix0, k, ky0, ky1, 0, k, taps, f, bias, last, relu, o);
                    ox += PIXELS;
                } else if (ox >= inLo && ox + 2 <= inHi) {
                    pixels(fused, 2, nv, first, w, ix0, k, ky0, ky1, 0, k, taps, f, bias, last, relu, o);
                    ox += 2;
                } else {
                    const int kx0 = ix0 < 0 ? -ix0 : 0;
                    const int kx1 = w - ix0 < k ? (w - ix0 > kx0 ? w - ix0 : kx0) : k;
                    pixels(fused, 1, nv, first, w, ix0, k, ky0, ky1, kx0, kx1, taps, f, bias, last, relu, o);
                    ox += 1;
                }
            }
        }
    }
    return copied;
}

/// Every group of 32 filters (the last one masked), multiply and add apart or `fused`; returns
/// the groups of pixels copied (`strip`'s `reuse`).
INLINE AVX512 int convolve(const int fused, const float *x, int n, int h, int w, int k, int pad, int oh, int ow,
                           const float *weight, int f, const float *bias, int relu, int reuse, float *y) {
    int copied = 0;
    for (int g = 0; g < f; g += 32) {
        const int left = f - g;
        const __mmask16 last = left % 16 == 0 || left > 32 ? 0xFFFF : (__mmask16)((1u << (left % 16)) - 1);
        if (left > 16) copied += strip(fused, 2, x, n, h, w, k, pad, oh, ow, weight + g, f, bias + g, last, relu, reuse, y + g);
        else copied += strip(fused, 1, x, n, h, w, k, pad, oh, ow, weight + g, f, bias + g, last, relu, reuse, y + g);
    }
    return copied;
}

AVX512 int digitrec_conv_one_channel_avx512(const float *x, int n, int h, int w, int k, int pad, int oh, int ow,
                                            const float *weight, int f, const float *bias, int relu, int reuse, float *y) {
    return convolve(0, x, n, h, w, k, pad, oh, ow, weight, f, bias, relu, reuse, y);
}

AVX512 int digitrec_conv_one_channel_fma_avx512(const float *x, int n, int h, int w, int k, int pad, int oh, int ow,
                                                const float *weight, int f, const float *bias, int relu, int reuse, float *y) {
    return convolve(1, x, n, h, w, k, pad, oh, ow, weight, f, bias, relu, reuse, y);
}
#else
int digitrec_conv_one_channel_avx512(const float *x, int n, int h, int w, int k, int pad, int oh, int ow,
                                     const float *weight, int f, const float *bias, int relu, int reuse, float *y) {
    (void)x; (void)n; (void)h; (void)w; (void)k; (void)pad; (void)oh; (void)ow; (void)weight; (void)f; (void)bias;
    (void)relu; (void)reuse; (void)y;
    return 0;
}
int digitrec_conv_one_channel_fma_avx512(const float *x, int n, int h, int w, int k, int pad, int oh, int ow,
                                         const float *weight, int f, const float *bias, int relu, int reuse, float *y) {
    (void)x; (void)n; (void)h; (void)w; (void)k; (void)pad; (void)oh; (void)ow; (void)weight; (void)f; (void)bias;
    (void)relu; (void)reuse; (void)y;
    return 0;
}
#endif
