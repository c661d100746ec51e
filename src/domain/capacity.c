/* capacity.c — applications for access to adults lacking capacity (R4). */
#include "domain/capacity.h"

#include <string.h>

#include "core/nin.h"
#include "domain/authz.h"
#include "domain/chart.h"
#include "domain/queue.h"
#include "domain/representation.h"
#include "domain/tx.h"
#include "domain/uploads.h"
#include "store/register.h"

static const char *const relations[] = {"spouse", "partner", "child", "parent", "sibling", "grandchild", "other"};

const char *capacity_outcome_code(enum capacity_outcome o)
{
	static const char *codes[] = {
	    [CAPACITY_OK] = "ok",
	    [CAPACITY_INVALID_NUMBER] = "invalid_number",
	    [CAPACITY_NO_NAME] = "no_name",
	    [CAPACITY_NOT_POSSIBLE] = "not_possible",
	    [CAPACITY_TOO_MANY] = "too_many",
	    [CAPACITY_SELF] = "self",
	    [CAPACITY_APPLICANT_UNDER_18] = "applicant_under_18",
	    [CAPACITY_PERSON_UNDER_12] = "person_under_12",
	    [CAPACITY_BAD_RELATION] = "bad_relation",
	    [CAPACITY_BAD_STATEMENT] = "bad_statement",
	    [CAPACITY_NO_DOCUMENT] = "no_document",
	    [CAPACITY_BAD_DOCUMENT] = "bad_document",
	    [CAPACITY_DOCUMENT_TOO_LARGE] = "document_too_large",
	    [CAPACITY_PENDING] = "pending",
	};
	return o < ARRAY_LEN(codes) && codes[o] ? codes[o] : "unknown";
}

static bool known_relation(const char *r)
{
	for (size_t i = 0; r != NULL && i < ARRAY_LEN(relations); i++)
		if (strcmp(relations[i], r) == 0)
			return true;
	return false;
}

/* Free text of min..max characters, with line breaks but no control or
 * bidirectional formatting characters. */
static bool free_text_ok(const char *s, size_t min, size_t max)
{
	size_t n = s != NULL ? utf8_length(s) : 0;
	return s != NULL && n >= min && n <= max && text_clean(s, true);
}

/* Everything about the form itself, before the register is asked. */
static enum capacity_outcome form_rules(const char *nin, const char *family_name, const char *relation,
                                        const char *statement, const uint8_t *doc, size_t len)
{
	if (nin == NULL || !nin_valid(nin))
		return CAPACITY_INVALID_NUMBER;
	if (!repr_family_name_given(family_name))
		return CAPACITY_NO_NAME;
	if (!known_relation(relation))
		return CAPACITY_BAD_RELATION;
	if (!free_text_ok(statement, 1, CAPACITY_STATEMENT_MAX))
		return CAPACITY_BAD_STATEMENT;
	if (doc == NULL || len == 0)
		return CAPACITY_NO_DOCUMENT;
	if (len > CAPACITY_DOC_MAX)
		return CAPACITY_DOCUMENT_TOO_LARGE;
	if (upload_signature(doc, len) == NULL)
		return CAPACITY_BAD_DOCUMENT;
	return CAPACITY_OK;
}

struct apply_op {
	const char *nin, *family_name, *relation, *statement;
	const uint8_t *doc;
	size_t len;
	enum capacity_outcome *why;
	int64_t *id;
};

static status apply_fn(ctx *x, void *args)
{
	struct apply_op *t = args;
	static const enum capacity_outcome by_find[] = {
	    [REPR_FIND_OK] = CAPACITY_OK,
	    [REPR_FIND_SELF] = CAPACITY_SELF,
	    [REPR_FIND_TOO_MANY] = CAPACITY_TOO_MANY,
	    [REPR_FIND_NOT_POSSIBLE] = CAPACITY_NOT_POSSIBLE,
	};
	person applicant, subject;
	enum repr_find_outcome found;
	status st = repr_find(x, "capacity", t->nin, t->family_name, &applicant, &subject, &found);
	if (st != ST_OK)
		return st;
	*t->why = by_find[found];
	if (*t->why != CAPACITY_OK)
		return ST_OK;
	if (age_at(applicant.birth_date, x->now) < RECEIVER_MIN_AGE)
		*t->why = CAPACITY_APPLICANT_UNDER_18;
	else if (age_at(subject.birth_date, x->now) < CAPACITY_MIN_AGE)
		*t->why = CAPACITY_PERSON_UNDER_12;
	if (*t->why != CAPACITY_OK)
		return ST_OK;
	bool pending;
	if ((st = store_capacity_open_between(x->db, applicant.id, subject.id, &pending)) != ST_OK)
		return st;
	if (pending) {
		*t->why = CAPACITY_PENDING;
		return ST_OK;
	}
	capacity_application a = {
	    .applicant_id = applicant.id,
	    .person_id = subject.id,
	    .relation = t->relation,
	    .statement = t->statement,
	    .document_type = upload_signature(t->doc, t->len),
	    .submitted_at = x->now,
	};
	return store_capacity_insert(x->db, &a, t->doc, t->len, t->id);
}

