/* sysvak.h — the file format of vaccinations from the national immunisation
 * registry (SYSVAK) that `helsami import sysvak FILE` reads (SPEC.md H4;
 * docs/sysvak.md describes it for operators).
 *
 * UTF-8 CSV (RFC 4180 quoting, no line breaks inside a field), LF or CRLF
 * line ends, an optional byte-order mark. Blank lines and lines starting
 * with '#' are ignored. The first other line is the header, exactly:
 *
 *     nin,atc,vaccine,given_on,dose,batch
 *
 * then one vaccination per line:
 *
 *     nin       national identity number or D-number, 11 digits
 *     atc       the vaccine's ATC code: J07, two capital letters, two digits (J07BD52)
 *     vaccine   the vaccine's name, 1-200 characters, no control characters
 *     given_on  YYYY-MM-DD, a real date
 *     dose      the dose number, 1-20
 *     batch     the batch number, optional, 0-40 of A-Z a-z 0-9 space - . /
 *
 * This module only parses and checks a line by itself; whether the person
 * exists and the date fits their life is domain/summary.c's concern. */
#ifndef HELSAMI_INTEGRATIONS_SYSVAK_H
#define HELSAMI_INTEGRATIONS_SYSVAK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"

/* Hard limits: a line of six short fields is far below 4 KiB; a name and a
 * batch number as the registry writes them fit with room to spare. */
enum {
	SYSVAK_LINE_MAX = 4096,
	SYSVAK_FIELDS = 6,
	SYSVAK_VACCINE_MAX = 200,
	SYSVAK_BATCH_MAX = 40,
	SYSVAK_DOSE_MAX = 20,
};

extern const char sysvak_header[]; /* "nin,atc,vaccine,given_on,dose,batch" */

typedef struct sysvak_record {
	const char *nin, *atc, *vaccine, *given_on;
	int64_t dose;
	const char *batch; /* NULL when empty */
	bool synthetic;    /* the identity number is a synthetic test number */
} sysvak_record;

enum sysvak_error {
	SYSVAK_OK = 0,
	SYSVAK_ERR_TOO_LONG,
	SYSVAK_ERR_UTF8,
	SYSVAK_ERR_QUOTE,
	SYSVAK_ERR_FIELDS,
	SYSVAK_ERR_NIN,
	SYSVAK_ERR_ATC,
	SYSVAK_ERR_VACCINE,
	SYSVAK_ERR_DATE,
	SYSVAK_ERR_DOSE,
	SYSVAK_ERR_BATCH,
};

/* A plain English sentence for an operator; never quotes the line. */
const char *sysvak_error_text(enum sysvak_error e);

/* Whether line[0..len) (its end of line removed) is to be skipped: blank or
 * a comment. */
bool sysvak_skip_line(const char *line, size_t len);
/* Whether it is the header. */
bool sysvak_is_header(const char *line, size_t len);

/* Parses and checks one data line (end of line removed; a trailing CR is
 * ignored). On SYSVAK_OK, *out's strings live in a. */
enum sysvak_error sysvak_parse_line(arena *a, const char *line, size_t len, sysvak_record *out);

#endif
