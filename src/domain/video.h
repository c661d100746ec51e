/* video.h — the rules of video consultations (SPEC.md P5; docs/video.md).
 *
 * A call belongs to an appointment (one is made the first time a video
 * appointment's call page is opened, or when its clinician turns the
 * appointment into a video one) or, for internal and group calls, to a
 * clinician's invitation (the tables hold them; creating them has no page
 * yet). Only the call's members may join: the clinicians on it and the
 * patient, whom a representative whose access kind holds CAP_P5_VIDEO may
 * stand in for. Joining is open from VIDEO_EARLY_S before the start until
 * the end; patients wait until a clinician lets them in. Signaling messages
 * go only between admitted members of one call; a forged or foreign call
 * or member is ST_NOT_FOUND. */
#ifndef HELSAMI_DOMAIN_VIDEO_H
#define HELSAMI_DOMAIN_VIDEO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "domain/problems.h"
#include "store/appointments.h"
#include "store/video.h"

enum {
	/* A browser mesh: each member sends its media to every other, so
	 * uplink and CPU grow with the count; six is where phones on mobile
	 * networks still cope (docs/video.md names what replaces it). */
	VIDEO_MEMBERS_MAX = 6,
	/* Joining opens 30 minutes before the start (the pre-call check and
	 * the waiting room) ... */
	VIDEO_EARLY_S = 30 * 60,
	/* ... and closes at the end; those already in may run over this long. */
	VIDEO_OVERRUN_S = 30 * 60,
	/* An SDP offer with every codec is 5-8 kB; a candidate a few hundred bytes. */
	VIDEO_BODY_MAX = 16 * 1024,
	/* Messages handed out per poll; the rest come with the next. */
	VIDEO_POLL_BATCH = 100,
	/* TURN credentials last a day (coturn checks the expiry). */
	VIDEO_TURN_TTL_S = 24 * 3600,
	/* The days ahead a clinician's video list shows. */
	VIDEO_LIST_DAYS = 7,
	VIDEO_LIST_MAX = 200,
};

enum video_window { VIDEO_BEFORE = 0, VIDEO_OPEN, VIDEO_AFTER, VIDEO_ENDED };

/* The call page's view: the call, who I am on it and who else is. */
typedef struct video_room {
	video_call call;
	video_member me;
	video_member *members;
	size_t nmembers;
	enum video_window window;
	appointment appt; /* citizen view only: the appointment (type, fee, clinician, unit) */
	video_appt vappt; /* staff view only */
} video_room;

/* A citizen opens the call of an appointment of the open record (a
 * representative's view is logged). ST_NOT_FOUND for someone else's, a
 * cancelled one or one that is not a video appointment. */
status video_room_citizen(const ctx *x, int64_t appointment_id, video_room *out);
/* A clinician opens the call of a patient's video appointment, by the role
 * they hold at the patient's unit (authz_patient: ST_DENIED or
 * ST_NOT_FOUND as it says); the appointment's own clinician is the host, a
 * colleague joins as a clinician member. Logged in the patient's access
 * log. ST_NOT_FOUND for an appointment that is not a video one. */
status video_room_staff(const ctx *x, int64_t appointment_id, video_room *out);
/* Whether an appointment the reader has been shown (appt_get: authorized
 * and logged there) is a video one, and when its call was held (0: not). */
status video_appt_info(const ctx *x, const appointment *ap, bool *video, unix_time *held_at);
/* A clinician (as above) turns the appointment into a video one (makes its call). */
status video_make_video(const ctx *x, int64_t appointment_id);
/* The staff member's booked appointments for the next VIDEO_LIST_DAYS,
 * with whether each is a video one; each listed is logged as a read. */
status video_staff_list(const ctx *x, video_appt **out, size_t *n);

/* What a member learns from a join or a poll. */
typedef struct video_news {
	const char *state; /* the member's: waiting, admitted, left, removed; "ended" when the call is over */
	int64_t me;        /* my member id */
	bool muted;
	video_signal *messages;
	size_t n;
	int64_t next; /* ask for messages after this next time */
	video_member *members;
	size_t nmembers;
	bool host; /* I may admit, remove, mute and end */
} video_news;

/* Joins the call: clinicians are in at once, patients wait (or stay in
 * after a reload). ST_DENIED outside the window (*window tells which). */
