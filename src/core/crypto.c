/* crypto.c — thin wrappers over OpenSSL libcrypto. */
#include "core/crypto.h"

#include <stdio.h>
#include <stdlib.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <string.h>

#include "core/core.h"

void random_bytes(void *p, size_t n)
{
	if (RAND_bytes(p, (int)n) != 1) {
		fprintf(stderr, "helsami: the random number generator failed\n");
		abort();
	}
}

void sha256(const void *data, size_t n, uint8_t out[SHA256_LEN])
{
	unsigned int len = SHA256_LEN;
	if (EVP_Digest(data, n, out, &len, EVP_sha256(), NULL) != 1)
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
