/* messages.h (store) — SQL for secure messages (SPEC.md M1-M4):
 * conversations between a patient and a unit, their messages, each side's
 * read mark, attachments (bytes in the database, a BLOB/BYTEA), and the topics a
 * unit accepts new conversations on. Every query that takes a patient id
 * returns that patient's rows only; staff queries take the staff member and
 * the role bits that may work a unit's messages, and return only
 * conversations of units where they hold such a role. Strings live in the
 * given arena; lists are arena arrays. */
#ifndef HELSAMI_STORE_MESSAGES_H
#define HELSAMI_STORE_MESSAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/clock.h"
#include "db/db.h"
#include "store/files.h"

typedef struct conversation {
	int64_t id, patient_id, unit_id;
	int64_t clinician_id; /* staff id; 0: with the unit */
	int64_t assigned_to;  /* staff id; 0: nobody yet */
	const char *topic;    /* a code of domain/messages.h */
	const char *subject;  /* the citizen's or the sender's own words */
	bool reply_allowed;   /* whether the citizen may write in it */
	const char *status;   /* open, done */
	unix_time created_at, last_at;
	int64_t citizen_read_to; /* the newest message id the citizen's side has read */
	int64_t unit_read_to;    /* the same for the unit */
	/* read */
	const char *unit_name, *patient_name, *clinician_name, *assigned_name; /* names NULL when unset */
	int64_t reply_days;                                                    /* the unit's stated reply time */
	int64_t unread; /* list queries: messages from the other side past the reader's mark */
} conversation;

typedef struct message {
	int64_t id, conversation_id, patient_id;
	int64_t author_id;       /* a person */
	const char *author_role; /* citizen, representative, staff */
	bool for_unit;           /* staff wrote on behalf of the unit */
	bool reply_allowed;      /* staff: whether the citizen may answer */
	const char *body;
	unix_time created_at;
	const char *author_name; /* read */
} message;

typedef struct message_attachment {
	int64_t id, message_id, conversation_id, patient_id;
	stored_file file;
} message_attachment;

/* A unit's message settings (M2). */
typedef struct message_unit {
	int64_t unit_id;
	const char *name;
	bool accepts;       /* takes new conversations from its patients */
	int64_t reply_days; /* its stated reply time, working days (1-30) */
} message_unit;

/* A clinician of a unit and whether they accept new conversations there. */
typedef struct message_clinician {
	int64_t unit_id, staff_id;
	const char *name, *unit_name;
	bool accepts;
} message_clinician;

/* A unit the patient may start a conversation with, and one topic it
 * accepts: one row per (unit, topic). */
typedef struct message_unit_topic {
	int64_t unit_id;
	const char *unit_name;
	int64_t reply_days;
	const char *topic;
} message_unit_topic;

/* ---- units and topics -------------------------------------------------------- */

/* Sets whether the unit takes messages and its stated reply time. */
status store_msg_unit_settings(db_conn *c, int64_t unit_id, bool accepts, int64_t reply_days);
/* The unit accepts new conversations on topic (nothing when it did already). */
status store_msg_topic_add(db_conn *c, int64_t unit_id, const char *topic);
/* The units where the staff member holds one of roles (enum staff_role bits), by name. */
status store_msg_units_of_staff(db_conn *c, arena *ar, int64_t staff_id, unsigned roles, message_unit **out, size_t *n);
/* ST_NOT_FOUND for no such unit. */
status store_msg_unit_get(db_conn *c, arena *ar, int64_t unit_id, message_unit *out);
/* The topic codes the unit accepts, in code order (an arena array of strings). */
status store_msg_topics_of_unit(db_conn *c, arena *ar, int64_t unit_id, const char ***out, size_t *n);
/* Removes every topic of the unit (before the new set is added). */
status store_msg_topics_clear(db_conn *c, int64_t unit_id);
/* The unit's active clinicians, by name, each with whether they accept new
 * conversations there. */
status store_msg_clinicians_of_unit(db_conn *c, arena *ar, int64_t unit_id, message_clinician **out, size_t *n);
/* Removes every clinician's acceptance at the unit (before the new set). */
status store_msg_clinicians_clear(db_conn *c, int64_t unit_id);
status store_msg_clinician_add(db_conn *c, int64_t unit_id, int64_t staff_id);
/* The clinicians who accept new conversations at units the patient belongs
 * to that take messages, by unit and name. */
