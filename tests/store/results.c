/* results.c (conformance) — test results on both databases: the release
 * rules in the citizen's queries, release and review, the notification
 * outbox event (and that it holds no health data), the guardians' filter,
 * the review queue, and that no query returns another patient's result; then
 * the domain rules over them (validation, who may do what, the access log). */
#include <string.h>

#include "conformance.h"
#include "fixtures.h"
#include "domain/authz.h"
#include "domain/results.h"
#include "store/audit.h"
#include "store/outbox.h"
#include "store/register.h"
#include "store/results.h"

/* 2026-11-22T10:00:00Z, the demo world's "today". */
#define NOW 1795341600

/* The result types the tests enter, read from the catalogue. */
struct types {
	result_type hb, hba1c, genetic, histology;
};

static void types_read(arena *a, struct types *t)
{
	assert_int_equal(store_result_type_by_code(conf_conn, a, "hb", &t->hb), ST_OK);
	assert_int_equal(store_result_type_by_code(conf_conn, a, "hba1c", &t->hba1c), ST_OK);
	assert_int_equal(store_result_type_by_code(conf_conn, a, "genetic_brca", &t->genetic), ST_OK);
	assert_int_equal(store_result_type_by_code(conf_conn, a, "histology", &t->histology), ST_OK);
}

static int64_t add_result(const fx_world *w, int64_t patient, const result_type *t, const char *value,
                          const char *taken_on, const char *state, bool hidden)
{
	result r = {.patient_id = patient, .type = *t, .value = value, .unit = t->unit, .taken_on = taken_on,
	            .entered_by = w->ingrid, .entered_at = NOW - 86400, .unit_id = w->oya, .status = state,
	            .hidden_from_guardians = hidden};
	if (strcmp(state, "released") == 0)
		r.released_at = NOW - 86400;
	if (strcmp(state, "reviewed") == 0 || (strcmp(state, "released") == 0 && strcmp(t->rule, "after_review") == 0)) {
		r.reviewed_by = w->ingrid;
		r.reviewed_at = NOW - 86400;
	}
	int64_t id;
	assert_int_equal(store_result_insert(conf_conn, &r, &id), ST_OK);
	return id;
}

static bool has_id(const result *rs, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (rs[i].id == id)
			return true;
	return false;
}

/* ---- store ------------------------------------------------------------------ */

static void the_catalogue_has_every_rule(void **state)
{
	(void)state;
	arena *a = arena_new();
	fx_world w;
	fx_world_make(&w);
	struct types t;
	types_read(a, &t);
	assert_string_equal(t.hb.rule, "immediate");
	assert_string_equal(t.hb.value_kind, "numeric");
	assert_string_equal(t.hb.unit, "g/dL");
	assert_string_equal(t.hb.ref_low, "13.4");
	assert_string_equal(t.hb.ref_high, "17.0");
	assert_string_equal(t.hba1c.rule, "after_review");
	assert_string_equal(t.genetic.rule, "never");
	assert_string_equal(t.histology.value_kind, "text");
	assert_null(t.histology.unit);
	result_type crp;
	assert_int_equal(store_result_type_by_code(conf_conn, a, "crp", &crp), ST_OK);
	assert_null(crp.ref_low);
	assert_string_equal(crp.ref_high, "5");
	result_type *types;
	size_t n;
	assert_int_equal(store_result_types(conf_conn, a, &types, &n), ST_OK);
	assert_true(n >= 10);
	result_type none;
	assert_int_equal(store_result_type_by_code(conf_conn, a, "nope", &none), ST_NOT_FOUND);
	assert_int_equal(store_result_type_by_id(conf_conn, a, 999999, &none), ST_NOT_FOUND);
	arena_free(a);
}

