/* audit_checkpoint.c (cli) — `helsami audit keygen` and `helsami audit
 * checkpoint`: the signing key and the signed checkpoints that anchor the
 * access log outside the database (domain/audit_checkpoint.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "domain/audit_checkpoint.h"

/* Says on stderr that sub does not take option name. */
static bool refuse(const char *sub, const char *name, const char *value)
{
	if (value == NULL)
		return true;
	fprintf(stderr, "helsami: audit %s does not take %s\n", sub, name);
	return false;
}

bool cli_audit_args_valid(const char *sub, const audit_args *a)
{
	if (str_eq(sub, "keygen")) {
		if (a->key == NULL) {
			fprintf(stderr, "helsami: audit keygen needs --key FILE (the new private key)\n");
			return false;
		}
		return refuse(sub, "--out", a->out) && refuse(sub, "--checkpoints", a->checkpoints) &&
		       refuse(sub, "--public-key", a->public_key);
	}
	if (str_eq(sub, "checkpoint")) {
		if (a->key == NULL || a->out == NULL) {
			fprintf(stderr, "helsami: audit checkpoint needs --key FILE and --out FILE\n");
			return false;
		}
		return refuse(sub, "--checkpoints", a->checkpoints) && refuse(sub, "--public-key", a->public_key);
	}
	if (a->checkpoints == NULL && (a->key != NULL || a->public_key != NULL)) {
		fprintf(stderr, "helsami: --key and --public-key go with --checkpoints FILE\n");
		return false;
	}
	if (a->checkpoints != NULL && a->key == NULL && a->public_key == NULL) {
		fprintf(stderr, "helsami: audit verify --checkpoints needs --public-key FILE (or --key FILE) to check "
		                "the signatures with\n");
		return false;
	}
	return refuse(sub, "--out", a->out);
}

int cli_audit_keygen(const audit_args *a)
{
	ed25519_key *k = ed25519_generate();
	status st = ed25519_save_private(k, a->key);
	int rc = 1;
	if (st == ST_CONFLICT) {
		fprintf(stderr, "audit keygen: %s exists; refusing to replace it\n", a->key);
		goto cleanup;
	}
	if (st != ST_OK) {
		fprintf(stderr, "audit keygen: cannot write %s\n", a->key);
		goto cleanup;
	}
	char *pem = ed25519_public_pem(k);
	fputs(pem, stdout);
	free(pem);
	fprintf(stderr,
	        "audit keygen: wrote the private key to %s (mode 0600), key id %s. The public key is on standard "
	        "output: keep a copy away from this machine for audit verify --public-key.\n",
	        a->key, ed25519_key_id(k));
	rc = 0;
cleanup:
	ed25519_free(k);
	return rc;
}

int cli_audit_checkpoint(db *d, const audit_args *a)
{
	ed25519_key *k;
	status st = audit_checkpoint_key_load(a->key, &k);
	if (st != ST_OK) {
		fprintf(stderr, "audit checkpoint: %s %s\n", a->key,
		        st == ST_NOT_FOUND ? "cannot be read" : "is not an Ed25519 private key in PEM");
		return 2;
	}
	db_conn *c = db_thread_conn(d);
	audit_checkpoint_info info;
	st = c == NULL ? ST_INTERNAL : audit_checkpoint_write(c, k, a->out, clock_system_now(), &info);
	int rc = 1;
	if (st != ST_OK) {
		fprintf(stderr, "audit checkpoint: none written (%s)\n", status_name(st));
		goto cleanup;
	}
	printf("audit checkpoint: %" PRId64 " chains at %s signed with key %s, appended to %s\n", info.chains, info.at,
	       ed25519_key_id(k), a->out);
	rc = 0;
cleanup:
	ed25519_free(k);
	return rc;
}
