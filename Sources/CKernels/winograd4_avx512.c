// Winograd F(4×4, 3×3)'s transforms for training (Winograd.swift), one tile per call, 16 channels
// a ZMM vector: the input tile V = Bᵀ d B, the output tile Aᵀ M A (+ bias, ReLU, with or without
// the fused 2×2 max pooling and its winners), and the adjoints of both (the pooled output
// gradient into dM, and B dV Bᵀ added into dX). The Swift loops over Lanes (eight floats, AVX2)
// were a sixth of a `cnn` epoch in fp32. Each value is made by the operations the Swift
// transforms use, in their order — separate multiplies and adds, no FMA (the multiplies by 5 or
// by 1/6 round) — so the results are the same bits and the weights stay bit-identical; the
// Swift transforms stay as the reference (WinogradTileKernelTests). Position (r, k) of a tile is
// index 6r + k, `ps` floats from one position to the next. Channels (c, f) a multiple of 16.
#include "CKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>
#include <stddef.h>

#define AVX512 __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq")))
#define INLINE static inline __attribute__((always_inline))

#define ADD _mm512_add_ps
#define SUB _mm512_sub_ps
#define MUL _mm512_mul_ps

/// Bᵀ·(d0…d5) (Winograd.bTranspose): six values along one column or row of an input tile.
INLINE AVX512 void bTranspose(__m512 d0, __m512 d1, __m512 d2, __m512 d3, __m512 d4, __m512 d5, __m512 o[6]) {
    const __m512 four = _mm512_set1_ps(4), five = _mm512_set1_ps(5), two = _mm512_set1_ps(2);
    const __m512 a = SUB(d4, MUL(d2, four)), b = SUB(d3, MUL(d1, four));
    const __m512 p = SUB(d4, d2), q = MUL(SUB(d3, d1), two);
    const __m512 r0 = SUB(MUL(d0, four), MUL(d2, five));
    const __m512 r5 = SUB(MUL(d1, four), MUL(d3, five));
    o[0] = ADD(r0, d4);
    o[1] = ADD(a, b);
    o[2] = SUB(a, b);
    o[3] = ADD(p, q);
    o[4] = SUB(p, q);
    o[5] = ADD(r5, d5);
}

/// B·(v0…v5) (Winograd.bColumn), the adjoint of `bTranspose`.
INLINE AVX512 void bColumn(const __m512 v[6], __m512 o[6]) {
    const __m512 four = _mm512_set1_ps(4), five = _mm512_set1_ps(5), two = _mm512_set1_ps(2);
    const __m512 v0 = v[0], v1 = v[1], v2 = v[2], v3 = v[3], v4 = v[4], v5 = v[5];
    const __m512 r1 = ADD(MUL(SUB(v2, v1), four), MUL(SUB(v4, v3), two));
    const __m512 r2 = ADD(MUL(v0, five), MUL(ADD(v1, v2), four));
    const __m512 r3 = ADD(SUB(v1, v2), MUL(SUB(v3, v4), two));
    const __m512 r4 = ADD(ADD(v0, v1), v2);
    o[0] = MUL(v0, four);
    o[1] = ADD(r1, MUL(v5, four));
    o[2] = SUB(SUB(_mm512_setzero_ps(), r2), ADD(v3, v4));
    o[3] = SUB(r3, MUL(v5, five));
    o[4] = ADD(ADD(r4, v3), v4);
    o[5] = v5;
}

/// Aᵀ·(m0…m5) (Winograd.aTranspose): the four values of one output column or row.
INLINE AVX512 void aTranspose(const __m512 m[6], __m512 o[4]) {
    const __m512 sum12 = ADD(m[1], m[2]), dif12 = SUB(m[1], m[2]);
    const __m512 sum34 = ADD(m[3], m[4]), dif34 = SUB(m[3], m[4]);
    const __m512 r3 = ADD(dif12, MUL(dif34, _mm512_set1_ps(8)));
    o[0] = ADD(ADD(m[0], sum12), sum34);
    o[1] = ADD(dif12, MUL(dif34, _mm512_set1_ps(2)));
    o[2] = ADD(sum12, MUL(sum34, _mm512_set1_ps(4)));
    o[3] = ADD(r3, m[5]);
}

