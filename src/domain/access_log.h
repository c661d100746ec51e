/* access_log.h — the citizen's view of the access log (SPEC.md D3, and the
 * right of pasientjournalloven § 18 to see who accessed the record): who
 * opened the record (staff with title and unit, or a representative), on
 * whose behalf, what and when, newest first, a page at a time, optionally
 * within a period of Norwegian calendar days. The free-text reason, internal
 * ids and addresses are never part of it. */
#ifndef HELSAMI_DOMAIN_ACCESS_LOG_H
#define HELSAMI_DOMAIN_ACCESS_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/clock.h"
#include "core/core.h"
#include "core/ctx.h"

/* Entries per page: a screenful on a computer, a few on a phone. */
enum { ACCESS_LOG_PAGE_SIZE = 25 };

typedef struct access_log_query {
	bool has_from, has_to;
	date from, to; /* inclusive days in Norway */
	int64_t page;  /* 1, 2, ...; past the last page means the last page */
} access_log_query;

typedef struct access_log_entry {
	unix_time at;
	const char *actor_kind;        /* "staff", "representative" or "system" */
	const char *actor_name;        /* given and family name; NULL for the system */
	const char *staff_title;       /* staff: the title we keep for them ("Fastlege"); else NULL */
	const char *staff_role;        /* staff: clinician, office, caseworker, support, admin; else NULL */
	const char *unit_name;         /* the unit the staff member acted in; NULL when none */
	const char *on_behalf_of_name; /* the person acted for; NULL when none */
	const char *action;            /* read, create, update, ... */
	const char *what;              /* e.g. "health.results": pages map it to a label */
	const char *purpose;
	bool emergency; /* emergency access: must stand out */
} access_log_entry;

typedef struct access_log_page {
	access_log_entry *entries; /* in x->arena */
	size_t count;
	int64_t total;       /* entries in the period */
	int64_t page, pages; /* this page and how many there are (at least 1) */
} access_log_page;

/* A page of patient_id's access log. ST_DENIED without CAP_D3_ACCESS_LOG on
 * that record; ST_INVALID when the period ends before it starts. A read by
 * anyone but the patient (a representative) is itself logged, in the same
 * transaction. */
status access_log_list(const ctx *x, int64_t patient_id, const access_log_query *q, access_log_page *out);

#endif