status video_join(const ctx *x, int64_t call_id, video_news *out, enum video_window *window);
/* The messages for me after `after`; *wait when there is nothing yet. */
status video_poll(const ctx *x, int64_t call_id, int64_t after, video_news *out, bool *wait);
/* The kinds a member's page may send (NULL-terminated). */
extern const char *const video_signal_kinds[];
/* Sends a signaling message to member `to` (0: every member, hello and bye
 * only). ST_INVALID with problems for a bad kind or body; ST_NOT_FOUND for
 * a member not on this call; ST_DENIED when I am not let in. */
status video_send(const ctx *x, int64_t call_id, int64_t to, const char *kind, const char *body, problems *pr);
status video_leave(const ctx *x, int64_t call_id);

enum video_action { VIDEO_ADMIT, VIDEO_REMOVE, VIDEO_MUTE, VIDEO_UNMUTE, VIDEO_END };
/* A clinician on the call acts on a member (ignored for VIDEO_END).
 * ST_DENIED for a patient; ST_NOT_FOUND for a member of another call;
 * ST_CONFLICT when the member is not in the state the action needs, or the
 * mesh is full. */
status video_manage(const ctx *x, int64_t call_id, enum video_action action, int64_t member_id);

/* ---- calls of their own: internal and group ----
 * A clinician's call not on an appointment: an internal consultation with
 * colleagues (no patient), or a group (a course, group therapy) of the
 * unit's patients, at a unit where the clinician's role holds P5; the
 * clinician hosts it and invites. */
enum {
	VIDEO_TITLE_MAX = 120,
	VIDEO_MINUTES_MIN = 10,
	VIDEO_MINUTES_MAX = 240,
};

typedef struct video_new {
	const char *kind; /* "internal" or "group" */
	int64_t unit_id;
	const char *title;
	date day;         /* Norwegian wall clock */
	int start_minute; /* of the day, 0..1439 */
	int minutes;
} video_new;

/* The units where a role of mine holds P5, by name: where I may make one. */
status video_my_units(const ctx *x, unit_rules **out, size_t *n);
/* Makes the call with me as its host. ST_INVALID with problems (title,
 * start, kind); ST_NOT_FOUND for a unit I do not work at, ST_DENIED for
 * one where no role of mine holds P5. */
status video_create(const ctx *x, const video_new *in, problems *pr, int64_t *call_id);

/* A clinician on the call (its host, or one invited: clinicians manage a
 * call together) invites a colleague holding P5 at the call's unit, or (a
 * group only) a patient of that unit by identity number; the patient is told
 * that something waits and the invitation is in their access log.
 * ST_INVALID with problems ("staff", "nin") for someone who cannot be
 * invited, or when the call holds VIDEO_MEMBERS_MAX; ST_NOT_FOUND for a
 * call I am not on or an appointment's; ST_CONFLICT when the call is over. */
status video_invite_staff(const ctx *x, int64_t call_id, int64_t staff_id, problems *pr);
status video_invite_patient(const ctx *x, int64_t call_id, const char *nin, problems *pr);

/* The calls of their own I am on (staff), or the open record is on
 * (citizen, a representative's view logged), not yet over, for the coming
 * VIDEO_LIST_DAYS, by start. */
status video_my_calls(const ctx *x, video_call **out, size_t *n);

/* Such a call's page for a member: the call, me, the members and the
 * window; for its clinicians also the unit's clinicians who may be invited
 * (*colleagues). ST_NOT_FOUND for anyone not on it, a staff member who no
 * longer works at its unit, and an appointment's call (its own pages serve
 * it). */
status video_room_own(const ctx *x, int64_t call_id, video_room *out, unit_clinician **colleagues, size_t *ncolleagues);

/* Ends every open call whose members' time (its end and VIDEO_OVERRUN_S) is
 * over at x->now, keeping none of its signaling; *ended the calls (a job). */
status video_end_past(const ctx *x, int64_t *ended);

/* Time-limited TURN credentials as coturn's REST API checks them
 * (use-auth-secret): username "EXPIRY:USER", credential
 * base64(HMAC-SHA1(secret, username)). In the arena. */
void video_turn_credential(arena *a, const char *secret, unix_time expiry, const char *user, const char **username,
                           const char **credential);

#endif
