/* capacity.c — applications for access to adults lacking capacity (R4). */
#include "domain/capacity.h"

#include <string.h>

#include "core/crypto.h"
#include "core/nin.h"
#include "db/db.h"
#include "domain/audit.h"
#include "domain/authz.h"
#include "domain/representation.h"
#include "store/register.h"

static const char *const relations[] = {"spouse", "partner", "child", "parent", "sibling", "grandchild", "other"};

const char *capacity_outcome_code(enum capacity_outcome o)
{
	static const char *codes[] = {
	    [CAPACITY_OK] = "ok", [CAPACITY_INVALID_NUMBER] = "invalid_number", [CAPACITY_UNKNOWN] = "unknown",
	    [CAPACITY_SELF] = "self", [CAPACITY_APPLICANT_UNDER_18] = "applicant_under_18",
	    [CAPACITY_PERSON_UNDER_12] = "person_under_12", [CAPACITY_CONFIDENTIAL] = "confidential",
	    [CAPACITY_BAD_RELATION] = "bad_relation", [CAPACITY_BAD_STATEMENT] = "bad_statement",
	    [CAPACITY_NO_DOCUMENT] = "no_document", [CAPACITY_BAD_DOCUMENT] = "bad_document",
	    [CAPACITY_DOCUMENT_TOO_LARGE] = "document_too_large", [CAPACITY_PENDING] = "pending",
	};
	return o < ARRAY_LEN(codes) && codes[o] ? codes[o] : "unknown";
}

