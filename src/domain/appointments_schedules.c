/* appointments_schedules.c — the schedules behind appointments (W2): visit
 * types and weekly template lines added, edited and retired, slots
 * generated from them (Europe/Oslo), one-off slots, blocking, and
 * closures of the unit and clinicians' absences. */
#include "domain/appointments.h"

#include <string.h>

#include "domain/appointments_internal.h"
#include "domain/authz.h"
#include "domain/schedule.h"
#include "domain/short_notice.h"

/* Whether staff_id works at the unit as clinician. */
static status clinician_at(const ctx *x, int64_t staff_id, int64_t unit_id, bool *out)
{
	const char *role;
	bool any;
	status st = store_staff_role_at_unit(x->db, x->arena, staff_id, unit_id, ROLE_CLINICIAN, &role, &any);
	*out = st == ST_OK;
	return st == ST_NOT_FOUND ? ST_OK : st;
}

struct type_op {
	int64_t unit_id;
	const visit_type *in;
	const int64_t *clinicians;
	size_t nclinicians;
	problems *pr;
	int64_t *id;
};

/* Problems on "clinicians" for any who is no clinician of the unit. */
static status check_clinicians(ctx *x, int64_t unit_id, const int64_t *clinicians, size_t n, problems *pr)
{
	for (size_t i = 0; i < n; i++) {
		bool ok;
		status st = clinician_at(x, clinicians[i], unit_id, &ok);
		if (st != ST_OK)
			return st;
		if (!ok)
			problems_add(pr, "clinicians", "appointments.error.clinician", 0);
	}
	return ST_OK;
}

static status add_clinicians(ctx *x, int64_t vt_id, const int64_t *clinicians, size_t n)
{
	status st = ST_OK;
	for (size_t i = 0; i < n && st == ST_OK; i++)
		st = store_visit_type_clinician_add(x->db, vt_id, clinicians[i]);
	return st;
}

static status type_fn(ctx *x, void *args)
{
	struct type_op *o = args;
	const char *role;
	status st = appt_unit_open(x, o->unit_id, &role);
	if (st == ST_OK)
		st = check_clinicians(x, o->unit_id, o->clinicians, o->nclinicians, o->pr);
	if (st != ST_OK)
		return st;
	if (o->pr->n > 0)
		return ST_INVALID;
	visit_type v = *o->in;
	v.unit_id = o->unit_id;
	v.active = true;
	if ((st = store_visit_type_insert(x->db, &v, o->id)) != ST_OK)
		return st;
	return add_clinicians(x, *o->id, o->clinicians, o->nclinicians);
}

/* The checks of a visit type's fields, added or edited. */
static void check_type(const visit_type *in, size_t nclinicians, problems *pr)
{
	static const char *const modes[] = {"in_person", "video", "phone", NULL};
	static const char *const categories[] = {"consultation", "team_meeting", "home_care_visit", NULL};
	problems_check_text(pr, "name_nb", in->name_nb, 1, 100, false);
	problems_check_text(pr, "name_en", in->name_en, 1, 100, false);
	if (in->name_nb == NULL)
		problems_add(pr, "name_nb", "form.error.required", 0);
	if (in->name_en == NULL)
		problems_add(pr, "name_en", "form.error.required", 0);
	if (in->minutes < SCHED_SLOT_MIN || in->minutes > SCHED_SLOT_MAX)
		problems_add(pr, "minutes", "appointments.error.minutes", 0);
	problems_check_choice(pr, "mode", in->mode, modes);
	problems_check_choice(pr, "category", in->category, categories);
	if (in->fee_nok < 0 || in->fee_nok > 100000)
		problems_add(pr, "fee", "appointments.error.fee", 0);
	problems_check_text(pr, "what_to_bring_nb", in->what_to_bring_nb, 0, 500, true);
	problems_check_text(pr, "what_to_bring_en", in->what_to_bring_en, 0, 500, true);
	if (nclinicians == 0)
		problems_add(pr, "clinicians", "form.error.required", 0);
}

