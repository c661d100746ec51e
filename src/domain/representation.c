/* representation.c — the representation rules. Ages and days follow the
 * Norwegian calendar day of the request clock; register facts are read as
 * they are now. */
#include "domain/representation.h"

#include <string.h>

#include "auth/session.h"
#include "core/nin.h"
#include "db/db.h"
#include "domain/audit.h"
#include "domain/authz.h"
#include "store/register.h"
#include "store/session.h"

#define C(cap) CAP_BIT(cap)

/* What a representative never gets on someone else's record: managing the
 * account and giving or seeking access on the person's behalf. */
static uint64_t own_only(void)
{
	return C(CAP_A2_ACCOUNT) | C(CAP_R1_GRANT) | C(CAP_R2_PARENT_APPLY) | C(CAP_R4_CAPACITY_APPLY) |
	       C(CAP_S1_PERSONAL) | C(CAP_S2_NOTIFICATIONS) | C(CAP_S3_SHORTCUTS);
}

uint64_t repr_actor_caps(void)
{
	return C(CAP_A4_SESSION) | C(CAP_S4_LANGUAGE) | C(CAP_R5_OVERVIEW) | C(CAP_R6_ACT_FOR);
}

static const uint64_t HEALTH_READ = C(CAP_A3_HOME) | C(CAP_H1_MEDICATIONS) | C(CAP_H2_RESULTS) |
                                    C(CAP_H3_ALLERGIES) | C(CAP_H4_VACCINES) | C(CAP_H5_HEALTH_ISSUES) |
                                    C(CAP_H6_SUMMARY) | C(CAP_C1_CARE_TEAM) | C(CAP_P7_VISITS) |
                                    C(CAP_P8_STAYS_REFERRALS) | C(CAP_D1_DOCUMENTS) | C(CAP_D3_ACCESS_LOG);
static const uint64_t APPOINTMENTS_MESSAGES = C(CAP_A3_HOME) | C(CAP_P1_APPOINTMENTS) | C(CAP_P2_BOOK) |
                                              C(CAP_P3_CHANGE) | C(CAP_P4_SHORT_NOTICE) | C(CAP_P5_VIDEO) |
                                              C(CAP_P6_CHECK_IN) | C(CAP_M2_MESSAGES) | C(CAP_M3_ATTACHMENTS) |
                                              C(CAP_Q1_QUESTIONNAIRES) | C(CAP_Q3_ANSWER);

/* "full" is computed: every citizen capability but the own-only ones. */
const access_kind access_kinds[] = {
    {"full", "access.kind.full", "access.kind.full_help", 0},
    {"health_read", "access.kind.health_read", "access.kind.health_read_help", HEALTH_READ},
    {"appointments_messages", "access.kind.appointments_messages", "access.kind.appointments_messages_help",
     APPOINTMENTS_MESSAGES},
};
const size_t access_kinds_count = ARRAY_LEN(access_kinds);

const access_kind *access_kind_find(const char *name)
{
	for (size_t i = 0; name != NULL && i < access_kinds_count; i++)
		if (strcmp(access_kinds[i].name, name) == 0)
			return &access_kinds[i];
	return NULL;
}

uint64_t repr_kind_caps(const access_kind *k)
{
	uint64_t theirs = authz_citizen_all() & ~own_only() & ~repr_actor_caps();
	return (k->caps == 0 ? theirs : k->caps) & theirs;
}

const char *repr_state_code(enum repr_state s)
{
	static const char *codes[] = {
	    [REPR_VALID] = "valid",           [REPR_ENDED] = "ended",
	    [REPR_NOT_YET] = "not_yet",       [REPR_EXPIRED] = "expired",
	    [REPR_CHILD_16] = "child_16",     [REPR_NO_RESPONSIBILITY] = "no_responsibility",
	    [REPR_NOBODY_AT_ADDRESS] = "nobody_at_address", [REPR_CONFIDENTIAL] = "confidential",
	    [REPR_DECEASED] = "deceased",     [REPR_UNDER_AGE] = "under_age",
	};
	return s < ARRAY_LEN(codes) && codes[s] ? codes[s] : "unknown";
}

