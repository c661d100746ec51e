/* i18n.c — the message catalog: parsed once at start-up into an open-addressing
 * hash table (the catalog never changes while serving, so lookups take no
 * lock), and the negotiation of the request's locale. */
#include "web/i18n.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/assets.h"
#include "core/log.h"

/* Longest key and longest line we accept: a catalog line is one message, and
 * a message longer than this belongs in a template, not in the catalog. */
enum { KEY_MAX = 128, LINE_MAX_LEN = 4096 };

static const char *const locale_codes[LOCALE_COUNT] = {"nb", "en"};

struct entry {
	const char *key; /* NULL: empty slot */
	const char *text[LOCALE_COUNT];
};

struct catalog {
	arena *mem;          /* keys and texts */
	struct entry *slots; /* power-of-two size, at most half full */
	size_t mask;
	size_t count;
};

static struct catalog *current;

static uint64_t hash_key(const char *s)
{
	/* FNV-1a: short keys, no adversary (the catalog is ours). */
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static struct entry *slot_for(const struct catalog *cat, const char *key)
{
	size_t i = (size_t)hash_key(key) & cat->mask;
	while (cat->slots[i].key != NULL && strcmp(cat->slots[i].key, key) != 0)
		i = (i + 1) & cat->mask;
	return &cat->slots[i];
}

static void catalog_free(struct catalog *cat)
{
	if (cat == NULL)
		return;
	arena_free(cat->mem);
	free(cat->slots);
	free(cat);
}

static void catalog_grow(struct catalog *cat)
{
	size_t old_size = cat->mask + 1;
	struct entry *old = cat->slots;
	cat->slots = xcalloc(old_size * 2, sizeof *cat->slots);
	cat->mask = old_size * 2 - 1;
	for (size_t i = 0; i < old_size; i++)
		if (old[i].key != NULL)
			*slot_for(cat, old[i].key) = old[i];
	free(old);
}

/* Parser state for one catalog text. */
struct parse {
	struct catalog *cat;
	struct entry *cur; /* the entry being filled, or NULL */
	bool skip;         /* inside a rejected key: its lines were reported with it */
	int cur_line;
	int errors;
};

static void parse_error(struct parse *p, int line, const char *what, const char *key)
{
	p->errors++;
	if (key != NULL)
		log_error("i18n/catalog.txt:%d: [%s]: %s", line, key, what);
	else
		log_error("i18n/catalog.txt:%d: %s", line, what);
}

/* Checks the entry just finished has every language. */
static void finish_entry(struct parse *p)
{
	if (p->cur == NULL)
		return;
	for (int l = 0; l < LOCALE_COUNT; l++)
		if (p->cur->text[l] == NULL) {
			char what[64];
			snprintf(what, sizeof what, "no text for language \"%s\"", locale_codes[l]);
			parse_error(p, p->cur_line, what, p->cur->key);
		}
	p->cur = NULL;
}

static bool key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static void parse_key_line(struct parse *p, int line, const char *s, size_t n)
{
	finish_entry(p);
	p->skip = true;
	/* s[0] is '[' */
	if (n < 3 || s[n - 1] != ']') {
		parse_error(p, line, "a key line looks like [some.key]", NULL);
		return;
	}
	const char *k = s + 1;
	size_t klen = n - 2;
	bool ok = klen <= KEY_MAX;
	for (size_t i = 0; ok && i < klen; i++)
		ok = key_char(k[i]);
	if (!ok) {
		parse_error(p, line, "a key is 1-128 of a-z 0-9 _ . -", NULL);
		return;
	}
	char *key = arena_strndup(p->cat->mem, k, klen);
	struct entry *e = slot_for(p->cat, key);
	if (e->key != NULL) {
		parse_error(p, line, "duplicate key", key);
		return;
	}
	p->skip = false;
	e->key = key;
	p->cat->count++;
	if (p->cat->count * 2 > p->cat->mask + 1) {
		catalog_grow(p->cat);
		e = slot_for(p->cat, key);
	}
	p->cur = e;
	p->cur_line = line;
}

static void parse_text_line(struct parse *p, int line, const char *s, size_t n)
{
	const char *eq = memchr(s, '=', n);
	if (eq == NULL) {
		parse_error(p, line, "expected [key], \"lang = text\" or a # comment", NULL);
		return;
	}
	size_t llen = (size_t)(eq - s);
	while (llen > 0 && is_space(s[llen - 1]))
		llen--;
	const char *t = eq + 1;
	size_t tlen = n - (size_t)(t - s);
	while (tlen > 0 && is_space(*t)) {
		t++;
		tlen--;
	}
	if (p->skip)
		return;
	if (p->cur == NULL) {
		parse_error(p, line, "text before the first [key]", NULL);
		return;
	}
	int loc = -1;
	for (int l = 0; l < LOCALE_COUNT; l++)
		if (llen == 2 && memcmp(s, locale_codes[l], 2) == 0)
			loc = l;
	if (loc < 0) {
		parse_error(p, line, "unknown language (nb or en)", p->cur->key);
		return;
	}
	if (p->cur->text[loc] != NULL) {
		parse_error(p, line, "language given twice", p->cur->key);
		return;
	}
	if (tlen == 0) {
		parse_error(p, line, "empty text", p->cur->key);
		return;
	}
	p->cur->text[loc] = arena_strndup(p->cat->mem, t, tlen);
}

status i18n_load_text(const char *text)
{
	struct parse p = {0};
	p.cat = xcalloc(1, sizeof *p.cat);
	p.cat->mem = arena_new();
	p.cat->slots = xcalloc(256, sizeof *p.cat->slots);
	p.cat->mask = 255;

	const char *s = text;
	if (strncmp(s, "\xEF\xBB\xBF", 3) == 0) /* a byte-order mark some editors add */
		s += 3;
	int line = 0;
	while (*s != '\0') {
		line++;
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		const char *next = nl ? nl + 1 : s + n;
		while (n > 0 && is_space(*s)) {
			s++;
			n--;
		}
		while (n > 0 && is_space(s[n - 1]))
			n--;
		if (n > LINE_MAX_LEN)
			parse_error(&p, line, "line too long", p.cur ? p.cur->key : NULL);
		else if (n == 0 || s[0] == '#')
			; /* blank or comment */
		else if (s[0] == '[')
			parse_key_line(&p, line, s, n);
		else
			parse_text_line(&p, line, s, n);
		s = next;
	}
	finish_entry(&p);

	if (p.errors > 0) {
		catalog_free(p.cat);
		return ST_INVALID;
	}
	catalog_free(current);
	current = p.cat;
	return ST_OK;
}

status i18n_load(void)
{
	const struct asset *a = asset_find("catalog.txt");
	if (a == NULL) {
		log_error("i18n: catalog.txt is not built in");
		return ST_INTERNAL;
	}
	status st = i18n_load_text(a->data);
	if (st == ST_OK)
		log_debug("i18n: %zu messages", current->count);
	return st;
}

bool i18n_ready(void)
{
	return current != NULL;
}

void i18n_free(void)
{
	catalog_free(current);
	current = NULL;
}

const char *i18n_find(enum locale loc, const char *key)
{
	if (current == NULL || key == NULL || (unsigned)loc >= LOCALE_COUNT)
		return NULL;
	const struct entry *e = slot_for(current, key);
	return e->key != NULL ? e->text[loc] : NULL;
}

const char *i18n_text(enum locale loc, const char *key)
{
	const char *t = i18n_find(loc, key);
	if (t != NULL)
		return t;
	log_error("i18n: unknown message key \"%s\"", key ? key : "(null)");
	return key ? key : "";
}

const char *i18n_locale_code(enum locale loc)
{
	return (unsigned)loc < LOCALE_COUNT ? locale_codes[loc] : locale_codes[LOCALE_NB];
}

bool i18n_locale_parse(const char *code, enum locale *out)
{
	if (code == NULL)
		return false;
	for (int l = 0; l < LOCALE_COUNT; l++)
		if (strcasecmp(code, locale_codes[l]) == 0) {
			*out = (enum locale)l;
			return true;
		}
	return false;
}

/* The locale of a language tag's primary subtag (nb-NO, no, nn, en-GB), or -1. */
static int tag_locale(const char *tag, size_t n)
{
	size_t p = 0;
	while (p < n && tag[p] != '-' && tag[p] != '_')
		p++;
	if (p != 2)
		return -1;
	if (strncasecmp(tag, "nb", 2) == 0 || strncasecmp(tag, "no", 2) == 0 || strncasecmp(tag, "nn", 2) == 0)
		return LOCALE_NB;
	if (strncasecmp(tag, "en", 2) == 0)
		return LOCALE_EN;
	return -1;
}

/* A q-value "0", "0.5", "1", "1.000" as thousandths, or -1 if malformed. */
static int parse_q(const char *s, size_t n)
{
	if (n == 0 || (s[0] != '0' && s[0] != '1'))
		return -1;
	int q = (s[0] - '0') * 1000;
	if (n == 1)
		return q;
	if (s[1] != '.' || n > 5)
		return -1;
	int scale = 100;
	for (size_t i = 2; i < n; i++, scale /= 10) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		q += (s[i] - '0') * scale;
	}
	return q > 1000 ? -1 : q;
}

