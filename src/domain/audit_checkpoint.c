/* audit_checkpoint.c — writes and verifies the signed checkpoints of the
 * access log's chain heads (the format is in audit_checkpoint.h). */
#include "domain/audit_checkpoint.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/log.h"
#include "store/audit.h"

static const char SIGNED_TEXT_TAG[] = "helsami-audit-checkpoint-v1";
enum {
	CHECKPOINT_VERSION = 1,
	TIME_TEXT_LEN = 20, /* "YYYY-MM-DDTHH:MM:SSZ" */
};

typedef struct head {
	int64_t patient_id, seq;
	char hash[SHA256_HEX_LEN + 1];
} head;

/* One checkpoint, read from a line or about to be written. */
typedef struct checkpoint {
	char at[TIME_TEXT_LEN + 1];
	int64_t chains;
	char heads_sha256[SHA256_HEX_LEN + 1];
	char key_id[ED25519_KEY_ID_HEX + 1];
	uint8_t sig[ED25519_SIG_LEN];
	head *heads; /* heap, ascending patient_id */
	size_t n, cap;
} checkpoint;

static void heads_push(checkpoint *cp, int64_t patient_id, int64_t seq, const char *hash)
{
	if (cp->n == cp->cap) {
		cp->cap = cp->cap ? cp->cap * 2 : 64;
		cp->heads = xrealloc(cp->heads, cp->cap * sizeof *cp->heads);
	}
	head *h = &cp->heads[cp->n++];
	h->patient_id = patient_id;
	h->seq = seq;
	snprintf(h->hash, sizeof h->hash, "%s", hash);
}

/* heads_sha256: SHA-256 over one line "PATIENT_ID SEQ HASH\n" per head. */
static void heads_digest(const checkpoint *cp, char out[SHA256_HEX_LEN + 1])
{
	buf b;
	buf_init(&b, 100 * cp->n + 1);
	for (size_t i = 0; i < cp->n; i++)
		buf_printf(&b, "%" PRId64 " %" PRId64 " %s\n", cp->heads[i].patient_id, cp->heads[i].seq,
		           cp->heads[i].hash);
	uint8_t digest[SHA256_LEN];
	sha256(b.data, b.len, digest);
	hex_encode(digest, SHA256_LEN, out);
	buf_free(&b);
}

/* The text the signature covers: every member but heads (through
 * heads_sha256) and sig, one per line after a tag naming the format. */
static void signed_text(const checkpoint *cp, buf *b)
{
	buf_printf(b, "%s\nat %s\nchains %" PRId64 "\nheads_sha256 %s\nkey_id %s\n", SIGNED_TEXT_TAG, cp->at,
	           cp->chains, cp->heads_sha256, cp->key_id);
}

status audit_checkpoint_key_load(const char *path, ed25519_key **out)
{
	status st = ed25519_load_private(path, out);
	struct stat sb;
	/* The key is what makes a checkpoint trustworthy: whoever reads it can forge them. */
	if (st == ST_OK && stat(path, &sb) == 0 && (sb.st_mode & 077) != 0)
		log_warn("audit checkpoint: other users may read the signing key %s; chmod 600 it", path);
	return st;
}

/* ---- writing ---- */

static status collect_head(const audit_entry *e, void *arg)
{
	heads_push(arg, e->patient_id, e->seq, e->hash);
	return ST_OK;
}

/* The checkpoint as one JSON line, newline included, into out. */
static void checkpoint_line(const checkpoint *cp, buf *out)
{
	json_t *heads = json_array();
	for (size_t i = 0; i < cp->n; i++) {
		const head *h = &cp->heads[i];
		json_array_append_new(heads,
		                      json_pack("[I, I, s]", (json_int_t)h->patient_id, (json_int_t)h->seq, h->hash));
	}
	arena *a = arena_new();
	json_t *o = json_pack("{s:i, s:s, s:I, s:s, s:o, s:s, s:s}", "v", CHECKPOINT_VERSION, "at", cp->at, "chains",
	                      (json_int_t)cp->chains, "heads_sha256", cp->heads_sha256, "heads", heads, "key_id",
	                      cp->key_id, "sig", base64_encode(a, cp->sig, ED25519_SIG_LEN));
	char *text = o != NULL ? json_dumps(o, JSON_COMPACT) : NULL;
	if (text == NULL)
		abort(); /* only allocation fails here, and allocation failure aborts */
	buf_puts(out, text);
	buf_putc(out, '\n');
	free(text);
	json_decref(o);
	arena_free(a);
}

static bool write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

/* Appends the line under an exclusive lock, so lines from the command line
 * and from servers sharing the file never interleave, and syncs it. */
static status append_line(const char *path, const buf *line)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	if (fd < 0) {
		log_error("audit checkpoint: cannot open %s: %s", path, strerror(errno));
		return ST_INTERNAL;
	}
	status st = ST_INTERNAL;
	if (flock(fd, LOCK_EX) != 0 || !write_all(fd, line->data, line->len) || fsync(fd) != 0) {
		log_error("audit checkpoint: cannot write to %s: %s", path, strerror(errno));
		goto cleanup;
	}
	st = ST_OK;