static void today(const ctx *x, char out[11])
{
	date_format(date_in_oslo(x->now), out);
}

/* The parent rule (R2), as the register is now. */
static status parent_rule(const ctx *x, const person *parent, const person *child, enum repr_state *out)
{
	*out = REPR_VALID;
	if (age_at(child->birth_date, x->now) >= PARENT_ACCESS_UNTIL_AGE) {
		*out = REPR_CHILD_16;
		return ST_OK;
	}
	bool responsible;
	status st = store_has_parental_responsibility(x->db, child->id, parent->id, &responsible);
	if (st != ST_OK)
		return st;
	if (!responsible) {
		*out = REPR_NO_RESPONSIBILITY;
		return ST_OK;
	}
	int64_t at_address;
	if ((st = store_repr_parents_at_address(x->db, child->id, &at_address)) != ST_OK)
		return st;
	if (at_address == 0)
		*out = REPR_NOBODY_AT_ADDRESS;
	return ST_OK;
}

status repr_state_of(const ctx *x, const representation *r, enum repr_state *out)
{
	char day[11];
	today(x, day);
	*out = REPR_VALID;
	if (r->ended_at != 0) {
		*out = REPR_ENDED;
		return ST_OK;
	}
	if (strcmp(day, r->valid_from) < 0) {
		*out = REPR_NOT_YET;
		return ST_OK;
	}
	if (r->valid_until != NULL && strcmp(day, r->valid_until) > 0) {
		/* A parent's access runs to the day before the 16th birthday. */
		*out = strcmp(r->basis, "parent") == 0 ? REPR_CHILD_16 : REPR_EXPIRED;
		return ST_OK;
	}
	person a, b;
	status st = store_person_by_id(x->db, x->arena, r->representative_id, &a);
	if (st == ST_OK)
		st = store_person_by_id(x->db, x->arena, r->represented_id, &b);
	if (st != ST_OK)
		return st;
	if (a.confidential_address || b.confidential_address) {
		*out = REPR_CONFIDENTIAL;
		return ST_OK;
	}
	if (a.death_date != NULL || b.death_date != NULL) {
		*out = REPR_DECEASED;
		return ST_OK;
	}
	if (strcmp(r->basis, "parent") == 0)
		return parent_rule(x, &a, &b, out);
	if (age_at(a.birth_date, x->now) < RECEIVER_MIN_AGE ||
	    (strcmp(r->basis, "power_of_attorney") == 0 && age_at(b.birth_date, x->now) < GIVER_MIN_AGE))
		*out = REPR_UNDER_AGE;
	return ST_OK;
}

status repr_access(const ctx *x, int64_t representative_id, int64_t represented_id, uint64_t *caps,
                   bool *guardian_view, enum repr_state *why)
{
	*caps = 0;
	*guardian_view = false;
	representation r;
	status st = store_repr_between(x->db, x->arena, representative_id, represented_id, &r);
	if (st == ST_NOT_FOUND) {
		*why = REPR_ENDED;
		return ST_DENIED;
	}
	if (st != ST_OK || (st = repr_state_of(x, &r, why)) != ST_OK)
		return st;
	const access_kind *k = access_kind_find(r.kind);
	if (*why != REPR_VALID || k == NULL)
		return ST_DENIED;
	*caps = repr_kind_caps(k);
	if (strcmp(r.basis, "parent") == 0) {
		person child;
		if ((st = store_person_by_id(x->db, x->arena, represented_id, &child)) != ST_OK)
			return st;
		*guardian_view = age_at(child.birth_date, x->now) >= CONFIDENTIAL_FROM_AGE;
	}
	return ST_OK;
}

