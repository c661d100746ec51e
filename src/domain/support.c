/* support.c — the rules of user-support cases (SPEC.md U1): who may open,
 * read and decide which case, what a valid case and decision are, the
 * access log for everyone but the patient, and the notice of a decision.
 * Every operation is one transaction with its access-log entry. */
#include "domain/support.h"

#include <string.h>

#include "domain/audit.h"
#include "domain/authz.h"
#include "domain/chart.h"
#include "domain/queue.h"
#include "domain/record.h"
#include "domain/tx.h"
#include "store/appointments.h"
#include "store/outbox.h"

#define WHAT "support"
#define EVENT_KIND "support_answered"

const char *const support_kinds[] = {"use", "content", "correct", "erase", NULL};
const char *const support_decisions[] = {"done", "partly", "refused", NULL};

bool support_needs_clinician(const char *kind)
{
	return str_eq(kind, "correct") || str_eq(kind, "erase");
}

/* A decision and its answer: a refusal states its reason. */
static bool check_decision(problems *pr, const char *decision, const char *answer)
{
	problems_check_choice(pr, "decision", decision, support_decisions);
	problems_check_text(pr, "answer", answer, 1, SUPPORT_ANSWER_MAX, true);
	if (decision != NULL && strcmp(decision, "refused") == 0 &&
	    (answer == NULL || utf8_length(answer) < SUPPORT_ANSWER_MIN))
		problems_add(pr, "answer", "support.error.reason", SUPPORT_ANSWER_MIN);
	return pr->n == 0;
}

/* Records the decision and tells the patient (in-app, no content). */
static status decide(const ctx *x, const support_case *k, bool forwarded, const char *decision, const char *answer)
{
	int64_t event;
	status st = store_support_decide(x->db, k->id, forwarded, decision, answer, x->who.staff_id, x->now);
	return st != ST_OK ? st : store_outbox_add(x->db, k->patient_id, EVENT_KIND, k->id, false, x->now, &event);
}

/* ---- the citizen -------------------------------------------------------------------- */

static status log_citizen(const ctx *x, const char *action, int64_t id)
{
	if (x->who.person_id == x->subject_id)
		return ST_OK;
	return audit_record(x, x->subject_id, action, WHAT, id ? audit_id(x->arena, id) : NULL, "representation");
}

struct citizen_op {
	int64_t id, unit_id;
	const char *kind, *body;
	problems *pr;
	int64_t *new_id;
	support_case *one;
};

static status fetch_cases(ctx *x, const void *arg, void *list, size_t *n, bool *more)
{
	(void)arg;
	(void)more;
	return store_support_of_patient(x->db, x->arena, x->subject_id, SUPPORT_LIST_MAX, list, n);
}

status support_citizen_list(const ctx *x, support_case **out, size_t *n)
{
	return record_citizen_list(x, CAP_U1_SUPPORT, WHAT, fetch_cases, NULL, out, n, NULL);
}

static status fetch_units(ctx *x, const void *arg, void *list, size_t *n, bool *more)
{
	(void)arg;
	(void)more;
	return store_support_units(x->db, x->arena, x->subject_id, SUPPORT_UNITS_MAX, list, n);
}

/* The units to write to are a choice, not the record: not logged. */
status support_citizen_units(const ctx *x, support_unit **out, size_t *n)
{
	return record_citizen_list(x, CAP_U1_SUPPORT, NULL, fetch_units, NULL, out, n, NULL);
}

static status open_fn(ctx *x, void *args)
{
	struct citizen_op *op = args;
	bool patient = op->unit_id == 0; /* no unit: the national support desk */
	status st = patient ? ST_OK : store_is_patient_of(x->db, x->subject_id, op->unit_id, &patient);
	if (st != ST_OK)
		return st;
	if (!patient) {
		problems_add(op->pr, "unit", "support.error.unit", 0);
		return ST_INVALID;
	}
	support_case k = {.patient_id = x->subject_id,
	                  .author_id = x->who.person_id,
	                  .unit_id = op->unit_id,
	                  .kind = op->kind,
	                  .body = op->body,
	                  .created_at = x->now};
	if ((st = store_support_insert(x->db, &k, op->new_id)) != ST_OK)
		return st;
	return log_citizen(x, "create", *op->new_id);
}

