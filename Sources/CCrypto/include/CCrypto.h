#ifndef BACKFILL_CCRYPTO_H
#define BACKFILL_CCRYPTO_H

#include <stddef.h>
#include <stdint.h>

/// Storage for one SHA-256 hashing state (OpenSSL's SHA256_CTX fits inside; checked at compile time).
typedef struct {
    uint64_t opaque[16];
} bf_sha256_ctx;

/// An HMAC-SHA-256 key prepared once: the hashing states after absorbing the inner and the outer padded key.
/// Signing with a prepared key skips two of the four compressions a fresh HMAC needs.
typedef struct {
    bf_sha256_ctx inner;
    bf_sha256_ctx outer;
} bf_hmac_sha256_key;

/// SHA-256 of `length` bytes at `data` into `digest` (32 bytes), by OpenSSL libcrypto's block functions.
void bf_sha256(const void *data, size_t length, uint8_t *digest);

/// SHA-256 through OpenSSL's one-shot `EVP_Digest()` (digest fetched per call; the benchmark's baseline).
void bf_sha256_evp(const void *data, size_t length, uint8_t *digest);

/// Starts an incremental SHA-256.
void bf_sha256_init(bf_sha256_ctx *ctx);

/// Feeds `length` bytes into an incremental SHA-256.
void bf_sha256_update(bf_sha256_ctx *ctx, const void *data, size_t length);

/// Finishes an incremental SHA-256 into `digest` (32 bytes).
void bf_sha256_final(bf_sha256_ctx *ctx, uint8_t *digest);

/// HMAC-SHA-256 of `data` under `key` into `mac` (32 bytes), by OpenSSL's one-shot `HMAC()` (fetches the digest
/// on every call; kept as the baseline the benchmark compares against).
void bf_hmac_sha256(const void *key, size_t keyLength, const void *data, size_t length, uint8_t *mac);

/// Prepares `key` for repeated HMAC-SHA-256 signing.
void bf_hmac_sha256_key_init(bf_hmac_sha256_key *prepared, const void *key, size_t keyLength);

/// HMAC-SHA-256 of `data` under a prepared key into `mac` (32 bytes).
void bf_hmac_sha256_prepared(const bf_hmac_sha256_key *prepared, const void *data, size_t length, uint8_t *mac);

/// HMAC-SHA-256 of `data` under `key` into `mac` (32 bytes), by the block functions (no per-call digest fetch).
void bf_hmac_sha256_direct(const void *key, size_t keyLength, const void *data, size_t length, uint8_t *mac);

#endif
