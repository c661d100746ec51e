/* test_form.c — declared inputs (web/form.h): every validator with good, bad,
 * boundary and hostile input, unknown and repeated fields, required fields,
 * messages with parameters in both languages, and the view model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/log.h"
#include "web/form.h"
#include "web/i18n.h"
#include "unit_arena.h"

static const char *const colours[] = {"red", "green", "blue", NULL};

static const form_field fields[] = {
    {"name", FORM_TEXT, .label = "locale.name", .min = 2, .max = 10, .charset = FORM_CHARS_NAME},
    {"line", FORM_TEXT, .max = 5},
    {"note", FORM_TEXT, .max = 6, .charset = FORM_CHARS_MULTILINE},
    {"colour", FORM_ENUM, .choices = colours},
    {"email", FORM_EMAIL, .flags = 0},
    {"phone", FORM_PHONE, .flags = 0},
    {"postcode", FORM_POSTCODE, .flags = 0},
    {"day", FORM_DATE, .flags = 0},
    {"nin", FORM_NIN, .flags = 0},
    {"agree", FORM_BOOL, .flags = 0},
    {"count", FORM_INT, .min = 1, .max = 12},
    {"pick", FORM_ENUM, .flags = FORM_REPEATED, .choices = colours, .max_count = 2},
};

/* Parses one field=value pair against the declaration. */
static status parse1(const char *name, const char *value, form *f)
{
	kv_list in = {0};
	kv_add(A, &in, name, value);
	return form_parse(A, fields, ARRAY_LEN(fields), &in, f);
}

static void accepts(const char *name, const char *value, const char *want_text)
{
	form f;
	status st = parse1(name, value, &f);
	const form_value *v = form_get(&f, name);
	if (st != ST_OK)
		fail_msg("%s=\"%s\" refused: %s", name, value, v->error ? v->error : f.form_error);
	if (want_text == NULL)
		assert_null(v->text);
	else
		assert_string_equal(v->text, want_text);
	assert_null(v->error);
}

static void refuses(const char *name, const char *value, const char *want_error)
{
	form f;
	status st = parse1(name, value, &f);
	const form_value *v = form_get(&f, name);
	if (st != ST_INVALID)
		fail_msg("%s=\"%s\" accepted as \"%s\"", name, value, v->text ? v->text : "(null)");
	assert_non_null(v->error);
	assert_string_equal(v->error, want_error);
	assert_null(form_text(&f, name));
	/* What the user typed comes back for the re-rendered form. */
	assert_string_equal(v->raw, value);
}

static void text_lengths_count_characters(void **state)
{
	(void)state;
	accepts("name", "Bø", "Bø");
	accepts("name", "Ødegård", "Ødegård");       /* 7 characters, 10 bytes: within max 10 */
	accepts("name", "Ødegårdsøy", "Ødegårdsøy"); /* 10 characters, 14 bytes */
}

static void text_boundaries(void **state)
{
	(void)state;
	accepts("line", "abcde", "abcde"); /* exactly max */
	refuses("line", "abcdef", "form.error.too_long");
	accepts("line", "æøåæø", "æøåæø"); /* 5 characters, 10 bytes */
	refuses("line", "æøåæøå", "form.error.too_long");
	accepts("line", "  ab  ", "ab"); /* trimmed */
	accepts("line", "   ", NULL);    /* blank is not given */
	accepts("name", "Al", "Al");     /* exactly min */
	refuses("name", "A", "form.error.too_short");
	accepts("name", "Kárášjohka", "Kárášjohka"); /* Sami letters; 10 characters */
	refuses("name", "Guovdageaidnu", "form.error.too_long");
}

static void too_long_carries_its_parameters(void **state)
{
	(void)state;
	form f;
	assert_int_equal(parse1("line", "abcdefgh", &f), ST_INVALID);
	const form_value *v = form_get(&f, "line");
	assert_int_equal(v->err_max, 5);
	assert_int_equal(v->err_count, 8);
	assert_string_equal(form_message(&f, v, LOCALE_EN), "Use at most 5 characters. You have written 8.");
	assert_string_equal(form_message(&f, v, LOCALE_NB), "Skriv høyst 5 tegn. Du har skrevet 8.");
}

