// The weight and bias gradients of the first layer's fused convolution + ReLU + 2×2 max pooling
// (Kernels.oneChannelPooledGradients) from the pooled output's gradient, one image per call.
// Unfused, the pooling's backward wrote the convolution's whole output gradient (26×26×32 floats
// per image for `sprint`, 11 MB a batch, three quarters zeros), the ReLU mask read and wrote it
// again and the tap sums read it a third time (`MaxPool2D.backward` + `Kernels.oneChannelGradients`:
// 20 % of a `sprint` epoch, perf). Here the gradient never leaves the registers: per output row,
// each window's dY goes, in each lane, to the pixel that won it when that pixel lies in the row
// and the window's output is positive — one multiply-add per tap and lane for the row, where the
// unfused sums made one per pixel.
//
// The sums are the unfused ones bit for bit: every accumulator adds the same nonzero products in
// the same order (images in turn, output pixels row by row, the bias in the order the unfused
// ReLU pass adds it), a multiply and an add (no FMA). Where a lane's term is zero (its winner is
// in the other row, or the output is not positive) it adds x·(±0) = ±0, which leaves a sum
// unchanged, as the unfused sums' zeros do (a sum that starts at +0 never becomes −0); rows and
// columns outside every window are left out (their gradient is 0). DirectPooledConvTests holds dW
// and dBias equal bit for bit to the unfused layers.
#include "CKernels.h"

#pragma clang fp contract(off)

#if defined(__x86_64__)
#include <immintrin.h>
#include <stddef.h>

#include "conv_taps_avx512.h"

#define AVX512 __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq")))
#define INLINE static inline __attribute__((always_inline))

/// Taps t0…t0+T−1 (T ≤ MAX_TAPS) and, when `with_bias`, the bias, for filters g…g+16·nv (`dw`,
/// `db`, `dy`, `y`, `code` start at filter g; the last vector's lanes in `last`).
INLINE AVX512 void taps_pass(const int T, const int nv, int with_bias, const float *x, int wp, int k, int t0,
                             int ph, int pw, int f, const float *dy, const float *y, const float *code, int relu,
                             __mmask16 last, float *dw, float *db) {
    int offset[MAX_TAPS];
    __m512 acc[MAX_TAPS][2], b[2];
    convTapsLoad(T, nv, with_bias, wp, k, t0, f, last, dw, db, offset, acc, b);
    const __m512 zero = _mm512_setzero_ps();
    for (int py = 0; py < ph; py++) {
        for (int ry = 0; ry < 2; ry++) {
            // Output row 2py + ry: each window adds at most one pixel's term per lane, at the
            // column of the pixel that won (left or right) when that pixel is in this row — one
            // multiply-add per tap and lane instead of one per pixel, the x under the winner chosen
            // per lane (a blend of the left and right pixels' x). Lanes whose winner lies in the
            // other row add x·0 here. Per lane the terms come in the order a row-by-row pass over
            // the pixels adds them.
            const float *row = x + (size_t)(2 * py + ry) * wp;
            const __m512 left = _mm512_set1_ps((float)(2 * ry)), right = _mm512_set1_ps((float)(2 * ry + 1));
            for (int px = 0; px < pw; px++) {
                const size_t at = ((size_t)py * pw + px) * f;
                __m512 g[2];
                __mmask16 takesRight[2];
                for (int v = 0; v < nv; v++) {
                    const __mmask16 lanes = v == nv - 1 ? last : 0xFFFF;
                    __m512 d = _mm512_maskz_loadu_ps(lanes, dy + at + 16 * v);
                    const __m512 won = _mm512_maskz_loadu_ps(lanes, code + at + 16 * v);
                    // The ReLU's mask: 0 where the output is ≤ 0, as `Kernels.reluMask` does.
                    if (relu) d = _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(_mm512_maskz_loadu_ps(lanes, y + at + 16 * v), zero, _CMP_NLE_UQ), d);
                    takesRight[v] = _mm512_cmp_ps_mask(won, right, _CMP_EQ_OQ);
                    g[v] = _mm512_maskz_mov_ps(takesRight[v] | _mm512_cmp_ps_mask(won, left, _CMP_EQ_OQ), d);
                }
                if (with_bias) {
                    b[0] = _mm512_add_ps(b[0], g[0]);
                    if (nv == 2) b[1] = _mm512_add_ps(b[1], g[1]);
                }
                const float *xp = row + 2 * px;
                for (int j = 0; j < T; j++) {
                    const __m512 xl = _mm512_set1_ps(xp[offset[j]]), xr = _mm512_set1_ps(xp[offset[j] + 1]);
                    for (int v = 0; v < nv; v++) {
                        const __m512 s = _mm512_mask_mov_ps(xl, takesRight[v], xr);
                        acc[j][v] = _mm512_add_ps(acc[j][v], _mm512_mul_ps(s, g[v]));
                    }
                }
            }
        }
    }
    convTapsStore(T, nv, with_bias, t0, f, last, acc, b, dw, db);
}

/// All K·K taps for filters g…g+16·nv: in passes of 9, 3 and 1 taps (3×3: one pass; 5×5:
/// 9 + 9 + 3 + 3 + 1), the bias with the first.
INLINE AVX512 void filters(const int nv, const float *x, int wp, int k, int ph, int pw, int f, const float *dy,
                           const float *y, const float *code, int relu, __mmask16 last, float *dw, float *db) {
    int t0 = 0;
    while (t0 < k * k) {
        const int left = k * k - t0, first = t0 == 0;
        if (left >= 9) {
            taps_pass(9, nv, first, x, wp, k, t0, ph, pw, f, dy, y, code, relu, last, dw, db);
            t0 += 9;
        } else if (left >= 3) {
            taps_pass(3, nv, first, x, wp, k, t0, ph, pw, f, dy, y, code, relu, last, dw, db);
            t0 += 3;
        } else {
            taps_pass(1, nv, first, x, wp, k, t0, ph, pw, f, dy, y, code, relu, last, dw, db);
            t0 += 1;
        }
    }
}

AVX512 void digitrec_conv_one_channel_pooled_gradients_avx512(const float *x, int wp, int k, int ph, int pw, int f,
                                                              const float *dy, const float *y, const float *code,
                                                              int relu, float *dweight, float *dbias) {
    for (int g = 0; g < f; g += 32) {
        const int left = f - g;
        const __mmask16 last = left % 16 == 0 || left > 32 ? 0xFFFF : (__mmask16)((1u << (left % 16)) - 1);
        if (left > 16) filters(2, x, wp, k, ph, pw, f, dy + g, y + g, code + g, relu, last, dweight + g, dbias + g);
        else filters(1, x, wp, k, ph, pw, f, dy + g, y + g, code + g, relu, last, dweight + g, dbias + g);
    }
}
#else
void digitrec_conv_one_channel_pooled_gradients_avx512(const float *x, int wp, int k, int ph, int pw, int f,
                                                       const float *dy, const float *y, const float *code,
                                                       int relu, float *dweight, float *dbias) {
    (void)x; (void)wp; (void)k; (void)ph; (void)pw; (void)f; (void)dy; (void)y; (void)code; (void)relu;
    (void)dweight; (void)dbias;
}
#endif