/// A·(y0…y3) (Winograd.aColumn), the adjoint of `aTranspose`: six values.
INLINE AVX512 void aColumn(__m512 y0, __m512 y1, __m512 y2, __m512 y3, __m512 o[6]) {
    const __m512 even = ADD(y0, y2), odd = ADD(y1, y3);
    const __m512 even4 = ADD(y0, MUL(y2, _mm512_set1_ps(4)));
    const __m512 odd8 = ADD(MUL(y1, _mm512_set1_ps(2)), MUL(y3, _mm512_set1_ps(8)));
    o[0] = y0;
    o[1] = ADD(even, odd);
    o[2] = SUB(even, odd);
    o[3] = ADD(even4, odd8);
    o[4] = SUB(even4, odd8);
    o[5] = y3;
}

/// v + b, then (with `relu`) 0 where below 0 — a compare and select, as the Swift transform: −0
/// stays −0, where max(·, 0) would make it +0.
INLINE AVX512 __m512 biasRelu(__m512 v, __m512 b, int relu) {
    v = ADD(v, b);
    return relu ? _mm512_mask_mov_ps(v, _mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_LT_OQ), _mm512_setzero_ps()) : v;
}

// Each kernel takes the channels in blocks of up to four ZMM vectors (64 channels) and, within a
// block, touches a position's vectors one after the other: a position's 64 channels are four
// adjacent cache lines, and V's and dM's panels lie a few whole pages apart (the backward pass's
// are not padded), so a tile visited once per 16 channels had its 36 lines evicted between
// visits, and the pooled output gradient took longer than the loops over Lanes.
enum { BLOCK = 4 };

/// The column pass of one input tile for `groups` vectors of channels from b0: half[g][6r + col].
INLINE AVX512 void inputColumns(const float *x, long row, int c, int b0, const int groups, __m512 half[BLOCK][36]) {
    for (int g = 0; g < groups; g++) {
        for (int col = 0; col < 6; col++) {
            const float *s = x + (size_t)col * c + b0 + 16 * g;
            __m512 o[6];
            bTranspose(_mm512_loadu_ps(s), _mm512_loadu_ps(s + row), _mm512_loadu_ps(s + 2 * row),
                       _mm512_loadu_ps(s + 3 * row), _mm512_loadu_ps(s + 4 * row), _mm512_loadu_ps(s + 5 * row), o);
            for (int r = 0; r < 6; r++) half[g][6 * r + col] = o[r];
        }
    }
}

/// The row pass of row r of one input tile: o[g][k], position 6r + k.
INLINE AVX512 void inputRow(__m512 half[BLOCK][36], int r, const int groups, __m512 o[BLOCK][6]) {
    for (int g = 0; g < groups; g++) {
        const __m512 *h = half[g] + 6 * r;
        bTranspose(h[0], h[1], h[2], h[3], h[4], h[5], o[g]);
    }
}

/// One block of up to four vectors of channels from b0 (`groups` a constant where inlined).
INLINE AVX512 void inputTileBlock(const float *x, long row, int c, float *v, long ps, int b0, const int groups) {
    __m512 half[BLOCK][36];
    inputColumns(x, row, c, b0, groups, half);
    for (int r = 0; r < 6; r++) {
        __m512 o[BLOCK][6];
        inputRow(half, r, groups, o);
        for (int k = 0; k < 6; k++) {
            float *out = v + (size_t)(6 * r + k) * ps + b0;
            for (int g = 0; g < groups; g++) _mm512_storeu_ps(out + 16 * g, o[g][k]);
        }
    }
}

