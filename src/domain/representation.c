/* representation.c — the representation rules. Ages and days follow the
 * Norwegian calendar day of the request clock; register facts are read as
 * they are now. */
#include "domain/representation.h"

#include <string.h>

#include "auth/session.h"
#include "core/nin.h"
#include "domain/audit.h"
#include "domain/authz.h"
#include "domain/tx.h"
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
	return C(CAP_A4_SESSION) | C(CAP_S4_LANGUAGE) | C(CAP_R5_OVERVIEW) | C(CAP_R6_ACT_FOR) |
	       C(CAP_N1_NOTIFICATIONS);
}

static const uint64_t HEALTH_READ = C(CAP_A3_HOME) | C(CAP_H1_MEDICATIONS) | C(CAP_H2_RESULTS) | C(CAP_H3_ALLERGIES) |
                                    C(CAP_H4_VACCINES) | C(CAP_H5_HEALTH_ISSUES) | C(CAP_H6_SUMMARY) |
                                    C(CAP_C1_CARE_TEAM) | C(CAP_P7_VISITS) | C(CAP_P8_STAYS_REFERRALS) |
                                    C(CAP_D1_DOCUMENTS) | C(CAP_D3_ACCESS_LOG);
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
	    [REPR_VALID] = "valid",
	    [REPR_ENDED] = "ended",
	    [REPR_NOT_YET] = "not_yet",
	    [REPR_EXPIRED] = "expired",
	    [REPR_CHILD_16] = "child_16",
	    [REPR_NO_RESPONSIBILITY] = "no_responsibility",
	    [REPR_NOBODY_AT_ADDRESS] = "nobody_at_address",
	    [REPR_CONFIDENTIAL] = "confidential",
	    [REPR_DECEASED] = "deceased",
	    [REPR_UNDER_AGE] = "under_age",
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

status repr_access(const ctx *x, int64_t representative_id, int64_t represented_id, uint64_t *caps, bool *guardian_view,
                   enum repr_state *why)
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
	representation *rows;
	if (max > REPR_LIST_MAX)
		max = REPR_LIST_MAX;
	status st = store_repr_list(x->db, x->arena, person_id, as, max, &rows, n);
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
	    [GRANT_OK] = "ok",
	    [GRANT_INVALID_NUMBER] = "invalid_number",
	    [GRANT_NO_NAME] = "no_name",
	    [GRANT_NOT_POSSIBLE] = "not_possible",
	    [GRANT_TOO_MANY] = "too_many",
	    [GRANT_SELF] = "self",
	    [GRANT_RECEIVER_UNDER_18] = "receiver_under_18",
	    [GRANT_BAD_KIND] = "bad_kind",
	    [GRANT_BAD_DATE] = "bad_date",
	    [GRANT_EXISTS] = "exists",
	};
	return g < ARRAY_LEN(codes) && codes[g] ? codes[g] : "unknown";
}

/* ---- looking people up by identity number ------------------------------------------ */

static _Atomic int lookup_limit = REPR_LOOKUPS_PER_HOUR;

void repr_set_lookup_limit(int per_hour)
{
	lookup_limit = per_hour;
}

status repr_lookup_allowed(const ctx *x, bool *allowed)
{
	int limit = lookup_limit;
	*allowed = true;
	if (limit <= 0)
		return ST_OK;
	int64_t n;
	status st = store_security_event_count_for(x->db, "identity_lookup", x->who.person_id,
	                                           x->now - REPR_LOOKUP_WINDOW_S, &n);
	if (st == ST_OK)
		*allowed = n < limit;
	return st;
}

status repr_lookup_record(const ctx *x, const char *form, const char *code)
{
	security_event e = {
	    x->now, "identity_lookup", NULL, x->who.person_id, 0, arena_printf(x->arena, "%s:%s", form, code)};
	return store_security_event_add(x->db, &e);
}

/* The next code point of a name, lower-cased where the case pair is simple
 * (ASCII, Latin-1, Latin Extended-A: the letters of Norwegian and Sami
 * names); -1 at the end, -2 on bad UTF-8. Spaces are skipped by the caller. */