status repr_overview(const ctx *x, int64_t person_id, int as, repr_entry *out, size_t max, size_t *n)
{
	representation rows[REPR_LIST_MAX];
	if (max > REPR_LIST_MAX)
		max = REPR_LIST_MAX;
	status st = store_repr_list(x->db, x->arena, person_id, as, rows, max, n);
	for (size_t i = 0; st == ST_OK && i < *n; i++) {
		out[i].r = rows[i];
		out[i].kind = access_kind_find(rows[i].kind);
		st = repr_state_of(x, &rows[i], &out[i].state);
	}
	return st;
}

status repr_can_act_for_anyone(const ctx *x, int64_t person_id, bool *out)
{
	repr_entry rows[REPR_LIST_MAX];
	size_t n;
	*out = false;
	status st = repr_overview(x, person_id, 0, rows, REPR_LIST_MAX, &n);
	for (size_t i = 0; st == ST_OK && i < n; i++)
		if (rows[i].state == REPR_VALID)
			*out = true;
	return st;
}

const char *grant_outcome_code(enum grant_outcome g)
{
	static const char *codes[] = {
	    [GRANT_OK] = "ok", [GRANT_INVALID_NUMBER] = "invalid_number", [GRANT_UNKNOWN] = "unknown",
	    [GRANT_SELF] = "self", [GRANT_RECEIVER_UNDER_18] = "receiver_under_18",
	    [GRANT_CONFIDENTIAL] = "confidential", [GRANT_BAD_KIND] = "bad_kind", [GRANT_BAD_DATE] = "bad_date",
	    [GRANT_EXISTS] = "exists",
	};
	return g < ARRAY_LEN(codes) && codes[g] ? codes[g] : "unknown";
}

/* The grant rules; on GRANT_OK, receiver is the person to receive access. */
static status grant_rules(const ctx *x, const char *nin, const char *kind, const char *valid_until,
                          enum grant_outcome *why, person *receiver)
{
	*why = GRANT_OK;
	if (nin == NULL || !nin_valid(nin)) {
		*why = GRANT_INVALID_NUMBER;
		return ST_OK;
	}
	if (access_kind_find(kind) == NULL) {
		*why = GRANT_BAD_KIND;
		return ST_OK;
	}
	char day[11];
	today(x, day);
	date until;
	if (valid_until != NULL && valid_until[0] != '\0' &&
	    (!date_parse(valid_until, &until) || strcmp(valid_until, day) < 0)) {
		*why = GRANT_BAD_DATE;
		return ST_OK;
	}
	person giver;
	status st = store_person_by_id(x->db, x->arena, x->who.person_id, &giver);
	if (st != ST_OK)
		return st;
	st = store_person_by_nin(x->db, x->arena, nin, receiver);
	if (st == ST_NOT_FOUND || (st == ST_OK && receiver->death_date != NULL)) {
		*why = GRANT_UNKNOWN;
		return ST_OK;
	}
	if (st != ST_OK)
		return st;
	if (receiver->id == giver.id)
		*why = GRANT_SELF;
	else if (giver.confidential_address || receiver->confidential_address)
		*why = GRANT_CONFIDENTIAL;
	else if (age_at(receiver->birth_date, x->now) < RECEIVER_MIN_AGE)
		*why = GRANT_RECEIVER_UNDER_18;
	if (*why != GRANT_OK)
		return ST_OK;
	representation existing;
	st = store_repr_between(x->db, x->arena, receiver->id, giver.id, &existing);
	if (st == ST_OK) {
		enum repr_state s;
		if ((st = repr_state_of(x, &existing, &s)) != ST_OK)
			return st;
		if (s == REPR_VALID || s == REPR_NOT_YET)
			*why = GRANT_EXISTS;
	}
	return st == ST_NOT_FOUND ? ST_OK : st;
}

static bool acting_for_self(const ctx *x)
{
	return x->who.kind == ACTOR_CITIZEN && x->subject_id == x->who.person_id;
}