AVX512 void digitrec_winograd4_input_tile(const float *x, long row, int c, float *v, long ps) {
    for (int b0 = 0; b0 < c; b0 += 16 * BLOCK) {
        // Each block size its own copy, the loops over the vectors unrolled.
        switch ((c - b0) / 16 < BLOCK ? (c - b0) / 16 : BLOCK) {
        case 4: inputTileBlock(x, row, c, v, ps, b0, 4); break;
        case 3: inputTileBlock(x, row, c, v, ps, b0, 3); break;
        case 2: inputTileBlock(x, row, c, v, ps, b0, 2); break;
        case 1: inputTileBlock(x, row, c, v, ps, b0, 1); break;
        default: break;   // fewer than 16 channels left: none, the callers ask for c % 16 == 0
        }
    }
}

/// One block of up to four vectors of channels from b0 (`groups` a constant where inlined).
INLINE AVX512 void inputGradientTileBlock(const float *dv, long ps, int c, float *dx, int h, int w,
                                                   int y0, int x0, int fresh_row, int fresh_col, int b0, const int groups) {
    const int row_lo = y0 < 0 ? -y0 : 0, row_hi = h - y0 < 6 ? h - y0 : 6;
    const int col_lo = x0 < 0 ? -x0 : 0, col_hi = w - x0 < 6 ? w - x0 : 6;
    __m512 half[BLOCK][36];   // the row pass: half[g][6r + k]
    for (int r = 0; r < 6; r++) {
        __m512 in[BLOCK][6];
        for (int k = 0; k < 6; k++) {
            const float *s = dv + (size_t)(6 * r + k) * ps + b0;
            for (int g = 0; g < groups; g++) in[g][k] = _mm512_loadu_ps(s + 16 * g);
        }
        for (int g = 0; g < groups; g++) bColumn(in[g], half[g] + 6 * r);
    }
    for (int col = col_lo; col < col_hi; col++) {
        __m512 o[BLOCK][6];
        for (int g = 0; g < groups; g++) {
            __m512 in[6];
            for (int r = 0; r < 6; r++) in[r] = half[g][6 * r + col];
            bColumn(in, o[g]);
        }
        for (int r = row_lo; r < row_hi; r++) {
            float *d = dx + ((ptrdiff_t)(y0 + r) * w + x0 + col) * c + b0;
            // A pixel no earlier tile wrote: 0 + the value, as into a zeroed dx (−0 becomes +0
            // there too), without the memset of the whole chunk's dX (1.3 % of a bf16 epoch
            // with the other memsets) and without reading it.
            const int fresh = r >= fresh_row && col >= fresh_col;
            for (int g = 0; g < groups; g++)
                _mm512_storeu_ps(d + 16 * g, ADD(fresh ? _mm512_setzero_ps() : _mm512_loadu_ps(d + 16 * g), o[g][r]));
        }
    }
}

AVX512 void digitrec_winograd4_input_gradient_tile(const float *dv, long ps, int c, float *dx, int h, int w,
                                                   int y0, int x0, int fresh_row, int fresh_col) {
    for (int b0 = 0; b0 < c; b0 += 16 * BLOCK) {
        // Each block size its own copy, the loops over the vectors unrolled.
        switch ((c - b0) / 16 < BLOCK ? (c - b0) / 16 : BLOCK) {
        case 4: inputGradientTileBlock(dv, ps, c, dx, h, w, y0, x0, fresh_row, fresh_col, b0, 4); break;
        case 3: inputGradientTileBlock(dv, ps, c, dx, h, w, y0, x0, fresh_row, fresh_col, b0, 3); break;
        case 2: inputGradientTileBlock(dv, ps, c, dx, h, w, y0, x0, fresh_row, fresh_col, b0, 2); break;
        case 1: inputGradientTileBlock(dv, ps, c, dx, h, w, y0, x0, fresh_row, fresh_col, b0, 1); break;
        default: break;   // fewer than 16 channels left: none, the callers ask for c % 16 == 0
        }
    }
}