static void the_citizen_sees_exactly_by_rule(void **state)
{
	(void)state;
	arena *a = arena_new();
	fx_world w;
	fx_world_make(&w);
	struct types t;
	types_read(a, &t);
	int64_t hb = add_result(&w, w.marius, &t.hb, "14.1", "2026-11-01", "released", false);
	int64_t hb_entered = add_result(&w, w.marius, &t.hb, "14.3", "2026-11-02", "entered", false);
	int64_t waiting = add_result(&w, w.marius, &t.hba1c, "49", "2026-11-18", "entered", false);
	int64_t reviewed = add_result(&w, w.marius, &t.hba1c, "47", "2026-10-18", "reviewed", false);
	int64_t released = add_result(&w, w.marius, &t.hba1c, "44", "2026-06-15", "released", false);
	int64_t genetic = add_result(&w, w.marius, &t.genetic, "Ingen variant påvist.", "2026-09-01", "reviewed", false);
	result *rs;
	size_t n;
	bool more;
	assert_int_equal(store_results_visible(conf_conn, a, w.marius, false, 50, &rs, &n, &more), ST_OK);
	assert_int_equal(n, 3);
	assert_false(more);
	assert_true(has_id(rs, n, hb));
	assert_true(has_id(rs, n, hb_entered)); /* immediate: visible when entered */
	assert_true(has_id(rs, n, released));
	assert_false(has_id(rs, n, waiting));
	assert_false(has_id(rs, n, reviewed));
	assert_false(has_id(rs, n, genetic));
	/* Newest taken first. */
	assert_int_equal(rs[0].id, hb_entered);
	assert_int_equal(rs[1].id, hb);
	assert_int_equal(rs[2].id, released);
	assert_string_equal(rs[0].entered_by_name, "Ingrid Berg");
	result one;
	assert_int_equal(store_result_visible(conf_conn, a, w.marius, released, false, &one), ST_OK);
	assert_string_equal(one.value, "44");
	assert_string_equal(one.unit, "mmol/mol");
	assert_int_equal(store_result_visible(conf_conn, a, w.marius, waiting, false, &one), ST_NOT_FOUND);
	assert_int_equal(store_result_visible(conf_conn, a, w.marius, genetic, false, &one), ST_NOT_FOUND);
	/* Staff see every one. */
	assert_int_equal(store_results_all(conf_conn, a, w.marius, 50, &rs, &n, &more), ST_OK);
	assert_int_equal(n, 6);
	/* max and more. */
	assert_int_equal(store_results_visible(conf_conn, a, w.marius, false, 2, &rs, &n, &more), ST_OK);
	assert_int_equal(n, 2);
	assert_true(more);
	/* The chart's history: one type, oldest first. */
	add_result(&w, w.marius, &t.hb, "13.1", "2026-03-02", "released", false);
	assert_int_equal(store_results_visible_of_type(conf_conn, a, w.marius, t.hb.id, false, 10, &rs, &n), ST_OK);
	assert_int_equal(n, 3);
	assert_string_equal(rs[0].taken_on, "2026-03-02");
	assert_string_equal(rs[2].taken_on, "2026-11-02");
	/* The newest max of them. */
	assert_int_equal(store_results_visible_of_type(conf_conn, a, w.marius, t.hb.id, false, 2, &rs, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rs[0].taken_on, "2026-11-01");
	assert_string_equal(rs[1].taken_on, "2026-11-02");
	arena_free(a);
}

static void release_review_and_take(void **state)
{
	(void)state;
	arena *a = arena_new();
	fx_world w;
	fx_world_make(&w);
	struct types t;
	types_read(a, &t);
	int64_t waiting = add_result(&w, w.marius, &t.hba1c, "49", "2026-11-18", "entered", false);
	int64_t hb = add_result(&w, w.marius, &t.hb, "14.1", "2026-11-01", "released", false);
	int64_t genetic = add_result(&w, w.marius, &t.genetic, "Ingen variant påvist.", "2026-09-01", "entered", false);
	/* Only after_review results are released, once. */
	assert_int_equal(store_result_release(conf_conn, w.marius, hb, w.ingrid, NOW), ST_NOT_FOUND);
	assert_int_equal(store_result_release(conf_conn, w.marius, genetic, w.ingrid, NOW), ST_NOT_FOUND);
	assert_int_equal(store_result_release(conf_conn, w.silje, waiting, w.ingrid, NOW), ST_NOT_FOUND);
	assert_int_equal(store_result_release(conf_conn, w.marius, waiting, w.ingrid, NOW), ST_OK);
	assert_int_equal(store_result_release(conf_conn, w.marius, waiting, w.ingrid, NOW), ST_NOT_FOUND);
	result r;
	assert_int_equal(store_result_get(conf_conn, a, w.marius, waiting, &r), ST_OK);
	assert_string_equal(r.status, "released");
	assert_int_equal(r.reviewed_by, w.ingrid);
	assert_int_equal(r.released_at, NOW);
	assert_int_equal(r.reviewed_at, NOW);
	assert_string_equal(r.reviewed_by_name, "Ingrid Berg");
	/* A never-result is reviewed (closed), never released; take works only while waiting. */
	assert_int_equal(store_result_take(conf_conn, w.silje, genetic, w.ingrid), ST_NOT_FOUND);
	assert_int_equal(store_result_take(conf_conn, w.marius, genetic, w.ingrid), ST_OK);
	assert_int_equal(store_result_take(conf_conn, w.marius, genetic, w.ingrid), ST_OK);
	assert_int_equal(store_result_take(conf_conn, w.marius, genetic, w.eirik), ST_CONFLICT);
	assert_int_equal(store_result_take(conf_conn, w.marius, hb, w.ingrid), ST_NOT_FOUND);
	assert_int_equal(store_result_review(conf_conn, w.silje, genetic, w.ingrid, NOW), ST_NOT_FOUND);
	assert_int_equal(store_result_review(conf_conn, w.marius, genetic, w.ingrid, NOW), ST_OK);
	assert_int_equal(store_result_review(conf_conn, w.marius, genetic, w.ingrid, NOW), ST_NOT_FOUND);
	assert_int_equal(store_result_get(conf_conn, a, w.marius, genetic, &r), ST_OK);
	assert_string_equal(r.status, "reviewed");
	assert_int_equal(r.assigned_to, w.ingrid);
	assert_int_equal(store_result_release(conf_conn, w.marius, genetic, w.ingrid, NOW), ST_NOT_FOUND);
	arena_free(a);
}

static void another_patients_ids_are_never_returned(void **state)
{
	(void)state;
	arena *a = arena_new();
	fx_world w;
	fx_world_make(&w);
	struct types t;
	types_read(a, &t);
	int64_t mine = add_result(&w, w.marius, &t.hb, "14.1", "2026-11-01", "released", false);
	add_result(&w, w.silje, &t.hb, "13.6", "2026-09-10", "released", false);
	result r;
	assert_int_equal(store_result_visible(conf_conn, a, w.silje, mine, false, &r), ST_NOT_FOUND);
	assert_int_equal(store_result_get(conf_conn, a, w.silje, mine, &r), ST_NOT_FOUND);
	result *rs;
	size_t n;
	bool more;
	assert_int_equal(store_results_visible(conf_conn, a, w.silje, false, 50, &rs, &n, &more), ST_OK);
	assert_int_equal(n, 1);
	assert_false(has_id(rs, n, mine));
	assert_int_equal(store_results_all(conf_conn, a, w.silje, 50, &rs, &n, &more), ST_OK);
	assert_false(has_id(rs, n, mine));
	assert_int_equal(store_results_visible_of_type(conf_conn, a, w.silje, t.hb.id, false, 10, &rs, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_false(has_id(rs, n, mine));
	int64_t owner;
	assert_int_equal(store_result_patient(conf_conn, mine, &owner), ST_OK);
	assert_int_equal(owner, w.marius);
	assert_int_equal(store_result_patient(conf_conn, mine + 1000, &owner), ST_NOT_FOUND);
	arena_free(a);
}

static void hidden_from_guardians_only(void **state)
{
	(void)state;
	arena *a = arena_new();
	fx_world w;
	fx_world_make(&w);
	struct types t;
	types_read(a, &t);
	result_type chlamydia;
	assert_int_equal(store_result_type_by_code(conf_conn, a, "chlamydia", &chlamydia), ST_OK);
	int64_t hidden = add_result(&w, w.nora, &chlamydia, "Ikke påvist.", "2026-10-12", "released", true);
	int64_t hb_hidden = add_result(&w, w.nora, &t.hb, "12.9", "2026-10-12", "released", true);
	int64_t shown = add_result(&w, w.nora, &t.hb, "13.5", "2026-08-12", "released", false);
	result *rs;
	size_t n;
	bool more;
	/* Nora herself sees all. */
	assert_int_equal(store_results_visible(conf_conn, a, w.nora, false, 50, &rs, &n, &more), ST_OK);
	assert_int_equal(n, 3);
	assert_true(rs[0].hidden_from_guardians || rs[1].hidden_from_guardians);
	/* Her parents do not see the hidden ones. */
	assert_int_equal(store_results_visible(conf_conn, a, w.nora, true, 50, &rs, &n, &more), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rs[0].id, shown);
	result r;
	assert_int_equal(store_result_visible(conf_conn, a, w.nora, hidden, true, &r), ST_NOT_FOUND);
	assert_int_equal(store_result_visible(conf_conn, a, w.nora, hidden, false, &r), ST_OK);
	assert_true(r.hidden_from_guardians);
	assert_int_equal(store_results_visible_of_type(conf_conn, a, w.nora, t.hb.id, true, 10, &rs, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_false(has_id(rs, n, hb_hidden));
	assert_int_equal(store_results_visible_of_type(conf_conn, a, w.nora, t.hb.id, false, 10, &rs, &n), ST_OK);
	assert_int_equal(n, 2);
	arena_free(a);
}

static void the_queue_holds_what_awaits_review_in_ones_units(void **state)
{
	(void)state;
	arena *a = arena_new();
	fx_world w;
	fx_world_make(&w);
	struct types t;
	types_read(a, &t);
	int64_t waiting = add_result(&w, w.marius, &t.hba1c, "49", "2026-11-18", "entered", false);
	int64_t genetic = add_result(&w, w.silje, &t.genetic, "Ingen variant påvist.", "2026-09-01", "entered", false);
	add_result(&w, w.marius, &t.hb, "14.1", "2026-11-01", "released", false);
	add_result(&w, w.marius, &t.hba1c, "44", "2026-06-15", "released", false);
	add_result(&w, w.marius, &t.hba1c, "47", "2026-10-18", "reviewed", false);
	result_queue_item *items;
	size_t n;
	bool more;
	assert_int_equal(store_results_queue(conf_conn, a, w.ingrid, 50, &items, &n, &more), ST_OK);
	assert_int_equal(n, 2);
	assert_false(more);
	assert_int_equal(items[0].r.id, waiting); /* oldest entered first; same time: by id */
	assert_int_equal(items[1].r.id, genetic);
	assert_string_equal(items[0].patient_name, "Marius Berg");
	assert_string_equal(items[0].patient_nin, "12848649994");
	/* Taken ones first. */
	assert_int_equal(store_result_take(conf_conn, w.silje, genetic, w.ingrid), ST_OK);
	assert_int_equal(store_results_queue(conf_conn, a, w.ingrid, 50, &items, &n, &more), ST_OK);
	assert_int_equal(items[0].r.id, genetic);
	assert_string_equal(items[0].r.assigned_to_name, "Ingrid Berg");
	/* Another unit's clinician and the front desk have nothing here. */
	assert_int_equal(store_results_queue(conf_conn, a, w.eirik, 50, &items, &n, &more), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_results_queue(conf_conn, a, w.marte, 50, &items, &n, &more), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_results_queue(conf_conn, a, w.ingrid, 1, &items, &n, &more), ST_OK);
	assert_int_equal(n, 1);
	assert_true(more);
	arena_free(a);
}

static void the_schema_refuses_nonsense(void **state)
{
	(void)state;
	arena *a = arena_new();
	fx_world w;
	fx_world_make(&w);
	struct types t;
	types_read(a, &t);
	result r = {.patient_id = w.marius, .type = t.hb, .value = "14", .taken_on = "2026-11-01",
	            .entered_by = w.ingrid, .entered_at = NOW, .status = "released"};
	int64_t id;
	/* Released needs released_at. */
	assert_int_equal(store_result_insert(conf_conn, &r, &id), ST_CONFLICT);
	r.status = "bogus";
	assert_int_equal(store_result_insert(conf_conn, &r, &id), ST_CONFLICT);
	r.status = "entered";
	r.value = "";
	assert_int_equal(store_result_insert(conf_conn, &r, &id), ST_CONFLICT);
	r.value = "14";
	r.patient_id = 999999;
	assert_int_equal(store_result_insert(conf_conn, &r, &id), ST_CONFLICT);
	arena_free(a);
}

/* ---- domain ----------------------------------------------------------------- */

/* No text of the event may carry what the result says. */
static void assert_no_health_data(const outbox_event *e, const char *value, const result_type *t)
{
	assert_string_equal(e->kind, "test_result");
	assert_null(strstr(e->kind, value));
	assert_null(strstr(e->kind, t->code));
	assert_null(strstr(e->kind, t->name_nb));
}

static void releasing_notifies_without_health_data(void **state)
{
	(void)state;
	arena *a = arena_new();
	fx_world w;
	fx_world_make(&w);
	struct types t;
	types_read(a, &t);
	ctx ingrid = fx_staff_ctx(a, NOW, w.ingrid_person, w.ingrid, ROLE_CLINICIAN);
	problems pr;
	int64_t id;
	result_entry e = {.type_id = t.hba1c.id, .value = "49", .taken_on = "2026-11-18"};
	assert_int_equal(results_enter(&ingrid, w.marius, &e, &pr, &id), ST_OK);
	outbox_event *ev;
	size_t n;
	assert_int_equal(store_outbox_for_person(conf_conn, a, w.marius, 10, &ev, &n), ST_OK);
	assert_int_equal(n, 0); /* waiting for review: nothing to tell yet */
	ctx marius = fx_citizen(a, NOW, w.marius, w.marius);
	result r, *hist;
	size_t nh;
	assert_int_equal(results_get(&marius, id, &r, &hist, &nh), ST_NOT_FOUND);

	assert_int_equal(results_release(&ingrid, w.marius, id), ST_OK);
	assert_int_equal(store_outbox_for_person(conf_conn, a, w.marius, 10, &ev, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ev[0].person_id, w.marius);
	assert_int_equal(ev[0].payload_ref, id);
	assert_int_equal(ev[0].created_at, NOW);
	assert_int_equal(ev[0].delivered_at, 0);
	assert_int_equal(ev[0].attempts, 0);
	assert_no_health_data(&ev[0], "49", &t.hba1c);
	assert_int_equal(results_get(&marius, id, &r, &hist, &nh), ST_OK);
	assert_string_equal(r.value, "49");
	/* Releasing twice is a conflict and tells nobody twice. */
	assert_int_equal(results_release(&ingrid, w.marius, id), ST_CONFLICT);
	assert_int_equal(store_outbox_for_person(conf_conn, a, w.marius, 10, &ev, &n), ST_OK);
	assert_int_equal(n, 1);
	/* An immediate result is released, and announced, when entered. */
	result_entry hb = {.type_id = t.hb.id, .value = "14,6", .taken_on = "2026-11-20"};
	int64_t hb_id;
	assert_int_equal(results_enter(&ingrid, w.marius, &hb, &pr, &hb_id), ST_OK);
	assert_int_equal(store_outbox_for_person(conf_conn, a, w.marius, 10, &ev, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(ev[0].payload_ref, hb_id);
	assert_no_health_data(&ev[0], "14.6", &t.hb);
	assert_int_equal(results_get(&marius, hb_id, &r, &hist, &nh), ST_OK);
	assert_string_equal(r.value, "14.6"); /* stored with a point */
	assert_int_equal(results_release(&ingrid, w.marius, hb_id), ST_CONFLICT);
	/* A never-result is never announced nor shown, and cannot be released. */
	result_entry gen = {.type_id = t.genetic.id, .value = "Ingen variant påvist.", .taken_on = "2026-11-20"};
	int64_t gen_id;
	assert_int_equal(results_enter(&ingrid, w.marius, &gen, &pr, &gen_id), ST_OK);
	assert_int_equal(results_release(&ingrid, w.marius, gen_id), ST_CONFLICT);
	assert_int_equal(store_outbox_for_person(conf_conn, a, w.marius, 10, &ev, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(results_get(&marius, gen_id, &r, &hist, &nh), ST_NOT_FOUND);
	arena_free(a);
}

static void entering_is_validated(void **state)
{
	(void)state;
	arena *a = arena_new();
	fx_world w;
	fx_world_make(&w);
	struct types t;
	types_read(a, &t);
	ctx ingrid = fx_staff_ctx(a, NOW, w.ingrid_person, w.ingrid, ROLE_CLINICIAN);
	problems pr;
	int64_t id;
	result_entry e = {.type_id = t.hb.id, .value = "fjorten", .taken_on = "2026-11-23"};
	assert_int_equal(results_enter(&ingrid, w.marius, &e, &pr, &id), ST_INVALID);
	assert_int_equal(pr.n, 2);
	assert_string_equal(pr.items[0].field, "value");
	assert_string_equal(pr.items[0].key, "results.error.not_number");
	assert_string_equal(pr.items[1].field, "taken_on");
	assert_string_equal(pr.items[1].key, "results.error.future");
	e = (result_entry){.type_id = 999999, .value = "14", .taken_on = "1980-01-01"};
	assert_int_equal(results_enter(&ingrid, w.marius, &e, &pr, &id), ST_INVALID);
	assert_int_equal(pr.n, 2);
	assert_string_equal(pr.items[0].key, "results.error.type_unknown");
	assert_string_equal(pr.items[1].key, "results.error.before_birth");
	char longtext[RESULT_TEXT_MAX + 2];
	memset(longtext, 'x', sizeof longtext - 1);
	longtext[sizeof longtext - 1] = '\0';
	e = (result_entry){.type_id = t.histology.id, .value = longtext, .taken_on = "2026-11-01"};
	assert_int_equal(results_enter(&ingrid, w.marius, &e, &pr, &id), ST_INVALID);
	assert_string_equal(pr.items[0].key, "results.error.too_long");
	assert_int_equal(pr.items[0].max, RESULT_TEXT_MAX);
	e = (result_entry){.type_id = t.hb.id, .value = "1e5", .taken_on = "2026-11-31"};
	assert_int_equal(results_enter(&ingrid, w.marius, &e, &pr, &id), ST_INVALID);
	assert_string_equal(pr.items[1].key, "form.error.date_format");
	/* Nothing was written, and no failed attempt is logged as a change. */
	result *rs;
	size_t n;
	bool more;
	assert_int_equal(store_results_all(conf_conn, a, w.marius, 50, &rs, &n, &more), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(fx_log_entries(w.marius), 0);
	/* Today is fine; so is a text result of exactly the limit. */
	longtext[RESULT_TEXT_MAX] = '\0';
	e = (result_entry){.type_id = t.histology.id, .value = longtext, .taken_on = "2026-11-22",
	                   .hidden_from_guardians = true};
	assert_int_equal(results_enter(&ingrid, w.marius, &e, &pr, &id), ST_OK);
	result r;
	assert_int_equal(store_result_get(conf_conn, a, w.marius, id, &r), ST_OK);
	assert_true(r.hidden_from_guardians);
	assert_string_equal(r.status, "entered");
	assert_int_equal(r.unit_id, w.oya);
	assert_int_equal(fx_log_entries(w.marius), 1); /* the create */
	arena_free(a);
}

static void numbers_parse_as_people_write_them(void **state)
{
	(void)state;
	static const struct {
		const char *in, *canon;
		double v;
	} good[] = {{"14", "14", 14},     {"13,4", "13.4", 13.4}, {"13.4", "13.4", 13.4},
	            {"-2.5", "-2.5", -2.5}, {"0,05", "0.05", 0.05}, {"-0", "0", 0},
	            {"1000000000", "1000000000", 1e9}};
	static const char *const bad[] = {"", "abc", "1e5", "14,", ",5", "+3", "1.2.3", "1 000", "13,4 g/dL",
	                                  "99999999999", "12345678901234567", "-", "NaN", "inf", "0x10"};
	char canon[RESULT_NUMBER_MAX + 1];
	double v;
	for (size_t i = 0; i < ARRAY_LEN(good); i++) {
		assert_true(results_parse_number(good[i].in, &v, canon));
		assert_string_equal(canon, good[i].canon);
		assert_true(v == good[i].v);
	}
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		assert_false(results_parse_number(bad[i], &v, canon));
	assert_false(results_parse_number(NULL, &v, canon));
	result r = {.type = {.value_kind = "numeric", .ref_low = "13.4", .ref_high = "17.0"}, .value = "13.3"};
	assert_int_equal(results_range_position(&r), -1);
	r.value = "17.1";
	assert_int_equal(results_range_position(&r), 1);
	r.value = "17.0";
	assert_int_equal(results_range_position(&r), 0);
	r.type.ref_low = NULL;
	r.value = "1";
	assert_int_equal(results_range_position(&r), 0);
	r.type.value_kind = "text";
	r.value = "999";
	assert_int_equal(results_range_position(&r), 0);
}

static void who_may_do_what(void **state)
{
	(void)state;
	arena *a = arena_new();
	fx_world w;
	fx_world_make(&w);
	struct types t;
	types_read(a, &t);
	int64_t waiting = add_result(&w, w.marius, &t.hba1c, "49", "2026-11-18", "entered", false);
	results_staff_view v;
	problems pr;
	int64_t id;
	result_entry e = {.type_id = t.hb.id, .value = "14", .taken_on = "2026-11-20"};
	/* The front desk holds the chart capability, but never sees values. */
	ctx marte = fx_staff_ctx(a, NOW, w.marte_person, w.marte, ROLE_OFFICE);
	assert_int_equal(results_staff_list(&marte, w.marius, &v), ST_DENIED);
	assert_int_equal(results_enter(&marte, w.marius, &e, &pr, &id), ST_DENIED);
	assert_int_equal(results_release(&marte, w.marius, waiting), ST_DENIED);
	result_queue_item *items;
	size_t n;
	bool more;
	assert_int_equal(results_queue(&marte, &items, &n, &more), ST_DENIED);
	assert_int_equal(results_take(&marte, waiting), ST_DENIED);
	/* A clinician of another unit finds nothing, unless under emergency access. */
	ctx eirik = fx_staff_ctx(a, NOW, w.eirik_person, w.eirik, ROLE_CLINICIAN);
	assert_int_equal(results_staff_list(&eirik, w.marius, &v), ST_NOT_FOUND);
	assert_int_equal(results_release(&eirik, w.marius, waiting), ST_NOT_FOUND);
	assert_int_equal(results_take(&eirik, waiting), ST_NOT_FOUND);
	assert_int_equal(results_close(&eirik, waiting), ST_NOT_FOUND);
	assert_int_equal(results_enter(&eirik, w.marius, &e, &pr, &id), ST_NOT_FOUND);
	assert_int_equal(fx_log_entries(w.marius), 0);
	assert_int_equal(chart_emergency(&eirik, w.marius, "Bevisstløs pasient i mottak"), ST_OK);
	assert_int_equal(results_staff_list(&eirik, w.marius, &v), ST_OK);
	assert_true(v.access.emergency);
	assert_int_equal(v.n, 1);
	assert_int_equal(fx_log_entries(w.marius), 2); /* the emergency, the read */
	/* A citizen is no clinician; staff are no citizens. */
	ctx marius = fx_citizen(a, NOW, w.marius, w.marius);
	assert_int_equal(results_staff_list(&marius, w.marius, &v), ST_DENIED);
	result *rs;
	ctx ingrid = fx_staff_ctx(a, NOW, w.ingrid_person, w.ingrid, ROLE_CLINICIAN);
	assert_int_equal(results_list(&ingrid, &rs, &n, &more), ST_DENIED);
	/* A citizen without the capability on the open record. */
	ctx without = marius;
	without.access = 0;
	assert_int_equal(results_list(&without, &rs, &n, &more), ST_DENIED);
	/* Another patient's id through the chart: 404. */
	assert_int_equal(results_release(&ingrid, w.silje, waiting), ST_NOT_FOUND);
	assert_int_equal(results_release(&ingrid, w.marius, waiting + 1000), ST_NOT_FOUND);
	arena_free(a);
}

static void reads_by_others_are_logged(void **state)
{
	(void)state;
	arena *a = arena_new();
	fx_world w;
	fx_world_make(&w);
	struct types t;
	types_read(a, &t);
	int64_t hb = add_result(&w, w.nora, &t.hb, "13.5", "2026-10-12", "released", false);
	result_type chlamydia;
	assert_int_equal(store_result_type_by_code(conf_conn, a, "chlamydia", &chlamydia), ST_OK);
	int64_t hidden = add_result(&w, w.nora, &chlamydia, "Ikke påvist.", "2026-10-12", "released", true);
	result *rs, r, *hist;
	size_t n, nh;
	bool more;
	/* Her own reads are not logged. */
	ctx nora = fx_citizen(a, NOW, w.nora, w.nora);
	assert_int_equal(results_list(&nora, &rs, &n, &more), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(fx_log_entries(w.nora), 0);
	/* A parent's are, and the guardian view hides what is hidden. */
	ctx parent = fx_citizen(a, NOW, w.marius, w.nora);
	parent.guardian_view = true;
	assert_int_equal(results_list(&parent, &rs, &n, &more), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(fx_log_entries(w.nora), 1);
	assert_int_equal(results_get(&parent, hb, &r, &hist, &nh), ST_OK);
	assert_int_equal(nh, 1);
	assert_int_equal(fx_log_entries(w.nora), 2);
	assert_int_equal(results_get(&parent, hidden, &r, &hist, &nh), ST_NOT_FOUND);
	assert_int_equal(fx_log_entries(w.nora), 2); /* nothing was read */
	/* Staff reads and the queue are logged per patient. */
	ctx ingrid = fx_staff_ctx(a, NOW, w.ingrid_person, w.ingrid, ROLE_CLINICIAN);
	results_staff_view v;
	assert_int_equal(results_staff_list(&ingrid, w.nora, &v), ST_OK);
	assert_int_equal(v.n, 2);
	assert_string_equal(v.access.role, "clinician");
	assert_int_equal(fx_log_entries(w.nora), 3);
	int64_t waiting = add_result(&w, w.silje, &t.hba1c, "49", "2026-11-18", "entered", false);
	result_queue_item *items;
	assert_int_equal(results_queue(&ingrid, &items, &n, &more), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(fx_log_entries(w.silje), 1);
	assert_int_equal(results_take(&ingrid, waiting), ST_OK);
	assert_int_equal(results_close(&ingrid, waiting), ST_OK);
	assert_int_equal(fx_log_entries(w.silje), 3);
	assert_int_equal(results_queue(&ingrid, &items, &n, &more), ST_OK);
	assert_int_equal(n, 0);
	arena_free(a);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(the_catalogue_has_every_rule),
    cmocka_unit_test(the_citizen_sees_exactly_by_rule),
    cmocka_unit_test(release_review_and_take),
    cmocka_unit_test(another_patients_ids_are_never_returned),
    cmocka_unit_test(hidden_from_guardians_only),
    cmocka_unit_test(the_queue_holds_what_awaits_review_in_ones_units),
    cmocka_unit_test(the_schema_refuses_nonsense),
    cmocka_unit_test(releasing_notifies_without_health_data),
    cmocka_unit_test(entering_is_validated),
    cmocka_unit_test(numbers_parse_as_people_write_them),
    cmocka_unit_test(who_may_do_what),
    cmocka_unit_test(reads_by_others_are_logged),
};

CONF_GROUP(results, tests)