status repr_grant_check(const ctx *x, const char *receiver_nin, const char *kind, const char *valid_until,
                        enum grant_outcome *why, const char **receiver_name)
{
	if (authz_check(x, CAP_R1_GRANT) != ST_OK || !acting_for_self(x))
		return ST_DENIED;
	person receiver;
	status st = grant_rules(x, receiver_nin, kind, valid_until, why, &receiver);
	if (st == ST_OK && *why == GRANT_OK)
		*receiver_name = arena_printf(x->arena, "%s %s", receiver.given_name, receiver.family_name);
	return st;
}

struct grant_tx {
	const ctx *x;
	const char *nin, *kind, *valid_until;
	enum grant_outcome *why;
	int64_t *id;
};

static status grant_fn(db_conn *c, void *arg)
{
	struct grant_tx *t = arg;
	ctx x = *t->x;
	x.db = c;
	person receiver;
	status st = grant_rules(&x, t->nin, t->kind, t->valid_until, t->why, &receiver);
	if (st != ST_OK || *t->why != GRANT_OK)
		return st;
	char day[11];
	today(&x, day);
	representation r = {
	    .representative_id = receiver.id,
	    .represented_id = x.who.person_id,
	    .basis = "power_of_attorney",
	    .kind = t->kind,
	    .valid_from = day,
	    .valid_until = t->valid_until && t->valid_until[0] ? t->valid_until : NULL,
	};
	if ((st = store_repr_insert(c, &r, x.who.person_id, x.now, t->id)) != ST_OK)
		return st;
	/* The grant is itself logged: who was given access, of what kind (Normen, Faktaark 14). */
	return audit_record(&x, x.who.person_id, "grant", "representation",
	                    arena_printf(x.arena, "%lld", (long long)*t->id), "own");
}

status repr_grant(const ctx *x, const char *receiver_nin, const char *kind, const char *valid_until,
                  enum grant_outcome *why, int64_t *id)
{
	if (authz_check(x, CAP_R1_GRANT) != ST_OK || !acting_for_self(x))
		return ST_DENIED;
	struct grant_tx t = {x, receiver_nin, kind, valid_until, why, id};
	return db_tx(x->db, true, grant_fn, &t);
}

struct end_tx {
	const ctx *x;
	int64_t id;
};

static status end_fn(db_conn *c, void *arg)
{
	struct end_tx *t = arg;
	ctx x = *t->x;
	x.db = c;
	representation r;
	status st = store_repr_get(c, x.arena, t->id, &r);
	if (st != ST_OK)
		return st;
	int64_t me = x.who.person_id;
	if (r.ended_at != 0 || (r.representative_id != me && r.represented_id != me))
		return ST_NOT_FOUND;
	if ((st = store_repr_end(c, r.id, me, x.now)) != ST_OK)
		return st;
	return audit_record(&x, r.represented_id, "revoke", "representation",
	                    arena_printf(x.arena, "%lld", (long long)r.id), r.represented_id == me ? "own" : "representation");
}

status repr_end(const ctx *x, int64_t id)
{
	if (authz_check(x, CAP_R5_OVERVIEW) != ST_OK || x->who.kind != ACTOR_CITIZEN)
		return ST_DENIED;
	struct end_tx t = {x, id};
	return db_tx(x->db, true, end_fn, &t);
}

const char *parent_outcome_code(enum parent_outcome p)
{
	static const char *codes[] = {
	    [PARENT_OK] = "ok", [PARENT_INVALID_NUMBER] = "invalid_number", [PARENT_UNKNOWN_CHILD] = "unknown_child",
	    [PARENT_CHILD_16] = "child_16", [PARENT_NO_RESPONSIBILITY] = "no_responsibility",
	    [PARENT_NOBODY_AT_ADDRESS] = "nobody_at_address", [PARENT_CONFIDENTIAL] = "confidential",
	    [PARENT_EXISTS] = "exists",
	};
	return p < ARRAY_LEN(codes) && codes[p] ? codes[p] : "unknown";
}

struct parent_tx {
	const ctx *x;
	const char *child_nin;
	enum parent_outcome *why;
	int64_t *id;
};

