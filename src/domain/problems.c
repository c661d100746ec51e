/* problems.c — the problems of a refused change, and the checks forms share. */
#include "domain/problems.h"

#include <string.h>

#include "core/clock.h"
#include "core/core.h"

void problems_add(problems *p, const char *field, const char *key, int64_t max)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->items[i].field, field) == 0)
			return;
	if (p->n < PROBLEMS_MAX)
		p->items[p->n++] = (field_problem){field, key, max};
}

bool problems_check_text(problems *p, const char *field, const char *s, size_t min, size_t max, bool multiline)
{
	if (s == NULL)
		return true;
	if (!text_clean(s, multiline)) {
		problems_add(p, field, "form.error.charset", 0);
		return false;
	}
	size_t n = utf8_length(s);
	if (n > max) {
		problems_add(p, field, "form.error.too_long", (int64_t)max);
		return false;
	}
	if (n < min) {
		problems_add(p, field, "record.error.too_short", (int64_t)min);
		return false;
	}
	return true;
}

bool problems_check_choice(problems *p, const char *field, const char *s, const char *const *choices)
{
	for (const char *const *c = choices; s != NULL && *c != NULL; c++)
		if (strcmp(*c, s) == 0)
			return true;
	problems_add(p, field, s == NULL ? "form.error.required" : "form.error.choice", 0);
	return false;
}

bool problems_check_date(problems *p, const char *field, const char *s, bool required)
{
	date d;
	if (s == NULL) {
		if (required)
			problems_add(p, field, "form.error.required", 0);
		return !required;
	}
	if (!date_parse(s, &d) || !date_valid(d)) {
		problems_add(p, field, "form.error.date_invalid", 0);
		return false;
	}
	return true;
}
