/* fhirpath.c — `helsami fhirpath QUESTIONNAIRE RESPONSE [PATIENT]`: the
 * calculated values' FHIRPath evaluator (domain/questionnaire_fhirpath.h)
 * on the command line, so a test can run the same expressions on the same
 * QuestionnaireResponse (or, given a Patient, as prefills with it as
 * %patient) through it and through the `fhirpath` npm package and compare
 * (tests/cli/fhirpath.test.mjs). An expression is evaluated as the
 * calculated value of the item a line names, in the form expanded with the
 * instances the response holds: `linkId` (its first copy) or `linkId@n`
 * (its n-th, from 0, in document order: an item within a repeating group,
 * in one instance). No database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/core.h"
#include "domain/questionnaire_fhirpath.h"

/* An expression line: the item's linkId, a tab, the expression. */
enum { LINE_MAX = QFP_EXPR_MAX + QF_LINK_ID_MAX + 2 };

/* The item a line names: "linkId" or "linkId@n" (the n-th copy); -1 none. */
static int item_named(const qf_form *f, char *name)
{
	char *at = strrchr(name, '@');
	long n = 0;
	if (at != NULL) {
		char *end;
		n = strtol(at + 1, &end, 10);
		if (end == at + 1 || *end != '\0' || n < 0)
			return -1;
		*at = '\0';
	}
	for (size_t i = 0; i < f->n; i++)
		if (str_eq(f->items[i].link_id, name) && n-- == 0)
			return (int)i;
	return -1;
}

/* One line's result as a JSON text (from a): the collection, or null.
 * With a patient, the expression is a prefill. */
static const char *evaluate_line(arena *a, const qf_form *f, json_t *response, json_t *patient, char *line)
{
	line[strcspn(line, "\n")] = '\0';
	char *tab = strchr(line, '\t');
	if (tab == NULL)
		return "null";
	*tab = '\0';
	int item = line[0] != '\0' ? item_named(f, line) : -1;
	const qfp_value *v;
	size_t n;
	bool ok = patient != NULL ? qf_prefill_eval(a, f, patient, tab + 1, &v, &n)
	                          : qf_eval_at(a, f, item, response, tab + 1, &v, &n);
	if ((line[0] != '\0' && item < 0) || !ok)
		return "null";
	json_t *j = qfp_json(v, n);
	char *text = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
	const char *out = arena_strdup(a, text);
	free(text);
	json_decref(j);
	return out;
}

int cli_fhirpath(const char *questionnaire, const char *response, const char *patient_file)
{
	arena *a = arena_new();
	buf q = {0}, r = {0}, pt = {0};
	int rc = 1;
	qf_form f;
	const char *error;
	json_t *resp = NULL, *patient = NULL;
	if (!cli_read_questionnaire_file(questionnaire, &q) || !cli_read_questionnaire_file(response, &r) ||
	    (patient_file != NULL && !cli_read_questionnaire_file(patient_file, &pt))) {
		fprintf(stderr, "helsami: cannot read %s, %s or the patient\n", questionnaire, response);
		goto cleanup;
	}
	if (patient_file != NULL && (patient = json_loadb(pt.data, pt.len, 0, NULL)) == NULL) {
		fprintf(stderr, "helsami: %s is not JSON\n", patient_file);
		goto cleanup;
	}
	qf_form def;
	if (!qf_parse(a, q.data, q.len, &def, &error)) {
		fprintf(stderr, "helsami: %s: %s\n", questionnaire, error);
		goto cleanup;
	}
	if (!qf_expand(a, &def, qf_response_counts(a, &def, arena_strndup(a, r.data, r.len)), &f)) {
		fprintf(stderr, "helsami: %s: more instances than the form may have\n", response);
		goto cleanup;
	}
	resp = json_loadb(r.data, r.len, 0, NULL);
	if (resp == NULL) {
		fprintf(stderr, "helsami: %s is not JSON\n", response);
		goto cleanup;
	}
	char line[LINE_MAX];
	while (fgets(line, sizeof line, stdin) != NULL)
		printf("%s\n", evaluate_line(a, &f, resp, patient, line));
	rc = 0;
cleanup:
	json_decref(resp);
	json_decref(patient);
	buf_free(&q);
	buf_free(&r);
	buf_free(&pt);
	arena_free(a);
	return rc;
}
