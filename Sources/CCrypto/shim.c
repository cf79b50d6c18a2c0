#define OPENSSL_SUPPRESS_DEPRECATED 1
#include "CCrypto.h"
#include <openssl/hmac.h>
#include <openssl/sha.h>

void bf_sha256(const void *data, size_t length, uint8_t *digest) {
    SHA256_CTX ctx;
    SHA256_Init(&ctx);
    SHA256_Update(&ctx, data, length);
    SHA256_Final(digest, &ctx);
}

void bf_hmac_sha256(const void *key, size_t keyLength, const void *data, size_t length, uint8_t *mac) {
    unsigned int macLength = 32;
    HMAC(EVP_sha256(), key, (int)keyLength, data, length, mac, &macLength);
}
