// What the command line's main needs from C before anything else runs (see
// Sources/digitrec/main.swift): glibc's mallopt (malloc.h is not part of Swift's Glibc
// module), and whether this CPU runs the engine as it was compiled (Package.swift).
#include <malloc.h>

/// 1 when the CPU has what DigitModel was compiled for: on x86-64, Haswell's AVX2, FMA,
/// BMI1/2, F16C, MOVBE, LZCNT (-target-cpu haswell); elsewhere always 1.
static inline int digitrec_cpu_runs_engine(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("bmi")
        && __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("f16c") && __builtin_cpu_supports("movbe")
        && __builtin_cpu_supports("lzcnt");
#else
    return 1;
#endif
}
