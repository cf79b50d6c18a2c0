#include "CCompat.h"

/*
 * glibc 2.35 gave hypot and hypotf new symbol versions (GLIBC_2.35), and the static Swift standard library
 * references hypotf. Amazon Linux 2023 ships glibc 2.34, where a binary needing the 2.35 versions fails to
 * load. We bind to the older hypot version, which every glibc since the architecture's baseline has, and define
 * hypot and hypotf here: a local definition wins over the shared library's, so the binary carries no reference
 * to the new versions. The old hypot differs only in SVID error handling (errno on overflow), which Swift never
 * reads; rounding its double result to float gives the correctly rounded hypotf for every float input, since a
 * float's square sum is exact in double precision up to the final rounding.
 */
#if defined(__x86_64__)
__asm__(".symver bf_glibc_hypot, hypot@GLIBC_2.2.5");
#elif defined(__aarch64__)
__asm__(".symver bf_glibc_hypot, hypot@GLIBC_2.17");
#endif

#if defined(__x86_64__) || defined(__aarch64__)
extern double bf_glibc_hypot(double x, double y);

double hypot(double x, double y) {
    return bf_glibc_hypot(x, y);
}

float hypotf(float x, float y) {
    return (float)bf_glibc_hypot((double)x, (double)y);
}
#endif

int bf_compat_marker(void) {
    return 1;
}
