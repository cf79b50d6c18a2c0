#define OPENSSL_SUPPRESS_DEPRECATED 1
#include "CCrypto.h"
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <string.h>

_Static_assert(sizeof(SHA256_CTX) <= sizeof(bf_sha256_ctx), "bf_sha256_ctx too small for SHA256_CTX");

// The low-level SHA256_* functions are deprecated in OpenSSL 3 but remain the fastest path: they run the
// assembly block function (SHA-NI where present) without the provider lookup the EVP layer does per call.

void bf_sha256(const void *data, size_t length, uint8_t *digest) {
    SHA256_CTX ctx;
    SHA256_Init(&ctx);
    SHA256_Update(&ctx, data, length);
    SHA256_Final(digest, &ctx);
}

void bf_sha256_evp(const void *data, size_t length, uint8_t *digest) {
    unsigned int digestLength = 32;
    EVP_Digest(data, length, digest, &digestLength, EVP_sha256(), NULL);
}

void bf_sha256_init(bf_sha256_ctx *ctx) { SHA256_Init((SHA256_CTX *)ctx); }

void bf_sha256_update(bf_sha256_ctx *ctx, const void *data, size_t length) {
    SHA256_Update((SHA256_CTX *)ctx, data, length);
}

void bf_sha256_final(bf_sha256_ctx *ctx, uint8_t *digest) { SHA256_Final(digest, (SHA256_CTX *)ctx); }

void bf_hmac_sha256(const void *key, size_t keyLength, const void *data, size_t length, uint8_t *mac) {
    unsigned int macLength = 32;
    HMAC(EVP_sha256(), key, (int)keyLength, data, length, mac, &macLength);
}

void bf_hmac_sha256_key_init(bf_hmac_sha256_key *prepared, const void *key, size_t keyLength) {
    uint8_t block[SHA256_CBLOCK];
    uint8_t pad[SHA256_CBLOCK];
    memset(block, 0, sizeof block);
    if (keyLength > SHA256_CBLOCK) {
        bf_sha256(key, keyLength, block);
    } else if (keyLength > 0) {
        memcpy(block, key, keyLength);
    }
    for (size_t i = 0; i < SHA256_CBLOCK; i++) pad[i] = block[i] ^ 0x36;
    SHA256_Init((SHA256_CTX *)&prepared->inner);
    SHA256_Update((SHA256_CTX *)&prepared->inner, pad, SHA256_CBLOCK);
    for (size_t i = 0; i < SHA256_CBLOCK; i++) pad[i] = block[i] ^ 0x5c;
    SHA256_Init((SHA256_CTX *)&prepared->outer);
    SHA256_Update((SHA256_CTX *)&prepared->outer, pad, SHA256_CBLOCK);
}

void bf_hmac_sha256_prepared(const bf_hmac_sha256_key *prepared, const void *data, size_t length, uint8_t *mac) {
    SHA256_CTX ctx;
    uint8_t innerDigest[SHA256_DIGEST_LENGTH];
    memcpy(&ctx, &prepared->inner, sizeof ctx);
    SHA256_Update(&ctx, data, length);
    SHA256_Final(innerDigest, &ctx);
    memcpy(&ctx, &prepared->outer, sizeof ctx);
    SHA256_Update(&ctx, innerDigest, sizeof innerDigest);
    SHA256_Final(mac, &ctx);
}

void bf_hmac_sha256_direct(const void *key, size_t keyLength, const void *data, size_t length, uint8_t *mac) {
    bf_hmac_sha256_key prepared;
    bf_hmac_sha256_key_init(&prepared, key, keyLength);
    bf_hmac_sha256_prepared(&prepared, data, length, mac);
}