status appt_staff_add_type(const ctx *x, int64_t unit_id, const visit_type *in, const int64_t *clinicians,
                           size_t nclinicians, problems *pr, int64_t *id)
{
	pr->n = 0;
	check_type(in, nclinicians, pr);
	if (authz_staff(x, CAP_W2_SCHEDULES) != ST_OK)
		return ST_DENIED;
	if (pr->n > 0)
		return ST_INVALID;
	struct type_op o = {unit_id, in, clinicians, nclinicians, pr, id};
	return appt_staff_run(x, type_fn, &o);
}

struct tpl_op {
	int64_t unit_id;
	const schedule_template *in;
	problems *pr;
	int64_t *id;
};

/* Problems for a template line's clinician and visit type at the unit. */
static status check_line(ctx *x, int64_t unit_id, const schedule_template *in, problems *pr)
{
	bool ok;
	status st = clinician_at(x, in->staff_id, unit_id, &ok);
	if (st != ST_OK)
		return st;
	if (!ok)
		problems_add(pr, "staff", "appointments.error.clinician", 0);
	if (in->visit_type_id == 0)
		return ST_OK;
	visit_type vt;
	st = store_visit_type_get(x->db, x->arena, unit_id, in->visit_type_id, &vt);
	if (st == ST_NOT_FOUND)
		problems_add(pr, "type", "appointments.error.type_unknown", 0);
	else if (st == ST_OK && !vt.active)
		problems_add(pr, "type", "appointments.error.type_retired", 0);
	return st == ST_NOT_FOUND ? ST_OK : st;
}

static status tpl_fn(ctx *x, void *args)
{
	struct tpl_op *o = args;
	const char *role;
	status st = appt_unit_open(x, o->unit_id, &role);
	if (st == ST_OK)
		st = check_line(x, o->unit_id, o->in, o->pr);
	if (st != ST_OK)
		return st;
	if (o->pr->n > 0)
		return ST_INVALID;
	schedule_template t = *o->in;
	t.unit_id = o->unit_id;
	return store_template_insert(x->db, &t, o->id);
}

/* The checks of a template line's own fields, added or edited. */
static void check_template(const schedule_template *in, problems *pr)
{
	sched_template t = {in->weekday, in->start_minute, in->end_minute, in->slot_minutes};
	if (in->weekday < 1 || in->weekday > 7)
		problems_add(pr, "weekday", "appointments.error.weekday", 0);
	else if (!sched_template_valid(&t))
		problems_add(pr, "end", "appointments.error.template", 0);
}

status appt_staff_add_template(const ctx *x, int64_t unit_id, const schedule_template *in, problems *pr, int64_t *id)
{
	pr->n = 0;
	check_template(in, pr);
	if (authz_staff(x, CAP_W2_SCHEDULES) != ST_OK)
		return ST_DENIED;
	if (pr->n > 0)
		return ST_INVALID;
	struct tpl_op o = {unit_id, in, pr, id};
	return appt_staff_run(x, tpl_fn, &o);
}

/* The first closure of the unit or absence of clinician staff_id that a
 * slot from start to end overlaps; NULL when none does. */
static const closure *closure_over(const closure *k, size_t n, int64_t staff_id, unix_time start, unix_time end)
{
	for (size_t i = 0; i < n; i++)
		if ((k[i].staff_id == 0 || k[i].staff_id == staff_id) && start < k[i].ends_at && end > k[i].starts_at)
			return &k[i];
	return NULL;
}

/* Appends s to the arena array list of *n slots (grown by doubling). */
static slot *slot_keep(arena *a, slot *list, size_t *n, const slot *s)
{
	if ((*n & (*n - 1)) == 0) { /* 0, 1, 2, 4, ...: full */
		slot *grown = arena_alloc(a, (*n ? *n * 2 : 1) * sizeof *grown);
		if (*n > 0)
			memcpy(grown, list, *n * sizeof *grown);
		list = grown;
	}
	list[(*n)++] = *s;
	return list;
}

