// The engine's own machine code: what the CPU can run (CPUID), and the few kernels written with
// intrinsics. Each kernel is compiled for the instruction set its name says (a per-function
// target attribute), so this module builds for any x86-64 CPU and the callers pick a kernel
// from `digitrec_cpu_features()` at run time. Elsewhere than on x86-64 the features are 0 and
// nothing here may be called but that.
#ifndef DIGITREC_CKERNELS_H
#define DIGITREC_CKERNELS_H

#include <stdint.h>

enum {
    /// What DigitModel's Swift code is compiled for (`-target-cpu haswell`): AVX2, FMA, BMI1/2,
    /// F16C, MOVBE, LZCNT, and an OS that saves the YMM registers.
    DIGITREC_CPU_HASWELL = 1,
    /// AVX-512 F, BW, VL, DQ with the OS saving the ZMM and mask registers (what OpenBLAS's
    /// SKYLAKEX kernels need).
    DIGITREC_CPU_AVX512 = 2,
    /// AVX512-BF16 on top of that.
    DIGITREC_CPU_AVX512_BF16 = 4,
};

/// The DIGITREC_CPU_* bits this CPU and OS support, from CPUID and XGETBV (read once).
int digitrec_cpu_features(void);

/// C[m×n] = op(A)[m×k] · B[k×n] (+ C when `accumulate`), row-major, op(A) = Aᵀ when `trans_a`
/// (A is then k×m with rows `lda` apart). n must be a multiple of 8. AVX2 + FMA: callers check
/// DIGITREC_CPU_HASWELL. For the small GEMMs whose packing dominates OpenBLAS's time (Winograd's
/// 36 per chunk): no copies, each output summed over k in one FMA chain.
void digitrec_sgemm_avx2(int trans_a, int m, int n, int k,
                         const float *a, int lda, const float *b, int ldb,
                         float *c, int ldc, int accumulate);

/// The same GEMM with AVX-512 register blocks (sgemm_avx512.c), bit-identical to
/// `digitrec_sgemm_avx2` for every shape: callers check DIGITREC_CPU_AVX512.
void digitrec_sgemm_avx512(int trans_a, int m, int n, int k,
                           const float *a, int lda, const float *b, int ldb,
                           float *c, int ldc, int accumulate);

/// The length of the next pass along k when `left` values of k are left, as OpenBLAS 0.3.21's
/// SGEMM driver splits k for its SKYLAKEX kernel: 448 while at least 896 are left, then two about
/// equal passes (rounded up to 16), then the rest.
int digitrec_sgemm_pass(int left);

/// C[m×n] = op(A)·B, row-major, op(A) = Aᵀ when `trans_a` (A is then k×m, rows `lda` apart), B's
/// rows `ldb` apart, any m, n, k: a dense layer's three fp32 products in training
/// (sgemm_dense_avx512.c). k in the passes of `digitrec_sgemm_pass`, each output's products of a
/// pass summed in one FMA chain from zero in the order of k, the first pass written to C and the
/// later ones added to it: OpenBLAS's SKYLAKEX SGEMM with β = 0, bit for bit. A C of 1 MB or more
/// made in one pass goes to memory with streaming stores (`digitrec_sgemm_dense_streams`).
/// Callers check DIGITREC_CPU_AVX512.
void digitrec_sgemm_dense_avx512(int trans_a, int m, int n, int k, const float *a, int lda, const float *b, int ldb,
                                 float *c, int ldc);

/// C[m×n] = A·B with B given as Bᵀ (n×k, rows `ldbt` apart): a dense layer's input gradient
/// dY·Wᵀ read from W itself. The sums of `digitrec_sgemm_dense_avx512` with B = (Bᵀ)ᵀ bit for
/// bit (the same passes, chains and stores); each pass's strip of B (64 columns) is turned
/// around into a panel on the stack first. With k in one pass, each row of C leaves out the
/// products of its row of A's exact zeros (dY after a ReLU and dropout: most of it), which
/// change no bit for finite B (0·Inf would be NaN). Callers check DIGITREC_CPU_AVX512.
void digitrec_sgemm_dense_bt_avx512(int m, int n, int k, const float *a, int lda, const float *bt, int ldbt,
                                    float *c, int ldc);

