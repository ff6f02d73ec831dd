// libjpeg-turbo's TurboJPEG API (Debian: libturbojpeg0-dev). Unlike libjpeg's own API, which
// reports errors by longjmp, every TurboJPEG call returns a status code, so no longjmp
// crosses into Swift.
#include <stddef.h>
#include <turbojpeg.h>