status support_citizen_open(const ctx *x, int64_t unit_id, const char *kind, const char *body, problems *pr,
                            int64_t *id)
{
	*id = 0;
	if (!record_citizen_may(x, CAP_U1_SUPPORT))
		return ST_DENIED;
	if (unit_id < 0)
		problems_add(pr, "unit", "support.error.unit", 0);
	else if (unit_id == 0 && kind != NULL && support_needs_clinician(kind))
		problems_add(pr, "unit", "support.error.unit_needed", 0);
	problems_check_choice(pr, "kind", kind, support_kinds);
	if (body == NULL)
		problems_add(pr, "body", "form.error.required", 0);
	problems_check_text(pr, "body", body, 1, SUPPORT_BODY_MAX, true);
	if (pr->n > 0)
		return ST_INVALID;
	struct citizen_op op = {.unit_id = unit_id, .kind = kind, .body = body, .pr = pr, .new_id = id};
	return record_citizen_write_tx(x, open_fn, &op);
}

static status get_fn(ctx *x, void *args)
{
	struct citizen_op *op = args;
	status st = store_support_get(x->db, x->arena, x->subject_id, op->id, op->one);
	return st == ST_OK ? log_citizen(x, "read", op->id) : st;
}

status support_citizen_get(const ctx *x, int64_t id, support_case *out)
{
	struct citizen_op op = {.id = id, .one = out};
	return record_citizen_tx(x, get_fn, &op);
}

/* ---- the support role ------------------------------------------------------------------ */

status support_staff_queue(const ctx *x, support_case **out, size_t *n, bool *more)
{
	*out = NULL;
	*n = 0;
	*more = false;
	if (authz_staff(x, CAP_U1_SUPPORT_CASES) != ST_OK)
		return ST_DENIED;
	/* Who, where, the kind and the date, like the other queues: not
	 * logged; opening a case is. */
	return store_support_queue(x->db, x->arena, x->who.staff_id, authz_roles_for(CAP_U1_SUPPORT_CASES),
	                           SUPPORT_QUEUE_MAX, out, n, more);
}

enum staff_step { STEP_READ, STEP_DECIDE, STEP_FORWARD, STEP_TAKE };

struct staff_op {
	enum staff_step step;
	int64_t id, to;
	const char *decision, *answer;
	support_view *out;
	problems *pr;
	const char *action;
};

/* Sends the case on to clinician op->to of its unit, or to all of them
 * (to 0), first or again (recorded in its history); anyone else is
 * ST_NOT_FOUND, the one who has it already ST_INVALID. When assign, the
 * sender (support) takes the case as well. */
static status send_on(ctx *x, const support_case *k, struct staff_op *op, bool assign)
{
	if (k->decided_at != 0)
		return ST_CONFLICT;
	if (k->forwarded_at != 0 && k->forwarded_to == op->to) {
		problems_add(op->pr, "to", "support.error.same_clinician", 0);
		return ST_INVALID;
	}
	unit_clinician *c;
	size_t n;
	status st = store_unit_clinicians(x->db, x->arena, k->unit_id, &c, &n);
	bool found = op->to == 0;
	for (size_t i = 0; st == ST_OK && i < n && !found; i++)
		found = c[i].staff_id == op->to;
	if (st != ST_OK)
		return st;
	if (!found)
		return ST_NOT_FOUND;
	if ((st = store_support_forward(x->db, k->id, k->forwarded_at, x->who.staff_id, op->to, assign, x->now)) !=
	    ST_OK)
		return st;
	support_event e = {
	    .case_id = k->id, .at = x->now, .by_staff = x->who.staff_id, .action = "forwarded", .to_staff = op->to};
	return store_support_event_add(x->db, &e);
}

/* Support sends a correction or erasure on; a question, and a case of no
 * unit (always a question), are support's own. */
static status forward(ctx *x, const support_case *k, struct staff_op *op)
{
	if (k->unit_id == 0) {
		problems_add(op->pr, "to", "support.error.no_unit", 0);
		return ST_INVALID;
	}
	if (!support_needs_clinician(k->kind)) {
		problems_add(op->pr, "to", "support.error.not_for_clinician", 0);
		return ST_INVALID;
	}
	return send_on(x, k, op, true);
}

