/* access_log.c (conformance) — the citizen's view of the access log on both
 * databases: only this patient's entries, never the patient's own, newest
 * first, names joined from person/staff/unit, periods in Norwegian days,
 * paging, emergency access marked, and the representative's read logged. */
#include <stdio.h>
#include <string.h>

#include "conformance.h"
#include "fixtures.h"
#include "domain/access_log.h"
#include "domain/audit.h"
#include "domain/authz.h"
#include "store/access_log.h"
#include "store/register.h"

struct world {
	int64_t marius, silje, ingrid, ingrid_staff, oya;
};

static void build(struct world *w)
{
	conf_fresh();
	w->marius = fx_person(fx_nin(0), "Marius", "Berg", "1986-08-12");
	w->silje = fx_person(fx_nin(1), "Silje", "Berg", "1986-08-12");
	w->ingrid = fx_person(fx_nin(2), "Ingrid", "Lund", "1986-08-12");
	w->oya = fx_unit("oya", "gp_office", "Øya legesenter");
	/* An HPR number and a title of her own, for the names the log joins. */
	staff s = {.person_id = w->ingrid, .hpr_number = "900000001", .title = "Fastlege", .active = true};
	assert_int_equal(store_staff_insert(conf_conn, &s, &w->ingrid_staff), ST_OK);
}

struct append_arg {
	audit_entry e;
};

static status append_fn(db_conn *c, void *argp)
{
	audit_entry e = ((struct append_arg *)argp)->e;
	return audit_append(c, &e);
}

static void append(audit_entry e)
{
	struct append_arg a = {e};
	assert_int_equal(db_tx(conf_conn, true, append_fn, &a), ST_OK);
}

static audit_entry staff_read(const struct world *w, int64_t patient, unix_time at, const char *what)
{
	return (audit_entry){.patient_id = patient, .at = at, .actor_kind = "staff",
	                     .actor_person_id = w->ingrid, .actor_staff_id = w->ingrid_staff,
	                     .actor_unit_id = w->oya, .actor_role = "clinician", .action = "read", .what = what,
	                     .purpose = "care", .reason = "SECRET REASON"};
}

static void page_joins_names_and_hides_the_patients_own(void **state)
{
	(void)state;
	struct world w;
	build(&w);
	arena *a = arena_new();
	append(staff_read(&w, w.marius, 1000, "health.results"));
	append((audit_entry){.patient_id = w.marius, .at = 2000, .actor_kind = "citizen",
	                     .actor_person_id = w.marius, .action = "read", .what = "health.results",
	                     .purpose = "own"});
	append((audit_entry){.patient_id = w.marius, .at = 3000, .actor_kind = "representative",
	                     .actor_person_id = w.silje, .on_behalf_of = w.marius, .action = "read",
	                     .what = "health.summary", .purpose = "representation"});
	append(staff_read(&w, w.silje, 3500, "health.vaccines")); /* someone else's record */
	audit_entry em = staff_read(&w, w.marius, 4000, "health.medications");
	em.purpose = "emergency";
	append(em);

	access_log_row *rows;
	size_t n;
	assert_int_equal(store_access_log_page(conf_conn, a, w.marius, INT64_MIN, INT64_MAX, false, 25, 0, &rows, &n), ST_OK);
	assert_int_equal(n, 3);
	assert_int_equal(rows[0].at, 4000);
	assert_string_equal(rows[0].purpose, "emergency");
	assert_int_equal(rows[1].at, 3000);
	assert_string_equal(rows[1].actor_kind, "representative");
	assert_string_equal(rows[1].actor_given_name, "Silje");
	assert_int_equal(rows[1].on_behalf_of, w.marius);
	assert_string_equal(rows[1].behalf_given_name, "Marius");
	assert_null(rows[1].staff_title);
	assert_null(rows[1].unit_name);
	assert_int_equal(rows[2].at, 1000);
	assert_string_equal(rows[2].actor_given_name, "Ingrid");
	assert_string_equal(rows[2].actor_family_name, "Lund");
	assert_string_equal(rows[2].staff_title, "Fastlege");
	assert_string_equal(rows[2].actor_role, "clinician");
	assert_string_equal(rows[2].unit_name, "Øya legesenter");
	assert_int_equal(rows[2].on_behalf_of, 0);
	int64_t count;
	assert_int_equal(store_access_log_count(conf_conn, w.marius, INT64_MIN, INT64_MAX, false, &count), ST_OK);
	assert_int_equal(count, 3);
	assert_int_equal(store_access_log_count(conf_conn, w.silje, INT64_MIN, INT64_MAX, false, &count), ST_OK);
	assert_int_equal(count, 1);
	arena_free(a);
}