/// Whether `digitrec_sgemm_dense_avx512` with these m, n, k, c and ldc streams C; for tests.
int digitrec_sgemm_dense_streams(int m, int n, int k, const float *c, int ldc);

/// C[m×n] = A[m×k] · B[k×n] (+ C when `accumulate`), row-major, for A with many zeros (a dense
/// layer's inputs after a ReLU, in inference): each block of a few rows of A runs over the
/// columns where one of its rows is not zero: the products of exact zeros are left out (NaN is
/// not zero; an infinite weight times a skipped zero gives 0, not NaN), the rest summed in the
/// order of k, one chain per panel. B in panels of 256 rows, neither operand copied; any n (sgemm_sparse_avx512.c).
/// Callers check DIGITREC_CPU_AVX512.
void digitrec_sgemm_sparse_avx512(int m, int n, int k, const float *a, int lda, const float *b, int ldb,
                                  float *c, int ldc, int accumulate);

/// Direct convolution of n one-channel images (n×h×w) with f filters of k×k taps (weight
/// k×k×f, bias f, f a multiple of 8), stride 1, `pad` zeros around, into y (n×oh×ow×f), then
/// max(0, ·) when `relu`: `Kernels.convolveOneChannel` with AVX-512 registers, bit-identical to
/// it (conv_one_channel_avx512.c). With `reuse`, four pixels whose k×(k + 3) inputs all hold, bit
/// for bit, the one value the first such group's held get that group's outputs (the bits
/// computing them gives); returns how many groups were copied. Callers check DIGITREC_CPU_AVX512.
int digitrec_conv_one_channel_avx512(const float *x, int n, int h, int w, int k, int pad, int oh, int ow,
                                     const float *weight, int f, const float *bias, int relu, int reuse, float *y);

/// The same convolution for inference, each tap's product and sum in one FMA (half the
/// instructions; rounds differently from the training kernel above, so training never runs it).
/// With `reuse`, four pixels whose k×(k + 3) inputs all hold, bit for bit, the one value the
/// first such group's held get that group's outputs (the bits computing them gives); returns
/// how many groups were copied. Callers check DIGITREC_CPU_AVX512.
int digitrec_conv_one_channel_fma_avx512(const float *x, int n, int h, int w, int k, int pad, int oh, int ow,
                                         const float *weight, int f, const float *bias, int relu, int reuse, float *y);

/// The same convolution with max(0, ·) when `relu` and 2×2 max pooling fused in
/// (conv_one_channel_pooled_avx512.c): y and code (n×(oh/2)×(ow/2)×f) get each window's maximum
/// and which of its pixels won (ry·2 + rx, as a float), bit-identical to the convolution
/// followed by `MaxPool2D`. Callers check DIGITREC_CPU_AVX512.
void digitrec_conv_one_channel_pooled_avx512(const float *x, int n, int h, int w, int k, int pad, int oh, int ow,
                                             const float *weight, int f, const float *bias, int relu,
                                             float *y, float *code);

/// That fused layer's weight and bias gradients from one image's pooled output gradient `dy`,
/// its pooled output `y` and winners `code` (ph×pw×f each), added into dweight (k×k×f) and dbias
/// (f): x is the image with its zero border (rows `wp` floats apart), f a multiple of 8.
/// Bit-identical to pooling's backward, the ReLU mask and `Kernels.oneChannelGradients`
/// (conv_one_channel_pooled_gradients_avx512.c). Callers check DIGITREC_CPU_AVX512.
void digitrec_conv_one_channel_pooled_gradients_avx512(const float *x, int wp, int k, int ph, int pw, int f,
                                                       const float *dy, const float *y, const float *code,
                                                       int relu, float *dweight, float *dbias);

/// What the F(6×6) transforms did with each tile when asked to tell (`kinds`).
enum {
    /// Transformed: the next row of V and M.
    DIGITREC_TILE_COMPUTED = 0,
    /// Transformed, and its input is one value per channel at every pixel (no `known` values
    /// yet): a tile whose outputs the caller may keep for the tiles that hold the same.
    DIGITREC_TILE_CONSTANT = 1,
    /// Its input holds the `known` values at every pixel: no row of V or M; its outputs are the
    /// caller's `block`, which a tile that held them gave.
    DIGITREC_TILE_REUSED = 2,
};

