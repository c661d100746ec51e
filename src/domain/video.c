/* video.c — the rules of video consultations (domain/video.h): who is on a
 * call, the joining window, the waiting room, the relay of signaling
 * messages between admitted members, the clinician's controls, and the
 * access log of every join by anyone but the patient. After each change a
 * call's parked long polls are woken (core/wake.h). */
#include "domain/video.h"

#include <stdio.h>
#include <string.h>

#include "core/crypto.h"
#include "core/nin.h"
#include "core/wake.h"
#include "domain/audit.h"
#include "domain/authz.h"
#include "domain/chart.h"
#include "domain/record.h"
#include "domain/tx.h"
#include "store/outbox.h"
#include "store/register.h"

#define WHAT "video"

static bool is(const char *a, const char *b)
{
	return a != NULL && strcmp(a, b) == 0;
}

void video_turn_credential(arena *a, const char *secret, unix_time expiry, const char *user, const char **username,
                           const char **credential)
{
	const char *u = arena_printf(a, "%lld:%s", (long long)expiry, user);
	uint8_t mac[HMAC_SHA1_LEN];
	hmac_sha1(secret, strlen(secret), u, strlen(u), mac);
	*username = u;
	*credential = base64_encode(a, mac, sizeof mac);
}

static enum video_window window_of(const ctx *x, const video_call *c, bool joined)
{
	if (is(c->status, "ended"))
		return VIDEO_ENDED;
	if (x->now < c->starts_at - VIDEO_EARLY_S)
		return VIDEO_BEFORE;
	if (x->now >= c->ends_at + (joined ? VIDEO_OVERRUN_S : 0))
		return VIDEO_AFTER;
	return VIDEO_OPEN;
}

static bool is_video(const char *mode, int64_t call_id)
{
	return is(mode, "video") || call_id > 0;
}

/* The appointment's call, made with its two members when it has none. Two
 * makers at once: the second's insert meets the unique appointment id and
 * the transaction is tried again (ST_BUSY), then finds the first's. */
static status ensure_call(ctx *x, int64_t appt_id, int64_t unit_id, int64_t staff_id, int64_t patient_id,
                          unix_time start, unix_time end, video_call *out)
{
	status st = store_video_call_of_appt(x->db, x->arena, appt_id, out);
	if (st != ST_NOT_FOUND)
		return st;
	video_call c = {.kind = "appointment",
	                .unit_id = unit_id,
	                .appointment_id = appt_id,
	                .host_staff_id = staff_id,
	                .starts_at = start,
	                .ends_at = end};
	int64_t id, m;
	st = store_video_call_insert(x->db, &c, x->now, &id);
	if (st == ST_CONFLICT)
		return ST_BUSY;
	if (st == ST_OK)
		st = store_video_member_insert(x->db, id, "host", staff_id, 0, &m);
	if (st == ST_OK)
		st = store_video_member_insert(x->db, id, "patient", 0, patient_id, &m);
	return st != ST_OK ? st : store_video_call_get(x->db, x->arena, id, out);
}

/* ---- the call page ------------------------------------------------------------------- */

struct room_op {
	int64_t appt_id;
	video_room *r;
	bool create_only; /* video_make_video */
};

static status citizen_room_fn(ctx *x, void *args)
{
	struct room_op *o = args;
	video_room *r = o->r;
	status st = store_appt_get(x->db, x->arena, x->subject_id, o->appt_id, true, &r->appt);
	if (st != ST_OK)
		return st;
	video_call existing;
	st = store_video_call_of_appt(x->db, x->arena, o->appt_id, &existing);
	if (st != ST_OK && st != ST_NOT_FOUND)
		return st;
	if (!is(r->appt.status, "booked") || !is_video(r->appt.type.mode, st == ST_OK ? existing.id : 0))
		return ST_NOT_FOUND;
	if ((st = ensure_call(x, o->appt_id, r->appt.unit_id, r->appt.staff_id, r->appt.patient_id, r->appt.start_at,
	                      r->appt.end_at, &r->call)) != ST_OK)
		return st;
	if ((st = store_video_member_find(x->db, x->arena, r->call.id, 0, x->subject_id, &r->me)) != ST_OK)
		return st;
	if ((st = store_video_members(x->db, x->arena, r->call.id, &r->members, &r->nmembers)) != ST_OK)
		return st;
	if (x->who.person_id != x->subject_id)
		return audit_record(x, x->subject_id, "read", WHAT, audit_id(x->arena, r->call.id), "representation");
	return ST_OK;
}

