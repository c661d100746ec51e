/* letters.c (cli) — `helsami letters print FILE [--now TIME]`: the letters
 * waiting in the print queue (the paper fallback, SPEC.md K2) as one PDF
 * for the print service, each letter on its own pages, marked printed in
 * the same transaction. Run daily after `helsami jobs run`. */
#include <stdio.h>

#include "cli/cli.h"
#include "core/log.h"
#include "domain/documents.h"

int cli_letters_print(db *d, const char *path, unix_time now)
{
	db_conn *c = db_thread_conn(d);
	if (c == NULL)
		return 1;
	/* The file is opened first, so a path that cannot be written never marks letters printed. */
	FILE *f = fopen(path, "wb");
	if (f == NULL) {
		log_error("letters print: cannot write %s", path);
		return 1;
	}
	buf pdf;
	buf_init(&pdf, 64 * 1024);
	int64_t n = 0;
	status st = letters_print_batch(c, now != 0 ? now : clock_system_now(), &pdf, &n);
	int rc = 0;
	if (st != ST_OK) {
		log_error("letters print: %s", status_name(st));
		rc = 1;
	}
	if ((n > 0 && fwrite(pdf.data, 1, pdf.len, f) != pdf.len) || fclose(f) != 0) {
		log_error("letters print: writing %s failed after the batch was marked printed", path);
		rc = 1;
	}
	if (rc == 0)
		printf("letters: %lld printed%s%s\n", (long long)n, n > 0 ? " to " : "", n > 0 ? path : "");
	buf_free(&pdf);
	return rc;
}
