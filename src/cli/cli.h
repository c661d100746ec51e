/* cli.h — the subcommands of build/helsami besides serve. Each returns the
 * process exit code and prints plain messages for an operator. */
#ifndef HELSAMI_CLI_H
#define HELSAMI_CLI_H

#include "core/buf.h"
#include "core/clock.h"
#include "core/config.h"
#include "db/db.h"
#include "domain/questionnaire_form.h"

/* seed demo: the demo world (ARCHITECTURE.md). Idempotent: a second run finds
 * the world in place, says so and changes nothing. Appointments are dated
 * relative to today in Norway (cli_seed_demo) or to the day given
 * (cli_seed_demo_on, `seed demo --today YYYY-MM-DD`). */
int cli_seed_demo(db *d);
int cli_seed_demo_on(db *d, date today);
/* seed population --persons N: synthetic persons, families and addresses. */
int cli_seed_population(db *d, long persons);
/* The audit subcommands' own options: files for one run, not settings. */
typedef struct audit_args {
	const char *key;         /* --key FILE: Ed25519 private key, PEM */
	const char *out;         /* --out FILE: the checkpoint file to append to */
	const char *checkpoints; /* --checkpoints FILE: checkpoints to verify against */
	const char *public_key;  /* --public-key FILE: one or more PEM public keys */
} audit_args;
/* Whether the options suit audit subcommand sub (keygen, checkpoint, verify);
 * says what is missing or out of place on stderr when not. */
bool cli_audit_args_valid(const char *sub, const audit_args *a);
/* audit keygen --key FILE: a new signing key in FILE (0600, never replacing
 * one), its public key as PEM on stdout. Needs no database. */
int cli_audit_keygen(const audit_args *a);
/* audit checkpoint --key FILE --out FILE: appends one signed checkpoint of
 * every chain head (domain/audit_checkpoint.h). */
int cli_audit_checkpoint(db *d, const audit_args *a);
/* audit verify [--checkpoints FILE (--public-key FILE | --key FILE)]: exit 0
 * when every chain is intact and still holds every checkpointed head, 1 naming
 * the first bad entry, checkpoint or chain, 2 when something cannot be read. */
int cli_audit_verify(db *d, const audit_args *a);
/* import sysvak FILE: vaccinations from the immunisation registry
 * (docs/sysvak.md); all or nothing, idempotent. Synthetic identity numbers
 * only with dev. Exit 0 when imported, 1 naming every bad line. */
int cli_import_sysvak(db *d, const char *path, bool dev);
/* import questionnaire FILE: a FHIR Questionnaire clinicians can send
 * (docs/questionnaires.md); idempotent. Exit 0 when imported or already
 * there, 1 saying what is wrong. */
int cli_import_questionnaire(db *d, const char *path, const qf_identity *set);
/* Reads the whole file into out, stopping past QF_FILE_MAX_BYTES (which
 * the caller refuses). False when it cannot be read. */
bool cli_read_questionnaire_file(const char *path, buf *out);
/* fhirpath QUESTIONNAIRE RESPONSE [PATIENT]: for the differential test of
 * the FHIRPath evaluator (tests/cli/fhirpath.test.mjs). Reads lines
 * "linkId<TAB>expression" (an empty linkId: the questionnaire's scope)
 * from stdin and prints, a line each, the result as a JSON array, or
 * null when the evaluator gives none; with a PATIENT file (NULL without),
 * each expression is a prefill with it as %patient. Exit 0, or 1 when a
 * file cannot be read. */
int cli_fhirpath(const char *questionnaire, const char *response, const char *patient);
/* routes: the route table as JSON lines (for tests). */
int cli_routes(void);
/* serve: the HTTP server and jobs until SIGTERM/SIGINT. */
int cli_serve(const config *cfg, db *d);
/* `helsami jobs run`: every timed job once, in turn, at now (0: the system
 * clock): appointments (offer expiry, reminders, check-in openings), then a
 * round of the notification worker (jobs/notify.h). Prints what each did;
 * exit 0, or 1 when a setting is wrong or a job failed. For cron and
 * tests; the server runs the same on timers. */
int cli_jobs_run(const config *cfg, db *d, unix_time now);
/* `helsami letters print FILE [--now TIME]`: the print batch (letters.c). */
int cli_letters_print(db *d, const char *path, unix_time now);

#endif