/* Generates the template lines' slots for `weeks` weeks from today (Oslo
 * days), leaving out those begun and those in a closure or absence;
 * *added grows by the new ones. New slots earlier than someone's
 * appointment on the short-notice list are offered to the list (P4). */
static status generate_lines(ctx *x, int64_t unit_id, const schedule_template *tpls, size_t nt, int weeks,
                             size_t *added)
{
	closure *shut;
	size_t nshut, noffer = 0;
	unix_time horizon = 0;
	status st = store_closures_of_unit(x->db, x->arena, unit_id, x->now, APPT_CLOSURE_MAX, &shut, &nshut, NULL);
	if (st == ST_OK)
		st = store_sn_horizon(x->db, unit_id, x->now, &horizon);
	/* Only slots before the list's last appointment can be offered: few. */
	slot *offer = NULL;
	date today = date_in_oslo(x->now);
	date last = date_from_days(date_to_days(today) + (int64_t)weeks * 7 - 1);
	sched_slot *gen = arena_alloc(x->arena, APPT_GENERATE_MAX * sizeof *gen);
	for (size_t i = 0; st == ST_OK && i < nt; i++) {
		const schedule_template *tpl = &tpls[i];
		sched_template t = {tpl->weekday, tpl->start_minute, tpl->end_minute, tpl->slot_minutes};
		size_t n;
		if (!sched_generate(&t, today, last, gen, APPT_GENERATE_MAX, &n))
			continue;
		for (size_t k = 0; st == ST_OK && k < n; k++) {
			if (gen[k].start <= x->now ||
			    closure_over(shut, nshut, tpl->staff_id, gen[k].start, gen[k].end) != NULL)
				continue;
			slot s = {.unit_id = unit_id,
			          .staff_id = tpl->staff_id,
			          .start_at = gen[k].start,
			          .end_at = gen[k].end,
			          .visit_type_id = tpl->visit_type_id,
			          .template_id = tpl->id};
			bool inserted;
			st = store_slot_insert(x->db, &s, &inserted);
			*added += st == ST_OK && inserted;
			if (st == ST_OK && inserted && s.start_at < horizon)
				offer = slot_keep(x->arena, offer, &noffer, &s);
		}
	}
	return st != ST_OK ? st : sn_slots_added(x, offer, noffer);
}

struct gen_op {
	int64_t unit_id;
	int weeks;
	size_t *added;
};

static status gen_fn(ctx *x, void *args)
{
	struct gen_op *o = args;
	*o->added = 0;
	const char *role;
	status st = appt_unit_open(x, o->unit_id, &role);
	schedule_template *tpls;
	size_t nt;
	if (st == ST_OK)
		st = store_templates_of_unit(x->db, x->arena, o->unit_id, &tpls, &nt);
	return st != ST_OK ? st : generate_lines(x, o->unit_id, tpls, nt, o->weeks, o->added);
}

status appt_staff_generate(const ctx *x, int64_t unit_id, int weeks, size_t *added)
{
	*added = 0;
	if (authz_staff(x, CAP_W2_SCHEDULES) != ST_OK)
		return ST_DENIED;
	if (weeks < 1 || weeks > SCHED_WEEKS_MAX)
		return ST_INVALID;
	struct gen_op o = {unit_id, weeks, added};
	return appt_staff_run(x, gen_fn, &o);
}

/* Removes the free slots that match (not begun, no booked appointment):
 * their open short-notice offers are withdrawn first. *removed counts them. */
static status remove_free_slots(ctx *x, const slot_match *m, size_t *removed)
{
	int64_t *ids;
	size_t n;
	status st = store_slots_free_matching(x->db, x->arena, m, APPT_GENERATE_MAX, &ids, &n, NULL);
	for (size_t i = 0; st == ST_OK && i < n; i++) {
		st = sn_slot_taken(x, ids[i]);
		if (st == ST_OK)
			st = store_slot_remove_free(x->db, m->unit_id, ids[i]);
		*removed += st == ST_OK;
		if (st == ST_NOT_FOUND)
			st = ST_OK; /* booked meanwhile: it stays */
	}
	return st;
}

