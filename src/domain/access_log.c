/* access_log.c — the citizen's view of the access log: authorization, the
 * period in Norwegian days, paging, and the names a person can read. */
#include "domain/access_log.h"

#include <string.h>

#include "domain/audit.h"
#include "domain/authz.h"
#include "domain/tx.h"
#include "store/access_log.h"

static const char *full_name(arena *a, const char *given, const char *family)
{
	if (given == NULL && family == NULL)
		return NULL;
	return arena_printf(a, "%s %s", given ? given : "", family ? family : "");
}

struct list_op {
	int64_t patient_id;
	unix_time from, to;
	int64_t page;
	access_log_page *out;
};

static status list_fn(ctx *x, void *args)
{
	struct list_op *t = args;
	access_log_page *out = t->out;
	arena *a = x->arena;
	/* A parent of a child of 12-15 sees no trace of what is hidden from them. */
	bool guardian = x->who.person_id != t->patient_id && x->guardian_view;
	status st = store_access_log_count(x->db, t->patient_id, t->from, t->to, guardian, &out->total);
	if (st != ST_OK)
		return st;
	out->pages = out->total > 0 ? (out->total + ACCESS_LOG_PAGE_SIZE - 1) / ACCESS_LOG_PAGE_SIZE : 1;
	out->page = t->page < 1 ? 1 : t->page > out->pages ? out->pages : t->page;
	access_log_row *rows;
	size_t n;
	st = store_access_log_page(x->db, a, t->patient_id, t->from, t->to, guardian, ACCESS_LOG_PAGE_SIZE,
	                           (out->page - 1) * ACCESS_LOG_PAGE_SIZE, &rows, &n);
	if (st != ST_OK)
		return st;
	out->entries = arena_alloc(a, (n > 0 ? n : 1) * sizeof *out->entries);
	out->count = n;
	for (size_t i = 0; i < n; i++) {
		const access_log_row *r = &rows[i];
		access_log_entry *e = &out->entries[i];
		bool staff = strcmp(r->actor_kind, "staff") == 0;
		e->at = r->at;
		e->actor_kind = r->actor_kind;
		e->actor_name = full_name(a, r->actor_given_name, r->actor_family_name);
		e->staff_title = staff ? r->staff_title : NULL;
		e->staff_role = staff ? r->actor_role : NULL;
		e->unit_name = r->unit_name;
		e->on_behalf_of_name =
		    r->on_behalf_of != 0 ? full_name(a, r->behalf_given_name, r->behalf_family_name) : NULL;
		e->action = r->action;
		e->what = r->what;
		e->purpose = r->purpose;
		e->emergency = strcmp(r->purpose, "emergency") == 0 || strcmp(r->action, "emergency") == 0;
	}
	if (x->who.person_id != t->patient_id)
		return audit_record(x, t->patient_id, "read", "documents.access_log", NULL,
		                    x->who.kind == ACTOR_CITIZEN ? "representation" : "support");
	return ST_OK;
}

status access_log_list(const ctx *x, int64_t patient_id, const access_log_query *q, access_log_page *out)
{
	if (authz_check(x, CAP_D3_ACCESS_LOG) != ST_OK || patient_id <= 0)
		return ST_DENIED;
	if (x->who.kind == ACTOR_CITIZEN && patient_id != x->subject_id)
		return ST_DENIED;
	if (q->has_from && q->has_to && date_to_days(q->to) < date_to_days(q->from))
		return ST_INVALID;
	memset(out, 0, sizeof *out);
	struct list_op t = {
	    .patient_id = patient_id,
	    .from = q->has_from ? oslo_day_start(q->from) : INT64_MIN,
	    .to = q->has_to ? oslo_day_start(date_from_days(date_to_days(q->to) + 1)) : INT64_MAX,
	    .page = q->page,
	    .out = out,
	};
	return domain_read_tx(x, x->who.person_id != patient_id, list_fn, &t);
}
