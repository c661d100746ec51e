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

/* A freshly migrated database is a copy of the first one migrated (of the
 * backend under test): migrating takes about half a second on PostgreSQL,
 * copying a tenth, and a run migrates about a hundred times a backend. On
 * PostgreSQL the tests use a database of their own (work), recreated from
 * the template through the runner's database (admin). */
static bool template_made;
static char sqlite_template[sizeof sqlite_path + 16];
static char pg_admin_url[1024], pg_work_url[1024];
static char pg_work[64], pg_template[64];

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

static status copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb");
	FILE *out = fopen(to, "wb");
	bool ok = in != NULL && out != NULL;
	char buf[65536];
	size_t n;
	while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0)
		ok = fwrite(buf, 1, n, out) == n;
	ok = ok && !ferror(in);
	if (in != NULL)
		fclose(in);
	if (out != NULL && fclose(out) != 0)
		ok = false;
	return ok ? ST_OK : ST_INTERNAL;
}

/* The URL of database `name` on the server of `url`. */
static void url_with_database(const char *url, const char *name, char *out, size_t size)
{
	const char *scheme = strstr(url, "://");
	const char *path = strchr(scheme != NULL ? scheme + 3 : url, '/');
	int keep = (int)(path != NULL ? (size_t)(path - url) : strlen(url));
	const char *query = strchr(url, '?');
	snprintf(out, size, "%.*s/%s%s", keep, url, name, query != NULL ? query : "");
}

/* Runs statements one at a time on the runner's database: CREATE and DROP
 * DATABASE refuse to run in the transaction a multi-statement string is. */
static status pg_admin(const char *const *sql, size_t count)
{
	db *admin = NULL;
	status st = db_open(pg_admin_url, &admin);
	db_conn *c = st == ST_OK ? db_thread_conn(admin) : NULL;
	if (c == NULL)
		st = ST_INTERNAL;
	for (size_t i = 0; st == ST_OK && i < count; i++)
		st = db_exec(c, sql[i]);
	db_close(admin);
	return st;
}

static status pg_recreate_work(const char *from)
{
	char drop[128], create[192];
	snprintf(drop, sizeof drop, "DROP DATABASE IF EXISTS %s WITH (FORCE)", pg_work);
	snprintf(create, sizeof create, "CREATE DATABASE %s%s%s", pg_work, from != NULL ? " TEMPLATE " : "",
	         from != NULL ? from : "");
	const char *sql[] = {drop, create};
	return pg_admin(sql, ARRAY_LEN(sql));
}

static void close_conf_db(void)
{
	db_close(conf_db);
	conf_db = NULL;
	conf_conn = NULL;
}

/* Keeps the database just migrated as the template of the next ones. */
static status make_template(void)
{
	close_conf_db(); /* on SQLite, the last close moves the WAL into the file */
	status st;
	if (conf_kind == DB_SQLITE) {
		st = copy_file(sqlite_path, sqlite_template);
	} else {
		char create[192];
		snprintf(create, sizeof create, "CREATE DATABASE %s TEMPLATE %s", pg_template, pg_work);
		const char *sql[] = {create};
		st = pg_admin(sql, ARRAY_LEN(sql));
	}
	template_made = st == ST_OK;
	return st;
}

static status open_conf_db(void)
{
	if (db_open(conf_url, &conf_db) != ST_OK)
		return ST_INTERNAL;
	conf_conn = db_thread_conn(conf_db);
	return conf_conn != NULL ? ST_OK : ST_INTERNAL;
}

static status fresh(bool migrate)
{
	close_conf_db();
	bool copy = migrate && template_made;
	status st = ST_OK;
	if (conf_kind == DB_SQLITE) {
		remove_sqlite_files();
		if (copy)
			st = copy_file(sqlite_template, sqlite_path);
	} else {
		st = pg_recreate_work(copy ? pg_template : NULL);
	}
	if (st == ST_OK)
		st = open_conf_db();
	if (st != ST_OK || copy || !migrate)
		return st;
	st = store_migrate(conf_conn);
	if (st == ST_OK)
		st = make_template();
	return st == ST_OK ? open_conf_db() : st;
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

int64_t conf_count(const char *sql)
{
	int64_t n = -1;
	assert_int_equal(db_one_int(db_prepare(conf_conn, sql), &n), ST_OK);
	return n;
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

static void drop_pg_databases(void)
{
	char work[128], tmpl[128];
	snprintf(work, sizeof work, "DROP DATABASE IF EXISTS %s WITH (FORCE)", pg_work);
	snprintf(tmpl, sizeof tmpl, "DROP DATABASE IF EXISTS %s", pg_template);
	const char *sql[] = {work, tmpl};
	if (pg_admin(sql, ARRAY_LEN(sql)) != ST_OK)
		fprintf(stderr, "store_conformance: could not drop %s and %s\n", pg_work, pg_template);
}

static int run_backend(enum db_kind kind, const char *backend, const char *url, int argc, char **argv)
{
	conf_kind = kind;
	conf_backend = backend;
	conf_url = url;
	template_made = false;
	if (kind == DB_POSTGRES) {
		snprintf(pg_admin_url, sizeof pg_admin_url, "%s", url);
		snprintf(pg_work, sizeof pg_work, "helsami_conf_%ld", (long)getpid());
		snprintf(pg_template, sizeof pg_template, "helsami_conf_tpl_%ld", (long)getpid());
		url_with_database(url, pg_work, pg_work_url, sizeof pg_work_url);
		conf_url = pg_work_url;
	}
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
	close_conf_db();
	if (kind == DB_POSTGRES)
		drop_pg_databases();
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
	snprintf(sqlite_template, sizeof sqlite_template, "%s/template.db", dir);
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