cleanup:
	close(fd); /* releases the lock */
	return st;
}

status audit_checkpoint_write(db_conn *c, const ed25519_key *key, const char *path, unix_time now,
                              audit_checkpoint_info *info)
{
	checkpoint cp = {0};
	buf text = {0}, line = {0};
	/* One statement reads every head: one snapshot on both databases. */
	status st = store_audit_heads_scan(c, collect_head, &cp);
	if (st != ST_OK)
		goto cleanup;
	time_format(now, cp.at);
	cp.chains = (int64_t)cp.n;
	heads_digest(&cp, cp.heads_sha256);
	snprintf(cp.key_id, sizeof cp.key_id, "%s", ed25519_key_id(key));
	buf_init(&text, 256);
	signed_text(&cp, &text);
	if (!ed25519_sign(key, text.data, text.len, cp.sig)) {
		log_error("audit checkpoint: the key cannot sign (is it a private key?)");
		st = ST_INTERNAL;
		goto cleanup;
	}
	buf_init(&line, 128 + 100 * cp.n);
	checkpoint_line(&cp, &line);
	if ((st = append_line(path, &line)) != ST_OK)
		goto cleanup;
	if (info != NULL) {
		info->chains = cp.chains;
		memcpy(info->at, cp.at, sizeof info->at);
	}
cleanup:
	buf_free(&line);
	buf_free(&text);
	free(cp.heads);
	return st;
}

/* ---- verifying ---- */