status capacity_apply(const ctx *x, const char *person_nin, const char *family_name, const char *relation,
                      const char *statement, const uint8_t *doc, size_t doc_len, enum capacity_outcome *why,
                      int64_t *id)
{
	if (authz_check(x, CAP_R4_CAPACITY_APPLY) != ST_OK || x->subject_id != x->who.person_id)
		return ST_DENIED;
	*why = form_rules(person_nin, family_name, relation, statement, doc, doc_len);
	if (*why != CAPACITY_OK)
		return ST_OK;
	struct apply_op t = {person_nin, family_name, relation, statement, doc, doc_len, why, id};
	return domain_tx(x, true, apply_fn, &t);
}

status capacity_mine(const ctx *x, capacity_application *out, size_t max, size_t *n)
{
	if (authz_check(x, CAP_R5_OVERVIEW) != ST_OK)
		return ST_DENIED;
	capacity_application *rows;
	status st = store_capacity_list_by_applicant(x->db, x->arena, x->who.person_id, max, &rows, n);
	for (size_t i = 0; st == ST_OK && i < *n; i++)
		out[i] = rows[i];
	return st;
}

/* ---- review (staff with CAP_R4_REVIEW) ----------------------------------------------- */

/* Whether the reviewer in x may handle application a, and in which role: a
 * role at a unit of the person concerned that holds CAP_R4_REVIEW, and no
 * tie to the case. The applicant, the person concerned and anyone with a
 * representation, family relation or parental responsibility between them
 * and either never review it: to them it does not exist (ST_NOT_FOUND). */
static status review_basis(const ctx *x, const capacity_application *a, chart_access *out)
{
	int64_t me = x->who.person_id;
	if (me == a->applicant_id || me == a->person_id)
		return ST_NOT_FOUND;
	bool tied = false;
	status st = store_persons_connected(x->db, me, a->applicant_id, &tied);
	if (st == ST_OK && !tied)
		st = store_persons_connected(x->db, me, a->person_id, &tied);
	if (st != ST_OK)
		return st;
	if (tied)
		return ST_NOT_FOUND;
	st = authz_patient(x, CAP_R4_REVIEW, a->person_id, out);
	return st == ST_DENIED ? ST_NOT_FOUND : st;
}

/* A staff step on the application, in the person's access log. */
static status log_review(const ctx *x, const chart_access *basis, const char *action, const char *what, int64_t id)
{
	return chart_audit_for(x, basis, action, what, arena_printf(x->arena, "%lld", (long long)id),
	                       "representation_review");
}

static status queue_fetch(ctx *x, size_t limit, void **rows, size_t *n, bool *more)
{
	capacity_application *apps;
	status st = store_capacity_list_open(x->db, x->arena, x->who.staff_id, authz_roles_for(CAP_R4_REVIEW), limit,
	                                     &apps, n, more);
	*rows = apps;
	return st;
}

static status queue_open(const ctx *x, const void *row, chart_access *basis)
{
	return review_basis(x, row, basis);
}

/* Applications waiting for review. The list shows names only: looking at it
 * is not a read of anyone's data (opening one is, capacity_open). */
static const staff_queue review_queue = {
    .row_size = sizeof(capacity_application),
    .patient_at = offsetof(capacity_application, person_id),
    .id_at = offsetof(capacity_application, id),
    .cap = CAP_R4_REVIEW,
    .fetch = queue_fetch,
    .open = queue_open,
};

status capacity_queue(const ctx *x, capacity_application *out, size_t max, size_t *n)
{
	capacity_application *rows;
	status st = staff_queue_list(x, &review_queue, max, &rows, n, NULL);
	for (size_t i = 0; st == ST_OK && i < *n; i++)
		out[i] = rows[i];
	return st;
}

struct review_op {
	int64_t id;
	capacity_application *app;
	/* open/document */
	const char **type;
	const uint8_t **data;
	size_t *len;
	/* take */
	bool takeover;
	/* decide */
	bool grant;
	const char *until, *reason;
	/* take and decide: the change to the open application */
	status (*step)(const ctx *x, const struct review_op *t, const capacity_application *a,
	               const chart_access *basis);
};

/* Loads the application and the reviewer's basis for it, inside the transaction. */
static status load(const ctx *x, int64_t id, capacity_application *a, chart_access *basis)
{
	status st = store_capacity_get(x->db, x->arena, id, a);
	return st == ST_OK ? review_basis(x, a, basis) : st;
}