status store_msg_clinicians_for_patient(db_conn *c, arena *ar, int64_t patient_id, size_t max, message_clinician **out,
                                        size_t *n);
/* Every (unit, topic) the patient may write to: units they are a patient of
 * that take messages, by unit name and topic. */
status store_msg_topics_for_patient(db_conn *c, arena *ar, int64_t patient_id, size_t max, message_unit_topic **out,
                                    size_t *n);

/* ---- conversations ----------------------------------------------------------- */

status store_conv_insert(db_conn *c, const conversation *v, int64_t *id);
/* The patient's conversation; ST_NOT_FOUND for anyone else's. */
status store_conv_get(db_conn *c, arena *ar, int64_t patient_id, int64_t id, conversation *out);
/* The conversation when it is at a unit where staff_id holds one of roles;
 * else ST_NOT_FOUND. */
status store_conv_for_staff(db_conn *c, arena *ar, int64_t staff_id, unsigned roles, int64_t id, conversation *out);
/* The patient's conversations, newest first, with unread counting the
 * unit's messages past citizen_read_to. */
status store_conv_of_patient(db_conn *c, arena *ar, int64_t patient_id, size_t max, conversation **out, size_t *n,
                             bool *more);
/* Open conversations of the units where staff_id holds one of roles, oldest
 * activity first; mine: only those assigned to them or with them as
 * clinician. unread counts the citizen side's messages past unit_read_to. */
status store_conv_queue(db_conn *c, arena *ar, int64_t staff_id, unsigned roles, bool mine, size_t max,
                        conversation **out, size_t *n, bool *more);
/* After a message: last_at, status open, and reply_allowed (when set >= 0). */
status store_conv_touched(db_conn *c, int64_t id, unix_time at, int reply_allowed);
/* Raises the side's read mark to upto (never lowers it). unit_side: the unit's
 * side, else the citizen's. */
status store_conv_read(db_conn *c, int64_t id, bool unit_side, int64_t upto);
/* seen: false when someone else assigned it (the assignee's notice stays
 * until they open it: store_conv_assignee_saw). */
status store_conv_assign(db_conn *c, int64_t id, int64_t staff_id, bool seen);
/* The assignee opened it: their notice ends (ST_OK also when there was none). */
status store_conv_assignee_saw(db_conn *c, int64_t id, int64_t staff_id);
/* How many open conversations of units where the staff member holds one of
 * roles wait for them: with citizen messages the unit has not read, or
 * assigned to them by a colleague and not opened since. A count only. */
status store_conv_waiting_for_staff(db_conn *c, int64_t staff_id, unsigned roles, int64_t *out);
/* The active staff of the unit holding one of roles, by name (one row each). */
status store_msg_staff_of_unit(db_conn *c, arena *ar, int64_t unit_id, unsigned roles, message_clinician **out,
                               size_t *n);
/* Marks it done; ST_CONFLICT when it is done already. */
status store_conv_done(db_conn *c, int64_t id);
/* How many unread unit messages the patient has in all. */
status store_conv_unread_of_patient(db_conn *c, int64_t patient_id, int64_t *out);

/* ---- messages ---------------------------------------------------------------- */

status store_msg_insert(db_conn *c, const message *m, int64_t *id);
/* The conversation's messages, oldest first. */
status store_msg_of_conversation(db_conn *c, arena *ar, int64_t conversation_id, size_t max, message **out, size_t *n);

/* ---- attachments -------------------------------------------------------------- */

/* Stores the file's len bytes (a BLOB/BYTEA column) with its row. */
status store_att_insert(db_conn *c, const message_attachment *a, const uint8_t *data, size_t len, int64_t *id);
/* The conversation's attachments (no bytes), by message and id. */
status store_att_of_conversation(db_conn *c, arena *ar, int64_t conversation_id, size_t max, message_attachment **out,
                                 size_t *n);
/* One attachment of the conversation with its bytes (*data, *len, in ar);
 * ST_NOT_FOUND for an id of another conversation. */
status store_att_get(db_conn *c, arena *ar, int64_t conversation_id, int64_t id, message_attachment *out,
                     const uint8_t **data, size_t *len);

#endif
