/* audit.c (conformance) — the access log on both databases: chains, the
 * append-only triggers, tamper detection, rollback with the logged change,
 * and concurrent appends to one chain. */
#include <pthread.h>
#include <string.h>

#include "conformance.h"
#include "domain/audit.h"
#include "domain/tx.h"

struct append_arg {
	int64_t patient;
	const char *what;
	status result;
};

static status append_fn(db_conn *c, void *argp)
{
	struct append_arg *a = argp;
	audit_entry e = {.patient_id = a->patient, .at = 1790000000, .actor_kind = "staff",
	                 .actor_staff_id = 7, .actor_role = "clinician", .action = "read",
	                 .what = a->what, .purpose = "care"};
	return audit_append(c, &e);
}

static void append(int64_t patient, const char *what)
{
	struct append_arg a = {patient, what, ST_OK};
	assert_int_equal(db_tx(conf_conn, true, append_fn, &a), ST_OK);
}

static void chains_link_and_verify(void **state)
{
	(void)state;
	conf_fresh();
	append(1, "register.person");
	append(1, "health.results");
	append(2, "health.results");
	append(1, "health.medications");
	int64_t n;
	assert_int_equal(store_audit_count(conf_conn, 1, &n), ST_OK);
	assert_int_equal(n, 3);
	audit_report r;
	assert_int_equal(audit_verify(conf_conn, &r), ST_OK);
	assert_true(r.intact);
	assert_int_equal(r.entries, 4);
	assert_int_equal(r.chains, 2);
}

static void record_fills_actor_from_context(void **state)
{
	(void)state;
	conf_fresh();
	arena *a = arena_new();
	ctx x = {.arena = a, .db = conf_conn, .now = 1790000000,
	         .who = {.kind = ACTOR_CITIZEN, .person_id = 5}};
	/* A representative (person 5) reads person 9's record. */
	assert_int_equal(audit_record(&x, 9, "read", "health.summary", NULL, "representation"), ST_OK);
	db_stmt *s = db_prepare(conf_conn, "SELECT actor_kind, actor_person_id, on_behalf_of, seq FROM audit_log"
	                                    " WHERE patient_id = 9");
	assert_int_equal(db_step(s), DB_ROW);
	assert_string_equal(db_col_text(s, 0), "representative");
	assert_int_equal(db_col_int(s, 1), 5);
	assert_int_equal(db_col_int(s, 2), 9);
	assert_int_equal(db_col_int(s, 3), 1);
	db_done(s);
	arena_free(a);
}

static void log_refuses_update_and_delete(void **state)
{
	(void)state;
	conf_fresh();
	append(3, "health.results");
	assert_int_not_equal(db_exec(conf_conn, "UPDATE audit_log SET what = 'x'"), ST_OK);
	assert_int_not_equal(db_exec(conf_conn, "DELETE FROM audit_log"), ST_OK);
	int64_t n;
	assert_int_equal(store_audit_count(conf_conn, 3, &n), ST_OK);
	assert_int_equal(n, 1);
}

static void unprotect(void)
{
	if (conf_kind == DB_SQLITE)
		assert_int_equal(db_exec(conf_conn, "DROP TRIGGER audit_log_no_update;"
		                                    "DROP TRIGGER audit_log_no_delete;"), ST_OK);
	else
		assert_int_equal(db_exec(conf_conn, "ALTER TABLE audit_log DISABLE TRIGGER USER"), ST_OK);
}

static int64_t entry_id(int64_t patient, int seq)
{
	db_stmt *s = db_prepare(conf_conn, "SELECT id FROM audit_log WHERE patient_id = $1 AND seq = $2");
	db_bind_int(s, 1, patient);
	db_bind_int(s, 2, seq);
	assert_int_equal(db_step(s), DB_ROW);
	int64_t id = db_col_int(s, 0);
	db_done(s);
	return id;
}

static void verify_names_the_altered_entry(void **state)
{
	(void)state;
	conf_fresh();
	for (int i = 0; i < 4; i++)
		append(4, "health.results");
	int64_t second = entry_id(4, 2);
	unprotect();
	db_stmt *s = db_prepare(conf_conn, "UPDATE audit_log SET purpose = 'emergency' WHERE id = $1");
	db_bind_int(s, 1, second);
	assert_int_equal(db_run(s), ST_OK);
	audit_report r;
	assert_int_equal(audit_verify(conf_conn, &r), ST_OK);
	assert_false(r.intact);
	assert_int_equal(r.entry_id, second);
	assert_int_equal(r.seq, 2);
}

static void verify_catches_a_truncated_tail(void **state)
{
	(void)state;
	conf_fresh();
	for (int i = 0; i < 3; i++)
		append(6, "health.results");
	int64_t last = entry_id(6, 3);
	unprotect();
	db_stmt *s = db_prepare(conf_conn, "DELETE FROM audit_log WHERE id = $1");
	db_bind_int(s, 1, last);
	assert_int_equal(db_run(s), ST_OK);
	audit_report r;
	assert_int_equal(audit_verify(conf_conn, &r), ST_OK);
	assert_false(r.intact);
	assert_int_equal(r.patient_id, 6);
}

