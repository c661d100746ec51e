/* messages.h — secure messages between citizens and their health services
 * (SPEC.md M1-M4).
 *
 * A conversation is between a patient and one unit (and, when staff wrote
 * as themselves, one member of staff). Staff start one from the patient's
 * chart (M1: CAP_M1_SEND in the role held at the patient's unit), as
 * themselves or for the unit, and say with each message whether the citizen
 * may reply. A citizen starts one only with a unit they are a patient of
 * that takes messages, on a topic it accepts (M2), and writes in one only
 * while its latest staff message allows replies. Staff work the open
 * conversations of their units (M4: CAP_M4_STAFF_MESSAGES at the
 * conversation's unit): their own queue (assigned to them or with them),
 * the unit's, assign to themselves, mark done; each side's read mark tells
 * the other what was read. Attachments (M3): under the upload rules
 * (domain/uploads.h), at most UPLOAD_FILES_MAX per message.
 *
 * A representative whose access kind holds CAP_M2_MESSAGES acts for the
 * person (the dispatcher checks the route's capability). Every read and
 * write by anyone but the patient is in the patient's access log, in the
 * same transaction: a representative's as "representation" (both
 * identities), staff's through chart_audit (area "messages"). A new staff
 * message is an outbox event "new_message" (no content: domain/notify.h).
 *
 * Someone else's conversation or attachment is ST_NOT_FOUND; a role that
 * lacks the capability at the unit ST_DENIED (or ST_NOT_FOUND where the
 * conversation belongs to a unit the reader does not work at); a reply
 * where replies are closed ST_DENIED; bad input ST_INVALID with problems
 * on the fields subject, topic, unit, body and attachment. */
#ifndef HELSAMI_DOMAIN_MESSAGES_H
#define HELSAMI_DOMAIN_MESSAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "domain/problems.h"
#include "domain/record.h"
#include "domain/uploads.h"
#include "store/messages.h"

enum {
	MSG_SUBJECT_MAX = 200,
	MSG_BODY_MAX = 5000,     /* a long letter; the CHECK in migration 16 */
	MSG_LIST_MAX = 100,      /* conversations on the citizen's page */
	MSG_THREAD_MAX = 500,    /* messages shown in one conversation */
	MSG_QUEUE_MAX = 100,     /* rows of a staff queue */
	MSG_TOPICS_MAX = 200,    /* (unit, topic) pairs offered */
	MSG_REPLY_DAYS_MAX = 30, /* a stated reply time past six weeks is no promise; the CHECK in migration 16 */
};

/* The topics a unit may accept, NULL-terminated; texts are the catalog's
 * messages.topic.CODE. */
extern const char *const msg_topics[];

/* A conversation with its messages and attachments. */
typedef struct msg_thread {
	conversation conv;
	message *messages;
	size_t n;
	message_attachment *attachments;
	size_t natt;
	record_patient patient;        /* staff: the patient and the basis of access */
	message_clinician *colleagues; /* staff: who at the unit may be assigned it */
	size_t ncolleagues;
	bool may_reply; /* the reader may write in it now */
} msg_thread;

/* ---- the citizen (x->subject_id's record) --------------------------------------- */

/* The open record's conversations (record_citizen_list, CAP_M2_MESSAGES). */
status msg_citizen_list(const ctx *x, conversation **out, size_t *n, bool *more);
/* The units and topics x->subject_id may write to. */
status msg_citizen_topics(const ctx *x, message_unit_topic **out, size_t *n);
/* The clinicians x->subject_id may write to: those who accept new
 * conversations at a unit of theirs that takes messages. */
status msg_citizen_clinicians(const ctx *x, message_clinician **out, size_t *n);

typedef struct msg_new {
	int64_t unit_id;
	int64_t clinician_id; /* staff id, to one clinician of the unit; 0: to the unit */
	const char *topic, *subject, *body;
	const upload_file *files;
	size_t nfiles;
} msg_new;
/* A clinician who does not accept at any unit of the patient's is
 * ST_NOT_FOUND; one who does, but at another unit than chosen, a problem on
 * "clinician". */
