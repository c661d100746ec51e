/* tx.c — domain_tx: the request context bound to a transaction. */
#include "domain/tx.h"

#include "db/db.h"
#include "domain/audit.h"

struct bound {
	const ctx *x;
	domain_tx_fn fn;
	void *args;
	audit_later *later; /* this transaction's deferred reads; NULL when it logs in itself */
};

static status bound_fn(db_conn *c, void *arg)
{
	struct bound *b = arg;
	/* A fresh copy on every try: a retried fn starts from the caller's context. */
	ctx x = *b->x;
	x.db = c;
	x.log_later = b->later;
	if (b->later != NULL)
		audit_later_clear(b->later);
	return b->fn(&x, b->args);
}

status domain_tx(const ctx *x, bool write, domain_tx_fn fn, void *args)
{
	/* A write transaction logs its reads in itself. A read transaction's
	 * entries join the request's list only if it ends well, as those of a
	 * rolled-back transaction would be gone. */
	audit_later *later = !write && x->log_later != NULL ? audit_later_new(x->arena) : NULL;
	struct bound b = {x, fn, args, later};
	status st = db_tx(x->db, write, bound_fn, &b);
	if (st == ST_OK && later != NULL)
		audit_later_move(x->log_later, later);
	return st;
}

status domain_read_tx(const ctx *x, bool logged, domain_tx_fn fn, void *args)
{
	return domain_tx(x, logged && x->log_later == NULL, fn, args);
}
