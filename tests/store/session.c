/* session.c (conformance) — sessions, accounts and security events on both
 * databases: tokens stored only as hashes, idle and absolute expiry, ending by
 * id, by provider sid and for a person, and the account's lifecycle. */
#include <string.h>

#include "auth/session.h"
#include "conformance.h"
#include "fixtures.h"
#include "domain/account.h"
#include "store/register.h"
#include "store/outbox.h"
#include "store/session.h"

struct fixture {
	arena *a;
	ctx x;
};

static void fixture_init(struct fixture *f, unix_time now)
{
	f->a = arena_new();
	f->x = (ctx){.arena = f->a, .db = conf_conn, .now = now};
}

static void token_is_stored_only_as_a_hash(void **state)
{
	(void)state;
	conf_fresh();
	struct fixture f;
	fixture_init(&f, 1795000000);
	session s = {.kind = ACTOR_CITIZEN, .person_id = fx_person("01018099967", "Test", "Person", "1980-01-01"),
	             .provider = "testid"};
	char token[SESSION_TOKEN_LEN + 1];
	assert_int_equal(session_create(&f.x, &s, token), ST_OK);
	assert_int_equal(strlen(token), SESSION_TOKEN_LEN);
	assert_int_equal(strlen(s.csrf), SESSION_TOKEN_LEN);
	db_stmt *q = db_prepare(conf_conn, "SELECT token_hash FROM session WHERE id = $1");
	db_bind_int(q, 1, s.id);
	assert_int_equal(db_step(q), DB_ROW);
	assert_string_not_equal(db_col_text(q, 0), token);
	assert_int_equal(strlen(db_col_text(q, 0)), 64);
	db_done(q);
	session found;
	assert_int_equal(session_find(&f.x, token, true, &found), ST_OK);
	assert_int_equal(found.id, s.id);
	assert_string_equal(found.csrf, s.csrf);
	assert_int_equal(session_find(&f.x, "not-a-token", true, &found), ST_NOT_FOUND);
	arena_free(f.a);
}

static void found_with_the_names_of_its_person_and_whose_record_is_open(void **state)
{
	(void)state;
	conf_fresh();
	struct fixture f;
	fixture_init(&f, 1795000000);
	int64_t parent = fx_person("01018099967", "Kari", "Nordmann", "1980-01-01");
	int64_t child = fx_person("01011599950", "Ola", "Nordmann", "2015-01-01");
	session s = {.kind = ACTOR_CITIZEN, .person_id = parent, .provider = "testid"};
	char token[SESSION_TOKEN_LEN + 1];
	assert_int_equal(session_create(&f.x, &s, token), ST_OK);
	session found;
	assert_int_equal(session_find(&f.x, token, false, &found), ST_OK);
	assert_string_equal(found.person_name, "Kari Nordmann");
	assert_null(found.acting_for_name);
	assert_int_equal(store_session_set_acting_for(conf_conn, s.id, child), ST_OK);
	assert_int_equal(session_find(&f.x, token, false, &found), ST_OK);
	assert_string_equal(found.person_name, "Kari Nordmann");
	assert_string_equal(found.acting_for_name, "Ola Nordmann");
	arena_free(f.a);
}

/* The header's count of unread in-app notices is read with the session
 * (issue 12): the person's own, in-app only (N1). */
static void found_with_the_unread_notices_of_its_person(void **state)
{
	(void)state;
	conf_fresh();
	struct fixture f;
	fixture_init(&f, 1795000000);
	int64_t kari = fx_person("01018099967", "Kari", "Nordmann", "1980-01-01");
	int64_t ola = fx_person("01011599950", "Ola", "Nordmann", "1985-01-01");
	int64_t ev = 0;
	assert_int_equal(store_outbox_add(conf_conn, kari, "test_result", 1, false, 1794000000, &ev), ST_OK);
	const char *channels[] = {"in_app", "email"};
	for (size_t i = 0; i < 2; i++)
		assert_int_equal(store_delivery_add(conf_conn, ev, kari, kari, channels[i], 1794000000, NULL), ST_OK);
	assert_int_equal(store_delivery_add(conf_conn, ev, ola, kari, "in_app", 1794000000, NULL), ST_OK);

	session s = {.kind = ACTOR_CITIZEN, .person_id = kari, .provider = "testid"};
	char token[SESSION_TOKEN_LEN + 1];
	assert_int_equal(session_create(&f.x, &s, token), ST_OK);
	session found;
	assert_int_equal(session_find(&f.x, token, false, &found), ST_OK);
	assert_int_equal(found.unread, 1); /* in-app only, her own */

	assert_int_equal(store_inbox_mark_read(conf_conn, kari, 1795000000), ST_OK);
	assert_int_equal(session_find(&f.x, token, false, &found), ST_OK);
	assert_int_equal(found.unread, 0);

	session t = {.kind = ACTOR_CITIZEN, .person_id = ola, .provider = "testid"};
	assert_int_equal(session_create(&f.x, &t, token), ST_OK);
	assert_int_equal(session_find(&f.x, token, false, &found), ST_OK);
	assert_int_equal(found.unread, 1);
	arena_free(f.a);
}

