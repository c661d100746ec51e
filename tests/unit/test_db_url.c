/* test_db_url.c — the database URL forms db_open accepts (db_url_parse). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "db/db_internal.h"

static void sqlite_url_gives_the_path(void **state)
{
	(void)state;
	enum db_kind kind;
	const char *target = NULL;
	assert_int_equal(db_url_parse("sqlite:var/helsami.db", &kind, &target), ST_OK);
	assert_int_equal(kind, DB_SQLITE);
	assert_string_equal(target, "var/helsami.db");
	assert_int_equal(db_url_parse("sqlite:/srv/h.db", &kind, &target), ST_OK);
	assert_string_equal(target, "/srv/h.db");
}

static void postgres_urls_go_to_libpq_whole(void **state)
{
	(void)state;
	static const char *const urls[] = {
	    "postgres://helsami@127.0.0.1:5432/helsami",
	    "postgresql://u:secret@db.example/helsami?sslmode=require",
	    "postgresql:///helsami?host=/run/postgresql",
	};
	for (size_t i = 0; i < ARRAY_LEN(urls); i++) {
		enum db_kind kind;
		const char *target = NULL;
		assert_int_equal(db_url_parse(urls[i], &kind, &target), ST_OK);
		assert_int_equal(kind, DB_POSTGRES);
		assert_ptr_equal(target, urls[i]);
	}
}

static void other_urls_are_invalid(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "",          "sqlite:",        "sqlite::memory:", "SQLITE:x.db", "mysql://h/db", "postgres:/x",
	    "pg://h/db", "var/helsami.db", "file:x.db",
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		enum db_kind kind;
		const char *target = NULL;
		assert_int_equal(db_url_parse(bad[i], &kind, &target), ST_INVALID);
	}
	enum db_kind kind;
	const char *target;
	assert_int_equal(db_url_parse(NULL, &kind, &target), ST_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(sqlite_url_gives_the_path),
	    cmocka_unit_test(postgres_urls_go_to_libpq_whole),
	    cmocka_unit_test(other_urls_are_invalid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
