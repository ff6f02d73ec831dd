// What the two first-layer gradient kernels (conv_one_channel_gradients_avx512.c, unpooled;
// conv_one_channel_pooled_gradients_avx512.c, pooled) share: a pass over one image sums up to
// MAX_TAPS taps of the filter gradient for 16·nv filters, each tap's two vectors and the bias's
// in registers. The accumulators start from what dW and dBias hold and go back to them at the
// end; only the loop between differs. Private to CKernels (not under include/): Swift never
// sees it.
#ifndef DIGITREC_CONV_TAPS_AVX512_H
#define DIGITREC_CONV_TAPS_AVX512_H

#if defined(__x86_64__)
#include <immintrin.h>
#include <stddef.h>

// The features both kernels are compiled with (a callee's must be a subset of its caller's).
#define CONV_TAPS_TARGET __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq"), always_inline))

/// Most taps summed in one pass: 9 taps × 2 vectors + 2 for the bias in registers.
enum { MAX_TAPS = 9 };

/// Loads taps t0…t0+T−1 of dW (rows of f filters; the second vector only when nv is 2, the last
/// vector's lanes in `last`) into acc, each tap's offset in the padded image (row width wp, a
/// k×k kernel) into offset, and, when `with_bias`, dBias into b (else b is zero).
static inline CONV_TAPS_TARGET void convTapsLoad(const int T, const int nv, int with_bias, int wp, int k, int t0, int f,
                                                 __mmask16 last, const float *dw, const float *db, int offset[MAX_TAPS],
                                                 __m512 acc[MAX_TAPS][2], __m512 b[2]) {
    for (int j = 0; j < T; j++) {
        const int t = t0 + j;
        offset[j] = (t / k) * wp + t % k;
        acc[j][0] = nv == 1 ? _mm512_maskz_loadu_ps(last, dw + (size_t)t * f) : _mm512_loadu_ps(dw + (size_t)t * f);
        acc[j][1] = nv == 2 ? _mm512_maskz_loadu_ps(last, dw + (size_t)t * f + 16) : _mm512_setzero_ps();
    }
    b[0] = _mm512_setzero_ps();
    b[1] = _mm512_setzero_ps();
    if (with_bias) {
        b[0] = nv == 1 ? _mm512_maskz_loadu_ps(last, db) : _mm512_loadu_ps(db);
        b[1] = nv == 2 ? _mm512_maskz_loadu_ps(last, db + 16) : _mm512_setzero_ps();
    }
}

/// Stores what `convTapsLoad` loaded, summed: acc into dW's taps t0…t0+T−1, b into dBias when
/// `with_bias`; the last vector masked by `last`.
static inline CONV_TAPS_TARGET void convTapsStore(const int T, const int nv, int with_bias, int t0, int f, __mmask16 last,
                                                  __m512 acc[MAX_TAPS][2], const __m512 b[2], float *dw, float *db) {
    const __mmask16 m0 = nv == 1 ? last : 0xFFFF, m1 = nv == 2 ? last : 0;
    for (int j = 0; j < T; j++) {
        float *o = dw + (size_t)(t0 + j) * f;
        _mm512_mask_storeu_ps(o, m0, acc[j][0]);
        if (nv == 2) _mm512_mask_storeu_ps(o + 16, m1, acc[j][1]);
    }
    if (with_bias) {
        _mm512_mask_storeu_ps(db, m0, b[0]);
        if (nv == 2) _mm512_mask_storeu_ps(db + 16, m1, b[1]);
    }
}

#endif
#endif
