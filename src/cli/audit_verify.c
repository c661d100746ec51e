/* audit_verify.c — `helsami audit verify`: checks every hash chain of the
 * access log and names the first bad entry. */
#include <inttypes.h>
#include <stdio.h>

#include "cli/cli.h"
#include "domain/audit.h"

int cli_audit_verify(db *d)
{
	db_conn *c = db_thread_conn(d);
	audit_report r;
	if (c == NULL || audit_verify(c, &r) != ST_OK) {
		fprintf(stderr, "audit verify: could not read the access log\n");
		return 2;
	}
	if (!r.intact) {
		printf("audit verify: TAMPERED — first bad entry: id %" PRId64 " (patient %" PRId64
		       ", seq %" PRId64 "): %s\n",
		       r.entry_id, r.patient_id, r.seq, r.problem);
		return 1;
	}
	printf("audit verify: intact — %" PRId64 " entries in %" PRId64 " chains\n", r.entries, r.chains);
	return 0;
}