/// Winograd F(6×6, 3×3)'s input transform for inference (winograd6_avx512.c): V = Bᵀ d B of every
/// 8×8 input tile (tiles 6 apart, tiles_y × tiles_x per image, row-major) of n images x (n×h×w×c,
/// NHWC, `pad` zeros around) into v, [64][rows][c] with the positions `ps` ≥ n·tiles·c floats
/// apart. c a multiple of 16. Returns the rows written: every tile's, unless `kinds` (room for
/// n·tiles_y·tiles_x) is given: then each tile's DIGITREC_TILE_* goes there, and a tile wholly
/// inside the image that holds `known` (c values) at every pixel, bit for bit, is left out of V
/// (REUSED); without `known`, such a tile holding its first pixel's values is marked CONSTANT.
/// Callers check DIGITREC_CPU_AVX512.
int digitrec_winograd6_input_avx512(const float *x, int n, int h, int w, int c, int pad, int tiles_y, int tiles_x,
                                    float *v, long ps, const float *known, int *kinds);

/// Its output transform: Y = Aᵀ M A of every tile's products m ([64][rows][f], positions `ps`
/// floats apart), plus the bias and then max(0, ·) when `relu`, into y (n×oh×ow×f; what lies
/// beyond the output dropped) or, when `pooled`, 2×2 max pooling fused in: y (n×(oh/2)×(ow/2)×f)
/// gets each window's maximum (no winners: nothing runs backward after inference). With the
/// input transform's `kinds`, a REUSED tile has no row of m and gets `block` (its 6×6×f outputs,
/// or 3×3×f pooled, row-major) instead. f a multiple of 16. Callers check DIGITREC_CPU_AVX512.
void digitrec_winograd6_output_avx512(const float *m, long ps, int n, int oh, int ow, int f, int tiles_y, int tiles_x,
                                      const float *bias, int relu, int pooled, float *y,
                                      const int *kinds, const float *block);

/// Winograd F(4×4, 3×3)'s transforms for training, one tile a call (winograd4_avx512.c): the
/// same operations in the same order as Winograd.swift's, so the same bits. Position (r, k) of a
/// tile at index 6r + k, positions `ps` floats apart; channels c and f multiples of 16. Callers
/// check DIGITREC_CPU_AVX512.
///
/// V = Bᵀ d B of a 6×6 input tile that lies inside the image: x its top-left pixel (NHWC, rows
/// `row` floats apart, pixels c apart), v its position 0.
void digitrec_winograd4_input_tile(const float *x, long row, int c, float *v, long ps);

/// The adjoint: B dV Bᵀ of one tile's dV added into dx, one image's (h×w×c), the tile's top-left
/// pixel at (y0, x0) — what lies outside the image (padding, the far edge) dropped. The tile's
/// pixels at rows ≥ fresh_row and columns ≥ fresh_col are ones no earlier tile wrote: they are
/// stored as 0 + the value without reading dx (the same bits as adding into a zeroed dx), so the
/// caller need not zero dx when the tiles, in order, cover the image (6, 6: added everywhere).
void digitrec_winograd4_input_gradient_tile(const float *dv, long ps, int c, float *dx, int h, int w, int y0, int x0,
                                            int fresh_row, int fresh_col);

/// Aᵀ M A + bias (then the ReLU: 0 where below 0) of one tile into y, its top-left output
/// pixel (rows `row` floats apart, pixels f apart), the first `rows` × `cols` of its 4×4.
void digitrec_winograd4_output_tile(const float *m, long ps, int f, const float *bias, int relu,
                                    float *y, long row, int rows, int cols);

/// The same with 2×2 max pooling fused in: the first windows_y × windows_x of the tile's four
/// windows into y and their winners into code (0…3 in scan order, the first on ties; −1 where the
/// ReLU leaves the maximum at 0 or below), both at the tile's first window, rows `row` floats apart.
void digitrec_winograd4_output_tile_pooled(const float *m, long ps, int f, const float *bias, int relu,
                                           float *y, float *code, long row, int windows_y, int windows_x);

/// The adjoint of the pooled output tile: each window's dY (times the dropout's mask from codes
/// 4…7 when `dropout`: `keep` where kept) to its winner through the ReLU, summed into dbias, and
/// dM = A dY Aᵀ of the tile written to its 36 positions. dy and code at the tile's first window.
void digitrec_winograd4_pooled_gradient_tile(const float *dy, const float *code, long row, int windows_y,
                                             int windows_x, int f, int relu, int dropout, float keep,
                                             float *dbias, float *dm, long ps);

