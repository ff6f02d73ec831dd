// OpenSSL's SHA-256 through dlopen (see MNIST/SHA256.swift): it uses the CPU's SHA
// instructions where they exist (SHA-NI on Zen and recent Intel cores), 5x faster than the
// portable Swift code that remains the fallback. libcrypto is in every Debian that has
// libcurl (the Swift toolchain's own dependency); no -dev package is needed to build.
#include <dlfcn.h>
#include <stddef.h>

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
