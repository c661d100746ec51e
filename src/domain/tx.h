/* tx.h — a domain rule as a function of (ctx, args) run in one transaction.
 *
 * Every domain operation that reads or changes data does it in one database
 * transaction, with its access-log entry inside (ARCHITECTURE.md rule 3).
 * db_tx hands its callback a connection; a rule wants the request context
 * bound to that connection. domain_tx does the binding once, so a rule is
 *
 *	static status renew_fn(ctx *x, void *args)
 *	{
 *		struct renew *r = args;
 *		... x->db is the transaction's connection ...
 *	}
 *	return domain_tx(x, true, renew_fn, &r);
 *
 * and its argument struct carries only the operation's own data. */
#ifndef HELSAMI_DOMAIN_TX_H
#define HELSAMI_DOMAIN_TX_H

#include <stdbool.h>

#include "core/core.h"
#include "core/ctx.h"

typedef status (*domain_tx_fn)(ctx *x, void *args);

/* Runs fn(copy, args) in a transaction on x->db (db_tx: retried on
 * ST_BUSY, so fn must be idempotent apart from its database writes; rolled
 * back unless fn returns ST_OK), where copy is a copy of *x whose db is the
 * transaction's connection; fn may change its copy, never *x. write takes
 * the write lock at the start (every change, and every read that writes an
 * access-log entry). Returns fn's status or the commit's. Inside a
 * transaction already, fn runs as part of it. */
status domain_tx(const ctx *x, bool write, domain_tx_fn fn, void *args);

/* A read that logs (logged: a read of a patient's data by anyone but the
 * patient): a read transaction whose entries the request writes when it
 * ends (audit.h, audit_later), or, where nothing writes them later (jobs,
 * the CLI), a write transaction with the entries inside. */
status domain_read_tx(const ctx *x, bool logged, domain_tx_fn fn, void *args);

#endif
