/* video.c (web) — video consultations (SPEC.md P5; docs/video.md).
 *
 * Pages: GET /appointments/video/check (the pre-call check, open to anyone:
 * it touches no data), GET /appointments/:id/video (a citizen's call page,
 * with the waiting room), GET /staff/video (a clinician's appointments of
 * the coming week, video or not), GET /staff/video/:id (the clinician's
 * call page) and POST /staff/video/:id (turn the appointment into a video
 * one). Only the check and call pages carry JavaScript (static/video.js,
 * static/video_check.js, no inline script) and allow camera and microphone.
 *
 * Signaling, JSON for the call page's script: POST /video/calls/:id/join,
 * GET /video/calls/:id/messages?after=N (a long poll: parked, never holding
 * a thread, until a message comes or VIDEO_POLL_PARKS have passed), POST
 * /video/calls/:id/messages (to, kind, body), POST /video/calls/:id/leave,
 * and for clinicians POST /video/calls/:id/manage (action, member). A call
 * the reader is not on is 404 whatever its id; outside the window 403. */
#include <stdio.h>
#include <string.h>

#include "domain/authz.h"
#include "domain/video.h"
#include "web/appointments_view.h"
#include "web/form.h"
#include "web/i18n.h"
#include "web/pages.h"
#include "web/record_page.h"

enum {
	/* A poll is parked this long at a time, then looks in the database
	 * again: a message written by another server process (PostgreSQL) is
	 * seen within a second even though only this process's wakes reach it. */
	VIDEO_PARK_MS = 1000,
	/* ... and answers empty after this many, so no request outlives a
	 * proxy's timeout (about 20 s). */
	VIDEO_POLL_PARKS = 20,
};

static const char *window_code(enum video_window w)
{
	switch (w) {
	case VIDEO_BEFORE: return "before";
	case VIDEO_OPEN: return "open";
	case VIDEO_AFTER: return "after";
	case VIDEO_ENDED: return "ended";
	}
	return "ended";
}

/* The ICE servers for the page's RTCPeerConnection, as JSON text: STUN as
 * configured, TURN with credentials for this member that expire in a day. */
static const char *ice_servers(request *rq, int64_t member_id)
{
	const site *s = rq->site;
	json_t *a = json_array();
	if (s != NULL && s->stun_url != NULL)
		json_array_append_new(a, json_pack("{s:s}", "urls", s->stun_url));
	if (s != NULL && s->turn_url != NULL && s->turn_secret != NULL && member_id > 0) {
		const char *user, *cred;
		video_turn_credential(rq->c->arena, s->turn_secret, rq->c->now + VIDEO_TURN_TTL_S,
		                      arena_printf(rq->c->arena, "m%lld", (long long)member_id), &user, &cred);
		json_array_append_new(
		    a, json_pack("{s:s,s:s,s:s}", "urls", s->turn_url, "username", user, "credential", cred));
	}
	char *text = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	const char *out = arena_strdup(rq->c->arena, text ? text : "[]");
	free(text);
	return out;
}

/* What the call page and its closed variant share. */
static json_t *room_model(request *rq, const video_room *r, bool as_staff)
{
	ctx *x = rq->c;
	json_t *m = json_object();
	int64_t call = r->call.id;
	json_object_set_new(m, "call_id", json_integer(call));
	json_object_set_new(m, "window", rec_str(window_code(r->window)));
	json_object_set_new(m, "opens",
	                    rec_str(i18n_time_text(x->arena, x->locale, r->call.starts_at - VIDEO_EARLY_S)));
	json_object_set_new(m, "starts", rec_str(i18n_time_text(x->arena, x->locale, r->call.starts_at)));
	json_object_set_new(m, "ends", rec_str(appt_clock_text(x->arena, x->locale, r->call.ends_at)));
	json_object_set_new(m, "join_url", rec_str(url_for(x->arena, web_video_join, call)));
	json_object_set_new(m, "poll_url", rec_str(url_for(x->arena, web_video_poll, call)));
	json_object_set_new(m, "send_url", rec_str(url_for(x->arena, web_video_send, call)));
	json_object_set_new(m, "leave_url", rec_str(url_for(x->arena, web_video_leave, call)));
	json_object_set_new(m, "manage_url", rec_str(url_for(x->arena, web_video_manage, call)));
	json_object_set_new(m, "check_url", rec_str(web_path(web_video_check)));
	json_object_set_new(m, "ice", rec_str(ice_servers(rq, r->me.id)));
	json_object_set_new(m, "host", json_boolean(as_staff));
	json_object_set_new(m, "staff", json_boolean(as_staff));
	json_object_set_new(m, "members_max", json_integer(VIDEO_MEMBERS_MAX));
	if (as_staff) {
		if (r->vappt.appointment_id > 0) {
			json_object_set_new(m, "patient", rec_str(r->vappt.patient_name));
			json_object_set_new(m, "when", rec_str(i18n_time_text(x->arena, x->locale, r->vappt.start_at)));
		}
		json_object_set_new(m, "back_url", rec_str(web_path(web_staff_video_list)));
	} else {
		if (r->appt.id > 0)
			json_object_set_new(m, "appt", appt_model(x->arena, x->locale, &r->appt));
		json_object_set_new(m, "back_url", rec_str(url_for(x->arena, web_appointment, r->appt.id)));
	}
	return m;
}