status msg_citizen_start(const ctx *x, const msg_new *in, problems *pr, int64_t *id);
/* The conversation, its unit's messages marked read. */
status msg_citizen_thread(const ctx *x, int64_t id, msg_thread *out);
status msg_citizen_reply(const ctx *x, int64_t id, const char *body, const upload_file *files, size_t nfiles,
                         problems *pr);
/* One attachment's bytes (x->arena). */
status msg_citizen_attachment(const ctx *x, int64_t id, int64_t att_id, message_attachment *out, const uint8_t **data,
                              size_t *len);

/* ---- staff -------------------------------------------------------------------------- */

/* Open conversations of the reader's units; mine: assigned to them or with
 * them. Names and topics only, like the other queues: not logged; opening
 * one is. */
status msg_staff_queue(const ctx *x, bool mine, conversation **out, size_t *n, bool *more);
/* The conversation (logged), the unit's side marked read. */
status msg_staff_thread(const ctx *x, int64_t id, msg_thread *out);

typedef struct msg_send {
	const char *topic, *subject; /* start only */
	const char *body;
	bool for_unit;      /* on behalf of the unit rather than as themselves */
	bool reply_allowed; /* the citizen may answer */
	const upload_file *files;
	size_t nfiles;
} msg_send;
/* The patient's register entry for the compose page, under CAP_M1_SEND
 * (logged as opening the form, like any chart page). */
status msg_staff_compose(const ctx *x, int64_t patient_id, record_patient *out);
status msg_staff_start(const ctx *x, int64_t patient_id, const msg_send *in, problems *pr, int64_t *id);
status msg_staff_reply(const ctx *x, int64_t id, const msg_send *in, problems *pr);
/* Assigns the conversation to `to` (a staff id), or to the reader when 0.
 * `to` must work the unit's messages (CAP_M4_STAFF_MESSAGES in a role at
 * the conversation's unit): anyone else, staff of another unit included, is
 * ST_NOT_FOUND and nothing changes. A colleague assigned it sees it as new
 * until they open it (msg_staff_waiting). */
status msg_staff_assign(const ctx *x, int64_t id, int64_t to);
/* The number for the staff header (N1 for staff): open conversations of the
 * reader's units with citizen messages the unit has not read, and those a
 * colleague assigned to them that they have not opened. A count, never
 * content; 0 for a reader without CAP_M4_STAFF_MESSAGES. */
status msg_staff_waiting(const ctx *x, int64_t *out);
/* ST_CONFLICT when it is done already. */
status msg_staff_done(const ctx *x, int64_t id);
status msg_staff_attachment(const ctx *x, int64_t id, int64_t att_id, message_attachment *out, const uint8_t **data,
                            size_t *len);

/* ---- a unit's message settings (M2: CAP_M2_UNIT_SETTINGS in the role held at
 * that unit; a unit the reader does not work at is ST_NOT_FOUND, one where
 * no role of theirs holds it ST_DENIED) -------------------------------------- */

typedef struct msg_unit_settings {
	message_unit unit;
	const char **topics; /* accepted topic codes */
	size_t ntopics;
	message_clinician *clinicians; /* every clinician of the unit, with their choice */
	size_t nclinicians;
} msg_unit_settings;

/* The units whose settings the reader may change, by name (ids and names). */
status msg_settings_units(const ctx *x, message_unit **out, size_t *n);
status msg_settings_get(const ctx *x, int64_t unit_id, msg_unit_settings *out);

typedef struct msg_settings_in {
	bool accepts;
	int64_t reply_days; /* 1-30 */
	const char *const *topics;
	size_t ntopics;
	const int64_t *clinicians; /* staff ids who accept new conversations */
	size_t nclinicians;
} msg_settings_in;
/* Replaces the unit's settings. A unit that takes messages needs a topic
 * (problem on "topics"); a staff id that is not a clinician of the unit is
 * ST_NOT_FOUND (a forged id), and nothing is changed. */
status msg_settings_set(const ctx *x, int64_t unit_id, const msg_settings_in *in, problems *pr);

#endif
