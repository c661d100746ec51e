/* fuzz_formspec.c — libFuzzer target for declared inputs (web/form.h): an
 * arbitrary urlencoded body is parsed and checked against a declaration with
 * every kind of field, then the view model and every message are built. It
 * checks what callers rely on: an accepted form has no errors, every accepted
 * value obeys its field's rules (UTF-8, length, charset, format), and every
 * refused field carries a message. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/nin.h"
#include "http/parse.h"
#include "web/form.h"
#include "web/i18n.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const colours[] = {"red", "green", "blue", NULL};

static const form_field fields[] = {
    {"name", FORM_TEXT, .label = "form.error.required", .min = 2, .max = 20, .charset = FORM_CHARS_NAME},
    {"line", FORM_TEXT, .flags = FORM_REQUIRED, .max = 8},
    {"note", FORM_TEXT, .max = 40, .charset = FORM_CHARS_MULTILINE},
    {"colour", FORM_ENUM, .choices = colours},
    {"email", FORM_EMAIL, .max = 60},
    {"phone", FORM_PHONE, .flags = 0},
    {"postcode", FORM_POSTCODE, .flags = 0},
    {"day", FORM_DATE, .flags = 0},
    {"nin", FORM_NIN, .flags = 0},
    {"agree", FORM_BOOL, .flags = 0},
    {"count", FORM_INT, .min = -5, .max = 5},
    {"pick", FORM_ENUM, .flags = FORM_REPEATED, .choices = colours, .max_count = 3},
};

static bool ready;

static void check(bool ok)
{
	if (!ok)
		__builtin_trap();
}

static bool all(const char *s, const char *set)
{
	for (; *s; s++)
		if (strchr(set, *s) == NULL)
			return false;
	return true;
}

/* Characters (code points) in valid UTF-8. */
static size_t chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

static void check_value(const form_field *fd, const form_value *v)
{
	const char *t = v->text;
	if (t == NULL)
		return;
	check(utf8_valid(t, strlen(t)));
	switch (fd->kind) {
	case FORM_TEXT:
		check(chars(t) <= (size_t)fd->max && chars(t) >= (size_t)fd->min);
		check(fd->charset == FORM_CHARS_MULTILINE || strchr(t, '\n') == NULL);
		check(strchr(t, '\r') == NULL);
		for (const char *p = t; *p; p++)
			check((unsigned char)*p >= 0x20 || *p == '\n' || *p == '\t');
		break;
	case FORM_PHONE: check(strlen(t) == 8 && all(t, "0123456789") && t[0] >= '2'); break;
	case FORM_POSTCODE: check(strlen(t) == 4 && all(t, "0123456789")); break;
	case FORM_DATE: check(strlen(t) == 10 && date_valid(v->day)); break;
	case FORM_NIN: check(nin_valid(t)); break;
	case FORM_EMAIL: check(strlen(t) <= 60 && strchr(t, '@') != NULL && strchr(t, ' ') == NULL); break;
	case FORM_INT: check(v->num >= fd->min && v->num <= fd->max); break;
	case FORM_ENUM:
	case FORM_BOOL: break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!ready) {
		log_set_level(LOG_ERROR);
		if (i18n_load() != ST_OK)
			abort();
		ready = true;
	}
	arena *a = arena_new();
	kv_list in = {0};
	/* The parser's refusals are its own fuzzer's business; feed what it
	 * accepts, and the raw bytes as one field value as well. */
	if (!parse_urlencoded(a, (const char *)data, size, &in))
		in.len = 0;
	kv_add(a, &in, "note", arena_strndup(a, (const char *)data, size));
	form f;
	status st = form_parse(a, fields, ARRAY_LEN(fields), &in, &f);
	check(st == ST_OK ? f.nerrors == 0 : f.nerrors > 0);
	for (size_t i = 0; i < ARRAY_LEN(fields); i++) {
		const form_value *v = &f.values[i];
		if (v->error == NULL) {
			check_value(&fields[i], v);
		} else {
			check(v->text == NULL || (fields[i].flags & FORM_REPEATED) == 0);
			check(form_message(&f, v, LOCALE_NB) != NULL && form_message(&f, v, LOCALE_EN) != NULL);
			check(form_text(&f, fields[i].name) == NULL);
		}
		for (size_t k = 0; k < v->count; k++)
			check(form_has(&f, fields[i].name, v->items[k]));
	}
	json_t *model = json_object();
	form_model_into(model, &f, LOCALE_EN);
	check(json_array_size(json_object_get(model, "form_errors")) == f.nerrors);
	json_decref(model);
	arena_free(a);
	return 0;
}
