/* import_questionnaire.c — `helsami import questionnaire FILE`: a FHIR R4
 * Questionnaire (JSON) becomes a questionnaire clinicians can send (SPEC.md
 * Q1), if it stays within what helsami understands
 * (domain/questionnaire_form.h, docs/questionnaires.md).
 *
 * Idempotent: importing the same file again changes nothing. A published
 * version never changes: the same url and version with other content is
 * refused, so answers already given always refer to the questions asked.
 * To change a questionnaire, give it a new version. --url, --name and
 * --version set or override the questionnaire's identity (forms published
 * without a url or version); the stored resource carries them. Each
 * --valueset FILE is a ValueSet an item's answerValueSet names by url; it
 * is stored contained in the questionnaire. Every
 * problem is reported at once, one a line, each naming the item (linkId and
 * path). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "domain/questionnaires.h"

struct import {
	const qf_identity *set;
	const char *json;
	size_t len;
	unix_time now;
	int64_t id;
	bool created;
	const char *error;
	arena *a;
};

static status import_fn(db_conn *c, void *arg)
{
	struct import *im = arg;
	return questionnaires_import_as(c, im->json, im->len, im->set, im->now, &im->id, &im->created, &im->error,
	                                im->a);
}

bool cli_read_questionnaire_file(const char *path, buf *out)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return false;
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && out->len <= QF_FILE_MAX_BYTES)
		buf_put(out, chunk, n);
	bool ok = !ferror(f);
	fclose(f);
	return ok;
}

/* Reads the --valueset files into set's texts (from a). */
static bool read_value_sets(qf_identity *set, arena *a)
{
	for (size_t i = 0; i < set->nvalue_sets; i++) {
		buf text;
		buf_init(&text, 4096);
		bool ok = cli_read_questionnaire_file(set->value_set_files[i], &text);
		if (ok) {
			set->value_set_texts[i] = arena_strndup(a, text.data, text.len);
			set->value_set_lens[i] = text.len;
		} else
			fprintf(stderr, "import questionnaire: cannot read %s\n", set->value_set_files[i]);
		buf_free(&text);
		if (!ok)
			return false;
	}
	return true;
}

int cli_import_questionnaire(db *d, const char *path, const qf_identity *given)
{
	buf text;
	buf_init(&text, 16384);
	qf_identity set_storage = *given, *set = &set_storage;
	arena *files = arena_new();
	bool read = cli_read_questionnaire_file(path, &text);
	if (!read)
		fprintf(stderr, "import questionnaire: cannot read %s\n", path);
	if (!read || !read_value_sets(set, files)) {
		arena_free(files);
		buf_free(&text);
		return 1;
	}
	db_conn *c = db_thread_conn(d);
	if (c == NULL) {
		fprintf(stderr, "import questionnaire: cannot connect to the database\n");
		arena_free(files);
		buf_free(&text);
		return 1;
	}
	struct import im = {
	    .set = set, .json = text.data, .len = text.len, .now = clock_system_now(), .a = arena_new()};
	status st = db_tx(c, true, import_fn, &im);
	int rc = 0;
	if (st == ST_OK) {
		printf("import questionnaire: %s: %s (id %lld)\n", path,
		       im.created ? "imported" : "already imported, unchanged", (long long)im.id);
	} else {
		if (im.error != NULL && strchr(im.error, '\n') != NULL) /* every problem, one a line */
			fprintf(stderr, "import questionnaire: %s: nothing was imported:\n%s\n", path, im.error);
		else if (im.error != NULL)
			fprintf(stderr, "import questionnaire: %s: %s; nothing was imported\n", path, im.error);
		else
			fprintf(stderr, "import questionnaire: failed (%s); nothing was imported\n", status_name(st));
		rc = 1;
	}
	arena_free(im.a);
	arena_free(files);
	buf_free(&text);
	return rc;
}
