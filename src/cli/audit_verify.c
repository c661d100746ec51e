/* audit_verify.c — `helsami audit verify`: checks every hash chain of the
 * access log and names the first bad entry; with --checkpoints, also that
 * every signed checkpoint is genuine and every chain head it saw is still
 * there (domain/audit_checkpoint.h). */
#include <inttypes.h>
#include <stdio.h>

#include "cli/cli.h"
#include "domain/audit.h"
#include "domain/audit_checkpoint.h"

typedef struct keyring {
	ed25519_key *keys[AUDIT_CHECKPOINT_MAX_KEYS];
	size_t n;
} keyring;

/* The keys the checkpoints may be signed with: every public key in
 * --public-key, and the one --key holds. False (said why) when a file cannot
 * be read or holds no such key. */
static bool keyring_load(const audit_args *a, keyring *kr)
{
	kr->n = 0;
	if (a->public_key != NULL) {
		status st = ed25519_load_public(a->public_key, kr->keys, AUDIT_CHECKPOINT_MAX_KEYS - 1, &kr->n);
		if (st != ST_OK) {
			fprintf(stderr, "audit verify: %s %s\n", a->public_key,
			        st == ST_NOT_FOUND ? "cannot be read"
			                           : "must hold Ed25519 public keys in PEM (1 to 31), nothing else");
			return false;
		}
	}
	if (a->key != NULL) {
		status st = audit_checkpoint_key_load(a->key, &kr->keys[kr->n]);
		if (st != ST_OK) {
			fprintf(stderr, "audit verify: %s %s\n", a->key,
			        st == ST_NOT_FOUND ? "cannot be read" : "is not an Ed25519 private key in PEM");
			return false;
		}
		kr->n++;
	}
	return true;
}

static void keyring_free(keyring *kr)
{
	for (size_t i = 0; i < kr->n; i++)
		ed25519_free(kr->keys[i]);
	kr->n = 0;
}

static void print_chain(int64_t patient_id)
{
	if (patient_id == 0)
		printf("the chain of entries concerning no patient");
	else
		printf("the chain of patient %" PRId64, patient_id);
}

/* The first problem with the checkpoints, in plain words, on one line. */
static void print_problem(const audit_checkpoint_report *r, const char *path)
{
	switch (r->problem) {
	case CKPT_OK: return;
	case CKPT_EMPTY: printf("audit verify: NO CHECKPOINTS — %s holds none, so it anchors nothing\n", path); return;
	case CKPT_MALFORMED:
		printf("audit verify: FORGED CHECKPOINT — line %" PRId64 " of %s is not a checkpoint (altered or cut "
		       "short)\n",
		       r->line, path);
		return;
	case CKPT_UNKNOWN_KEY:
		printf("audit verify: UNKNOWN KEY — the checkpoint of %s (line %" PRId64
		       " of %s) is signed with key %s, "
		       "none of the keys given\n",
		       r->at, r->line, path, r->key_id);
		return;
	case CKPT_FORGED:
		printf("audit verify: FORGED CHECKPOINT — the checkpoint of %s (line %" PRId64 " of %s) does not match "
		       "its signature: it was altered, or not signed by key %s\n",
		       r->at, r->line, path, r->key_id);
		return;
	case CKPT_CHAIN_GONE:
	case CKPT_CHAIN_SHORT:
	case CKPT_CHAIN_REWRITTEN: break;
	}
	printf("audit verify: TAMPERED — the checkpoint of %s (line %" PRId64 " of %s) saw ", r->at, r->line, path);
	print_chain(r->patient_id);
	printf(" at entry %" PRId64 ", but ", r->seq);
	if (r->problem == CKPT_CHAIN_GONE)
		printf("the database has no entries for it: the chain was deleted\n");
	else if (r->problem == CKPT_CHAIN_SHORT)
		printf("the chain now ends at entry %" PRId64 ": entries were removed from its end\n", r->entries);
	else
		printf("that entry is no longer the same: the chain was rewritten\n");
}

int cli_audit_verify(db *d, const audit_args *a)
{
	keyring kr = {0};
	int rc = 2;
	if (a->checkpoints != NULL && !keyring_load(a, &kr))
		goto cleanup;
	db_conn *c = db_thread_conn(d);
	audit_report r;
	if (c == NULL || audit_verify(c, &r) != ST_OK) {
		fprintf(stderr, "audit verify: could not read the access log\n");
		goto cleanup;
	}
	if (!r.intact) {
		printf("audit verify: TAMPERED — first bad entry: id %" PRId64 " (patient %" PRId64 ", seq %" PRId64
		       "): %s\n",
		       r.entry_id, r.patient_id, r.seq, r.problem);
		rc = 1;
		goto cleanup;
	}
	if (a->checkpoints == NULL) {
		printf("audit verify: intact — %" PRId64 " entries in %" PRId64 " chains\n", r.entries, r.chains);
		rc = 0;
		goto cleanup;
	}
	audit_checkpoint_report cr;
	status st = audit_checkpoint_verify(c, a->checkpoints, kr.keys, kr.n, &cr);
	if (st != ST_OK) {
		fprintf(stderr, "audit verify: could not read %s\n",
		        st == ST_NOT_FOUND ? a->checkpoints : "the access log");
		goto cleanup;
	}
	if (cr.problem != CKPT_OK) {
		print_problem(&cr, a->checkpoints);
		rc = 1;
		goto cleanup;
	}
	printf("audit verify: intact — %" PRId64 " entries in %" PRId64 " chains; all %" PRId64
	       " checkpoints in %s hold, the latest of %s with %" PRId64 " chains\n",
	       r.entries, r.chains, cr.checkpoints, a->checkpoints, cr.latest_at, cr.latest_chains);
	rc = 0;
cleanup:
	keyring_free(&kr);
	return rc;
}
