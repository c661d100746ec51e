/* core.h — what every module shares: status codes, allocation that aborts on
 * failure, secret wiping, and a few small string helpers. */
#ifndef HELSAMI_CORE_H
#define HELSAMI_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Every fallible function returns one of these; compare explicitly. */
typedef enum status {
	ST_OK = 0,
	ST_NOT_FOUND,
	ST_DENIED,
	ST_CONFLICT, /* a constraint said no (double booking, duplicate) */
	ST_INVALID,  /* the caller's input is wrong */
	ST_BUSY,     /* transient: busy database, serialization failure; retry */
	ST_INTERNAL, /* our bug or the environment's failure */
} status;

const char *status_name(status st);

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation failure aborts: callers need no NULL checks. */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Overwrite a secret so it does not linger in memory after use. */
void wipe(void *p, size_t n);

bool str_eq(const char *a, const char *b);
bool str_starts(const char *s, const char *prefix);
/* Constant-time comparison for secrets of equal length. */
bool str_eq_consttime(const char *a, const char *b);
/* Decodes the code point at s[*i] (n bytes in all) and advances *i. False on
 * malformed input: truncation, overlongs, surrogates, values past U+10FFFF. */
bool utf8_decode(const char *s, size_t n, size_t *i, uint32_t *out);
/* Whether s[0..n) is valid UTF-8 (no overlongs, no surrogates). */
bool utf8_valid(const char *s, size_t n);
/* Characters no stored text may hold: controls, bidi embeddings, overrides
 * and isolates (they make text display other than it reads, "Trojan
 * Source"), line and paragraph separators, the BOM, interlinear annotations
 * and non-characters. Line breaks and tabs only in multi-line text. */
bool text_char_allowed(uint32_t c, bool multiline);
/* Whether s is valid UTF-8 made only of allowed characters. */
bool text_clean(const char *s, bool multiline);
/* Characters (code points) in a UTF-8 string. */
size_t utf8_length(const char *s);
/* The bytes of s[0..n) that hold its first `chars` characters (n when it
 * has no more): where to cut UTF-8 text without splitting a character. */
size_t utf8_prefix(const char *s, size_t n, size_t chars);
/* Parses a decimal int64 occupying the whole string; false on any junk. */
bool str_to_i64(const char *s, int64_t *out);
/* Writes v in decimal at out, without a NUL: at most I64_DECIMAL_MAX
 * characters (20 digits and a sign). Returns how many. */
enum { I64_DECIMAL_MAX = 21 };
size_t i64_to_decimal(char *out, int64_t v);

/* Whether url may carry secrets or health data: https, or plain http to a
 * loopback host (127.0.0.0/8, ::1, localhost; a test's server), with no
 * user part and no control characters. */
bool url_https_or_loopback(const char *url);

#endif
