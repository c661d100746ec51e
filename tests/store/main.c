/* main.c — runs every registered store test group on SQLite, then on
 * PostgreSQL when HELSAMI_TEST_PG_URL is set (see conformance.h). */
#include "conformance.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"

/* Far more groups than store areas; a fixed table needs no allocation
 * before main. */
enum { MAX_GROUPS = 128 };

struct group {
	const char *name;
	const struct CMUnitTest *tests;
	size_t count;
};

static struct group groups[MAX_GROUPS];
static size_t ngroups;

db *conf_db;
db_conn *conf_conn;
enum db_kind conf_kind;
const char *conf_backend;
const char *conf_url;
const char *conf_tmpdir;

static char sqlite_path[4096];
static char failed_groups[4096]; /* for the last line of output */

void conf_register(const char *name, const struct CMUnitTest *tests, size_t count)
{
	if (ngroups == MAX_GROUPS) {
		fprintf(stderr, "store_conformance: more than %d groups; raise MAX_GROUPS\n", MAX_GROUPS);
		exit(2);
	}
	groups[ngroups++] = (struct group){name, tests, count};
}

static void remove_sqlite_files(void)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < ARRAY_LEN(suffixes); i++) {
		char path[sizeof sqlite_path + 16];
		snprintf(path, sizeof path, "%s%s", sqlite_path, suffixes[i]);
		unlink(path);
	}
}

static status fresh(bool migrate)
{
	db_close(conf_db);
	conf_db = NULL;
	conf_conn = NULL;
	if (conf_kind == DB_SQLITE)
		remove_sqlite_files();
	if (db_open(conf_url, &conf_db) != ST_OK)
		return ST_INTERNAL;
	conf_conn = db_thread_conn(conf_db);
	if (conf_conn == NULL)
		return ST_INTERNAL;
	if (conf_kind == DB_POSTGRES) {
		status st = db_exec(conf_conn, "DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
		if (st != ST_OK)
			return st;
	}
	return migrate ? store_migrate(conf_conn) : ST_OK;
}

void conf_fresh(void)
{
	status st = fresh(true);
	if (st != ST_OK)
		fail_msg("could not reset and migrate the %s database: %s", conf_backend, status_name(st));
}

void conf_empty(void)
{
	status st = fresh(false);
	if (st != ST_OK)
		fail_msg("could not reset the %s database: %s", conf_backend, status_name(st));
}

static int group_setup(void **state)
{
	(void)state;
	status st = fresh(true);
	if (st != ST_OK) {
		fprintf(stderr, "store_conformance: could not reset and migrate the %s database: %s\n", conf_backend,
		        status_name(st));
		return -1;
	}
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct group *)a)->name, ((const struct group *)b)->name);
}

static bool wanted(const char *name, int argc, char **argv)
{
	if (argc < 2)
		return true;
	for (int i = 1; i < argc; i++)
		if (str_eq(argv[i], name))
			return true;
	return false;
}

static int run_backend(enum db_kind kind, const char *backend, const char *url, int argc, char **argv)
{
	conf_kind = kind;
	conf_backend = backend;
	conf_url = url;
	int failed = 0;
	for (size_t i = 0; i < ngroups; i++) {
		if (!wanted(groups[i].name, argc, argv))
			continue;
		char name[256];
		snprintf(name, sizeof name, "%s[%s]", groups[i].name, backend);
		/* cmocka's own lines do not name the group. */
		printf("[==========] group %s\n", name);
		fflush(stdout);
		int n = _cmocka_run_group_tests(name, groups[i].tests, groups[i].count, group_setup, NULL);
		if (n != 0) {
			printf("[  FAILED  ] group %s: %d failure(s)\n", name, n);
			snprintf(failed_groups + strlen(failed_groups), sizeof failed_groups - strlen(failed_groups),
			         " %s", name);
		}
		failed += n;
	}
	db_close(conf_db);
	conf_db = NULL;
	conf_conn = NULL;
	return failed;
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

int main(int argc, char **argv)
{
	qsort(groups, ngroups, sizeof groups[0], by_name);
	for (int i = 1; i < argc; i++) {
		bool known = false;
		for (size_t g = 0; g < ngroups; g++)
			known = known || str_eq(groups[g].name, argv[i]);
		if (!known) {
			fprintf(stderr, "store_conformance: no group named %s\n", argv[i]);
			return 2;
		}
	}

	const char *tmp = getenv("TMPDIR");
	char dir[1024];
	snprintf(dir, sizeof dir, "%s/helsami-store-XXXXXX", tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror("store_conformance: mkdtemp");
		return 2;
	}
	conf_tmpdir = dir;
	snprintf(sqlite_path, sizeof sqlite_path, "%s/conformance.db", dir);
	char sqlite_url[sizeof sqlite_path + 8];
	snprintf(sqlite_url, sizeof sqlite_url, "sqlite:%s", sqlite_path);

	int failed = run_backend(DB_SQLITE, "sqlite", sqlite_url, argc, argv);

	const char *pg_url = getenv("HELSAMI_TEST_PG_URL");
	if (pg_url != NULL && pg_url[0] != '\0')
		failed += run_backend(DB_POSTGRES, "postgres", pg_url, argc, argv);
	else
		printf("store_conformance: PostgreSQL skipped (HELSAMI_TEST_PG_URL is not set)\n");

	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	if (failed != 0) {
		printf("store_conformance: %d failure(s) in%s\n", failed, failed_groups);
		return 1;
	}
	printf("store_conformance: all groups passed\n");
	return 0;
}
