/* buf.h — a growable byte buffer (heap-owned) for response bodies and the like. */
#ifndef HELSAMI_BUF_H
#define HELSAMI_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

typedef struct buf {
	char *data; /* always NUL-terminated when non-NULL */
	size_t len, cap;
} buf;

void buf_init(buf *b, size_t cap);
void buf_free(buf *b);
/* Hands the data to the caller (who frees it) and empties the buffer. */
char *buf_take(buf *b, size_t *len);
void buf_reserve(buf *b, size_t extra);
void buf_put(buf *b, const void *p, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
/* Appends v in decimal. */
void buf_put_int(buf *b, int64_t v);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Appends s percent-encoded (RFC 3986): every byte but the unreserved
 * characters (letters, digits, "-._~") and those in keep ("" for none; "/"
 * for a path) becomes %XX. */
void buf_put_percent(buf *b, const char *s, const char *keep);

#endif
