/* problems.h — why a change was refused, for every domain area: a list of
 * problems, each naming a field (as the pages and forms call it) and a
 * catalog key for the message with its {max}; and the checks most forms
 * share. A rule answers ST_INVALID with its problems, and a page shows each
 * at its field (web/form.h, form_add_problems), in the reader's language.
 *
 *	problems pr = {0};
 *	problems_check_text(&pr, "note", in->note, 0, NOTE_MAX, true);
 *	if (pr.n > 0)
 *		return ST_INVALID;
 *
 * Pure: no database, no request. */
#ifndef HELSAMI_DOMAIN_PROBLEMS_H
#define HELSAMI_DOMAIN_PROBLEMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One problem per question of the longest questionnaire a form can show
 * (QF_ITEMS_MAX, domain/questionnaire_form.h): the most fields any form
 * has. The other forms have a handful. */
enum { PROBLEMS_MAX = 200 };

typedef struct field_problem {
	const char *field; /* the field's name, e.g. "postcode"; a static string or in the request's arena */
	const char *key;   /* catalog key of the message, e.g. "form.error.too_long" */
	int64_t max;       /* the message's {max}, if it has one */
} field_problem;

typedef struct problems {
	field_problem items[PROBLEMS_MAX];
	size_t n;
} problems;

/* Records a problem on field, unless the field has one already (a field
 * shows one message: the first found); past PROBLEMS_MAX it is dropped. p
 * may be NULL (nobody asked). The strings are borrowed. */
void problems_add(problems *p, const char *field, const char *key, int64_t max);

/* Checks optional text s (NULL: not given): no control characters (line
 * breaks and tabs only if multiline), at most max characters, and at least
 * min when given. Records a problem on field; returns whether it passed. */
bool problems_check_text(problems *p, const char *field, const char *s, size_t min, size_t max, bool multiline);
/* Checks that s is one of the NULL-terminated choices (NULL: required). */
bool problems_check_choice(problems *p, const char *field, const char *s, const char *const *choices);
/* Checks that s is a real YYYY-MM-DD date (NULL passes unless required). */
bool problems_check_date(problems *p, const char *field, const char *s, bool required);

#endif
