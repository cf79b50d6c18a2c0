#include "CZlib.h"

int bf_deflate_init2(z_stream *stream, int level, int method, int windowBits, int memLevel, int strategy) {
    return deflateInit2(stream, level, method, windowBits, memLevel, strategy);
}

int bf_inflate_init2(z_stream *stream, int windowBits) {
    return inflateInit2(stream, windowBits);
}
