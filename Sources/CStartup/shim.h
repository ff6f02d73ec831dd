// What the command line's main needs from C before anything else runs (see
// Sources/digitrec/main.swift): glibc's mallopt (malloc.h is not part of Swift's Glibc
// module). Whether this CPU runs the engine as it was compiled is CKernels' digitrec_cpu_features.
#include <malloc.h>