/* Every future time: the far end of a slot_match. */
enum { FOREVER = INT64_MAX / 2 };

struct edit_op {
	int64_t unit_id, id;
	const visit_type *type;
	const schedule_template *line;
	const int64_t *clinicians;
	size_t nclinicians;
	int weeks;
	problems *pr;
	appt_edit_result *out;
};

/* What every edit and retirement of a type or line begins with, before
 * fn runs in the unit's transaction: staff with schedules, an id that can
 * exist, the form's problems (pr, when the caller has a form). */
static status edit_run(const ctx *x, domain_tx_fn fn, struct edit_op *o)
{
	if (authz_staff(x, CAP_W2_SCHEDULES) != ST_OK)
		return ST_DENIED;
	if (o->id <= 0)
		return ST_NOT_FOUND;
	if (o->pr != NULL && o->pr->n > 0)
		return ST_INVALID;
	return appt_staff_run(x, fn, o);
}

/* The op's visit type as it is now, of the unit opened in the reader's role. */
static status type_opened(ctx *x, const struct edit_op *o, visit_type *old)
{
	const char *role;
	status st = appt_unit_open(x, o->unit_id, &role);
	return st != ST_OK ? st : store_visit_type_get(x->db, x->arena, o->unit_id, o->id, old);
}

/* The op's template line as it is now, of the unit opened in the reader's role. */
static status line_opened(ctx *x, const struct edit_op *o, schedule_template *old)
{
	const char *role;
	status st = appt_unit_open(x, o->unit_id, &role);
	return st != ST_OK ? st : store_template_get(x->db, x->arena, o->unit_id, o->id, old);
}

static status edit_type_fn(ctx *x, void *args)
{
	struct edit_op *o = args;
	visit_type old;
	status st = type_opened(x, o, &old);
	if (st == ST_OK)
		st = check_clinicians(x, o->unit_id, o->clinicians, o->nclinicians, o->pr);
	if (st != ST_OK)
		return st;
	if (!old.active)
		problems_add(o->pr, "type", "appointments.error.type_retired", 0);
	if (o->pr->n > 0)
		return ST_INVALID;
	visit_type v = *o->type;
	v.id = o->id;
	v.unit_id = o->unit_id;
	st = store_visit_type_update(x->db, &v);
	if (st == ST_OK)
		st = store_visit_type_clinicians_clear(x->db, o->id);
	return st != ST_OK ? st : add_clinicians(x, o->id, o->clinicians, o->nclinicians);
}

status appt_staff_edit_type(const ctx *x, int64_t unit_id, int64_t type_id, const visit_type *in,
                            const int64_t *clinicians, size_t nclinicians, problems *pr)
{
	pr->n = 0;
	check_type(in, nclinicians, pr);
	struct edit_op o = {.unit_id = unit_id,
	                    .id = type_id,
	                    .type = in,
	                    .clinicians = clinicians,
	                    .nclinicians = nclinicians,
	                    .pr = pr};
	return edit_run(x, edit_type_fn, &o);
}

static status retire_type_fn(ctx *x, void *args)
{
	struct edit_op *o = args;
	visit_type old;
	status st = type_opened(x, o, &old);
	if (st != ST_OK || !old.active)
		return st; /* retired already: nothing more to do */
	st = store_visit_type_retire(x->db, o->unit_id, o->id);
	if (st == ST_OK)
		st = store_templates_of_type_retire(x->db, o->unit_id, o->id);
	slot_match m = {.unit_id = o->unit_id, .visit_type_id = o->id, .from = x->now, .to = FOREVER, .now = x->now};
	return st != ST_OK ? st : remove_free_slots(x, &m, &o->out->removed);
}

status appt_staff_retire_type(const ctx *x, int64_t unit_id, int64_t type_id, appt_edit_result *out)
{
	*out = (appt_edit_result){0};
	struct edit_op o = {.unit_id = unit_id, .id = type_id, .out = out};
	return edit_run(x, retire_type_fn, &o);
}