/* Support decides what is theirs: a question, not a case forwarded or one
 * a clinician must decide. */
static status support_decides(ctx *x, const support_case *k, struct staff_op *op)
{
	if (k->forwarded_at != 0)
		return ST_CONFLICT;
	if (support_needs_clinician(k->kind)) {
		problems_add(op->pr, "decision", "support.error.clinician_decides", 0);
		return ST_INVALID;
	}
	return decide(x, k, false, op->decision, op->answer);
}

/* A support worker takes an open case that is still with support (so
 * colleagues see it is being handled), or takes it over; taking one's own
 * again changes nothing. */
static status take(ctx *x, const support_case *k)
{
	if (k->decided_at != 0 || k->forwarded_at != 0)
		return ST_CONFLICT;
	if (k->assigned_to == x->who.staff_id)
		return ST_OK;
	status st = store_support_take(x->db, k->id, x->who.staff_id);
	support_event e = {.case_id = k->id, .at = x->now, .by_staff = x->who.staff_id, .action = "taken"};
	return st != ST_OK ? st : store_support_event_add(x->db, &e);
}

/* The basis for reading a case: the support role at the case's unit, or
 * for a case without a unit the national desk (no unit in the log). */
static status support_access(ctx *x, const support_case *k, chart_access *a)
{
	if (k->unit_id != 0)
		return authz_patient(x, CAP_U1_SUPPORT_CASES, k->patient_id, a);
	*a = (chart_access){.patient_id = k->patient_id, .role = "support"};
	return ST_OK;
}

/* The case read (op->out is asked for on a read only, which changes
 * nothing), its history and, for a case to send on, its unit's clinicians. */
static status view(ctx *x, const support_case *k, support_view *v)
{
	v->k = *k;
	status st = store_support_events(x->db, x->arena, k->id, SUPPORT_EVENTS_MAX, &v->events, &v->nevents);
	if (st == ST_OK && k->unit_id != 0 && support_needs_clinician(k->kind))
		st = store_unit_clinicians(x->db, x->arena, k->unit_id, &v->clinicians, &v->nclinicians);
	return st;
}

/* The case at a unit where the reader's role holds U1 (or of no unit, on
 * the desk), the basis for the log, then the step; logged with purpose
 * "support". */
static status staff_fn(ctx *x, void *args)
{
	struct staff_op *op = args;
	support_case k;
	chart_access a;
	status st = store_support_for_staff(x->db, x->arena, x->who.staff_id, authz_roles_for(CAP_U1_SUPPORT_CASES),
	                                    op->id, &k);
	if (st == ST_OK)
		st = support_access(x, &k, &a);
	if (st == ST_OK && op->step == STEP_DECIDE)
		st = support_decides(x, &k, op);
	else if (st == ST_OK && op->step == STEP_FORWARD)
		st = forward(x, &k, op);
	else if (st == ST_OK && op->step == STEP_TAKE)
		st = take(x, &k);
	if (st == ST_OK && op->out != NULL)
		st = view(x, &k, op->out);
	return st != ST_OK ? st : chart_audit_for(x, &a, op->action, WHAT, audit_id(x->arena, k.id), "support");
}

/* One of the two sides that work the cases, support and the clinicians:
 * the capability it takes and the transaction that runs its steps. */
struct side {
	enum capability cap;
	domain_tx_fn fn;
};

static const struct side support_side = {CAP_U1_SUPPORT_CASES, staff_fn};

/* Runs op's step on a case in one transaction, for a reader whose role
 * holds the side's capability somewhere. */
static status side_step(const ctx *x, const struct side *s, struct staff_op *op)
{
	if (authz_staff(x, s->cap) != ST_OK)
		return ST_DENIED;
	return domain_tx(x, true, s->fn, op);
}

static status side_get(const ctx *x, const struct side *s, int64_t id, support_view *out)
{
	*out = (support_view){0};
	struct staff_op op = {.step = STEP_READ, .id = id, .out = out, .action = "read"};
	return side_step(x, s, &op);
}

