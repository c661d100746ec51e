/* questionnaire_form.h — the part of FHIR R4 Questionnaire and
 * QuestionnaireResponse that helsami understands (SPEC.md Q1): reading a
 * Questionnaire resource into a form, checking a person's answers against
 * it, and writing and reading the answers as a QuestionnaireResponse.
 * Pure functions: no database, no request. docs/questionnaires.md lists the
 * subset.
 *
 * The subset. Item types group, display, boolean, string, text, integer,
 * decimal, date and choice (answerOption with valueCoding; `repeats` for
 * several answers, on choice only). Groups sit at the top level and hold
 * questions and display items, not groups. The resource's own text is
 * Norwegian bokmål; English comes from the standard translation extension
 * on `_title`, `_text` and a coding's `_display`. Features that would change
 * how a form behaves (enableWhen, answerValueSet, initial, readOnly, other
 * item types, deeper nesting) are refused at import rather than ignored, so
 * a questionnaire never reaches a patient looking different from what its
 * author meant. */
#ifndef HELSAMI_DOMAIN_QUESTIONNAIRE_FORM_H
#define HELSAMI_DOMAIN_QUESTIONNAIRE_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/ctx.h"

/* Limits, in characters unless said. A validated instrument has tens of
 * questions; 200 items and 50 options are far beyond any in use. */
enum {
	QF_RESOURCE_MAX_BYTES = 256 * 1024,
	QF_ITEMS_MAX = 200,
	QF_OPTIONS_MAX = 50,
	QF_LINK_ID_MAX = 64,
	QF_URL_MAX = 255,
	QF_VERSION_MAX = 64,
	QF_TITLE_MAX = 200,
	QF_TEXT_MAX = 1000,
	QF_STRING_MAX = 500,      /* a one-line answer, and its default */
	QF_TEXT_ANSWER_MAX = 4000, /* a free-text answer, and its default */
	QF_INTEGER_LIMIT = 1000000000,
};

enum qf_type { QF_GROUP, QF_DISPLAY, QF_BOOLEAN, QF_STRING, QF_TEXT, QF_INTEGER, QF_DECIMAL, QF_DATE, QF_CHOICE };

typedef struct qf_option {
	const char *system; /* NULL when the coding has none */
	const char *code;
	const char *display_nb, *display_en; /* display_en NULL without a translation */
} qf_option;

typedef struct qf_item {
	const char *link_id;
	enum qf_type type;
	const char *text_nb, *text_en; /* text_en NULL without a translation */
	bool required, repeats;
	size_t max_length; /* string and text answers */
	qf_option *options;
	size_t noptions;
	int group; /* index of the enclosing group, -1 at the top level */
} qf_item;

/* A questionnaire's items flattened in document order: a group is followed
 * by its members. */
typedef struct qf_form {
	const char *url, *version, *status; /* status: draft, active, retired */
	const char *title_nb, *title_en;
	qf_item *items;
	size_t n;
} qf_form;

/* One item's answer: the values as the form gives them (boolean "true" or
 * "false", integer and decimal as digits, a date as YYYY-MM-DD, a choice's
 * code; several codes for a repeating choice). n 0: not answered. */
typedef struct qf_answer {
	const char **values;
	size_t n;
} qf_answer;

/* Reads a Questionnaire resource (JSON text of len bytes). On failure
 * returns false and sets *error to an English sentence for the operator
 * naming the item and what is wrong. Memory comes from a. */
bool qf_parse(arena *a, const char *json, size_t len, qf_form *out, const char **error);

/* Whether the item takes an answer (not a group or display item). */
bool qf_is_question(const qf_item *it);

/* The item's text, title or option display in the locale, falling back to
 * the Norwegian text when there is no English translation. */
const char *qf_item_text(const qf_item *it, enum locale loc);
const char *qf_title(const qf_form *f, enum locale loc);
const char *qf_option_display(const qf_option *o, enum locale loc);

/* Checks one answer against its item and normalizes its values in place
 * (a decimal comma becomes a point). Returns NULL when fine, else the
 * catalog key of the problem; *max is set for "too long". A missing answer
 * to a required item is a problem only when `complete`. */
const char *qf_check_answer(arena *a, const qf_item *it, qf_answer *ans, bool complete, size_t *max);

/* The answers (one per item of f, in order) as a QuestionnaireResponse
 * with status "in-progress" or "completed", authored at `authored`. The
 * response names the questionnaire (url|version) and carries the items'
 * texts as shown, never who the patient is. */
char *qf_response_json(arena *a, const qf_form *f, const qf_answer *answers, bool completed, unix_time authored);

/* Reads the answers of a stored QuestionnaireResponse back into one
 * qf_answer per item of f (items it does not answer stay empty). False if
 * the text is not such a response. */
bool qf_response_answers(arena *a, const qf_form *f, const char *json, qf_answer *answers);

#endif