/* Opens the appointment's room through fn (the citizen's way or the
 * staff's), with where the call stands in its window. */
static status room_tx(const ctx *x, int64_t appointment_id, video_room *out, domain_tx_fn fn)
{
	struct room_op o = {appointment_id, out, false};
	status st = domain_tx(x, true, fn, &o);
	if (st == ST_OK)
		out->window = window_of(x, &out->call, false);
	return st;
}

status video_room_citizen(const ctx *x, int64_t appointment_id, video_room *out)
{
	*out = (video_room){0};
	if (!record_citizen_may(x, CAP_P5_VIDEO))
		return ST_DENIED;
	return room_tx(x, appointment_id, out, citizen_room_fn);
}

/* The staff member's way to the appointment's patient: a clinician by the
 * role they hold at the patient's unit (ARCHITECTURE rule 2), as for the
 * rest of the chart; the appointment's own clinician hosts its call. */
static status staff_appt(ctx *x, int64_t appt_id, video_appt *va, int64_t *clinician_id, chart_access *a)
{
	status st = store_video_appt_get(x->db, x->arena, appt_id, va, clinician_id);
	if (st != ST_OK)
		return st;
	return authz_patient(x, CAP_P5_VIDEO, va->patient_id, a);
}

static status staff_room_fn(ctx *x, void *args)
{
	struct room_op *o = args;
	video_room *r = o->r;
	chart_access a;
	int64_t host;
	status st = staff_appt(x, o->appt_id, &r->vappt, &host, &a);
	if (st != ST_OK)
		return st;
	if (!o->create_only && !r->vappt.video)
		return ST_NOT_FOUND;
	if ((st = ensure_call(x, o->appt_id, r->vappt.unit_id, host, r->vappt.patient_id, r->vappt.start_at,
	                      r->vappt.end_at, &r->call)) != ST_OK)
		return st;
	if (o->create_only)
		return chart_audit(x, &a, "update", WHAT, audit_id(x->arena, r->call.id));
	/* A colleague of the unit standing in joins as a clinician on the call. */
	st = store_video_member_find(x->db, x->arena, r->call.id, x->who.staff_id, 0, &r->me);
	if (st == ST_NOT_FOUND) {
		int64_t m;
		if ((st = store_video_member_insert(x->db, r->call.id, "clinician", x->who.staff_id, 0, &m)) ==
		    ST_CONFLICT)
			return ST_BUSY;
		if (st == ST_OK)
			st = store_video_member_find(x->db, x->arena, r->call.id, x->who.staff_id, 0, &r->me);
	}
	if (st != ST_OK)
		return st;
	if ((st = store_video_members(x->db, x->arena, r->call.id, &r->members, &r->nmembers)) != ST_OK)
		return st;
	return chart_audit(x, &a, "read", WHAT, audit_id(x->arena, r->call.id));
}

status video_room_staff(const ctx *x, int64_t appointment_id, video_room *out)
{
	*out = (video_room){0};
	if (authz_staff(x, CAP_P5_VIDEO) != ST_OK)
		return ST_DENIED;
	return room_tx(x, appointment_id, out, staff_room_fn);
}

struct info_op {
	int64_t appt_id;
	video_call *call;
};

static status info_fn(ctx *x, void *args)
{
	struct info_op *o = args;
	return store_video_call_of_appt(x->db, x->arena, o->appt_id, o->call);
}

status video_appt_info(const ctx *x, const appointment *ap, bool *video, unix_time *held_at)
{
	video_call c = {0};
	struct info_op o = {ap->id, &c};
	status st = domain_tx(x, false, info_fn, &o);
	if (st != ST_OK && st != ST_NOT_FOUND)
		return st;
	*video = is_video(ap->type.mode, c.id);
	*held_at = c.held_at;
	return ST_OK;
}

status video_make_video(const ctx *x, int64_t appointment_id)
{
	if (authz_staff(x, CAP_P5_VIDEO) != ST_OK)
		return ST_DENIED;
	video_room r = {0};
	struct room_op o = {appointment_id, &r, true};
	return domain_tx(x, true, staff_room_fn, &o);
}

struct list_op {
	video_appt **out;
	size_t *n;
};

