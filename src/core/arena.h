/* arena.h — a bump allocator for request-scoped memory: everything allocated
 * from it dies together in arena_free (or arena_reset). */
#ifndef HELSAMI_ARENA_H
#define HELSAMI_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct arena arena;

arena *arena_new(void);
void arena_free(arena *a);
/* Frees everything but the first block, so a reused arena does not grow. */
void arena_reset(arena *a);

/* Memory is 16-byte aligned, zeroed, and owned by the arena. Never NULL. */
void *arena_alloc(arena *a, size_t n);
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(arena *a, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

#endif