/* Accept-Language (RFC 9110 §12.5.4): the supported language with the highest
 * q; on a tie the first listed. -1 if none is acceptable. */
static int accept_language_locale(const char *h)
{
	int best = -1, best_q = 0;
	const char *s = h;
	while (*s != '\0') {
		const char *end = strchr(s, ',');
		size_t n = end ? (size_t)(end - s) : strlen(s);
		const char *semi = memchr(s, ';', n);
		size_t tlen = semi ? (size_t)(semi - s) : n;
		const char *tag = s;
		while (tlen > 0 && (*tag == ' ' || *tag == '\t')) {
			tag++;
			tlen--;
		}
		while (tlen > 0 && (tag[tlen - 1] == ' ' || tag[tlen - 1] == '\t'))
			tlen--;
		int q = 1000;
		if (semi != NULL) {
			/* parameters: only q matters */
			const char *prm = semi + 1;
			size_t plen = n - (size_t)(prm - s);
			while (plen > 0 && (*prm == ' ' || *prm == '\t')) {
				prm++;
				plen--;
			}
			while (plen > 0 && (prm[plen - 1] == ' ' || prm[plen - 1] == '\t'))
				plen--;
			if (plen >= 2 && (prm[0] == 'q' || prm[0] == 'Q') && prm[1] == '=')
				q = parse_q(prm + 2, plen - 2);
			else
				q = -1;
		}
		int loc = tag_locale(tag, tlen);
		if (loc >= 0 && q > best_q) {
			best = loc;
			best_q = q;
		}
		if (end == NULL)
			break;
		s = end + 1;
	}
	return best;
}