static status staff_list_fn(ctx *x, void *args)
{
	struct list_op *o = args;
	video_appt *rows;
	size_t n;
	status st = store_video_appts_of_staff(x->db, x->arena, x->who.staff_id, x->now - VIDEO_OVERRUN_S,
	                                       x->now + (unix_time)VIDEO_LIST_DAYS * 86400, VIDEO_LIST_MAX, &rows, &n);
	if (st != ST_OK)
		return st;
	/* Only rows whose patient the reader may open now, each read logged. */
	*o->out = arena_alloc(x->arena, (n > 0 ? n : 1) * sizeof **o->out);
	*o->n = 0;
	for (size_t i = 0; i < n; i++) {
		chart_access a;
		st = authz_patient(x, CAP_P5_VIDEO, rows[i].patient_id, &a);
		if (st == ST_NOT_FOUND || st == ST_DENIED)
			continue;
		if (st != ST_OK || (st = chart_audit(x, &a, "read", "appointments",
		                                     audit_id(x->arena, rows[i].appointment_id))) != ST_OK)
			return st;
		(*o->out)[(*o->n)++] = rows[i];
	}
	return ST_OK;
}

status video_staff_list(const ctx *x, video_appt **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (authz_staff(x, CAP_P5_VIDEO) != ST_OK)
		return ST_DENIED;
	struct list_op o = {out, n};
	return domain_tx(x, true, staff_list_fn, &o);
}

/* ---- on the call ------------------------------------------------------------------------ */

/* The call and my member on it: a staff member by their staff id, a
 * citizen as the open record's patient. Anyone else: ST_NOT_FOUND. */
static status find_me(ctx *x, int64_t call_id, video_call *call, video_member *me)
{
	if (call_id <= 0)
		return ST_NOT_FOUND;
	status st = store_video_call_get(x->db, x->arena, call_id, call);
	if (st != ST_OK)
		return st;
	if (x->who.kind == ACTOR_STAFF)
		return store_video_member_find(x->db, x->arena, call_id, x->who.staff_id, 0, me);
	if (record_citizen_may(x, CAP_P5_VIDEO))
		return store_video_member_find(x->db, x->arena, call_id, 0, x->subject_id, me);
	return ST_NOT_FOUND;
}

/* A change to a call in one transaction; then its parked polls are woken. */
static status call_tx(const ctx *x, int64_t call_id, domain_tx_fn fn, void *args)
{
	status st = domain_tx(x, true, fn, args);
	if (st == ST_OK)
		wake_key(call_id);
	return st;
}

static bool clinician(const video_member *m)
{
	return is(m->role, "host") || is(m->role, "clinician");
}

/* A join, admission or removal is logged in the log of every patient on
 * the call it concerns: by a clinician at the patient's unit (care), by a
 * representative (representation); a patient's own is not. */
static status log_join(ctx *x, const video_call *call, const video_member *members, size_t n, int64_t only_patient,
                       const char *action)
{
	const char *what_id = audit_id(x->arena, call->id);
	if (x->who.kind == ACTOR_CITIZEN)
		return x->who.person_id == x->subject_id
		           ? ST_OK
		           : audit_record(x, x->subject_id, action, WHAT, what_id, "representation");
	for (size_t i = 0; i < n; i++) {
		if (members[i].patient_id == 0 || (only_patient > 0 && members[i].patient_id != only_patient))
			continue;
		chart_access a;
		status st = authz_patient(x, CAP_P5_VIDEO, members[i].patient_id, &a);
		if (st == ST_OK)
			st = chart_audit(x, &a, action, WHAT, what_id);
		if (st != ST_OK)
			return st;
	}
	return ST_OK;
}

static size_t admitted_count(const video_member *m, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += is(m[i].state, "admitted");
	return k;
}

/* What a member sees of the others: a patient sees the clinicians' names
 * and only that other patients are there (a group's members need not know
 * each other's names); clinicians see everyone and who waits. */
static void members_for(const video_member *me, video_member *m, size_t n)
{
	if (clinician(me))
		return;
	for (size_t i = 0; i < n; i++)
		if (m[i].patient_id != 0 && m[i].id != me->id)
			m[i].name = NULL;
}

struct join_op {
	int64_t call_id;
	video_news *out;
	enum video_window *window;
};