/// The column pass of one tile's output transform for `groups` vectors of channels from b0:
/// half[g][6i + col] = Aᵀ·(M(0, col) … M(5, col)), i < 4.
INLINE AVX512 void outputColumns(const float *m, long ps, int groups, __m512 half[BLOCK][24]) {
    for (int col = 0; col < 6; col++) {
        __m512 in[BLOCK][6];
        for (int r = 0; r < 6; r++) {
            const float *s = m + (size_t)(6 * r + col) * ps;
            for (int g = 0; g < groups; g++) in[g][r] = _mm512_loadu_ps(s + 16 * g);
        }
        for (int g = 0; g < groups; g++) {
            __m512 o[4];
            aTranspose(in[g], o);
            for (int i = 0; i < 4; i++) half[g][6 * i + col] = o[i];
        }
    }
}

/// The row pass of one vector of channels: out[4i + k], the tile's 4×4 outputs + bias (ReLU).
INLINE AVX512 void outputRows(const __m512 half[24], __m512 b, int relu, __m512 out[16]) {
    for (int i = 0; i < 4; i++) {
        __m512 o[4];
        aTranspose(half + 6 * i, o);
        for (int k = 0; k < 4; k++) out[4 * i + k] = biasRelu(o[k], b, relu);
    }
}

/// One block of up to four vectors of channels from b0 (`groups` a constant where inlined).
INLINE AVX512 void outputTileBlock(const float *m, long ps, int f, const float *bias, int relu,
                                           float *y, long row, int rows, int cols, int b0, const int groups) {
    __m512 half[BLOCK][24];
    outputColumns(m + b0, ps, groups, half);
    for (int g = 0; g < groups; g++) {
        const int f0 = b0 + 16 * g;
        __m512 out[16];
        outputRows(half[g], _mm512_loadu_ps(bias + f0), relu, out);
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < cols; k++) _mm512_storeu_ps(y + (size_t)i * row + (size_t)k * f + f0, out[4 * i + k]);
        }
    }
}

AVX512 void digitrec_winograd4_output_tile(const float *m, long ps, int f, const float *bias, int relu,
                                           float *y, long row, int rows, int cols) {
    for (int b0 = 0; b0 < f; b0 += 16 * BLOCK) {
        // Each block size its own copy, the loops over the vectors unrolled.
        switch ((f - b0) / 16 < BLOCK ? (f - b0) / 16 : BLOCK) {
        case 4: outputTileBlock(m, ps, f, bias, relu, y, row, rows, cols, b0, 4); break;
        case 3: outputTileBlock(m, ps, f, bias, relu, y, row, rows, cols, b0, 3); break;
        case 2: outputTileBlock(m, ps, f, bias, relu, y, row, rows, cols, b0, 2); break;
        case 1: outputTileBlock(m, ps, f, bias, relu, y, row, rows, cols, b0, 1); break;
        default: break;   // fewer than 16 channels left: none, the callers ask for c % 16 == 0
        }
    }
}

/// Asks for the lines of the windows one tile row further on (two pooled rows down: the next
/// image's first ones after an image's last row) while this tile runs. dY and the codes lie in
/// memory by then (a batch's 2.4 MB each), and the hardware's prefetchers, following two rows of
/// a few lines at a time, left the pooled output gradient waiting on them for half its time.
/// A prefetch beyond the buffer (the last tile row of a call) does not fault.
INLINE AVX512 void prefetchWindowsBelow(const float *p, long row, int f, int windows_x) {
    const char *below = (const char *)(p + 2 * row);
    const size_t bytes = (size_t)windows_x * f * sizeof(float);
    for (int wy = 0; wy < 2; wy++) {
        for (size_t o = 0; o < bytes; o += 64) _mm_prefetch(below + (size_t)wy * row * sizeof(float) + o, _MM_HINT_T0);
    }
}

