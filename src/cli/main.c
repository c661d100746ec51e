/* main.c — build/helsami: parses the subcommand and settings, opens the
 * database, and hands over to the subcommand. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/core.h"
#include "core/log.h"
#include "store/store.h"

static void usage(FILE *out)
{
	fprintf(out,
	        "helsami — citizen health portal\n\n"
	        "Usage:\n"
	        "  helsami serve   [--listen HOST:PORT] [--db URL] [--dev] [options]\n"
	        "  helsami migrate [--db URL]\n"
	        "  helsami seed demo [--db URL]\n"
	        "  helsami seed population --persons N [--db URL]\n"
	        "  helsami audit verify [--db URL]\n"
	        "  helsami import sysvak FILE [--db URL] [--dev]   (vaccinations; docs/sysvak.md)\n"
	        "  helsami import questionnaire FILE [--db URL]   (a FHIR Questionnaire; docs/questionnaires.md)\n"
	        "  helsami routes                    (the route table as JSON lines)\n"
	        "  helsami --help\n\n");
}

static void set_log_level(const char *name)
{
	if (str_eq(name, "debug"))
		log_set_level(LOG_DEBUG);
	else if (str_eq(name, "warn"))
		log_set_level(LOG_WARN);
	else if (str_eq(name, "error"))
		log_set_level(LOG_ERROR);
	else
		log_set_level(LOG_INFO);
}

/* Opens the database and brings its schema up to date. */
static db *open_migrated(const config *cfg)
{
	db *d;
	if (db_open(cfg->db_url, &d) != ST_OK) {
		fprintf(stderr, "helsami: cannot open the database %s\n", cfg->db_url);
		return NULL;
	}
	db_conn *c = db_thread_conn(d);
	if (c == NULL || store_migrate(c) != ST_OK) {
		fprintf(stderr, "helsami: cannot migrate the database %s\n", cfg->db_url);
		db_close(d);
		return NULL;
	}
	return d;
}

int main(int argc, char **argv)
{
	config cfg;
	config_defaults(&cfg);

	const char *words[3] = {NULL, NULL, NULL};
	int nwords = 0;
	long persons = -1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (str_eq(a, "--help") || str_eq(a, "-h")) {
			usage(stdout);
			config_print_help();
			return 0;
		}
		if (str_eq(a, "--persons") || str_starts(a, "--persons=")) {
			const char *v = a[9] == '=' ? a + 10 : (i + 1 < argc ? argv[++i] : "");
			int64_t n;
			if (!str_to_i64(v, &n) || n < 0 || n > 100000000) {
				fprintf(stderr, "helsami: --persons needs a whole number between 0 and 100000000\n");
				return 2;
			}
			persons = (long)n;
			continue;
		}
		if (a[0] == '-') {
			if (!config_apply_arg(&cfg, argc, argv, &i))
				return 2;
			continue;
		}
		if (nwords == 3) {
			fprintf(stderr, "helsami: unexpected argument %s\n", a);
			return 2;
		}
		words[nwords++] = a;
	}
	set_log_level(cfg.log_level);

	const char *cmd = words[0];
	const char *sub = words[1];
	if (str_eq(cmd, "routes") && nwords == 1)
		return cli_routes();
	bool known = (str_eq(cmd, "serve") && nwords == 1) || (str_eq(cmd, "migrate") && nwords == 1) ||
	             (str_eq(cmd, "seed") && nwords == 2 && (str_eq(sub, "demo") || str_eq(sub, "population"))) ||
	             (str_eq(cmd, "audit") && nwords == 2 && str_eq(sub, "verify")) ||
	             (str_eq(cmd, "import") && nwords == 3 && (str_eq(sub, "sysvak") || str_eq(sub, "questionnaire")));
	if (!known) {
		if (cmd != NULL)
			fprintf(stderr, "helsami: unknown command: %s%s%s\n\n", cmd, sub ? " " : "", sub ? sub : "");
		usage(stderr);
		return 2;
	}
	if (str_eq(sub, "population") && persons < 0) {
		fprintf(stderr, "helsami: seed population needs --persons N\n");
		return 2;
	}

	db *d = open_migrated(&cfg);
	if (d == NULL)
		return 1;
	int rc;
	if (str_eq(cmd, "serve"))
		rc = cli_serve(&cfg, d);
	else if (str_eq(cmd, "migrate"))
		rc = 0;
	else if (str_eq(cmd, "seed"))
		rc = str_eq(sub, "demo") ? cli_seed_demo(d) : cli_seed_population(d, persons);
	else if (str_eq(cmd, "import") && str_eq(sub, "questionnaire"))
		rc = cli_import_questionnaire(d, words[2]);
	else if (str_eq(cmd, "import"))
		rc = cli_import_sysvak(d, words[2], cfg.dev);
	else
		rc = cli_audit_verify(d);
	db_close(d);
	return rc;
}