static status join_fn(ctx *x, void *args)
{
	struct join_op *o = args;
	video_call call;
	video_member me;
	status st = find_me(x, o->call_id, &call, &me);
	if (st != ST_OK)
		return st;
	*o->window = window_of(x, &call, false);
	if (*o->window != VIDEO_OPEN)
		return ST_DENIED;
	video_member *members;
	size_t n;
	if ((st = store_video_members(x->db, x->arena, call.id, &members, &n)) != ST_OK)
		return st;
	const char *state = clinician(&me) || is(me.state, "admitted") ? "admitted" : "waiting";
	if (is(state, "admitted") && !is(me.state, "admitted") && admitted_count(members, n) >= VIDEO_MEMBERS_MAX)
		return ST_CONFLICT;
	if ((st = store_video_member_set_state(x->db, call.id, me.id, state, x->who.person_id, x->now, 0)) != ST_OK)
		return st;
	int64_t seq;
	if ((st = store_video_signal_add(x->db, call.id, me.id, 0, "roster", "", x->now, &seq)) != ST_OK)
		return st;
	if ((st = store_video_members(x->db, x->arena, call.id, &members, &n)) != ST_OK)
		return st;
	members_for(&me, members, n);
	*o->out = (video_news){.state = state,
	                       .me = me.id,
	                       .muted = me.muted,
	                       .next = seq,
	                       .members = members,
	                       .nmembers = n,
	                       .host = clinician(&me)};
	return log_join(x, &call, members, n, 0, "join");
}

status video_join(const ctx *x, int64_t call_id, video_news *out, enum video_window *window)
{
	*out = (video_news){0};
	*window = VIDEO_OPEN;
	struct join_op o = {call_id, out, window};
	return call_tx(x, call_id, join_fn, &o);
}

struct poll_op {
	int64_t call_id, after;
	video_news *out;
	bool *wait;
};

/* Messages a waiting member may see: only those addressed to them by the
 * call itself (let in, removed); offers come once they are in. */
static bool for_waiting(const video_signal *g, int64_t me)
{
	return g->to_member == me && (is(g->kind, "admit") || is(g->kind, "remove"));
}

static status poll_fn(ctx *x, void *args)
{
	struct poll_op *o = args;
	video_news *out = o->out;
	video_call call;
	video_member me;
	status st = find_me(x, o->call_id, &call, &me);
	if (st != ST_OK)
		return st;
	out->me = me.id;
	out->muted = me.muted;
	out->host = clinician(&me);
	out->next = o->after;
	bool in = is(me.state, "admitted"), waiting = is(me.state, "waiting");
	enum video_window w = window_of(x, &call, true);
	out->state = w == VIDEO_ENDED || w == VIDEO_AFTER ? "ended" : me.state;
	if ((st = store_video_members(x->db, x->arena, call.id, &out->members, &out->nmembers)) != ST_OK)
		return st;
	members_for(&me, out->members, out->nmembers);
	if (!(in || waiting) || is(out->state, "ended"))
		return ST_OK;
	video_signal *g;
	size_t n;
	if ((st = store_video_signals_for(x->db, x->arena, call.id, me.id, o->after, VIDEO_POLL_BATCH, &g, &n)) !=
	    ST_OK)
		return st;
	out->messages = arena_alloc(x->arena, (n > 0 ? n : 1) * sizeof *out->messages);
	for (size_t i = 0; i < n; i++) {
		out->next = g[i].seq;
		if (in || for_waiting(&g[i], me.id))
			out->messages[out->n++] = g[i];
	}
	*o->wait = out->n == 0;
	return ST_OK;
}

status video_poll(const ctx *x, int64_t call_id, int64_t after, video_news *out, bool *wait)
{
	*out = (video_news){0};
	*wait = false;
	if (after < 0)
		after = 0;
	struct poll_op o = {call_id, after, out, wait};
	return domain_tx(x, false, poll_fn, &o);
}

/* The kinds a member's browser may send (WebRTC's perfect negotiation:
 * hello on arrival, offer/answer/candidate per peer, bye on leaving). The
 * call's own kinds (roster, admit, remove, mute, end) only the server writes. */
const char *const video_signal_kinds[] = {"offer", "answer", "candidate", "hello", "bye", NULL};

struct send_op {
	int64_t call_id, to;
	const char *kind, *body;
};

