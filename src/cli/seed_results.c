/* seed_results.c — the demo world's test results (SPEC.md H2): Marius Berg
 * with a haemoglobin taken four times (the chart), an HbA1c awaiting review
 * in Ingrid Solberg's queue, a histology answer released by the hospital and
 * a genetic test that is never shown in the portal; a few for Silje Berg;
 * and for Nora Berg (15) a low ferritin and a chlamydia test hidden from her
 * parents. Called by seed_demo.c inside its transaction, after the register;
 * people are found by identity number, staff by theirs, units by code. */
#include <string.h>

#include "cli/demo.h"
#include "core/arena.h"
#include "core/log.h"
#include "db/db.h"
#include "store/register.h"
#include "store/results.h"

#define MARIUS "12848649994"
#define SILJE "03898849863"
#define NORA "01921099882"
#define INGRID "14827549852" /* GP, Øya */
#define LARS "30868349995"   /* nurse, Øya */
#define EIRIK "05927049955"  /* consultant, St. Olavs */
#define OYA "oya-legesenter"
#define HOSPITAL "stolav-medisinsk"

static const struct demo_result {
	const char *patient, *type, *value, *taken_on;
	const char *staff, *unit;
	const char *status;      /* entered, reviewed, released */
	const char *reviewed_on; /* reviewed (and released, if released) that day; NULL for immediate */
	bool hidden;
} demo_results[] = {
    {MARIUS, "hb", "14.1", "2025-11-10", INGRID, OYA, "released", NULL, false},
    {MARIUS, "hb", "13.1", "2026-03-02", INGRID, OYA, "released", NULL, false},
    {MARIUS, "cholesterol", "5.8", "2026-03-02", INGRID, OYA, "released", NULL, false},
    {MARIUS, "hb", "13.8", "2026-06-15", INGRID, OYA, "released", NULL, false},
    {MARIUS, "tsh", "2.1", "2026-06-15", INGRID, OYA, "released", NULL, false},
    {MARIUS, "hba1c", "44", "2026-06-15", INGRID, OYA, "released", "2026-06-18", false},
    {MARIUS, "histology", "Føflekk fra ryggen: godartet nevus, fjernet i sin helhet.\nIngen tegn til ondartet vekst.",
     "2026-08-20", EIRIK, HOSPITAL, "released", "2026-09-02", false},
    {MARIUS, "genetic_brca", "Ingen sykdomsgivende variant påvist i BRCA1 eller BRCA2.", "2026-09-01", EIRIK, HOSPITAL,
     "reviewed", "2026-09-10", false},
    {MARIUS, "hb", "14.6", "2026-10-28", INGRID, OYA, "released", NULL, false},
    {MARIUS, "crp", "3", "2026-10-28", INGRID, OYA, "released", NULL, false},
    {MARIUS, "hba1c", "49", "2026-11-18", INGRID, OYA, "entered", NULL, false},
    {SILJE, "hba1c", "38", "2026-05-04", INGRID, OYA, "released", "2026-05-06", false},
    {SILJE, "hb", "13.6", "2026-09-10", INGRID, OYA, "released", NULL, false},
    {SILJE, "tsh", "3.1", "2026-09-10", INGRID, OYA, "released", NULL, false},
    {SILJE, "crp", "12", "2026-11-02", LARS, OYA, "released", NULL, false},
    {NORA, "ferritin", "24", "2026-10-12", LARS, OYA, "released", NULL, false},
    {NORA, "chlamydia", "Ikke påvist.", "2026-10-12", LARS, OYA, "released", NULL, true},
};

/* Results are entered the morning after the sample (08:00 UTC); reviews at 10:00. */
static bool at_hour(const char *day, int hour, int days_after, unix_time *out)
{
	date d;
	if (!date_parse(day, &d))
		return false;
	*out = (date_to_days(d) + days_after) * 86400 + hour * 3600;
	return true;
}

static status seed_one(db_conn *c, arena *ar, const struct demo_result *d)
{
	person p;
	unit u;
	result r = {0};
	status st = store_person_by_nin(c, ar, d->patient, &p);
	if (st == ST_OK)
		st = store_result_type_by_code(c, ar, d->type, &r.type);
	if (st == ST_OK)
		st = store_unit_by_code(c, ar, d->unit, &u);
	if (st == ST_OK)
		st = demo_staff_id(c, ar, d->staff, &r.entered_by);
	if (st != ST_OK)
		return st;
	r.patient_id = p.id;
	r.value = d->value;
	r.unit = r.type.unit;
	r.taken_on = d->taken_on;
	r.unit_id = u.id;
	r.status = d->status;
	r.hidden_from_guardians = d->hidden;
	if (!at_hour(d->taken_on, 8, 1, &r.entered_at))
		return ST_INTERNAL;
	if (d->reviewed_on != NULL) {
		r.reviewed_by = r.entered_by;
		if (!at_hour(d->reviewed_on, 10, 0, &r.reviewed_at))
			return ST_INTERNAL;
	}
	if (strcmp(d->status, "released") == 0)
		r.released_at = d->reviewed_on != NULL ? r.reviewed_at : r.entered_at;
	int64_t id;
	return store_result_insert(c, &r, &id);
}

status seed_demo_results(db_conn *c)
{
	arena *ar = arena_new();
	status st = ST_OK;
	for (size_t i = 0; i < ARRAY_LEN(demo_results) && st == ST_OK; i++) {
		st = seed_one(c, ar, &demo_results[i]);
		if (st != ST_OK)
			log_error("seed demo: result %zu (%s) could not be added: %s", i, demo_results[i].type,
			          status_name(st));
	}
	arena_free(ar);
	return st;
}
