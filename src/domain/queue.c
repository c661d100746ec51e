/* queue.c — a staff work queue's page: filtered to the patients the reader
 * may open, "more" decided after filtering, listed rows logged. */
#include "domain/queue.h"

#include <string.h>

#include "domain/chart.h"
#include "domain/tx.h"

struct page_op {
	const staff_queue *q;
	size_t page;
	void *rows;
	size_t *n;
	bool *more;
};

static const void *row_at(const staff_queue *q, const void *rows, size_t i)
{
	return (const char *)rows + i * q->row_size;
}

static int64_t field_at(const void *row, size_t offset)
{
	int64_t v;
	memcpy(&v, (const char *)row + offset, sizeof v);
	return v;
}

/* Whether the reader may have row now: the basis in *basis, or ST_NOT_FOUND. */
static status open_row(const ctx *x, const staff_queue *q, const void *row, chart_access *basis)
{
	status st =
	    q->open != NULL ? q->open(x, row, basis) : authz_patient(x, q->cap, field_at(row, q->patient_at), basis);
	return st == ST_DENIED ? ST_NOT_FOUND : st;
}

/* Moves the rows the reader may open to the front, in order, with their
 * bases; *kept is how many. Reads only. */
static status keep_openable(const ctx *x, const staff_queue *q, void *rows, size_t n, chart_access *bases, size_t *kept)
{
	*kept = 0;
	for (size_t i = 0; i < n; i++) {
		status st = open_row(x, q, row_at(q, rows, i), &bases[*kept]);
		if (st == ST_NOT_FOUND)
			continue;
		if (st != ST_OK)
			return st;
		if (*kept != i)
			memcpy((char *)rows + *kept * q->row_size, row_at(q, rows, i), q->row_size);
		(*kept)++;
	}
	return ST_OK;
}

/* Logs each listed row as a read of its patient's data. */
static status log_listed(const ctx *x, const staff_queue *q, const void *rows, size_t n, const chart_access *bases)
{
	status st = ST_OK;
	for (size_t i = 0; i < n && st == ST_OK && q->what != NULL; i++) {
		int64_t id = field_at(row_at(q, rows, i), q->id_at);
		st = chart_audit(x, &bases[i], "read", q->what, arena_printf(x->arena, "%lld", (long long)id));
	}
	return st;
}

static status page_fn(ctx *x, void *args)
{
	struct page_op *o = args;
	const staff_queue *q = o->q;
	void *rows;
	size_t n, kept, limit = o->page + 1;
	bool further;
	chart_access *bases;
	/* Ask for one row past the page; when rows were left out and the store
	 * has more, ask for twice as many, up to the scan limit. */
	for (;;) {
		status st = q->fetch(x, limit, &rows, &n, &further);
		if (st != ST_OK)
			return st;
		bases = arena_alloc(x->arena, (n > 0 ? n : 1) * sizeof *bases);
		if ((st = keep_openable(x, q, rows, n, bases, &kept)) != ST_OK)
			return st;
		if (kept > o->page || !further || limit >= o->page * STAFF_QUEUE_SCAN_PAGES)
			break;
		limit *= 2;
	}
	further = further || kept > o->page;
	if (kept > o->page)
		kept = o->page;
	void *listed = kept > 0 ? rows : NULL;
	memcpy(o->rows, &listed, sizeof listed); /* the caller's T * */
	*o->n = kept;
	if (o->more != NULL)
		*o->more = further;
	return log_listed(x, q, rows, kept, bases);
}

status staff_queue_list(const ctx *x, const staff_queue *q, size_t page, void *rows, size_t *n, bool *more)
{
	void *none = NULL;
	memcpy(rows, &none, sizeof none);
	*n = 0;
	if (more != NULL)
		*more = false;
	if (authz_staff(x, q->cap) != ST_OK)
		return ST_DENIED;
	struct page_op o = {q, page, rows, n, more};
	return domain_read_tx(x, q->what != NULL, page_fn, &o);
}
