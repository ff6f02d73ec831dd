// The first layer's direct convolution with its ReLU and 2×2 max pooling fused in
// (Kernels.convolveOneChannelPooled): each pooling window's four output pixels are computed in
// registers and only the window's maximum and which pixel won are written. Unfused, the `sprint`
// preset's first layer wrote 26×26×32 floats per image (11 MB a batch) for the pooling to read
// back: the convolution and the pooling were 12 % of `DigitBench train sprint 1`'s perf samples,
// for 8 % of the epoch's multiply-adds.
// Same arithmetic per output pixel as conv_one_channel_avx512.c — the bias, then x·w added for
// each tap in the order (ky, kx), a multiply and an add (no FMA), taps outside the image skipped,
// ReLU as "v < 0 → 0" — and the same pooling as MaxPool2D.forward2x2 (pixels challenged in the
// order (0,0), (0,1), (1,0), (1,1), a later one winning only when strictly larger), so the pooled
// outputs and the winners are bit-identical to the two layers run one after the other
// (DirectPooledConvTests holds them so).
#include "CKernels.h"

#pragma clang fp contract(off)

#if defined(__x86_64__)
#include <immintrin.h>
#include <stddef.h>

#define AVX512 __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq")))
#define INLINE static inline __attribute__((always_inline))

INLINE AVX512 __m512 relu_if(__m512 v, int relu) {
    return relu ? _mm512_mask_mov_ps(v, _mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_LT_OQ), _mm512_setzero_ps()) : v;
}

/// One output pixel (oy, ox), filters g…g+16·nv (`taps` and `bias` start at filter g; the last
/// vector's lanes in `last`) into acc[0..<nv], its taps clipped to the image: for windows on a
/// padded border.
INLINE AVX512 void clipped(const int nv, const float *xi, int h, int w, int k, int pad, int oy, int ox,
                           const float *taps, int f, const float *bias, __mmask16 last, __m512 *acc) {
    const int iy0 = oy - pad, ix0 = ox - pad;
    const int ky0 = iy0 < 0 ? -iy0 : 0, ky1 = h - iy0 < k ? (h - iy0 > ky0 ? h - iy0 : ky0) : k;
    const int kx0 = ix0 < 0 ? -ix0 : 0, kx1 = w - ix0 < k ? (w - ix0 > kx0 ? w - ix0 : kx0) : k;
    acc[0] = nv == 1 ? _mm512_maskz_loadu_ps(last, bias) : _mm512_loadu_ps(bias);
    acc[1] = nv == 2 ? _mm512_maskz_loadu_ps(last, bias + 16) : _mm512_setzero_ps();
    for (int ky = ky0; ky < ky1; ky++) {
        for (int kx = kx0; kx < kx1; kx++) {
            const float *t = taps + (size_t)(ky * k + kx) * f;
            const __m512 v = _mm512_set1_ps(xi[(size_t)(iy0 + ky) * w + ix0 + kx]);
            const __m512 w0 = nv == 1 ? _mm512_maskz_loadu_ps(last, t) : _mm512_loadu_ps(t);
            acc[0] = _mm512_add_ps(acc[0], _mm512_mul_ps(v, w0));
            if (nv == 2) acc[1] = _mm512_add_ps(acc[1], _mm512_mul_ps(v, _mm512_maskz_loadu_ps(last, t + 16)));
        }
    }
}

