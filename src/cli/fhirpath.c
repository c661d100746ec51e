/* fhirpath.c — `helsami fhirpath QUESTIONNAIRE RESPONSE`: the calculated
 * values' FHIRPath evaluator (domain/questionnaire_fhirpath.h) on the
 * command line, so a test can run the same expressions on the same
 * QuestionnaireResponse through it and through the `fhirpath` npm package
 * and compare (tests/cli/fhirpath.test.mjs). No database. */
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

static int item_named(const qf_form *f, const char *link_id)
{
	for (size_t i = 0; i < f->n; i++)
		if (str_eq(f->items[i].link_id, link_id))
			return (int)i;
	return -1;
}

/* One line's result as a JSON text (from a): the collection, or null. */
static const char *evaluate_line(arena *a, const qf_form *f, json_t *response, char *line)
{
	line[strcspn(line, "\n")] = '\0';
	char *tab = strchr(line, '\t');
	if (tab == NULL)
		return "null";
	*tab = '\0';
	int item = line[0] != '\0' ? item_named(f, line) : -1;
	const qfp_value *v;
	size_t n;
	if ((line[0] != '\0' && item < 0) || !qf_eval_at(a, f, item, response, tab + 1, &v, &n))
		return "null";
	json_t *j = qfp_json(v, n);
	char *text = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
	const char *out = arena_strdup(a, text);
	free(text);
	json_decref(j);
	return out;
}

int cli_fhirpath(const char *questionnaire, const char *response)
{
	arena *a = arena_new();
	buf q = {0}, r = {0};
	int rc = 1;
	qf_form f;
	const char *error;
	json_t *resp = NULL;
	if (!cli_read_questionnaire_file(questionnaire, &q) || !cli_read_questionnaire_file(response, &r)) {
		fprintf(stderr, "helsami: cannot read %s or %s\n", questionnaire, response);
		goto cleanup;
	}
	if (!qf_parse(a, q.data, q.len, &f, &error)) {
		fprintf(stderr, "helsami: %s: %s\n", questionnaire, error);
		goto cleanup;
	}
	resp = json_loadb(r.data, r.len, 0, NULL);
	if (resp == NULL) {
		fprintf(stderr, "helsami: %s is not JSON\n", response);
		goto cleanup;
	}
	char line[LINE_MAX];
	while (fgets(line, sizeof line, stdin) != NULL)
		printf("%s\n", evaluate_line(a, &f, resp, line));
	rc = 0;
cleanup:
	json_decref(resp);
	buf_free(&q);
	buf_free(&r);
	arena_free(a);
	return rc;
}