static status edit_line_fn(ctx *x, void *args)
{
	struct edit_op *o = args;
	schedule_template old;
	status st = line_opened(x, o, &old);
	if (st == ST_OK)
		st = check_line(x, o->unit_id, o->line, o->pr);
	if (st != ST_OK)
		return st;
	if (!old.active)
		problems_add(o->pr, "template", "appointments.error.template_retired", 0);
	if (o->pr->n > 0)
		return ST_INVALID;
	schedule_template t = *o->line;
	t.id = o->id;
	t.unit_id = o->unit_id;
	if ((st = store_template_update(x->db, &t)) != ST_OK)
		return st;
	/* The line's free slots go and it generates anew; booked ones stay. */
	slot_match m = {.unit_id = o->unit_id, .template_id = o->id, .from = x->now, .to = FOREVER, .now = x->now};
	if ((st = remove_free_slots(x, &m, &o->out->removed)) != ST_OK)
		return st;
	int weeks = o->weeks;
	unit_rules u;
	if (weeks == 0 && (st = store_unit_rules_get(x->db, x->arena, o->unit_id, &u)) != ST_OK)
		return st;
	if (weeks == 0)
		weeks = u.booking_weeks;
	return generate_lines(x, o->unit_id, &t, 1, weeks, &o->out->added);
}

status appt_staff_edit_template(const ctx *x, int64_t unit_id, int64_t template_id, const schedule_template *in,
                                int weeks, problems *pr, appt_edit_result *out)
{
	pr->n = 0;
	*out = (appt_edit_result){0};
	check_template(in, pr);
	if (weeks < 0 || weeks > SCHED_WEEKS_MAX)
		problems_add(pr, "weeks", "appointments.error.weeks", 0);
	struct edit_op o = {.unit_id = unit_id, .id = template_id, .line = in, .weeks = weeks, .pr = pr, .out = out};
	return edit_run(x, edit_line_fn, &o);
}

static status retire_line_fn(ctx *x, void *args)
{
	struct edit_op *o = args;
	schedule_template old;
	status st = line_opened(x, o, &old);
	if (st != ST_OK || !old.active)
		return st;
	st = store_template_retire(x->db, o->unit_id, o->id);
	slot_match m = {.unit_id = o->unit_id, .template_id = o->id, .from = x->now, .to = FOREVER, .now = x->now};
	return st != ST_OK ? st : remove_free_slots(x, &m, &o->out->removed);
}

status appt_staff_retire_template(const ctx *x, int64_t unit_id, int64_t template_id, appt_edit_result *out)
{
	*out = (appt_edit_result){0};
	struct edit_op o = {.unit_id = unit_id, .id = template_id, .out = out};
	return edit_run(x, retire_line_fn, &o);
}

struct slot_op {
	int64_t unit_id, staff_id;
	date day;
	int start_minute, minutes;
	problems *pr;
	int64_t *id;
	bool blocked;
};

/* A slot added by hand is refused inside a closure of the unit or an
 * absence of its clinician, as generating leaves those times out. */
static status refuse_closed(ctx *x, const slot *s, problems *pr)
{
	closure *shut;
	size_t nshut;
	status st = store_closures_of_unit(x->db, x->arena, s->unit_id, x->now, APPT_CLOSURE_MAX, &shut, &nshut, NULL);
	if (st != ST_OK)
		return st;
	const closure *k = closure_over(shut, nshut, s->staff_id, s->start_at, s->end_at);
	if (k == NULL)
		return ST_OK;
	problems_add(pr, "start",
	             k->staff_id == 0 ? "appointments.error.slot_in_closure" : "appointments.error.slot_in_absence", 0);
	return ST_INVALID;
}