/* The call page from its model, or outside the window the page that says
 * when it opens or that it is over. */
static void room_page_from(request *rq, reply *rp, const video_room *r, json_t *m)
{
	if (r->window != VIDEO_OPEN) {
		/* Outside the window: a page that says when it opens or that it is over. */
		json_object_set_new(m, "before", json_boolean(r->window == VIDEO_BEFORE));
		rp->status = 403;
		reply_page(rq, rp, "video_closed", m);
		return;
	}
	web_form_token(rq, rp);
	json_object_set_new(m, "page_script", rec_str("video.js"));
	rp->media = true;
	reply_page(rq, rp, "video_call", m);
}

static void room_page(request *rq, reply *rp, const video_room *r, bool as_staff)
{
	room_page_from(rq, rp, r, room_model(rq, r, as_staff));
}

/* The call page of the appointment in the path, a citizen's or a clinician's. */
static void call_page(request *rq, reply *rp, bool as_staff)
{
	video_room r;
	int64_t id = req_id(rq, "id");
	status st = as_staff ? video_room_staff(rq->c, id, &r) : video_room_citizen(rq->c, id, &r);
	if (reply_failed(rq, rp, st, NULL))
		return;
	room_page(rq, rp, &r, as_staff);
}

void web_video_call(request *rq, reply *rp)
{
	call_page(rq, rp, false);
}

void web_staff_video_call(request *rq, reply *rp)
{
	call_page(rq, rp, true);
}

void web_video_check(request *rq, reply *rp)
{
	json_t *m = json_object();
	json_object_set_new(m, "page_script", rec_str("video_check.js"));
	/* STUN only: TURN credentials are for members of a call. */
	const site *s = rq->site;
	json_t *a = json_array();
	if (s != NULL && s->stun_url != NULL)
		json_array_append_new(a, json_pack("{s:s}", "urls", s->stun_url));
	char *text = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	json_object_set_new(m, "ice", rec_str(text ? text : "[]"));
	free(text);
	json_object_set_new(m, "ping_url", rec_str(web_path(web_status)));
	json_object_set_new(m, "back", rec_str(rq->c->who.kind == ACTOR_CITIZEN ? web_path(web_appointments) : NULL));
	rp->media = true;
	reply_page(rq, rp, "video_check", m);
}

/* A call of their own in a list: title, kind, when, and the ways to it. */
static json_t *own_call_model(request *rq, const video_call *c)
{
	ctx *x = rq->c;
	json_t *o = json_object();
	json_object_set_new(o, "title", rec_str(c->title));
	json_object_set_new(o, "group", json_boolean(strcmp(c->kind, "group") == 0));
	json_object_set_new(o, "when", rec_str(i18n_time_text(x->arena, x->locale, c->starts_at)));
	json_object_set_new(o, "ends", rec_str(appt_clock_text(x->arena, x->locale, c->ends_at)));
	json_object_set_new(o, "call_url", rec_str(url_for(x->arena, web_video_own_call, c->id)));
	json_object_set_new(o, "details_url", rec_str(url_for(x->arena, web_staff_video_own, c->id)));
	return o;
}

/* The reader's own calls (video_my_calls) into m: calls, has_calls. False
 * when they cannot be read (answered, m released). */
