/* video.c (store conformance) — video consultations on both backends: one
 * call per appointment, one member per person per call, messages numbered
 * per call and handed only to their member (or all), never another call's;
 * a clinician's week with which appointments are video ones; and the domain
 * over it: another patient's appointment is 404, the window, the waiting
 * room, messages between admitted members only, the access log of a join. */
#include <string.h>

#include "conformance.h"
#include "fixtures.h"
#include "domain/authz.h"
#include "domain/video.h"
#include "store/appointments.h"
#include "store/video.h"

#define NOW 1795341600
#define HOUR 3600

struct vworld {
	fx_world w;
	int64_t video_type, appt_marius, appt_silje;
};

static int64_t appt(const fx_world *w, int64_t patient, int64_t type, unix_time start)
{
	slot s = {.unit_id = w->oya, .staff_id = w->ingrid, .start_at = start, .end_at = start + 20 * 60};
	bool inserted;
	int64_t slot_id, id;
	assert_int_equal(store_slot_insert(conf_conn, &s, &inserted), ST_OK);
	assert_int_equal(store_slot_find(conf_conn, w->ingrid, start, &slot_id), ST_OK);
	appointment_new in = {.patient_id = patient,
	                      .unit_id = w->oya,
	                      .slot_id = slot_id,
	                      .visit_type_id = type,
	                      .booked_by = patient,
	                      .now = NOW - HOUR};
	assert_int_equal(store_appt_book(conf_conn, &in, &id), ST_OK);
	return id;
}

static void vworld_make(struct vworld *v)
{
	memset(v, 0, sizeof *v);
	fx_world_make(&v->w);
	visit_type t = {.unit_id = v->w.oya,
	                .name_nb = "Video",
	                .name_en = "Video",
	                .minutes = 20,
	                .mode = "video",
	                .category = "consultation",
	                .fee_nok = 192,
	                .self_bookable = true,
	                .active = true};
	assert_int_equal(store_visit_type_insert(conf_conn, &t, &v->video_type), ST_OK);
	assert_int_equal(store_visit_type_clinician_add(conf_conn, v->video_type, v->w.ingrid), ST_OK);
	v->appt_marius = appt(&v->w, v->w.marius, v->video_type, NOW + 15 * 60);
	v->appt_silje = appt(&v->w, v->w.silje, v->video_type, NOW + 2 * HOUR);
}

static int64_t call_for(const struct vworld *v, int64_t appt_id, int64_t patient, int64_t *host, int64_t *pat)
{
	video_call c = {.kind = "appointment",
	                .unit_id = v->w.oya,
	                .appointment_id = appt_id,
	                .host_staff_id = v->w.ingrid,
	                .starts_at = NOW,
	                .ends_at = NOW + 1200};
	int64_t id;
	assert_int_equal(store_video_call_insert(conf_conn, &c, NOW, &id), ST_OK);
	assert_int_equal(store_video_member_insert(conf_conn, id, "host", v->w.ingrid, 0, host), ST_OK);
	assert_int_equal(store_video_member_insert(conf_conn, id, "patient", 0, patient, pat), ST_OK);
	return id;
}

