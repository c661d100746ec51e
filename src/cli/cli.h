/* cli.h — the subcommands of build/helsami besides serve. Each returns the
 * process exit code and prints plain messages for an operator. */
#ifndef HELSAMI_CLI_H
#define HELSAMI_CLI_H

#include "core/config.h"
#include "db/db.h"

/* seed demo: the demo world (ARCHITECTURE.md). Idempotent: a second run finds
 * the world in place, says so and changes nothing. */
int cli_seed_demo(db *d);
/* seed population --persons N: synthetic persons, families and addresses. */
int cli_seed_population(db *d, long persons);
/* audit verify: exit 0 when every chain is intact, 1 naming the first bad entry. */
int cli_audit_verify(db *d);
/* import sysvak FILE: vaccinations from the immunisation registry
 * (docs/sysvak.md); all or nothing, idempotent. Synthetic identity numbers
 * only with dev. Exit 0 when imported, 1 naming every bad line. */
int cli_import_sysvak(db *d, const char *path, bool dev);
/* import questionnaire FILE: a FHIR Questionnaire clinicians can send
 * (docs/questionnaires.md); idempotent. Exit 0 when imported or already
 * there, 1 saying what is wrong. */
int cli_import_questionnaire(db *d, const char *path);
/* routes: the route table as JSON lines (for tests). */
int cli_routes(void);
/* serve: the HTTP server and jobs until SIGTERM/SIGINT. */
int cli_serve(const config *cfg, db *d);

#endif