static status slot_fn(ctx *x, void *args)
{
	struct slot_op *o = args;
	const char *role;
	status st = appt_unit_open(x, o->unit_id, &role);
	if (st != ST_OK)
		return st;
	bool ok;
	if ((st = clinician_at(x, o->staff_id, o->unit_id, &ok)) != ST_OK)
		return st;
	if (!ok) {
		problems_add(o->pr, "staff", "appointments.error.clinician", 0);
		return ST_INVALID;
	}
	slot s = {.unit_id = o->unit_id, .staff_id = o->staff_id};
	if (!oslo_local_time(o->day, o->start_minute, &s.start_at) ||
	    !oslo_local_time(o->day, o->start_minute + o->minutes, &s.end_at) || s.end_at <= s.start_at) {
		problems_add(o->pr, "start", "appointments.error.no_such_time", 0);
		return ST_INVALID;
	}
	if (s.start_at <= x->now) {
		problems_add(o->pr, "start", "appointments.error.past", 0);
		return ST_INVALID;
	}
	if ((st = refuse_closed(x, &s, o->pr)) != ST_OK)
		return st;
	bool inserted;
	if ((st = store_slot_insert(x->db, &s, &inserted)) != ST_OK)
		return st;
	if (!inserted)
		return ST_CONFLICT;
	/* The new slot's id: the clinician has exactly one starting then. */
	slot *found;
	size_t n;
	st = store_slots_between(x->db, x->arena, o->unit_id, o->staff_id, s.start_at, s.start_at + 1, 1, &found, &n,
	                         NULL);
	if (st == ST_OK && n == 1)
		*o->id = found[0].id;
	return st != ST_OK || n != 1 ? st : sn_slot_freed(x, found[0].id); /* a new slot is offered (P4) */
}

status appt_staff_add_slot(const ctx *x, int64_t unit_id, int64_t staff_id, date day, int start_minute, int minutes,
                           problems *pr, int64_t *id)
{
	pr->n = 0;
	*id = 0;
	if (!date_valid(day))
		problems_add(pr, "day", "form.error.date_invalid", 0);
	if (start_minute < 0 || start_minute >= SCHED_MINUTES_PER_DAY)
		problems_add(pr, "start", "appointments.error.no_such_time", 0);
	if (minutes < SCHED_SLOT_MIN || minutes > SCHED_SLOT_MAX)
		problems_add(pr, "minutes", "appointments.error.minutes", 0);
	if (authz_staff(x, CAP_W2_SCHEDULES) != ST_OK)
		return ST_DENIED;
	if (pr->n > 0)
		return ST_INVALID;
	struct slot_op o = {.unit_id = unit_id,
	                    .staff_id = staff_id,
	                    .day = day,
	                    .start_minute = start_minute,
	                    .minutes = minutes,
	                    .pr = pr,
	                    .id = id};
	return appt_staff_run(x, slot_fn, &o);
}

static status block_fn(ctx *x, void *args)
{
	struct slot_op *o = args;
	int64_t unit_id;
	status st = store_slot_unit(x->db, *o->id, &unit_id);
	const char *role;
	if (st == ST_OK)
		st = appt_unit_open(x, unit_id, &role);
	if (st == ST_DENIED)
		return ST_NOT_FOUND; /* named by the slot alone: not the reader's to know */
	if (st == ST_OK)
		st = store_slot_set_blocked(x->db, unit_id, *o->id, o->blocked);
	if (st != ST_OK)
		return st;
	/* A blocked slot's offers are withdrawn; an unblocked one is offered (P4). */
	return o->blocked ? sn_slot_taken(x, *o->id) : sn_slot_freed(x, *o->id);
}

status appt_staff_block(const ctx *x, int64_t slot_id, bool blocked)
{
	if (slot_id <= 0)
		return authz_staff(x, CAP_W2_SCHEDULES) != ST_OK ? ST_DENIED : ST_NOT_FOUND;
	struct slot_op o = {.id = &slot_id, .blocked = blocked};
	return appt_staff_run(x, block_fn, &o);
}

/* ---- closures and absences (W2) ------------------------------------------------------ */

struct closure_op {
	int64_t unit_id, id;
	const closure *in;
	problems *pr;
	appt_edit_result *out;
	appt_closures *list;
	const int64_t *appts;
	size_t nappts, *cancelled;
	const char *reason;
};