static void calls_members_and_messages(void **state)
{
	(void)state;
	struct vworld v;
	vworld_make(&v);
	arena *ar = arena_new();
	int64_t host, pat, host2, pat2, dup;
	int64_t call = call_for(&v, v.appt_marius, v.w.marius, &host, &pat);
	int64_t other = call_for(&v, v.appt_silje, v.w.silje, &host2, &pat2);
	/* One call per appointment, one member per person per call. */
	video_call c = {.kind = "appointment",
	                .unit_id = v.w.oya,
	                .appointment_id = v.appt_marius,
	                .host_staff_id = v.w.ingrid,
	                .starts_at = NOW,
	                .ends_at = NOW + 1200};
	assert_int_equal(store_video_call_insert(conf_conn, &c, NOW, &dup), ST_CONFLICT);
	assert_int_equal(store_video_member_insert(conf_conn, call, "patient", 0, v.w.marius, &dup), ST_CONFLICT);
	assert_int_equal(store_video_call_of_appt(conf_conn, ar, v.appt_marius, &c), ST_OK);
	assert_int_equal(c.id, call);
	/* Members: found by who they are, never another call's. */
	video_member m;
	assert_int_equal(store_video_member_find(conf_conn, ar, call, 0, v.w.marius, &m), ST_OK);
	assert_int_equal(m.id, pat);
	assert_string_equal(m.name, "Marius Berg");
	assert_int_equal(store_video_member_find(conf_conn, ar, call, 0, v.w.silje, &m), ST_NOT_FOUND);
	assert_int_equal(store_video_member_find(conf_conn, ar, call, v.w.eirik, 0, &m), ST_NOT_FOUND);
	assert_int_equal(store_video_member_get(conf_conn, ar, call, pat2, &m), ST_NOT_FOUND);
	assert_int_equal(store_video_member_set_state(conf_conn, call, pat2, "admitted", 0, 0, 0), ST_NOT_FOUND);
	video_member *ms;
	size_t n;
	assert_int_equal(store_video_members(conf_conn, ar, call, &ms, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_string_equal(ms[0].role, "host");
	/* Messages: numbered per call; to one member or to all, not back to the sender; never another call's. */
	int64_t seq;
	assert_int_equal(store_video_signal_add(conf_conn, call, host, 0, "hello", "", NOW, &seq), ST_OK);
	assert_int_equal(seq, 1);
	assert_int_equal(store_video_signal_add(conf_conn, call, host, pat, "offer", "{\"sdp\":\"x\"}", NOW, &seq),
	                 ST_OK);
	assert_int_equal(seq, 2);
	assert_int_equal(store_video_signal_add(conf_conn, other, host2, pat2, "offer", "secret", NOW, &seq), ST_OK);
	assert_int_equal(seq, 1);
	assert_int_equal(store_video_signal_add(conf_conn, call, pat, host, "answer", "{}", NOW, &seq), ST_OK);
	video_signal *g;
	assert_int_equal(store_video_signals_for(conf_conn, ar, call, pat, 0, 10, &g, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_string_equal(g[0].kind, "hello");
	assert_string_equal(g[1].body, "{\"sdp\":\"x\"}");
	assert_int_equal(store_video_signals_for(conf_conn, ar, call, pat, 1, 10, &g, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_video_signals_for(conf_conn, ar, other, pat2, 0, 10, &g, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_string_equal(g[0].body, "secret");
	/* Ending: once; its messages dropped. */
	assert_int_equal(store_video_call_end(conf_conn, call, NOW), ST_OK);
	assert_int_equal(store_video_call_end(conf_conn, call, NOW), ST_CONFLICT);
	assert_int_equal(store_video_signals_drop(conf_conn, call), ST_OK);
	assert_int_equal(store_video_signals_for(conf_conn, ar, call, host, 0, 10, &g, &n), ST_OK);
	assert_int_equal(n, 0);
	/* The clinician's week: both appointments, video ones. */
	video_appt *va;
	assert_int_equal(store_video_appts_of_staff(conf_conn, ar, v.w.ingrid, NOW, NOW + 7 * 24 * HOUR, 10, &va, &n),
	                 ST_OK);
	assert_int_equal(n, 2);
	assert_true(va[0].video);
	assert_int_equal(va[0].call_id, call);
	arena_free(ar);
}

static void domain_rules(void **state)
{
	(void)state;
	struct vworld v;
	vworld_make(&v);
	arena *ar = arena_new();
	ctx m = fx_citizen(ar, NOW, v.w.marius, v.w.marius);
	ctx s = fx_citizen(ar, NOW, v.w.silje, v.w.silje);
	ctx ingrid = fx_staff_ctx(ar, NOW, v.w.ingrid_person, v.w.ingrid, ROLE_CLINICIAN);
	ctx eirik = fx_staff_ctx(ar, NOW, v.w.eirik_person, v.w.eirik, ROLE_CLINICIAN);
	video_room r;
	assert_int_equal(video_room_citizen(&s, v.appt_marius, &r), ST_NOT_FOUND);
	assert_int_equal(video_room_citizen(&m, v.appt_marius, &r), ST_OK);
	assert_int_equal(r.window, VIDEO_OPEN);
	int64_t call = r.call.id;
	assert_int_equal(video_room_staff(&eirik, v.appt_marius, &r), ST_NOT_FOUND);
	assert_int_equal(video_room_staff(&ingrid, v.appt_marius, &r), ST_OK);
	assert_int_equal(r.call.id, call);
	int64_t logged = fx_log_entries(v.w.marius);
	video_news nw, in;
	enum video_window w;
	assert_int_equal(video_join(&ingrid, call, &in, &w), ST_OK);
	assert_string_equal(in.state, "admitted");
	assert_int_equal(fx_log_entries(v.w.marius), logged + 1);
	assert_int_equal(video_join(&s, call, &nw, &w), ST_NOT_FOUND);
	assert_int_equal(video_join(&m, call, &nw, &w), ST_OK);
	assert_string_equal(nw.state, "waiting");
	problems pr = {0};
	assert_int_equal(video_send(&m, call, in.me, "offer", "{}", &pr), ST_DENIED);
	assert_int_equal(video_manage(&m, call, VIDEO_ADMIT, nw.me), ST_DENIED);
	assert_int_equal(video_manage(&ingrid, call, VIDEO_ADMIT, nw.me), ST_OK);
	assert_int_equal(video_send(&m, call, in.me, "offer", "{}", &pr), ST_OK);
	assert_int_equal(video_send(&m, call, 0, "offer", "{}", &pr), ST_INVALID);
	pr = (problems){0};
	assert_int_equal(video_send(&m, call, in.me, "roster", "", &pr), ST_INVALID);
	pr = (problems){0};
	bool wait;
	assert_int_equal(video_poll(&ingrid, call, in.next, &nw, &wait), ST_OK);
	assert_false(wait);
	assert_string_equal(nw.messages[nw.n - 1].kind, "offer");
	/* Outside the window: Silje's call opens at 30 minutes before two hours from now. */
	assert_int_equal(video_room_citizen(&s, v.appt_silje, &r), ST_OK);
	assert_int_equal(r.window, VIDEO_BEFORE);
	assert_int_equal(video_join(&s, r.call.id, &nw, &w), ST_DENIED);
	assert_int_equal(w, VIDEO_BEFORE);
	arena_free(ar);
}

/* A call nobody ended is ended once its members' time is over (its end and
 * VIDEO_OVERRUN_S), its messages dropped; a call still running is not. */
static void calls_past_their_time_end(void **state)
{
	(void)state;
	struct vworld v;
	vworld_make(&v);
	arena *ar = arena_new();
	int64_t host, pat, host2, pat2, seq, ended;
	int64_t over = call_for(&v, v.appt_marius, v.w.marius, &host, &pat);
	video_call later = {.kind = "appointment",
	                    .unit_id = v.w.oya,
	                    .appointment_id = v.appt_silje,
	                    .host_staff_id = v.w.ingrid,
	                    .starts_at = NOW + 2 * HOUR,
	                    .ends_at = NOW + 2 * HOUR + 1200};
	int64_t running;
	assert_int_equal(store_video_call_insert(conf_conn, &later, NOW, &running), ST_OK);
	assert_int_equal(store_video_member_insert(conf_conn, running, "host", v.w.ingrid, 0, &host2), ST_OK);
	assert_int_equal(store_video_member_insert(conf_conn, running, "patient", 0, v.w.silje, &pat2), ST_OK);
	assert_int_equal(store_video_signal_add(conf_conn, over, host, pat, "offer", "{}", NOW, &seq), ST_OK);
	assert_int_equal(store_video_signal_add(conf_conn, running, host2, pat2, "offer", "{}", NOW, &seq), ST_OK);
	ctx sys = {.arena = ar, .db = conf_conn, .now = NOW + 1200 + VIDEO_OVERRUN_S, .who = {.kind = ACTOR_SYSTEM}};
	assert_int_equal(video_end_past(&sys, &ended), ST_OK);
	assert_int_equal(ended, 0); /* members may run over until exactly then */
	sys.now++;
	assert_int_equal(video_end_past(&sys, &ended), ST_OK);
	assert_int_equal(ended, 1);
	video_call c;
	assert_int_equal(store_video_call_get(conf_conn, ar, over, &c), ST_OK);
	assert_string_equal(c.status, "ended");
	assert_int_equal(store_video_call_get(conf_conn, ar, running, &c), ST_OK);
	assert_string_equal(c.status, "open");
	video_signal *g;
	size_t n;
	assert_int_equal(store_video_signals_for(conf_conn, ar, over, pat, 0, 10, &g, &n), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_video_signals_for(conf_conn, ar, running, pat2, 0, 10, &g, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(video_end_past(&sys, &ended), ST_OK);
	assert_int_equal(ended, 0); /* once */
	arena_free(ar);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(calls_members_and_messages),
    cmocka_unit_test(domain_rules),
    cmocka_unit_test(calls_past_their_time_end),
};

CONF_GROUP(video, tests)
