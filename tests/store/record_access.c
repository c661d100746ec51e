/* record_access.c (conformance) — requests for access to the record (D2)
 * on both databases: a request stored and read back by its patient only,
 * the queue of a clinician's units (never another unit's), one answer only,
 * the units one may ask; then the domain over them: the receipt at once, a
 * unit that is not the person's 404, the extract as a document (a child's,
 * made without the guardian filter, hidden from guardians), a second answer
 * a conflict; results and vaccines as parts, by the release rules and the
 * guardian filter. */
#include <stdint.h>
#include <string.h>

#include "conformance.h"
#include "fixtures.h"
#include "core/arena.h"
#include "domain/authz.h"
#include "domain/record_access.h"
#include "store/record_access.h"
#include "store/results.h"
#include "store/services.h"
#include "store/summary.h"

#define NOW 1795341600 /* 2026-11-22T10:00:00Z */

static int64_t ask(const fx_world *w, int64_t unit_id)
{
	record_access_request r = {.patient_id = w->marius,
	                           .unit_id = unit_id,
	                           .requested_by = w->marius,
	                           .parts = "visits",
	                           .from_date = "2026-01-01",
	                           .to_date = "2026-11-22",
	                           .created_at = NOW,
	                           .due_date = "2026-12-22"};
	int64_t id;
	assert_int_equal(store_record_access_insert(conf_conn, &r, &id), ST_OK);
	return id;
}

