/* video.h (store) — SQL for video consultations (SPEC.md P5): calls, their
 * members (who may join, and where each stands: invited, waiting, admitted,
 * left, removed) and the signaling messages relayed between members.
 *
 * A call's messages are numbered per call (video_call.last_seq): taking the
 * next number locks the call's row, so on both backends messages commit in
 * number order and a reader asking for those after N never skips one.
 * Every query about a member names its call: another call's member answers
 * ST_NOT_FOUND. Times are UTC seconds; strings live in the given arena. */
#ifndef HELSAMI_STORE_VIDEO_H
#define HELSAMI_STORE_VIDEO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/clock.h"
#include "db/db.h"

typedef struct video_call {
	int64_t id;
	const char *kind; /* appointment, internal, group */
	int64_t unit_id;
	int64_t appointment_id; /* 0 unless kind is appointment */
	int64_t host_staff_id;
	const char *title; /* NULL for an appointment's call */
	unix_time starts_at, ends_at;
	const char *status; /* open, ended */
	int64_t last_seq;
	unix_time held_at;  /* when a patient was first let in; 0 if never */
	unix_time ended_at; /* 0 while open */
} video_call;

typedef struct video_member {
	int64_t id, call_id;
	const char *role;   /* host, clinician, patient */
	int64_t staff_id;   /* 0 for a patient */
	int64_t patient_id; /* 0 for a clinician */
	const char *name;   /* the clinician's or the patient's */
	const char *state;  /* invited, waiting, admitted, left, removed */
	bool muted;
	int64_t joined_by; /* the person who came (a representative for a child), 0 if never */
	unix_time joined_at, left_at;
} video_member;

typedef struct video_signal {
	int64_t seq, from_member, to_member; /* to_member 0: to every member */
	const char *kind, *body;
	unix_time created_at;
} video_signal;

/* Inserts a call (status open, last_seq 0); ST_CONFLICT when the appointment
 * has one already. */
status store_video_call_insert(db_conn *c, const video_call *v, unix_time now, int64_t *id);
/* The call; ST_NOT_FOUND when none. */
status store_video_call_get(db_conn *c, arena *ar, int64_t id, video_call *out);
/* The appointment's call; ST_NOT_FOUND when it has none. */
status store_video_call_of_appt(db_conn *c, arena *ar, int64_t appointment_id, video_call *out);
/* Marks the call held (the first time a patient is let in). */
status store_video_call_held(db_conn *c, int64_t id, unix_time at);
/* Ends an open call; ST_CONFLICT when it had ended already. */
status store_video_call_end(db_conn *c, int64_t id, unix_time at);

/* Adds a member; ST_CONFLICT when that clinician or patient is on the call already. */
status store_video_member_insert(db_conn *c, int64_t call_id, const char *role, int64_t staff_id, int64_t patient_id,
                                 int64_t *id);
/* The call's member who is the staff member (staff_id) or the patient
 * (patient_id; give one, the other 0). ST_NOT_FOUND when not on the call. */
status store_video_member_find(db_conn *c, arena *ar, int64_t call_id, int64_t staff_id, int64_t patient_id,
                               video_member *out);
/* One member of the call; ST_NOT_FOUND for another call's. */
status store_video_member_get(db_conn *c, arena *ar, int64_t call_id, int64_t member_id, video_member *out);
/* The call's members, host first, then by id (at most VIDEO_MEMBERS_MAX + 1). */
status store_video_members(db_conn *c, arena *ar, int64_t call_id, video_member **out, size_t *n);
/* Sets a member's state; joined_by and the times are kept when 0. */
status store_video_member_set_state(db_conn *c, int64_t call_id, int64_t member_id, const char *state,
                                    int64_t joined_by, unix_time joined_at, unix_time left_at);
status store_video_member_set_muted(db_conn *c, int64_t call_id, int64_t member_id, bool muted);

/* Appends a message with the call's next number (*seq); to_member 0 for all. */
status store_video_signal_add(db_conn *c, int64_t call_id, int64_t from_member, int64_t to_member, const char *kind,
                              const char *body, unix_time at, int64_t *seq);
/* The messages for member after seq: to them or to all, not their own, by
 * number, at most max. */
status store_video_signals_for(db_conn *c, arena *ar, int64_t call_id, int64_t member_id, int64_t after, size_t max,
                               video_signal **out, size_t *n);
/* Drops an ended call's messages (the media keys they carried are of no use). */
status store_video_signals_drop(db_conn *c, int64_t call_id);
/* The open calls of their own (internal and group, not an appointment's)
 * that ends after `from` and start before `to`, on which the staff member
 * (staff_id) or the patient (patient_id; the other 0) is a member not
 * removed, by start, at most max. */
status store_video_calls_of_member(db_conn *c, arena *ar, int64_t staff_id, int64_t patient_id, unix_time from,
                                   unix_time to, size_t max, video_call **out, size_t *n);
/* Ends at `at` every open call whose end is before ended_before, and drops
 * those calls' messages; *n the calls ended. */
status store_video_end_past(db_conn *c, unix_time ended_before, unix_time at, int64_t *n);

/* A clinician's appointment in a time range, with whether it is a video one. */
typedef struct video_appt {
	int64_t appointment_id, patient_id, unit_id, call_id; /* call_id 0: none yet */
	unix_time start_at, end_at;
	const char *patient_name, *type_nb, *type_en, *unit_name;
	bool video; /* the type's mode is video, or it has a call */
	unix_time held_at;
} video_appt;
/* The staff member's booked appointments from..to, by time, at most max. */
status store_video_appts_of_staff(db_conn *c, arena *ar, int64_t staff_id, unix_time from, unix_time to, size_t max,
                                  video_appt **out, size_t *n);
/* One booked appointment as above, whoever's it is; ST_NOT_FOUND when none. */
status store_video_appt_get(db_conn *c, arena *ar, int64_t appointment_id, video_appt *out, int64_t *staff_id);

#endif
