/* medications.c (conformance) — medications, renewal requests and comments
 * on both databases: lists per patient, stopping and renewing, one open
 * renewal request per medication (also when two requests race), the queue
 * of a clinician's units, comments, the hidden-from-guardians filter, and
 * that a query for one patient never returns another patient's rows. */
#include <pthread.h>
#include <string.h>

#include "conformance.h"
#include "fixtures.h"
#include "core/arena.h"
#include "store/medications.h"
#include "store/register.h"

enum { T0 = 1795000000 };
#define BIRTH "1980-01-01"

struct world {
	int64_t unit_a, unit_b;
	int64_t p1, p2;             /* patients of unit A */
	int64_t clin, office;       /* staff: a clinician of A, the front desk of A */
	int64_t clin_b;             /* a clinician of B only */
};

static struct world fixture(void)
{
	conf_fresh();
	struct world w;
	w.unit_a = fx_unit("unit-a", "gp_office", "Legesenter A");
	w.unit_b = fx_unit("unit-b", "gp_office", "Legesenter B");
	w.p1 = fx_person("01010100001", "Kari", "Pasient", BIRTH);
	w.p2 = fx_person("01010100002", "Ola", "Annen", BIRTH);
	w.clin = fx_staff(fx_person("01010100003", "Ingrid", "Lege", BIRTH), w.unit_a, "clinician");
	w.office = fx_staff(fx_person("01010100004", "Marte", "Skranke", BIRTH), w.unit_a, "office");
	w.clin_b = fx_staff(fx_person("01010100005", "Eirik", "Annenlege", BIRTH), w.unit_b, "clinician");
	assert_int_equal(store_patient_unit_add(conf_conn, w.p1, w.unit_a, "2020-01-01"), ST_OK);
	assert_int_equal(store_patient_unit_add(conf_conn, w.p2, w.unit_a, "2020-01-01"), ST_OK);
	return w;
}

static int64_t add_med(const struct world *w, int64_t patient, int64_t unit_id, const char *name, const char *start,
                       bool hidden)
{
	medication m = {.patient_id = patient, .name = name, .strength = "10 mg", .dosage = "1 daglig",
	                .prescriber_id = unit_id == w->unit_b ? w->clin_b : w->clin, .unit_id = unit_id,
	                .start_date = start, .created_at = T0, .hidden_from_guardians = hidden};
	int64_t id;
	assert_int_equal(store_med_insert(conf_conn, &m, &id), ST_OK);
	return id;
}

static status add_request(int64_t med, int64_t patient, int64_t unit_id, unix_time at, int64_t *id)
{
	med_renewal r = {.medication_id = med, .patient_id = patient, .unit_id = unit_id, .requested_by = patient,
	                 .message = "Snart tomt", .created_at = at};
	return store_med_renewal_insert(conf_conn, &r, id);
}