static status send_fn(ctx *x, void *args)
{
	struct send_op *o = args;
	video_call call;
	video_member me, to;
	status st = find_me(x, o->call_id, &call, &me);
	if (st != ST_OK)
		return st;
	if (!is(me.state, "admitted") || window_of(x, &call, true) != VIDEO_OPEN)
		return ST_DENIED;
	if (o->to > 0) {
		if ((st = store_video_member_get(x->db, x->arena, call.id, o->to, &to)) != ST_OK)
			return st;
		if (to.id == me.id || !is(to.state, "admitted"))
			return ST_CONFLICT;
	}
	int64_t seq;
	return store_video_signal_add(x->db, call.id, me.id, o->to, o->kind, o->body, x->now, &seq);
}

status video_send(const ctx *x, int64_t call_id, int64_t to, const char *kind, const char *body, problems *pr)
{
	problems_check_choice(pr, "kind", kind, video_signal_kinds);
	problems_check_text(pr, "body", body, 0, VIDEO_BODY_MAX, false);
	/* An offer, answer or candidate is for one peer; hello and bye for all,
	 * or one (a hello back to a newcomer: docs/video.md). */
	bool either = is(kind, "hello") || is(kind, "bye");
	if (pr->n == 0 && !either && to == 0)
		problems_add(pr, "to", "video.error.to", 0);
	if (pr->n > 0)
		return ST_INVALID;
	struct send_op o = {call_id, to, kind, body ? body : ""};
	return call_tx(x, call_id, send_fn, &o);
}

static status leave_fn(ctx *x, void *args)
{
	int64_t call_id = *(int64_t *)args;
	video_call call;
	video_member me;
	status st = find_me(x, call_id, &call, &me);
	if (st != ST_OK)
		return st;
	if (!is(me.state, "admitted") && !is(me.state, "waiting"))
		return ST_OK;
	if ((st = store_video_member_set_state(x->db, call.id, me.id, "left", 0, 0, x->now)) != ST_OK)
		return st;
	int64_t seq;
	return is(call.status, "open") ? store_video_signal_add(x->db, call.id, me.id, 0, "roster", "", x->now, &seq)
	                               : ST_OK;
}

status video_leave(const ctx *x, int64_t call_id)
{
	return call_tx(x, call_id, leave_fn, &call_id);
}

static status end_past_fn(ctx *x, void *args)
{
	return store_video_end_past(x->db, x->now - VIDEO_OVERRUN_S, x->now, args);
}

status video_end_past(const ctx *x, int64_t *ended)
{
	return domain_tx(x, true, end_past_fn, ended);
}

struct manage_op {
	int64_t call_id, member;
	enum video_action action;
};

static status manage_fn(ctx *x, void *args)
{
	struct manage_op *o = args;
	video_call call;
	video_member me, t;
	status st = find_me(x, o->call_id, &call, &me);
	if (st != ST_OK)
		return st;
	if (!clinician(&me))
		return ST_DENIED;
	if (!is(call.status, "open"))
		return ST_CONFLICT;
	int64_t seq;
	if (o->action == VIDEO_END) {
		if ((st = store_video_call_end(x->db, call.id, x->now)) != ST_OK)
			return st;
		/* The media keys the messages carried are of no use now. */
		return store_video_signals_drop(x->db, call.id);
	}
	if ((st = store_video_member_get(x->db, x->arena, call.id, o->member, &t)) != ST_OK)
		return st;
	video_member *members;
	size_t n;
	if ((st = store_video_members(x->db, x->arena, call.id, &members, &n)) != ST_OK)
		return st;
	switch (o->action) {
	case VIDEO_ADMIT:
		if (!is(t.state, "waiting"))
			return ST_CONFLICT;
		if (admitted_count(members, n) >= VIDEO_MEMBERS_MAX)
			return ST_CONFLICT;
		if ((st = store_video_member_set_state(x->db, call.id, t.id, "admitted", 0, 0, 0)) == ST_OK &&
		    t.patient_id > 0)
			st = store_video_call_held(x->db, call.id, x->now);
		if (st == ST_OK)
			st = store_video_signal_add(x->db, call.id, me.id, t.id, "admit", "", x->now, &seq);
		if (st == ST_OK)
			st = log_join(x, &call, members, n, t.patient_id > 0 ? t.patient_id : -1, "admit");
		break;
	case VIDEO_REMOVE:
		if (is(t.role, "host") || (!is(t.state, "admitted") && !is(t.state, "waiting")))
			return ST_CONFLICT;
		st = store_video_member_set_state(x->db, call.id, t.id, "removed", 0, 0, x->now);
		if (st == ST_OK)
			st = store_video_signal_add(x->db, call.id, me.id, t.id, "remove", "", x->now, &seq);
		break;
	case VIDEO_MUTE:
	case VIDEO_UNMUTE:
		if (!is(t.state, "admitted") || t.id == me.id)
			return ST_CONFLICT;
		st = store_video_member_set_muted(x->db, call.id, t.id, o->action == VIDEO_MUTE);
		if (st == ST_OK)
			st = store_video_signal_add(x->db, call.id, me.id, t.id, "mute",
			                            o->action == VIDEO_MUTE ? "1" : "0", x->now, &seq);
		break;
	case VIDEO_END: break;
	}
	if (st == ST_OK)
		st = store_video_signal_add(x->db, call.id, me.id, 0, "roster", "", x->now, &seq);
	return st;
}