/* The booked appointments closure k hits that have not ended, by time,
 * in the arena (an appointment that began before it may run into it). */
static status closure_hits(ctx *x, const closure *k, appointment **out, size_t *n)
{
	appointment *all;
	size_t nall;
	status st = store_appts_of_unit(x->db, x->arena, k->unit_id, k->staff_id, k->starts_at - SCHED_SLOT_MAX * 60,
	                                k->ends_at, APPT_DAY_MAX, &all, &nall, NULL);
	*out = all;
	*n = 0;
	for (size_t j = 0; st == ST_OK && j < nall; j++)
		if (all[j].end_at > k->starts_at && all[j].end_at > x->now)
			all[(*n)++] = all[j];
	return st;
}

static status add_closure_fn(ctx *x, void *args)
{
	struct closure_op *o = args;
	const char *role;
	status st = appt_unit_open(x, o->unit_id, &role);
	bool ok = true;
	if (st == ST_OK && o->in->staff_id != 0)
		st = clinician_at(x, o->in->staff_id, o->unit_id, &ok);
	if (st != ST_OK)
		return st;
	if (!ok) {
		problems_add(o->pr, "staff", "appointments.error.clinician", 0);
		return ST_INVALID;
	}
	closure k = *o->in;
	k.unit_id = o->unit_id;
	k.created_by = x->who.staff_id;
	k.created_at = x->now;
	if ((st = store_closure_insert(x->db, &k, &o->id)) != ST_OK)
		return st;
	slot_match m = {
	    .unit_id = o->unit_id, .staff_id = k.staff_id, .from = k.starts_at, .to = k.ends_at, .now = x->now};
	return remove_free_slots(x, &m, &o->out->removed);
}

status appt_staff_add_closure(const ctx *x, int64_t unit_id, const closure *in, problems *pr, appt_edit_result *out,
                              int64_t *id)
{
	pr->n = 0;
	*out = (appt_edit_result){0};
	*id = 0;
	if (in->ends_at <= in->starts_at)
		problems_add(pr, "to", "appointments.error.closure_span", 0);
	else if (in->ends_at <= x->now)
		problems_add(pr, "to", "appointments.error.closure_past", 0);
	problems_check_text(pr, "reason", in->reason, 0, APPT_CLOSURE_REASON_MAX, false);
	if (authz_staff(x, CAP_W2_SCHEDULES) != ST_OK)
		return ST_DENIED;
	if (pr->n > 0)
		return ST_INVALID;
	struct closure_op o = {.unit_id = unit_id, .in = in, .pr = pr, .out = out};
	status st = appt_staff_run(x, add_closure_fn, &o);
	*id = o.id;
	return st;
}

static status closures_fn(ctx *x, void *args)
{
	struct closure_op *o = args;
	appt_closures *l = o->list;
	status st = appt_unit_rules_open(x, o->unit_id, &l->role, &l->unit);
	if (st == ST_OK)
		st = store_unit_clinicians(x->db, x->arena, o->unit_id, &l->clinicians, &l->nclinicians);
	if (st == ST_OK)
		st = store_closures_of_unit(x->db, x->arena, o->unit_id, x->now, APPT_CLOSURE_MAX, &l->closures,
		                            &l->nclosures, &l->more);
	l->hits = arena_alloc(x->arena, (l->nclosures + 1) * sizeof *l->hits);
	l->nhits = arena_alloc(x->arena, (l->nclosures + 1) * sizeof *l->nhits);
	for (size_t i = 0; st == ST_OK && i < l->nclosures; i++) {
		st = closure_hits(x, &l->closures[i], &l->hits[i], &l->nhits[i]);
		for (size_t j = 0; st == ST_OK && j < l->nhits[i]; j++)
			st = appt_staff_log(x, l->hits[i][j].patient_id, o->unit_id, l->role, "read", l->hits[i][j].id);
	}
	return st;
}