/// One block of up to four vectors of channels from b0 (`groups` a constant where inlined).
INLINE AVX512 void pooledOutputTileBlock(const float *m, long ps, int f, const float *bias, int relu,
                                                  float *y, float *code, long row, int windows_y, int windows_x, int b0, const int groups) {
    const __m512 zero = _mm512_setzero_ps();
    __m512 half[BLOCK][24], out[BLOCK][16];
    outputColumns(m + b0, ps, groups, half);
    for (int g = 0; g < groups; g++) outputRows(half[g], _mm512_loadu_ps(bias + b0 + 16 * g), relu, out[g]);
    // A window's channels one after the other: y and code go to memory in whole lines.
    for (int wy = 0; wy < windows_y; wy++) {
        for (int wx = 0; wx < windows_x; wx++) {
            const size_t at = (size_t)wy * row + (size_t)wx * f + b0;
            for (int g = 0; g < groups; g++) {
                const __m512 *w = out[g] + 8 * wy + 2 * wx;
                // The first maximum in scan order wins (ties keep the earlier), as in MaxPool2D.
                __m512 best = w[0], won = zero;
                const __m512 next[3] = {w[1], w[4], w[5]};
                for (int j = 0; j < 3; j++) {
                    const __mmask16 larger = _mm512_cmp_ps_mask(next[j], best, _CMP_GT_OQ);
                    best = _mm512_mask_mov_ps(best, larger, next[j]);
                    won = _mm512_mask_mov_ps(won, larger, _mm512_set1_ps((float)(j + 1)));
                }
                if (relu) won = _mm512_mask_mov_ps(won, _mm512_cmp_ps_mask(best, zero, _CMP_LE_OQ), _mm512_set1_ps(-1));
                _mm512_storeu_ps(y + at + 16 * g, best);
                _mm512_storeu_ps(code + at + 16 * g, won);
            }
        }
    }
}

AVX512 void digitrec_winograd4_output_tile_pooled(const float *m, long ps, int f, const float *bias, int relu,
                                                  float *y, float *code, long row, int windows_y, int windows_x) {
    prefetchWindowsBelow(y, row, f, 2);
    prefetchWindowsBelow(code, row, f, 2);
    for (int b0 = 0; b0 < f; b0 += 16 * BLOCK) {
        // Each block size its own copy, the loops over the vectors unrolled.
        switch ((f - b0) / 16 < BLOCK ? (f - b0) / 16 : BLOCK) {
        case 4: pooledOutputTileBlock(m, ps, f, bias, relu, y, code, row, windows_y, windows_x, b0, 4); break;
        case 3: pooledOutputTileBlock(m, ps, f, bias, relu, y, code, row, windows_y, windows_x, b0, 3); break;
        case 2: pooledOutputTileBlock(m, ps, f, bias, relu, y, code, row, windows_y, windows_x, b0, 2); break;
        case 1: pooledOutputTileBlock(m, ps, f, bias, relu, y, code, row, windows_y, windows_x, b0, 1); break;
        default: break;   // fewer than 16 channels left: none, the callers ask for c % 16 == 0
        }
    }
}