enum locale i18n_locale_from(const char *lang_query, const char *lang_cookie, const char *accept_language)
{
	enum locale loc;
	if (i18n_locale_parse(lang_query, &loc))
		return loc;
	if (i18n_locale_parse(lang_cookie, &loc))
		return loc;
	if (accept_language != NULL) {
		int l = accept_language_locale(accept_language);
		if (l >= 0)
			return (enum locale)l;
	}
	return LOCALE_NB;
}

const char *i18n_text_code(enum locale loc, arena *a, const char *prefix, const char *code)
{
	return i18n_text(loc, arena_printf(a, "%s%s", prefix, code));
}

/* ---- dates and times ------------------------------------------------------------ */

/* d is a valid date (its callers check or compute it). */
static const char *day_text(arena *a, enum locale loc, date d)
{
	static const char *const months[] = {
	    "date.month.1", "date.month.2", "date.month.3", "date.month.4",  "date.month.5",  "date.month.6",
	    "date.month.7", "date.month.8", "date.month.9", "date.month.10", "date.month.11", "date.month.12",
	};
	const char *month = i18n_text(loc, months[d.month - 1]);
	if (loc == LOCALE_EN)
		return arena_printf(a, "%d %s %d", d.day, month, d.year);
	return arena_printf(a, "%d. %s %d", d.day, month, d.year);
}

const char *i18n_date_text(arena *a, enum locale loc, const char *iso)
{
	date d;
	if (iso == NULL)
		return "";
	if (!date_parse(iso, &d) || !date_valid(d))
		return iso;
	return day_text(a, loc, d);
}

const char *i18n_time_text(arena *a, enum locale loc, unix_time t)
{
	date d;
	int h, m;
	time_in_oslo(t, &d, &h, &m);
	if (loc == LOCALE_EN)
		return arena_printf(a, "%s, %02d:%02d", day_text(a, loc, d), h, m);
	return arena_printf(a, "%s kl. %02d.%02d", day_text(a, loc, d), h, m);
}
