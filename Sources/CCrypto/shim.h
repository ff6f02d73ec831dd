// SHA-256's block function on the CPU's SHA extensions (SHA-NI: Zen, Ice Lake and later),
// behind a CPUID check; else OpenSSL's SHA-256 through dlopen; else the portable Swift code
// (see Support/SHA256.swift). The SHA-NI path exists because loading libcrypto (4.7 MB, its
// relocations) cost ~1.3 ms of a ~18 ms `digitrec predict` process, as much as hashing the
// shipped model. libcrypto is in every Debian that has libcurl (the Swift toolchain's own
// dependency); no -dev package is needed to build.
#include <dlfcn.h>
#include <stddef.h>
#include <stdint.h>
#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

/// 1 when this CPU has the SHA extensions (and the SSE4.1/SSSE3 shuffles the kernel uses).
static inline int digitrec_sha256_hardware(void) {
#if defined(__x86_64__)
    unsigned a, b, c, d;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d) || !(b & (1u << 29))) return 0;   // leaf 7: EBX.SHA
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    return (c & (1u << 19)) && (c & (1u << 9));                                    // SSE4.1, SSSE3
#else
    return 0;
#endif
}

/// The 64 round constants of FIPS 180-4, four per 4-round group; the portable Swift code
/// (Support/SHA256.swift) reads the same table.
static const uint32_t digitrec_sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/// Compresses `blocks` 64-byte blocks into state[8] (a…h) with SHA256RNDS2/MSG1/MSG2.
/// Call only when `digitrec_sha256_hardware()` said 1.
/// The instructions keep the state as two registers, ABEF and CDGH (lane 3 first); each
/// SHA256RNDS2 does two rounds, so a group of four rounds is two of them with the
/// message words W+K of the group in lanes 0,1 then 2,3. W[t..t+3] for t >= 16 is
/// MSG2(MSG1(W[t-16..], W[t-12..]) + W[t-7..t-4], W[t-4..t-1]).
#if defined(__x86_64__)
__attribute__((target("sha,sse4.1,ssse3")))
#endif
static inline void digitrec_sha256_blocks(uint32_t *state, const uint8_t *data, size_t blocks) {
#if defined(__x86_64__)
    const __m128i byteswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    __m128i abcd = _mm_loadu_si128((const __m128i *)state);           // lanes a b c d
    __m128i efgh = _mm_loadu_si128((const __m128i *)(state + 4));     // lanes e f g h
    __m128i badc = _mm_shuffle_epi32(abcd, 0xB1);                     // lanes b a d c
    __m128i hgfe = _mm_shuffle_epi32(efgh, 0x1B);                     // lanes h g f e
    __m128i abef = _mm_alignr_epi8(badc, hgfe, 8);                    // lanes f e b a
    __m128i cdgh = _mm_blend_epi16(hgfe, badc, 0xF0);                 // lanes h g d c
    for (; blocks > 0; blocks--, data += 64) {
        const __m128i abefStart = abef, cdghStart = cdgh;
        __m128i w[4];
        for (int j = 0; j < 4; j++) w[j] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16 * j)), byteswap);
        for (int g = 0; g < 16; g++) {
            // w[g % 4] holds W[4g..4g+3]; from group 4 on it was computed three groups ago.
            __m128i wk = _mm_add_epi32(w[g & 3], _mm_loadu_si128((const __m128i *)(digitrec_sha256_k + 4 * g)));
            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);             // now the new ABEF
            wk = _mm_shuffle_epi32(wk, 0x0E);
            abef = _mm_sha256rnds2_epu32(abef, cdgh, wk);             // roles back: abef, cdgh
            if (g < 12) {
                // W[4(g+4)..]: from W[4g..] (w[g%4]), W[4g+4..], W[4g+8..] and W[4g+12..].
                __m128i x = _mm_sha256msg1_epu32(w[g & 3], w[(g + 1) & 3]);
                x = _mm_add_epi32(x, _mm_alignr_epi8(w[(g + 3) & 3], w[(g + 2) & 3], 4));
                w[g & 3] = _mm_sha256msg2_epu32(x, w[(g + 3) & 3]);
            }
        }
        abef = _mm_add_epi32(abef, abefStart);
        cdgh = _mm_add_epi32(cdgh, cdghStart);
    }
    __m128i abfe = _mm_shuffle_epi32(abef, 0x1B);                     // lanes a b e f
    __m128i ghcd = _mm_shuffle_epi32(cdgh, 0xB1);                     // lanes g h c d
    _mm_storeu_si128((__m128i *)state, _mm_blend_epi16(abfe, ghcd, 0xF0));             // a b c d
    _mm_storeu_si128((__m128i *)(state + 4), _mm_alignr_epi8(ghcd, abfe, 8));          // e f g h
#else
    (void)state; (void)data; (void)blocks;
#endif
}

// SHA256_CTX from openssl/sha.h, part of OpenSSL's ABI since 0.9.8 (callers allocate it).
typedef struct {
    unsigned int h[8];
    unsigned int nl, nh;
    unsigned int data[16];
    unsigned int num, md_len;
} digitrec_sha256_ctx;

typedef struct {
    int (*start)(digitrec_sha256_ctx *);
    int (*update)(digitrec_sha256_ctx *, const void *, size_t);
    int (*finish)(unsigned char *digest, digitrec_sha256_ctx *);
} digitrec_sha256_api;

/// Fills `api` from the first libcrypto that loads; 0 on success.
static inline int digitrec_sha256_load(digitrec_sha256_api *api) {
    static const char *const names[] = {"libcrypto.so.3", "libcrypto.so.1.1"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        void *lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
        if (!lib) continue;
        api->start = (int (*)(digitrec_sha256_ctx *))dlsym(lib, "SHA256_Init");
        api->update = (int (*)(digitrec_sha256_ctx *, const void *, size_t))dlsym(lib, "SHA256_Update");
        api->finish = (int (*)(unsigned char *, digitrec_sha256_ctx *))dlsym(lib, "SHA256_Final");
        if (api->start && api->update && api->finish) return 0;
        dlclose(lib);
    }
    return -1;
}
