/* seed_medications.c — the demo world's medications (SPEC.md H1), run by
 * `helsami seed demo` inside its transaction (cli/demo.h): Marius Berg's
 * diabetes and cholesterol medicines with a stopped painkiller, an open
 * renewal request in Øya legesenter's queue and a comment; Elisabeth
 * Johansen's medicines from home care. Dates are as on the demo "today",
 * 2026-11-22. */
#include <string.h>

#include "cli/demo.h"
#include "core/arena.h"
#include "core/clock.h"
#include "db/db.h"
#include "store/medications.h"
#include "store/register.h"

#define MARIUS "12848649994"
#define ELISABETH "02916949807"
#define INGRID "14827549852" /* GP, Øya legesenter */
#define EIRIK "05927049955"  /* consultant, St. Olavs */
#define AHMED "25839049733"  /* home-care nurse, Midtbyen */

static const struct demo_med {
	const char *patient, *prescriber, *unit;
	const char *name, *strength, *dosage, *start, *end;
	const char *created; /* UTC */
	const char *stopped; /* UTC, NULL while in use */
} meds[] = {
    {MARIUS, INGRID, "oya-legesenter", "Metformin", "500 mg", "1 tablett morgen og kveld, til måltid", "2024-02-12",
     "2026-12-10", "2024-02-12T09:20:00Z", NULL},
    {MARIUS, EIRIK, "stolav-medisinsk", "Atorvastatin", "20 mg", "1 tablett om kvelden", "2025-05-14", "2027-05-13",
     "2025-05-14T13:05:00Z", NULL},
    {MARIUS, INGRID, "oya-legesenter", "Ibuprofen", "400 mg", "1 tablett ved behov, høyst 3 i døgnet", "2026-08-03",
     "2026-09-03", "2026-08-03T10:40:00Z", "2026-08-28T08:10:00Z"},
    {ELISABETH, AHMED, "midtbyen-hjemmetjeneste", "Furosemid", "40 mg", "1 tablett om morgenen", "2026-09-14",
     "2027-09-13", "2026-09-14T11:00:00Z", NULL},
    {ELISABETH, AHMED, "midtbyen-hjemmetjeneste", "Paracetamol", "500 mg",
     "2 tabletter inntil 3 ganger i døgnet ved smerter", "2026-09-14", NULL, "2026-09-14T11:05:00Z", NULL},
    {ELISABETH, AHMED, "midtbyen-hjemmetjeneste", "Kaliumklorid", "750 mg", "1 depottablett morgen og kveld",
     "2026-09-21", "2027-03-20", "2026-09-21T07:50:00Z", NULL},
};

/* Index into meds of the renewal request and the comment. */
enum { MED_METFORMIN = 0, MED_ATORVASTATIN = 1 };

static status at(const char *iso, unix_time *out)
{
	return time_parse(iso, out) ? ST_OK : ST_INTERNAL;
}

static status seed(db_conn *c, arena *ar)
{
	int64_t ids[ARRAY_LEN(meds)];
	status st;
	for (size_t i = 0; i < ARRAY_LEN(meds); i++) {
		const struct demo_med *d = &meds[i];
		unit u;
		medication m = {.name = d->name,
		                .strength = d->strength,
		                .dosage = d->dosage,
		                .start_date = d->start,
		                .end_date = d->end};
		if ((st = demo_person_id(c, ar, d->patient, &m.patient_id)) != ST_OK ||
		    (st = demo_staff_id(c, ar, d->prescriber, &m.prescriber_id)) != ST_OK ||
		    (st = store_unit_by_code(c, ar, d->unit, &u)) != ST_OK ||
		    (st = at(d->created, &m.created_at)) != ST_OK)
			return st;
		m.unit_id = u.id;
		if ((st = store_med_insert(c, &m, &ids[i])) != ST_OK)
			return st;
		if (d->stopped != NULL) {
			unix_time t;
			if ((st = at(d->stopped, &t)) != ST_OK ||
			    (st = store_med_stop(c, m.patient_id, ids[i], m.prescriber_id, t)) != ST_OK)
				return st;
		}
	}

	int64_t marius, oya_unit, request_id, comment_id;
	unit oya;
	if ((st = demo_person_id(c, ar, MARIUS, &marius)) != ST_OK ||
	    (st = store_unit_by_code(c, ar, "oya-legesenter", &oya)) != ST_OK)
		return st;
	oya_unit = oya.id;
	med_renewal r = {
	    .medication_id = ids[MED_METFORMIN],
	    .patient_id = marius,
	    .unit_id = oya_unit,
	    .requested_by = marius,
	    .message = "Jeg har tabletter igjen til omtrent to uker.",
	};
	if ((st = at("2026-11-20T18:42:00Z", &r.created_at)) != ST_OK ||
	    (st = store_med_renewal_insert(c, &r, &request_id)) != ST_OK)
		return st;
	med_comment k = {
	    .medication_id = ids[MED_ATORVASTATIN],
	    .patient_id = marius,
	    .author_id = marius,
	    .body = "Jeg har fått vondt i musklene i leggene etter at jeg begynte med denne.",
	};
	if ((st = at("2026-11-02T20:15:00Z", &k.created_at)) != ST_OK)
		return st;
	return store_med_comment_insert(c, &k, &comment_id);
}

status seed_demo_medications(db_conn *c)
{
	return demo_seed_with_arena(c, seed, "medications");
}
