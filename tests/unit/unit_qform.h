/* unit_qform.h — parsing a questionnaire in a unit test: it parses (the
 * test fails with the importer's reason if not) or it is refused with an
 * error that names what it should. On the shared arena of unit_arena.h.
 * Included by one test file each. */
#ifndef HELSAMI_TESTS_UNIT_QFORM_H
#define HELSAMI_TESTS_UNIT_QFORM_H

#include <stdio.h>
#include <string.h>

#include "domain/questionnaire_form.h"
#include "unit_arena.h"

static inline void parses(const char *json, qf_form *f)
{
	const char *error = NULL;
	if (!qf_parse(A, json, strlen(json), f, &error))
		fail_msg("refused: %s\n%s", error, json);
}

static inline void refused(const char *json, const char *want)
{
	qf_form f;
	const char *error = NULL;
	if (qf_parse(A, json, strlen(json), &f, &error))
		fail_msg("accepted, wanted \"%s\":\n%.400s", want, json);
	if (strstr(error, want) == NULL)
		fail_msg("error \"%s\" lacks \"%s\"", error, want);
}

/* A file of tests/data/questionnaires, as published; its length in *len. */
static inline char *data_file(const char *name, size_t *len)
{
	char *path = arena_printf(A, "tests/data/questionnaires/%s", name);
	FILE *in = fopen(path, "rb");
	if (in == NULL)
		fail_msg("cannot read %s", path);
	char *text = arena_alloc(A, QF_FILE_MAX_BYTES + 1);
	*len = fread(text, 1, QF_FILE_MAX_BYTES + 1, in);
	fclose(in);
	return text;
}

#endif