static bool own_calls_into(request *rq, reply *rp, json_t *m)
{
	video_call *calls;
	size_t n;
	if (reply_failed(rq, rp, video_my_calls(rq->c, &calls, &n), m))
		return false;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, own_call_model(rq, &calls[i]));
	json_object_set_new(m, "calls", list);
	json_object_set_new(m, "has_calls", json_boolean(n > 0));
	return true;
}

void web_staff_video_list(request *rq, reply *rp)
{
	ctx *x = rq->c;
	video_appt *rows;
	size_t n;
	status st = video_staff_list(x, &rows, &n);
	if (reply_failed(rq, rp, st, NULL))
		return;
	web_form_token(rq, rp);
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		const video_appt *v = &rows[i];
		json_t *o = json_object();
		json_object_set_new(o, "when", rec_str(i18n_time_text(x->arena, x->locale, v->start_at)));
		json_object_set_new(o, "patient", rec_str(v->patient_name));
		json_object_set_new(o, "type", rec_str(x->locale == LOCALE_EN ? v->type_en : v->type_nb));
		json_object_set_new(o, "unit", rec_str(v->unit_name));
		json_object_set_new(o, "video", json_boolean(v->video));
		json_object_set_new(
		    o, "held", v->held_at ? rec_str(i18n_time_text(x->arena, x->locale, v->held_at)) : json_null());
		json_object_set_new(o, "call_url", rec_str(url_for(x->arena, web_staff_video_call, v->appointment_id)));
		json_object_set_new(o, "make_url", rec_str(url_for(x->arena, web_staff_video_make, v->appointment_id)));
		json_array_append_new(list, o);
	}
	json_t *m = json_object();
	json_object_set_new(m, "appointments", list);
	json_object_set_new(m, "has_appointments", json_boolean(n > 0));
	if (!own_calls_into(rq, rp, m))
		return;
	json_object_set_new(m, "new_url", rec_str(web_path(web_staff_video_new)));
	json_object_set_new(m, "check_url", rec_str(web_path(web_video_check)));
	json_object_set_new(m, "done_video", json_boolean(req_query(rq, "done") != NULL));
	reply_page(rq, rp, "staff_video", m);
}

void web_staff_video_make(request *rq, reply *rp)
{
	status st = video_make_video(rq->c, req_id(rq, "id"));
	reply_posted(rq, rp, st, arena_printf(rq->c->arena, "%s?done=video", web_path(web_staff_video_list)));
}

/* ---- signaling (JSON) ------------------------------------------------------------------ */

static void reply_json(reply *rp, int code, json_t *j)
{
	char *text = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	rp->status = code;
	rp->content_type = "application/json";
	buf_puts(&rp->body, text ? text : "{}");
	free(text);
}

/* A refusal as JSON: {"error": code, "message": text in the reader's language}. */
static void reply_json_status(request *rq, reply *rp, status st, const char *why)
{
	int code = web_status_code(st);
	const char *key = why != NULL ? why : arena_printf(rq->c->arena, "video.error.%d", code);
	const char *msg = i18n_find(rq->c->locale, key);
	reply_json(
	    rp, code,
	    json_pack("{s:i,s:s}", "error", code, "message", msg ? msg : i18n_text(rq->c->locale, "video.error.500")));
}

