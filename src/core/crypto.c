/* crypto.c — thin wrappers over OpenSSL libcrypto. */
#include "core/crypto.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pthread.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include "core/core.h"

void random_bytes(void *p, size_t n)
{
	if (RAND_bytes(p, (int)n) != 1) {
		fprintf(stderr, "helsami: the random number generator failed\n");
		abort();
	}
}

uint32_t random_u32(void)
{
	uint32_t r;
	random_bytes(&r, sizeof r);
	return r;
}

/* SHA-256 fetched once: EVP_sha256() makes EVP_Digest look the algorithm
 * up in the provider on every call, which was most of the 62,000
 * instructions a 300-byte hash cost (an access-log entry, a session
 * token: issue 12). */
static EVP_MD *sha256_md;
static pthread_once_t sha256_once = PTHREAD_ONCE_INIT;

static void sha256_fetch(void)
{
	sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL);
}

void sha256(const void *data, size_t n, uint8_t out[SHA256_LEN])
{
	pthread_once(&sha256_once, sha256_fetch);
	unsigned int len = SHA256_LEN;
	if (sha256_md == NULL || EVP_Digest(data, n, out, &len, sha256_md, NULL) != 1)
		abort();
}

void hmac_sha1(const void *key, size_t key_len, const void *msg, size_t n, uint8_t out[HMAC_SHA1_LEN])
{
	unsigned int len = HMAC_SHA1_LEN;
	if (HMAC(EVP_sha1(), key, (int)key_len, msg, n, out, &len) == NULL)
		abort();
}

void hex_encode(const uint8_t *p, size_t n, char *out)
{
	static const char hexdig[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hexdig[p[i] >> 4];
		out[2 * i + 1] = hexdig[p[i] & 15];
	}
	out[2 * n] = '\0';
}

size_t base64url_encode(const uint8_t *p, size_t n, char *out)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t o = 0, i = 0;
	for (; i + 2 < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		out[o++] = tab[v >> 18 & 63];
		out[o++] = tab[v >> 12 & 63];
		out[o++] = tab[v >> 6 & 63];
		out[o++] = tab[v & 63];
	}
	if (n - i == 1) {
		uint32_t v = (uint32_t)p[i] << 16;
		out[o++] = tab[v >> 18 & 63];
		out[o++] = tab[v >> 12 & 63];
	} else if (n - i == 2) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;
		out[o++] = tab[v >> 18 & 63];
		out[o++] = tab[v >> 12 & 63];
		out[o++] = tab[v >> 6 & 63];
	}
	out[o] = '\0';
	return o;
}

void random_token(size_t bytes, char *out, size_t out_size)
{
	uint8_t raw[64];
	if (bytes > sizeof raw || out_size < (bytes * 4 + 2) / 3 + 1)
		abort();
	random_bytes(raw, bytes);
	base64url_encode(raw, bytes, out);
	wipe(raw, sizeof raw);
}

char *base64_encode(arena *a, const uint8_t *p, size_t n)
{
	char *out = arena_alloc(a, 4 * ((n + 2) / 3) + 1);
	EVP_EncodeBlock((unsigned char *)out, p, (int)n);
	return out;
}

bool base64_decode(arena *a, const char *s, uint8_t **out, size_t *len)
{
	size_t n = strlen(s);
	if (n % 4 != 0)
		return false;
	uint8_t *buf = arena_alloc(a, n / 4 * 3 + 1);
	int got = EVP_DecodeBlock(buf, (const unsigned char *)s, (int)n);
	if (got < 0)
		return false;
	/* EVP_DecodeBlock counts padding as zero bytes: take them off. */
	size_t pad = n >= 2 && s[n - 1] == '=' ? (s[n - 2] == '=' ? 2 : 1) : 0;
	*out = buf;
	*len = (size_t)got - pad;
	return true;
}

struct ed25519_key {
	EVP_PKEY *pk;
	char id[ED25519_KEY_ID_HEX + 1];
};

/* Wraps pk (taking it over) when it is an Ed25519 key; frees it otherwise. */
static ed25519_key *key_wrap(EVP_PKEY *pk)
{
	uint8_t raw[32];
	size_t len = sizeof raw;
	if (pk == NULL || EVP_PKEY_get_base_id(pk) != EVP_PKEY_ED25519 ||
	    EVP_PKEY_get_raw_public_key(pk, raw, &len) != 1 || len != sizeof raw) {
		EVP_PKEY_free(pk);
		return NULL;
	}
	uint8_t digest[SHA256_LEN];
	sha256(raw, len, digest);
	ed25519_key *k = xcalloc(1, sizeof *k);
	k->pk = pk;
	hex_encode(digest, ED25519_KEY_ID_HEX / 2, k->id);
	return k;
}