const char *capacity_sniff(const uint8_t *d, size_t n)
{
	if (n >= 5 && memcmp(d, "%PDF-", 5) == 0)
		return "application/pdf";
	if (n >= 3 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff)
		return "image/jpeg";
	if (n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	return NULL;
}

static bool known_relation(const char *r)
{
	for (size_t i = 0; r != NULL && i < ARRAY_LEN(relations); i++)
		if (strcmp(relations[i], r) == 0)
			return true;
	return false;
}

/* Everything about the form itself, before the register is asked. */
static enum capacity_outcome form_rules(const char *nin, const char *relation, const char *statement,
                                        const uint8_t *doc, size_t len)
{
	if (nin == NULL || !nin_valid(nin))
		return CAPACITY_INVALID_NUMBER;
	if (!known_relation(relation))
		return CAPACITY_BAD_RELATION;
	if (statement == NULL || statement[0] == '\0' || utf8_length(statement) > CAPACITY_STATEMENT_MAX)
		return CAPACITY_BAD_STATEMENT;
	if (doc == NULL || len == 0)
		return CAPACITY_NO_DOCUMENT;
	if (len > CAPACITY_DOC_MAX)
		return CAPACITY_DOCUMENT_TOO_LARGE;
	if (capacity_sniff(doc, len) == NULL)
		return CAPACITY_BAD_DOCUMENT;
	return CAPACITY_OK;
}

struct apply_tx {
	const ctx *x;
	const char *nin, *relation, *statement;
	const uint8_t *doc;
	size_t len;
	enum capacity_outcome *why;
	int64_t *id;
};

static status apply_fn(db_conn *c, void *arg)
{
	struct apply_tx *t = arg;
	ctx x = *t->x;
	x.db = c;
	person applicant, subject;
	status st = store_person_by_id(c, x.arena, x.who.person_id, &applicant);
	if (st != ST_OK)
		return st;
	st = store_person_by_nin(c, x.arena, t->nin, &subject);
	if (st == ST_NOT_FOUND || (st == ST_OK && subject.death_date != NULL)) {
		*t->why = CAPACITY_UNKNOWN;
		return ST_OK;
	}
	if (st != ST_OK)
		return st;
	if (subject.id == applicant.id)
		*t->why = CAPACITY_SELF;
	else if (applicant.confidential_address || subject.confidential_address)
		*t->why = CAPACITY_CONFIDENTIAL;
	else if (age_at(applicant.birth_date, x.now) < RECEIVER_MIN_AGE)
		*t->why = CAPACITY_APPLICANT_UNDER_18;
	else if (age_at(subject.birth_date, x.now) < CAPACITY_MIN_AGE)
		*t->why = CAPACITY_PERSON_UNDER_12;
	if (*t->why != CAPACITY_OK)
		return ST_OK;
	capacity_application mine[CAPACITY_LIST_MAX];
	size_t n;
	if ((st = store_capacity_list_by_applicant(c, x.arena, applicant.id, mine, CAPACITY_LIST_MAX, &n)) != ST_OK)
		return st;
	for (size_t i = 0; i < n; i++)
		if (mine[i].person_id == subject.id && (!strcmp(mine[i].status, "pending") || !strcmp(mine[i].status, "taken"))) {
			*t->why = CAPACITY_PENDING;
			return ST_OK;
		}
	capacity_application a = {
	    .applicant_id = applicant.id,
	    .person_id = subject.id,
	    .relation = t->relation,
	    .statement = t->statement,
	    .document_type = capacity_sniff(t->doc, t->len),
	    .submitted_at = x.now,
	};
	return store_capacity_insert(c, &a, base64_encode(x.arena, t->doc, t->len), t->id);
}

status capacity_apply(const ctx *x, const char *person_nin, const char *relation, const char *statement,
                      const uint8_t *doc, size_t doc_len, enum capacity_outcome *why, int64_t *id)
{
	if (authz_check(x, CAP_R4_CAPACITY_APPLY) != ST_OK || x->subject_id != x->who.person_id)
		return ST_DENIED;
	*why = form_rules(person_nin, relation, statement, doc, doc_len);
	if (*why != CAPACITY_OK)
		return ST_OK;
	struct apply_tx t = {x, person_nin, relation, statement, doc, doc_len, why, id};
	return db_tx(x->db, true, apply_fn, &t);
}

status capacity_mine(const ctx *x, capacity_application *out, size_t max, size_t *n)
{
	if (authz_check(x, CAP_R5_OVERVIEW) != ST_OK)
		return ST_DENIED;
	return store_capacity_list_by_applicant(x->db, x->arena, x->who.person_id, out, max, n);
}

status capacity_queue(const ctx *x, capacity_application *out, size_t max, size_t *n)
{
	if (authz_check(x, CAP_R4_REVIEW) != ST_OK)
		return ST_DENIED;
	return store_capacity_list_open(x->db, x->arena, out, max, n);
}

/* A staff read of the person's data for the review, in the access log. */
static status log_review(const ctx *x, int64_t person_id, const char *action, const char *what, int64_t id)
{
	audit_entry e = {
	    .patient_id = person_id,
	    .at = x->now,
	    .actor_kind = "staff",
	    .actor_person_id = x->who.person_id,
	    .actor_staff_id = x->who.staff_id,
	    .actor_role = x->who.roles & ROLE_CASEWORKER ? "caseworker" : "clinician",
	    .action = action,
	    .what = what,
	    .what_id = arena_printf(x->arena, "%lld", (long long)id),
	    .purpose = "representation_review",
	};
	return audit_append(x->db, &e);
}

struct open_tx {
	const ctx *x;
	int64_t id;
	capacity_application *out;
	const char **type;
	const uint8_t **data;
	size_t *len;
};

static status open_fn(db_conn *c, void *arg)
{
	struct open_tx *t = arg;
	ctx x = *t->x;
	x.db = c;
	status st = store_capacity_get(c, x.arena, t->id, t->out);
	if (st != ST_OK)
		return st;
	if (t->data == NULL)
		return log_review(&x, t->out->person_id, "read", "representation.application", t->id);
	const char *b64;
	if ((st = store_capacity_document(c, x.arena, t->id, &b64)) != ST_OK)
		return st;
	uint8_t *bytes;
	if (!base64_decode(x.arena, b64, &bytes, t->len))
		return ST_INTERNAL;
	*t->data = bytes;
	*t->type = t->out->document_type;
	return log_review(&x, t->out->person_id, "read", "representation.document", t->id);
}

status capacity_open(const ctx *x, int64_t id, capacity_application *out)
{
	if (authz_check(x, CAP_R4_REVIEW) != ST_OK)
		return ST_DENIED;
	struct open_tx t = {x, id, out, NULL, NULL, NULL};
	return db_tx(x->db, true, open_fn, &t);
}

status capacity_document(const ctx *x, int64_t id, const char **type, const uint8_t **data, size_t *len)
{
	if (authz_check(x, CAP_R4_REVIEW) != ST_OK)
		return ST_DENIED;
	capacity_application a;
	struct open_tx t = {x, id, &a, type, data, len};
	return db_tx(x->db, true, open_fn, &t);
}

status capacity_take(const ctx *x, int64_t id)
{
	if (authz_check(x, CAP_R4_REVIEW) != ST_OK)
		return ST_DENIED;
	return store_capacity_take(x->db, id, x->who.staff_id);
}

struct decide_tx {
	const ctx *x;
	int64_t id;
	bool grant;
	const char *until, *reason;
};

static status decide_fn(db_conn *c, void *arg)
{
	struct decide_tx *t = arg;
	ctx x = *t->x;
	x.db = c;
	capacity_application a;
	status st = store_capacity_get(c, x.arena, t->id, &a);
	if (st != ST_OK)
		return st;
	if (strcmp(a.status, "pending") != 0 && strcmp(a.status, "taken") != 0)
		return ST_CONFLICT;
	int64_t repr_id = 0;
	if (t->grant) {
		char day[11];
		date_format(date_in_oslo(x.now), day);
		representation r = {
		    .representative_id = a.applicant_id,
		    .represented_id = a.person_id,
		    .basis = "capacity",
		    .kind = "full",
		    .valid_from = day,
		    .valid_until = t->until,
		};
		if ((st = store_repr_insert(c, &r, x.who.person_id, x.now, &repr_id)) != ST_OK)
			return st;
	}
	st = store_capacity_decide(c, t->id, x.who.staff_id, x.now, t->grant ? "granted" : "refused", t->reason, repr_id);
	if (st != ST_OK)
		return st;
	return log_review(&x, a.person_id, t->grant ? "grant" : "deny", "representation.application", t->id);
}

status capacity_decide(const ctx *x, int64_t id, bool grant, const char *valid_until, const char *reason)
{
	if (authz_check(x, CAP_R4_REVIEW) != ST_OK)
		return ST_DENIED;
	if (grant) {
		date until, today = date_in_oslo(x->now);
		date limit = {today.year + CAPACITY_MAX_YEARS, today.month, today.day};
		if (!date_valid(limit))
			limit.day = 28;
		if (valid_until == NULL || !date_parse(valid_until, &until) ||
		    date_to_days(until) < date_to_days(today) || date_to_days(until) > date_to_days(limit))
			return ST_INVALID;
	} else if (reason == NULL || utf8_length(reason) < CAPACITY_REASON_MIN || utf8_length(reason) > CAPACITY_REASON_MAX) {
		return ST_INVALID;
	}
	struct decide_tx t = {x, id, grant, grant ? valid_until : NULL, grant ? NULL : reason};
	return db_tx(x->db, true, decide_fn, &t);
}
