/* letters.h (jobs) — the letter worker (SPEC.md K2): inside `helsami
 * serve`, every --notify-seconds on a thread of its own, it makes the PDFs
 * of new letters (domain/documents.h letters_make), so a caseworker's
 * decision never waits for a PDF. Reminders and the paper fallback are the
 * daily `helsami jobs run`'s. */
#ifndef HELSAMI_JOBS_LETTERS_H
#define HELSAMI_JOBS_LETTERS_H

#include "core/config.h"
#include "db/db.h"
#include "jobs/timer.h"

/* Starts the worker (jobs/timer.h); stop it with job_timer_stop. adapters:
 * where new decisions and outcomes are delivered (letters_make), kept by
 * the worker until it stops; the contact register from cfg. ST_INVALID
 * (logged) when its URL is not https. One worker per process. */
status letters_job_start(const config *cfg, db *d, const char *const *adapters, job_timer **out);

#endif