static void lists_are_per_patient(void **state)
{
	(void)state;
	struct world w = fixture();
	arena *a = arena_new();
	int64_t old = add_med(&w, w.p1, w.unit_a, "Metformin", "2024-02-12", false);
	int64_t newer = add_med(&w, w.p1, w.unit_a, "Atorvastatin", "2025-05-14", false);
	int64_t other = add_med(&w, w.p2, w.unit_a, "Levaxin", "2023-01-01", false);
	medication *l;
	size_t n;
	assert_int_equal(store_med_list(conf_conn, a, w.p1, false, 10, &l, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(l[0].id, newer);
	assert_int_equal(l[1].id, old);
	assert_string_equal(l[1].name, "Metformin");
	assert_string_equal(l[1].strength, "10 mg");
	assert_string_equal(l[1].prescriber_name, "Ingrid Lege");
	assert_string_equal(l[1].unit_name, "Legesenter A");
	assert_null(l[1].end_date);
	assert_int_equal(l[1].stopped_at, 0);
	assert_null(l[1].stopped_by_name);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(l[i].patient_id, w.p1);
	/* the limit holds */
	assert_int_equal(store_med_list(conf_conn, a, w.p1, false, 1, &l, &n), ST_OK);
	assert_int_equal(n, 1);
	/* another patient's id is not found through this patient */
	medication m;
	assert_int_equal(store_med_get(conf_conn, a, w.p1, other, false, &m), ST_NOT_FOUND);
	assert_int_equal(store_med_get(conf_conn, a, w.p2, other, false, &m), ST_OK);
	assert_string_equal(m.name, "Levaxin");
	assert_int_equal(store_med_get(conf_conn, a, w.p1, 999999, false, &m), ST_NOT_FOUND);
	/* a patient with none */
	int64_t p3 = fx_person("01010100009", "Per", "Tom", BIRTH);
	assert_int_equal(store_med_list(conf_conn, a, p3, false, 10, &l, &n), ST_OK);
	assert_int_equal(n, 0);
	arena_free(a);
}

static void stop_and_renew(void **state)
{
	(void)state;
	struct world w = fixture();
	arena *a = arena_new();
	int64_t first = add_med(&w, w.p1, w.unit_a, "Ibuprofen", "2026-08-01", false);
	int64_t second = add_med(&w, w.p1, w.unit_a, "Metformin", "2024-02-12", false);
	/* through another patient: nothing changes */
	assert_int_equal(store_med_stop(conf_conn, w.p2, first, w.clin, T0), ST_CONFLICT);
	assert_int_equal(store_med_stop(conf_conn, w.p1, first, w.clin, T0 + 10), ST_OK);
	assert_int_equal(store_med_stop(conf_conn, w.p1, first, w.clin, T0 + 20), ST_CONFLICT);
	medication *l;
	size_t n;
	assert_int_equal(store_med_list(conf_conn, a, w.p1, false, 10, &l, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(l[0].id, second); /* in use first, though it started earlier */
	assert_int_equal(l[1].id, first);
	assert_int_equal(l[1].stopped_at, T0 + 10);
	assert_int_equal(l[1].stopped_by, w.clin);
	assert_string_equal(l[1].stopped_by_name, "Ingrid Lege");
	/* renewing: a stopped one cannot be */
	assert_int_equal(store_med_renew(conf_conn, first, w.clin_b, "2027-12-01", T0), ST_CONFLICT);
	assert_int_equal(store_med_renew(conf_conn, second, w.clin_b, "2027-11-22", T0 + 30), ST_OK);
	medication m;
	assert_int_equal(store_med_get(conf_conn, a, w.p1, second, false, &m), ST_OK);
	assert_string_equal(m.end_date, "2027-11-22");
	assert_int_equal(m.prescriber_id, w.clin_b);
	assert_int_equal(m.renewed_at, T0 + 30);
	/* the schema refuses an end before the start */
	assert_int_equal(store_med_renew(conf_conn, second, w.clin, "2020-01-01", T0), ST_CONFLICT);
	arena_free(a);
}

static void one_open_request_per_medication(void **state)
{
	(void)state;
	struct world w = fixture();
	arena *a = arena_new();
	int64_t med = add_med(&w, w.p1, w.unit_a, "Metformin", "2024-02-12", false);
	int64_t other = add_med(&w, w.p2, w.unit_a, "Levaxin", "2023-01-01", false);
	int64_t r1, r2, r3;
	assert_int_equal(add_request(med, w.p1, w.unit_a, T0, &r1), ST_OK);
	assert_int_equal(add_request(med, w.p1, w.unit_a, T0 + 1, &r2), ST_CONFLICT);
	/* a request can never point at another patient's medication */
	assert_int_equal(add_request(other, w.p1, w.unit_a, T0, &r2), ST_CONFLICT);
	/* taken: still open */
	assert_int_equal(store_med_renewal_take(conf_conn, r1, w.clin, T0 + 5), ST_OK);
	assert_int_equal(add_request(med, w.p1, w.unit_a, T0 + 6, &r2), ST_CONFLICT);
	med_renewal r;
	assert_int_equal(store_med_renewal_for_staff(conf_conn, a, w.clin, r1, &r), ST_OK);
	assert_string_equal(r.status, "in_progress");
	assert_int_equal(r.assigned_to, w.clin);
	assert_string_equal(r.assigned_name, "Ingrid Lege");
	assert_string_equal(r.message, "Snart tomt");
	assert_string_equal(r.patient_name, "Kari Pasient");
	/* answered: no longer open, and a new request may be sent */
	assert_int_equal(store_med_renewal_finish(conf_conn, r1, w.clin, "renewed", NULL, T0 + 7), ST_OK);
	assert_int_equal(store_med_renewal_finish(conf_conn, r1, w.clin, "declined", "Nei", T0 + 8), ST_CONFLICT);
	assert_int_equal(store_med_renewal_take(conf_conn, r1, w.clin, T0 + 8), ST_CONFLICT);
	assert_int_equal(add_request(med, w.p1, w.unit_a, T0 + 9, &r3), ST_OK);
	/* declining answers an unassigned request and assigns it */
	assert_int_equal(store_med_renewal_finish(conf_conn, r3, w.clin, "declined", "Ta kontakt", T0 + 10), ST_OK);
	assert_int_equal(store_med_renewal_for_staff(conf_conn, a, w.clin, r3, &r), ST_OK);
	assert_string_equal(r.status, "declined");
	assert_string_equal(r.answer, "Ta kontakt");
	assert_int_equal(r.assigned_to, w.clin);
	assert_int_equal(r.answered_at, T0 + 10);
	/* stopping closes the open one */
	int64_t r4;
	assert_int_equal(add_request(med, w.p1, w.unit_a, T0 + 11, &r4), ST_OK);
	assert_int_equal(store_med_renewal_close_open(conf_conn, med, w.clin, T0 + 12), ST_OK);
	assert_int_equal(store_med_renewal_for_staff(conf_conn, a, w.clin, r4, &r), ST_OK);
	assert_string_equal(r.status, "closed");
	assert_int_equal(store_med_renewal_close_open(conf_conn, med, w.clin, T0 + 13), ST_OK); /* none: fine */
	/* the patient's requests, newest first; the other patient has none */
	med_renewal *l;
	size_t n;
	assert_int_equal(store_med_renewals_of_patient(conf_conn, a, w.p1, false, 10, &l, &n), ST_OK);
	assert_int_equal(n, 3);
	assert_int_equal(l[0].id, r4);
	assert_int_equal(l[2].id, r1);
	assert_int_equal(store_med_renewals_of_patient(conf_conn, a, w.p2, false, 10, &l, &n), ST_OK);
	assert_int_equal(n, 0);
	arena_free(a);
}

enum { RACE_ROUNDS = 8 };

struct race {
	pthread_barrier_t *go;
	int64_t med, patient, unit_id;
	status result;
};

struct race_tx {
	struct race *r;
};

static status race_fn(db_conn *c, void *arg)
{
	struct race *r = ((struct race_tx *)arg)->r;
	med_renewal q = {.medication_id = r->med, .patient_id = r->patient, .unit_id = r->unit_id,
	                 .requested_by = r->patient, .created_at = T0};
	int64_t id;
	return store_med_renewal_insert(c, &q, &id);
}

static void *racer(void *arg)
{
	struct race *r = arg;
	db_conn *c = db_thread_conn(conf_db);
	pthread_barrier_wait(r->go);
	struct race_tx t = {r};
	r->result = c != NULL ? db_tx(c, true, race_fn, &t) : ST_INTERNAL;
	return NULL;
}

static void racing_requests_leave_one_open(void **state)
{
	(void)state;
	struct world w = fixture();
	for (int round = 0; round < RACE_ROUNDS; round++) {
		int64_t med = add_med(&w, w.p1, w.unit_a, "Metformin", "2024-02-12", false);
		pthread_barrier_t go;
		pthread_barrier_init(&go, NULL, 2);
		struct race races[2];
		pthread_t threads[2];
		for (int i = 0; i < 2; i++) {
			races[i] = (struct race){&go, med, w.p1, w.unit_a, ST_INTERNAL};
			pthread_create(&threads[i], NULL, racer, &races[i]);
		}
		for (int i = 0; i < 2; i++)
			pthread_join(threads[i], NULL);
		pthread_barrier_destroy(&go);
		int ok = (races[0].result == ST_OK) + (races[1].result == ST_OK);
		int conflict = (races[0].result == ST_CONFLICT) + (races[1].result == ST_CONFLICT);
		assert_int_equal(ok, 1);
		assert_int_equal(conflict, 1);
	}
	arena *a = arena_new();
	med_renewal *l;
	size_t n;
	assert_int_equal(store_med_renewals_of_patient(conf_conn, a, w.p1, false, 100, &l, &n), ST_OK);
	assert_int_equal(n, RACE_ROUNDS);
	arena_free(a);
}

static void the_queue_is_the_clinicians_units(void **state)
{
	(void)state;
	struct world w = fixture();
	arena *a = arena_new();
	int64_t med_a = add_med(&w, w.p1, w.unit_a, "Metformin", "2024-02-12", false);
	int64_t med_a2 = add_med(&w, w.p2, w.unit_a, "Levaxin", "2023-01-01", false);
	int64_t med_b = add_med(&w, w.p1, w.unit_b, "Atorvastatin", "2025-05-14", false);
	int64_t ra, ra2, rb;
	assert_int_equal(add_request(med_a2, w.p2, w.unit_a, T0 + 5, &ra2), ST_OK);
	assert_int_equal(add_request(med_a, w.p1, w.unit_a, T0, &ra), ST_OK);
	assert_int_equal(add_request(med_b, w.p1, w.unit_b, T0, &rb), ST_OK);
	med_renewal *q;
	size_t n;
	assert_int_equal(store_med_renewal_queue(conf_conn, a, w.clin, 10, &q, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(q[0].id, ra); /* oldest first */
	assert_int_equal(q[1].id, ra2);
	assert_string_equal(q[0].patient_name, "Kari Pasient");
	assert_string_equal(q[0].unit_name, "Legesenter A");
	assert_int_equal(store_med_renewal_queue(conf_conn, a, w.clin_b, 10, &q, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(q[0].id, rb);
	/* the front desk works no renewal queue */
	assert_int_equal(store_med_renewal_queue(conf_conn, a, w.office, 10, &q, &n), ST_OK);
	assert_int_equal(n, 0);
	/* a request of another unit is not found */
	med_renewal r;
	assert_int_equal(store_med_renewal_for_staff(conf_conn, a, w.clin, rb, &r), ST_NOT_FOUND);
	assert_int_equal(store_med_renewal_for_staff(conf_conn, a, w.office, ra, &r), ST_NOT_FOUND);
	assert_int_equal(store_med_renewal_for_staff(conf_conn, a, w.clin, 999999, &r), ST_NOT_FOUND);
	/* answered ones leave the queue */
	assert_int_equal(store_med_renewal_finish(conf_conn, ra, w.clin, "closed", NULL, T0 + 9), ST_OK);
	assert_int_equal(store_med_renewal_queue(conf_conn, a, w.clin, 10, &q, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(q[0].id, ra2);
	arena_free(a);
}

static void comments_stay_with_their_patient(void **state)
{
	(void)state;
	struct world w = fixture();
	arena *a = arena_new();
	int64_t med = add_med(&w, w.p1, w.unit_a, "Metformin", "2024-02-12", false);
	int64_t other = add_med(&w, w.p2, w.unit_a, "Levaxin", "2023-01-01", false);
	med_comment k = {.medication_id = med, .patient_id = w.p1, .author_id = w.p1, .body = "Bruker den ikke lenger",
	                 .created_at = T0};
	int64_t id1, id2, id3;
	assert_int_equal(store_med_comment_insert(conf_conn, &k, &id1), ST_OK);
	k.body = "Andre linje\nmed linjeskift";
	k.created_at = T0 + 60;
	assert_int_equal(store_med_comment_insert(conf_conn, &k, &id2), ST_OK);
	/* a comment can never hang off another patient's medication */
	med_comment bad = {.medication_id = other, .patient_id = w.p1, .author_id = w.p1, .body = "x", .created_at = T0};
	assert_int_equal(store_med_comment_insert(conf_conn, &bad, &id3), ST_CONFLICT);
	med_comment *l;
	size_t n;
	assert_int_equal(store_med_comments_of_patient(conf_conn, a, w.p1, false, 10, &l, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(l[0].id, id2);
	assert_string_equal(l[0].body, "Andre linje\nmed linjeskift");
	assert_string_equal(l[1].author_name, "Kari Pasient");
	assert_int_equal(l[1].medication_id, med);
	assert_int_equal(store_med_comments_of_patient(conf_conn, a, w.p2, false, 10, &l, &n), ST_OK);
	assert_int_equal(n, 0);
	arena_free(a);
}

static void hidden_items_are_left_out_for_guardians(void **state)
{
	(void)state;
	struct world w = fixture();
	arena *a = arena_new();
	int64_t open_med = add_med(&w, w.p1, w.unit_a, "Metformin", "2024-02-12", false);
	int64_t hidden = add_med(&w, w.p1, w.unit_a, "P-pille", "2026-01-05", true);
	int64_t r1, r2, id;
	assert_int_equal(add_request(hidden, w.p1, w.unit_a, T0, &r1), ST_OK);
	assert_int_equal(add_request(open_med, w.p1, w.unit_a, T0, &r2), ST_OK);
	med_comment k = {.medication_id = hidden, .patient_id = w.p1, .author_id = w.p1, .body = "skjult", .created_at = T0};
	assert_int_equal(store_med_comment_insert(conf_conn, &k, &id), ST_OK);
	k = (med_comment){.medication_id = open_med, .patient_id = w.p1, .author_id = w.p1, .body = "åpen",
	                  .created_at = T0};
	assert_int_equal(store_med_comment_insert(conf_conn, &k, &id), ST_OK);
	/* a comment hidden on its own, on a medication that is not */
	k.body = "bare for meg";
	k.hidden_from_guardians = true;
	assert_int_equal(store_med_comment_insert(conf_conn, &k, &id), ST_OK);

	medication *l;
	med_renewal *rl;
	med_comment *cl;
	size_t n;
	assert_int_equal(store_med_list(conf_conn, a, w.p1, false, 10, &l, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(store_med_list(conf_conn, a, w.p1, true, 10, &l, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(l[0].id, open_med);
	medication m;
	assert_int_equal(store_med_get(conf_conn, a, w.p1, hidden, true, &m), ST_NOT_FOUND);
	assert_int_equal(store_med_get(conf_conn, a, w.p1, hidden, false, &m), ST_OK);
	assert_true(m.hidden_from_guardians);
	assert_int_equal(store_med_renewals_of_patient(conf_conn, a, w.p1, true, 10, &rl, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rl[0].id, r2);
	assert_int_equal(store_med_renewals_of_patient(conf_conn, a, w.p1, false, 10, &rl, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(store_med_comments_of_patient(conf_conn, a, w.p1, true, 10, &cl, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_string_equal(cl[0].body, "åpen");
	assert_int_equal(store_med_comments_of_patient(conf_conn, a, w.p1, false, 10, &cl, &n), ST_OK);
	assert_int_equal(n, 3);
	arena_free(a);
}

static void the_prescribing_unit(void **state)
{
	(void)state;
	struct world w = fixture();
	int64_t u;
	/* the unit shared with the patient */
	assert_int_equal(store_med_prescribing_unit(conf_conn, w.clin, w.p1, &u), ST_OK);
	assert_int_equal(u, w.unit_a);
	/* a clinician of both, the patient only of B: B */
	assert_int_equal(store_staff_unit_add(conf_conn, w.clin, w.unit_b, "clinician"), ST_OK);
	int64_t p3 = fx_person("01010100008", "Siri", "Bpasient", BIRTH);
	assert_int_equal(store_patient_unit_add(conf_conn, p3, w.unit_b, "2021-01-01"), ST_OK);
	assert_int_equal(store_med_prescribing_unit(conf_conn, w.clin, p3, &u), ST_OK);
	assert_int_equal(u, w.unit_b);
	/* no shared unit (emergency access): their own first */
	int64_t p4 = fx_person("01010100007", "Tor", "Ingensteds", BIRTH);
	assert_int_equal(store_med_prescribing_unit(conf_conn, w.clin, p4, &u), ST_OK);
	assert_int_equal(u, w.unit_a);
	/* not a clinician anywhere */
	assert_int_equal(store_med_prescribing_unit(conf_conn, w.office, w.p1, &u), ST_NOT_FOUND);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(lists_are_per_patient),
    cmocka_unit_test(stop_and_renew),
    cmocka_unit_test(one_open_request_per_medication),
    cmocka_unit_test(racing_requests_leave_one_open),
    cmocka_unit_test(the_queue_is_the_clinicians_units),
    cmocka_unit_test(comments_stay_with_their_patient),
    cmocka_unit_test(hidden_items_are_left_out_for_guardians),
    cmocka_unit_test(the_prescribing_unit),
};
CONF_GROUP(medications, tests)
