/* parse.h — socket-free parsers for what clients send: request targets,
 * percent-decoding, urlencoded query strings and form bodies, and Cookie
 * headers. Each takes
 * untrusted bytes, never reads past the given length, and reports malformed
 * input instead of guessing. Fuzzed by fuzz/fuzz_form.c and, in place, by
 * fuzz/fuzz_request.c. */
#ifndef HELSAMI_HTTP_PARSE_H
#define HELSAMI_HTTP_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "web/web.h"

/* Hard limits: generous for real forms, small enough to bound work per request. */
enum {
	PARSE_MAX_FIELDS = 256, /* fields in one query string or form */
	PARSE_MAX_COOKIES = 64,
};

/* Decodes %XX escapes (and '+' as space when plus_is_space) of s[0..n) into a
 * new arena string. Returns NULL on a bad escape, an encoded NUL, or invalid UTF-8. */
char *parse_percent_decode(arena *a, const char *s, size_t n, bool plus_is_space);

/* Parses "a=1&b=2" (application/x-www-form-urlencoded) into out. Returns
 * false on malformed input or more than PARSE_MAX_FIELDS fields; out then
 * holds what came before the fault and must not be used. */
bool parse_urlencoded(arena *a, const char *s, size_t n, kv_list *out);

/* Parses a Cookie header ("a=1; b=2"). Malformed pairs are skipped, as
 * browsers send cookies set by others too; returns false only past
 * PARSE_MAX_COOKIES (answered 431: the header is larger than we take). */
bool parse_cookies(arena *a, const char *header, kv_list *out);

/* Splits a request target as sent ("/path?query", still percent-encoded)
 * into its decoded path and query fields. The path must begin with '/';
 * every escape must be well formed and decode to UTF-8 without NUL, in the
 * path as in the query ("%zz" and "%00" are refused, never taken literally
 * or as the end of the string). Returns false on anything malformed and on
 * more than PARSE_MAX_FIELDS query fields (both answered 400); *path and
 * query are then not to be used. */
bool parse_target(arena *a, const char *target, const char **path, kv_list *query);

/* Parses a multipart/form-data body (RFC 7578) given its Content-Type header:
 * text parts go to fields (UTF-8, no NUL), file parts (with a filename) to
 * files, their data pointing into body. False on anything malformed: no or a
 * bad boundary, a missing final delimiter, more than PARSE_MAX_PARTS parts, a
 * part without a name, or oversized part headers. */
enum { PARSE_MAX_PARTS = 32, PARSE_MAX_PART_HEADERS = 4096 };
bool parse_multipart(arena *a, const char *content_type, const char *body, size_t n, kv_list *fields,
                     upload_list *files);

#endif
