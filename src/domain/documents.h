/* documents.h — the document centre (SPEC.md D1) and the letters of
 * municipal services (K2): receipts, decisions and appeal outcomes, newest
 * first, by kind; the first opening by the citizen or a representative is
 * recorded. A letter is stored as JSON (the sender, recipient, heading and
 * sections, in Norwegian bokmål, the language of the municipality's
 * letters) from which the page shows HTML and the letter job makes the PDF
 * (integrations/letter_pdf.h) in the background. Unopened letters get a
 * reminder a day before the unit's paper_after_days, then go to the print
 * queue; someone reserved against digital communication, or whom the
 * contact register cannot notify (integrations/krr.h), gets paper at once.
 *
 * Reading needs CAP_D1_DOCUMENTS on the open record; a representative's
 * reads go to the access log. Someone else's document is ST_NOT_FOUND. */
#ifndef HELSAMI_DOMAIN_DOCUMENTS_H
#define HELSAMI_DOMAIN_DOCUMENTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/core.h"
#include "core/ctx.h"
#include "integrations/krr.h"
#include "store/services.h"

enum { DOCUMENTS_LIST_MAX = 200, LETTERS_BATCH = 50, LETTERS_ROUND_MAX = 100000 /* reminders or prints in one run */ };

/* kind NULL: every kind. */
status documents_list(const ctx *x, const char *kind, citizen_document **out, size_t *n, bool *more);
/* One document of the open record; the first opening is recorded. */
status documents_get(const ctx *x, int64_t id, citizen_document *out);
/* The PDF bytes; ST_CONFLICT while the letter job has not made it yet. */
status documents_pdf(const ctx *x, int64_t id, uint8_t **pdf, size_t *len);

/* The digital mailbox's read receipt for a letter (its provider,
 * authenticated by the web layer, is the caller; no person): records the
 * first opening, with no reader of ours (opened_by NULL), so the letter
 * stays off paper. A letter already on paper stays there. ST_NOT_FOUND
 * when the letter never reached the mailbox (no such letter, not sent
 * there yet, or never: the same answer); a replay is ST_OK. Not in the
 * access log: no one read anything in helsami (docs/services.md). */
status documents_mailbox_read(const ctx *x, int64_t document_id);

/* ---- letters (for domain/services.c, inside its transaction) ----------------------- */

/* documents_compose for a letter about an application (its office and case number). */
status documents_add_letter(const ctx *x, const service_application *a, const char *kind, const char *heading,
                            json_t *sections, int64_t *id);
/* Who a letter is from and to, and what it is: the sender is the unit
 * (its municipality named by the municipality table), the recipient the
 * patient with their registered address. */
typedef struct letter_head {
	int64_t patient_id, unit_id, application_id;       /* application_id 0: none */
	const char *kind;                                  /* receipt, decision, appeal_outcome, record_extract */
	const char *unit_name, *unit_phone, *municipality; /* municipality: its number */
	const char *reference;                             /* "Saksnummer 12" */
} letter_head;
/* Stores a letter (the sections array is taken over) in the patient's
 * document centre with a "letter" event, for the letter job to make its
 * PDF; hidden: never shown to a parent of a child of 12-15 (nor their
 * event). A decision or outcome goes on paper at once to someone reserved
 * against digital communication ("reserved") or whom the register cannot
 * notify ("unreachable"). *id the document's. */
status documents_compose(const ctx *x, const letter_head *h, const char *heading, json_t *sections, bool hidden,
                         int64_t *id);
/* A letter's section {heading (NULL: none), text}: a new reference. */
json_t *documents_section(const char *heading, const char *text);
/* "6. desember 2026" for YYYY-MM-DD (the input itself when it does not parse). */
const char *documents_date_nb(arena *a, const char *iso);

/* ---- the letter job ------------------------------------------------------------------- */

typedef struct letters_round {
	int64_t made, reminded, to_paper;
	double p50_ms, p99_ms; /* time to make one letter (its PDF and its transaction) */
} letters_round;
/* Makes the PDFs still to be made, one transaction each (the server's
 * letter worker runs this every few seconds): out->made how many, and the
 * time per letter (p50, p99); the other counts are left alone. A decision
 * or appeal outcome gets, in the transaction that stores its PDF, a
 * delivery to each adapter named in adapters (the configured ones,
 * NULL-terminated; NULL: none), due at once (jobs/letter_delivery.h);
 * with krr configured (NULL or its url NULL: not), the contact register is
 * asked first, and the letter of a recipient reserved or not to be notified
 * goes on paper at once and not to the digital mailbox. */
status letters_make(db_conn *c, unix_time now, const char *const *adapters, const krr_register *krr,
                    letters_round *out);
/* The daily round (`helsami jobs run`): letters_make, then a reminder
 * event for letters a day before their paper day, then unopened letters
 * past it to the print queue, at `now`. */
status letters_run(db_conn *c, unix_time now, const char *const *adapters, const krr_register *krr, letters_round *out);
/* The print queue as one PDF (each letter on its own pages) into out,
 * marking them printed; *n how many (0: nothing to print, out empty). */
status letters_print_batch(db_conn *c, unix_time now, buf *out, int64_t *n);

#endif
