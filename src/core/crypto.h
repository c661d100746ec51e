/* crypto.h — random bytes, SHA-256, Ed25519 signatures and the encodings
 * tokens travel in. */
#ifndef HELSAMI_CRYPTO_H
#define HELSAMI_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/core.h"

enum { SHA256_LEN = 32, SHA256_HEX_LEN = 64, HMAC_SHA1_LEN = 20 };

/* Fills p with n bytes from the CSPRNG; aborts if the CSPRNG fails. */
void random_bytes(void *p, size_t n);
/* A random 32-bit number (jitter). */
uint32_t random_u32(void);
void sha256(const void *data, size_t n, uint8_t out[SHA256_LEN]);
/* HMAC-SHA1 of msg under key: what coturn's REST API (time-limited TURN
 * credentials) asks for; nothing else here uses SHA-1. */
void hmac_sha1(const void *key, size_t key_len, const void *msg, size_t n, uint8_t out[HMAC_SHA1_LEN]);
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

/* ---- Ed25519 (PureEdDSA, RFC 8032) ----
 * Signs the access log's checkpoints (domain/audit_checkpoint.h). A key is a
 * private key (signs and verifies) or a public one (verifies only). OpenSSL
 * holds the private scalar and wipes it when the key is freed. */
enum {
	ED25519_SIG_LEN = 64,
	ED25519_KEY_ID_HEX = 16, /* hex digits of a key id */
};
typedef struct ed25519_key ed25519_key;

/* A fresh random private key; aborts if OpenSSL cannot make one. Free with
 * ed25519_free. */
ed25519_key *ed25519_generate(void);
/* Reads a PEM private key from path. ST_NOT_FOUND when the file cannot be
 * opened, ST_INVALID when it holds no Ed25519 private key. *out is the
 * caller's (ed25519_free). */
status ed25519_load_private(const char *path, ed25519_key **out);
/* Reads every PEM public key in path (one or more, concatenated), up to max,
 * into out[0..*n). ST_NOT_FOUND when the file cannot be opened, ST_INVALID
 * when it holds no public key, one that is not Ed25519, or more than max.
 * On ST_OK the keys are the caller's (ed25519_free each). */
status ed25519_load_public(const char *path, ed25519_key **out, size_t max, size_t *n);
/* Writes k's private key as PEM to a new file at path, mode 0600. Refuses to
 * replace anything: ST_CONFLICT when path exists, ST_INTERNAL when the file
 * cannot be written (nothing is left behind). */
status ed25519_save_private(const ed25519_key *k, const char *path);
/* k's public key as PEM ("-----BEGIN PUBLIC KEY-----..."), heap-allocated
 * for the caller to free. */
char *ed25519_public_pem(const ed25519_key *k);
/* The key id: the first 16 hex digits of SHA-256 over the 32-byte raw public
 * key. Owned by k. */
const char *ed25519_key_id(const ed25519_key *k);
/* Signs msg with a private key; false if k has no private part. */
bool ed25519_sign(const ed25519_key *k, const void *msg, size_t n, uint8_t sig[ED25519_SIG_LEN]);
/* Whether sig is k's signature over msg. */
bool ed25519_verify(const ed25519_key *k, const void *msg, size_t n, const uint8_t sig[ED25519_SIG_LEN]);
/* Frees k (NULL is fine); OpenSSL wipes the private part. */
void ed25519_free(ed25519_key *k);

#endif