status video_manage(const ctx *x, int64_t call_id, enum video_action action, int64_t member_id)
{
	if (action != VIDEO_END && member_id <= 0)
		return ST_NOT_FOUND;
	struct manage_op o = {call_id, member_id, action};
	return call_tx(x, call_id, manage_fn, &o);
}

/* ---- calls of their own: internal and group ---------------------------------------------- */

static const char *const own_kinds[] = {"internal", "group", NULL};

/* Whether the staff member's role at the unit holds P5: ST_NOT_FOUND when
 * they do not work there at all, ST_DENIED when no role there holds it. */
static status clinician_at(ctx *x, int64_t staff_id, int64_t unit_id)
{
	return authz_unit_role(x, CAP_P5_VIDEO, staff_id, unit_id, NULL);
}

struct units_op {
	unit_rules **out;
	size_t *n;
};

static status units_fn(ctx *x, void *args)
{
	struct units_op *o = args;
	return store_units_of_staff(x->db, x->arena, x->who.staff_id, authz_roles_for(CAP_P5_VIDEO), o->out, o->n);
}

status video_my_units(const ctx *x, unit_rules **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (authz_staff(x, CAP_P5_VIDEO) != ST_OK)
		return ST_DENIED;
	struct units_op o = {out, n};
	return domain_tx(x, false, units_fn, &o);
}

struct create_op {
	const video_new *in;
	unix_time start;
	int64_t *id;
};

static status create_fn(ctx *x, void *args)
{
	struct create_op *o = args;
	status st = clinician_at(x, x->who.staff_id, o->in->unit_id);
	if (st != ST_OK)
		return st;
	video_call c = {.kind = o->in->kind,
	                .unit_id = o->in->unit_id,
	                .host_staff_id = x->who.staff_id,
	                .title = o->in->title,
	                .starts_at = o->start,
	                .ends_at = o->start + (unix_time)o->in->minutes * 60};
	int64_t member;
	if ((st = store_video_call_insert(x->db, &c, x->now, o->id)) != ST_OK)
		return st;
	return store_video_member_insert(x->db, *o->id, "host", x->who.staff_id, 0, &member);
}

status video_create(const ctx *x, const video_new *in, problems *pr, int64_t *call_id)
{
	*call_id = 0;
	if (authz_staff(x, CAP_P5_VIDEO) != ST_OK)
		return ST_DENIED;
	problems_check_choice(pr, "kind", in->kind, own_kinds);
	problems_check_text(pr, "title", in->title, 1, VIDEO_TITLE_MAX, false);
	unix_time start = 0;
	if (!oslo_local_time(in->day, in->start_minute, &start))
		problems_add(pr, "start", "video.error.no_such_time", 0);
	else if (start < x->now)
		problems_add(pr, "start", "video.error.past", 0);
	if (in->minutes < VIDEO_MINUTES_MIN || in->minutes > VIDEO_MINUTES_MAX)
		problems_add(pr, "minutes", "video.error.minutes", 0);
	if (pr->n > 0)
		return ST_INVALID;
	struct create_op o = {in, start, call_id};
	return domain_tx(x, true, create_fn, &o);
}

/* The call of their own in the path, with me on it as one of its
 * clinicians (who, as on every call, manage it: video_manage). */
