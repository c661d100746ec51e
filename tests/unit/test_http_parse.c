/* test_http_parse.c — the request parsers on good, bad and hostile input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/core.h"
#include "http/parse.h"

static int setup(void **state)
{
	*state = arena_new();
	return 0;
}

static int teardown(void **state)
{
	arena_free(*state);
	return 0;
}

static void form_fields_are_decoded(void **state)
{
	arena *a = *state;
	kv_list l = {0};
	const char *body = "name=%C3%85se+%C3%98ya&empty=&flag&x=1%2B1";
	assert_true(parse_urlencoded(a, body, strlen(body), &l));
	assert_int_equal(l.len, 4);
	assert_string_equal(kv_get(&l, "name"), "Åse Øya");
	assert_string_equal(kv_get(&l, "empty"), "");
	assert_string_equal(kv_get(&l, "flag"), "");
	assert_string_equal(kv_get(&l, "x"), "1+1");
	assert_null(kv_get(&l, "missing"));
}

static void empty_pairs_are_skipped(void **state)
{
	arena *a = *state;
	kv_list l = {0};
	assert_true(parse_urlencoded(a, "&&a=1&&", 7, &l));
	assert_int_equal(l.len, 1);
}

static void bad_escapes_are_refused(void **state)
{
	arena *a = *state;
	const char *bad[] = {"a=%", "a=%4", "a=%ZZ", "a=%00", "=novalue", "a=%C0%80", "a=%ED%A0%80", "a=%FF"};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		kv_list l = {0};
		assert_false(parse_urlencoded(a, bad[i], strlen(bad[i]), &l));
	}
}

static void embedded_nul_byte_is_refused(void **state)
{
	arena *a = *state;
	kv_list l = {0};
	const char body[] = {'a', '=', 'x', '\0', 'y'};
	assert_false(parse_urlencoded(a, body, sizeof body, &l));
}

static void too_many_fields_are_refused(void **state)
{
	arena *a = *state;
	buf b;
	buf_init(&b, 4096);
	for (int i = 0; i <= PARSE_MAX_FIELDS; i++)
		buf_printf(&b, "f%d=1&", i);
	kv_list l = {0};
	assert_false(parse_urlencoded(a, b.data, b.len, &l));
	buf_free(&b);
}

static void cookies_are_split(void **state)
{
	arena *a = *state;
	kv_list l = {0};
	assert_true(parse_cookies(a, "lang=en; __Host-s=abc; q=\"quoted\"; junk; =x;last=1 ", &l));
	assert_string_equal(kv_get(&l, "lang"), "en");
	assert_string_equal(kv_get(&l, "__Host-s"), "abc");
	assert_string_equal(kv_get(&l, "q"), "quoted");
	assert_string_equal(kv_get(&l, "last"), "1");
	assert_null(kv_get(&l, "junk"));
}

static void utf8_validation(void **state)
{
	(void)state;
	assert_true(utf8_valid("Ærlig åpen øy", strlen("Ærlig åpen øy")));
	assert_true(utf8_valid("\xf0\x9f\x98\x80", 4));
	assert_false(utf8_valid("\xc3", 1));
	assert_false(utf8_valid("\xc0\xaf", 2));
	assert_false(utf8_valid("\xed\xa0\x80", 3));
	assert_false(utf8_valid("\xf4\x90\x80\x80", 4));
}

static void utf8_cut_between_characters(void **state)
{
	(void)state;
	const char *s = "Ærlig øy"; /* Æ and ø are two bytes each */
	size_t n = strlen(s);
	assert_int_equal(utf8_prefix(s, n, 0), 0);
	assert_int_equal(utf8_prefix(s, n, 1), 2);
	assert_int_equal(utf8_prefix(s, n, 7), 9);
	assert_int_equal(utf8_prefix(s, n, 8), n);
	assert_int_equal(utf8_prefix(s, n, 100), n);
	assert_int_equal(utf8_prefix("\xf0\x9f\x98\x80!", 5, 1), 4);
}

static void multipart_fields_and_files(void **state)
{
	arena *a = *state;
	const char body[] = "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntok\r\n"
	                    "--XyZ\r\nContent-Disposition: form-data; name=\"document\"; filename=\"a.pdf\"\r\n"
	                    "Content-Type: application/pdf\r\n\r\n%PDF-1\r\n\x00x\r\n--XyZ--\r\n";
	kv_list fields = {0};
	upload_list files = {0};
	assert_true(parse_multipart(a, "multipart/form-data; boundary=XyZ", body, sizeof body - 1, &fields, &files));
	assert_string_equal(kv_get(&fields, "csrf"), "tok");
	assert_int_equal(files.len, 1);
	assert_string_equal(files.items[0].field, "document");
	assert_string_equal(files.items[0].filename, "a.pdf");
	assert_string_equal(files.items[0].content_type, "application/pdf");
	assert_int_equal(files.items[0].len, 10);
	assert_memory_equal(files.items[0].data, "%PDF-1\r\n\x00x", 10);
}

static void multipart_refuses_malformed(void **state)
{
	arena *a = *state;
	const char *bad[] = {
	    "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end",
	    "--XyZ\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--XyZ--",
	    "--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XyZ--",
	    "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\xff\r\n--XyZ--",
	    "garbage",
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		kv_list f = {0};
		upload_list u = {0};
		assert_false(parse_multipart(a, "multipart/form-data; boundary=XyZ", bad[i], strlen(bad[i]), &f, &u));
	}
	kv_list f = {0};
	upload_list u = {0};
	assert_false(parse_multipart(a, "multipart/form-data", "--x--", 5, &f, &u));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(form_fields_are_decoded, setup, teardown),
	    cmocka_unit_test_setup_teardown(empty_pairs_are_skipped, setup, teardown),
	    cmocka_unit_test_setup_teardown(bad_escapes_are_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(embedded_nul_byte_is_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(too_many_fields_are_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(cookies_are_split, setup, teardown),
	    cmocka_unit_test(utf8_validation),
	    cmocka_unit_test(utf8_cut_between_characters),
	    cmocka_unit_test_setup_teardown(multipart_fields_and_files, setup, teardown),
	    cmocka_unit_test_setup_teardown(multipart_refuses_malformed, setup, teardown),
	};
	return cmocka_run_group_tests_name("http_parse", tests, NULL, NULL);
}
