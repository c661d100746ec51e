/* audit.c — hash-chained, append-only access log. The canonical encoding
 * length-prefixes every field so no two different entries encode alike. */
#include "domain/audit.h"

#include <string.h>

#include "core/buf.h"
#include "core/log.h"
#include "domain/tx.h"

static const char ZERO_HASH[] = "0000000000000000000000000000000000000000000000000000000000000000";

/* Written out by hand, not with printf: an entry's hash runs on every
 * logged read, and sixteen printf calls were two thirds of its cost. */
static void put_text(buf *b, const char *s)
{
	if (s == NULL) {
		buf_puts(b, "-;");
		return;
	}
	size_t n = strlen(s);
	buf_put_int(b, (int64_t)n);
	buf_putc(b, ':');
	buf_put(b, s, n);
	buf_putc(b, ';');
}

static void put_int(buf *b, int64_t v)
{
	buf_put_int(b, v);
	buf_putc(b, ';');
}

void audit_entry_hash(const audit_entry *e, char out[SHA256_HEX_LEN + 1])
{
	buf b;
	buf_init(&b, 512);
	put_text(&b, "helsami-audit-v1");
	put_text(&b, e->prev_hash);
	put_int(&b, e->patient_id);
	put_int(&b, e->seq);
	put_int(&b, e->at);
	put_text(&b, e->actor_kind);
	put_int(&b, e->actor_person_id);
	put_int(&b, e->actor_staff_id);
	put_int(&b, e->actor_unit_id);
	put_text(&b, e->actor_role);
	put_int(&b, e->on_behalf_of);
	put_text(&b, e->action);
	put_text(&b, e->what);
	put_text(&b, e->what_id);
	put_text(&b, e->purpose);
	put_text(&b, e->reason);
	uint8_t digest[SHA256_LEN];
	sha256(b.data, b.len, digest);
	hex_encode(digest, SHA256_LEN, out);
	buf_free(&b);
}

status audit_append(db_conn *c, audit_entry *e)
{
	int64_t seq;
	status st = store_audit_head_lock(c, e->patient_id, &seq, e->prev_hash);
	if (st != ST_OK)
		return st;
	e->seq = seq + 1;
	audit_entry_hash(e, e->hash);
	if ((st = store_audit_insert(c, e, &e->id)) != ST_OK)
		return st;
	return store_audit_head_set(c, e->patient_id, e->seq, e->hash);
}

static const char *actor_kind_name(const ctx *x, int64_t patient_id)
{
	switch (x->who.kind) {
	case ACTOR_CITIZEN: return x->who.person_id == patient_id ? "citizen" : "representative";
	case ACTOR_STAFF: return "staff";
	case ACTOR_SYSTEM:
	case ACTOR_ANONYMOUS: break;
	}
	return "system";
}

const char *audit_id(arena *a, int64_t id)
{
	return arena_printf(a, "%lld", (long long)id);
}

status audit_record(const ctx *x, int64_t patient_id, const char *action, const char *what, const char *what_id,
                    const char *purpose)
{
	audit_entry e = {
	    .patient_id = patient_id,
	    .at = x->now,
	    .actor_kind = actor_kind_name(x, patient_id),
	    .actor_person_id = x->who.person_id,
	    .actor_staff_id = x->who.staff_id,
	    .on_behalf_of = x->who.person_id != patient_id && x->who.kind == ACTOR_CITIZEN ? patient_id : 0,
	    .action = action,
	    .what = what,
	    .what_id = what_id,
	    .purpose = purpose,
	};
	return audit_add(x, &e);
}

struct later_entry {
	audit_entry e;
	struct later_entry *next;
};

struct audit_later {
	struct later_entry *first, **tail;
};

audit_later *audit_later_new(arena *a)
{
	audit_later *l = arena_alloc(a, sizeof *l);
	l->tail = &l->first;
	return l;
}