static void text_refuses_hostile_characters(void **state)
{
	(void)state;
	refuses("line",
	        "a\x01"
	        "b",
	        "form.error.charset");
	refuses("line", "a\nb", "form.error.charset"); /* one line only */
	refuses("line", "a\x7f", "form.error.charset");
	refuses("line", "a\xc2\x85", "form.error.charset"); /* U+0085, a C1 control */
	refuses("line",
	        "a\xe2\x80\xae"
	        "b",
	        "form.error.charset");                          /* U+202E right-to-left override */
	refuses("line", "\xe2\x81\xa6x", "form.error.charset"); /* U+2066 isolate */
	refuses("line", "a\xe2\x80\xa8", "form.error.charset"); /* U+2028 line separator */
	refuses("line", "\xef\xbb\xbfx", "form.error.charset"); /* BOM */
	refuses("line", "\xef\xbf\xbe", "form.error.charset");  /* U+FFFE */
	/* Malformed UTF-8: overlong, surrogate, truncated, stray continuation, past U+10FFFF. */
	refuses("line", "\xc0\xaf", "form.error.charset");
	refuses("line", "\xed\xa0\x80", "form.error.charset");
	refuses("line", "ab\xe2\x82", "form.error.charset");
	refuses("line", "\x80", "form.error.charset");
	refuses("line", "\xf4\x90\x80\x80", "form.error.charset");
	refuses("line", "\xe0\x80\xaf", "form.error.charset");
	/* Emoji and other printable text are fine on a plain line. */
	accepts("line", "hi \xf0\x9f\x98\x80", "hi \xf0\x9f\x98\x80");
	accepts("line", "<b>&", "<b>&"); /* markup is text: the templates escape it */
}

static void name_charset(void **state)
{
	(void)state;
	accepts("name", "O'Neil-Ås", "O'Neil-Ås");
	refuses("name", "R2D2", "form.error.charset_name");
	refuses("name", "a<b>", "form.error.charset_name");
	refuses("name",
	        "a\xc3\x97"
	        "b",
	        "form.error.charset_name"); /* × */
	refuses("name", "a\tb", "form.error.charset_name");
}

static void multiline_text(void **state)
{
	(void)state;
	accepts("note", "a\r\nb\rc", "a\nb\nc"); /* 5 characters after unifying line breaks */
	accepts("note", "a\tb", "a\tb");
	refuses("note", "a\r\nb\r\nc\r\nd", "form.error.too_long"); /* 7 after unifying */
	refuses("note",
	        "a\x0b"
	        "b",
	        "form.error.charset");
}

static void text_past_the_byte_limit(void **state)
{
	(void)state;
	static const form_field big[] = {{"t", FORM_TEXT, .flags = 0}};
	size_t n = FORM_VALUE_MAX_BYTES + 1;
	char *s = arena_alloc(A, n + 1);
	memset(s, 'x', n);
	kv_list in = {0};
	kv_add(A, &in, "t", s);
	form f;
	assert_int_equal(form_parse(A, big, 1, &in, &f), ST_INVALID);
	assert_string_equal(f.values[0].error, "form.error.too_long");
}

static void enums(void **state)
{
	(void)state;
	accepts("colour", "green", "green");
	refuses("colour", "Green", "form.error.choice");
	refuses("colour", "green ", "form.error.choice");
	refuses("colour", "purple", "form.error.choice");
	accepts("colour", "", NULL);
	form f;
	assert_int_equal(parse1("colour", "blue", &f), ST_OK);
	/* The value is the declaration's own string. */
	assert_ptr_equal(form_text(&f, "colour"), colours[2]);
	assert_true(form_has(&f, "colour", "blue"));
	assert_false(form_has(&f, "colour", "red"));
}

