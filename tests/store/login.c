/* login.c (conformance) — OIDC login attempts on both databases: a state
 * works once, expires, belongs to one provider, and two callbacks racing
 * with the same state cannot both win. */
#include <pthread.h>
#include <string.h>

#include "conformance.h"
#include "store/login.h"

enum { T0 = 1790000000, MAX_AGE = 600 };

static login_attempt attempt(const char *hash, const char *provider, unix_time at)
{
	return (login_attempt){hash, provider, "nonce-1", "verifier-secret-43-characters-long-xxxxxxx", NULL, at};
}

static void an_attempt_is_taken_once(void **state)
{
	(void)state;
	conf_fresh();
	arena *a = arena_new();
	login_attempt in = attempt("aa01", "idporten", T0);
	assert_int_equal(store_login_attempt_insert(conf_conn, &in), ST_OK);
	assert_int_equal(store_login_attempt_insert(conf_conn, &in), ST_CONFLICT);
	login_attempt out;
	assert_int_equal(store_login_attempt_take(conf_conn, a, "idporten", "aa01", T0 + 30, MAX_AGE, &out), ST_OK);
	assert_string_equal(out.nonce, "nonce-1");
	assert_string_equal(out.code_verifier, in.code_verifier);
	assert_string_equal(out.provider, "idporten");
	assert_null(out.return_to);
	assert_int_equal(out.created_at, T0);
	/* the second use of the same state */
	assert_int_equal(store_login_attempt_take(conf_conn, a, "idporten", "aa01", T0 + 31, MAX_AGE, &out), ST_DENIED);
	assert_null(out.code_verifier);
	/* its secrets are gone from the database */
	db_stmt *s = db_prepare(conf_conn, "SELECT code_verifier, nonce, used_at FROM login_attempt WHERE state_hash = 'aa01'");
	assert_non_null(s);
	assert_int_equal(db_step(s), DB_ROW);
	assert_string_equal(db_col_text(s, 0), "");
	assert_string_equal(db_col_text(s, 1), "");
	assert_int_equal(db_col_int(s, 2), T0 + 30);
	db_done(s);
	arena_free(a);
}

static void unknown_foreign_and_expired_states(void **state)
{
	(void)state;
	conf_fresh();
	arena *a = arena_new();
	login_attempt out;
	assert_int_equal(store_login_attempt_take(conf_conn, a, "idporten", "nope", T0, MAX_AGE, &out), ST_NOT_FOUND);
	login_attempt in = attempt("bb01", "helseid", T0);
	assert_int_equal(store_login_attempt_insert(conf_conn, &in), ST_OK);
	/* a HelseID state at the ID-porten callback */
	assert_int_equal(store_login_attempt_take(conf_conn, a, "idporten", "bb01", T0 + 1, MAX_AGE, &out), ST_NOT_FOUND);
	/* too old: refused, and used up all the same */
	assert_int_equal(store_login_attempt_take(conf_conn, a, "helseid", "bb01", T0 + MAX_AGE + 1, MAX_AGE, &out),
	                 ST_INVALID);
	assert_null(out.nonce);
	assert_int_equal(store_login_attempt_take(conf_conn, a, "helseid", "bb01", T0 + 2, MAX_AGE, &out), ST_DENIED);
	/* from the future (a clock moved back): refused too */
	login_attempt later = attempt("bb02", "helseid", T0 + 100);
	assert_int_equal(store_login_attempt_insert(conf_conn, &later), ST_OK);
	assert_int_equal(store_login_attempt_take(conf_conn, a, "helseid", "bb02", T0, MAX_AGE, &out), ST_INVALID);
	arena_free(a);
}

static void old_attempts_are_purged(void **state)
{
	(void)state;
	conf_fresh();
	arena *a = arena_new();
	login_attempt old = attempt("cc01", "idporten", T0 - 90000), fresh_one = attempt("cc02", "idporten", T0);
	assert_int_equal(store_login_attempt_insert(conf_conn, &old), ST_OK);
	assert_int_equal(store_login_attempt_insert(conf_conn, &fresh_one), ST_OK);
	assert_int_equal(store_login_attempt_purge(conf_conn, T0 - 86400), ST_OK);
	login_attempt out;
	assert_int_equal(store_login_attempt_take(conf_conn, a, "idporten", "cc01", T0, MAX_AGE, &out), ST_NOT_FOUND);
	assert_int_equal(store_login_attempt_take(conf_conn, a, "idporten", "cc02", T0, MAX_AGE, &out), ST_OK);
	arena_free(a);
}

enum { RACERS = 4 };

struct race {
	pthread_barrier_t *go;
	status result;
};

static void *racer(void *arg)
{
	struct race *r = arg;
	db_conn *c = db_thread_conn(conf_db);
	arena *a = arena_new();
	login_attempt out;
	pthread_barrier_wait(r->go);
	r->result = c ? store_login_attempt_take(c, a, "idporten", "dd01", T0 + 5, MAX_AGE, &out) : ST_INTERNAL;
	arena_free(a);
	return NULL;
}

static void racing_callbacks_with_one_state_let_one_win(void **state)
{
	(void)state;
	conf_fresh();
	login_attempt in = attempt("dd01", "idporten", T0);
	assert_int_equal(store_login_attempt_insert(conf_conn, &in), ST_OK);
	pthread_barrier_t go;
	pthread_barrier_init(&go, NULL, RACERS);
	struct race races[RACERS];
	pthread_t threads[RACERS];
	for (int i = 0; i < RACERS; i++) {
		races[i] = (struct race){&go, ST_INTERNAL};
		pthread_create(&threads[i], NULL, racer, &races[i]);
	}
	for (int i = 0; i < RACERS; i++)
		pthread_join(threads[i], NULL);
	pthread_barrier_destroy(&go);
	int won = 0, denied = 0;
	for (int i = 0; i < RACERS; i++) {
		won += races[i].result == ST_OK;
		denied += races[i].result == ST_DENIED;
	}
	assert_int_equal(won, 1);
	assert_int_equal(denied, RACERS - 1);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(an_attempt_is_taken_once),
    cmocka_unit_test(unknown_foreign_and_expired_states),
    cmocka_unit_test(old_attempts_are_purged),
    cmocka_unit_test(racing_callbacks_with_one_state_let_one_win),
};
CONF_GROUP(login_attempt, tests)
