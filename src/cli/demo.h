/* demo.h — the people of the demo world (`helsami seed demo`), for the TestID
 * login page in dev mode and for tests and docs that refer to them by
 * identity number. seed_demo.c seeds the register from this same table, so a
 * number listed here is always the number in the database. */
#ifndef HELSAMI_CLI_DEMO_H
#define HELSAMI_CLI_DEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/clock.h"
#include "core/core.h"

struct demo_person {
	const char *nin;                             /* synthetic fødselsnummer (month + 80), valid check digits */
	const char *name;                            /* given and family name, as in the register */
	const char *description_nb, *description_en; /* one line: who, and what to try */
	bool staff;                                  /* logs in to the staff workspace (HelseID), not as a citizen */
};

/* Citizens first, grouped by family, then staff. Static storage, never freed. */
extern const struct demo_person demo_people[];
extern const size_t demo_people_count;

/* Demo data of the record areas, one seeder per area file (seed_demo.c calls
 * them in order, inside its transaction; each finds people by identity number
 * and units by code). */
struct db_conn;
status seed_demo_medications(struct db_conn *c);    /* seed_medications.c */
status seed_demo_results(struct db_conn *c);        /* seed_results.c */
status seed_demo_record(struct db_conn *c);         /* seed_record.c: summary, care team, visits, stays */
status seed_demo_questionnaires(struct db_conn *c); /* seed_questionnaires.c */
/* seed_appointments.c: visit types, schedules, slots and appointments dated from today */
status seed_demo_appointments(struct db_conn *c, date today);
status seed_demo_notifications(struct db_conn *c);     /* seed_notifications.c: choices, events waiting */
status seed_demo_messages(struct db_conn *c);          /* seed_messages.c: units' topics, conversations */
status seed_demo_support(struct db_conn *c);           /* seed_support.c: user-support cases */
status seed_demo_services(struct db_conn *c);          /* seed_services.c: catalogue, applications, letters */
status seed_demo_video(struct db_conn *c, date today); /* seed_video.c: an internal call and a group, from today */

/* A one-page PDF: enough for a download that opens (seed_messages.c); the
 * demo world's attachments. */
extern const char demo_pdf[];

/* Ids by identity number (persons, staff) and by unit code, for the seeders. */
struct arena;
status demo_person_id(struct db_conn *c, struct arena *ar, const char *nin, int64_t *id);
status demo_staff_id(struct db_conn *c, struct arena *ar, const char *nin, int64_t *id);
status demo_unit_id(struct db_conn *c, struct arena *ar, const char *code, int64_t *id);
/* Runs an area's seed with an arena of its own, freed after; a failure is
 * logged as "seed demo: WHAT could not be added". */
status demo_seed_with_arena(struct db_conn *c, status (*seed)(struct db_conn *c, struct arena *ar), const char *what);
/* The weekday on or after `days` days from d: the demo world's weekend days move to the Monday after. */
date demo_weekday_after(date d, int64_t days);

#endif
