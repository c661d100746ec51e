/* fuzz_form.c — libFuzzer target for the request parsers (http/parse.h):
 * percent-decoding, urlencoded query strings and form bodies, request
 * targets and cookies.
 *
 * Parsed fields are C strings (kv_list has no lengths), so a NUL that got
 * through would cut a value short and hide from strlen. The harness decodes
 * the same bytes itself, with lengths, and holds the parsers to parse.h:
 *   - whatever a parser accepts decodes, in the harness too, to bytes with
 *     no NUL that are valid UTF-8 (checked by the harness's own validator),
 *     and each accepted string is exactly those bytes: same length, same
 *     content, so nothing was cut at a NUL;
 *   - what the harness finds well formed (every escape good, no NUL, UTF-8,
 *     no empty key, at most PARSE_MAX_FIELDS fields) is accepted: no false
 *     refusals;
 *   - cookies: names are RFC 6265 tokens, values hold no ';', at most
 *     PARSE_MAX_COOKIES of them. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "http/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether s[0..n) is UTF-8 as RFC 3629 defines it (Unicode 3.9, table 3-7):
 * no overlongs, no surrogates, nothing past U+10FFFF. Written here, not
 * borrowed from core.c, so a fault there does not blind the check. */
static bool utf8_ok(const uint8_t *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint8_t c = s[i];
		size_t len;
		uint8_t lo = 0x80, hi = 0xbf; /* the range of the second byte */
		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xc2 && c <= 0xdf) {
			len = 2;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3;
			if (c == 0xe0)
				lo = 0xa0;
			else if (c == 0xed)
				hi = 0x9f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4;
			if (c == 0xf0)
				lo = 0x90;
			else if (c == 0xf4)
				hi = 0x8f;
		} else {
			return false;
		}
		if (n - i < len || s[i + 1] < lo || s[i + 1] > hi)
			return false;
		for (size_t k = 2; k < len; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xbf)
				return false;
		i += len;
	}
	return true;
}

static int hex(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The harness's percent-decoding of s[0..n) into out (n bytes at least):
 * the decoded length, or -1 on a bad escape. NULs are kept, for the caller
 * to judge. */
static long decode(const uint8_t *s, size_t n, bool plus_is_space, uint8_t *out)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%') {
			if (n - i < 3)
				return -1;
			int h = hex(s[i + 1]), l = hex(s[i + 2]);
			if (h < 0 || l < 0)
				return -1;
			out[o++] = (uint8_t)(h << 4 | l);
			i += 2;
		} else {
			out[o++] = plus_is_space && s[i] == '+' ? ' ' : s[i];
		}
	}
	return (long)o;
}

/* Whether decoded bytes are what parse.h lets through: no NUL, UTF-8. */
static bool clean(const uint8_t *d, long n)
{
	return n >= 0 && memchr(d, '\0', (size_t)n) == NULL && utf8_ok(d, (size_t)n);
}

/* Whether the parser's string is exactly the decoded bytes. */
static bool exactly(const char *got, const uint8_t *want, long n)
{
	return got != NULL && n >= 0 && strlen(got) == (size_t)n && memcmp(got, want, (size_t)n) == 0;
}

/* Checks parse_percent_decode(s[0..n)) against the harness's decoding. */
static void check_decode(arena *a, const uint8_t *s, size_t n, bool plus_is_space, uint8_t *buf)
{
	char *got = parse_percent_decode(a, (const char *)s, n, plus_is_space);
	long dn = decode(s, n, plus_is_space, buf);
	if (got != NULL ? !clean(buf, dn) || !exactly(got, buf, dn) : clean(buf, dn))
		__builtin_trap();
}

/* Checks one answer of parse_urlencoded(s[0..n)) (ok, out) against the
 * harness's own splitting and decoding of the same bytes. */
static void check_urlencoded(const uint8_t *s, size_t n, bool ok, const kv_list *out, uint8_t *buf)
{
	size_t fields = 0;
	bool well_formed = true;
	for (size_t i = 0; i <= n;) {
		const uint8_t *amp = memchr(s + i, '&', n - i);
		size_t end = amp != NULL ? (size_t)(amp - s) : n;
		if (end > i) {
			const uint8_t *eq = memchr(s + i, '=', end - i);
			size_t klen = eq != NULL ? (size_t)(eq - (s + i)) : end - i;
			long kn = decode(s + i, klen, true, buf);
			bool key_ok = clean(buf, kn) && kn > 0;
			if (ok && (fields >= out->len || !key_ok || !exactly(out->items[fields].key, buf, kn)))
				__builtin_trap();
			long vn = eq != NULL ? decode(eq + 1, end - klen - i - 1, true, buf) : 0;
			bool value_ok = clean(buf, vn);
			if (ok && (!value_ok || !exactly(out->items[fields].value, buf, vn)))
				__builtin_trap();
			well_formed = well_formed && key_ok && value_ok;
			fields++;
		}
		if (amp == NULL)
			break;
		i = end + 1;
	}
	if (ok && fields != out->len)
		__builtin_trap();
	if (!ok && well_formed && fields <= PARSE_MAX_FIELDS)
		__builtin_trap();
}

static bool cookie_name_char(char c)
{
	return c > 0x20 && c < 0x7f && strchr("()<>@,;:\\\"/[]?={}", c) == NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena *a = arena_new();
	uint8_t *buf = malloc(size + 1);

	kv_list form = {0};
	bool ok = parse_urlencoded(a, (const char *)data, size, &form);
	check_urlencoded(data, size, ok, &form, buf);
	check_decode(a, data, size, false, buf);
	check_decode(a, data, size, true, buf);

	/* The target and the Cookie header come as C strings: up to a NUL. */
	char *text = arena_strndup(a, (const char *)data, size);
	size_t tn = strlen(text);
	const char *path = NULL;
	kv_list query = {0};
	if (tn > 0 && text[0] == '/') {
		ok = parse_target(a, text, &path, &query);
		size_t pn = strcspn(text, "?");
		long dn = decode((const uint8_t *)text, pn, false, buf);
		bool path_ok = clean(buf, dn);
		if (ok && (!path_ok || !exactly(path, buf, dn)))
			__builtin_trap();
		if (path_ok && text[pn] == '?')
			check_urlencoded((const uint8_t *)text + pn + 1, tn - pn - 1, ok, &query, buf);
		else if (!ok && path_ok)
			__builtin_trap(); /* a good path without a query is never refused */
	}

	kv_list cookies = {0};
	ok = parse_cookies(a, text, &cookies);
	if (ok && cookies.len > PARSE_MAX_COOKIES)
		__builtin_trap();
	for (size_t i = 0; i < cookies.len; i++) {
		const char *name = cookies.items[i].key;
		if (name[0] == '\0' || strchr(cookies.items[i].value, ';') != NULL)
			__builtin_trap();
		for (const char *c = name; *c; c++)
			if (!cookie_name_char(*c))
				__builtin_trap();
	}

	free(buf);
	arena_free(a);
	return 0;
}
