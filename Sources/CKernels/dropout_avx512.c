// Inverted dropout over a pooled layer's output, drawing the numbers `Dropout.apply` draws
// (SplitMix64, one 64-bit draw for four values, 16 bits each) eight draws at a time in ZMM
// lanes, and marking the dropped values in the pooling winners' codes instead of writing a mask:
// the mask (4 bytes a value, 2.4 MB a worker for `cnn`) went to memory in the forward pass and
// came back in the backward one, and the scalar generator and the mask's stores were most of
// the layer's time. The same numbers, the same products x·m with m = scale or 0: the same bits.
#include "CKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>
#include <stdint.h>

#define AVX512 __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq")))

/// SplitMix64's outputs for the eight states in `state` (each already advanced, as `next()`
/// advances it before mixing), and `state` moved eight draws on.
static inline AVX512 __m512i splitMix8(__m512i *state) {
    const __m512i z0 = *state;
    *state = _mm512_add_epi64(z0, _mm512_set1_epi64((long long)(8 * 0x9E3779B97F4A7C15ull)));
    __m512i z = _mm512_mullo_epi64(_mm512_xor_si512(z0, _mm512_srli_epi64(z0, 30)),
                                   _mm512_set1_epi64((long long)0xBF58476D1CE4E5B9ull));
    z = _mm512_mullo_epi64(_mm512_xor_si512(z, _mm512_srli_epi64(z, 27)), _mm512_set1_epi64((long long)0x94D049BB133111EBull));
    return _mm512_xor_si512(z, _mm512_srli_epi64(z, 31));
}

/// 16 values: y = x·m (m = scale where kept, 0 where dropped), and each dropped winner's code
/// (0…3) moved to 4…7; a code of −1 (the ReLU stopped it) stays. `lanes` says which exist.
static inline AVX512 void apply16(const float *x, float *y, float *code, __mmask16 dropped, __mmask16 lanes,
                                  __m512 scale, int stream) {
    const __m512 m = _mm512_maskz_mov_ps((__mmask16)(~dropped), scale);
    const __m512 out = _mm512_mul_ps(_mm512_maskz_loadu_ps(lanes, x), m);
    if (stream && lanes == 0xFFFF) _mm512_stream_ps(y, out);
    else _mm512_mask_storeu_ps(y, lanes, out);
    const __m512 c = _mm512_maskz_loadu_ps(lanes, code);
    const __mmask16 won = _mm512_mask_cmp_ps_mask(dropped & lanes, c, _mm512_setzero_ps(), _CMP_GE_OQ);
    _mm512_mask_storeu_ps(code, won, _mm512_add_ps(c, _mm512_set1_ps(4)));
}

AVX512 void digitrec_dropout_pooled_avx512(const float *x, float *y, float *code, long count, unsigned long long state,
                                           unsigned threshold, float scale) {
    // Lane i of the first group of draws is the generator's (i+1)-th number after `state`.
    const unsigned long long g = 0x9E3779B97F4A7C15ull;
    __m512i s = _mm512_setr_epi64((long long)(state + g), (long long)(state + 2 * g), (long long)(state + 3 * g),
                                  (long long)(state + 4 * g), (long long)(state + 5 * g), (long long)(state + 6 * g),
                                  (long long)(state + 7 * g), (long long)(state + 8 * g));
    const __m256i limit = _mm256_set1_epi16((short)(unsigned short)threshold);
    const __m512 sc = _mm512_set1_ps(scale);
    // y (the next layer's input, a whole batch's: 2.4 MB a worker for `cnn`) is read only after
    // every chunk, from memory: streaming stores skip reading each line before it is written.
    const int stream = ((uintptr_t)y & 63) == 0;
    for (long j = 0; j < count; j += 32) {
        // Draw i's four 16-bit parts, low to high, are values 4i…4i+3: the 16-bit lanes in order.
        const __m512i r = splitMix8(&s);
        // (Each half's 16 lanes compared on its own: a 32-bit mask split in two went through the stack.)
        const __mmask16 droppedLo = _mm256_cmplt_epu16_mask(_mm512_castsi512_si256(r), limit);
        const __mmask16 droppedHi = _mm256_cmplt_epu16_mask(_mm512_extracti64x4_epi64(r, 1), limit);
        const long left = count - j;
        const __mmask16 lo = left >= 16 ? 0xFFFF : (__mmask16)((1u << left) - 1);
        const __mmask16 hi = left >= 32 ? 0xFFFF : left > 16 ? (__mmask16)((1u << (left - 16)) - 1) : 0;
        apply16(x + j, y + j, code + j, droppedLo, lo, sc, stream);
        if (hi) apply16(x + j + 16, y + j + 16, code + j + 16, droppedHi, hi, sc, stream);
    }
    if (stream) _mm_sfence();
}
#else
void digitrec_dropout_pooled_avx512(const float *x, float *y, float *code, long count, unsigned long long state,
                                    unsigned threshold, float scale) {
    (void)x; (void)y; (void)code; (void)count; (void)state; (void)threshold; (void)scale;
}
#endif
