/* conformance.h — the store conformance harness: every test group runs on
 * SQLite and, when HELSAMI_TEST_PG_URL is set, on PostgreSQL, so store code
 * behaves the same on both (STYLE.md "Data").
 *
 * Adding a group: write tests/store/AREA.c (the Makefile links every .c
 * file of tests/store/ into build/tests/store_conformance) with static test
 * functions, a static array of them, and one registration line at the end:
 *
 *	static const struct CMUnitTest tests[] = {
 *		cmocka_unit_test(booking_twice_is_a_conflict),
 *	};
 *	CONF_GROUP(appointments, tests)
 *
 * Nothing else to edit. main.c runs each group as "appointments[sqlite]" and
 * then "appointments[postgres]", groups in name order.
 *
 * The database: each group starts on a freshly migrated database (a new
 * SQLite file; on PostgreSQL a new database of the run's own, conf_url),
 * a copy of the first one the run migrated on that backend. Tests of a
 * group share it, in order; a test that needs
 * it empty calls conf_fresh() first. Use conf_conn, the main thread's
 * connection. conf_fresh() replaces conf_db and conf_conn: read them again
 * afterwards, never keep an old copy.
 *
 * Threads: a test may start threads that each take db_thread_conn(conf_db);
 * it joins them before returning, and asserts on the main thread only (cmocka
 * is not thread-safe): let threads record results in a struct.
 *
 * Running: build/tests/store_conformance [GROUP...] runs the named groups
 * (default: all). Backend-specific tests call skip() on the other backend. */
#ifndef HELSAMI_TESTS_CONFORMANCE_H
#define HELSAMI_TESTS_CONFORMANCE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "db/db.h"
#include "store/store.h"

/* The backend under test; set by main.c before each group. */
extern db *conf_db;
extern db_conn *conf_conn;
extern enum db_kind conf_kind;
extern const char *conf_backend; /* "sqlite" or "postgres" */
extern const char *conf_url;     /* for a test that opens a second db */
extern const char *conf_tmpdir;  /* scratch directory, removed at exit */

/* Gives the current test an empty, freshly migrated database (see above);
 * fails the test if that is impossible. */
void conf_fresh(void);
/* The same without migrating: an empty database, for a test of a migration
 * (store_migrate_to). */
void conf_empty(void);

/* The one integer `sql` answers (a COUNT) on conf_conn; fails the test
 * when it answers none. */
int64_t conf_count(const char *sql);

/* Adds a group; called before main by CONF_GROUP. */
void conf_register(const char *name, const struct CMUnitTest *tests, size_t count);

#define CONF_GROUP(group, tests)                                                  \
	static void conf_register_##group(void) __attribute__((constructor));     \
	static void conf_register_##group(void)                                   \
	{                                                                         \
		conf_register(#group, tests, sizeof(tests) / sizeof((tests)[0])); \
	}

#endif
