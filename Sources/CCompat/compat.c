#include "CCompat.h"
#include <math.h>

/*
 * glibc 2.35 gave hypotf a new symbol version (hypotf@GLIBC_2.35), and the static Swift standard library
 * references it. Amazon Linux 2023 ships glibc 2.34, where a binary needing that version fails to load. A local
 * definition wins over the shared library's, so the binary carries no reference to the new version.
 *
 * It computes in double precision, as glibc's own hypotf does: a float's square is exact in a double and the
 * sum of two cannot overflow or underflow one, so the result is the float nearest the true value except for rare
 * double-rounding ties. It deliberately calls no hypot: a versioned reference to glibc's hypot can bind back to a
 * hypot the executable exports, and recurse.
 */
float hypotf(float x, float y) {
    if (isinf(x) || isinf(y)) return INFINITY;
    if (isnan(x) || isnan(y)) return NAN;
    double dx = (double)x, dy = (double)y;
    return (float)sqrt(dx * dx + dy * dy);
}

int bf_compat_marker(void) {
    return 1;
}