/// Where the bf16 path (TileSink.swift) puts one Winograd F(4×4) tile's 36 positions rounded to
/// bf16 (nearest even, as the GEMMs round): channel j of position p at rows[p·row_stride + j] when
/// `rows` is given, and, when `even` is given (the tile before this one, of an even index, already
/// rounded at even[p·even_stride + j]), the two as a pair at pairs[p·pair_stride + j]: the even
/// tile's value in the low half, this one's in the high half, as `digitrec_bf16_pack_pairs` pairs rows 2q and 2q + 1.
typedef struct {
    uint16_t *rows;
    long row_stride;
    const uint16_t *even;
    long even_stride;
    uint32_t *pairs;
    long pair_stride;
} digitrec_bf16_tile;

/// One tile's positions (`width` floats each, a multiple of 8, `ps` floats apart) rounded into
/// `out`'s places: the reference for the two kernels below, and the route of the tiles they do
/// not take (on an image's edge, or channels not a multiple of 16). AVX512-BF16.
void digitrec_bf16_tile_store(const float *t, long ps, int width, const digitrec_bf16_tile *out);

/// `digitrec_winograd4_input_tile` with V rounded into `out` as it is made, instead of written
/// in fp32: the same bits as `digitrec_bf16_tile_store` of what that writes. c a multiple of 16.
/// AVX512-BF16.
void digitrec_winograd4_input_tile_bf16(const float *x, long row, int c, const digitrec_bf16_tile *out);

/// `digitrec_winograd4_pooled_gradient_tile` with dM rounded into `out` (dBias added to as
/// there): the same bits as `digitrec_bf16_tile_store` of the dM that writes. f a multiple of 16.
/// AVX512-BF16.
void digitrec_winograd4_pooled_gradient_tile_bf16(const float *dy, const float *code, long row, int windows_y,
                                                  int windows_x, int f, int relu, int dropout, float keep,
                                                  float *dbias, const digitrec_bf16_tile *out);

/// B (k×n floats, rows `ldb` apart, k even) rounded to bf16 (nearest even) into pairs along k:
/// 32-bit element q·ldo + j of `out` holds B(2q, j) in its low half and B(2q + 1, j) in its high
/// half (ldo ≥ n; k/2 rows of ldo 32-bit elements), the layout the bf16 GEMMs read. A wide B
/// wants an ldo that is not a multiple of 1024: rows 4 KB apart share one set of the L1 cache.
/// AVX512-BF16: callers check DIGITREC_CPU_AVX512_BF16.
void digitrec_bf16_pack_pairs(int k, int n, const float *b, int ldb, void *out, int ldo);

/// The same pairs of B from its transpose: `bt` is Bᵀ, n rows of k floats `ldbt` apart (a dense
/// layer's weights for the input gradient, dY·Wᵀ). k even. AVX512-BF16.
void digitrec_bf16_pack_pairs_transposed(int k, int n, const float *bt, int ldbt, void *out, int ldo);

/// Both: B's pairs along k into `pairs` (rows `ldp` apart) and Bᵀ's pairs along n into
/// `transposed_pairs` (as `digitrec_bf16_pack_pairs_transposed` makes them from Bᵀ, rows `ldt`
/// apart), B (k×n, contiguous rows) read once. k and n even. A dense layer's weights in a
/// training pass. AVX512-BF16.
void digitrec_bf16_pack_pairs_both(int k, int n, const float *b, void *pairs, int ldp, void *transposed_pairs, int ldt);

/// C[m×n] = A[m×k] · B (+ C when `accumulate`) with A (fp32, rows `lda` apart) and B (packed by
/// `digitrec_bf16_pack_pairs`, rows `ldbp` apart) rounded to bf16 and the products summed in
/// fp32 (VDPBF16PS, denormals flushed), in passes of 1024 along k. k even, n a multiple of 8.
/// A C of 1 MB or more written in one pass goes to memory with streaming stores
/// (`digitrec_sgemm_bf16_streams`). AVX512-BF16.
void digitrec_sgemm_bf16(int m, int n, int k, const float *a, int lda, const void *b_pairs, int ldbp,
                         float *c, int ldc, int accumulate);

