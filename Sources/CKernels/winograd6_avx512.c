// Winograd F(6×6, 3×3) for inference (Lavin & Gray 2016; interpolation points 0, ±1, ±2, ±1/2
// and ∞, as in NNPACK and wincnn): 8×8 input tiles, 6×6 outputs each, 64 products per tile and
// channel pair — 16 tiles for a 24×24 output instead of F(4×4, 3×3)'s 36 tiles of 36, 21 % fewer
// multiply-adds. Its transforms round more (about twice F(4×4)'s error on `cnn`'s layer), which
// inference takes (README, Speed) and training does not: it keeps F(4×4) (Winograd.swift).
// Layouts as there, channel index innermost: V [64][T][C], M [64][T][F], position (r, k) of a
// tile at index 8r + k, `ps` floats apart. Channels come in whole ZMM vectors of 16.
#include "CKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>
#include <stddef.h>

#define AVX512 __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,avx2,fma")))
#define INLINE static inline __attribute__((always_inline))

/// Bᵀ·(d0…d7), the input transform along one column or row:
///   Bᵀ = [ 1    0   −21/4   0    21/4   0   −1  0 ]
///        [ 0    1    1    −17/4 −17/4   1    1  0 ]
///        [ 0   −1    1     17/4 −17/4  −1    1  0 ]
///        [ 0   1/2  1/4   −5/2  −5/4    2    1  0 ]
///        [ 0  −1/2  1/4    5/2  −5/4   −2    1  0 ]
///        [ 0    2    4    −5/2   −5    1/2   1  0 ]
///        [ 0   −2    4     5/2   −5   −1/2   1  0 ]
///        [ 0   −1    0    21/4    0  −21/4   0  1 ]
INLINE AVX512 void bTranspose8(const __m512 d[8], __m512 o[8]) {
    const __m512 c525 = _mm512_set1_ps(5.25f), c425 = _mm512_set1_ps(4.25f), c025 = _mm512_set1_ps(0.25f),
                 c125 = _mm512_set1_ps(1.25f), c05 = _mm512_set1_ps(0.5f), c25 = _mm512_set1_ps(2.5f),
                 c2 = _mm512_set1_ps(2.0f), c4 = _mm512_set1_ps(4.0f), c5 = _mm512_set1_ps(5.0f);
    o[0] = _mm512_fmadd_ps(c525, _mm512_sub_ps(d[4], d[2]), _mm512_sub_ps(d[0], d[6]));
    o[7] = _mm512_fmadd_ps(c525, _mm512_sub_ps(d[3], d[5]), _mm512_sub_ps(d[7], d[1]));
    __m512 t1 = _mm512_fnmadd_ps(c425, d[4], _mm512_add_ps(d[2], d[6]));
    __m512 t2 = _mm512_fnmadd_ps(c425, d[3], _mm512_add_ps(d[1], d[5]));
    o[1] = _mm512_add_ps(t1, t2);
    o[2] = _mm512_sub_ps(t1, t2);
    t1 = _mm512_fnmadd_ps(c125, d[4], _mm512_fmadd_ps(c025, d[2], d[6]));
    t2 = _mm512_fmadd_ps(c2, d[5], _mm512_fnmadd_ps(c25, d[3], _mm512_mul_ps(c05, d[1])));
    o[3] = _mm512_add_ps(t1, t2);
    o[4] = _mm512_sub_ps(t1, t2);
    t1 = _mm512_fnmadd_ps(c5, d[4], _mm512_fmadd_ps(c4, d[2], d[6]));
    t2 = _mm512_fmadd_ps(c05, d[5], _mm512_fnmadd_ps(c25, d[3], _mm512_mul_ps(c2, d[1])));
    o[5] = _mm512_add_ps(t1, t2);
    o[6] = _mm512_sub_ps(t1, t2);
}

/// Aᵀ·(m0…m7), the output transform along one column or row (8 → 6 values):
///   Aᵀ = [ 1  1   1   1    1    1      1    0 ]
///        [ 0  1  −1   2   −2   1/2   −1/2   0 ]
///        [ 0  1   1   4    4   1/4    1/4   0 ]
///        [ 0  1  −1   8   −8   1/8   −1/8   0 ]
///        [ 0  1   1  16   16   1/16   1/16  0 ]
///        [ 0  1  −1  32  −32   1/32  −1/32  1 ]
INLINE AVX512 void aTranspose8(const __m512 m[8], __m512 o[6]) {
    const __m512 sum12 = _mm512_add_ps(m[1], m[2]), dif12 = _mm512_sub_ps(m[1], m[2]);
    const __m512 sum34 = _mm512_add_ps(m[3], m[4]), dif34 = _mm512_sub_ps(m[3], m[4]);
    const __m512 sum56 = _mm512_add_ps(m[5], m[6]), dif56 = _mm512_sub_ps(m[5], m[6]);
    o[0] = _mm512_add_ps(_mm512_add_ps(m[0], sum12), _mm512_add_ps(sum34, sum56));
    o[1] = _mm512_fmadd_ps(_mm512_set1_ps(2.0f), dif34, _mm512_fmadd_ps(_mm512_set1_ps(0.5f), dif56, dif12));
    o[2] = _mm512_fmadd_ps(_mm512_set1_ps(4.0f), sum34, _mm512_fmadd_ps(_mm512_set1_ps(0.25f), sum56, sum12));
    o[3] = _mm512_fmadd_ps(_mm512_set1_ps(8.0f), dif34, _mm512_fmadd_ps(_mm512_set1_ps(0.125f), dif56, dif12));
    o[4] = _mm512_fmadd_ps(_mm512_set1_ps(16.0f), sum34, _mm512_fmadd_ps(_mm512_set1_ps(0.0625f), sum56, sum12));
    o[5] = _mm512_add_ps(_mm512_fmadd_ps(_mm512_set1_ps(32.0f), dif34, _mm512_fmadd_ps(_mm512_set1_ps(0.03125f), dif56, dif12)),
                         m[7]);
}