static status append_then_fail(db_conn *c, void *argp)
{
	status st = append_fn(c, argp);
	return st == ST_OK ? ST_CONFLICT : st;
}

static void entry_rolls_back_with_its_change(void **state)
{
	(void)state;
	conf_fresh();
	struct append_arg a = {8, "health.results", ST_OK};
	assert_int_equal(db_tx(conf_conn, true, append_then_fail, &a), ST_CONFLICT);
	int64_t n;
	assert_int_equal(store_audit_count(conf_conn, 8, &n), ST_OK);
	assert_int_equal(n, 0);
	append(8, "health.results");
	assert_int_equal(entry_id(8, 1) > 0, 1);
}

/* ---- a request's reads, logged when it ends (audit_later) ---------------------- */

struct read_op {
	int64_t patient;
	status result; /* what the read returns after logging */
};

static status read_fn(ctx *x, void *args)
{
	struct read_op *o = args;
	status st = audit_record(x, o->patient, "read", "health.results", NULL, "representation");
	return st != ST_OK ? st : o->result;
}

static status change_fn(ctx *x, void *args)
{
	struct read_op *o = args;
	return audit_record(x, o->patient, "update", "health.results", NULL, "representation");
}

static int64_t entries_of(int64_t patient)
{
	int64_t n;
	assert_int_equal(store_audit_count(conf_conn, patient, &n), ST_OK);
	return n;
}

static void request_reads_are_written_once_it_ends(void **state)
{
	(void)state;
	conf_fresh();
	arena *a = arena_new();
	ctx x = {.arena = a, .db = conf_conn, .now = 1790000000, .who = {.kind = ACTOR_CITIZEN, .person_id = 5},
	         .log_later = audit_later_new(a)};
	struct read_op ok = {12, ST_OK}, gone = {12, ST_NOT_FOUND};
	assert_int_equal(domain_read_tx(&x, true, read_fn, &ok), ST_OK);
	assert_int_equal(domain_read_tx(&x, true, read_fn, &ok), ST_OK);
	/* A read that fails after logging is rolled back with its entry, as before. */
	assert_int_equal(domain_read_tx(&x, true, read_fn, &gone), ST_NOT_FOUND);
	/* A change is written in its own transaction at once. */
	assert_int_equal(domain_tx(&x, true, change_fn, &ok), ST_OK);
	assert_int_equal(entries_of(12), 1);
	assert_int_equal(audit_flush(&x), ST_OK);
	assert_int_equal(entries_of(12), 3);
	assert_int_equal(audit_flush(&x), ST_OK); /* the list is empty now */
	assert_int_equal(entries_of(12), 3);
	audit_report r;
	assert_int_equal(audit_verify(conf_conn, &r), ST_OK);
	assert_true(r.intact);
	arena_free(a);
}

static void reads_without_a_request_are_written_at_once(void **state)
{
	(void)state;
	conf_fresh();
	arena *a = arena_new();
	ctx x = {.arena = a, .db = conf_conn, .now = 1790000000, .who = {.kind = ACTOR_CITIZEN, .person_id = 5}};
	struct read_op ok = {13, ST_OK};
	assert_int_equal(domain_read_tx(&x, true, read_fn, &ok), ST_OK);
	assert_int_equal(entries_of(13), 1);
	arena_free(a);
}

enum { THREADS = 4, PER_THREAD = 25 };

struct worker {
	pthread_t t;
	int failures;
};

static void *append_many(void *argp)
{
	struct worker *w = argp;
	db_conn *c = db_thread_conn(conf_db);
	for (int i = 0; i < PER_THREAD; i++) {
		struct append_arg a = {11, "health.results", ST_OK};
		if (c == NULL || db_tx(c, true, append_fn, &a) != ST_OK)
			w->failures++;
	}
	return NULL;
}

static void concurrent_appends_keep_one_chain(void **state)
{
	(void)state;
	conf_fresh();
	struct worker w[THREADS] = {0};
	for (int i = 0; i < THREADS; i++)
		pthread_create(&w[i].t, NULL, append_many, &w[i]);
	for (int i = 0; i < THREADS; i++)
		pthread_join(w[i].t, NULL);
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(w[i].failures, 0);
	int64_t n;
	assert_int_equal(store_audit_count(conf_conn, 11, &n), ST_OK);
	assert_int_equal(n, THREADS * PER_THREAD);
	audit_report r;
	assert_int_equal(audit_verify(conf_conn, &r), ST_OK);
	assert_true(r.intact);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(chains_link_and_verify),
    cmocka_unit_test(record_fills_actor_from_context),
    cmocka_unit_test(log_refuses_update_and_delete),
    cmocka_unit_test(verify_names_the_altered_entry),
    cmocka_unit_test(verify_catches_a_truncated_tail),
    cmocka_unit_test(entry_rolls_back_with_its_change),
    cmocka_unit_test(request_reads_are_written_once_it_ends),
    cmocka_unit_test(reads_without_a_request_are_written_at_once),
    cmocka_unit_test(concurrent_appends_keep_one_chain),
};
CONF_GROUP(audit, tests)