static int32_t folded_next(const char *s, size_t n, size_t *i)
{
	uint32_t c;
	if (*i >= n)
		return -1;
	if (!utf8_decode(s, n, i, &c))
		return -2;
	if ((c >= 'A' && c <= 'Z') || (c >= 0xc0 && c <= 0xde && c != 0xd7))
		return (int32_t)(c + 0x20);
	if (c >= 0x100 && c <= 0x177 && c % 2 == 0 && c != 0x130 && c != 0x138)
		return (int32_t)(c + 1);
	return (int32_t)c;
}

/* Skips spaces; true if any were skipped. */
static bool skip_spaces(const char *s, size_t n, size_t *i)
{
	size_t from = *i;
	while (*i < n && s[*i] == ' ')
		(*i)++;
	return *i > from;
}

bool repr_family_name_matches(const person *p, const char *typed)
{
	if (typed == NULL || p->family_name == NULL)
		return false;
	const char *a = p->family_name;
	size_t na = strlen(a), nb = strlen(typed), i = 0, j = 0;
	skip_spaces(a, na, &i);
	skip_spaces(typed, nb, &j);
	for (;;) {
		bool sa = skip_spaces(a, na, &i), sb = skip_spaces(typed, nb, &j);
		int32_t ca = folded_next(a, na, &i), cb = folded_next(typed, nb, &j);
		if (ca == -1 || cb == -1)
			return ca == cb;
		if (ca < 0 || cb < 0 || ca != cb || sa != sb)
			return false;
	}
}

status repr_lookup(const ctx *x, const char *form, const char *nin, const char *family_name, const person *me,
                   person *out, bool *found)
{
	*found = false;
	status st = store_person_by_nin(x->db, x->arena, nin, out);
	const char *code = NULL;
	if (st == ST_NOT_FOUND || (st == ST_OK && out->death_date != NULL))
		code = "unknown";
	else if (st != ST_OK)
		return st;
	else if (!repr_family_name_matches(out, family_name))
		code = "name_mismatch";
	else if (me->confidential_address || out->confidential_address)
		code = "confidential";
	*found = code == NULL;
	return repr_lookup_record(x, form, code ? code : "found");
}

status repr_find(const ctx *x, const char *form, const char *nin, const char *family_name, person *me, person *other,
                 enum repr_find_outcome *out)
{
	*out = REPR_FIND_OK;
	status st = store_person_by_id(x->db, x->arena, x->who.person_id, me);
	if (st != ST_OK)
		return st;
	if (str_eq(me->nin, nin)) {
		*out = REPR_FIND_SELF;
		return ST_OK;
	}
	bool allowed, found;
	if ((st = repr_lookup_allowed(x, &allowed)) != ST_OK)
		return st;
	if (!allowed) {
		*out = REPR_FIND_TOO_MANY;
		return ST_OK;
	}
	if ((st = repr_lookup(x, form, nin, family_name, me, other, &found)) == ST_OK && !found)
		*out = REPR_FIND_NOT_POSSIBLE;
	return st;
}

bool repr_family_name_given(const char *s)
{
	size_t n = s != NULL ? utf8_length(s) : 0;
	return n > 0 && n <= REPR_FAMILY_NAME_MAX && text_clean(s, false);
}