/// Whether every pixel of the 8×8 input tile at (y0, x0) (rows `w·c` apart, inside the image)
/// holds, bit for bit, the c values at `ref`. A row at a time, from the row nearest the image's
/// middle (`bottom_up` for a tile above it), where a digit's ink is: most tiles with ink stop
/// after a row or two.
INLINE AVX512 int tileHolds(const float *xi, int w, int c, int y0, int x0, int bottom_up, const float *ref) {
    for (int i = 0; i < 8; i++) {
        const float *row = xi + ((size_t)(y0 + (bottom_up ? 7 - i : i)) * w + x0) * c;
        __m512i diff = _mm512_setzero_si512();
        for (int c0 = 0; c0 < c; c0 += 16) {
            const __m512i known = _mm512_loadu_si512(ref + c0);
            for (int px = 0; px < 8; px++)
                diff = _mm512_or_si512(diff, _mm512_xor_si512(_mm512_loadu_si512(row + (size_t)px * c + c0), known));
        }
        if (_mm512_test_epi32_mask(diff, diff)) return 0;
    }
    return 1;
}

AVX512 int digitrec_winograd6_input_avx512(const float *x, int n, int h, int w, int c, int pad, int tiles_y,
                                           int tiles_x, float *v, long ps, const float *known, int *kinds) {
    const __m512 zero = _mm512_setzero_ps();
    __m512 half[64];   // the column pass: half[8r + col]
    size_t tile = 0;   // tiles seen
    int row = 0;       // rows of V written
    for (int img = 0; img < n; img++) {
        const float *xi = x + (size_t)img * h * w * c;
        for (int ty = 0; ty < tiles_y; ty++) {
            for (int tx = 0; tx < tiles_x; tx++, tile++) {
                const int y0 = ty * 6 - pad, x0 = tx * 6 - pad;
                const int inside = y0 >= 0 && y0 + 8 <= h && x0 >= 0 && x0 + 8 <= w;
                if (kinds) {
                    // Only whole tiles inside the image: a tile over the padding or the far edge
                    // reads zeros its neighbours do not, and its outputs are partly dropped.
                    // The tile's first pixel is addressed only when it lies inside the image.
                    const int holds = inside && tileHolds(xi, w, c, y0, x0, 2 * y0 + 8 < h,
                                                          known ? known : xi + ((size_t)y0 * w + x0) * c);
                    kinds[tile] = !holds ? DIGITREC_TILE_COMPUTED : known ? DIGITREC_TILE_REUSED : DIGITREC_TILE_CONSTANT;
                    if (kinds[tile] == DIGITREC_TILE_REUSED) continue;
                }
                for (int c0 = 0; c0 < c; c0 += 16) {
                    for (int col = 0; col < 8; col++) {
                        const int ix = x0 + col;
                        __m512 d[8], o[8];
                        for (int r = 0; r < 8; r++) {
                            const int iy = y0 + r;
                            // Pixels outside the image (padding, the far edge) read as zero.
                            d[r] = inside || (iy >= 0 && iy < h && ix >= 0 && ix < w)
                                ? _mm512_loadu_ps(xi + ((size_t)iy * w + ix) * c + c0) : zero;
                        }
                        bTranspose8(d, o);
                        for (int r = 0; r < 8; r++) half[8 * r + col] = o[r];
                    }
                    float *out = v + (size_t)row * c + c0;
                    for (int r = 0; r < 8; r++) {
                        __m512 o[8];
                        bTranspose8(half + 8 * r, o);
                        for (int k = 0; k < 8; k++) _mm512_storeu_ps(out + (8 * r + k) * ps, o[k]);
                    }
                }
                row++;
            }
        }
    }
    return row;
}