/// The pooled output gradient of one tile up to its row pass, `groups` vectors of channels from
/// b0: dY to the winners, dBias added to, and A on the four rows into half[g][6r + k], r < 4.
INLINE AVX512 void pooledGradientRows(const float *dy, const float *code, long row, int windows_y, int windows_x,
                                      int f, int relu, int dropout, float keep, float *dbias, int b0, const int groups,
                                      __m512 half[BLOCK][24]) {
    const __m512 zero = _mm512_setzero_ps(), four = _mm512_set1_ps(4), keeps = _mm512_set1_ps(keep);
    __m512 t[BLOCK][16];   // dY at its winners, the tile's 4×4: t[g][4r + k]
    __m512 db[BLOCK];
    for (int g = 0; g < groups; g++) {
        for (int i = 0; i < 16; i++) t[g][i] = zero;
        db[g] = _mm512_loadu_ps(dbias + b0 + 16 * g);
    }
    // A window's channels one after the other: dY and the codes come from memory in whole
    // lines (one vector of every window, then the next, made this kernel wait on them).
    for (int wy = 0; wy < windows_y; wy++) {
        for (int wx = 0; wx < windows_x; wx++) {
            const size_t at = (size_t)wy * row + (size_t)wx * f + b0;
            for (int g = 0; g < groups; g++) {
                __m512 gr = _mm512_loadu_ps(dy + at + 16 * g), won = _mm512_loadu_ps(code + at + 16 * g);
                if (dropout) {
                    // The dropout's mask from the codes: dY·keep where kept, dY·0 where dropped.
                    const __mmask16 dropped = _mm512_cmp_ps_mask(won, four, _CMP_GE_OQ);
                    gr = MUL(gr, _mm512_mask_mov_ps(keeps, dropped, zero));
                    won = _mm512_mask_mov_ps(won, dropped, SUB(won, four));
                }
                if (relu) gr = _mm512_mask_mov_ps(gr, _mm512_cmp_ps_mask(won, zero, _CMP_LT_OQ), zero);
                db[g] = ADD(db[g], gr);
                __m512 *w = t[g] + 8 * wy + 2 * wx;
                w[0] = _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(won, zero, _CMP_EQ_OQ), gr);
                w[1] = _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(won, _mm512_set1_ps(1), _CMP_EQ_OQ), gr);
                w[4] = _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(won, _mm512_set1_ps(2), _CMP_EQ_OQ), gr);
                w[5] = _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(won, _mm512_set1_ps(3), _CMP_EQ_OQ), gr);
            }
        }
    }
    // dM = A dY Aᵀ: along the rows first (4 → 6)…
    for (int g = 0; g < groups; g++) {
        _mm512_storeu_ps(dbias + b0 + 16 * g, db[g]);
        for (int r = 0; r < 4; r++) aColumn(t[g][4 * r], t[g][4 * r + 1], t[g][4 * r + 2], t[g][4 * r + 3], half[g] + 6 * r);
    }
}

/// The column pass of column k of one pooled gradient tile: o[g][r], position 6r + k (shared
/// by the fp32 and the bf16 stores, as `inputRow` is).
INLINE AVX512 void pooledGradientColumn(__m512 half[BLOCK][24], int k, const int groups, __m512 o[BLOCK][6]) {
    for (int g = 0; g < groups; g++) aColumn(half[g][k], half[g][6 + k], half[g][12 + k], half[g][18 + k], o[g]);
}

/// One block of up to four vectors of channels from b0 (`groups` a constant where inlined).
INLINE AVX512 void pooledGradientTileBlock(const float *dy, const float *code, long row, int windows_y,
                                                    int windows_x, int f, int relu, int dropout, float keep,
                                                    float *dbias, float *dm, long ps, int b0, const int groups) {
    __m512 half[BLOCK][24];
    pooledGradientRows(dy, code, row, windows_y, windows_x, f, relu, dropout, keep, dbias, b0, groups, half);
    // …then down the six columns into the positions, a position's vectors together.
    for (int k = 0; k < 6; k++) {
        __m512 o[BLOCK][6];
        pooledGradientColumn(half, k, groups, o);
        for (int r = 0; r < 6; r++) {
            float *out = dm + (size_t)(6 * r + k) * ps + b0;
            for (int g = 0; g < groups; g++) _mm512_storeu_ps(out + 16 * g, o[g][r]);
        }
    }
}

AVX512 void digitrec_winograd4_pooled_gradient_tile(const float *dy, const float *code, long row, int windows_y,
                                                    int windows_x, int f, int relu, int dropout, float keep,
                                                    float *dbias, float *dm, long ps) {
    prefetchWindowsBelow(dy, row, f, 2);
    prefetchWindowsBelow(code, row, f, 2);
    for (int b0 = 0; b0 < f; b0 += 16 * BLOCK) {
        // Each block size its own copy, the loops over the vectors unrolled.
        switch ((f - b0) / 16 < BLOCK ? (f - b0) / 16 : BLOCK) {
        case 4: pooledGradientTileBlock(dy, code, row, windows_y, windows_x, f, relu, dropout, keep, dbias, dm, ps, b0, 4); break;
        case 3: pooledGradientTileBlock(dy, code, row, windows_y, windows_x, f, relu, dropout, keep, dbias, dm, ps, b0, 3); break;
        case 2: pooledGradientTileBlock(dy, code, row, windows_y, windows_x, f, relu, dropout, keep, dbias, dm, ps, b0, 2); break;
        case 1: pooledGradientTileBlock(dy, code, row, windows_y, windows_x, f, relu, dropout, keep, dbias, dm, ps, b0, 1); break;
        default: break;   // fewer than 16 channels left: none, the callers ask for c % 16 == 0
        }
    }
}