static void emails(void **state)
{
	(void)state;
	accepts("email", "kari.nordmann@example.no", "kari.nordmann@example.no");
	accepts("email", " Kari+helse@Eksempel.NO ", "Kari+helse@eksempel.no"); /* domain lowercased */
	accepts("email", "a@b-c.museum", "a@b-c.museum");
	refuses("email", "kari", "form.error.email");
	refuses("email", "kari@", "form.error.email");
	refuses("email", "@example.no", "form.error.email");
	refuses("email", "kari@example", "form.error.email");
	refuses("email", "kari@@example.no", "form.error.email");
	refuses("email", "ka ri@example.no", "form.error.email");
	refuses("email", "kari..n@example.no", "form.error.email");
	refuses("email", ".kari@example.no", "form.error.email");
	refuses("email", "kari@-example.no", "form.error.email");
	refuses("email", "kari@example..no", "form.error.email");
	refuses("email", "kari@example.n", "form.error.email");
	refuses("email", "kari@example.123", "form.error.email");
	refuses("email", "kåre@example.no", "form.error.email");
	refuses("email", "kari@exa\nmple.no", "form.error.email");
	/* Length limits: 64 for the part before @, 254 in all. */
	char local[80];
	memset(local, 'a', 65);
	strcpy(local + 65, "@x.no");
	refuses("email", local, "form.error.email");
	local[64] = '\0';
	char ok[100];
	snprintf(ok, sizeof ok, "%s@x.no", local);
	accepts("email", ok, ok);
	char lng[300];
	strcpy(lng, "a@");
	for (int i = 0; i < 5; i++)
		strcat(lng, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.");
	strcat(lng, "no");
	refuses("email", lng, "form.error.email"); /* 259 characters */
}

static void phones(void **state)
{
	(void)state;
	accepts("phone", "41234567", "41234567");
	accepts("phone", "412 34 567", "41234567");
	accepts("phone", "+47 412 34 567", "41234567");
	accepts("phone", "0047 41234567", "41234567");
	accepts("phone",
	        "22\xc2\xa0"
	        "12\xc2\xa0"
	        "34\xc2\xa0"
	        "56",
	        "22123456");                               /* no-break spaces */
	refuses("phone", "4123456", "form.error.phone");   /* 7 digits */
	refuses("phone", "412345678", "form.error.phone"); /* 9 digits */
	refuses("phone", "01234567", "form.error.phone");  /* no Norwegian number starts with 0 */
	refuses("phone", "+46 41234567", "form.error.phone");
	refuses("phone", "4123456a", "form.error.phone");
	refuses("phone", "412-34-567", "form.error.phone");
	refuses("phone", "+47+4741234567", "form.error.phone");
}

static void postcodes(void **state)
{
	(void)state;
	accepts("postcode", "7010", "7010");
	accepts("postcode", "0150", "0150");
	accepts("postcode", " 9990 ", "9990");
	refuses("postcode", "701", "form.error.postcode");
	refuses("postcode", "70100", "form.error.postcode");
	refuses("postcode", "70a0", "form.error.postcode");
	refuses("postcode", "７０１０", "form.error.postcode"); /* full-width digits */
}

static void dates(void **state)
{
	(void)state;
	accepts("day", "2026-10-14", "2026-10-14");
	accepts("day", "2024-02-29", "2024-02-29");
	form f;
	assert_int_equal(parse1("day", "2026-03-01", &f), ST_OK);
	assert_int_equal(f.values[7].day.year, 2026);
	assert_int_equal(f.values[7].day.month, 3);
	assert_int_equal(f.values[7].day.day, 1);
	refuses("day", "2026-02-29", "form.error.date_invalid");
	refuses("day", "2026-13-01", "form.error.date_invalid");
	refuses("day", "2026-00-10", "form.error.date_invalid");
	refuses("day", "14.10.2026", "form.error.date_format");
	refuses("day", "2026-1-4", "form.error.date_format");
	refuses("day", "2026-10-14T00:00", "form.error.date_format");
	refuses("day", "yesterday", "form.error.date_format");
}

static void identity_numbers_say_why(void **state)
{
	(void)state;
	accepts("nin", "12848649994", "12848649994");
	accepts("nin", "128486 49994", "12848649994");
	accepts("nin", "31129956715", "31129956715");
	refuses("nin", "1284864999", "form.error.nin_length");
	refuses("nin", "128486499941", "form.error.nin_length");
	refuses("nin", "1284864999x", "form.error.nin_digits");
	refuses("nin", "32129956715", "form.error.nin_date");
	refuses("nin", "12848649995", "form.error.nin_check");
	form f;
	assert_int_equal(parse1("nin", "123", &f), ST_INVALID);
	assert_int_equal(f.values[8].err_count, 3);
	assert_string_equal(form_message(&f, &f.values[8], LOCALE_EN),
	                    "A national identity number has 11 digits. You have written 3.");
}

static void checkboxes(void **state)
{
	(void)state;
	form f;
	assert_int_equal(parse1("agree", "on", &f), ST_OK);
	assert_true(form_bool(&f, "agree"));
	assert_int_equal(parse1("agree", "0", &f), ST_OK);
	assert_false(form_bool(&f, "agree"));
	assert_int_equal(parse1("agree", "", &f), ST_OK);
	assert_false(form_bool(&f, "agree"));
	refuses("agree", "maybe", "form.error.bool");
	/* Not sent at all: unchecked. */
	kv_list none = {0};
	assert_int_equal(form_parse(A, fields, ARRAY_LEN(fields), &none, &f), ST_OK);
	assert_false(form_bool(&f, "agree"));
}

static void integers(void **state)
{
	(void)state;
	accepts("count", "1", "1");
	accepts("count", "12", "12");
	accepts("count", " 07 ", "7");
	accepts("count", "+3", "3");
	refuses("count", "0", "form.error.range");
	refuses("count", "13", "form.error.range");
	refuses("count", "-1", "form.error.range");
	refuses("count", "1.5", "form.error.integer");
	refuses("count", "1e3", "form.error.integer");
	refuses("count", "99999999999999999999999", "form.error.integer");
	refuses("count", "-", "form.error.integer");
	form f;
	assert_int_equal(parse1("count", "30", &f), ST_INVALID);
	assert_string_equal(form_message(&f, form_get(&f, "count"), LOCALE_NB), "Skriv et tall fra 1 til 12.");
	assert_int_equal(form_int(&f, "count", -1), -1);
}

static void repeated_fields(void **state)
{
	(void)state;
	kv_list in = {0};
	kv_add(A, &in, "pick", "red");
	kv_add(A, &in, "pick", "blue");
	form f;
	assert_int_equal(form_parse(A, fields, ARRAY_LEN(fields), &in, &f), ST_OK);
	const form_value *v = form_get(&f, "pick");
	assert_int_equal(v->count, 2);
	assert_string_equal(v->items[0], "red");
	assert_string_equal(v->items[1], "blue");
	assert_true(form_has(&f, "pick", "blue"));
	assert_false(form_has(&f, "pick", "green"));
	/* More than max_count. */
	kv_add(A, &in, "pick", "green");
	assert_int_equal(form_parse(A, fields, ARRAY_LEN(fields), &in, &f), ST_INVALID);
	assert_string_equal(form_get(&f, "pick")->error, "form.error.too_many");
	assert_string_equal(form_message(&f, form_get(&f, "pick"), LOCALE_EN), "Choose at most 2.");
	/* A bad value among good ones. */
	kv_list bad_in = {0};
	kv_add(A, &bad_in, "pick", "red");
	kv_add(A, &bad_in, "pick", "x");
	assert_int_equal(form_parse(A, fields, ARRAY_LEN(fields), &bad_in, &f), ST_INVALID);
	assert_string_equal(form_get(&f, "pick")->error, "form.error.choice");
}

static void a_field_sent_twice_is_refused(void **state)
{
	(void)state;
	kv_list in = {0};
	kv_add(A, &in, "email", "a@b.no");
	kv_add(A, &in, "email", "c@d.no");
	form f;
	assert_int_equal(form_parse(A, fields, ARRAY_LEN(fields), &in, &f), ST_INVALID);
	assert_string_equal(form_get(&f, "email")->error, "form.error.repeated");
	assert_string_equal(form_get(&f, "email")->raw, "a@b.no");
}

static void unknown_fields_are_refused_but_csrf_is_not(void **state)
{
	(void)state;
	kv_list in = {0};
	kv_add(A, &in, "csrf", "token");
	kv_add(A, &in, "email", "a@b.no");
	form f;
	assert_int_equal(form_parse(A, fields, ARRAY_LEN(fields), &in, &f), ST_OK);
	kv_add(A, &in, "is_admin", "1");
	assert_int_equal(form_parse(A, fields, ARRAY_LEN(fields), &in, &f), ST_INVALID);
	assert_string_equal(f.form_error, "form.error.unknown_field");
	/* The known field was still read, and is fine. */
	assert_string_equal(form_text(&f, "email"), "a@b.no");
	assert_null(form_get(&f, "email")->error);
}

static const form_field required_fields[] = {
    {"street", FORM_TEXT, .flags = FORM_REQUIRED, .label = "locale.name", .max = 100},
    {"agree", FORM_BOOL, .flags = FORM_REQUIRED},
    {"pick", FORM_ENUM, .flags = FORM_REQUIRED | FORM_REPEATED, .choices = colours},
    {"colour", FORM_ENUM, .flags = FORM_REQUIRED, .choices = colours},
};

static void missing_required_fields(void **state)
{
	(void)state;
	kv_list in = {0};
	kv_add(A, &in, "street", "   ");
	kv_add(A, &in, "colour", "");
	form f;
	assert_int_equal(form_parse(A, required_fields, ARRAY_LEN(required_fields), &in, &f), ST_INVALID);
	assert_int_equal(f.nerrors, 4);
	for (size_t i = 0; i < ARRAY_LEN(required_fields); i++)
		assert_string_equal(f.values[i].error, "form.error.required");
	/* A required field that is invalid says why, not that it is missing. */
	kv_list in2 = {0};
	kv_add(A, &in2, "colour", "mauve");
	assert_int_equal(form_parse(A, required_fields, ARRAY_LEN(required_fields), &in2, &f), ST_INVALID);
	assert_string_equal(form_get(&f, "colour")->error, "form.error.choice");
}

static void the_view_model_carries_values_and_errors(void **state)
{
	(void)state;
	kv_list in = {0};
	kv_add(A, &in, "street", "Storgata <1>");
	kv_add(A, &in, "colour", "mauve");
	kv_add(A, &in, "agree", "on");
	kv_add(A, &in, "pick", "red");
	form f;
	assert_int_equal(form_parse(A, required_fields, ARRAY_LEN(required_fields), &in, &f), ST_INVALID);
	json_t *m = json_object();
	form_model_into(m, &f, LOCALE_EN);
	json_t *street = json_object_get(json_object_get(m, "f"), "street");
	assert_string_equal(json_string_value(json_object_get(street, "value")), "Storgata <1>");
	assert_string_equal(json_string_value(json_object_get(street, "error")), "");
	assert_string_equal(json_string_value(json_object_get(street, "id")), "f-street");
	json_t *agree = json_object_get(json_object_get(m, "f"), "agree");
	assert_true(json_is_true(json_object_get(agree, "checked")));
	json_t *colour = json_object_get(json_object_get(m, "f"), "colour");
	assert_string_equal(json_string_value(json_object_get(colour, "value")), "mauve");
	assert_string_equal(json_string_value(json_object_get(colour, "error")), "Choose one of the options.");
	assert_string_equal(json_string_value(json_object_get(colour, "error_id")), "f-colour-error");
	assert_true(json_is_true(json_object_get(m, "form_invalid")));
	json_t *errs = json_object_get(m, "form_errors");
	assert_int_equal(json_array_size(errs), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(errs, 0), "href")), "#f-colour");
	json_decref(m);
}

