/* chart.c — the access rules of the staff workspace. */
#include "domain/chart.h"

#include <string.h>

#include "core/nin.h"
#include "domain/audit.h"
#include "domain/authz.h"
#include "domain/tx.h"
#include "store/register.h"
#include "store/session.h"

status chart_audit(const ctx *x, const chart_access *a, const char *action, const char *what, const char *what_id)
{
	return chart_audit_for(x, a, action, what, what_id, a->emergency ? "emergency" : "care");
}

/* The access-log entry of a staff member's read or change in a chart: the
 * unit and role of the access, the rest for the caller to add. */
static audit_entry staff_entry(const ctx *x, const chart_access *a, const char *action, const char *what)
{
	return (audit_entry){
	    .patient_id = a->patient_id,
	    .at = x->now,
	    .actor_kind = "staff",
	    .actor_person_id = x->who.person_id,
	    .actor_staff_id = x->who.staff_id,
	    .actor_unit_id = a->unit_id,
	    .actor_role = a->role,
	    .action = action,
	    .what = what,
	};
}

status chart_audit_for(const ctx *x, const chart_access *a, const char *action, const char *what, const char *what_id,
                       const char *purpose)
{
	audit_entry e = staff_entry(x, a, action, what);
	e.what_id = what_id;
	e.purpose = purpose;
	return audit_add(x, &e);
}

status chart_open(const ctx *x, enum capability cap, int64_t patient_id, chart_access *access, person *patient)
{
	status st = authz_patient(x, cap, patient_id, access);
	return st != ST_OK ? st : store_person_by_id(x->db, x->arena, patient_id, patient);
}

struct open_op {
	int64_t patient_id;
	chart_access *out;
	person *patient;
};

static status open_fn(ctx *x, void *args)
{
	struct open_op *o = args;
	status st = chart_open(x, CAP_W2_PATIENT_CHART, o->patient_id, o->out, o->patient);
	return st != ST_OK ? st : chart_audit(x, o->out, "read", "chart", NULL);
}

status chart_open_logged(const ctx *x, int64_t patient_id, chart_access *out, person *patient)
{
	struct open_op o = {patient_id, out, patient};
	return domain_read_tx(x, true, open_fn, &o);
}

struct emergency_op {
	int64_t patient_id;
	const char *reason;
};

static status emergency_fn(ctx *x, void *args)
{
	struct emergency_op *o = args;
	person p;
	status st = store_person_by_id(x->db, x->arena, o->patient_id, &p);
	if (st != ST_OK)
		return st;
	int64_t id;
	st = store_emergency_access_insert(x->db, x->who.staff_id, o->patient_id, o->reason, x->now,
	                                   x->now + EMERGENCY_ACCESS_SECONDS, &id);
	if (st != ST_OK)
		return st;
	chart_access a = {.patient_id = o->patient_id, .role = authz_emergency_role(x), .emergency = true};
	audit_entry e = staff_entry(x, &a, "emergency", "chart");
	e.purpose = "emergency";
	e.reason = o->reason;
	return audit_append(x->db, &e);
}

status chart_emergency(const ctx *x, int64_t patient_id, const char *reason)
{
	if (authz_check(x, CAP_W2_PATIENT_CHART) != ST_OK)
		return ST_DENIED;
	size_t n = reason ? utf8_length(reason) : 0;
	if (n < EMERGENCY_REASON_MIN || n > EMERGENCY_REASON_MAX || !text_clean(reason, true))
		return ST_INVALID;
	struct emergency_op o = {patient_id, reason};
	return domain_tx(x, true, emergency_fn, &o);
}

/* "berg" -> "Berg", "øya" -> "Øya": registers store names capitalised. */
static char *capitalised(arena *a, const char *q)
{
	char *s = arena_strdup(a, q);
	unsigned char *u = (unsigned char *)s;
	if (u[0] >= 'a' && u[0] <= 'z')
		u[0] = (unsigned char)(u[0] - 32);
	else if (u[0] == 0xc3 && (u[1] == 0xa6 || u[1] == 0xb8 || u[1] == 0xa5))
		u[1] = (unsigned char)(u[1] - 0x20); /* æ ø å -> Æ Ø Å */
	return s;
}

static bool all_digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* The search itself: by number (11 digits) or by the start of the family name. */
static status find(const ctx *x, const char *query, size_t max, patient_hit **found, size_t *n, const char **kind)
{
	unsigned roles = authz_roles_for(CAP_W2_PATIENT_CHART);
	*kind = all_digits(query) ? "nin" : "name";
	if (query[0] == '\0' || strlen(query) > 100 || !text_clean(query, false))
		return ST_INVALID;
	if (all_digits(query))
		return strlen(query) == NIN_LEN
		           ? store_chart_find_by_nin(x->db, x->arena, x->who.staff_id, roles, query, max, found, n)
		           : ST_INVALID;
	return store_chart_find_by_name(x->db, x->arena, x->who.staff_id, roles, capitalised(x->arena, query), max,
	                                found, n);
}

status chart_search(const ctx *x, const char *query, patient_hit *hits, size_t max, size_t *n)
{
	*n = 0;
	if (authz_check(x, CAP_W2_PATIENT_CHART) != ST_OK)
		return ST_DENIED;
	const char *kind = "none";
	patient_hit *found = NULL;
	status st = query != NULL ? find(x, query, max, &found, n, &kind) : ST_INVALID;
	for (size_t i = 0; st == ST_OK && i < *n; i++)
		hits[i] = found[i];
	if (st != ST_OK && st != ST_INVALID)
		return st;
	/* Who searched, when, for what kind of term and how many were found:
	 * never the term itself (the security log holds no identity numbers). */
	security_event e = {x->now,
	                    "patient_search",
	                    NULL,
	                    x->who.person_id,
	                    x->who.staff_id,
	                    arena_printf(x->arena, "%s:%s:%zu", kind, st == ST_OK ? "hits" : "invalid", *n)};
	status logged = store_security_event_add(x->db, &e);
	return logged != ST_OK ? logged : st;
}

status chart_lookup_anyone(const ctx *x, const char *nin, int64_t *patient_id)
{
	if (authz_check(x, CAP_W2_PATIENT_CHART) != ST_OK)
		return ST_DENIED;
	if (nin == NULL || !nin_valid(nin))
		return ST_INVALID;
	person p;
	status st = store_person_by_nin(x->db, x->arena, nin, &p);
	if (st == ST_OK)
		*patient_id = p.id;
	return st;
}
