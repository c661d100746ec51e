/* support.c (conformance) — user-support cases on both databases
 * (migration 16, store/support.h, domain/support.h): cases per patient
 * (never another patient's), the support role reaches only its units'
 * cases, the queue holds open cases only, a case is decided once, a
 * refusal needs a reason, and the access log and the notice. */
#include <string.h>

#include "conformance.h"
#include "fixtures.h"
#include "core/arena.h"
#include "domain/support.h"
#include "store/outbox.h"
#include "store/support.h"

enum { T0 = 1795000000 };
#define NOW 1795341600 /* 2026-11-22T10:00:00Z */

static int64_t add_case(int64_t patient, int64_t unit_id, const char *kind)
{
	support_case k = {.patient_id = patient,
	                  .author_id = patient,
	                  .unit_id = unit_id,
	                  .kind = kind,
	                  .body = "Hjelp",
	                  .created_at = T0};
	int64_t id;
	assert_int_equal(store_support_insert(conf_conn, &k, &id), ST_OK);
	return id;
}

static void cases_stay_with_their_patient_and_unit(void **state)
{
	(void)state;
	fx_world w;
	fx_world_make(&w);
	arena *a = arena_new();
	int64_t sup_oya = fx_staff(fx_person(fx_nin(0), "Sara", "Hjelp", "1980-01-01"), w.oya, "support");
	int64_t sup_hosp = fx_staff(fx_person(fx_nin(1), "Stine", "Hjelp", "1980-01-01"), w.hospital, "support");
	int64_t km = add_case(w.marius, w.oya, "correct"), ks = add_case(w.silje, w.oya, "use");
	support_case k, *list;
	size_t n;
	bool more;
	assert_int_equal(store_support_get(conf_conn, a, w.marius, km, &k), ST_OK);
	assert_string_equal(k.kind, "correct");
	assert_int_equal(store_support_get(conf_conn, a, w.marius, ks, &k), ST_NOT_FOUND);
	assert_int_equal(store_support_of_patient(conf_conn, a, w.silje, 10, &list, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, ks);
	assert_int_equal(store_support_for_staff(conf_conn, a, sup_oya, ROLE_SUPPORT, km, &k), ST_OK);
	assert_int_equal(store_support_for_staff(conf_conn, a, sup_hosp, ROLE_SUPPORT, km, &k), ST_NOT_FOUND);
	assert_int_equal(store_support_for_staff(conf_conn, a, w.ingrid, ROLE_SUPPORT, km, &k), ST_NOT_FOUND);
	assert_int_equal(store_support_queue(conf_conn, a, sup_oya, ROLE_SUPPORT, 10, &list, &n, &more), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(store_support_queue(conf_conn, a, sup_hosp, ROLE_SUPPORT, 10, &list, &n, &more), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_support_decide(conf_conn, km, "done", NULL, sup_oya, NOW), ST_OK);
	assert_int_equal(store_support_decide(conf_conn, km, "partly", "x", sup_oya, NOW), ST_CONFLICT);
	assert_int_equal(store_support_decide(conf_conn, ks, "refused", NULL, sup_oya, NOW), ST_CONFLICT); /* CHECK */
	assert_int_equal(store_support_queue(conf_conn, a, sup_oya, ROLE_SUPPORT, 10, &list, &n, &more), ST_OK);
	assert_int_equal(n, 1);
	struct support_unit *units;
	assert_int_equal(store_support_units(conf_conn, a, w.marius, 10, &units, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(units[0].id, w.oya);
	arena_free(a);
}

static void the_rules_and_the_access_log(void **state)
{
	(void)state;
	fx_world w;
	fx_world_make(&w);
	arena *a = arena_new();
	int64_t sara_p = fx_person(fx_nin(0), "Sara", "Hjelp", "1980-01-01");
	int64_t sara = fx_staff(sara_p, w.oya, "support");
	ctx marius = fx_citizen(a, NOW, w.marius, w.marius);
	problems pr = {0};
	int64_t id;
	assert_int_equal(support_citizen_open(&marius, w.hospital, "use", "Hei", &pr, &id), ST_INVALID);
	assert_string_equal(pr.items[0].key, "support.error.unit");
	pr = (problems){0};
	int64_t log0 = fx_log_entries(w.marius);
	assert_int_equal(support_citizen_open(&marius, w.oya, "erase", "Slett notatet", &pr, &id), ST_OK);
	assert_int_equal(fx_log_entries(w.marius), log0);
	ctx silje = fx_citizen(a, NOW, w.silje, w.silje);
	support_case k;
	assert_int_equal(support_citizen_get(&silje, id, &k), ST_NOT_FOUND);
	ctx agent = fx_staff_ctx(a, NOW, sara_p, sara, ROLE_SUPPORT);
	assert_int_equal(support_staff_get(&agent, id, &k), ST_OK);
	assert_int_equal(fx_log_entries(w.marius), log0 + 1);
	pr = (problems){0};
	assert_int_equal(support_staff_decide(&agent, id, "refused", "Nei", &pr), ST_INVALID);
	assert_string_equal(pr.items[0].key, "support.error.reason");
	pr = (problems){0};
	assert_int_equal(support_staff_decide(&agent, id, "refused", "Notatet gjelder deg.", &pr), ST_OK);
	assert_int_equal(fx_log_entries(w.marius), log0 + 2);
	outbox_event *ev;
	size_t n;
	assert_int_equal(store_outbox_for_person(conf_conn, a, w.marius, 10, &ev, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_string_equal(ev[0].kind, "support_answered");
	ctx clinician = fx_staff_ctx(a, NOW, w.ingrid_person, w.ingrid, ROLE_CLINICIAN);
	assert_int_equal(support_staff_get(&clinician, id, &k), ST_DENIED);
	arena_free(a);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(cases_stay_with_their_patient_and_unit),
    cmocka_unit_test(the_rules_and_the_access_log),
};
CONF_GROUP(support, tests)