static status open_fn(ctx *x, void *args)
{
	struct review_op *t = args;
	chart_access basis;
	status st = load(x, t->id, t->app, &basis);
	if (st != ST_OK)
		return st;
	if (t->data == NULL)
		return log_review(x, &basis, "read", "representation.application", t->id);
	uint8_t *bytes;
	if ((st = store_capacity_document(x->db, x->arena, t->id, &bytes, t->len)) != ST_OK)
		return st;
	*t->data = bytes;
	*t->type = t->app->document_type;
	return log_review(x, &basis, "read", "representation.document", t->id);
}

status capacity_open(const ctx *x, int64_t id, capacity_application *out)
{
	if (authz_staff(x, CAP_R4_REVIEW) != ST_OK)
		return ST_DENIED;
	struct review_op t = {.id = id, .app = out};
	return domain_tx(x, true, open_fn, &t);
}

status capacity_document(const ctx *x, int64_t id, const char **type, const uint8_t **data, size_t *len)
{
	if (authz_staff(x, CAP_R4_REVIEW) != ST_OK)
		return ST_DENIED;
	capacity_application a;
	struct review_op t = {.id = id, .app = &a, .type = type, .data = data, .len = len};
	return domain_tx(x, true, open_fn, &t);
}

/* A change to an application still open (ST_CONFLICT once decided): t's
 * step, with the reviewer's basis. */
static status change_fn(ctx *x, void *args)
{
	struct review_op *t = args;
	capacity_application a;
	chart_access basis;
	status st = load(x, t->id, &a, &basis);
	if (st != ST_OK)
		return st;
	if (!str_eq(a.status, "pending") && !str_eq(a.status, "taken"))
		return ST_CONFLICT;
	return t->step(x, t, &a, &basis);
}

static status take_step(const ctx *x, const struct review_op *t, const capacity_application *a,
                        const chart_access *basis)
{
	if (a->taken_by == x->who.staff_id)
		return ST_OK;
	/* Someone else's case changes hands only when asked for, and it shows. */
	if (a->taken_by != 0 && !t->takeover)
		return ST_CONFLICT;
	status st = store_capacity_assign(x->db, t->id, x->who.staff_id, a->taken_by);
	if (st != ST_OK)
		return st;
	return log_review(x, basis, a->taken_by != 0 ? "takeover" : "take", "representation.application", t->id);
}

status capacity_take(const ctx *x, int64_t id, bool takeover)
{
	if (authz_staff(x, CAP_R4_REVIEW) != ST_OK)
		return ST_DENIED;
	struct review_op t = {.id = id, .takeover = takeover, .step = take_step};
	return domain_tx(x, true, change_fn, &t);
}

/* A grant supersedes any open representation between the two (one open
 * representation per direction, by a unique index). */
static status grant(const ctx *x, const capacity_application *a, const char *until, int64_t *repr_id)
{
	char day[11];
	date_format(date_in_oslo(x->now), day);
	representation r = {
	    .representative_id = a->applicant_id,
	    .represented_id = a->person_id,
	    .basis = "capacity",
	    .kind = "full",
	    .valid_from = day,
	    .valid_until = until,
	};
	status st = store_repr_end_between(x->db, a->applicant_id, a->person_id, x->who.person_id, x->now);
	return st == ST_OK ? store_repr_insert(x->db, &r, x->who.person_id, x->now, repr_id) : st;
}

static status decide_step(const ctx *x, const struct review_op *t, const capacity_application *a,
                          const chart_access *basis)
{
	if (a->taken_by != x->who.staff_id)
		return ST_CONFLICT; /* not taken by this reviewer: take it first */
	int64_t repr_id = 0;
	status st;
	if (t->grant && (st = grant(x, a, t->until, &repr_id)) != ST_OK)
		return st;
	st = store_capacity_decide(x->db, t->id, x->who.staff_id, x->now, t->grant ? "granted" : "refused", t->reason,
	                           repr_id);
	if (st != ST_OK)
		return st;
	return log_review(x, basis, t->grant ? "grant" : "deny", "representation.application", t->id);
}

status capacity_decide(const ctx *x, int64_t id, bool grant_it, const char *valid_until, const char *reason)
{
	if (authz_staff(x, CAP_R4_REVIEW) != ST_OK)
		return ST_DENIED;
	if (grant_it) {
		date until, today = date_in_oslo(x->now);
		date limit = {today.year + CAPACITY_MAX_YEARS, today.month, today.day};
		if (!date_valid(limit))
			limit.day = 28;
		if (valid_until == NULL || !date_parse(valid_until, &until) ||
		    date_to_days(until) < date_to_days(today) || date_to_days(until) > date_to_days(limit))
			return ST_INVALID;
	} else if (!free_text_ok(reason, CAPACITY_REASON_MIN, CAPACITY_REASON_MAX)) {
		return ST_INVALID;
	}
	struct review_op t = {.id = id,
	                      .grant = grant_it,
	                      .until = grant_it ? valid_until : NULL,
	                      .reason = grant_it ? NULL : reason,
	                      .step = decide_step};
	return domain_tx(x, true, change_fn, &t);
}
