/* support.c (conformance) — user-support cases on both databases
 * (migration 16, store/support.h, domain/support.h): cases per patient
 * (never another patient's), the support role reaches only its units'
 * cases, the queue holds open cases only, a case is decided once, a
 * refusal needs a reason, and the access log and the notice; cases of no
 * unit reach the national desk only; taking a case and sending it on
 * again, in its history; migration 25 keeps the cases. */
#include <string.h>

#include "conformance.h"
#include "fixtures.h"
#include "core/arena.h"
#include "domain/authz.h"
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
	assert_int_equal(store_support_decide(conf_conn, km, false, "done", NULL, sup_oya, NOW), ST_OK);
	assert_int_equal(store_support_decide(conf_conn, km, false, "partly", "x", sup_oya, NOW), ST_CONFLICT);
	assert_int_equal(store_support_decide(conf_conn, ks, false, "refused", NULL, sup_oya, NOW),
	                 ST_CONFLICT); /* CHECK */
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
	/* Without the support capability (a representative's access, say): no
	 * units to choose from and no case, whatever route calls. */
	ctx without = marius;
	without.access &= ~CAP_BIT(CAP_U1_SUPPORT);
	support_unit *units;
	size_t nunits;
	assert_int_equal(support_citizen_units(&without, &units, &nunits), ST_DENIED);
	assert_int_equal(support_citizen_open(&without, w.oya, "use", "Hei", &(problems){0}, &(int64_t){0}), ST_DENIED);
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
	support_view v;
	assert_int_equal(support_citizen_get(&silje, id, &k), ST_NOT_FOUND);
	ctx agent = fx_staff_ctx(a, NOW, sara_p, sara, ROLE_SUPPORT);
	assert_int_equal(support_staff_get(&agent, id, &v), ST_OK);
	assert_int_equal(fx_log_entries(w.marius), log0 + 1);
	/* An erasure is not support's to decide (hpl. §§ 42-44). */
	pr = (problems){0};
	assert_int_equal(support_staff_decide(&agent, id, "done", "Slettet.", &pr), ST_INVALID);
	assert_string_equal(pr.items[0].key, "support.error.clinician_decides");
	/* A question is. */
	int64_t q;
	pr = (problems){0};
	assert_int_equal(support_citizen_open(&marius, w.oya, "use", "Hvordan logger jeg ut?", &pr, &q), ST_OK);
	assert_int_equal(support_staff_decide(&agent, q, "refused", "Nei", &pr), ST_INVALID);
	assert_string_equal(pr.items[0].key, "support.error.reason");
	pr = (problems){0};
	assert_int_equal(support_staff_decide(&agent, q, "done", "Øverst til høyre.", &pr), ST_OK);
	outbox_event *ev;
	size_t n;
	assert_int_equal(store_outbox_for_person(conf_conn, a, w.marius, 10, &ev, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_string_equal(ev[0].kind, "support_answered");
	ctx clinician = fx_staff_ctx(a, NOW, w.ingrid_person, w.ingrid, ROLE_CLINICIAN);
	assert_int_equal(support_staff_get(&clinician, id, &v), ST_DENIED);
	arena_free(a);
}

/* A correction or erasure goes on to a clinician of the case's unit, who
 * decides it; support then only sees it. */
static void a_clinician_of_the_unit_decides_a_correction(void **state)
{
	(void)state;
	fx_world w;
	fx_world_make(&w);
	arena *a = arena_new();
	int64_t sara_p = fx_person(fx_nin(0), "Sara", "Hjelp", "1980-01-01");
	ctx agent = fx_staff_ctx(a, NOW, sara_p, fx_staff(sara_p, w.oya, "support"), ROLE_SUPPORT);
	int64_t kari_p = fx_person(fx_nin(2), "Kari", "Lege", "1975-01-01");
	ctx kari = fx_staff_ctx(a, NOW, kari_p, fx_staff(kari_p, w.oya, "clinician"), ROLE_CLINICIAN);
	ctx ingrid = fx_staff_ctx(a, NOW, w.ingrid_person, w.ingrid, ROLE_CLINICIAN);
	ctx eirik = fx_staff_ctx(a, NOW, w.eirik_person, w.eirik, ROLE_CLINICIAN);
	int64_t id = add_case(w.marius, w.oya, "correct"), q = add_case(w.marius, w.oya, "content");
	support_case *list;
	support_view v;
	size_t n;
	bool more;
	assert_int_equal(support_staff_get(&agent, id, &v), ST_OK);
	assert_int_equal(v.nclinicians, 2); /* Ingrid and Kari */
	problems pr = {0};
	assert_int_equal(support_staff_forward(&agent, q, 0, &pr), ST_INVALID);
	assert_string_equal(pr.items[0].key, "support.error.not_for_clinician");
	/* Not a clinician of the unit: the office's Marte, the hospital's Eirik. */
	assert_int_equal(support_staff_forward(&agent, id, w.marte, &pr), ST_NOT_FOUND);
	assert_int_equal(support_staff_forward(&agent, id, w.eirik, &pr), ST_NOT_FOUND);
	assert_int_equal(support_clinician_get(&ingrid, id, &v), ST_NOT_FOUND); /* not forwarded yet */
	int64_t log0 = fx_log_entries(w.marius);
	assert_int_equal(support_staff_forward(&agent, id, w.ingrid, &pr), ST_OK);
	assert_int_equal(fx_log_entries(w.marius), log0 + 1);
	pr = (problems){0};
	assert_int_equal(support_staff_forward(&agent, id, w.ingrid, &pr), ST_INVALID); /* she has it */
	assert_string_equal(pr.items[0].key, "support.error.same_clinician");
	/* Only Ingrid has it. */
	assert_int_equal(support_clinician_queue(&ingrid, &list, &n, &more), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].forwarded_to, w.ingrid);
	assert_int_equal(support_clinician_queue(&kari, &list, &n, &more), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(support_clinician_get(&kari, id, &v), ST_NOT_FOUND);
	assert_int_equal(support_clinician_get(&eirik, id, &v), ST_NOT_FOUND);
	assert_int_equal(support_clinician_get(&ingrid, id, &v), ST_OK);
	assert_int_equal(fx_log_entries(w.marius), log0 + 2);
	/* Support no longer decides it. */
	pr = (problems){0};
	assert_int_equal(support_staff_decide(&agent, id, "done", "Rettet.", &pr), ST_CONFLICT);
	pr = (problems){0};
	assert_int_equal(support_clinician_decide(&ingrid, id, "refused", "Nei", &pr), ST_INVALID);
	assert_string_equal(pr.items[0].key, "support.error.reason");
	pr = (problems){0};
	assert_int_equal(support_clinician_decide(&kari, id, "done", "Rettet.", &pr), ST_NOT_FOUND);
	assert_int_equal(support_clinician_decide(&ingrid, id, "partly", "Vekten er rettet til 90 kg.", &pr), ST_OK);
	assert_int_equal(fx_log_entries(w.marius), log0 + 3);
	assert_int_equal(support_clinician_decide(&ingrid, id, "done", "Rettet.", &pr), ST_CONFLICT);
	assert_int_equal(support_staff_get(&agent, id, &v), ST_OK);
	assert_string_equal(v.k.status, "partly");
	assert_int_equal(v.k.decided_by, w.ingrid);
	assert_int_equal(v.k.assigned_to, agent.who.staff_id); /* support sent it on */
	assert_int_equal(v.nevents, 1);
	assert_string_equal(v.events[0].action, "forwarded");
	assert_int_equal(v.events[0].to_staff, w.ingrid);
	/* Decided: no one sends it on any more. */
	pr = (problems){0};
	assert_int_equal(support_staff_forward(&agent, id, 0, &pr), ST_CONFLICT);
	assert_int_equal(support_clinician_forward(&ingrid, id, kari.who.staff_id, &pr), ST_CONFLICT);
	outbox_event *ev;
	assert_int_equal(store_outbox_for_person(conf_conn, a, w.marius, 10, &ev, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_string_equal(ev[0].kind, "support_answered");
	/* To the unit's clinicians: any of them. */
	int64_t e = add_case(w.marius, w.oya, "erase");
	assert_int_equal(support_staff_forward(&agent, e, 0, &pr), ST_OK);
	assert_int_equal(support_clinician_queue(&kari, &list, &n, &more), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(support_clinician_get(&ingrid, e, &v), ST_OK);
	assert_int_equal(support_clinician_get(&eirik, e, &v), ST_NOT_FOUND);
	arena_free(a);
}

/* A question about helsami itself has no unit: only support staff on the
 * national desk reach it (not support of a unit, not a clinician on the
 * desk); it cannot go on to a clinician, and a correction needs a unit. */
static void a_case_without_a_unit_goes_to_the_national_desk(void **state)
{
	(void)state;
	fx_world w;
	fx_world_make(&w);
	arena *a = arena_new();
	int64_t sara_p = fx_person(fx_nin(0), "Sara", "Hjelp", "1980-01-01");
	int64_t sara = fx_staff(sara_p, w.oya, "support");
	int64_t desk_p = fx_person(fx_nin(1), "Dag", "Desk", "1980-01-01");
	int64_t desk = fx_staff(desk_p, w.hospital, "support");
	assert_int_equal(store_staff_set_support_desk(conf_conn, desk, true), ST_OK);
	assert_int_equal(store_staff_set_support_desk(conf_conn, w.ingrid, true), ST_OK);
	ctx marius = fx_citizen(a, NOW, w.marius, w.marius);
	problems pr = {0};
	int64_t id, bad;
	assert_int_equal(support_citizen_open(&marius, 0, "correct", "Vekten er feil", &pr, &bad), ST_INVALID);
	assert_string_equal(pr.items[0].key, "support.error.unit_needed");
	support_case raw = {
	    .patient_id = w.marius, .author_id = w.marius, .kind = "erase", .body = "x", .created_at = T0};
	assert_int_not_equal(store_support_insert(conf_conn, &raw, &bad), ST_OK); /* the CHECK */
	pr = (problems){0};
	assert_int_equal(support_citizen_open(&marius, 0, "use", "Hvordan bytter jeg språk?", &pr, &id), ST_OK);
	support_case k, *list;
	size_t n;
	bool more;
	assert_int_equal(store_support_get(conf_conn, a, w.marius, id, &k), ST_OK);
	assert_int_equal(k.unit_id, 0);
	assert_null(k.unit_name);
	assert_int_equal(store_support_for_staff(conf_conn, a, sara, ROLE_SUPPORT, id, &k), ST_NOT_FOUND);
	assert_int_equal(store_support_for_staff(conf_conn, a, w.ingrid, ROLE_SUPPORT, id, &k),
	                 ST_NOT_FOUND); /* desk, no support role */
	assert_int_equal(store_support_for_staff(conf_conn, a, desk, ROLE_SUPPORT, id, &k), ST_OK);
	assert_int_equal(store_support_queue(conf_conn, a, sara, ROLE_SUPPORT, 10, &list, &n, &more), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_support_queue(conf_conn, a, desk, ROLE_SUPPORT, 10, &list, &n, &more), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, id);
	/* Through the rules: the desk reads it (logged), Sara does not. */
	ctx agent = fx_staff_ctx(a, NOW, sara_p, sara, ROLE_SUPPORT);
	ctx dag = fx_staff_ctx(a, NOW, desk_p, desk, ROLE_SUPPORT);
	support_view v;
	assert_int_equal(support_staff_get(&agent, id, &v), ST_NOT_FOUND);
	assert_int_equal(support_staff_take(&agent, id), ST_NOT_FOUND);
	int64_t log0 = fx_log_entries(w.marius);
	assert_int_equal(support_staff_get(&dag, id, &v), ST_OK);
	assert_int_equal(fx_log_entries(w.marius), log0 + 1);
	assert_int_equal(v.nclinicians, 0);
	pr = (problems){0};
	assert_int_equal(support_staff_forward(&dag, id, 0, &pr), ST_INVALID);
	assert_string_equal(pr.items[0].key, "support.error.no_unit");
	assert_int_equal(support_staff_take(&dag, id), ST_OK);
	pr = (problems){0};
	assert_int_equal(support_staff_decide(&dag, id, "done", "Under Innstillinger.", &pr), ST_OK);
	assert_int_equal(fx_log_entries(w.marius), log0 + 3);
	assert_int_equal(store_support_get(conf_conn, a, w.marius, id, &k), ST_OK);
	assert_string_equal(k.status, "done");
	assert_int_equal(k.assigned_to, desk);
	/* Off the desk, the case is out of reach. */
	assert_int_equal(store_staff_set_support_desk(conf_conn, desk, false), ST_OK);
	assert_int_equal(support_staff_get(&dag, id, &v), ST_NOT_FOUND);
	arena_free(a);
}

/* Support takes a case (or takes it over); a case sent on goes again to
 * another clinician of the unit, by support or by the clinician who has
 * it, who then no longer does; each step is in the case's history and the
 * access log; a decided case goes nowhere. */
static void taking_and_sending_on_again(void **state)
{
	(void)state;
	fx_world w;
	fx_world_make(&w);
	arena *a = arena_new();
	int64_t sara_p = fx_person(fx_nin(0), "Sara", "Hjelp", "1980-01-01");
	ctx sara = fx_staff_ctx(a, NOW, sara_p, fx_staff(sara_p, w.oya, "support"), ROLE_SUPPORT);
	int64_t siv_p = fx_person(fx_nin(1), "Siv", "Hjelp", "1980-01-01");
	ctx siv = fx_staff_ctx(a, NOW, siv_p, fx_staff(siv_p, w.oya, "support"), ROLE_SUPPORT);
	int64_t kari_p = fx_person(fx_nin(2), "Kari", "Lege", "1975-01-01");
	ctx kari = fx_staff_ctx(a, NOW, kari_p, fx_staff(kari_p, w.oya, "clinician"), ROLE_CLINICIAN);
	ctx ingrid = fx_staff_ctx(a, NOW, w.ingrid_person, w.ingrid, ROLE_CLINICIAN);
	ctx eirik = fx_staff_ctx(a, NOW, w.eirik_person, w.eirik, ROLE_CLINICIAN);
	int64_t id = add_case(w.marius, w.oya, "correct");
	support_view v;
	support_case *list;
	size_t n;
	bool more;
	problems pr = {0};
	int64_t log0 = fx_log_entries(w.marius);
	assert_int_equal(support_staff_take(&sara, id), ST_OK);
	assert_int_equal(support_staff_take(&sara, id), ST_OK); /* hers already: no new step */
	assert_int_equal(support_staff_queue(&siv, &list, &n, &more), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].assigned_to, sara.who.staff_id);
	assert_string_equal(list[0].assigned_to_name, "Sara Hjelp");
	assert_int_equal(support_staff_take(&siv, id), ST_OK); /* Sara is away: Siv takes it over */
	assert_int_equal(support_staff_forward(&siv, id, w.ingrid, &pr), ST_OK);
	assert_int_equal(support_staff_take(&sara, id), ST_CONFLICT); /* with a clinician now */
	assert_int_equal(fx_log_entries(w.marius), log0 + 4);         /* the refused take left nothing */
	/* Ingrid is the wrong one: she sends it to Kari, and loses it. */
	assert_int_equal(support_clinician_forward(&ingrid, id, w.eirik, &pr), ST_NOT_FOUND); /* another unit's */
	assert_int_equal(support_clinician_forward(&ingrid, id, w.marte, &pr), ST_NOT_FOUND); /* the front desk */
	assert_int_equal(support_clinician_forward(&eirik, id, kari.who.staff_id, &pr), ST_NOT_FOUND);
	assert_int_equal(support_clinician_forward(&kari, id, kari.who.staff_id, &pr), ST_NOT_FOUND); /* not hers */
	assert_int_equal(support_clinician_forward(&sara, id, kari.who.staff_id, &pr), ST_DENIED);
	assert_int_equal(support_clinician_forward(&ingrid, id, kari.who.staff_id, &pr), ST_OK);
	assert_int_equal(support_clinician_get(&ingrid, id, &v), ST_NOT_FOUND);
	assert_int_equal(support_clinician_queue(&ingrid, &list, &n, &more), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(support_clinician_queue(&kari, &list, &n, &more), ST_OK);
	assert_int_equal(n, 1);
	pr = (problems){0};
	assert_int_equal(support_clinician_forward(&kari, id, kari.who.staff_id, &pr), ST_INVALID);
	assert_string_equal(pr.items[0].key, "support.error.same_clinician");
	/* Support sends it to all of the unit's clinicians: Ingrid sees it again. */
	assert_int_equal(support_staff_forward(&sara, id, 0, &pr), ST_OK);
	assert_int_equal(support_clinician_get(&ingrid, id, &v), ST_OK);
	assert_int_equal(v.k.assigned_to, sara.who.staff_id);
	assert_int_equal(v.nevents, 5);
	const char *actions[] = {"taken", "taken", "forwarded", "forwarded", "forwarded"};
	int64_t to[] = {0, 0, w.ingrid, kari.who.staff_id, 0};
	int64_t by[] = {sara.who.staff_id, siv.who.staff_id, siv.who.staff_id, w.ingrid, sara.who.staff_id};
	for (size_t i = 0; i < 5; i++) {
		assert_string_equal(v.events[i].action, actions[i]);
		assert_int_equal(v.events[i].to_staff, to[i]);
		assert_int_equal(v.events[i].by_staff, by[i]);
	}
	assert_string_equal(v.events[3].to_name, "Kari Lege");
	assert_null(v.events[4].to_name);
	assert_int_equal(fx_log_entries(w.marius), log0 + 7);
	/* Two who send it on from the same view: the second finds it moved. */
	assert_int_equal(store_support_forward(conf_conn, id, v.k.forwarded_at, w.ingrid, w.ingrid, false, NOW + 1),
	                 ST_OK);
	assert_int_equal(store_support_forward(conf_conn, id, v.k.forwarded_at, w.ingrid, 0, false, NOW + 1),
	                 ST_CONFLICT);
	pr = (problems){0};
	assert_int_equal(support_clinician_decide(&ingrid, id, "done", "Rettet.", &pr), ST_OK);
	assert_int_equal(support_clinician_forward(&ingrid, id, kari.who.staff_id, &pr), ST_CONFLICT);
	assert_int_equal(support_staff_forward(&sara, id, kari.who.staff_id, &pr), ST_CONFLICT);
	assert_int_equal(support_staff_take(&sara, id), ST_CONFLICT);
	arena_free(a);
}

/* Migration 25 rebuilds support_case on SQLite: a case sent on before it
 * keeps every column and starts its history with that sending on; a case
 * of no unit can be written after it. */
static void migration_25_keeps_the_cases_and_their_sending_on(void **state)
{
	(void)state;
	conf_empty();
	assert_int_equal(store_migrate_to(conf_conn, 24), ST_OK);
	assert_int_equal(
	    db_exec(conf_conn,
	            "INSERT INTO person (id, nin, given_name, family_name, birth_date)"
	            " VALUES (1, '31129956715', 'Marius', 'Berg', '1999-12-31'),"
	            " (2, '01010150123', 'Sara', 'Hjelp', '1950-01-01');"
	            "INSERT INTO unit (id, code, kind, name, municipality, phone)"
	            " VALUES (1, 'oya', 'gp_office', 'Øya legesenter', 'Trondheim', '73000000');"
	            "INSERT INTO staff (id, person_id, title) VALUES (1, 2, 'Brukerstøtte');"
	            "INSERT INTO support_case (id, patient_id, author_id, unit_id, kind, body, status, created_at,"
	            " forwarded_at, forwarded_by, forwarded_to)"
	            " VALUES (7, 1, 1, 1, 'erase', 'Slett notatet', 'open', 100, 200, 1, NULL);"),
	    ST_OK);
	assert_int_equal(store_migrate(conf_conn), ST_OK);
	arena *a = arena_new();
	support_case k;
	assert_int_equal(store_support_get(conf_conn, a, 1, 7, &k), ST_OK);
	assert_string_equal(k.kind, "erase");
	assert_string_equal(k.unit_name, "Øya legesenter");
	assert_int_equal(k.forwarded_at, 200);
	assert_int_equal(k.forwarded_to, 0);
	support_event *e;
	size_t n;
	assert_int_equal(store_support_events(conf_conn, a, 7, 10, &e, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_string_equal(e[0].action, "forwarded");
	assert_int_equal(e[0].at, 200);
	assert_string_equal(e[0].by_name, "Sara Hjelp");
	support_case q = {.patient_id = 1, .author_id = 1, .kind = "use", .body = "Hei", .created_at = 300};
	int64_t id;
	assert_int_equal(store_support_insert(conf_conn, &q, &id), ST_OK);
	arena_free(a);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(cases_stay_with_their_patient_and_unit),
    cmocka_unit_test(the_rules_and_the_access_log),
    cmocka_unit_test(a_clinician_of_the_unit_decides_a_correction),
    cmocka_unit_test(a_case_without_a_unit_goes_to_the_national_desk),
    cmocka_unit_test(taking_and_sending_on_again),
    cmocka_unit_test(migration_25_keeps_the_cases_and_their_sending_on),
};
CONF_GROUP(support, tests)