status appt_staff_closures(const ctx *x, int64_t unit_id, appt_closures *out)
{
	memset(out, 0, sizeof *out);
	struct closure_op o = {.unit_id = unit_id, .list = out};
	return appt_staff_run(x, closures_fn, &o);
}

/* An appointment named for cancelling that the closure does not hit (now):
 * ST_OK when it is the unit's and no longer booked (cancelled or moved
 * meanwhile, or named twice), else ST_NOT_FOUND. */
static status not_hit(ctx *x, int64_t unit_id, int64_t id)
{
	int64_t patient_id, its_unit;
	appointment a;
	status st = store_appt_owner(x->db, id, &patient_id, &its_unit);
	if (st == ST_OK && its_unit != unit_id)
		return ST_NOT_FOUND;
	if (st == ST_OK)
		st = store_appt_get(x->db, x->arena, patient_id, id, false, &a);
	return st == ST_OK && strcmp(a.status, "booked") == 0 ? ST_NOT_FOUND : st;
}

static status cancel_hits_fn(ctx *x, void *args)
{
	struct closure_op *o = args;
	*o->cancelled = 0; /* the transaction may run again */
	const char *role;
	closure k;
	appointment *hits = NULL;
	size_t nhits = 0;
	status st = appt_unit_open(x, o->unit_id, &role);
	if (st == ST_OK)
		st = store_closure_get(x->db, x->arena, o->unit_id, o->id, &k);
	if (st == ST_OK)
		st = closure_hits(x, &k, &hits, &nhits);
	for (size_t i = 0; st == ST_OK && i < o->nappts; i++) {
		size_t j = 0;
		while (j < nhits && hits[j].id != o->appts[i])
			j++;
		if (j == nhits) {
			st = not_hit(x, o->unit_id, o->appts[i]);
			continue;
		}
		/* Its slot lies in the closure: freeing it removes it (sn_slot_freed). */
		st = appt_staff_cancel_in(x, &hits[j], role, o->reason);
		hits[j].id = 0; /* named twice: the second finds it cancelled */
		if (st == ST_NOT_FOUND)
			st = ST_OK; /* cancelled or moved since it was read: as not_hit */
		else
			*o->cancelled += st == ST_OK;
	}
	return st;
}

status appt_staff_closure_cancel(const ctx *x, int64_t unit_id, int64_t closure_id, const int64_t *appts, size_t n,
                                 const char *reason, problems *pr, size_t *cancelled)
{
	pr->n = 0;
	*cancelled = 0;
	if (reason == NULL)
		problems_add(pr, "reason", "form.error.required", 0);
	problems_check_text(pr, "reason", reason, 1, APPT_REASON_MAX, true);
	if (n == 0)
		problems_add(pr, "appointment", "appointments.error.choose_appointments", 0);
	if (authz_staff(x, CAP_W2_SCHEDULES) != ST_OK)
		return ST_DENIED;
	if (unit_id <= 0 || closure_id <= 0)
		return ST_NOT_FOUND;
	if (pr->n > 0)
		return ST_INVALID;
	struct closure_op o = {.unit_id = unit_id,
	                       .id = closure_id,
	                       .appts = appts,
	                       .nappts = n,
	                       .reason = reason,
	                       .cancelled = cancelled};
	status st = appt_staff_run(x, cancel_hits_fn, &o);
	if (st != ST_OK)
		*cancelled = 0; /* rolled back */
	return st;
}

static status remove_closure_fn(ctx *x, void *args)
{
	struct closure_op *o = args;
	const char *role;
	status st = appt_unit_open(x, o->unit_id, &role);
	return st != ST_OK ? st : store_closure_delete(x->db, o->unit_id, o->id);
}

status appt_staff_remove_closure(const ctx *x, int64_t unit_id, int64_t closure_id)
{
	if (authz_staff(x, CAP_W2_SCHEDULES) != ST_OK)
		return ST_DENIED;
	if (closure_id <= 0)
		return ST_NOT_FOUND;
	struct closure_op o = {.unit_id = unit_id, .id = closure_id};
	return appt_staff_run(x, remove_closure_fn, &o);
}
