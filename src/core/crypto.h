/* crypto.h — random bytes, SHA-256 and the encodings tokens travel in. */
#ifndef HELSAMI_CRYPTO_H
#define HELSAMI_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"

enum { SHA256_LEN = 32, SHA256_HEX_LEN = 64 };

/* Fills p with n bytes from the CSPRNG; aborts if the CSPRNG fails. */
void random_bytes(void *p, size_t n);
void sha256(const void *data, size_t n, uint8_t out[SHA256_LEN]);
/* Lowercase hex of n bytes into out (2n+1 bytes). */
void hex_encode(const uint8_t *p, size_t n, char *out);
/* Unpadded base64url of n bytes into out (at least 4*ceil(n/3)+1 bytes). */
size_t base64url_encode(const uint8_t *p, size_t n, char *out);
/* Standard base64 (with padding) of n bytes, into an arena string. */
char *base64_encode(arena *a, const uint8_t *p, size_t n);
/* Decodes standard base64 into an arena buffer; false if malformed. */
bool base64_decode(arena *a, const char *s, uint8_t **out, size_t *len);
/* A fresh random token of `bytes` bytes, base64url, into out. */
void random_token(size_t bytes, char *out, size_t out_size);

#endif