/// Pooling window (py, px) of one image for filters g…g+16·nv: its four pixels (2py + ry,
/// 2px + rx) in registers, ReLU, the maximum and its code ry·2 + rx into `out` and `code`.
INLINE AVX512 void window(const int nv, const float *xi, int h, int w, int k, int pad, int py, int px,
                          const float *taps, int f, const float *bias, __mmask16 last, int relu,
                          float *out, float *code) {
    __m512 acc[4][2];
    const int oy = 2 * py, ox = 2 * px;
    if (oy - pad >= 0 && oy + 1 - pad + k <= h && ox - pad >= 0 && ox + 1 - pad + k <= w) {
        // Every tap of the four pixels lies in the image: one weight load serves all four.
        const __m512 b0 = nv == 1 ? _mm512_maskz_loadu_ps(last, bias) : _mm512_loadu_ps(bias);
        const __m512 b1 = nv == 2 ? _mm512_maskz_loadu_ps(last, bias + 16) : _mm512_setzero_ps();
        for (int p = 0; p < 4; p++) { acc[p][0] = b0; acc[p][1] = b1; }
        const float *first = xi + (size_t)(oy - pad) * w + (ox - pad);
        for (int ky = 0; ky < k; ky++) {
            for (int kx = 0; kx < k; kx++) {
                const float *t = taps + (size_t)(ky * k + kx) * f;
                const __m512 w0 = nv == 1 ? _mm512_maskz_loadu_ps(last, t) : _mm512_loadu_ps(t);
                const __m512 w1 = nv == 2 ? _mm512_maskz_loadu_ps(last, t + 16) : _mm512_setzero_ps();
                for (int p = 0; p < 4; p++) {
                    const __m512 v = _mm512_set1_ps(first[(size_t)(ky + (p >> 1)) * w + kx + (p & 1)]);
                    acc[p][0] = _mm512_add_ps(acc[p][0], _mm512_mul_ps(v, w0));
                    if (nv == 2) acc[p][1] = _mm512_add_ps(acc[p][1], _mm512_mul_ps(v, w1));
                }
            }
        }
    } else {
        for (int p = 0; p < 4; p++) clipped(nv, xi, h, w, k, pad, oy + (p >> 1), ox + (p & 1), taps, f, bias, last, acc[p]);
    }
    for (int j = 0; j < nv; j++) {
        __m512 best = relu_if(acc[0][j], relu), won = _mm512_setzero_ps();
        for (int p = 1; p < 4; p++) {
            const __m512 v = relu_if(acc[p][j], relu);
            const __mmask16 larger = _mm512_cmp_ps_mask(v, best, _CMP_GT_OQ);
            best = _mm512_mask_mov_ps(best, larger, v);
            won = _mm512_mask_mov_ps(won, larger, _mm512_set1_ps((float)p));
        }
        const __mmask16 lanes = j == nv - 1 ? last : 0xFFFF;
        _mm512_mask_storeu_ps(out + 16 * j, lanes, best);
        _mm512_mask_storeu_ps(code + 16 * j, lanes, won);
    }
}

AVX512 void digitrec_conv_one_channel_pooled_avx512(const float *x, int n, int h, int w, int k, int pad, int oh, int ow,
                                                    const float *weight, int f, const float *bias, int relu,
                                                    float *y, float *code) {
    const int ph = oh / 2, pw = ow / 2;
    for (int img = 0; img < n; img++) {
        const float *xi = x + (size_t)img * h * w;
        for (int py = 0; py < ph; py++) {
            for (int px = 0; px < pw; px++) {
                const size_t at = (((size_t)img * ph + py) * pw + px) * f;
                for (int g = 0; g < f; g += 32) {
                    const int left = f - g;
                    const __mmask16 last = left % 16 == 0 || left > 32 ? 0xFFFF : (__mmask16)((1u << (left % 16)) - 1);
                    if (left > 16) window(2, xi, h, w, k, pad, py, px, weight + g, f, bias + g, last, relu, y + at + g, code + at + g);
                    else window(1, xi, h, w, k, pad, py, px, weight + g, f, bias + g, last, relu, y + at + g, code + at + g);
                }
            }
        }
    }
}
#else
void digitrec_conv_one_channel_pooled_avx512(const float *x, int n, int h, int w, int k, int pad, int oh, int ow,
                                             const float *weight, int f, const float *bias, int relu,
                                             float *y, float *code) {
    (void)x; (void)n; (void)h; (void)w; (void)k; (void)pad; (void)oh; (void)ow; (void)weight; (void)f; (void)bias;
    (void)relu; (void)y; (void)code;
}
#endif
