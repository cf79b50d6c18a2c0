#ifndef BACKFILL_CZLIB_H
#define BACKFILL_CZLIB_H

#include <zlib.h>

/// `deflateInit2` is a macro; this is the same call as a function Swift can see.
int bf_deflate_init2(z_stream *stream, int level, int method, int windowBits, int memLevel, int strategy);

/// `inflateInit2` is a macro; this is the same call as a function Swift can see.
int bf_inflate_init2(z_stream *stream, int windowBits);

#endif
