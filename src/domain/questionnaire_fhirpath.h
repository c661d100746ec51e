/* questionnaire_fhirpath.h — the FHIRPath subset that computes a
 * questionnaire's calculated values (SDC calculatedExpression and the
 * variable extension) on the server, over the QuestionnaireResponse as it
 * stands (issue 16). Pure: no database, no request.
 *
 * An item's expressions start from its item in the response, in its own
 * instance of a repeating group (%context), %resource being the whole
 * response (SDC).
 *
 * The subset: paths into the response (`%resource.item.where(linkId =
 * 'x').answer.value`, `repeat(item)`, `descendants()`, and from the
 * resource by its type name: `QuestionnaireResponse.item`), variables (`%name`), number, string
 * and boolean literals and `{}`, the indexer `[n]`; `where`, `exists`, `empty`, `count`, `sum`,
 * `first`, `not`, `iif`, `startsWith`, `matches` (POSIX extended regular
 * expressions), `ordinal()` and `weight()` (the score of a coded answer:
 * ordinalValue or itemWeight); `+ - * /` (`+` also joins strings), `= != < > <= >=`, `and`, `or`.
 * Anything else is refused when the questionnaire is imported. */
#ifndef HELSAMI_DOMAIN_QUESTIONNAIRE_FHIRPATH_H
#define HELSAMI_DOMAIN_QUESTIONNAIRE_FHIRPATH_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/arena.h"
#include "domain/questionnaire_form.h"

/* Longest expression taken, in bytes. */
enum { QFP_EXPR_MAX = 2000 };

/* NULL when expr is in the subset and names only the variables given
 * (and %resource), else what is wrong, in English (from a). */
const char *qfp_check(arena *a, const char *expr, const char *const *vars, size_t nvars);

/* As qfp_check, for an expression that may name only the variables given
 * (not %resource) and only the member names in members (NULL-terminated):
 * NULL when it does, else what is wrong, naming the first name left out. */
const char *qfp_check_paths(arena *a, const char *expr, const char *const *vars, size_t nvars,
                            const char *const *members);

/* Whether re is a regular expression the evaluator reads as its author
 * meant (POSIX extended, without Perl's \d \w \s \b, which POSIX reads
 * otherwise): NULL when it is, else why not (from a). */
const char *qfp_regex_problem(arena *a, const char *re);

/* Whether the whole of text matches re (checked with qfp_regex_problem). */
bool qfp_regex_whole(arena *a, const char *re, const char *text);

/* One variable's value: the collection it evaluated to. */
typedef struct qfp_value qfp_value;

/* A variable in scope: `%name` stands for the collection it evaluated to. */
typedef struct qfp_binding {
	const char *name;
	const qfp_value *value;
	size_t n;
} qfp_binding;

/* Evaluates expr over response (a QuestionnaireResponse) with the form's
 * option scores and the bindings; the result collection in *out (n items).
 * False on an expression outside the subset or a type error (callers
 * treat it as no value). */
bool qfp_eval(arena *a, const qf_form *f, json_t *response, const qfp_binding *vars, size_t nvars, const char *expr,
              const qfp_value **out, size_t *n);

/* As qfp_eval, with focus (a node of response; NULL: the empty
 * collection) as the input the expression starts from and as %context:
 * an item's expression starts from the item's node (SDC). */
bool qfp_eval_in(arena *a, const qf_form *f, json_t *response, json_t *focus, const qfp_binding *vars, size_t nvars,
                 const char *expr, const qfp_value **out, size_t *n);

/* A JSON value as a collection, for a variable (an array: its elements);
 * the collection shares j. */
const qfp_value *qfp_collection(arena *a, json_t *j, size_t *n);

/* The result as one number: false unless it is a single number. */
bool qfp_number(const qfp_value *v, size_t n, double *out);

/* The result as a JSON array (a new reference): nodes of the response as
 * they are, numbers, strings and booleans. */
json_t *qfp_json(const qfp_value *v, size_t n);

/* Evaluates expr as a calculated value of item (an index in f, an
 * expanded form; -1: the questionnaire) is: with the variables in its scope
 * (the questionnaire's, then from the outermost item in), each evaluated
 * first, each (as SDC says) from the response item of the item it is on,
 * in the same instance of the repeating groups around it, and expr from
 * the item's own response item (the response itself for the
 * questionnaire's, and for the national portal's calculated expression,
 * as its renderer evaluates it); %resource is the response. As qfp_eval.
 * (questionnaire_answers.c) */
bool qf_eval_at(arena *a, const qf_form *f, int item, json_t *response, const char *expr, const qfp_value **out,
                size_t *n);

/* Evaluates a prefill (initialExpression) as qf_prefill does: with
 * %patient bound to patient (a FHIR Patient; NULL: nothing). As qfp_eval.
 * (questionnaire_prefill.c) */
bool qf_prefill_eval(arena *a, const qf_form *f, json_t *patient, const char *expr, const qfp_value **out, size_t *n);

#endif
