// Winograd F(4×4, 3×3)'s transforms for training (Winograd.swift holds the Swift reference and
// the layouts): the input transform and its adjoint, and the output transform with bias, ReLU
// and 2×2 max pooling fused in, and its adjoint. The same operations in the same order as the
// Swift loops, no FMA contraction, so a `cnn` epoch's weights stay bit-identical; what changes
// is that a tile's 36 values per eight channels stay in the 32 vector registers AVX-512VL gives
// (the Swift loops, compiled for AVX2's 16, went through a scratch tile in memory both passes).
// Eight channels a vector (YMM), so every layer Winograd takes (channels in groups of 8) runs here.
#include "CKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>
#include <stddef.h>

#pragma clang fp contract(off)

#define AVX512 __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,avx2")))
#define INLINE static inline __attribute__((always_inline))

/// Asks for [p, p + bytes) in the L1 cache, a line at a time. The pooled gradient reads three
/// whole-batch tensors (megabytes: in L3 or memory) in short runs rows apart; prefetching the
/// next band of tiles made it 2–7 % faster in a harness (the input transform gained nothing).
INLINE void prefetch(const void *p, size_t bytes) {
    for (size_t i = 0; i < bytes; i += 64) _mm_prefetch((const char *)p + i, _MM_HINT_T0);
}

/// Bᵀ·(d0…d5) as `Winograd.bTranspose`.
INLINE AVX512 void bTranspose(__m256 d0, __m256 d1, __m256 d2, __m256 d3, __m256 d4, __m256 d5, __m256 o[6]) {
    const __m256 four = _mm256_set1_ps(4.0f), five = _mm256_set1_ps(5.0f), two = _mm256_set1_ps(2.0f);
    const __m256 a = _mm256_sub_ps(d4, _mm256_mul_ps(d2, four)), b = _mm256_sub_ps(d3, _mm256_mul_ps(d1, four));
    const __m256 p = _mm256_sub_ps(d4, d2), q = _mm256_mul_ps(_mm256_sub_ps(d3, d1), two);
    const __m256 r0 = _mm256_sub_ps(_mm256_mul_ps(d0, four), _mm256_mul_ps(d2, five));
    const __m256 r5 = _mm256_sub_ps(_mm256_mul_ps(d1, four), _mm256_mul_ps(d3, five));
    o[0] = _mm256_add_ps(r0, d4);
    o[1] = _mm256_add_ps(a, b);
    o[2] = _mm256_sub_ps(a, b);
    o[3] = _mm256_add_ps(p, q);
    o[4] = _mm256_sub_ps(p, q);
    o[5] = _mm256_add_ps(r5, d5);
}

/// B·(v0…v5) as `Winograd.bColumn`.
INLINE AVX512 void bColumn(__m256 v0, __m256 v1, __m256 v2, __m256 v3, __m256 v4, __m256 v5, __m256 o[6]) {
    const __m256 four = _mm256_set1_ps(4.0f), five = _mm256_set1_ps(5.0f), two = _mm256_set1_ps(2.0f);
    const __m256 r1 = _mm256_add_ps(_mm256_mul_ps(_mm256_sub_ps(v2, v1), four), _mm256_mul_ps(_mm256_sub_ps(v4, v3), two));
    const __m256 r2 = _mm256_add_ps(_mm256_mul_ps(v0, five), _mm256_mul_ps(_mm256_add_ps(v1, v2), four));
    const __m256 r3 = _mm256_add_ps(_mm256_sub_ps(v1, v2), _mm256_mul_ps(_mm256_sub_ps(v3, v4), two));
    const __m256 r4 = _mm256_add_ps(_mm256_add_ps(v0, v1), v2);
    o[0] = _mm256_mul_ps(v0, four);
    o[1] = _mm256_add_ps(r1, _mm256_mul_ps(v5, four));
    o[2] = _mm256_sub_ps(_mm256_sub_ps(_mm256_setzero_ps(), r2), _mm256_add_ps(v3, v4));
    o[3] = _mm256_sub_ps(r3, _mm256_mul_ps(v5, five));
    o[4] = _mm256_add_ps(_mm256_add_ps(r4, v3), v4);
    o[5] = v5;
}