// The bf16 path (DIGITREC_BF16=1, AVX512-BF16): the input tile and the pooled output gradient
// rounded to bf16 as they leave the registers, into what the bf16 GEMMs read (TileSink.swift) —
// the values of the fp32 kernels above, rounded as VCVTNEPS2BF16 rounds them, so the same bits as
// writing the fp32 tile and rounding it afterwards (`digitrec_bf16_tile_store`), without the
// tile's trip through L1 and a second pass over it.
#define BF16 __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,avx512bf16")))

/// Channels ch… of position p (16, the lanes of `mask`) rounded into `out`'s places.
INLINE BF16 void storeBF16(__m512 v, int p, int ch, __mmask16 mask, const digitrec_bf16_tile out) {
    const __m256i h = (__m256i)_mm512_cvtneps_pbh(v);
    if (out.rows) _mm256_mask_storeu_epi16(out.rows + p * out.row_stride + ch, mask, h);
    if (out.even) {
        const __m512i even = _mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(mask, out.even + p * out.even_stride + ch));
        const __m512i pair = _mm512_or_si512(even, _mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16));
        _mm512_mask_storeu_epi32(out.pairs + p * out.pair_stride + ch, mask, pair);
    }
}

BF16 void digitrec_bf16_tile_store(const float *t, long ps, int width, const digitrec_bf16_tile *out) {
    const digitrec_bf16_tile o = *out;
    const __mmask16 tail = width % 16 ? (__mmask16)((1u << (width % 16)) - 1) : 0xFFFF;
    for (int p = 0; p < 36; p++) {
        for (int j = 0; j < width; j += 16) {
            const __mmask16 mask = width - j >= 16 ? 0xFFFF : tail;
            storeBF16(_mm512_maskz_loadu_ps(mask, t + p * ps + j), p, j, mask, o);
        }
    }
}

/// `inputTileBlock` into bf16.
INLINE BF16 void inputTileBlockBF16(const float *x, long row, int c, const digitrec_bf16_tile out, int b0, const int groups) {
    __m512 half[BLOCK][36];
    inputColumns(x, row, c, b0, groups, half);
    for (int r = 0; r < 6; r++) {
        __m512 o[BLOCK][6];
        inputRow(half, r, groups, o);
        for (int k = 0; k < 6; k++) {
            for (int g = 0; g < groups; g++) storeBF16(o[g][k], 6 * r + k, b0 + 16 * g, 0xFFFF, out);
        }
    }
}

BF16 void digitrec_winograd4_input_tile_bf16(const float *x, long row, int c, const digitrec_bf16_tile *out) {
    const digitrec_bf16_tile o = *out;
    for (int b0 = 0; b0 < c; b0 += 16 * BLOCK) {
        switch ((c - b0) / 16 < BLOCK ? (c - b0) / 16 : BLOCK) {
        case 4: inputTileBlockBF16(x, row, c, o, b0, 4); break;
        case 3: inputTileBlockBF16(x, row, c, o, b0, 3); break;
        case 2: inputTileBlockBF16(x, row, c, o, b0, 2); break;
        case 1: inputTileBlockBF16(x, row, c, o, b0, 1); break;
        default: break;
        }
    }
}

/// `pooledGradientTileBlock` into bf16.
INLINE BF16 void pooledGradientTileBlockBF16(const float *dy, const float *code, long row, int windows_y, int windows_x,
                                             int f, int relu, int dropout, float keep, float *dbias,
                                             const digitrec_bf16_tile out, int b0, const int groups) {
    __m512 half[BLOCK][24];
    pooledGradientRows(dy, code, row, windows_y, windows_x, f, relu, dropout, keep, dbias, b0, groups, half);
    for (int k = 0; k < 6; k++) {
        __m512 o[BLOCK][6];
        pooledGradientColumn(half, k, groups, o);
        for (int r = 0; r < 6; r++) {
            for (int g = 0; g < groups; g++) storeBF16(o[g][r], 6 * r + k, b0 + 16 * g, 0xFFFF, out);
        }
    }
}

