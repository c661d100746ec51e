/* services.h — municipal services (SPEC.md K1–K3): the catalogue of the
 * services offices of the citizen's municipality (the municipality of their
 * registered address), applications whose form is a FHIR Questionnaire run
 * by the questionnaire engine (domain/questionnaires.h), casework and
 * decisions, appeals.
 *
 * Who: a citizen on their own record, or a representative whose access
 * kind holds the capability (CAP_K1_APPLY to apply and follow the case,
 * CAP_K3_APPEAL to appeal); a representative's reads and changes go to the
 * access log. Caseworkers (CAP_K2_CASEWORK) work on applications to the
 * units where they hold the caseworker role; anyone else's application is
 * ST_NOT_FOUND. Every staff read and change goes to the access log
 * (chart_audit_for, purpose "casework").
 *
 * Attachments (K1, K3): the applicant adds files to a draft (and may
 * remove them while it is a draft), to a reply to a request for
 * information and to an appeal, each form under the upload rules
 * (domain/uploads.h) and at most SERVICES_FILES_MAX in one case (problems
 * on "attachment"). The applicant's side and the caseworker of the case
 * read them; anyone else gets ST_NOT_FOUND.
 *
 * Letters: submitting makes a receipt, deciding a decision letter,
 * reconsidering an appeal an outcome letter, each in the document centre
 * at once (domain/documents.h; the PDF is made by the letter job). Events
 * in the outbox say only that a letter or a message waits. */
#ifndef HELSAMI_DOMAIN_SERVICES_H
#define HELSAMI_DOMAIN_SERVICES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/core.h"
#include "core/ctx.h"
#include "domain/problems.h"
#include "domain/questionnaire_form.h"
#include "domain/uploads.h"
#include "store/services.h"

enum {
	SERVICES_LIST_MAX = 100,
	SERVICES_QUEUE_MAX = 100,
	SERVICES_MESSAGES_MAX = 100,
	SERVICES_TEXT_MAX = 2000,    /* a message on the case */
	SERVICES_REASONS_MAX = 4000, /* reasons, an appeal */
	SERVICES_SCOPE_MAX = 200,
	SERVICES_APPEAL_DAYS = 21, /* forvaltningsloven § 29: three weeks */
	SERVICES_FILES_MAX = 20,   /* attachments of one case in all: the documents one application needs */
};

typedef struct services_home {
	const char *municipality; /* NULL without a registered address */
	municipal_service *services;
	size_t nservices;
	service_application *applications; /* the open record's, newest first */
	size_t napplications;
	bool more;
} services_home;

/* One application as a page shows it. */
typedef struct application_view {
	service_application a;
	qf_form form;
	qf_answer *answers;
	bool *enabled;
	case_message *messages;
	size_t nmessages;
	citizen_document *letters; /* oldest first */
	size_t nletters;
	service_attachment *attachments; /* oldest first, without their bytes */
	size_t nattachments;
	bool editable;    /* a draft the reader may change */
	bool can_reply;   /* information asked for, and the reader may answer */
	bool can_appeal;  /* decided, within the deadline, and the reader holds K3 */
	bool appeal_late; /* decided, but the deadline has passed */
} application_view;

/* ---- citizens ----------------------------------------------------------------------- */

status services_home_get(const ctx *x, services_home *out);
/* Starts a draft application for a service of the record's municipality. */
status services_start(const ctx *x, int64_t service_id, int64_t *id);
status services_application(const ctx *x, int64_t id, application_view *out);
/* Saves the draft's answers (as questionnaires_answer), or submits it:
 * then a receipt and an event. ST_CONFLICT when saved by someone else
 * since `revision` or no longer a draft. */
status services_save(const ctx *x, int64_t id, int64_t revision, const qf_counts *counts, qf_answer *answers,
                     size_t nanswers, bool submit, problems *pr);
/* Answers a request for information ("text", files[0..n)): the case goes
 * back to the caseworker. */
status services_reply(const ctx *x, int64_t id, const char *text, const upload_file *files, size_t n, problems *pr);
/* Appeals a decision ("text", files[0..n)), within the deadline: problems
 * on "text" and "attachment", "services.appeal.late" after it. */
status services_appeal(const ctx *x, int64_t id, const char *text, const upload_file *files, size_t n, problems *pr);
/* Adds files[0..n) to a draft (problems on "attachment"); ST_CONFLICT
 * when it is no longer a draft. */
status services_attach(const ctx *x, int64_t id, const upload_file *files, size_t n, problems *pr);
/* Removes attachment att_id from a draft. */
status services_detach(const ctx *x, int64_t id, int64_t att_id);
/* Attachment att_id of application id with its bytes (x->arena). */
status services_attachment(const ctx *x, int64_t id, int64_t att_id, service_attachment *out, const uint8_t **data,
                           size_t *len);

/* ---- caseworkers -------------------------------------------------------------------- */

status services_queue(const ctx *x, service_application **out, size_t *n, bool *more);
status services_case(const ctx *x, int64_t id, application_view *out);
status services_take(const ctx *x, int64_t id);
/* services_attachment for the caseworker of the case. */
status services_case_attachment(const ctx *x, int64_t id, int64_t att_id, service_attachment *out, const uint8_t **data,
                                size_t *len);
/* Asks the applicant for more information ("text"). */
status services_ask(const ctx *x, int64_t id, const char *text, problems *pr);

typedef struct services_decision {
	const char *outcome; /* granted, partly, refused */
	const char *scope, *from_date, *reasons;
} services_decision;
/* Decides a case taken (problems on outcome, scope, from_date, reasons):
 * the decision letter, and paper at once for someone reserved against
 * digital communication. */
status services_decide(const ctx *x, int64_t id, const services_decision *in, problems *pr);

typedef struct services_reconsideration {
	const char *result;                      /* reversed, upheld (forwarded to Statsforvalteren) */
	const char *outcome, *scope, *from_date; /* the new decision, when reversed */
	const char *reasons;
} services_reconsideration;
status services_reconsider(const ctx *x, int64_t id, const services_reconsideration *in, problems *pr);

#endif