static void domain_errors_and_first_render(void **state)
{
	(void)state;
	form f;
	form_init(A, fields, ARRAY_LEN(fields), &f);
	form_set(&f, "phone", "41234567");
	form_set(&f, "agree", "1");
	form_set(&f, "pick", "red");
	form_set(&f, "pick", "green");
	form_set(&f, "no_such_field", "x"); /* logged, ignored */
	assert_string_equal(form_text(&f, "phone"), "41234567");
	assert_true(form_bool(&f, "agree"));
	assert_true(form_has(&f, "pick", "green"));
	assert_int_equal(f.nerrors, 0);
	assert_true(form_add_error(&f, "phone", "form.error.too_many", 3));
	assert_false(form_add_error(&f, "nope", "form.error.required", 0));
	/* The first problem stays. */
	assert_true(form_add_error(&f, "phone", "form.error.required", 0));
	assert_string_equal(form_get(&f, "phone")->error, "form.error.too_many");
	assert_int_equal(f.nerrors, 1);
	assert_null(form_text(&f, "phone"));
}

static void messages_exist_in_both_languages(void **state)
{
	(void)state;
	static const char *const keys[] = {
	    "form.error.required",    "form.error.repeated",     "form.error.too_many",   "form.error.unknown_field",
	    "form.error.too_short",   "form.error.too_long",     "form.error.charset",    "form.error.charset_name",
	    "form.error.choice",      "form.error.email",        "form.error.phone",      "form.error.postcode",
	    "form.error.date_format", "form.error.date_invalid", "form.error.nin_length", "form.error.nin_digits",
	    "form.error.nin_date",    "form.error.nin_check",    "form.error.bool",       "form.error.integer",
	    "form.error.range"};
	for (size_t i = 0; i < ARRAY_LEN(keys); i++) {
		assert_non_null(i18n_find(LOCALE_NB, keys[i]));
		assert_non_null(i18n_find(LOCALE_EN, keys[i]));
		assert_string_not_equal(i18n_find(LOCALE_NB, keys[i]), i18n_find(LOCALE_EN, keys[i]));
	}
}

