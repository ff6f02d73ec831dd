// OpenBLAS is loaded with dlopen (see Kernels.swift/BLAS): its DYNAMIC_ARCH build picks a
// kernel in a load-time constructor and, on CPUs newer than it knows (this machine's Xeon),
// falls back to the SSE3 "Prescott" kernel — 2.6x slower. The engine sets OPENBLAS_CORETYPE
// from CPUID (CKernels' digitrec_cpu_features) before the library loads.
#include <dlfcn.h>
#include <stddef.h>

// The CBLAS ABI (cblas.h): enums are ints, blasint is int in Debian's LP64 OpenBLAS.
enum { DIGITREC_CBLAS_ROW_MAJOR = 101, DIGITREC_CBLAS_NO_TRANS = 111, DIGITREC_CBLAS_TRANS = 112 };
typedef void (*digitrec_sgemm_fn)(int, int, int, int, int, int, float, const float *, int,
                                  const float *, int, float, float *, int);
typedef void (*digitrec_set_threads_fn)(int);

static inline void digitrec_call_sgemm(void *fn, int transA, int transB, int m, int n, int k,
                                       const float *a, int lda, const float *b, int ldb,
                                       float beta, float *c, int ldc) {
    ((digitrec_sgemm_fn)fn)(DIGITREC_CBLAS_ROW_MAJOR, transA ? DIGITREC_CBLAS_TRANS : DIGITREC_CBLAS_NO_TRANS,
                            transB ? DIGITREC_CBLAS_TRANS : DIGITREC_CBLAS_NO_TRANS,
                            m, n, k, 1.0f, a, lda, b, ldb, beta, c, ldc);
}

static inline void digitrec_call_set_threads(void *fn, int n) { ((digitrec_set_threads_fn)fn)(n); }

// OpenBLAS's name for the kernel it loaded ("SkylakeX", "Haswell"), from its own table.
typedef char *(*digitrec_corename_fn)(void);
static inline const char *digitrec_call_corename(void *fn) { return ((digitrec_corename_fn)fn)(); }
