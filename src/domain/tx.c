/* tx.c — domain_tx: the request context bound to a transaction. */
#include "domain/tx.h"

#include "db/db.h"

struct bound {
	const ctx *x;
	domain_tx_fn fn;
	void *args;
};

static status bound_fn(db_conn *c, void *arg)
{
	struct bound *b = arg;
	/* A fresh copy on every try: a retried fn starts from the caller's context. */
	ctx x = *b->x;
	x.db = c;
	return b->fn(&x, b->args);
}

status domain_tx(const ctx *x, bool write, domain_tx_fn fn, void *args)
{
	struct bound b = {x, fn, args};
	return db_tx(x->db, write, bound_fn, &b);
}
