/* form.h — declared inputs (STYLE.md): the one way a handler reads a form
 * body or a query string. The handler declares the fields it accepts in a
 * static array, each with a validator, and one call parses the request's
 * fields against it. The result holds, per field, either the normalized
 * value or a precise problem (a catalog key plus its parameters), and always
 * what the user typed, so a re-rendered form shows it again.
 *
 *	static const form_field fields[] = {
 *		{"email", FORM_EMAIL, .label = "settings.personal.email", .max = 254},
 *		{"postcode", FORM_POSTCODE, .flags = FORM_REQUIRED, .label = "settings.personal.postcode"},
 *	};
 *	form f;
 *	if (form_parse(rq->c->arena, fields, ARRAY_LEN(fields), &rq->form, &f) != ST_OK)
 *		... re-render with form_model_into(model, &f, rq->c->locale), status 400
 *	const char *email = form_text(&f, "email"); // normalized, NULL when empty
 *
 * Declarations name the field and its kind, and the rest by designator
 * (.flags, .label, .min, .max, ...), which also keeps -Wextra quiet about
 * the members left zero.
 *
 * Rules every field shares: a value that is empty (after trimming, for
 * one-line kinds) counts as not given; a required field not given is
 * "form.error.required"; a field sent twice without FORM_REPEATED is
 * "form.error.repeated"; a field not declared makes the whole form invalid
 * ("form.error.unknown_field"), except `csrf`, which the dispatcher checks.
 * Text must be valid UTF-8 without control characters, bidi overrides or
 * non-characters; lengths are counted in characters (code points).
 *
 * Error keys and their parameters, all in i18n/catalog.txt:
 *   form.error.required, .repeated, .too_many {max}, .unknown_field,
 *   .too_short {min}, .too_long {max} {count}, .charset, .charset_name,
 *   .choice, .email, .phone, .postcode, .date_format, .date_invalid,
 *   .nin_length {count}, .nin_digits, .nin_date, .nin_check, .bool,
 *   .integer, .range {min} {max}
 *
 * Memory: everything a form points to lives in the arena given to
 * form_parse/form_init. The field array is borrowed and must outlive the form
 * (handlers declare it static). */
#ifndef HELSAMI_WEB_FORM_H
#define HELSAMI_WEB_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/clock.h"
#include "core/core.h"
#include "core/ctx.h"
#include "domain/problems.h"
#include "web/web.h"

enum form_kind {
	FORM_TEXT,  /* min..max characters of `charset` */
	FORM_ENUM,  /* exactly one of `choices` */
	FORM_EMAIL, /* local@domain.tld, at most `max` (default 254) characters; domain lowercased */
	FORM_PHONE, /* Norwegian: 8 digits (first 2-9), optional +47/0047, spaces allowed; normalized to the 8 digits */
	FORM_POSTCODE, /* Norwegian: 4 digits */
	FORM_DATE,     /* YYYY-MM-DD, a real calendar date (value.day) */
	FORM_NIN,      /* national identity number, core/nin.h; spaces removed */
	FORM_BOOL,     /* a checkbox: absent is false; "on", "1", "true", "yes" true; "0", "false", "off", "no" false */
	FORM_INT,      /* a decimal integer in min..max (value.num) */
};

enum form_charset {
	FORM_CHARS_LINE = 0,  /* any printable text on one line */
	FORM_CHARS_MULTILINE, /* also line breaks (CR LF and CR become LF) and tabs */
	FORM_CHARS_NAME,      /* names of people and places: Latin letters (Norwegian and Sami
	                       * included), spaces, hyphen, apostrophe, full stop */
};

enum form_flags {
	FORM_REQUIRED = 1 << 0,
	FORM_REPEATED = 1 << 1, /* may be sent several times (checkbox groups); see max_count */
};

/* Hard limits. No field of ours is longer: the longest is a free text of
 * 1,000 characters; a value past FORM_VALUE_MAX_BYTES is refused as too long
 * without being decoded. The repeat limit matches the request parser's
 * field limit. */
enum { FORM_VALUE_MAX_BYTES = 16 * 1024, FORM_REPEAT_MAX = 256 };

