/* queue.h — a staff work queue's page (SPEC.md W3, R4): the rows the store
 * finds for the reader's units, kept only where the reader may open the
 * patient now (their role at the patient's unit holds the queue's
 * capability), each row listed logged as a read of that patient's data.
 *
 * A queue says how to read its rows and where their patient and id are:
 *
 *	static const staff_queue review = {
 *		.row_size = sizeof(result_queue_item),
 *		.patient_at = offsetof(result_queue_item, r.patient_id),
 *		.id_at = offsetof(result_queue_item, r.id),
 *		.cap = CAP_W3_CLINICAL_QUEUES, .what = "health.results", .fetch = fetch,
 *	};
 *	return staff_queue_list(x, &review, RESULTS_QUEUE_MAX, out, n, more);
 *
 * "More" is decided after the rows the reader may not open are left out:
 * when some are, the store is asked again for more rows (up to
 * STAFF_QUEUE_SCAN_PAGES pages' worth), so a page is full whenever there
 * are rows enough, and more is true only when a further row is there. */
#ifndef HELSAMI_DOMAIN_QUEUE_H
#define HELSAMI_DOMAIN_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/core.h"
#include "core/ctx.h"
#include "domain/authz.h"

/* Rows looked at for one page, in pages: a clinician's queue holds few rows
 * of patients they may no longer open; past this many, more is true
 * without looking further, so a page costs a bounded number of rows. */
enum { STAFF_QUEUE_SCAN_PAGES = 8 };

typedef struct staff_queue {
	size_t row_size;          /* bytes per row */
	size_t patient_at, id_at; /* offsets of the row's int64_t patient id and id (the log's what_id) */
	enum capability cap;      /* what the reader needs, and their role at the patient's unit must hold */
	const char *what;         /* the access-log area of a listed row (chart_audit); NULL: listing is not a read */
	/* Reads at most limit rows of the queue, in the queue's order, into an
	 * x->arena array (*rows); *more when further rows are there. */
	status (*fetch)(ctx *x, size_t limit, void **rows, size_t *n, bool *more);
	/* Whether the reader may have the row: ST_OK with the basis, ST_NOT_FOUND
	 * or ST_DENIED to leave it out, else a failure. NULL: authz_patient with
	 * cap on the row's patient. */
	status (*open)(const ctx *x, const void *row, chart_access *basis);
} staff_queue;

/* One page of queue q for the staff member in x, in one transaction (a
 * write transaction when listing is logged). rows points to the caller's
 * array pointer (pass out of type T ** for rows of type T): it gets an
 * x->arena array of at most page rows the reader may open now, in the
 * queue's order (NULL when none); *n their number; *more (more may be NULL)
 * whether further such rows wait after them. Each row listed is logged with chart_audit ("read",
 * q->what, its id) when q->what is set. The caller checks the reader's
 * capability first (authz_staff). Returns ST_OK or a failure. */
status staff_queue_list(const ctx *x, const staff_queue *q, size_t page, void *rows, size_t *n, bool *more);

#endif