int main(void)
{
	if (i18n_load() != ST_OK) {
		fprintf(stderr, "test_form: the catalog does not load\n");
		return 1;
	}
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(text_lengths_count_characters),
	    cmocka_unit_test(text_boundaries),
	    cmocka_unit_test(too_long_carries_its_parameters),
	    cmocka_unit_test(text_refuses_hostile_characters),
	    cmocka_unit_test(name_charset),
	    cmocka_unit_test(multiline_text),
	    cmocka_unit_test(text_past_the_byte_limit),
	    cmocka_unit_test(enums),
	    cmocka_unit_test(emails),
	    cmocka_unit_test(phones),
	    cmocka_unit_test(postcodes),
	    cmocka_unit_test(dates),
	    cmocka_unit_test(identity_numbers_say_why),
	    cmocka_unit_test(checkboxes),
	    cmocka_unit_test(integers),
	    cmocka_unit_test(repeated_fields),
	    cmocka_unit_test(a_field_sent_twice_is_refused),
	    cmocka_unit_test(unknown_fields_are_refused_but_csrf_is_not),
	    cmocka_unit_test(missing_required_fields),
	    cmocka_unit_test(the_view_model_carries_values_and_errors),
	    cmocka_unit_test(domain_errors_and_first_render),
	    cmocka_unit_test(messages_exist_in_both_languages),
	};
	int failed = cmocka_run_group_tests_name("form", tests, setup, teardown);
	i18n_free();
	return failed;
}