static status own_call_as_clinician(ctx *x, int64_t call_id, video_call *call, video_member **members, size_t *n)
{
	video_member me;
	status st = find_me(x, call_id, call, &me);
	if (st != ST_OK)
		return st;
	if (is(call->kind, "appointment") || is(me.state, "removed"))
		return ST_NOT_FOUND;
	if (!clinician(&me))
		return ST_DENIED;
	if (!is(call->status, "open") || x->now >= call->ends_at)
		return ST_CONFLICT;
	if ((st = store_video_members(x->db, x->arena, call->id, members, n)) != ST_OK)
		return st;
	if (*n >= VIDEO_MEMBERS_MAX)
		return ST_INVALID;
	return ST_OK;
}

struct invite_op {
	int64_t call_id, staff_id;
	const char *nin;
	problems *pr;
};

static status invite_staff_fn(ctx *x, void *args)
{
	struct invite_op *o = args;
	video_call call;
	video_member *members;
	size_t n;
	int64_t member;
	status st = own_call_as_clinician(x, o->call_id, &call, &members, &n);
	if (st == ST_INVALID)
		problems_add(o->pr, "staff", "video.error.full", VIDEO_MEMBERS_MAX);
	if (st != ST_OK)
		return st;
	st = o->staff_id > 0 ? clinician_at(x, o->staff_id, call.unit_id) : ST_NOT_FOUND;
	if (st == ST_OK &&
	    (st = store_video_member_insert(x->db, call.id, "clinician", o->staff_id, 0, &member)) == ST_CONFLICT)
		problems_add(o->pr, "staff", "video.error.invited", 0);
	else if (st == ST_NOT_FOUND || st == ST_DENIED)
		problems_add(o->pr, "staff", "video.error.no_colleague", 0);
	return o->pr->n > 0 ? ST_INVALID : st;
}

status video_invite_staff(const ctx *x, int64_t call_id, int64_t staff_id, problems *pr)
{
	if (authz_staff(x, CAP_P5_VIDEO) != ST_OK)
		return ST_DENIED;
	struct invite_op o = {call_id, staff_id, NULL, pr};
	return call_tx(x, call_id, invite_staff_fn, &o);
}

/* A patient of the call's unit whom my role there lets me open: the same
 * answer for every identity number that is not one, so the form tells
 * nothing about people outside the unit. */
static status unit_patient(ctx *x, const video_call *call, const char *nin, chart_access *a)
{
	person p;
	bool patient = false;
	status st = store_person_by_nin(x->db, x->arena, nin, &p);
	if (st == ST_OK)
		st = store_is_patient_of(x->db, p.id, call->unit_id, &patient);
	if (st == ST_OK && !patient)
		st = ST_NOT_FOUND;
	if (st == ST_OK)
		st = authz_patient(x, CAP_P5_VIDEO, p.id, a);
	return st == ST_DENIED ? ST_NOT_FOUND : st;
}

static status invite_patient_fn(ctx *x, void *args)
{
	struct invite_op *o = args;
	video_call call;
	video_member *members;
	size_t n;
	int64_t member, event;
	status st = own_call_as_clinician(x, o->call_id, &call, &members, &n);
	if (st == ST_INVALID)
		problems_add(o->pr, "nin", "video.error.full", VIDEO_MEMBERS_MAX);
	if (st != ST_OK)
		return st;
	if (!is(call.kind, "group")) {
		problems_add(o->pr, "nin", "video.error.internal", 0);
		return ST_INVALID;
	}
	chart_access a;
	if ((st = unit_patient(x, &call, o->nin, &a)) == ST_NOT_FOUND) {
		problems_add(o->pr, "nin", "video.error.no_patient", 0);
		return ST_INVALID;
	}
	if (st == ST_OK &&
	    (st = store_video_member_insert(x->db, call.id, "patient", 0, a.patient_id, &member)) == ST_CONFLICT) {
		problems_add(o->pr, "nin", "video.error.invited", 0);
		return ST_INVALID;
	}
	if (st == ST_OK)
		st = chart_audit(x, &a, "invite", WHAT, audit_id(x->arena, call.id));
	/* The event says only that something about an appointment waits. */
	return st != ST_OK ? st : store_outbox_add(x->db, a.patient_id, "appointment", 0, false, x->now, &event);
}

