/* arena.c — bump allocation in chained blocks. */
#include "core/arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

/* One block covers a typical page render; large requests chain more. */
enum { ARENA_BLOCK = 16 * 1024 };

struct block {
	struct block *next;
	size_t size, used;
	_Alignas(16) unsigned char data[];
};

struct arena {
	struct block *head; /* newest first; the original block is last */
};

static struct block *block_new(size_t size)
{
	struct block *b = xmalloc(sizeof *b + size);
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

arena *arena_new(void)
{
	arena *a = xcalloc(1, sizeof *a);
	a->head = block_new(ARENA_BLOCK);
	return a;
}

static void free_chain(struct block *b)
{
	while (b != NULL) {
		struct block *next = b->next;
		free(b);
		b = next;
	}
}

void arena_free(arena *a)
{
	if (a == NULL)
		return;
	free_chain(a->head);
	free(a);
}

void arena_reset(arena *a)
{
	struct block *b = a->head;
	while (b->next != NULL) {
		struct block *next = b->next;
		free(b);
		b = next;
	}
	b->used = 0;
	a->head = b;
}

void *arena_alloc(arena *a, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	struct block *b = a->head;
	if (b->size - b->used < n) {
		struct block *nb = block_new(n > ARENA_BLOCK ? n : ARENA_BLOCK);
		/* New blocks go second so the first (reset-surviving) block stays last. */
		nb->next = b;
		a->head = nb;
		b = nb;
	}
	void *p = b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

/* Formats straight into the newest block's free space, and only when the
 * text does not fit there formats again into a new allocation: most texts
 * are short, so most calls format once (a page formats dozens). */
char *arena_vprintf(arena *a, const char *fmt, va_list ap)
{
	struct block *b = a->head;
	size_t room = b->size - b->used;
	char *p = (char *)b->data + b->used;
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(p, room, fmt, copy);
	va_end(copy);
	if (n < 0)
		return arena_strdup(a, "");
	if ((size_t)n < room) {
		b->used += ((size_t)n + 1 + 15) & ~(size_t)15;
		return p;
	}
	p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}