/// Aᵀ·(m0…m5) as `Winograd.aTranspose`: four values.
INLINE AVX512 void aTranspose(__m256 m0, __m256 m1, __m256 m2, __m256 m3, __m256 m4, __m256 m5, __m256 o[4]) {
    const __m256 sum12 = _mm256_add_ps(m1, m2), dif12 = _mm256_sub_ps(m1, m2);
    const __m256 sum34 = _mm256_add_ps(m3, m4), dif34 = _mm256_sub_ps(m3, m4);
    const __m256 r3 = _mm256_add_ps(dif12, _mm256_mul_ps(dif34, _mm256_set1_ps(8.0f)));
    o[0] = _mm256_add_ps(_mm256_add_ps(m0, sum12), sum34);
    o[1] = _mm256_add_ps(dif12, _mm256_mul_ps(dif34, _mm256_set1_ps(2.0f)));
    o[2] = _mm256_add_ps(sum12, _mm256_mul_ps(sum34, _mm256_set1_ps(4.0f)));
    o[3] = _mm256_add_ps(r3, m5);
}

/// A·(y0…y3) as `Winograd.aColumn`: six values.
INLINE AVX512 void aColumn(__m256 y0, __m256 y1, __m256 y2, __m256 y3, __m256 o[6]) {
    const __m256 even = _mm256_add_ps(y0, y2), odd = _mm256_add_ps(y1, y3);
    const __m256 even4 = _mm256_add_ps(y0, _mm256_mul_ps(y2, _mm256_set1_ps(4.0f)));
    const __m256 odd8 = _mm256_add_ps(_mm256_mul_ps(y1, _mm256_set1_ps(2.0f)), _mm256_mul_ps(y3, _mm256_set1_ps(8.0f)));
    o[0] = y0;
    o[1] = _mm256_add_ps(even, odd);
    o[2] = _mm256_sub_ps(even, odd);
    o[3] = _mm256_add_ps(even4, odd8);
    o[4] = _mm256_sub_ps(even4, odd8);
    o[5] = y3;
}

AVX512 void digitrec_winograd4_input_avx512(const float *x, int n, int h, int w, int c, int pad, int tiles_y,
                                            int tiles_x, float *v, long ps) {
    const __m256 zero = _mm256_setzero_ps();
    size_t tile = 0;
    for (int img = 0; img < n; img++) {
        const float *xi = x + (size_t)img * h * w * c;
        for (int ty = 0; ty < tiles_y; ty++) {
            for (int tx = 0; tx < tiles_x; tx++, tile++) {
                const int y0 = ty * 4 - pad, x0 = tx * 4 - pad;
                const int inside = y0 >= 0 && y0 + 6 <= h && x0 >= 0 && x0 + 6 <= w;
                for (int c0 = 0; c0 < c; c0 += 8) {
                    __m256 half[36];   // the column pass: half[6r + col]
                    for (int col = 0; col < 6; col++) {
                        const int ix = x0 + col;
                        __m256 d[6], o[6];
                        for (int r = 0; r < 6; r++) {
                            const int iy = y0 + r;
                            // Pixels outside the image (padding, the far edge) read as zero.
                            d[r] = inside || (iy >= 0 && iy < h && ix >= 0 && ix < w)
                                ? _mm256_loadu_ps(xi + ((size_t)iy * w + ix) * c + c0) : zero;
                        }
                        bTranspose(d[0], d[1], d[2], d[3], d[4], d[5], o);
                        for (int r = 0; r < 6; r++) half[6 * r + col] = o[r];
                    }
                    float *out = v + tile * c + c0;
                    for (int r = 0; r < 6; r++) {
                        const __m256 *s = half + 6 * r;
                        __m256 o[6];
                        bTranspose(s[0], s[1], s[2], s[3], s[4], s[5], o);
                        for (int k = 0; k < 6; k++) _mm256_storeu_ps(out + (6 * r + k) * ps, o[k]);
                    }
                }
            }
        }
    }
}

AVX512 void digitrec_winograd4_input_gradient_avx512(const float *dv, long ps, int n, int h, int w, int c, int pad,
                                                     int tiles_y, int tiles_x, float *dx) {
    size_t tile = 0;
    for (int img = 0; img < n; img++) {
        float *xi = dx + (size_t)img * h * w * c;
        for (int ty = 0; ty < tiles_y; ty++) {
            for (int tx = 0; tx < tiles_x; tx++, tile++) {
                const int y0 = ty * 4 - pad, x0 = tx * 4 - pad;
                const int first = x0 < 0 ? -x0 : 0, last = w - x0 < 6 ? w - x0 : 6;
                for (int c0 = 0; c0 < c; c0 += 8) {
                    const float *t = dv + tile * c + c0;
                    __m256 s[36];   // s[6r + col]: the row pass, then the column pass over it
                    for (int r = 0; r < 6; r++) {
                        __m256 d[6];
                        for (int k = 0; k < 6; k++) d[k] = _mm256_loadu_ps(t + (6 * r + k) * ps);
                        bColumn(d[0], d[1], d[2], d[3], d[4], d[5], s + 6 * r);
                    }
                    for (int col = 0; col < 6; col++) {
                        __m256 o[6];
                        bColumn(s[col], s[6 + col], s[12 + col], s[18 + col], s[24 + col], s[30 + col], o);
                        for (int r = 0; r < 6; r++) s[6 * r + col] = o[r];
                    }
                    for (int r = 0; r < 6; r++) {
                        const int iy = y0 + r;
                        if (iy < 0 || iy >= h) continue;
                        float *row = xi + (size_t)iy * w * c + c0;
                        for (int col = first; col < last; col++) {
                            float *p = row + (size_t)(x0 + col) * c;
                            _mm256_storeu_ps(p, _mm256_add_ps(_mm256_loadu_ps(p), s[6 * r + col]));
                        }
                    }
                }
            }
        }
    }
}

