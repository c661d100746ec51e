/* import_sysvak.c — `helsami import sysvak FILE`: vaccinations from the
 * national immunisation registry (SPEC.md H4) in the format of
 * integrations/sysvak.h (docs/sysvak.md).
 *
 * All or nothing. Every line is read and checked, and every bad line is
 * reported with its number and what is wrong with it; if any line is bad,
 * nothing is imported (exit 1) and the operator fixes the file and runs the
 * command again. A registry delivery is one consistent whole: a file with
 * some bad lines may be shifted or truncated, and importing the lines that
 * merely look good would hide that. The import runs in one transaction, so
 * it is also all or nothing when the database fails halfway.
 *
 * Idempotent. Each vaccination's key is the registry's own: person, ATC
 * code, date and dose (a unique index in the schema). A line already
 * imported changes nothing; the same key with another name or batch is a
 * registry correction and updates the row. Importing the same file twice
 * changes nothing, and writes no access-log entries the second time.
 *
 * Output names line numbers and problems, never identity numbers or
 * vaccines: health data stays out of terminals and logs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/log.h"
#include "domain/summary.h"
#include "integrations/sysvak.h"

/* Problems printed one by one; past this many, only counted. */
enum { REPORT_MAX = 1000 };

/* The registry key of each line seen, to catch one vaccination given twice
 * in a file with different details: open addressing over FNV-1a hashes. */
struct seen_entry {
	char *key;       /* "nin|atc|date|dose" */
	uint64_t detail; /* hash of name and batch */
	long line;
};

struct seen {
	struct seen_entry *slots;
	size_t cap, n;
};

static uint64_t fnv(const char *s, uint64_t h)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211u;
	}
	return h;
}

static void seen_free(struct seen *t)
{
	for (size_t i = 0; i < t->cap; i++)
		free(t->slots[i].key);
	free(t->slots);
	*t = (struct seen){0};
}

static struct seen_entry *seen_slot(struct seen *t, const char *key)
{
	size_t i = (size_t)fnv(key, 14695981039346656037u) & (t->cap - 1);
	while (t->slots[i].key != NULL && strcmp(t->slots[i].key, key) != 0)
		i = (i + 1) & (t->cap - 1);
	return &t->slots[i];
}

static void seen_grow(struct seen *t)
{
	struct seen old = *t;
	t->cap = old.cap ? old.cap * 2 : 1024;
	t->slots = xcalloc(t->cap, sizeof *t->slots);
	for (size_t i = 0; i < old.cap; i++)
		if (old.slots[i].key != NULL)
			*seen_slot(t, old.slots[i].key) = old.slots[i];
	free(old.slots);
}

/* 0 when the key is new (remembered), else the earlier line's number;
 * *same tells whether that line had the same details. */
static long seen_check(struct seen *t, const char *key, uint64_t detail, long line, bool *same)
{
	if (t->n * 2 >= t->cap)
		seen_grow(t);
	struct seen_entry *e = seen_slot(t, key);
	if (e->key != NULL) {
		*same = e->detail == detail;
		return e->line;
	}
	*e = (struct seen_entry){xstrdup(key), detail, line};
	t->n++;
	return 0;
}

struct import {
	FILE *f;
	const char *path;
	bool dev;
	unix_time now;
	/* Results, reset at the start of each try of the transaction. */
	long lines, records, bad, added, updated, unchanged;
	buf report;
	bool no_header;
};

static void problem(struct import *im, long line, const char *text)
{
	im->bad++;
	if (im->bad <= REPORT_MAX)
		buf_printf(&im->report, "%s:%ld: %s\n", im->path, line, text);
}

static const char *import_error_text(enum vaccine_import_error e)
{
	switch (e) {
	case VACCINE_IMPORT_UNKNOWN_PERSON: return "no person with this identity number is in the population register";
	case VACCINE_IMPORT_BEFORE_BIRTH: return "given_on is before the person was born";
	case VACCINE_IMPORT_FUTURE: return "given_on is in the future";
	case VACCINE_IMPORT_OK: break;
	}
	return "the line cannot be imported";
}

/* One data line: parse, check against the register, store. A database
 * failure ends the import; a bad line is reported and the reading goes on. */
