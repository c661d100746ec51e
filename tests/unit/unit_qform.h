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

/* JSON written with single quotes, for readable literals: every ' becomes
 * ", and every ` a ' (FHIRPath's string quote). */
static inline char *js(const char *s)
{
	char *out = arena_strdup(A, s);
	for (char *p = out; *p; p++)
		if (*p == '\'')
			*p = '"';
		else if (*p == '`')
			*p = '\'';
	return out;
}

/* A questionnaire around the given items (single-quoted JSON, as js). */
static inline char *with_items(const char *items)
{
	return js(arena_printf(A,
	                       "{'resourceType':'Questionnaire','url':'https://example.org/q','version':'1',"
	                       "'title':'Tittel','status':'active','item':[%s]}",
	                       items));
}

static inline void parses(const char *json, qf_form *f)
{
	const char *error = NULL;
	if (!qf_parse(A, json, strlen(json), f, &error))
		fail_msg("refused: %s\n%s", error, json);
	assert_null(error);
}

/* The text is refused, the form is left empty, and the error contains want. */
static inline void refused(const char *json, const char *want)
{
	qf_form f;
	const char *error = NULL;
	if (qf_parse(A, json, strlen(json), &f, &error))
		fail_msg("accepted, wanted \"%s\":\n%.400s", want, json);
	assert_non_null(error);
	if (strstr(error, want) == NULL)
		fail_msg("error \"%s\" lacks \"%s\" for\n%.300s", error, want, json);
	assert_int_equal(f.n, 0);
	assert_null(f.items);
	assert_null(f.url);
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