BF16 void digitrec_winograd4_pooled_gradient_tile_bf16(const float *dy, const float *code, long row, int windows_y,
                                                       int windows_x, int f, int relu, int dropout, float keep,
                                                       float *dbias, const digitrec_bf16_tile *out) {
    const digitrec_bf16_tile o = *out;
    prefetchWindowsBelow(dy, row, f, 2);
    prefetchWindowsBelow(code, row, f, 2);
    for (int b0 = 0; b0 < f; b0 += 16 * BLOCK) {
        switch ((f - b0) / 16 < BLOCK ? (f - b0) / 16 : BLOCK) {
        case 4: pooledGradientTileBlockBF16(dy, code, row, windows_y, windows_x, f, relu, dropout, keep, dbias, o, b0, 4); break;
        case 3: pooledGradientTileBlockBF16(dy, code, row, windows_y, windows_x, f, relu, dropout, keep, dbias, o, b0, 3); break;
        case 2: pooledGradientTileBlockBF16(dy, code, row, windows_y, windows_x, f, relu, dropout, keep, dbias, o, b0, 2); break;
        case 1: pooledGradientTileBlockBF16(dy, code, row, windows_y, windows_x, f, relu, dropout, keep, dbias, o, b0, 1); break;
        default: break;
        }
    }
}

#else
void digitrec_winograd4_input_tile(const float *x, long row, int c, float *v, long ps) {
    (void)x; (void)row; (void)c; (void)v; (void)ps;
}
void digitrec_winograd4_input_gradient_tile(const float *dv, long ps, int c, float *dx, int h, int w, int y0, int x0,
                                            int fresh_row, int fresh_col) {
    (void)dv; (void)ps; (void)c; (void)dx; (void)h; (void)w; (void)y0; (void)x0; (void)fresh_row; (void)fresh_col;
}
void digitrec_winograd4_output_tile(const float *m, long ps, int f, const float *bias, int relu,
                                    float *y, long row, int rows, int cols) {
    (void)m; (void)ps; (void)f; (void)bias; (void)relu; (void)y; (void)row; (void)rows; (void)cols;
}
void digitrec_winograd4_output_tile_pooled(const float *m, long ps, int f, const float *bias, int relu,
                                           float *y, float *code, long row, int windows_y, int windows_x) {
    (void)m; (void)ps; (void)f; (void)bias; (void)relu; (void)y; (void)code; (void)row; (void)windows_y; (void)windows_x;
}
void digitrec_winograd4_pooled_gradient_tile(const float *dy, const float *code, long row, int windows_y,
                                             int windows_x, int f, int relu, int dropout, float keep,
                                             float *dbias, float *dm, long ps) {
    (void)dy; (void)code; (void)row; (void)windows_y; (void)windows_x; (void)f; (void)relu; (void)dropout; (void)keep;
    (void)dbias; (void)dm; (void)ps;
}
void digitrec_bf16_tile_store(const float *t, long ps, int width, const digitrec_bf16_tile *out) {
    (void)t; (void)ps; (void)width; (void)out;
}
void digitrec_winograd4_input_tile_bf16(const float *x, long row, int c, const digitrec_bf16_tile *out) {
    (void)x; (void)row; (void)c; (void)out;
}
void digitrec_winograd4_pooled_gradient_tile_bf16(const float *dy, const float *code, long row, int windows_y,
                                                  int windows_x, int f, int relu, int dropout, float keep,
                                                  float *dbias, const digitrec_bf16_tile *out) {
    (void)dy; (void)code; (void)row; (void)windows_y; (void)windows_x; (void)f; (void)relu; (void)dropout; (void)keep;
    (void)dbias; (void)out;
}
#endif