static void requests_are_the_patients_and_the_units(void **state)
{
	(void)state;
	conf_fresh();
	fx_world w;
	fx_world_make(&w);
	arena *a = arena_new();
	int64_t oya = ask(&w, w.oya), hospital = ask(&w, w.hospital);
	record_access_request r;
	assert_int_equal(store_record_access_get(conf_conn, a, w.marius, oya, &r), ST_OK);
	assert_string_equal(r.status, "received");
	assert_string_equal(r.due_date, "2026-12-22");
	assert_int_equal(store_record_access_get(conf_conn, a, w.silje, oya, &r), ST_NOT_FOUND);
	record_access_request *list;
	size_t n;
	bool more;
	assert_int_equal(store_record_access_of_patient(conf_conn, a, w.marius, 10, &list, &n, &more), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(store_record_access_of_patient(conf_conn, a, w.silje, 10, &list, &n, &more), ST_OK);
	assert_int_equal(n, 0);
	/* Ingrid (Øya) sees Øya's request only; the office role none. */
	assert_int_equal(store_record_access_queue(conf_conn, a, w.ingrid, 10, &list, &n, &more), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, oya);
	assert_int_equal(store_record_access_for_staff(conf_conn, a, w.ingrid, hospital, &r), ST_NOT_FOUND);
	assert_int_equal(store_record_access_queue(conf_conn, a, w.marte, 10, &list, &n, &more), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_record_access_for_staff(conf_conn, a, w.eirik, hospital, &r), ST_OK);
	/* One answer only. */
	assert_int_equal(store_record_access_answer(conf_conn, oya, "refused", 0, w.ingrid, "regard_for_others",
	                                            "Begrunnelse.", NOW),
	                 ST_OK);
	assert_int_equal(store_record_access_answer(conf_conn, oya, "fulfilled", 0, w.ingrid, NULL, NULL, NOW),
	                 ST_CONFLICT);
	unit_choice *units;
	assert_int_equal(store_record_units_of_patient(conf_conn, a, w.marius, &units, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(units[0].id, w.oya);
	arena_free(a);
}

static void domain_receipt_extract_and_hostile_units(void **state)
{
	(void)state;
	conf_fresh();
	fx_world w;
	fx_world_make(&w);
	arena *a = arena_new();
	assert_int_equal(store_municipality_set(conf_conn, "5001", "Trondheim"), ST_OK);
	ctx m = fx_citizen(a, NOW, w.nora, w.nora); /* 15: a child whose parents could look */
	static const char *const parts[] = {"visits", "allergies"};
	record_access_in in = {w.hospital, parts, 2, "2026-01-01", "2026-11-22", NULL};
	problems pr = {0};
	int64_t id;
	assert_int_equal(record_access_ask(&m, &in, &pr, &id), ST_NOT_FOUND); /* not a unit of his */
	in.unit_id = w.oya;
	in.to_date = "2025-01-01";
	assert_int_equal(record_access_ask(&m, &in, &pr, &id), ST_INVALID);
	memset(&pr, 0, sizeof pr);
	in.to_date = "2026-11-22";
	assert_int_equal(record_access_ask(&m, &in, &pr, &id), ST_OK);
	record_access_request r;
	assert_int_equal(store_record_access_get(conf_conn, a, w.nora, id, &r), ST_OK);
	assert_true(r.receipt_id > 0);
	assert_string_equal(r.parts, "visits,allergies");
	ctx e = fx_staff_ctx(a, NOW, w.eirik_person, w.eirik, ROLE_CLINICIAN);
	assert_int_equal(record_access_fulfil(&e, id), ST_NOT_FOUND);
	ctx i = fx_staff_ctx(a, NOW, w.ingrid_person, w.ingrid, ROLE_CLINICIAN);
	assert_int_equal(record_access_fulfil(&i, id), ST_OK);
	assert_int_equal(record_access_fulfil(&i, id), ST_CONFLICT);
	assert_int_equal(store_record_access_get(conf_conn, a, w.nora, id, &r), ST_OK);
	citizen_document d;
	assert_int_equal(store_document_of_patient(conf_conn, a, w.nora, r.document_id, false, &d), ST_OK);
	assert_string_equal(d.kind, "record_extract");
	assert_non_null(strstr(d.letter, "Trondheim kommune"));
	/* A child's extract made without the guardian filter: hidden from guardians. */
	assert_int_equal(store_document_of_patient(conf_conn, a, w.nora, r.document_id, true, &d), ST_NOT_FOUND);
	arena_free(a);
}

static void add_result(const fx_world *w, const char *code, const char *value, const char *state, bool hidden)
{
	arena *a = arena_new();
	result r = {.patient_id = w->nora,
	            .value = value,
	            .taken_on = "2026-10-01",
	            .entered_by = w->ingrid,
	            .entered_at = NOW - 86400,
	            .unit_id = w->oya,
	            .status = state,
	            .hidden_from_guardians = hidden};
	assert_int_equal(store_result_type_by_code(conf_conn, a, code, &r.type), ST_OK);
	r.unit = r.type.unit;
	if (strcmp(state, "entered") != 0) {
		r.reviewed_at = NOW - 86400;
		r.reviewed_by = w->ingrid;
	}
	if (strcmp(state, "released") == 0)
		r.released_at = NOW - 86400;
	int64_t id;
	assert_int_equal(store_result_insert(conf_conn, &r, &id), ST_OK);
	arena_free(a);
}

static void add_vaccine(const fx_world *w, const char *name, const char *given_on, bool hidden)
{
	vaccination v = {.patient_id = w->nora,
	                 .atc_code = "J07BD52",
	                 .vaccine_name = name,
	                 .given_on = given_on,
	                 .dose = 1,
	                 .imported_at = NOW,
	                 .hidden_from_guardians = hidden};
	int64_t id;
	assert_int_equal(store_vaccination_insert(conf_conn, &v, &id), ST_OK);
}

/* Fulfils a request of Nora's for results and vaccines (for a parent when
 * for_guardian) and returns the extract's letter. */
static const char *extract_of(arena *a, const fx_world *w, bool for_guardian)
{
	record_access_request r = {.patient_id = w->nora,
	                           .unit_id = w->oya,
	                           .requested_by = w->nora,
	                           .parts = "results,vaccines",
	                           .from_date = "2026-01-01",
	                           .to_date = "2026-11-22",
	                           .for_guardian = for_guardian,
	                           .created_at = NOW,
	                           .due_date = "2026-12-22"};
	int64_t id;
	assert_int_equal(store_record_access_insert(conf_conn, &r, &id), ST_OK);
	ctx i = fx_staff_ctx(a, NOW, w->ingrid_person, w->ingrid, ROLE_CLINICIAN);
	assert_int_equal(record_access_fulfil(&i, id), ST_OK);
	assert_int_equal(store_record_access_get(conf_conn, a, w->nora, id, &r), ST_OK);
	citizen_document d;
	assert_int_equal(store_document_of_patient(conf_conn, a, w->nora, r.document_id, false, &d), ST_OK);
	return d.letter;
}

static void results_and_vaccines_by_the_release_rules(void **state)
{
	(void)state;
	conf_fresh();
	fx_world w;
	fx_world_make(&w);
	arena *a = arena_new();
	add_result(&w, "hb", "13.1", "entered", false);               /* immediate: shown */
	add_result(&w, "hba1c", "48", "entered", false);              /* after review, not yet released */
	add_result(&w, "histology", "Benign", "released", false);     /* after review, released */
	add_result(&w, "genetic_brca", "Positiv", "reviewed", false); /* never in the portal */
	add_result(&w, "hb", "99.9", "entered", true);                /* hidden from guardians */
	add_vaccine(&w, "Priorix", "2026-03-01", false);
	add_vaccine(&w, "Gardasil", "2026-04-01", true);
	add_vaccine(&w, "Boostrix", "2019-04-01", false); /* before the period */
	const char *own = extract_of(a, &w, false);
	assert_non_null(strstr(own, "Prøvesvar"));
	assert_non_null(strstr(own, "13.1"));
	assert_non_null(strstr(own, "Benign"));
	assert_null(strstr(own, "48"));
	assert_null(strstr(own, "Positiv"));
	assert_non_null(strstr(own, "99.9"));
	assert_non_null(strstr(own, "Priorix"));
	assert_non_null(strstr(own, "Gardasil"));
	assert_null(strstr(own, "Boostrix"));
	const char *parent = extract_of(a, &w, true);
	assert_non_null(strstr(parent, "13.1"));
	assert_null(strstr(parent, "99.9"));
	assert_non_null(strstr(parent, "Priorix"));
	assert_null(strstr(parent, "Gardasil"));
	arena_free(a);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(requests_are_the_patients_and_the_units),
    cmocka_unit_test(domain_receipt_extract_and_hostile_units),
    cmocka_unit_test(results_and_vaccines_by_the_release_rules),
};
CONF_GROUP(record_access, tests)
