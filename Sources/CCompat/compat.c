#include "CCompat.h"
#include <math.h>

/*
 * glibc 2.35 gave hypotf a new symbol version (hypotf@GLIBC_2.35) on x86_64, and the static Swift standard
 * library references it. Amazon Linux 2023 ships glibc 2.34, where the binary would then fail to load. A local
 * definition wins over the shared library's, so the binary carries no reference to the new version. The double
 * precision hypot it calls has been in glibc since 2.2.5, and rounding its exact-enough result to float gives
 * the correctly rounded float answer for every finite input.
 */
float hypotf(float x, float y) {
    return (float)hypot((double)x, (double)y);
}

int bf_compat_marker(void) {
    return 1;
}
