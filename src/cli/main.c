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
	fprintf(
	    out,
	    "helsami — citizen health portal\n\n"
	    "Usage:\n"
	    "  helsami serve   [--listen HOST:PORT] [--db URL] [--dev] [options]\n"
	    "  helsami migrate [--db URL]\n"
	    "  helsami seed demo [--today YYYY-MM-DD] [--db URL]\n"
	    "  helsami seed population --persons N [--db URL]\n"
	    "  helsami jobs run [--now TIME] [--db URL]   (every timed job once: offers, reminders, check-in, "
	    "notifications)\n"
	    "  helsami audit verify [--db URL] [--checkpoints FILE (--public-key FILE | --key FILE)]\n"
	    "  helsami audit checkpoint --key FILE --out FILE [--db URL]   (a signed checkpoint of the access log)\n"
	    "  helsami audit keygen --key FILE   (a new checkpoint signing key; its public key on stdout)\n"
	    "  helsami import sysvak FILE [--db URL] [--dev]   (vaccinations; docs/sysvak.md)\n"
	    "  helsami import questionnaire FILE [--url URL] [--name NAME] [--version V] [--valueset FILE]...\n"
	    "                                    [--language L] [--db URL]\n"
	    "                                    (a FHIR Questionnaire, or a Bundle holding it: --language picks\n"
	    "                                     one of several; the options set or override its identity;\n"
	    "                                     docs/questionnaires.md)\n"
	    "  helsami letters print FILE [--now TIME] [--db URL]   (the print queue's letters as one PDF for the\n"
	    "                                    print service, marked printed; docs/services.md)\n"
	    "  helsami routes                    (the route table as JSON lines)\n"
	    "  helsami fhirpath QUESTIONNAIRE RESPONSE [PATIENT]   (lines \"linkId<TAB>expression\" on stdin,\n"
	    "                                    each result as a JSON line: calculated values' evaluator, or\n"
	    "                                    with PATIENT prefills' with it as %%patient; for tests)\n"
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

/* The value of option `name` at argv[*i] ("--name V", *i moved to V, or
 * "--name=V"; "" when there is none), or NULL when argv[*i] is another. */
static const char *option_value(const char *name, int argc, char **argv, int *i)
{
	size_t n = strlen(name);
	const char *a = argv[*i];
	if (strncmp(a, name, n) != 0 || (a[n] != '\0' && a[n] != '='))
		return NULL;
	return a[n] == '=' ? a + n + 1 : (*i + 1 < argc ? argv[++*i] : "");
}

/* Takes the value of option `name` at argv[*i] ("--name V" or "--name=V")
 * into *dst: 1 when taken, 0 when argv[*i] is another option, -1 (said why)
 * when the value is missing. */
static int take_value(const char *name, int argc, char **argv, int *i, const char **dst)
{
	const char *v = option_value(name, argc, argv, i);
	if (v == NULL)
		return 0;
	if (*v == '\0') {
		fprintf(stderr, "helsami: %s needs a value (FILE)\n", name);
		return -1;
	}
	*dst = v;
	return 1;
}

/* The audit subcommands' own options (cli.h); returns as take_value. */
static int take_audit_arg(audit_args *aa, int argc, char **argv, int *i)
{
	const struct {
		const char *name;
		const char **dst;
	} opts[] = {{"--key", &aa->key},
	            {"--out", &aa->out},
	            {"--checkpoints", &aa->checkpoints},
	            {"--public-key", &aa->public_key}};
	for (size_t k = 0; k < ARRAY_LEN(opts); k++) {
		int took = take_value(opts[k].name, argc, argv, i, opts[k].dst);
		if (took != 0)
			return took;
	}
	return 0;
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

	const char *words[4] = {NULL, NULL, NULL, NULL};
	int nwords = 0;
	long persons = -1;
	date today = {0, 0, 0};
	bool have_today = false;
	unix_time now = 0; /* jobs run --now: the clock the jobs see */
	audit_args aa = {0};
	qf_identity ident = {0};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (str_eq(a, "--help") || str_eq(a, "-h")) {
			usage(stdout);
			config_print_help();
			return 0;
		}
		const char *v;
		if ((v = option_value("--persons", argc, argv, &i)) != NULL) {
			int64_t n;
			if (!str_to_i64(v, &n) || n < 0 || n > 100000000) {
				fprintf(stderr, "helsami: --persons needs a whole number between 0 and 100000000\n");
				return 2;
			}
			persons = (long)n;
			continue;
		}
		if ((v = option_value("--today", argc, argv, &i)) != NULL) {
			if (!date_parse(v, &today)) {
				fprintf(stderr, "helsami: --today needs a date YYYY-MM-DD\n");
				return 2;
			}
			have_today = true;
			continue;
		}
		if ((v = option_value("--now", argc, argv, &i)) != NULL) {
			if (!time_parse(v, &now)) {
				fprintf(stderr, "helsami: --now needs a time YYYY-MM-DDTHH:MM:SSZ\n");
				return 2;
			}
			continue;
		}
		int took = take_value("--url", argc, argv, &i, &ident.url);
		if (took == 0)
			took = take_value("--name", argc, argv, &i, &ident.name);
		if (took == 0)
			took = take_value("--version", argc, argv, &i, &ident.version);
		if (took == 0)
			took = take_value("--language", argc, argv, &i, &ident.language);
		const char *value_set = NULL;
		if (took == 0 && (took = take_value("--valueset", argc, argv, &i, &value_set)) > 0) {
			if (ident.nvalue_sets == QF_VALUE_SET_FILES_MAX) {
				fprintf(stderr, "helsami: at most %d --valueset files\n", QF_VALUE_SET_FILES_MAX);
				return 2;
			}
			ident.value_set_files[ident.nvalue_sets++] = value_set;
		}
		if (took < 0)
			return 2;
		if (took > 0)
			continue;
		took = take_audit_arg(&aa, argc, argv, &i);
		if (took < 0)
			return 2;
		if (took > 0)
			continue;
		if (a[0] == '-') {
			if (!config_apply_arg(&cfg, argc, argv, &i))
				return 2;
			continue;
		}
		if (nwords == 4) {
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
	if (str_eq(cmd, "fhirpath") && (nwords == 3 || nwords == 4))
		return cli_fhirpath(words[1], words[2], nwords == 4 ? words[3] : NULL);
	bool known = (str_eq(cmd, "serve") && nwords == 1) || (str_eq(cmd, "migrate") && nwords == 1) ||
	             (str_eq(cmd, "jobs") && nwords == 2 && str_eq(sub, "run")) ||
	             (str_eq(cmd, "letters") && nwords == 3 && str_eq(sub, "print")) ||
	             (str_eq(cmd, "seed") && nwords == 2 && (str_eq(sub, "demo") || str_eq(sub, "population"))) ||
	             (str_eq(cmd, "audit") && nwords == 2 &&
	              (str_eq(sub, "verify") || str_eq(sub, "checkpoint") || str_eq(sub, "keygen"))) ||
	             (str_eq(cmd, "import") && nwords == 3 && (str_eq(sub, "sysvak") || str_eq(sub, "questionnaire")));
	if (!known) {
		if (cmd != NULL)
			fprintf(stderr, "helsami: unknown command: %s%s%s\n\n", cmd, sub ? " " : "", sub ? sub : "");
		usage(stderr);
		return 2;
	}
	if (have_today && !(str_eq(cmd, "seed") && str_eq(sub, "demo"))) {
		fprintf(stderr, "helsami: --today is for seed demo\n");
		return 2;
	}
	if (str_eq(sub, "population") && persons < 0) {
		fprintf(stderr, "helsami: seed population needs --persons N\n");
		return 2;
	}
	if ((ident.url || ident.name || ident.version || ident.language || ident.nvalue_sets) &&
	    !(str_eq(cmd, "import") && str_eq(sub, "questionnaire"))) {
		fprintf(stderr,
		        "helsami: --url, --name, --version, --language and --valueset are for import questionnaire\n");
		return 2;
	}
	bool audit = str_eq(cmd, "audit");
	if (!audit && (aa.key || aa.out || aa.checkpoints || aa.public_key)) {
		fprintf(stderr, "helsami: --key, --out, --checkpoints and --public-key are for the audit commands\n");
		return 2;
	}
	if (audit && !cli_audit_args_valid(sub, &aa))
		return 2;
	if (audit && str_eq(sub, "keygen"))
		return cli_audit_keygen(&aa); /* a key needs no database */

	db *d = open_migrated(&cfg);
	if (d == NULL)
		return 1;
	int rc;
	if (str_eq(cmd, "serve"))
		rc = cli_serve(&cfg, d);
	else if (str_eq(cmd, "migrate"))
		rc = 0;
	else if (str_eq(cmd, "jobs"))
		rc = cli_jobs_run(&cfg, d, now);
	else if (str_eq(cmd, "letters"))
		rc = cli_letters_print(d, words[2], now);
	else if (str_eq(cmd, "seed"))
		rc = !str_eq(sub, "demo") ? cli_seed_population(d, persons)
		     : have_today         ? cli_seed_demo_on(d, today)
		                          : cli_seed_demo(d);
	else if (str_eq(cmd, "import") && str_eq(sub, "questionnaire"))
		rc = cli_import_questionnaire(d, words[2], &ident);
	else if (str_eq(cmd, "import"))
		rc = cli_import_sysvak(d, words[2], cfg.dev);
	else if (str_eq(sub, "checkpoint"))
		rc = cli_audit_checkpoint(d, &aa);
	else
		rc = cli_audit_verify(d, &aa);
	db_close(d);
	return rc;
}
