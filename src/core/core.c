/* core.c — allocation, wiping and small string helpers shared by every module. */
#include "core/core.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

const char *status_name(status st)
{
	switch (st) {
	case ST_OK: return "ok";
	case ST_NOT_FOUND: return "not found";
	case ST_DENIED: return "denied";
	case ST_CONFLICT: return "conflict";
	case ST_INVALID: return "invalid";
	case ST_BUSY: return "busy";
	case ST_INTERNAL: return "internal";
	}
	return "unknown";
}

static void out_of_memory(size_t n)
{
	fprintf(stderr, "helsami: out of memory allocating %zu bytes\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		out_of_memory(n);
	return p;
}

void *xcalloc(size_t count, size_t n)
{
	void *p = calloc(count ? count : 1, n ? n : 1);
	if (p == NULL)
		out_of_memory(count * n);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (q == NULL)
		out_of_memory(n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void wipe(void *p, size_t n)
{
	if (p != NULL)
		OPENSSL_cleanse(p, n);
}

bool str_eq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

bool str_starts(const char *s, const char *prefix)
{
	return s != NULL && strncmp(s, prefix, strlen(prefix)) == 0;
}

bool str_eq_consttime(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return false;
	size_t la = strlen(a), lb = strlen(b);
	if (la != lb)
		return false;
	return CRYPTO_memcmp(a, b, la) == 0;
}

bool str_to_i64(const char *s, int64_t *out)
{
	/* strtoll would skip leading white space and take a plus sign. */
	if (s == NULL || !(*s == '-' || (*s >= '0' && *s <= '9')))
		return false;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return false;
	*out = v;
	return true;
}

size_t i64_to_decimal(char *out, int64_t v)
{
	char digits[I64_DECIMAL_MAX];
	size_t n = 0, len = 0;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	do {
		digits[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		out[len++] = '-';
	while (n > 0)
		out[len++] = digits[--n];
	return len;
}

bool utf8_decode(const char *str, size_t n, size_t *i, uint32_t *out)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char c = s[*i];
	uint32_t cp;
	size_t len;
	if (c < 0x80) {
		*out = c;
		(*i)++;
		return true;
	} else if (c >= 0xc2 && c <= 0xdf) {
		cp = c & 0x1f;
		len = 2;
	} else if (c >= 0xe0 && c <= 0xef) {
		cp = c & 0x0f;
		len = 3;
	} else if (c >= 0xf0 && c <= 0xf4) {
		cp = c & 0x07;
		len = 4;
	} else {
		return false;
	}
	if (n - *i < len)
		return false;
	for (size_t k = 1; k < len; k++) {
		unsigned char cc = s[*i + k];
		if ((cc & 0xc0) != 0x80)
			return false;
		cp = (cp << 6) | (cc & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
		return false;
	*out = cp;
	*i += len;
	return true;
}

bool utf8_valid(const char *str, size_t n)
{
	size_t i = 0;
	uint32_t cp;
	while (i < n)
		if (!utf8_decode(str, n, &i, &cp))
			return false;
	return true;
}

bool text_char_allowed(uint32_t c, bool multiline)
{
	if (c == '\n' || c == '\t')
		return multiline;
	if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
		return false;
	if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029)
		return false;
	return !(c == 0xfeff || (c >= 0xfff9 && c <= 0xfffb) || (c >= 0xfdd0 && c <= 0xfdef) || (c & 0xfffe) == 0xfffe);
}

bool text_clean(const char *s, bool multiline)
{
	size_t n = strlen(s), i = 0;
	uint32_t cp;
	while (i < n)
		if (!utf8_decode(s, n, &i, &cp) || !text_char_allowed(cp, multiline))
			return false;
	return true;
}

size_t utf8_length(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

size_t utf8_prefix(const char *s, size_t n, size_t chars)
{
	size_t i = 0;
	for (size_t seen = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 && seen++ == chars)
			break;
	return i;
}

/* ---- URLs ----------------------------------------------------------------------- */

/* Splits scheme://host[:port]/... ; host without brackets into host. */
static bool url_host(const char *url, char *scheme, size_t scheme_size, char *host, size_t host_size)
{
	const char *sep = strstr(url, "://");
	if (sep == NULL || (size_t)(sep - url) >= scheme_size)
		return false;
	memcpy(scheme, url, (size_t)(sep - url));
	scheme[sep - url] = '\0';
	const char *h = sep + 3;
	const char *end;
	if (*h == '[') {
		end = strchr(h, ']');
		if (end == NULL)
			return false;
		h++;
	} else {
		end = h + strcspn(h, ":/?#");
	}
	size_t n = (size_t)(end - h);
	if (n == 0 || n >= host_size || memchr(h, '@', n) != NULL)
		return false;
	memcpy(host, h, n);
	host[n] = '\0';
	return true;
}

static bool host_loopback(const char *host)
{
	if (strcmp(host, "localhost") == 0)
		return true;
	struct in_addr v4;
	if (inet_pton(AF_INET, host, &v4) == 1)
		return (ntohl(v4.s_addr) >> 24) == 127;
	struct in6_addr v6;
	return inet_pton(AF_INET6, host, &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

bool url_https_or_loopback(const char *url)
{
	char scheme[8], host[256];
	if (url == NULL || !url_host(url, scheme, sizeof scheme, host, sizeof host))
		return false;
	for (const char *p = url; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return false;
	if (strcmp(scheme, "https") == 0)
		return true;
	return strcmp(scheme, "http") == 0 && host_loopback(host);
}
