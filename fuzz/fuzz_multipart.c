/* fuzz_multipart.c — libFuzzer target for multipart/form-data bodies
 * (parse_multipart, http/parse.h): the first line of the input is the
 * Content-Type header, the rest the body.
 *
 * Text fields come back as C strings (kv_list has no lengths), so a NUL let
 * through would cut a value short and hide from strlen. The harness splits
 * the body into parts itself (RFC 7578 / RFC 2046: the boundary parameter,
 * delimiters "CRLF--boundary", the part's headers up to the blank line, its
 * data up to the next delimiter), so every part's data has a length, and
 * holds an accepted body to parse.h:
 *   - one field or file per part, in order;
 *   - a file's data is its part's data, in place in the body;
 *   - a text field's value is exactly its part's data: same length and
 *     bytes, with no NUL, and valid UTF-8 (the harness's own validator);
 *   - names are non-empty UTF-8; at most PARSE_MAX_PARTS parts. */
#include <stdint.h>
#include <string.h>

#include "core/core.h"
#include "http/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX_PARTS = PARSE_MAX_PARTS + 1 };

/* Whether s[0..n) is UTF-8 as RFC 3629 defines it (Unicode 3.9, table 3-7);
 * the harness's own, so a fault in core.c does not blind the check. */
static bool utf8_ok(const uint8_t *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint8_t c = s[i];
		size_t len;
		uint8_t lo = 0x80, hi = 0xbf;
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

typedef struct part {
	const char *data;
	size_t len;
	bool is_file;
} part;

/* The boundary parameter (RFC 2046 5.1.1: 1-70 characters, quoted or a
 * token ending at ';' or white space) into b; its length, or 0. */
static size_t boundary(const char *ct, char b[71])
{
	const char *p = strstr(ct, "boundary=");
	if (p == NULL)
		return 0;
	p += strlen("boundary=");
	size_t n;
	if (*p == '"') {
		const char *end = strchr(++p, '"');
		if (end == NULL)
			return 0;
		n = (size_t)(end - p);
	} else {
		n = strcspn(p, "; \t");
	}
	if (n == 0 || n > 70)
		return 0;
	memcpy(b, p, n);
	return n;
}

/* Splits body[0..n) into parts; their number, or -1 when the body is not
 * a complete multipart body or has more than MAX_PARTS parts. */
static int split(const char *ct, const char *body, size_t n, part *parts)
{
	char delim[4 + 71];
	size_t bl = boundary(ct, delim + 4);
	if (bl == 0)
		return -1;
	memcpy(delim, "\r\n--", 4);
	size_t dl = 4 + bl;
	const char *end = body + n, *p;
	if (n >= dl - 2 && memcmp(body, delim + 2, dl - 2) == 0) {
		p = body + dl - 2; /* the first delimiter needs no CRLF before it */
	} else {
		const char *first = memmem(body, n, delim, dl);
		if (first == NULL)
			return -1;
		p = first + dl;
	}
	for (int k = 0;; k++) {
		if (end - p >= 2 && memcmp(p, "--", 2) == 0)
			return k;
		if (k == MAX_PARTS || end - p < 2 || memcmp(p, "\r\n", 2) != 0)
			return -1;
		p += 2;
		const char *hend = memmem(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (hend == NULL)
			return -1;
		const char *d = hend + 4;
		const char *next = memmem(d, (size_t)(end - d), delim, dl);
		if (next == NULL)
			return -1;
		parts[k] = (part){d, (size_t)(next - d), false};
		p = next + dl;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	const char *nl = memchr(s, '\n', size);
	if (nl == NULL)
		return 0;
	arena *a = arena_new();
	char *ct = arena_strndup(a, s, (size_t)(nl - s));
	const char *body = nl + 1;
	size_t n = size - (size_t)(nl - s) - 1;
	kv_list fields = {0};
	upload_list files = {0};
	if (parse_multipart(a, ct, body, n, &fields, &files)) {
		part parts[MAX_PARTS];
		int np = split(ct, body, n, parts);
		if (np < 0 || np > PARSE_MAX_PARTS || (size_t)np != fields.len + files.len)
			__builtin_trap();
		for (size_t i = 0; i < files.len; i++) {
			const upload *f = &files.items[i];
			int k = 0;
			while (k < np && parts[k].data != f->data)
				k++;
			if (k == np || parts[k].len != f->len || parts[k].is_file || f->field[0] == '\0' ||
			    !utf8_ok((const uint8_t *)f->field, strlen(f->field)))
				__builtin_trap();
			parts[k].is_file = true;
		}
		/* The remaining parts are the text fields, in order. */
		size_t fi = 0;
		for (int k = 0; k < np; k++) {
			if (parts[k].is_file)
				continue;
			const kv *f = &fields.items[fi++];
			const uint8_t *d = (const uint8_t *)parts[k].data;
			if (memchr(d, '\0', parts[k].len) != NULL || !utf8_ok(d, parts[k].len) ||
			    strlen(f->value) != parts[k].len || memcmp(f->value, d, parts[k].len) != 0)
				__builtin_trap();
			if (f->key[0] == '\0' || !utf8_ok((const uint8_t *)f->key, strlen(f->key)))
				__builtin_trap();
		}
	}
	arena_free(a);
	return 0;
}