static void periods_and_pages(void **state)
{
	(void)state;
	struct world w;
	build(&w);
	arena *a = arena_new();
	/* 60 reads one minute apart, and two at the very same second. */
	for (int i = 0; i < 60; i++)
		append(staff_read(&w, w.marius, 100000 + i * 60, "health.results"));
	append(staff_read(&w, w.marius, 200000, "first.at.200000"));
	append(staff_read(&w, w.marius, 200000, "second.at.200000"));
	int64_t count;
	assert_int_equal(store_access_log_count(conf_conn, w.marius, 100000, 100000 + 10 * 60, false, &count), ST_OK);
	assert_int_equal(count, 10); /* from inclusive, to exclusive */
	access_log_row *rows;
	size_t n;
	/* Ties: the one written last comes first. */
	assert_int_equal(store_access_log_page(conf_conn, a, w.marius, INT64_MIN, INT64_MAX, false, 2, 0, &rows, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].what, "second.at.200000");
	assert_string_equal(rows[1].what, "first.at.200000");
	/* Pages neither overlap nor skip. */
	int64_t seen = 0, last = INT64_MAX;
	for (int64_t off = 0; off < 62; off += 25) {
		assert_int_equal(store_access_log_page(conf_conn, a, w.marius, INT64_MIN, INT64_MAX, false, 25, off, &rows, &n),
		                 ST_OK);
		for (size_t i = 0; i < n; i++) {
			assert_true(rows[i].at <= last);
			last = rows[i].at;
		}
		seen += (int64_t)n;
	}
	assert_int_equal(seen, 62);
	arena_free(a);
}

/* EXPLAIN QUERY PLAN of one of the store's own query texts (params binds
 * $1..$nparams: the patient, a period, then ones): audit_log must be read
 * through the index `plan` names (e.g. "USING COVERING INDEX
 * audit_log_shown"), never scanned and never sorted whole. The buffer is
 * static and sized once per text, because db_prepare caches statements by
 * the address of their SQL. */
static void assert_uses_index(char *buf, size_t size, const char *sql, int nparams, int64_t patient, const char *plan)
{
	int len = snprintf(buf, size, "EXPLAIN QUERY PLAN %s", sql);
	assert_true(len > 0 && (size_t)len < size);
	db_stmt *s = db_prepare(conf_conn, buf);
	assert_non_null(s);
	db_bind_int(s, 1, patient);
	db_bind_int(s, 2, 0);
	db_bind_int(s, 3, 1000000);
	for (int i = 4; i <= nparams; i++)
		db_bind_int(s, i, 1);
	bool indexed = false, scanned = false, sorted = false;
	while (db_step(s) == DB_ROW) {
		const char *detail = db_col_text(s, 3);
		indexed = indexed || strstr(detail, plan) != NULL;
		scanned = scanned || strcmp(detail, "SCAN a") == 0 || strncmp(detail, "SCAN a ", 7) == 0 ||
		          strstr(detail, "SCAN audit_log") != NULL || strstr(detail, "SCAN TABLE audit_log") != NULL;
		sorted = sorted || strstr(detail, "TEMP B-TREE") != NULL;
	}
	db_done(s);
	assert_true(indexed);
	assert_false(scanned);
	assert_false(sorted);
}

static void the_query_uses_the_patient_index(void **state)
{
	(void)state;
	if (conf_kind != DB_SQLITE)
		skip(); /* PostgreSQL plans by table size; the SQLite plan shows the intent */
	struct world w;
	build(&w);
	/* The texts store_access_log_page and _count run, not copies of them:
	 * the page reads the newest entries in order and stops; the citizen's
	 * count reads the index alone, however long the log. */
	static char page[16384], count[16384], guardian_count[16384];
	assert_uses_index(page, sizeof page, store_access_log_page_sql, 6, w.marius, "INDEX audit_log_shown");
	assert_uses_index(count, sizeof count, store_access_log_count_sql, 3, w.marius,
	                  "USING COVERING INDEX audit_log_shown");
	assert_uses_index(guardian_count, sizeof guardian_count, store_access_log_guardian_count_sql, 3, w.marius,
	                  "INDEX audit_log_shown");
}

static void norwegian_days_and_times(void **state)
{
	(void)state;
	/* Winter: midnight in Norway is 23:00 UTC the day before. */
	unix_time t;
	assert_true(time_parse("2026-01-14T23:00:00Z", &t));
	assert_int_equal(oslo_day_start((date){2026, 1, 15}), t);
	/* Summer: 22:00 UTC. */
	assert_true(time_parse("2026-07-14T22:00:00Z", &t));
	assert_int_equal(oslo_day_start((date){2026, 7, 15}), t);
	/* The days the clocks change. */
	assert_true(time_parse("2026-03-28T23:00:00Z", &t));
	assert_int_equal(oslo_day_start((date){2026, 3, 29}), t);
	assert_true(time_parse("2026-10-24T22:00:00Z", &t));
	assert_int_equal(oslo_day_start((date){2026, 10, 25}), t);
	date d;
	int h, m;
	assert_true(time_parse("2026-10-14T12:40:00Z", &t));
	time_in_oslo(t, &d, &h, &m);
	assert_int_equal(d.day, 14);
	assert_int_equal(h, 14);
	assert_int_equal(m, 40);
	assert_true(time_parse("2026-12-31T23:30:00Z", &t));
	time_in_oslo(t, &d, &h, &m);
	assert_int_equal(d.year, 2027);
	assert_int_equal(d.month, 1);
	assert_int_equal(d.day, 1);
	assert_int_equal(h, 0);
	assert_int_equal(m, 30);
}

