/* support.c — the rules of user-support cases (SPEC.md U1): who may open,
 * read and decide which case, what a valid case and decision are, the
 * access log for everyone but the patient, and the notice of a decision.
 * Every operation is one transaction with its access-log entry. */
#include "domain/support.h"

#include <string.h>

#include "domain/audit.h"
#include "domain/authz.h"
#include "domain/chart.h"
#include "domain/record.h"
#include "domain/tx.h"
#include "store/appointments.h"
#include "store/outbox.h"

#define WHAT "support"
#define EVENT_KIND "support_answered"

const char *const support_kinds[] = {"use", "content", "correct", "erase", NULL};
const char *const support_decisions[] = {"done", "partly", "refused", NULL};

static const char *id_text(const ctx *x, int64_t id)
{
	return arena_printf(x->arena, "%lld", (long long)id);
}

/* ---- the citizen -------------------------------------------------------------------- */

static status log_citizen(const ctx *x, const char *action, int64_t id)
{
	if (x->who.person_id == x->subject_id)
		return ST_OK;
	return audit_record(x, x->subject_id, action, WHAT, id ? id_text(x, id) : NULL, "representation");
}

struct citizen_op {
	int64_t id, unit_id;
	const char *kind, *body;
	problems *pr;
	int64_t *new_id;
	support_case **list;
	support_unit **units;
	support_case *one;
	size_t *n;
};

static status list_fn(ctx *x, void *args)
{
	struct citizen_op *op = args;
	status st = store_support_of_patient(x->db, x->arena, x->subject_id, SUPPORT_LIST_MAX, op->list, op->n);
	return st == ST_OK ? log_citizen(x, "read", 0) : st;
}

status support_citizen_list(const ctx *x, support_case **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct citizen_op op = {.list = out, .n = n};
	return record_citizen_tx(x, list_fn, &op);
}

static status units_fn(ctx *x, void *args)
{
	struct citizen_op *op = args;
	return store_support_units(x->db, x->arena, x->subject_id, SUPPORT_UNITS_MAX, op->units, op->n);
}

status support_citizen_units(const ctx *x, support_unit **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct citizen_op op = {.units = out, .n = n};
	return record_citizen_tx(x, units_fn, &op);
}

static status open_fn(ctx *x, void *args)
{
	struct citizen_op *op = args;
	bool patient;
	status st = store_is_patient_of(x->db, x->subject_id, op->unit_id, &patient);
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
	if (unit_id <= 0)
		problems_add(pr, "unit", "support.error.unit", 0);
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

struct staff_op {
	int64_t id;
	const char *decision, *answer;
	support_case *out;
	const char *action;
};

/* The case at a unit where the reader's role holds U1, the basis for the
 * log, then the step; logged with purpose "support". */
static status staff_fn(ctx *x, void *args)
{
	struct staff_op *op = args;
	support_case k;
	chart_access a;
	status st = store_support_for_staff(x->db, x->arena, x->who.staff_id, authz_roles_for(CAP_U1_SUPPORT_CASES),
	                                    op->id, &k);
	if (st == ST_OK)
		st = authz_patient(x, CAP_U1_SUPPORT_CASES, k.patient_id, &a);
	if (st == ST_OK && op->decision != NULL) {
		int64_t event;
		st = store_support_decide(x->db, k.id, op->decision, op->answer, x->who.staff_id, x->now);
		if (st == ST_OK)
			st = store_outbox_add(x->db, k.patient_id, EVENT_KIND, k.id, false, x->now, &event);
	}
	if (st == ST_OK && op->out != NULL)
		*op->out = k;
	return st != ST_OK ? st : chart_audit_for(x, &a, op->action, WHAT, id_text(x, k.id), "support");
}

status support_staff_get(const ctx *x, int64_t id, support_case *out)
{
	if (authz_staff(x, CAP_U1_SUPPORT_CASES) != ST_OK)
		return ST_DENIED;
	struct staff_op op = {.id = id, .out = out, .action = "read"};
	return domain_tx(x, true, staff_fn, &op);
}

status support_staff_decide(const ctx *x, int64_t id, const char *decision, const char *answer, problems *pr)
{
	if (authz_staff(x, CAP_U1_SUPPORT_CASES) != ST_OK)
		return ST_DENIED;
	problems_check_choice(pr, "decision", decision, support_decisions);
	problems_check_text(pr, "answer", answer, 1, SUPPORT_ANSWER_MAX, true);
	if (decision != NULL && strcmp(decision, "refused") == 0 &&
	    (answer == NULL || utf8_length(answer) < SUPPORT_ANSWER_MIN))
		problems_add(pr, "answer", "support.error.reason", SUPPORT_ANSWER_MIN);
	if (pr->n > 0)
		return ST_INVALID;
	struct staff_op op = {.id = id, .decision = decision, .answer = answer, .action = "update"};
	return domain_tx(x, true, staff_fn, &op);
}