static void a_staff_session_brings_the_roles_held_now(void **state)
{
	(void)state;
	conf_fresh();
	struct fixture f;
	fixture_init(&f, 1795000000);
	int64_t ingrid = fx_person("14827549852", "Ingrid", "Lege", "1975-01-01");
	int64_t oya = fx_unit("oya-test", "gp_office", "Øya");
	int64_t moa = fx_unit("moa-test", "gp_office", "Moa");
	int64_t ingrid_staff = fx_staff(ingrid, oya, "clinician");
	assert_int_equal(store_staff_unit_add(conf_conn, ingrid_staff, moa, "clinician"), ST_OK);
	assert_int_equal(store_staff_unit_add(conf_conn, ingrid_staff, moa, "admin"), ST_OK);
	session s = {.kind = ACTOR_STAFF, .person_id = ingrid, .staff_id = ingrid_staff, .provider = "testid"};
	char token[SESSION_TOKEN_LEN + 1];
	assert_int_equal(session_create(&f.x, &s, token), ST_OK);
	session found;
	assert_int_equal(session_find(&f.x, token, false, &found), ST_OK);
	assert_int_equal(found.roles, ROLE_CLINICIAN | ROLE_ADMIN);
	unsigned roles = 0;
	assert_int_equal(store_staff_roles(conf_conn, ingrid_staff, &roles), ST_OK);
	assert_int_equal(roles, ROLE_CLINICIAN | ROLE_ADMIN);

	db_stmt *q = db_prepare(conf_conn, "DELETE FROM staff_unit WHERE staff_id = $1 AND role = 'admin'");
	db_bind_int(q, 1, ingrid_staff);
	assert_int_equal(db_run(q), ST_OK);
	assert_int_equal(session_find(&f.x, token, false, &found), ST_OK);
	assert_int_equal(found.roles, ROLE_CLINICIAN);

	q = db_prepare(conf_conn, "UPDATE staff SET active = 0 WHERE id = $1");
	db_bind_int(q, 1, ingrid_staff);
	assert_int_equal(db_run(q), ST_OK);
	assert_int_equal(session_find(&f.x, token, false, &found), ST_OK);
	assert_int_equal(found.roles, 0);
	assert_int_equal(store_staff_roles(conf_conn, ingrid_staff, &roles), ST_OK);
	assert_int_equal(roles, 0);

	/* A citizen's session holds no roles. */
	session c = {.kind = ACTOR_CITIZEN, .person_id = ingrid, .provider = "testid"};
	assert_int_equal(session_create(&f.x, &c, token), ST_OK);
	assert_int_equal(session_find(&f.x, token, false, &found), ST_OK);
	assert_int_equal(found.roles, 0);
	arena_free(f.a);
}

static void idle_and_absolute_limits(void **state)
{
	(void)state;
	conf_fresh();
	struct fixture f;
	fixture_init(&f, 1795000000);
	session s = {.kind = ACTOR_CITIZEN, .person_id = fx_person("01018099967", "Test", "Person", "1980-01-01"),
	             .provider = "testid"};
	char token[SESSION_TOKEN_LEN + 1];
	assert_int_equal(session_create(&f.x, &s, token), ST_OK);
	session found;
	f.x.now += SESSION_IDLE_SECONDS - 1;
	assert_int_equal(session_find(&f.x, token, true, &found), ST_OK);
	/* Kept alive every 29 minutes, it still ends at 12 hours. */
	for (unix_time t = f.x.now; t < 1795000000 + SESSION_MAX_SECONDS; t += 29 * 60) {
		f.x.now = t;
		assert_int_equal(session_find(&f.x, token, true, &found), ST_OK);
	}
	f.x.now = 1795000000 + SESSION_MAX_SECONDS;
	assert_int_equal(session_find(&f.x, token, true, &found), ST_NOT_FOUND);
	/* An expired session stays ended even if the clock went back. */
	f.x.now = 1795000000 + 60;
	assert_int_equal(session_find(&f.x, token, true, &found), ST_NOT_FOUND);
	arena_free(f.a);
}

static void idle_end_is_exact(void **state)
{
	(void)state;
	conf_fresh();
	struct fixture f;
	fixture_init(&f, 1795000000);
	session s = {.kind = ACTOR_CITIZEN, .person_id = fx_person("01018099967", "Test", "Person", "1980-01-01"),
	             .provider = "testid"};
	char token[SESSION_TOKEN_LEN + 1];
	assert_int_equal(session_create(&f.x, &s, token), ST_OK);
	session found;
	f.x.now = 1795000000 + SESSION_IDLE_SECONDS;
	assert_int_equal(session_find(&f.x, token, false, &found), ST_NOT_FOUND);
	arena_free(f.a);
}