/// Whether `digitrec_sgemm_bf16` with these m, n, k, c, ldc and accumulate stores C with
/// streaming stores (past the caches; the same values) — and `digitrec_sgemm_bf16_tn`, whose k
/// is one pass, with k ≤ 1024. For tests.
int digitrec_sgemm_bf16_streams(int m, int n, int k, const float *c, int ldc, int accumulate);

/// `digitrec_sgemm_bf16` with A already rounded: `a` holds m rows of k bf16 values (uint16,
/// rows `lda` apart, lda even), as the bf16 Winograd transforms write them (`digitrec_bf16_tile`).
/// The same products and sums as `digitrec_sgemm_bf16` on the fp32 rows they were rounded from.
/// k even, k ≤ 1024, n a multiple of 8. AVX512-BF16.
void digitrec_sgemm_bf16_rounded(int m, int n, int k, const void *a, int lda, const void *b_pairs, int ldbp,
                                 float *c, int ldc, int accumulate);

/// C[m×n] = Aᵀ · B (+ C when `accumulate`) for A k×m and B k×n, both packed by
/// `digitrec_bf16_pack_pairs` (rows `ldap` and `ldbp` apart): weight gradients, whose inner
/// dimension is the batch or the tiles. k even, n a multiple of 8. A C of 1 MB or more (a dense
/// layer's weight gradient) goes to memory with streaming stores. AVX512-BF16.
void digitrec_sgemm_bf16_tn(int m, int n, int k, const void *a_pairs, int ldap, const void *b_pairs, int ldbp,
                            float *c, int ldc, int accumulate);

/// How many threads hold an Aᵀ-GEMM panel right now (each frees its own when it exits); for tests.
long digitrec_sgemm_panels_live(void);

/// One Adam step over w[lo..<hi] (with decoupled weight decay `shrink` = lr·decay), eight lanes
/// at a time, for the gradient g[0] + g[1] + … + g[ng − 1] (the workers' own, summed in that
/// order); the same operations in the same order as the Swift loop it replaces
/// (Optimizer.swift), so the weights are bit-identical. AVX2: callers check DIGITREC_CPU_HASWELL.
void digitrec_adam_avx2(float *w, const float *const *g, int ng, float *m, float *v, long lo, long hi,
                        float beta1, float beta2, float one_minus_beta1, float one_minus_beta2,
                        float step_size, float inv_bc2, float eps, float shrink);

/// `digitrec_adam_avx2` sixteen values at a time (the tail masked): the same bits
/// (adam_avx512.c). AVX-512F: callers check DIGITREC_CPU_AVX512.
void digitrec_adam_avx512(float *w, const float *const *g, int ng, float *m, float *v, long lo, long hi,
                          float beta1, float beta2, float one_minus_beta1, float one_minus_beta2,
                          float step_size, float inv_bc2, float eps, float shrink);

/// A first layer's (one input channel, unpooled) weight and bias gradients from one image's
/// output gradient `dy` (oh×ow×f; masked in place by the ReLU, from the output `y`, when `relu`),
/// added into dweight (k×k×f) and dbias (f): x is the image with its zero border (rows `wp`
/// floats apart), f a multiple of 8. Bit-identical to `Kernels.oneChannelGradients`' loops
/// (conv_one_channel_gradients_avx512.c). Callers check DIGITREC_CPU_AVX512.
void digitrec_conv_one_channel_gradients_avx512(float *dy, const float *y, int relu, const float *x, int wp, int k,
                                                int oh, int ow, int f, float *dweight, float *dbias);

/// Inverted dropout over `count` values x of a pooled layer's output into y, with the numbers a
/// SplitMix64 at `state` draws next (one draw for four values: `Dropout.apply`'s): y = x·m, m =
/// `scale` where a value's 16 bits are at or above `threshold`, 0 below; the code of a dropped
/// value that won its pooling window (0…3) becomes 4…7, and −1 stays. The caller moves its
/// generator on by ⌈count / 4⌉ draws. AVX-512: callers check DIGITREC_CPU_AVX512.
void digitrec_dropout_pooled_avx512(const float *x, float *y, float *code, long count, unsigned long long state,
                                    unsigned threshold, float scale);

#endif
