// CPUID and XGETBV instead of __builtin_cpu_supports: the instruction-set bits alone do not say
// whether the OS saves the wider registers (XCR0), and these are plain instructions any x86-64
// CPU runs, so the check itself can never be the illegal instruction.
#include "CKernels.h"

#if defined(__x86_64__)
#include <cpuid.h>

static unsigned long long xcr0(void) {
    unsigned int lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((unsigned long long)hi << 32) | lo;
}

static int detect(void) {
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    const int fma = (c >> 12) & 1, movbe = (c >> 22) & 1, osxsave = (c >> 27) & 1;
    const int avx = (c >> 28) & 1, f16c = (c >> 29) & 1;
    if (!osxsave || !avx) return 0;
    const unsigned long long xcr = xcr0();
    // XCR0 bits 1, 2: SSE and AVX (YMM upper halves) state; 5, 6, 7: opmask, ZMM0-15 upper
    // halves, ZMM16-31.
    if ((xcr & 0x6) != 0x6) return 0;
    unsigned int maxLeaf = __get_cpuid_max(0, 0);
    if (maxLeaf < 7) return 0;
    unsigned int b7, c7, d7, a7;
    __cpuid_count(7, 0, a7, b7, c7, d7);
    const int bmi1 = (b7 >> 3) & 1, avx2 = (b7 >> 5) & 1, bmi2 = (b7 >> 8) & 1;
    unsigned int ae, be, ce, de;
    int lzcnt = 0;
    if (__get_cpuid(0x80000001, &ae, &be, &ce, &de)) lzcnt = (ce >> 5) & 1;
    int features = 0;
    if (avx2 && fma && bmi1 && bmi2 && f16c && movbe && lzcnt) features |= DIGITREC_CPU_HASWELL;
    const int avx512 = ((b7 >> 16) & 1) && ((b7 >> 17) & 1) && ((b7 >> 30) & 1) && ((b7 >> 31) & 1);
    if ((features & DIGITREC_CPU_HASWELL) && avx512 && (xcr & 0xE6) == 0xE6) {
        features |= DIGITREC_CPU_AVX512;
        // Subleaf 0's EAX is the highest subleaf of leaf 7; asking past it returns whatever the
        // CPU returns for an invalid subleaf (zeros on some, the last valid leaf's data on others).
        if (a7 >= 1) {
            unsigned int a71, b71, c71, d71;
            __cpuid_count(7, 1, a71, b71, c71, d71);
            if ((a71 >> 5) & 1) features |= DIGITREC_CPU_AVX512_BF16;
        }
    }
    return features;
}

int digitrec_cpu_features(void) {
    // Racing first calls compute the same value; an int store is atomic on x86-64.
    static volatile int cached = -1;
    int f = cached;
    if (f < 0) { f = detect(); cached = f; }
    return f;
}
#else
int digitrec_cpu_features(void) { return 0; }
#endif