/// A whole tile's outputs from `block` (6×6×f, or 3×3×f pooled) into y at output row oy0 and
/// column ox0 (pooled: window row oy0 / 2, column ox0 / 2).
INLINE AVX512 void copyBlock(const float *block, int ow, int f, int pooled, float *yi, int oy0, int ox0) {
    const int side = pooled ? 3 : 6, width = pooled ? ow / 2 : ow, y0 = pooled ? oy0 / 2 : oy0, x0 = pooled ? ox0 / 2 : ox0;
    for (int i = 0; i < side; i++) {
        const float *from = block + (size_t)i * side * f;
        float *to = yi + ((size_t)(y0 + i) * width + x0) * f;
        for (int j = 0; j < side * f; j += 16) _mm512_storeu_ps(to + j, _mm512_loadu_ps(from + j));
    }
}

AVX512 void digitrec_winograd6_output_avx512(const float *m, long ps, int n, int oh, int ow, int f, int tiles_y,
                                             int tiles_x, const float *bias, int relu, int pooled, float *y,
                                             const int *kinds, const float *block) {
    const int ph = oh / 2, pw = ow / 2;
    const __m512 zero = _mm512_setzero_ps();
    __m512 half[48];   // the column pass: half[8i + col], i < 6
    size_t tile = 0;   // tiles seen
    size_t row = 0;    // rows of M read
    for (int img = 0; img < n; img++) {
        for (int ty = 0; ty < tiles_y; ty++) {
            for (int tx = 0; tx < tiles_x; tx++, tile++) {
                const int oy0 = ty * 6, ox0 = tx * 6;
                if (kinds && kinds[tile] == DIGITREC_TILE_REUSED) {
                    copyBlock(block, ow, f, pooled, y + (size_t)img * (pooled ? ph * pw : oh * ow) * f, oy0, ox0);
                    continue;
                }
                const int rows = oh - oy0 < 6 ? oh - oy0 : 6, cols = ow - ox0 < 6 ? ow - ox0 : 6;
                const size_t mrow = row++;
                for (int f0 = 0; f0 < f; f0 += 16) {
                    const __m512 b = _mm512_loadu_ps(bias + f0);
                    const float *t = m + mrow * f + f0;
                    for (int col = 0; col < 8; col++) {
                        __m512 d[8], o[6];
                        for (int r = 0; r < 8; r++) d[r] = _mm512_loadu_ps(t + (8 * r + col) * ps);
                        aTranspose8(d, o);
                        for (int i = 0; i < 6; i++) half[8 * i + col] = o[i];
                    }
                    if (!pooled) {
                        for (int i = 0; i < rows; i++) {
                            __m512 o[6];
                            aTranspose8(half + 8 * i, o);
                            float *yr = y + (((size_t)img * oh + oy0 + i) * ow + ox0) * f + f0;
                            for (int j = 0; j < cols; j++) {
                                __m512 out = _mm512_add_ps(o[j], b);
                                if (relu) out = _mm512_max_ps(out, zero);
                                _mm512_storeu_ps(yr + (size_t)j * f, out);
                            }
                        }
                        continue;
                    }
                    // 2×2 max pooling: three windows a side per tile (those beyond the pooled
                    // output dropped). The maximum before the bias and the ReLU is the maximum
                    // after them (both are monotonic, rounding included), so they run once per window.
                    for (int wy = 0; wy < 3 && ty * 3 + wy < ph; wy++) {
                        __m512 top[6], bottom[6];
                        aTranspose8(half + 16 * wy, top);
                        aTranspose8(half + 16 * wy + 8, bottom);
                        float *yr = y + (((size_t)img * ph + ty * 3 + wy) * pw + tx * 3) * f + f0;
                        for (int wx = 0; wx < 3 && tx * 3 + wx < pw; wx++) {
                            const __m512 best = _mm512_max_ps(_mm512_max_ps(top[2 * wx], top[2 * wx + 1]),
                                                              _mm512_max_ps(bottom[2 * wx], bottom[2 * wx + 1]));
                            __m512 out = _mm512_add_ps(best, b);
                            if (relu) out = _mm512_max_ps(out, zero);
                            _mm512_storeu_ps(yr + (size_t)wx * f, out);
                        }
                    }
                }
            }
        }
    }
}
#else
int digitrec_winograd6_input_avx512(const float *x, int n, int h, int w, int c, int pad, int tiles_y, int tiles_x,
                                    float *v, long ps, const float *known, int *kinds) {
    (void)x; (void)n; (void)h; (void)w; (void)c; (void)pad; (void)tiles_y; (void)tiles_x; (void)v; (void)ps; (void)known; (void)kinds;
    return 0;
}
void digitrec_winograd6_output_avx512(const float *m, long ps, int n, int oh, int ow, int f, int tiles_y, int tiles_x,
                                      const float *bias, int relu, int pooled, float *y, const int *kinds, const float *block) {
    (void)m; (void)ps; (void)n; (void)oh; (void)ow; (void)f; (void)tiles_y; (void)tiles_x; (void)bias; (void)relu; (void)pooled; (void)y;
    (void)kinds; (void)block;
}
#endif