AVX512 void digitrec_winograd4_output_pooled_avx512(const float *m, long ps, int n, int oh, int ow, int f, int tiles_y,
                                                    int tiles_x, const float *bias, int relu, float *y, float *code) {
    const int ph = oh / 2, pw = ow / 2;
    const __m256 zero = _mm256_setzero_ps(), one = _mm256_set1_ps(1.0f), two = _mm256_set1_ps(2.0f),
                 three = _mm256_set1_ps(3.0f);
    size_t tile = 0;
    for (int img = 0; img < n; img++) {
        for (int ty = 0; ty < tiles_y; ty++) {
            for (int tx = 0; tx < tiles_x; tx++, tile++) {
                for (int f0 = 0; f0 < f; f0 += 8) {
                    const __m256 b = _mm256_loadu_ps(bias + f0);
                    const float *t = m + tile * f + f0;
                    __m256 half[24];   // the column pass: half[6i + col], i < 4
                    for (int col = 0; col < 6; col++) {
                        __m256 o[4];
                        aTranspose(_mm256_loadu_ps(t + col * ps), _mm256_loadu_ps(t + (6 + col) * ps),
                                   _mm256_loadu_ps(t + (12 + col) * ps), _mm256_loadu_ps(t + (18 + col) * ps),
                                   _mm256_loadu_ps(t + (24 + col) * ps), _mm256_loadu_ps(t + (30 + col) * ps), o);
                        for (int i = 0; i < 4; i++) half[6 * i + col] = o[i];
                    }
                    __m256 out[16];   // out[4i + j]: the tile's outputs, bias and ReLU applied
                    for (int i = 0; i < 4; i++) {
                        const __m256 *s = half + 6 * i;
                        __m256 o[4];
                        aTranspose(s[0], s[1], s[2], s[3], s[4], s[5], o);
                        for (int j = 0; j < 4; j++) {
                            __m256 v = _mm256_add_ps(o[j], b);
                            // Compare and select as the Swift loop: −0 stays −0.
                            if (relu) v = _mm256_blendv_ps(v, zero, _mm256_cmp_ps(v, zero, _CMP_LT_OQ));
                            out[4 * i + j] = v;
                        }
                    }
                    for (int wy = 0; wy < 2 && ty * 2 + wy < ph; wy++) {
                        for (int wx = 0; wx < 2 && tx * 2 + wx < pw; wx++) {
                            const __m256 *win = out + 8 * wy + 2 * wx;
                            __m256 best = win[0], won = zero, larger;
                            larger = _mm256_cmp_ps(win[1], best, _CMP_GT_OQ);
                            best = _mm256_blendv_ps(best, win[1], larger); won = _mm256_blendv_ps(won, one, larger);
                            larger = _mm256_cmp_ps(win[4], best, _CMP_GT_OQ);
                            best = _mm256_blendv_ps(best, win[4], larger); won = _mm256_blendv_ps(won, two, larger);
                            larger = _mm256_cmp_ps(win[5], best, _CMP_GT_OQ);
                            best = _mm256_blendv_ps(best, win[5], larger); won = _mm256_blendv_ps(won, three, larger);
                            const size_t at = (((size_t)img * ph + ty * 2 + wy) * pw + tx * 2 + wx) * f + f0;
                            _mm256_storeu_ps(y + at, best);
                            _mm256_storeu_ps(code + at, won);
                        }
                    }
                }
            }
        }
    }
}