ed25519_key *ed25519_generate(void)
{
	EVP_PKEY *pk = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	ed25519_key *k = key_wrap(pk);
	if (k == NULL)
		abort();
	return k;
}

status ed25519_load_private(const char *path, ed25519_key **out)
{
	/* OpenSSL reads the PEM into its secure heap and wipes it: no copy of the
	 * key passes through our buffers. */
	BIO *bio = BIO_new_file(path, "r");
	if (bio == NULL) {
		ERR_clear_error();
		return ST_NOT_FOUND;
	}
	EVP_PKEY *pk = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
	BIO_free(bio);
	ERR_clear_error();
	*out = key_wrap(pk);
	return *out != NULL ? ST_OK : ST_INVALID;
}

status ed25519_load_public(const char *path, ed25519_key **out, size_t max, size_t *n)
{
	BIO *bio = BIO_new_file(path, "r");
	*n = 0;
	if (bio == NULL) {
		ERR_clear_error();
		return ST_NOT_FOUND;
	}
	status st = ST_OK;
	EVP_PKEY *pk;
	while (st == ST_OK && (pk = PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL)) != NULL) {
		ed25519_key *k = key_wrap(pk);
		if (k == NULL || *n == max) {
			ed25519_free(k);
			st = ST_INVALID;
			break;
		}
		out[(*n)++] = k;
	}
	/* The loop ends on "no more PEM blocks", which OpenSSL queues as an error. */
	ERR_clear_error();
	BIO_free(bio);
	if (st == ST_OK && *n == 0)
		st = ST_INVALID;
	if (st != ST_OK) {
		for (size_t i = 0; i < *n; i++)
			ed25519_free(out[i]);
		*n = 0;
	}
	return st;
}

status ed25519_save_private(const ed25519_key *k, const char *path)
{
	/* O_EXCL: never replace a key (or anything else) that is already there. */
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno == EEXIST ? ST_CONFLICT : ST_INTERNAL;
	status st = ST_INTERNAL;
	BIO *bio = BIO_new_fd(fd, BIO_NOCLOSE);
	if (bio == NULL)
		goto cleanup;
	if (PEM_write_bio_PrivateKey(bio, k->pk, NULL, NULL, 0, NULL, NULL) != 1 || BIO_flush(bio) != 1)
		goto cleanup;
	if (fsync(fd) != 0)
		goto cleanup;
	st = ST_OK;
cleanup:
	BIO_free(bio);
	ERR_clear_error();
	if (close(fd) != 0)
		st = ST_INTERNAL;
	if (st != ST_OK)
		unlink(path);
	return st;
}

char *ed25519_public_pem(const ed25519_key *k)
{
	BIO *bio = BIO_new(BIO_s_mem());
	if (bio == NULL || PEM_write_bio_PUBKEY(bio, k->pk) != 1)
		abort();
	char *data;
	long len = BIO_get_mem_data(bio, &data);
	char *pem = xstrndup(data, (size_t)len);
	BIO_free(bio);
	return pem;
}

const char *ed25519_key_id(const ed25519_key *k)
{
	return k->id;
}

bool ed25519_sign(const ed25519_key *k, const void *msg, size_t n, uint8_t sig[ED25519_SIG_LEN])
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	size_t len = ED25519_SIG_LEN;
	/* Ed25519 hashes internally: no digest (NULL md) and one-shot signing. */
	bool ok = md != NULL && EVP_DigestSignInit(md, NULL, NULL, NULL, k->pk) == 1 &&
	          EVP_DigestSign(md, sig, &len, msg, n) == 1 && len == ED25519_SIG_LEN;
	EVP_MD_CTX_free(md);
	ERR_clear_error();
	return ok;
}

bool ed25519_verify(const ed25519_key *k, const void *msg, size_t n, const uint8_t sig[ED25519_SIG_LEN])
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	bool ok = md != NULL && EVP_DigestVerifyInit(md, NULL, NULL, NULL, k->pk) == 1 &&
	          EVP_DigestVerify(md, sig, ED25519_SIG_LEN, msg, n) == 1;
	EVP_MD_CTX_free(md);
	ERR_clear_error();
	return ok;
}

void ed25519_free(ed25519_key *k)
{
	if (k == NULL)
		return;
	EVP_PKEY_free(k->pk);
	free(k);
}