static void the_citizens_view(void **state)
{
	(void)state;
	struct world w;
	build(&w);
	arena *a = arena_new();
	unix_time t;
	/* 14 October 2026 00:30 in Norway is 13 October 22:30 UTC. */
	assert_true(time_parse("2026-10-13T22:30:00Z", &t));
	append(staff_read(&w, w.marius, t, "health.results"));
	assert_true(time_parse("2026-10-14T21:59:00Z", &t)); /* 23:59 in Norway */
	audit_entry em = staff_read(&w, w.marius, t, "health.medications");
	em.purpose = "emergency";
	append(em);
	assert_true(time_parse("2026-10-14T22:00:00Z", &t)); /* 15 October 00:00 in Norway */
	append(staff_read(&w, w.marius, t, "health.summary"));
	for (int i = 0; i < 30; i++)
		append(staff_read(&w, w.marius, 1000 + i, "register.person"));

	ctx x = {.arena = a, .db = conf_conn, .now = 1790000000, .who = {.kind = ACTOR_CITIZEN, .person_id = w.marius},
	         .subject_id = w.marius, .access = authz_citizen_all()};
	access_log_query q = {.page = 1};
	access_log_page pg;
	assert_int_equal(access_log_list(&x, w.marius, &q, &pg), ST_OK);
	assert_int_equal(pg.total, 33);
	assert_int_equal(pg.pages, 2);
	assert_int_equal(pg.count, 25);
	assert_string_equal(pg.entries[0].what, "health.summary");
	assert_true(pg.entries[1].emergency);
	assert_false(pg.entries[0].emergency);
	assert_string_equal(pg.entries[0].actor_name, "Ingrid Lund");
	assert_string_equal(pg.entries[0].staff_title, "Fastlege");
	assert_string_equal(pg.entries[0].unit_name, "Øya legesenter");
	q.page = 99; /* past the end: the last page */
	assert_int_equal(access_log_list(&x, w.marius, &q, &pg), ST_OK);
	assert_int_equal(pg.page, 2);
	assert_int_equal(pg.count, 8);

	/* 14 October only, in Norwegian days. */
	q = (access_log_query){.has_from = true, .from = {2026, 10, 14}, .has_to = true, .to = {2026, 10, 14}, .page = 1};
	assert_int_equal(access_log_list(&x, w.marius, &q, &pg), ST_OK);
	assert_int_equal(pg.total, 2);
	assert_string_equal(pg.entries[0].what, "health.medications");
	assert_string_equal(pg.entries[1].what, "health.results");
	q.to = (date){2026, 10, 13};
	assert_int_equal(access_log_list(&x, w.marius, &q, &pg), ST_INVALID);
	/* Nothing in the period: one empty page. */
	q = (access_log_query){.has_from = true, .from = {2030, 1, 1}, .page = 1};
	assert_int_equal(access_log_list(&x, w.marius, &q, &pg), ST_OK);
	assert_int_equal(pg.total, 0);
	assert_int_equal(pg.pages, 1);
	assert_int_equal(pg.count, 0);

	/* Her own view reads nothing into the log. */
	int64_t before;
	assert_int_equal(store_audit_count(conf_conn, w.marius, &before), ST_OK);
	assert_int_equal(before, 33);
	/* Silje cannot see Marius's log on her own record, nor acting for him without D3. */
	ctx silje = {.arena = a, .db = conf_conn, .now = 1790000000, .who = {.kind = ACTOR_CITIZEN, .person_id = w.silje},
	             .subject_id = w.silje, .access = authz_citizen_all()};
	assert_int_equal(access_log_list(&silje, w.marius, &q, &pg), ST_DENIED);
	silje.subject_id = w.marius;
	silje.access = CAP_BIT(CAP_H2_RESULTS);
	assert_int_equal(access_log_list(&silje, w.marius, &q, &pg), ST_DENIED);
	/* With D3 on his record she can, and her reading is logged. */
	silje.access = CAP_BIT(CAP_D3_ACCESS_LOG);
	assert_int_equal(access_log_list(&silje, w.marius, &q, &pg), ST_OK);
	int64_t after;
	assert_int_equal(store_audit_count(conf_conn, w.marius, &after), ST_OK);
	assert_int_equal(after, 34);
	arena_free(a);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(page_joins_names_and_hides_the_patients_own),
    cmocka_unit_test(periods_and_pages),
    cmocka_unit_test(the_query_uses_the_patient_index),
    cmocka_unit_test(norwegian_days_and_times),
    cmocka_unit_test(the_citizens_view),
};
CONF_GROUP(access_log, tests)
