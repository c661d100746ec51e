/* fixtures.h — the rows the conformance groups build their worlds from: a
 * person, a unit, a staff member with a role at a unit, the small world of
 * three patients, two units and three staff that several groups share, and
 * the contexts and counts their domain tests ask for. Every function inserts
 * through the store on conf_conn and fails the test (cmocka) when the store
 * refuses, so a caller gets an id, never a status to check. */
#ifndef HELSAMI_TESTS_FIXTURES_H
#define HELSAMI_TESTS_FIXTURES_H

#include "conformance.h"
#include "core/arena.h"
#include "core/ctx.h"
#include "store/files.h"
#include "store/register.h"

/* A person without an address, born on birth ("YYYY-MM-DD"). */
int64_t fx_person(const char *nin, const char *given, const char *family, const char *birth);
/* A unit in municipality 5001 with phone "73 00 00 00" and the schema's
 * defaults otherwise; name NULL names it by its code. */
int64_t fx_unit(const char *code, const char *kind, const char *name);
/* A staff member (title "Lege", active) of an existing person, holding role
 * ("clinician", "office", ...) at unit_id; returns the staff id. */
int64_t fx_staff(int64_t person_id, int64_t unit_id, const char *role);

/* The same rows as they are given, for a test of the register itself. */
int64_t fx_insert_person(const person *p);
int64_t fx_insert_unit(const unit *u);

/* A valid synthetic identity number (n from 0 to 7) that is not in the demo
 * world, so the database a group leaves behind can still take `seed demo`.
 * The text is static: the same n gives the same number. */
const char *fx_nin(int n);

/* The small world on a fresh database (conf_fresh): the GP office "oya" with
 * its patients Marius, Silje and Nora (15) and its staff Ingrid (clinician)
 * and Marte (office), and the hospital department "stolav" with its clinician
 * Eirik. Identity numbers are the demo world's. */
typedef struct fx_world {
	int64_t marius, silje, nora;
	int64_t oya, hospital;
	int64_t ingrid, eirik, marte; /* staff ids */
	int64_t ingrid_person, eirik_person, marte_person;
} fx_world;
void fx_world_make(fx_world *w);

/* A citizen on conf_conn at now, acting as self for subject (self for their
 * own record) with every citizen capability; a test narrows .access or sets
 * .guardian_view on the copy it gets. */
ctx fx_citizen(arena *a, unix_time now, int64_t self, int64_t subject);
/* A staff member on conf_conn at now with the given role bits. */
ctx fx_staff_ctx(arena *a, unix_time now, int64_t person_id, int64_t staff_id, unsigned roles);

/* How many access-log entries the patient's chain holds. */
int64_t fx_log_entries(int64_t patient);

/* Fails the test unless the file read back, got, is want in every field. */
void fx_assert_file(const stored_file *got, const stored_file *want);

#endif