AVX512 void digitrec_winograd4_pooled_output_gradient_avx512(const float *dy, const float *y, const float *code, int n,
                                                             int oh, int ow, int f, int tiles_y, int tiles_x, int relu,
                                                             float *dbias, float *dm, long ps) {
    const int ph = oh / 2, pw = ow / 2;
    const __m256 zero = _mm256_setzero_ps(), one = _mm256_set1_ps(1.0f), two = _mm256_set1_ps(2.0f),
                 three = _mm256_set1_ps(3.0f);
    // The next band of tiles reads the next two pooled rows of dy, y and code: a share each tile.
    const size_t band = (size_t)2 * pw * f * sizeof(float), share = (band + tiles_x - 1) / tiles_x;
    size_t tile = 0;
    for (int img = 0; img < n; img++) {
        for (int ty = 0; ty < tiles_y; ty++) {
            const size_t ahead = ((size_t)img * ph + ty * 2 + 2) * pw * f;
            for (int tx = 0; tx < tiles_x; tx++, tile++) {
                // Past the last band this reaches beyond the tensors: prefetches never fault.
                prefetch((const char *)(dy + ahead) + tx * share, share);
                prefetch((const char *)(y + ahead) + tx * share, share);
                prefetch((const char *)(code + ahead) + tx * share, share);
                for (int f0 = 0; f0 < f; f0 += 8) {
                    __m256 g[16];   // g[4r + col]: dY's 4×4 block, each window's gradient at its winner
                    for (int i = 0; i < 16; i++) g[i] = zero;
                    __m256 db = _mm256_loadu_ps(dbias + f0);
                    for (int wy = 0; wy < 2 && ty * 2 + wy < ph; wy++) {
                        for (int wx = 0; wx < 2 && tx * 2 + wx < pw; wx++) {
                            const size_t at = (((size_t)img * ph + ty * 2 + wy) * pw + tx * 2 + wx) * f + f0;
                            __m256 gv = _mm256_loadu_ps(dy + at);
                            if (relu) gv = _mm256_blendv_ps(gv, zero, _mm256_cmp_ps(_mm256_loadu_ps(y + at), zero, _CMP_LE_OQ));
                            db = _mm256_add_ps(db, gv);
                            const __m256 won = _mm256_loadu_ps(code + at);
                            __m256 *win = g + 8 * wy + 2 * wx;
                            win[0] = _mm256_and_ps(gv, _mm256_cmp_ps(won, zero, _CMP_EQ_OQ));
                            win[1] = _mm256_and_ps(gv, _mm256_cmp_ps(won, one, _CMP_EQ_OQ));
                            win[4] = _mm256_and_ps(gv, _mm256_cmp_ps(won, two, _CMP_EQ_OQ));
                            win[5] = _mm256_and_ps(gv, _mm256_cmp_ps(won, three, _CMP_EQ_OQ));
                        }
                    }
                    _mm256_storeu_ps(dbias + f0, db);
                    // A along each of the four rows (4 → 6), then down each of the six columns into dM.
                    __m256 s[24];   // s[6r + col]
                    for (int r = 0; r < 4; r++) aColumn(g[4 * r], g[4 * r + 1], g[4 * r + 2], g[4 * r + 3], s + 6 * r);
                    float *t = dm + tile * f + f0;
                    for (int col = 0; col < 6; col++) {
                        __m256 o[6];
                        aColumn(s[col], s[6 + col], s[12 + col], s[18 + col], o);
                        for (int i = 0; i < 6; i++) _mm256_storeu_ps(t + (6 * i + col) * ps, o[i]);
                    }
                }
            }
        }
    }
}
#else
void digitrec_winograd4_input_avx512(const float *x, int n, int h, int w, int c, int pad, int tiles_y, int tiles_x,
                                     float *v, long ps) {
    (void)x; (void)n; (void)h; (void)w; (void)c; (void)pad; (void)tiles_y; (void)tiles_x; (void)v; (void)ps;
}
void digitrec_winograd4_input_gradient_avx512(const float *dv, long ps, int n, int h, int w, int c, int pad,
                                              int tiles_y, int tiles_x, float *dx) {
    (void)dv; (void)ps; (void)n; (void)h; (void)w; (void)c; (void)pad; (void)tiles_y; (void)tiles_x; (void)dx;
}
void digitrec_winograd4_output_pooled_avx512(const float *m, long ps, int n, int oh, int ow, int f, int tiles_y,
                                             int tiles_x, const float *bias, int relu, float *y, float *code) {
    (void)m; (void)ps; (void)n; (void)oh; (void)ow; (void)f; (void)tiles_y; (void)tiles_x; (void)bias; (void)relu;
    (void)y; (void)code;
}
void digitrec_winograd4_pooled_output_gradient_avx512(const float *dy, const float *y, const float *code, int n,
                                                      int oh, int ow, int f, int tiles_y, int tiles_x, int relu,
                                                      float *dbias, float *dm, long ps) {
    (void)dy; (void)y; (void)code; (void)n; (void)oh; (void)ow; (void)f; (void)tiles_y; (void)tiles_x; (void)relu;
    (void)dbias; (void)dm; (void)ps;
}
#endif
