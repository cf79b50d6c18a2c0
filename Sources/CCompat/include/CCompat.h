#ifndef BACKFILL_CCOMPAT_H
#define BACKFILL_CCOMPAT_H

/// Linked into the executables so the release binary needs no glibc symbol newer than 2.34 (Amazon Linux 2023).
/// The definitions live in compat.c; this function only exists so Swift code can reference the target.
int bf_compat_marker(void);

#endif