status video_invite_patient(const ctx *x, int64_t call_id, const char *nin, problems *pr)
{
	if (authz_staff(x, CAP_P5_VIDEO) != ST_OK)
		return ST_DENIED;
	if (nin == NULL || !nin_valid(nin)) {
		problems_add(pr, "nin", "form.error.nin_check", 0);
		return ST_INVALID;
	}
	struct invite_op o = {call_id, 0, nin, pr};
	return call_tx(x, call_id, invite_patient_fn, &o);
}

struct my_calls_op {
	video_call **out;
	size_t *n;
};

static status my_calls_fn(ctx *x, void *args)
{
	struct my_calls_op *o = args;
	bool as_staff = x->who.kind == ACTOR_STAFF;
	status st = store_video_calls_of_member(
	    x->db, x->arena, as_staff ? x->who.staff_id : 0, as_staff ? 0 : x->subject_id, x->now,
	    x->now + (unix_time)VIDEO_LIST_DAYS * 86400, VIDEO_LIST_MAX, o->out, o->n);
	if (st != ST_OK || as_staff || x->who.person_id == x->subject_id || *o->n == 0)
		return st;
	return audit_record(x, x->subject_id, "read", WHAT, "list", "representation");
}

status video_my_calls(const ctx *x, video_call **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	bool citizen = record_citizen_may(x, CAP_P5_VIDEO);
	if (!citizen && authz_staff(x, CAP_P5_VIDEO) != ST_OK)
		return ST_DENIED;
	struct my_calls_op o = {out, n};
	return domain_tx(x, true, my_calls_fn, &o);
}

struct own_room_op {
	int64_t call_id;
	video_room *r;
	unit_clinician **colleagues;
	size_t *ncolleagues;
};

/* The unit's clinicians not on the call yet, for the host's invitations. */
static status invitable(ctx *x, const video_room *r, unit_clinician **out, size_t *n)
{
	unit_clinician *all;
	size_t k;
	status st = store_unit_clinicians(x->db, x->arena, r->call.unit_id, &all, &k);
	if (st != ST_OK)
		return st;
	*n = 0;
	*out = arena_alloc(x->arena, (k > 0 ? k : 1) * sizeof **out);
	for (size_t i = 0; i < k; i++) {
		bool on = false;
		for (size_t j = 0; j < r->nmembers && !on; j++)
			on = r->members[j].staff_id == all[i].staff_id;
		if (!on)
			(*out)[(*n)++] = all[i];
	}
	return ST_OK;
}

static status own_room_fn(ctx *x, void *args)
{
	struct own_room_op *o = args;
	video_room *r = o->r;
	status st = find_me(x, o->call_id, &r->call, &r->me);
	if (st != ST_OK)
		return st;
	if (is(r->call.kind, "appointment"))
		return ST_NOT_FOUND;
	/* An invitation is to the person, made while they held P5 at the call's
	 * unit; one who no longer works there at all sees nothing of it. */
	bool works_there = true;
	if (x->who.kind == ACTOR_STAFF &&
	    (st = store_staff_at_unit(x->db, x->who.staff_id, r->call.unit_id, &works_there)) != ST_OK)
		return st;
	if (!works_there)
		return ST_NOT_FOUND;
	if ((st = store_video_members(x->db, x->arena, r->call.id, &r->members, &r->nmembers)) != ST_OK)
		return st;
	if (clinician(&r->me) && (st = invitable(x, r, o->colleagues, o->ncolleagues)) != ST_OK)
		return st;
	members_for(&r->me, r->members, r->nmembers);
	if (x->who.kind == ACTOR_CITIZEN && x->who.person_id != x->subject_id)
		return audit_record(x, x->subject_id, "read", WHAT, audit_id(x->arena, r->call.id), "representation");
	return ST_OK;
}

status video_room_own(const ctx *x, int64_t call_id, video_room *out, unit_clinician **colleagues, size_t *ncolleagues)
{
	*out = (video_room){0};
	*colleagues = NULL;
	*ncolleagues = 0;
	bool citizen = record_citizen_may(x, CAP_P5_VIDEO);
	if (!citizen && authz_staff(x, CAP_P5_VIDEO) != ST_OK)
		return ST_DENIED;
	struct own_room_op o = {call_id, out, colleagues, ncolleagues};
	status st = domain_tx(x, true, own_room_fn, &o);
	if (st == ST_OK)
		out->window = window_of(x, &out->call, is(out->me.state, "admitted"));
	return st;
}
