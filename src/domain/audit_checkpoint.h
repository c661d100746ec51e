/* audit_checkpoint.h — signed checkpoints of the access log's chain heads: the
 * log's anchor outside the database (docs/architecture.md, "The access log").
 * Someone who can write to the database can rewrite a whole chain, head
 * included, and the chain walk (domain/audit.h) still finds it intact; a
 * checkpoint kept elsewhere remembers what each head was.
 *
 * A checkpoint file is append-only text, one checkpoint per line, each line a
 * JSON object with exactly these members (written in this order):
 *
 *   {"v":1,"at":"2026-11-22T10:00:00Z","chains":2,"heads_sha256":"<64 hex>",
 *    "heads":[[0,12,"<64 hex>"],[17,3,"<64 hex>"]],
 *    "key_id":"<16 hex>","sig":"<base64>"}
 *
 *   v             the format, 1
 *   at            when the heads were read, UTC, to the second
 *   heads         every row of audit_head as [patient_id, seq, hash], by
 *                 ascending patient_id (0: the chain of entries concerning no
 *                 patient)
 *   chains        how many heads there are
 *   heads_sha256  SHA-256 (lowercase hex) over the heads text: one line
 *                 "PATIENT_ID SEQ HASH\n" per head, in the same order
 *   key_id        the signing key's id (core/crypto.h: the first 16 hex digits
 *                 of SHA-256 over the 32-byte Ed25519 public key)
 *   sig           Ed25519 signature (standard base64) over the signed text
 *
 *   helsami-audit-checkpoint-v1\n
 *   at 2026-11-22T10:00:00Z\n
 *   chains 2\n
 *   heads_sha256 <64 hex>\n
 *   key_id <16 hex>\n
 *
 * The signature covers the heads through heads_sha256, so a reader checks
 * heads_sha256 against the heads, then the signature against the text. */
#ifndef HELSAMI_DOMAIN_AUDIT_CHECKPOINT_H
#define HELSAMI_DOMAIN_AUDIT_CHECKPOINT_H

#include <stddef.h>
#include <stdint.h>

#include "core/clock.h"
#include "core/crypto.h"
#include "db/db.h"

/* Public keys one verification may be given: a few rotations' worth. */
enum { AUDIT_CHECKPOINT_MAX_KEYS = 32 };

typedef struct audit_checkpoint_info {
	int64_t chains;
	char at[21];
} audit_checkpoint_info;

/* Loads the private key that signs checkpoints from a PEM file, warning (log)
 * when other users may read it. ST_NOT_FOUND when the file cannot be opened,
 * ST_INVALID when it holds no Ed25519 private key. *out is the caller's
 * (ed25519_free). */
status audit_checkpoint_key_load(const char *path, ed25519_key **out);

/* Reads every chain head and appends one checkpoint, signed with the private
 * key, to the file at path (created mode 0640 when missing; appends lock it).
 * now is the checkpoint's time. info (may be NULL) gets what was written.
 * ST_INTERNAL when the heads cannot be read (the database's failure, ST_BUSY
 * included, passes through) or the file cannot be written (logged). */
status audit_checkpoint_write(db_conn *c, const ed25519_key *key, const char *path, unix_time now,
                              audit_checkpoint_info *info);

/* What verification found, first problem first. */
enum audit_checkpoint_problem {
	CKPT_OK = 0,
	CKPT_EMPTY,          /* the file holds no checkpoint */
	CKPT_MALFORMED,      /* a line is not a checkpoint */
	CKPT_UNKNOWN_KEY,    /* signed by none of the keys given */
	CKPT_FORGED,         /* the signature (or heads_sha256) does not verify */
	CKPT_CHAIN_GONE,     /* the chain has no entries at all */
	CKPT_CHAIN_SHORT,    /* the chain ends before the checkpointed seq */
	CKPT_CHAIN_REWRITTEN /* the entry at the checkpointed seq has another hash */
};

typedef struct audit_checkpoint_report {
	int64_t checkpoints;   /* checkpoints that passed */
	int64_t latest_chains; /* chains in the last one that passed */
	char latest_at[21];    /* its time; "" when none passed */
	enum audit_checkpoint_problem problem;
	/* Where, when problem is not CKPT_OK: */
	int64_t line;                        /* line number in the file, from 1 */
	char at[21];                         /* the checkpoint's time ("" when the line is malformed) */
	char key_id[ED25519_KEY_ID_HEX + 1]; /* CKPT_UNKNOWN_KEY: the id the line names */
	int64_t patient_id, seq;             /* the chain and the seq the checkpoint saw */
	int64_t entries;                     /* CKPT_CHAIN_SHORT: entries the chain has now */
} audit_checkpoint_report;

/* Checks every checkpoint in the file at path, in order, and stops at the
 * first problem: the line must be a checkpoint, signed by one of keys[0..nkeys)
 * (picked by key id; private keys verify too), with heads_sha256 and chains
 * matching its heads; and for every head, the database must still hold that
 * chain with an entry at that seq whose hash is the checkpointed hash. A chain
 * newer than a checkpoint, or longer than it was, is fine. This trusts the
 * chain walk (audit_verify) for what lies before each checkpointed entry: run
 * that first. Returns ST_OK whether or not a problem was found (see report),
 * ST_NOT_FOUND when path cannot be read, else the database's failure. */
status audit_checkpoint_verify(db_conn *c, const char *path, ed25519_key *const *keys, size_t nkeys,
                               audit_checkpoint_report *report);

#endif