static enum parent_outcome parent_outcome_of(enum repr_state s)
{
	switch (s) {
	case REPR_CHILD_16: return PARENT_CHILD_16;
	case REPR_NO_RESPONSIBILITY: return PARENT_NO_RESPONSIBILITY;
	case REPR_NOBODY_AT_ADDRESS: return PARENT_NOBODY_AT_ADDRESS;
	case REPR_CONFIDENTIAL: return PARENT_CONFIDENTIAL;
	case REPR_DECEASED: return PARENT_UNKNOWN_CHILD;
	default: return PARENT_OK;
	}
}

/* The child's 16th birthday, minus a day: the last day of parent access. */
static const char *last_parent_day(arena *a, const person *child)
{
	date birth;
	if (!date_parse(child->birth_date, &birth))
		return NULL;
	date d = {birth.year + PARENT_ACCESS_UNTIL_AGE, birth.month, birth.day};
	if (!date_valid(d)) /* 29 February: the birthday is 1 March */
		d = (date){d.year, 3, 1};
	char *out = arena_alloc(a, 11);
	date_format(date_from_days(date_to_days(d) - 1), out);
	return out;
}

static status parent_fn(db_conn *c, void *arg)
{
	struct parent_tx *t = arg;
	ctx x = *t->x;
	x.db = c;
	*t->why = PARENT_OK;
	if (t->child_nin == NULL || !nin_valid(t->child_nin)) {
		*t->why = PARENT_INVALID_NUMBER;
		return ST_OK;
	}
	person parent, child;
	status st = store_person_by_id(c, x.arena, x.who.person_id, &parent);
	if (st != ST_OK)
		return st;
	st = store_person_by_nin(c, x.arena, t->child_nin, &child);
	if (st == ST_NOT_FOUND || (st == ST_OK && child.id == parent.id)) {
		*t->why = PARENT_UNKNOWN_CHILD;
		return ST_OK;
	}
	if (st != ST_OK)
		return st;
	char day[11];
	today(&x, day);
	representation r = {
	    .representative_id = parent.id,
	    .represented_id = child.id,
	    .basis = "parent",
	    .kind = "full",
	    .valid_from = day,
	    .valid_until = last_parent_day(x.arena, &child),
	};
	enum repr_state s;
	if ((st = repr_state_of(&x, &r, &s)) != ST_OK)
		return st;
	if ((*t->why = parent_outcome_of(s)) != PARENT_OK)
		return ST_OK;
	representation existing;
	st = store_repr_between(c, x.arena, parent.id, child.id, &existing);
	if (st == ST_OK) {
		*t->why = PARENT_EXISTS;
		return ST_OK;
	}
	if (st != ST_NOT_FOUND)
		return st;
	if ((st = store_repr_insert(c, &r, parent.id, x.now, t->id)) != ST_OK)
		return st;
	return audit_record(&x, child.id, "grant", "representation", arena_printf(x.arena, "%lld", (long long)*t->id),
	                    "representation");
}

status repr_parent_apply(const ctx *x, const char *child_nin, enum parent_outcome *why, int64_t *id)
{
	if (authz_check(x, CAP_R2_PARENT_APPLY) != ST_OK || !acting_for_self(x))
		return ST_DENIED;
	struct parent_tx t = {x, child_nin, why, id};
	return db_tx(x->db, true, parent_fn, &t);
}

status repr_act_for(const ctx *x, int64_t represented_id)
{
	if (authz_check(x, CAP_R6_ACT_FOR) != ST_OK || x->session == NULL || x->who.kind != ACTOR_CITIZEN)
		return ST_DENIED;
	if (represented_id != 0 && represented_id != x->who.person_id) {
		uint64_t caps;
		bool guardian;
		enum repr_state why;
		status st = repr_access(x, x->who.person_id, represented_id, &caps, &guardian, &why);
		if (st != ST_OK)
			return st == ST_DENIED ? ST_NOT_FOUND : st;
	} else {
		represented_id = 0;
	}
	return store_session_set_acting_for(x->db, x->session->id, represented_id);
}