/* The decision checked before the case is read. */
static status side_decide(const ctx *x, const struct side *s, int64_t id, const char *decision, const char *answer,
                          problems *pr)
{
	if (authz_staff(x, s->cap) != ST_OK)
		return ST_DENIED;
	if (!check_decision(pr, decision, answer))
		return ST_INVALID;
	struct staff_op op = {
	    .step = STEP_DECIDE, .id = id, .decision = decision, .answer = answer, .pr = pr, .action = "update"};
	return side_step(x, s, &op);
}

/* A negative `to` names no clinician: 404 to whoever may forward at all. */
static status side_forward(const ctx *x, const struct side *s, int64_t id, int64_t to, problems *pr)
{
	if (to < 0)
		return authz_staff(x, s->cap) != ST_OK ? ST_DENIED : ST_NOT_FOUND;
	struct staff_op op = {.step = STEP_FORWARD, .id = id, .to = to, .pr = pr, .action = "update"};
	return side_step(x, s, &op);
}

status support_staff_get(const ctx *x, int64_t id, support_view *out)
{
	return side_get(x, &support_side, id, out);
}

status support_staff_take(const ctx *x, int64_t id)
{
	struct staff_op op = {.step = STEP_TAKE, .id = id, .action = "update"};
	return side_step(x, &support_side, &op);
}

status support_staff_decide(const ctx *x, int64_t id, const char *decision, const char *answer, problems *pr)
{
	return side_decide(x, &support_side, id, decision, answer, pr);
}

status support_staff_forward(const ctx *x, int64_t id, int64_t to, problems *pr)
{
	return side_forward(x, &support_side, id, to, pr);
}

/* ---- the clinicians of the unit ------------------------------------------------------ */

static status fetch_forwarded(ctx *x, size_t limit, void **rows, size_t *n, bool *more)
{
	return store_support_clinician_queue(x->db, x->arena, x->who.staff_id, authz_roles_for(CAP_W3_CLINICAL_QUEUES),
	                                     limit, (support_case **)rows, n, more);
}

static const staff_queue forwarded_queue = {
    .row_size = sizeof(support_case),
    .patient_at = offsetof(support_case, patient_id),
    .id_at = offsetof(support_case, id),
    .cap = CAP_W3_CLINICAL_QUEUES,
    .what = NULL, /* who, which unit, the kind: like the support queue; opening is logged */
    .fetch = fetch_forwarded,
};

status support_clinician_queue(const ctx *x, support_case **out, size_t *n, bool *more)
{
	return staff_queue_list(x, &forwarded_queue, SUPPORT_QUEUE_MAX, out, n, more);
}

/* The case forwarded to the reader (or their unit's clinicians), the
 * patient's chart opened for the clinical queue, then the step: the
 * decision, or sending it on to a colleague of the unit; logged as care. */
static status clinician_fn(ctx *x, void *args)
{
	struct staff_op *op = args;
	support_case k;
	chart_access a;
	person who;
	status st = store_support_for_clinician(x->db, x->arena, x->who.staff_id,
	                                        authz_roles_for(CAP_W3_CLINICAL_QUEUES), op->id, &k);
	if (st == ST_OK)
		st = chart_open(x, CAP_W3_CLINICAL_QUEUES, k.patient_id, &a, &who);
	if (st == ST_OK && op->step == STEP_DECIDE)
		st = decide(x, &k, true, op->decision, op->answer);
	else if (st == ST_OK && op->step == STEP_FORWARD)
		st = send_on(x, &k, op, false);
	if (st == ST_OK && op->out != NULL)
		st = view(x, &k, op->out);
	return st != ST_OK ? st : chart_audit(x, &a, op->action, WHAT, audit_id(x->arena, k.id));
}

static const struct side clinician_side = {CAP_W3_CLINICAL_QUEUES, clinician_fn};

status support_clinician_get(const ctx *x, int64_t id, support_view *out)
{
	return side_get(x, &clinician_side, id, out);
}

status support_clinician_decide(const ctx *x, int64_t id, const char *decision, const char *answer, problems *pr)
{
	return side_decide(x, &clinician_side, id, decision, answer, pr);
}

status support_clinician_forward(const ctx *x, int64_t id, int64_t to, problems *pr)
{
	return side_forward(x, &clinician_side, id, to, pr);
}