/* The grant rules; on GRANT_OK, receiver is the person to receive access. */
static status grant_rules(const ctx *x, const char *nin, const char *family_name, const char *kind,
                          const char *valid_until, enum grant_outcome *why, person *receiver)
{
	*why = GRANT_OK;
	if (nin == NULL || !nin_valid(nin)) {
		*why = GRANT_INVALID_NUMBER;
		return ST_OK;
	}
	if (!repr_family_name_given(family_name)) {
		*why = GRANT_NO_NAME;
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
	static const enum grant_outcome by_find[] = {
	    [REPR_FIND_OK] = GRANT_OK,
	    [REPR_FIND_SELF] = GRANT_SELF,
	    [REPR_FIND_TOO_MANY] = GRANT_TOO_MANY,
	    [REPR_FIND_NOT_POSSIBLE] = GRANT_NOT_POSSIBLE,
	};
	person giver;
	enum repr_find_outcome found;
	status st = repr_find(x, "grant", nin, family_name, &giver, receiver, &found);
	if (st != ST_OK)
		return st;
	*why = by_find[found];
	if (*why == GRANT_OK && age_at(receiver->birth_date, x->now) < RECEIVER_MIN_AGE)
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

struct grant_op {
	const char *nin, *family_name, *kind, *valid_until;
	enum grant_outcome *why;
	const char **receiver_name; /* a check: set on GRANT_OK, nothing granted */
	int64_t *id;                /* a grant: the new representation's id */
};

/* Checks the grant (a check, receiver_name set) or makes it (id set). */
static status grant_fn(ctx *x, void *args)
{
	struct grant_op *t = args;
	person receiver;
	status st = grant_rules(x, t->nin, t->family_name, t->kind, t->valid_until, t->why, &receiver);
	if (st != ST_OK || *t->why != GRANT_OK)
		return st;
	if (t->id == NULL) {
		*t->receiver_name = arena_printf(x->arena, "%s %s", receiver.given_name, receiver.family_name);
		return ST_OK;
	}
	/* An open but no longer valid grant (expired) gives way to the new one. */
	if ((st = store_repr_end_between(x->db, receiver.id, x->who.person_id, x->who.person_id, x->now)) != ST_OK)
		return st;
	char day[11];
	today(x, day);
	representation r = {
	    .representative_id = receiver.id,
	    .represented_id = x->who.person_id,
	    .basis = "power_of_attorney",
	    .kind = t->kind,
	    .valid_from = day,
	    .valid_until = t->valid_until && t->valid_until[0] ? t->valid_until : NULL,
	};
	if ((st = store_repr_insert(x->db, &r, x->who.person_id, x->now, t->id)) != ST_OK)
		return st;
	/* The grant is itself logged: who was given access, of what kind (Normen, Faktaark 14). */
	return audit_record(x, x->who.person_id, "grant", "representation",
	                    arena_printf(x->arena, "%lld", (long long)*t->id), "own");
}

static status grant_run(const ctx *x, struct grant_op *t)
{
	if (authz_check(x, CAP_R1_GRANT) != ST_OK || !acting_for_self(x))
		return ST_DENIED;
	return domain_tx(x, true, grant_fn, t);
}

status repr_grant_check(const ctx *x, const char *receiver_nin, const char *family_name, const char *kind,
                        const char *valid_until, enum grant_outcome *why, const char **receiver_name)
{
	struct grant_op t = {receiver_nin, family_name, kind, valid_until, why, receiver_name, NULL};
	return grant_run(x, &t);
}

status repr_grant(const ctx *x, const char *receiver_nin, const char *family_name, const char *kind,
                  const char *valid_until, enum grant_outcome *why, int64_t *id)
{
	struct grant_op t = {receiver_nin, family_name, kind, valid_until, why, NULL, id};
	return grant_run(x, &t);
}

static status end_fn(ctx *x, void *args)
{
	const int64_t *id = args;
	representation r;
	status st = store_repr_get(x->db, x->arena, *id, &r);
	if (st != ST_OK)
		return st;
	int64_t me = x->who.person_id;
	if (r.ended_at != 0 || (r.representative_id != me && r.represented_id != me))
		return ST_NOT_FOUND;
	if ((st = store_repr_end(x->db, r.id, me, x->now)) != ST_OK)
		return st;
	return audit_record(x, r.represented_id, "revoke", "representation",
	                    arena_printf(x->arena, "%lld", (long long)r.id),
	                    r.represented_id == me ? "own" : "representation");
}

status repr_end(const ctx *x, int64_t id)
{
	if (authz_check(x, CAP_R5_OVERVIEW) != ST_OK || x->who.kind != ACTOR_CITIZEN)
		return ST_DENIED;
	return domain_tx(x, true, end_fn, &id);
}

const char *parent_outcome_code(enum parent_outcome p)
{
	static const char *codes[] = {
	    [PARENT_OK] = "ok",
	    [PARENT_INVALID_NUMBER] = "invalid_number",
	    [PARENT_NOT_POSSIBLE] = "not_possible",
	    [PARENT_TOO_MANY] = "too_many",
	    [PARENT_CHILD_16] = "child_16",
	    [PARENT_NOBODY_AT_ADDRESS] = "nobody_at_address",
	    [PARENT_EXISTS] = "exists",
	};
	return p < ARRAY_LEN(codes) && codes[p] ? codes[p] : "unknown";
}

struct parent_op {
	const char *child_nin;
	enum parent_outcome *why;
	int64_t *id;
};

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

/* The real reason a parent request fails, for the security log; "found"
 * when only a parent with responsibility may be told more. */
static status parent_check(const ctx *x, const person *parent, const char *nin, person *child, const char **code)
{
	*code = "found";
	status st = store_person_by_nin(x->db, x->arena, nin, child);
	if (st == ST_NOT_FOUND || (st == ST_OK && (child->id == parent->id || child->death_date != NULL))) {
		*code = "unknown";
		return ST_OK;
	}
	bool responsible = false;
	if (st != ST_OK ||
	    (st = store_has_parental_responsibility(x->db, child->id, parent->id, &responsible)) != ST_OK)
		return st;
	if (!responsible)
		*code = "no_responsibility";
	else if (parent->confidential_address || child->confidential_address)
		*code = "confidential";
	return ST_OK;
}

static status parent_fn(ctx *x, void *args)
{
	struct parent_op *t = args;
	*t->why = PARENT_OK;
	if (t->child_nin == NULL || !nin_valid(t->child_nin)) {
		*t->why = PARENT_INVALID_NUMBER;
		return ST_OK;
	}
	bool allowed;
	status st = repr_lookup_allowed(x, &allowed);
	if (st != ST_OK)
		return st;
	if (!allowed) {
		*t->why = PARENT_TOO_MANY;
		return ST_OK;
	}
	person parent, child;
	if ((st = store_person_by_id(x->db, x->arena, x->who.person_id, &parent)) != ST_OK)
		return st;
	const char *code;
	if ((st = parent_check(x, &parent, t->child_nin, &child, &code)) != ST_OK ||
	    (st = repr_lookup_record(x, "parent", code)) != ST_OK)
		return st;
	if (!str_eq(code, "found")) {
		*t->why = PARENT_NOT_POSSIBLE;
		return ST_OK;
	}
	char day[11];
	today(x, day);
	representation r = {
	    .representative_id = parent.id,
	    .represented_id = child.id,
	    .basis = "parent",
	    .kind = "full",
	    .valid_from = day,
	    .valid_until = last_parent_day(x->arena, &child),
	};
	enum repr_state s;
	if ((st = repr_state_of(x, &r, &s)) != ST_OK)
		return st;
	if (s == REPR_CHILD_16 || s == REPR_NOBODY_AT_ADDRESS) {
		*t->why = s == REPR_CHILD_16 ? PARENT_CHILD_16 : PARENT_NOBODY_AT_ADDRESS;
		return ST_OK;
	}
	if (s != REPR_VALID) {
		*t->why = PARENT_NOT_POSSIBLE;
		return ST_OK;
	}
	representation existing;
	st = store_repr_between(x->db, x->arena, parent.id, child.id, &existing);
	if (st == ST_OK) {
		enum repr_state es;
		if ((st = repr_state_of(x, &existing, &es)) != ST_OK)
			return st;
		if (es == REPR_VALID) {
			*t->why = PARENT_EXISTS;
			return ST_OK;
		}
		st = store_repr_end_between(x->db, parent.id, child.id, parent.id, x->now);
	}
	if (st != ST_OK && st != ST_NOT_FOUND)
		return st;
	if ((st = store_repr_insert(x->db, &r, parent.id, x->now, t->id)) != ST_OK)
		return st;
	return audit_record(x, child.id, "grant", "representation", arena_printf(x->arena, "%lld", (long long)*t->id),
	                    "representation");
}

status repr_parent_apply(const ctx *x, const char *child_nin, enum parent_outcome *why, int64_t *id)
{
	if (authz_check(x, CAP_R2_PARENT_APPLY) != ST_OK || !acting_for_self(x))
		return ST_DENIED;
	struct parent_op t = {child_nin, why, id};
	return domain_tx(x, true, parent_fn, &t);
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