static status import_line(struct import *im, ctx *x, struct seen *seen, const char *line, size_t len)
{
	sysvak_record r;
	enum sysvak_error e = sysvak_parse_line(x->arena, line, len, &r);
	if (e != SYSVAK_OK) {
		problem(im, im->lines, sysvak_error_text(e));
		return ST_OK;
	}
	if (r.synthetic && !im->dev) {
		problem(im, im->lines, "nin is a synthetic test number, accepted only with --dev");
		return ST_OK;
	}
	im->records++;
	const char *key = arena_printf(x->arena, "%s|%s|%s|%lld", r.nin, r.atc, r.given_on, (long long)r.dose);
	uint64_t detail = fnv(r.batch ? r.batch : "", fnv("|", fnv(r.vaccine, 14695981039346656037u)));
	bool same = false;
	long earlier = seen_check(seen, key, detail, im->lines, &same);
	if (earlier != 0 && !same) {
		problem(im, im->lines,
		        arena_printf(x->arena,
		                     "the same vaccination (person, atc, given_on, dose) as line %ld, with another "
		                     "vaccine name or batch",
		                     earlier));
		return ST_OK;
	}
	vaccine_import_in in = {r.nin, r.atc, r.vaccine, r.given_on, r.batch, r.dose};
	enum vaccine_import_outcome outcome;
	enum vaccine_import_error why;
	status st = vaccine_import_one(x, &in, &outcome, &why);
	if (st == ST_INVALID) {
		problem(im, im->lines, import_error_text(why));
		return ST_OK;
	}
	if (st != ST_OK)
		return st;
	if (outcome == VACCINE_ADDED)
		im->added++;
	else if (outcome == VACCINE_UPDATED)
		im->updated++;
	else
		im->unchanged++;
	return ST_OK;
}

/* The transaction: reads the whole file from the start (so a retry redoes
 * everything) and rolls back when any line was bad. */
static status import_fn(db_conn *c, void *arg)
{
	struct import *im = arg;
	im->lines = im->records = im->bad = im->added = im->updated = im->unchanged = 0;
	im->no_header = false;
	im->report.len = 0;
	if (im->report.data != NULL)
		im->report.data[0] = '\0';
	rewind(im->f);

	arena *ar = arena_new();
	ctx x = {.arena = ar, .db = c, .locale = LOCALE_EN, .now = im->now, .who = {.kind = ACTOR_SYSTEM}};
	struct seen seen = {0};
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	bool header = false;
	status st = ST_OK;
	while (st == ST_OK && (n = getline(&line, &cap, im->f)) >= 0) {
		im->lines++;
		size_t len = (size_t)n;
		if (len > 0 && line[len - 1] == '\n')
			len--;
		const char *p = line;
		if (im->lines == 1 && len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
			p += 3;
			len -= 3;
		}
		if (len <= SYSVAK_LINE_MAX && sysvak_skip_line(p, len))
			continue;
		if (!header) {
			if (!sysvak_is_header(p, len)) {
				problem(im, im->lines, "expected the header line: nin,atc,vaccine,given_on,dose,batch");
				im->no_header = true;
				break;
			}
			header = true;
			continue;
		}
		arena_reset(ar);
		st = import_line(im, &x, &seen, p, len);
	}
	if (st == ST_OK && ferror(im->f)) {
		fprintf(stderr, "import sysvak: reading %s failed\n", im->path);
		st = ST_INTERNAL;
	}
	if (st == ST_OK && !header && !im->no_header) {
		problem(im, im->lines ? im->lines : 1, "the file has no header line and no vaccinations");
		im->no_header = true;
	}
	free(line);
	seen_free(&seen);
	arena_free(ar);
	if (st == ST_OK && im->bad > 0)
		st = ST_INVALID; /* roll back: all or nothing */
	return st;
}

int cli_import_sysvak(db *d, const char *path, bool dev)
{
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		fprintf(stderr, "import sysvak: cannot open %s\n", path);
		return 1;
	}
	db_conn *c = db_thread_conn(d);
	if (c == NULL) {
		fprintf(stderr, "import sysvak: cannot connect to the database\n");
		fclose(f);
		return 1;
	}
	struct import im = {.f = f, .path = path, .dev = dev, .now = clock_system_now()};
	buf_init(&im.report, 1024);
	status st = db_tx(c, true, import_fn, &im);
	fclose(f);
	int rc = 0;
	if (st == ST_OK) {
		printf("import sysvak: %ld vaccinations read: %ld added, %ld updated, %ld unchanged\n", im.records,
		       im.added, im.updated, im.unchanged);
	} else if (st == ST_INVALID) {
		fputs(im.report.data, stderr);
		if (im.bad > REPORT_MAX)
			fprintf(stderr, "import sysvak: ... and %ld more problems\n", im.bad - REPORT_MAX);
		fprintf(stderr,
		        "import sysvak: %ld bad line%s in %s; nothing was imported. Fix %s and run the import again.\n",
		        im.bad, im.bad == 1 ? "" : "s", path, im.bad == 1 ? "it" : "them");
		rc = 1;
	} else {
		fprintf(stderr, "import sysvak: failed (%s); nothing was imported\n", status_name(st));
		rc = 1;
	}
	buf_free(&im.report);
	return rc;
}