static void ending_by_sid_and_for_a_person(void **state)
{
	(void)state;
	conf_fresh();
	struct fixture f;
	fixture_init(&f, 1795000000);
	int64_t a = fx_person("01018099967", "Test", "Person", "1980-01-01");
	int64_t b = fx_person("02018099917", "Test", "Person", "1980-01-01");
	char t1[SESSION_TOKEN_LEN + 1], t2[SESSION_TOKEN_LEN + 1], t3[SESSION_TOKEN_LEN + 1];
	session s1 = {.kind = ACTOR_CITIZEN, .person_id = a, .provider = "idporten", .idp_sid = "sid-1"};
	session s2 = {.kind = ACTOR_CITIZEN, .person_id = a, .provider = "idporten", .idp_sid = "sid-2"};
	session s3 = {.kind = ACTOR_CITIZEN, .person_id = b, .provider = "idporten", .idp_sid = "sid-1"};
	assert_int_equal(session_create(&f.x, &s1, t1), ST_OK);
	assert_int_equal(session_create(&f.x, &s2, t2), ST_OK);
	assert_int_equal(session_create(&f.x, &s3, t3), ST_OK);
	int64_t ended = 0;
	assert_int_equal(session_end_by_sid(&f.x, "helseid", "sid-1", &ended), ST_OK);
	assert_int_equal(ended, 0);
	assert_int_equal(session_end_by_sid(&f.x, "idporten", "sid-1", &ended), ST_OK);
	assert_int_equal(ended, 2);
	session found;
	assert_int_equal(session_find(&f.x, t1, false, &found), ST_NOT_FOUND);
	assert_int_equal(session_find(&f.x, t3, false, &found), ST_NOT_FOUND);
	assert_int_equal(session_find(&f.x, t2, false, &found), ST_OK);
	assert_int_equal(session_end_for_person(&f.x, a), ST_OK);
	assert_int_equal(session_find(&f.x, t2, false, &found), ST_NOT_FOUND);
	arena_free(f.a);
}

static void account_lifecycle(void **state)
{
	(void)state;
	conf_fresh();
	struct fixture f;
	fixture_init(&f, 1795000000);
	int64_t p = fx_person("01018099967", "Test", "Person", "1980-01-01");
	bool off = true;
	assert_int_equal(account_is_deactivated(&f.x, p, &off), ST_OK);
	assert_false(off);
	assert_int_equal(account_record_login(&f.x, p), ST_OK);
	f.x.now += 100;
	assert_int_equal(account_record_login(&f.x, p), ST_OK);
	account acc;
	assert_int_equal(store_account_get(conf_conn, p, &acc), ST_OK);
	assert_int_equal(acc.created_at, 1795000000);
	assert_int_equal(acc.last_login_at, 1795000100);
	char token[SESSION_TOKEN_LEN + 1];
	session s = {.kind = ACTOR_CITIZEN, .person_id = p, .provider = "testid"};
	assert_int_equal(session_create(&f.x, &s, token), ST_OK);
	assert_int_equal(account_set_active(&f.x, p, false), ST_OK);
	assert_int_equal(account_is_deactivated(&f.x, p, &off), ST_OK);
	assert_true(off);
	session found;
	assert_int_equal(session_find(&f.x, token, false, &found), ST_NOT_FOUND);
	assert_int_equal(account_set_active(&f.x, p, true), ST_OK);
	assert_int_equal(account_is_deactivated(&f.x, p, &off), ST_OK);
	assert_false(off);
	arena_free(f.a);
}

static void security_events_are_kept(void **state)
{
	(void)state;
	conf_fresh();
	security_event e = {1795000000, "login_refused", "idporten", 0, 0, "under_16"};
	assert_int_equal(store_security_event_add(conf_conn, &e), ST_OK);
	assert_int_equal(store_security_event_add(conf_conn, &e), ST_OK);
	int64_t n;
	assert_int_equal(store_security_event_count(conf_conn, "login_refused", &n), ST_OK);
	assert_int_equal(n, 2);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(token_is_stored_only_as_a_hash),
    cmocka_unit_test(found_with_the_names_of_its_person_and_whose_record_is_open),
    cmocka_unit_test(found_with_the_unread_notices_of_its_person),
    cmocka_unit_test(a_staff_session_brings_the_roles_held_now),
    cmocka_unit_test(idle_and_absolute_limits),
    cmocka_unit_test(idle_end_is_exact),
    cmocka_unit_test(ending_by_sid_and_for_a_person),
    cmocka_unit_test(account_lifecycle),
    cmocka_unit_test(security_events_are_kept),
};
CONF_GROUP(session, tests)
