#ifndef BACKFILL_CCRYPTO_H
#define BACKFILL_CCRYPTO_H

#include <stddef.h>
#include <stdint.h>

/// SHA-256 of `length` bytes at `data` into `digest` (32 bytes), by OpenSSL libcrypto.
void bf_sha256(const void *data, size_t length, uint8_t *digest);

/// HMAC-SHA-256 of `data` under `key` into `mac` (32 bytes), by OpenSSL libcrypto.
void bf_hmac_sha256(const void *key, size_t keyLength, const void *data, size_t length, uint8_t *mac);

#endif
