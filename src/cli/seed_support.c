/* seed_support.c — the demo world's user-support cases (SPEC.md U1), run by
 * `helsami seed demo` inside its transaction (cli/demo.h), once: Marius
 * Berg asks Øya legesenter to correct his recorded weight (open, in the
 * support queue), and his question about helsami itself was answered;
 * Silje Berg's request to erase a note support has sent on to Ingrid
 * Solberg, who decides it (her corrections queue); Silje's question about
 * helsami belongs to no unit: Sara, on the national support desk, has
 * taken it. */
#include "cli/demo.h"
#include "core/arena.h"
#include "core/clock.h"
#include "db/db.h"
#include "store/support.h"

#define MARIUS "12848649994"
#define SILJE "03898849863"
#define SARA "04859849860"   /* user support, every unit */
#define INGRID "14827549852" /* GP, Øya legesenter */

/* Silje's erasure, sent on by Sara to Ingrid the day after. */
static status seed_forwarded(db_conn *c, arena *ar, const support_case *like, int64_t sara)
{
	support_case e = *like;
	e.kind = "erase";
	e.body = "Notatet fra 3. november nevner en annen person med samme navn. Det må slettes fra min journal.";
	int64_t id, ingrid;
	unix_time forwarded;
	status st;
	if ((st = demo_person_id(c, ar, SILJE, &e.patient_id)) != ST_OK ||
	    (st = demo_staff_id(c, ar, INGRID, &ingrid)) != ST_OK)
		return st;
	e.author_id = e.patient_id;
	if (!time_parse("2026-11-18T21:10:00Z", &e.created_at) || !time_parse("2026-11-19T09:00:00Z", &forwarded))
		return ST_INTERNAL;
	if ((st = store_support_insert(c, &e, &id)) != ST_OK ||
	    (st = store_support_forward(c, id, 0, sara, ingrid, true, forwarded)) != ST_OK)
		return st;
	support_event ev = {
	    .case_id = id, .at = forwarded, .by_staff = sara, .action = "forwarded", .to_staff = ingrid};
	return store_support_event_add(c, &ev);
}

/* Silje's question about helsami itself, for the national support desk
 * (no unit), taken by Sara the next morning. */
static status seed_desk(db_conn *c, int64_t silje, int64_t sara)
{
	support_case q = {.patient_id = silje,
	                  .author_id = silje,
	                  .kind = "use",
	                  .body = "Kan jeg få varsler på SMS i stedet for e-post?"};
	support_event ev = {.by_staff = sara, .action = "taken"};
	int64_t id;
	status st;
	if (!time_parse("2026-11-21T20:15:00Z", &q.created_at) || !time_parse("2026-11-22T08:05:00Z", &ev.at))
		return ST_INTERNAL;
	if ((st = store_staff_set_support_desk(c, sara, true)) != ST_OK ||
	    (st = store_support_insert(c, &q, &id)) != ST_OK || (st = store_support_take(c, id, sara)) != ST_OK)
		return st;
	ev.case_id = id;
	return store_support_event_add(c, &ev);
}

static status seed(db_conn *c, arena *ar)
{
	support_case k = {.kind = "correct",
	                  .body = "Det står at jeg veier 110 kg i journalen fra august. Det riktige er 90 kg."};
	int64_t id, sara;
	status st;
	if ((st = demo_person_id(c, ar, MARIUS, &k.patient_id)) != ST_OK ||
	    (st = demo_unit_id(c, ar, "oya-legesenter", &k.unit_id)) != ST_OK ||
	    (st = demo_staff_id(c, ar, SARA, &sara)) != ST_OK)
		return st;
	k.author_id = k.patient_id;
	if (!time_parse("2026-11-20T19:00:00Z", &k.created_at) || (st = store_support_insert(c, &k, &id)) != ST_OK)
		return st != ST_OK ? st : ST_INTERNAL;
	support_case q = k;
	q.kind = "use";
	q.body = "Hvordan gir jeg kona mi tilgang til timene mine?";
	unix_time answered;
	if (!time_parse("2026-11-10T08:00:00Z", &q.created_at) || !time_parse("2026-11-10T12:30:00Z", &answered))
		return ST_INTERNAL;
	if ((st = store_support_insert(c, &q, &id)) != ST_OK)
		return st;
	if ((st =
	         store_support_decide(c, id, false, "done",
	                              "Gå til «Tilgang til journalen» og velg «Gi tilgang». Velg «Timer og meldinger».",
	                              sara, answered)) != ST_OK)
		return st;
	if ((st = seed_forwarded(c, ar, &k, sara)) != ST_OK)
		return st;
	int64_t silje;
	return (st = demo_person_id(c, ar, SILJE, &silje)) != ST_OK ? st : seed_desk(c, silje, sara);
}

status seed_demo_support(db_conn *c)
{
	return demo_seed_with_arena(c, seed, "support cases");
}