static bool lower_hex(const char *s, size_t len)
{
	if (strlen(s) != len)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* A time in the one form checkpoints are written in. */
static bool canonical_time(const char *s)
{
	unix_time t;
	char again[TIME_TEXT_LEN + 1];
	if (strlen(s) != TIME_TEXT_LEN || !time_parse(s, &t))
		return false;
	time_format(t, again);
	return strcmp(again, s) == 0;
}

/* heads: [[patient_id, seq, hash], ...] by strictly ascending patient_id. */
static bool parse_heads(json_t *heads, checkpoint *cp)
{
	if (!json_is_array(heads))
		return false;
	size_t i;
	json_t *item;
	json_array_foreach(heads, i, item)
	{
		json_int_t patient_id, seq;
		const char *hash;
		if (json_unpack_ex(item, NULL, JSON_STRICT, "[I, I, s]", &patient_id, &seq, &hash) != 0 ||
		    patient_id < 0 || seq < 0 || !lower_hex(hash, SHA256_HEX_LEN))
			return false;
		if (cp->n > 0 && patient_id <= cp->heads[cp->n - 1].patient_id)
			return false;
		heads_push(cp, patient_id, seq, hash);
	}
	return true;
}

/* Reads one line (its newline included, if any) into cp; false when it is
 * not a checkpoint in exactly the written form. */
static bool parse_line(const char *line, size_t len, checkpoint *cp, arena *a)
{
	if (len > 0 && line[len - 1] == '\n')
		len--;
	json_t *root = json_loadb(line, len, JSON_REJECT_DUPLICATES, NULL);
	json_int_t version, chains;
	const char *at, *heads_sha256, *key_id, *sig;
	json_t *heads;
	uint8_t *raw;
	size_t raw_len;
	bool ok = root != NULL &&
	          json_unpack_ex(root, NULL, JSON_STRICT, "{s:I, s:s, s:I, s:s, s:o, s:s, s:s}", "v", &version, "at",
	                         &at, "chains", &chains, "heads_sha256", &heads_sha256, "heads", &heads, "key_id",
	                         &key_id, "sig", &sig) == 0 &&
	          version == CHECKPOINT_VERSION && canonical_time(at) && chains >= 0 &&
	          lower_hex(heads_sha256, SHA256_HEX_LEN) && lower_hex(key_id, ED25519_KEY_ID_HEX) &&
	          base64_decode(a, sig, &raw, &raw_len) && raw_len == ED25519_SIG_LEN && parse_heads(heads, cp);
	if (ok) {
		snprintf(cp->at, sizeof cp->at, "%s", at);
		cp->chains = chains;
		snprintf(cp->heads_sha256, sizeof cp->heads_sha256, "%s", heads_sha256);
		snprintf(cp->key_id, sizeof cp->key_id, "%s", key_id);
		memcpy(cp->sig, raw, ED25519_SIG_LEN);
	}
	json_decref(root);
	return ok;
}

struct verifier {
	db_conn *c;
	ed25519_key *const *keys;
	size_t nkeys;
	audit_checkpoint_report *r;
	checkpoint cur;  /* the line being checked */
	checkpoint prev; /* the last checkpoint that passed */
	arena *a;
};

static const ed25519_key *key_for(const struct verifier *v, const char *key_id)
{
	for (size_t i = 0; i < v->nkeys; i++)
		if (strcmp(ed25519_key_id(v->keys[i]), key_id) == 0)
			return v->keys[i];
	return NULL;
}

/* Whether one of our keys signed this checkpoint, heads included. */
static enum audit_checkpoint_problem check_signature(const struct verifier *v, const checkpoint *cp)
{
	const ed25519_key *k = key_for(v, cp->key_id);
	if (k == NULL)
		return CKPT_UNKNOWN_KEY;
	char digest[SHA256_HEX_LEN + 1];
	heads_digest(cp, digest);
	if (cp->chains != (int64_t)cp->n || strcmp(digest, cp->heads_sha256) != 0)
		return CKPT_FORGED;
	buf text;
	buf_init(&text, 256);
	signed_text(cp, &text);
	bool ok = ed25519_verify(k, text.data, text.len, cp->sig);
	buf_free(&text);
	return ok ? CKPT_OK : CKPT_FORGED;
}

static void fail_chain(audit_checkpoint_report *r, enum audit_checkpoint_problem problem, const head *h)
{
	r->problem = problem;
	r->patient_id = h->patient_id;
	r->seq = h->seq;
}

/* The database must still hold the entry the head named. */
static status check_head(struct verifier *v, const head *h)
{
	if (h->seq == 0)
		return ST_OK; /* a chain that had no entry yet: nothing to find */
	char hash[SHA256_HEX_LEN + 1];
	status st = store_audit_entry_hash(v->c, h->patient_id, h->seq, hash);
	if (st == ST_OK) {
		if (strcmp(hash, h->hash) != 0)
			fail_chain(v->r, CKPT_CHAIN_REWRITTEN, h);
		return ST_OK;
	}
	if (st != ST_NOT_FOUND)
		return st;
	int64_t entries;
	if ((st = store_audit_count(v->c, h->patient_id, &entries)) != ST_OK)
		return st;
	fail_chain(v->r, entries == 0 ? CKPT_CHAIN_GONE : CKPT_CHAIN_SHORT, h);
	v->r->entries = entries;
	return ST_OK;
}

static bool same_head(const head *a, const head *b)
{
	return a->patient_id == b->patient_id && a->seq == b->seq && strcmp(a->hash, b->hash) == 0;
}

/* Compares every head with the database, but those the previous checkpoint
 * held unchanged: they were compared already (most chains do not move
 * between two checkpoints). Both lists ascend by patient_id. */
static status check_heads(struct verifier *v)
{
	const checkpoint *cur = &v->cur, *prev = &v->prev;
	size_t j = 0;
	for (size_t i = 0; i < cur->n && v->r->problem == CKPT_OK; i++) {
		const head *h = &cur->heads[i];
		while (j < prev->n && prev->heads[j].patient_id < h->patient_id)
			j++;
		if (j < prev->n && same_head(&prev->heads[j], h))
			continue;
		status st = check_head(v, h);
		if (st != ST_OK)
			return st;
	}
	return ST_OK;
}

static status verify_line(struct verifier *v, const char *line, size_t len)
{
	audit_checkpoint_report *r = v->r;
	checkpoint *cp = &v->cur;
	cp->n = 0;
	r->at[0] = '\0';
	if (!parse_line(line, len, cp, v->a)) {
		r->problem = CKPT_MALFORMED;
		return ST_OK;
	}
	memcpy(r->at, cp->at, sizeof r->at);
	if ((r->problem = check_signature(v, cp)) != CKPT_OK) {
		memcpy(r->key_id, cp->key_id, sizeof r->key_id);
		return ST_OK;
	}
	status st = check_heads(v);
	if (st != ST_OK || r->problem != CKPT_OK)
		return st;
	r->checkpoints++;
	r->latest_chains = cp->chains;
	memcpy(r->latest_at, cp->at, sizeof r->latest_at);
	checkpoint passed = v->cur;
	v->cur = v->prev;
	v->prev = passed;
	return ST_OK;
}

status audit_checkpoint_verify(db_conn *c, const char *path, ed25519_key *const *keys, size_t nkeys,
                               audit_checkpoint_report *r)
{
	memset(r, 0, sizeof *r);
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return ST_NOT_FOUND;
	/* Waits out an append in progress (they hold LOCK_EX), so a line half
	 * written is not taken for a forged one. */
	flock(fileno(f), LOCK_SH);
	struct verifier v = {.c = c, .keys = keys, .nkeys = nkeys, .r = r, .a = arena_new()};
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	status st = ST_OK;
	while (st == ST_OK && r->problem == CKPT_OK && (len = getline(&line, &cap, f)) >= 0) {
		r->line++;
		st = verify_line(&v, line, (size_t)len);
		arena_reset(v.a);
	}
	if (st == ST_OK && ferror(f))
		st = ST_NOT_FOUND;
	else if (st == ST_OK && r->problem == CKPT_OK && r->checkpoints == 0)
		r->problem = CKPT_EMPTY;
	free(line);
	fclose(f);
	free(v.cur.heads);
	free(v.prev.heads);
	arena_free(v.a);
	return st;
}