static json_t *members_json(const video_news *nw)
{
	json_t *a = json_array();
	for (size_t i = 0; i < nw->nmembers; i++) {
		const video_member *m = &nw->members[i];
		json_t *o = json_pack("{s:I,s:s,s:s,s:b}", "id", (json_int_t)m->id, "role", m->role, "state", m->state,
		                      "muted", m->muted);
		json_object_set_new(o, "name", m->name ? json_string(m->name) : json_null());
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *news_json(const video_news *nw)
{
	json_t *msgs = json_array();
	for (size_t i = 0; i < nw->n; i++) {
		const video_signal *g = &nw->messages[i];
		json_t *o = json_pack("{s:I,s:I,s:s,s:s}", "seq", (json_int_t)g->seq, "from",
		                      (json_int_t)g->from_member, "kind", g->kind, "body", g->body);
		if (o == NULL) /* a body that is not UTF-8 cannot be stored: the form refuses it */
			continue;
		json_array_append_new(msgs, o);
	}
	return json_pack("{s:s,s:I,s:b,s:b,s:I,s:o,s:o}", "state", nw->state, "me", (json_int_t)nw->me, "muted",
	                 nw->muted, "host", nw->host, "next", (json_int_t)nw->next, "messages", msgs, "members",
	                 members_json(nw));
}

void web_video_join(request *rq, reply *rp)
{
	video_news nw;
	enum video_window w;
	status st = video_join(rq->c, req_id(rq, "id"), &nw, &w);
	if (st != ST_OK) {
		reply_json_status(rq, rp, st,
		                  st == ST_DENIED ? (w == VIDEO_BEFORE ? "video.closed.before" : "video.closed.after")
		                  : st == ST_CONFLICT ? "video.error.full"
		                                      : NULL);
		return;
	}
	reply_json(rp, 200, news_json(&nw));
}

static const form_field poll_fields[] = {
    {"after", FORM_INT, .min = 0, .max = INT64_MAX},
};

void web_video_poll(request *rq, reply *rp)
{
	form f;
	if (form_parse(rq->c->arena, poll_fields, ARRAY_LEN(poll_fields), &rq->query, &f) != ST_OK) {
		reply_json_status(rq, rp, ST_INVALID, NULL);
		return;
	}
	int64_t call = req_id(rq, "id");
	video_news nw;
	bool wait;
	status st = video_poll(rq->c, call, f.values[0].num, &nw, &wait);
	if (st != ST_OK) {
		reply_json_status(rq, rp, st, NULL);
		return;
	}
	/* Without "after" it is the first look (the page's start): answered at once. */
	if (wait && f.values[0].raw != NULL && !rq->park_final && rq->parks < VIDEO_POLL_PARKS) {
		/* Nothing yet: park until the call changes (core/wake.h). */
		rp->park_key = call;
		rp->park_ms = VIDEO_PARK_MS;
	}
	reply_json(rp, 200, news_json(&nw));
}

static const form_field send_fields[] = {
    {"to", FORM_INT, .min = 0, .max = INT64_MAX},
    {"kind", FORM_ENUM, FORM_REQUIRED, .choices = video_signal_kinds},
    {"body", FORM_TEXT, .max = VIDEO_BODY_MAX},
};

void web_video_send(request *rq, reply *rp)
{
	form f;
	if (form_parse(rq->c->arena, send_fields, ARRAY_LEN(send_fields), &rq->form, &f) != ST_OK) {
		reply_json_status(rq, rp, ST_INVALID, "video.error.message");
		return;
	}
	problems pr = {0};
	status st =
	    video_send(rq->c, req_id(rq, "id"), f.values[0].num, form_text(&f, "kind"), form_text(&f, "body"), &pr);
	if (st != ST_OK) {
		reply_json_status(rq, rp, st, st == ST_INVALID ? "video.error.message" : NULL);
		return;
	}
	reply_json(rp, 200, json_pack("{s:b}", "ok", true));
}

void web_video_leave(request *rq, reply *rp)
{
	status st = video_leave(rq->c, req_id(rq, "id"));
	if (st != ST_OK) {
		reply_json_status(rq, rp, st, NULL);
		return;
	}
	reply_json(rp, 200, json_pack("{s:b}", "ok", true));
}

static const char *const manage_actions[] = {"admit", "remove", "mute", "unmute", "end", NULL};

static const form_field manage_fields[] = {
    {"action", FORM_ENUM, FORM_REQUIRED, .choices = manage_actions},
    {"member", FORM_INT, .min = 1, .max = INT64_MAX},
};

void web_video_manage(request *rq, reply *rp)
{
	form f;
	if (form_parse(rq->c->arena, manage_fields, ARRAY_LEN(manage_fields), &rq->form, &f) != ST_OK) {
		reply_json_status(rq, rp, ST_INVALID, "video.error.message");
		return;
	}
	static const enum video_action actions[] = {VIDEO_ADMIT, VIDEO_REMOVE, VIDEO_MUTE, VIDEO_UNMUTE, VIDEO_END};
	const char *a = form_text(&f, "action");
	enum video_action act = VIDEO_END;
	for (size_t i = 0; manage_actions[i] != NULL; i++)
		if (strcmp(a, manage_actions[i]) == 0)
			act = actions[i];
	status st = video_manage(rq->c, req_id(rq, "id"), act, f.values[1].num);
	if (st != ST_OK) {
		reply_json_status(rq, rp, st, st == ST_CONFLICT ? "video.error.state" : NULL);
		return;
	}
	reply_json(rp, 200, json_pack("{s:b}", "ok", true));
}

/* ---- calls of their own: internal and group ---------------------------------------------- */

static const char *const own_kind_choices[] = {"internal", "group", NULL};

static const form_field call_fields[] = {
    {"kind", FORM_ENUM, .flags = FORM_REQUIRED, .label = "video.field.kind", .choices = own_kind_choices},
    {"unit", FORM_INT, .flags = FORM_REQUIRED, .label = "video.field.unit", .min = 1, .max = INT64_MAX},
    {"title", FORM_TEXT, .flags = FORM_REQUIRED, .label = "video.field.title", .max = VIDEO_TITLE_MAX},
    {"day", FORM_DATE, .flags = FORM_REQUIRED, .label = "video.field.day"},
    {"start", FORM_TEXT, .flags = FORM_REQUIRED, .label = "video.field.start", .max = 5},
    {"minutes", FORM_INT, .flags = FORM_REQUIRED, .label = "video.field.minutes", .min = VIDEO_MINUTES_MIN,
     .max = VIDEO_MINUTES_MAX},
};

/* The new-call form, first shown or shown again with its problems. */
static void new_call_page(request *rq, reply *rp, const form *f)
{
	ctx *x = rq->c;
	unit_rules *units;
	size_t n;
	status st = video_my_units(x, &units, &n);
	if (reply_failed(rq, rp, st, NULL))
		return;
	web_form_token(rq, rp);
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list,
		                      json_pack("{s:I,s:s,s:b}", "id", (json_int_t)units[i].unit_id, "name",
		                                units[i].name, "selected", form_int(f, "unit", 0) == units[i].unit_id));
	json_t *m = json_object();
	json_object_set_new(m, "units", list);
	json_object_set_new(m, "create_url", rec_str(web_path(web_staff_video_create)));
	json_object_set_new(m, "back_url", rec_str(web_path(web_staff_video_list)));
	json_object_set_new(m, "group", json_boolean(form_has(f, "kind", "group")));
	form_model_into(m, f, x->locale);
	reply_page(rq, rp, "staff_video_new", m);
}

void web_staff_video_new(request *rq, reply *rp)
{
	form f;
	form_init(rq->c->arena, call_fields, ARRAY_LEN(call_fields), &f);
	form_set(&f, "kind", "internal");
	form_set(&f, "minutes", "45");
	new_call_page(rq, rp, &f);
}

void web_staff_video_create(request *rq, reply *rp)
{
	ctx *x = rq->c;
	form f;
	problems pr = {0};
	status st = form_parse(x->arena, call_fields, ARRAY_LEN(call_fields), &rq->form, &f);
	int64_t id = 0;
	if (st == ST_OK) {
		video_new in = {.kind = form_text(&f, "kind"),
		                .unit_id = form_int(&f, "unit", 0),
		                .title = form_text(&f, "title"),
		                .day = form_get(&f, "day")->day,
		                .start_minute = minute_of_day(form_text(&f, "start")),
		                .minutes = (int)form_int(&f, "minutes", 0)};
		if (in.start_minute < 0) {
			problems_add(&pr, "start", "video.error.no_such_time", 0);
			st = ST_INVALID;
		} else {
			st = video_create(x, &in, &pr, &id);
		}
	}
	if (!reply_posted(rq, rp, st, url_for(x->arena, web_staff_video_own, id)))
		return;
	form_add_problems(&f, &pr);
	new_call_page(rq, rp, &f);
}

/* The staff page of a call of their own: when, who is on it, and for its
 * clinicians the invitations (colleagues of the unit; patients by identity
 * number for a group). inv: the invitation form shown again, or NULL. */
static void own_details_page(request *rq, reply *rp, int64_t id, const form *inv)
{
	ctx *x = rq->c;
	video_room r;
	unit_clinician *colleagues;
	size_t nc;
	status st = video_room_own(x, id, &r, &colleagues, &nc);
	if (reply_failed(rq, rp, st, NULL))
		return;
	web_form_token(rq, rp);
	json_t *m = own_call_model(rq, &r.call);
	json_t *members = json_array();
	for (size_t i = 0; i < r.nmembers; i++)
		json_array_append_new(members, json_pack("{s:o,s:s,s:b}", "name", rec_str(r.members[i].name), "state",
		                                         i18n_text(x->locale, arena_printf(x->arena, "video.state.%s",
		                                                                           r.members[i].state)),
		                                         "patient", r.members[i].patient_id != 0));
	json_object_set_new(m, "members", members);
	bool may_invite = strcmp(r.me.role, "patient") != 0 && r.window != VIDEO_AFTER && r.window != VIDEO_ENDED;
	json_object_set_new(m, "host", json_boolean(may_invite));
	json_object_set_new(m, "open", json_boolean(r.window == VIDEO_OPEN));
	json_object_set_new(m, "opens", rec_str(i18n_time_text(x->arena, x->locale, r.call.starts_at - VIDEO_EARLY_S)));
	json_object_set_new(m, "over", json_boolean(r.window == VIDEO_AFTER || r.window == VIDEO_ENDED));
	json_t *cl = json_array();
	for (size_t i = 0; i < nc; i++)
		json_array_append_new(
		    cl, json_pack("{s:I,s:s}", "id", (json_int_t)colleagues[i].staff_id, "name", colleagues[i].name));
	json_object_set_new(m, "colleagues", cl);
	json_object_set_new(m, "has_colleagues", json_boolean(nc > 0));
	json_object_set_new(m, "invite_url", rec_str(url_for(x->arena, web_staff_video_invite, id)));
	json_object_set_new(m, "back_url", rec_str(web_path(web_staff_video_list)));
	json_object_set_new(m, "check_url", rec_str(web_path(web_video_check)));
	json_object_set_new(m, "done_invited", json_boolean(req_query(rq, "done") != NULL));
	json_object_set_new(m, "full", json_boolean(r.nmembers >= VIDEO_MEMBERS_MAX));
	json_object_set_new(m, "members_max", json_integer(VIDEO_MEMBERS_MAX));
	if (inv != NULL)
		form_model_into(m, inv, x->locale);
	reply_page(rq, rp, "staff_video_own", m);
}

void web_staff_video_own(request *rq, reply *rp)
{
	own_details_page(rq, rp, req_id(rq, "id"), NULL);
}

static const form_field invite_fields[] = {
    {"staff", FORM_INT, .label = "video.field.colleague", .min = 1, .max = INT64_MAX},
    {"nin", FORM_NIN, .label = "video.field.nin"},
};

void web_staff_video_invite(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_id(rq, "id");
	form f;
	problems pr = {0};
	status st = form_parse(x->arena, invite_fields, ARRAY_LEN(invite_fields), &rq->form, &f);
	const char *nin = form_text(&f, "nin");
	int64_t staff_id = form_int(&f, "staff", 0);
	if (st == ST_OK && nin == NULL && staff_id == 0) {
		form_add_error(&f, "nin", "form.error.required", 0);
		st = ST_INVALID;
	}
	if (st == ST_OK)
		st = nin != NULL ? video_invite_patient(x, id, nin, &pr) : video_invite_staff(x, id, staff_id, &pr);
	const char *next = arena_printf(x->arena, "%s?done=invited", url_for(x->arena, web_staff_video_own, id));
	if (!reply_posted(rq, rp, st, next))
		return;
	/* The page again with the problems, for a member; anyone else 404. */
	form_add_problems(&f, &pr);
	own_details_page(rq, rp, id, &f);
}

/* A citizen's calls of their own (groups), or the open record's. */
void web_video_calls(request *rq, reply *rp)
{
	json_t *m = json_object();
	if (!own_calls_into(rq, rp, m))
		return;
	json_object_set_new(m, "check_url", rec_str(web_path(web_video_check)));
	json_object_set_new(m, "appointments_url", rec_str(web_path(web_appointments)));
	reply_page(rq, rp, "video_calls", m);
}

/* The call page of a call of their own, for any member. */
void web_video_own_call(request *rq, reply *rp)
{
	ctx *x = rq->c;
	video_room r;
	unit_clinician *colleagues;
	size_t nc;
	status st = video_room_own(x, req_id(rq, "id"), &r, &colleagues, &nc);
	if (reply_failed(rq, rp, st, NULL))
		return;
	bool as_staff = x->who.kind == ACTOR_STAFF;
	json_t *m = room_model(rq, &r, as_staff);
	json_object_set_new(m, "title", rec_str(r.call.title));
	json_object_set_new(m, "own_when", rec_str(i18n_time_text(x->arena, x->locale, r.call.starts_at)));
	json_object_set_new(
	    m, "back_url",
	    rec_str(as_staff ? url_for(x->arena, web_staff_video_own, r.call.id) : web_path(web_video_calls)));
	room_page_from(rq, rp, &r, m);
}