typedef struct form_field {
	const char *name; /* the field's name in the request; [a-z0-9_] */
	enum form_kind kind;
	unsigned flags;             /* enum form_flags */
	const char *label;          /* catalog key of the field's label, for the error summary */
	int64_t min, max;           /* TEXT: length in characters (max 0: no limit but the byte limit);
	                             * INT: the allowed range; EMAIL: max length (0: 254) */
	enum form_charset charset;  /* TEXT only */
	const char *const *choices; /* ENUM only: NULL-terminated */
	size_t max_count;           /* REPEATED: most values accepted (0: FORM_REPEAT_MAX) */
} form_field;

typedef struct form_value {
	const char *raw;    /* the first value as sent, for re-rendering; NULL when not sent */
	const char *text;   /* the normalized value; NULL when not given or invalid */
	int64_t num;        /* INT: the number; BOOL: 0 or 1 */
	date day;           /* DATE: the date */
	const char **items; /* REPEATED: every valid normalized value, in the order sent */
	const char **raws;  /* REPEATED: every value as sent */
	size_t count;       /* REPEATED: number of items (raws: nraws) */
	size_t nraws;
	const char *error;                   /* catalog key of the problem, NULL when the field is fine */
	int64_t err_min, err_max, err_count; /* the message's {min} {max} {count} */
} form_value;

typedef struct form {
	const form_field *fields;
	size_t nfields;
	form_value *values;     /* one per field, in declaration order */
	size_t nerrors;         /* fields with an error, plus one for unknown fields */
	const char *form_error; /* a problem with the form as a whole (unknown field), or NULL */
	arena *arena;
} form;

/* Parses in (a request's form or query) against the declaration. Returns
 * ST_OK when every field is valid and nothing undeclared was sent, else
 * ST_INVALID; either way *out is complete (values, errors, raw input). */
status form_parse(arena *a, const form_field *fields, size_t nfields, const kv_list *in, form *out);

/* An empty form for a first render; fill it with form_set. */
void form_init(arena *a, const form_field *fields, size_t nfields, form *out);
/* Shows value in field `name` as if it had been sent and accepted (stored
 * values on a first render); a repeated field gains one more item. An
 * undeclared name is our bug: logged and ignored. */
void form_set(form *f, const char *name, const char *value);
/* Records a problem found after parsing (a rule across fields, from domain/)
 * on field `name`, unless it already has one. Returns false if name is not
 * declared (logged). */
bool form_add_error(form *f, const char *name, const char *key, int64_t max);
/* Records each of a domain rule's problems (domain/problems.h) on the field
 * it names, as form_add_error: the one way a refused change reaches a form. */
void form_add_problems(form *f, const problems *p);

/* The field's value record; NULL for an undeclared name (logged). */
const form_value *form_get(const form *f, const char *name);
/* The normalized text, or NULL when not given or invalid. */
const char *form_text(const form *f, const char *name);
/* BOOL: whether checked; INT: whether non-zero. */
bool form_bool(const form *f, const char *name);
int64_t form_int(const form *f, const char *name, int64_t otherwise);
/* Whether `value` is among the field's valid values (ENUM or REPEATED). */
bool form_has(const form *f, const char *name, const char *value);

/* The message for a field's problem in loc, parameters substituted; NULL when
 * the field has none. Lives in the form's arena. */
const char *form_message(const form *f, const form_value *v, enum locale loc);

/* Adds the form's view model to a page model:
 *   f.NAME.id        "f-NAME" (the input's id, which the error summary links to)
 *   f.NAME.value     what was sent (or set), "" if nothing
 *   f.NAME.checked   BOOL: true when checked
 *   f.NAME.error     the message, "" when fine (every key is always present,
 *                    so a template never picks up an outer value by mistake)
 *   f.NAME.error_id  "f-NAME-error", for aria-describedby
 *   form_invalid     true when there is any problem
 *   form_errors      [{href "#f-NAME" (or "" for the form as a whole), label, message}]
 * in the order of the declaration. */
void form_model_into(json_t *model, const form *f, enum locale loc);

#endif