void audit_later_clear(audit_later *l)
{
	l->first = NULL;
	l->tail = &l->first;
}

void audit_later_move(audit_later *to, audit_later *from)
{
	if (from->first == NULL)
		return;
	*to->tail = from->first;
	to->tail = from->tail;
	audit_later_clear(from);
}

status audit_add(const ctx *x, audit_entry *e)
{
	if (x->log_later == NULL || strcmp(e->action, "read") != 0)
		return audit_append(x->db, e);
	struct later_entry *n = arena_alloc(x->arena, sizeof *n);
	n->e = *e;
	*x->log_later->tail = n;
	x->log_later->tail = &n->next;
	return ST_OK;
}

static status flush_fn(ctx *x, void *args)
{
	const audit_later *l = args;
	status st = ST_OK;
	for (struct later_entry *n = l->first; n != NULL && st == ST_OK; n = n->next) {
		audit_entry e = n->e; /* a retried transaction starts from the entries as queued */
		st = audit_append(x->db, &e);
	}
	return st;
}

status audit_flush(const ctx *x)
{
	audit_later *l = x->log_later;
	if (l == NULL || l->first == NULL)
		return ST_OK;
	status st = domain_tx(x, true, flush_fn, l);
	audit_later_clear(l);
	return st;
}

struct verify_state {
	audit_report *r;
	int64_t chain; /* current chain's patient id; -1 before the first */
	int64_t last_seq;
	char last_hash[SHA256_HEX_LEN + 1];
};

static status fail(audit_report *r, const audit_entry *e, const char *problem)
{
	r->intact = false;
	r->entry_id = e->id;
	r->patient_id = e->patient_id;
	r->seq = e->seq;
	r->problem = problem;
	return ST_INVALID; /* stops the scan at the first bad entry */
}

static status verify_entry(const audit_entry *e, void *arg)
{
	struct verify_state *v = arg;
	if (e->patient_id != v->chain) {
		v->chain = e->patient_id;
		v->last_seq = 0;
		memcpy(v->last_hash, ZERO_HASH, sizeof v->last_hash);
		v->r->chains++;
	}
	v->r->entries++;
	if (e->seq != v->last_seq + 1)
		return fail(v->r, e,
		            e->seq <= v->last_seq ? "duplicate or reordered sequence number"
		                                  : "missing entry before this one");
	if (strcmp(e->prev_hash, v->last_hash) != 0)
		return fail(v->r, e, "does not link to the previous entry");
	char h[SHA256_HEX_LEN + 1];
	audit_entry_hash(e, h);
	if (strcmp(h, e->hash) != 0)
		return fail(v->r, e, "content altered (hash mismatch)");
	v->last_seq = e->seq;
	memcpy(v->last_hash, e->hash, sizeof v->last_hash);
	return ST_OK;
}

struct heads_state {
	db_conn *c;
	audit_report *r;
};

/* The chain head must name the chain's last entry: catches a truncated tail. */
static status verify_head(const audit_entry *head, void *arg)
{
	struct heads_state *h = arg;
	int64_t count;
	status st = store_audit_count(h->c, head->patient_id, &count);
	if (st != ST_OK)
		return st;
	if (count != head->seq) {
		audit_entry e = {.patient_id = head->patient_id, .seq = head->seq};
		return fail(h->r, &e, "chain head does not match the last entry (entries removed at the end)");
	}
	return ST_OK;
}

status audit_verify(db_conn *c, audit_report *r)
{
	memset(r, 0, sizeof *r);
	r->intact = true;
	struct verify_state v = {.r = r, .chain = -1};
	status st = store_audit_scan(c, verify_entry, &v);
	if (st == ST_INVALID)
		return ST_OK;
	if (st != ST_OK)
		return st;
	struct heads_state h = {c, r};
	st = store_audit_heads_scan(c, verify_head, &h);
	if (st == ST_INVALID)
		return ST_OK;
	return st;
}
