/* notify.h — delivering notifications (SPEC.md N1, N2, S2, A2): the rules
 * that turn an outbox event into deliveries, what a notification says, the
 * retry schedule, the citizen's in-app notices and the operator's outbox.
 *
 * Fan-out: an event about person P becomes one delivery per channel P chose
 * for the event's kind (S2), and one per channel for each representative
 * who may act for P now (a valid representation whose access kind covers
 * the event's area), with that representative's own choices and about P.
 * Nobody gets a delivery when their account is deactivated (A2), and no
 * representative when the event is hidden from guardians (an item
 * confidential for a child of 12-15: no parent may learn even that it
 * exists). A unique (event, channel, recipient) makes it one notice per
 * event, channel and person, however often fan-out runs.
 *
 * Texts: only that something new waits in helsami and a link to log in, in
 * the recipient's language; never the kind, the unit, a clinician or a
 * name (N1 "never contains health information"). */
#ifndef HELSAMI_DOMAIN_NOTIFY_H
#define HELSAMI_DOMAIN_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/core.h"
#include "core/ctx.h"
#include "store/letter_delivery.h"
#include "store/outbox.h"

enum {
	NOTIFY_FANOUT_BATCH = 100, /* events fanned out per transaction: short write locks on SQLite */
	NOTIFY_INBOX_MAX = 50,     /* in-app notices shown; older ones are past interest */
	NOTIFY_OUTBOX_PAGE = 50,   /* rows on the operator's outbox page per status */
	NOTIFY_ERROR_MAX = 200,    /* last_error's length (a CHECK in migration 13) */
};

/* Fans out up to max events not fanned out yet, in x->db's transaction
 * (call through domain_tx, write). *events: how many were fanned out,
 * *deliveries: how many deliveries were added (in-app ones are delivered
 * by being written). x is the system's context (x->now). */
status notify_fan_out(ctx *x, size_t max, size_t *events, size_t *deliveries);

/* The wait before attempt number attempts + 1, after `attempts` failed
 * ones: base * 2^(attempts-1), capped at 6 hours, with equal jitter (half
 * fixed, half from random), so many failed deliveries do not come back at
 * the same second. base 0: a second (tests); never less than a second. */
int64_t notify_backoff(int64_t base_s, int attempts, uint32_t random);

/* What a notification says. about_other: the event concerns someone the
 * recipient acts for. login_url: where to log in. In the arena. */
typedef struct notify_text {
	const char *subject; /* e-mail subject, UTF-8 */
	const char *body;    /* e-mail body, plain text, UTF-8, lines ending \n */
	const char *sms;     /* one SMS */
} notify_text;
void notify_compose(arena *a, enum locale loc, bool about_other, const char *login_url, notify_text *out);

/* ---- the citizen's in-app notices (CAP_N1_NOTIFICATIONS) ------------------
 * Always the logged-in person's own (x->who.person_id), whoever's record is
 * open: a representative's notices about those they act for are theirs. */

status notify_inbox(const ctx *x, delivery **out, size_t *n);
/* The number for the page header; 0 for anyone but a citizen. */
status notify_unread(const ctx *x, int64_t *out);
status notify_mark_read(const ctx *x);

/* ---- the operator's outbox (CAP_ADMIN) -------------------------------------
 * The operator runs the installation and reads no one's record (D4): the
 * page shows a delivery's id, event id, channel, status, attempts, times
 * and our own error text, never who it is for or what kind of event it is
 * (with a person, a kind such as test_result would say something). */

extern const char *const notify_statuses[]; /* pending, sent, failed, dead; NULL-terminated */
typedef struct notify_outbox_view {
	int64_t counts[4]; /* by notify_statuses */
	delivery *rows;
	size_t n;
	bool more;
	/* Letters to the national portal and the digital mailbox
	 * (jobs/letter_delivery.h): counts by notify_statuses, the newest dead
	 * ones (a letter's id and the adapter: no one's name, no kind). */
	int64_t letter_counts[4];
	letter_delivery *dead_letters;
	size_t ndead_letters;
	/* Letters waiting in the print queue, by notify_paper_reasons: counts
	 * only, so the operator can tell a reservation from "cannot be
	 * notified" from an unopened letter without learning whose. */
	int64_t paper_counts[3];
} notify_outbox_view;
/* unopened, reserved, unreachable (citizen_document.paper_reason); NULL-terminated */
extern const char *const notify_paper_reasons[];
/* The counts and the newest deliveries with status st (one of
 * notify_statuses; ST_INVALID otherwise), and the letter deliveries'. */
status notify_outbox(const ctx *x, const char *st, notify_outbox_view *out);
/* The operator's retry (CAP_ADMIN): puts a delivery back in line, due
 * now, with a fresh count of attempts, and writes it into the access log
 * of the person it concerns (action "retry", purpose "operations": the
 * operator changed how something of theirs is sent, and read nothing).
 * A notification may be failed or dead, a letter must be dead (a failed
 * letter is retried anyway). ST_NOT_FOUND when the queue has no such
 * delivery, ST_CONFLICT when it has another status; nothing changed. */
enum outbox_queue { OUTBOX_NOTIFICATIONS, OUTBOX_LETTERS };
status notify_outbox_retry(const ctx *x, enum outbox_queue q, int64_t delivery_id);

#endif
