// libcurl is loaded with dlopen only when a download starts (see MNIST/Downloader.swift):
// linking it — or Foundation's URLSession, which links it — makes every process load
// libcurl and the ~30 libraries behind it, 7 ms of each `digitrec predict`.
// The constants are libcurl's public ABI (curl/curl.h), stable since 7.x, so no -dev
// package is needed to build.
#include <dlfcn.h>
#include <stddef.h>
#include <stdint.h>

enum {
    DIGITREC_CURLOPT_WRITEDATA = 10001,
    DIGITREC_CURLOPT_URL = 10002,
    DIGITREC_CURLOPT_RANGE = 10007,
    DIGITREC_CURLOPT_ERRORBUFFER = 10010,
    DIGITREC_CURLOPT_USERAGENT = 10018,
    DIGITREC_CURLOPT_LOW_SPEED_LIMIT = 19,
    DIGITREC_CURLOPT_LOW_SPEED_TIME = 20,
    DIGITREC_CURLOPT_FOLLOWLOCATION = 52,
    DIGITREC_CURLOPT_CONNECTTIMEOUT = 78,
    DIGITREC_CURLOPT_NOSIGNAL = 99,
    DIGITREC_CURLOPT_WRITEFUNCTION = 20011,
    DIGITREC_CURLINFO_RESPONSE_CODE = 0x200002,
    DIGITREC_CURLINFO_CONTENT_LENGTH_DOWNLOAD_T = 0x60000F,
    DIGITREC_CURL_GLOBAL_DEFAULT = 3,
    DIGITREC_CURL_ERROR_SIZE = 256,
};

typedef size_t (*digitrec_curl_write_fn)(char *data, size_t size, size_t count, void *context);

typedef struct {
    void *(*easy_init)(void);
    int (*easy_setopt)(void *, int, ...);
    int (*easy_getinfo)(void *, int, ...);
    int (*easy_perform)(void *);
    void (*easy_cleanup)(void *);
    const char *(*easy_strerror)(int);
} digitrec_curl;

/// Fills `api` from the first libcurl that loads and initialises; 0 on success.
static inline int digitrec_curl_load(digitrec_curl *api) {
    static const char *const names[] = {"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        void *lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
        if (!lib) continue;
        int (*global_init)(long) = (int (*)(long))dlsym(lib, "curl_global_init");
        api->easy_init = (void *(*)(void))dlsym(lib, "curl_easy_init");
        api->easy_setopt = (int (*)(void *, int, ...))dlsym(lib, "curl_easy_setopt");
        api->easy_getinfo = (int (*)(void *, int, ...))dlsym(lib, "curl_easy_getinfo");
        api->easy_perform = (int (*)(void *))dlsym(lib, "curl_easy_perform");
        api->easy_cleanup = (void (*)(void *))dlsym(lib, "curl_easy_cleanup");
        api->easy_strerror = (const char *(*)(int))dlsym(lib, "curl_easy_strerror");
        if (global_init && api->easy_init && api->easy_setopt && api->easy_getinfo && api->easy_perform
            && api->easy_cleanup && api->easy_strerror && global_init(DIGITREC_CURL_GLOBAL_DEFAULT) == 0)
            return 0;
        dlclose(lib);
    }
    return -1;
}

// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call; these
// wrappers pass each argument with the C type libcurl reads for that option.
static inline int digitrec_curl_set_long(const digitrec_curl *api, void *h, int option, long value) {
    return api->easy_setopt(h, option, value);
}
static inline int digitrec_curl_set_pointer(const digitrec_curl *api, void *h, int option, const void *value) {
    return api->easy_setopt(h, option, value);
}
static inline int digitrec_curl_set_writer(const digitrec_curl *api, void *h, digitrec_curl_write_fn fn) {
    return api->easy_setopt(h, DIGITREC_CURLOPT_WRITEFUNCTION, fn);
}
static inline long digitrec_curl_response_code(const digitrec_curl *api, void *h) {
    long code = 0;
    return api->easy_getinfo(h, DIGITREC_CURLINFO_RESPONSE_CODE, &code) == 0 ? code : 0;
}
static inline int64_t digitrec_curl_content_length(const digitrec_curl *api, void *h) {
    long long length = -1;
    return api->easy_getinfo(h, DIGITREC_CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length) == 0 ? (int64_t)length : -1;
}
