#include <png.h>
#include <string.h>

// Function-like macros do not import into Swift.
static inline size_t cpng_image_row_stride(const png_image *img) {
    return PNG_IMAGE_ROW_STRIDE(*img);
}
static inline size_t cpng_image_size(const png_image *img) {
    return PNG_IMAGE_SIZE(*img);
}
static inline unsigned cpng_version_number(void) { return PNG_LIBPNG_VER; }
