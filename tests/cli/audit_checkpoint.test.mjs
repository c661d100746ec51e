// audit_checkpoint.test.mjs — signed checkpoints anchor the access log
// outside the database (docs/architecture.md, "The access log"). An intruder
// with write access to the database drops the append-only triggers and
// deletes, cuts or rewrites a chain, head included: the plain chain walk
// cannot tell, a checkpoint can. Also: forged and foreign checkpoints are
// refused, keys rotate, and the server writes checkpoints on a timer.
// Runs on SQLite and, when HELSAMI_TEST_PG_URL is set, on PostgreSQL too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, createPublicKey } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, STATIC_DIR, freshDb, runCli, startServer, backends } from '../lib/server.mjs';
import { sql, sqlValue, dropAppendOnly } from '../lib/db.mjs';

function ok(r) {
  assert.equal(r.status, 0, `exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r;
}

function keygen(dir, name) {
  const key = join(dir, `${name}.key`);
  const pub = join(dir, `${name}.pub`);
  const r = ok(runCli(['audit', 'keygen', '--key', key]));
  writeFileSync(pub, r.stdout);
  return { key, pub };
}

// The demo world, a signing key and a checkpoint file, in the database's
// own temporary directory.
function world(makeDb) {
  const db = makeDb();
  ok(runCli(['seed', 'demo', '--today', '2026-11-22', '--db', db.url]));
  const { key, pub } = keygen(db.dir, 'audit');
  const file = join(db.dir, 'checkpoints.jsonl');
  return {
    db, key, pub, file,
    checkpoint(k = key, out = file) { return ok(runCli(['audit', 'checkpoint', '--key', k, '--out', out, '--db', db.url])); },
    verify(extra = ['--checkpoints', file, '--public-key', pub]) { return runCli(['audit', 'verify', '--db', db.url, ...extra]); },
    // A chain of at least four entries: the one the intruder goes for.
    chain() {
      const p = sqlValue(db, 'SELECT patient_id FROM audit_log GROUP BY patient_id HAVING COUNT(*) >= 4 ORDER BY patient_id LIMIT 1');
      assert.ok(p, 'the demo world has a chain of at least four entries');
      return Number(p);
    },
    cleanup: () => db.cleanup(),
  };
}

function passes(r, what) {
  assert.equal(r.status, 0, `${what}: exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /^audit verify: intact — /, what);
}

function fails(r, pattern) {
  assert.equal(r.status, 1, `exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, pattern);
}

// domain/audit.c's entry hash, so the test can rewrite a chain the way an
// intruder who read the source would: every hash recomputed, head included.
function entryHash(e) {
  let s = '';
  const text = (v) => { s += v === null ? '-;' : `${Buffer.byteLength(v)}:${v};`; };
  const int = (v) => { s += `${v};`; };
  text('helsami-audit-v1'); text(e.prev_hash); int(e.patient_id); int(e.seq); int(e.at);
  text(e.actor_kind); int(e.actor_person_id); int(e.actor_staff_id); int(e.actor_unit_id); text(e.actor_role);
  int(e.on_behalf_of); text(e.action); text(e.what); text(e.what_id); text(e.purpose); text(e.reason);
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

// A chain's entries; optional text comes prefixed ('v...' or 'n' for NULL)
// so NULL and '' stay apart.
function entries(db, patient) {
  const opt = (c) => `CASE WHEN ${c} IS NULL THEN 'n' ELSE 'v' || ${c} END`;
  return sql(db, `SELECT id, seq, at, actor_kind, COALESCE(actor_person_id, 0), COALESCE(actor_staff_id, 0),
      COALESCE(actor_unit_id, 0), ${opt('actor_role')}, COALESCE(on_behalf_of, 0), action, what, ${opt('what_id')},
      purpose, ${opt('reason')}, prev_hash, hash FROM audit_log WHERE patient_id = ${patient} ORDER BY seq`)
    .map(([id, seq, at, actorKind, person, staff, unit, role, behalf, action, what, whatId, purpose, reason, prev, hash]) => {
      const o = (v) => (v === 'n' ? null : v.slice(1));
      return {
        id, patient_id: patient, seq: Number(seq), at, actor_kind: actorKind, actor_person_id: person, actor_staff_id: staff,
        actor_unit_id: unit, actor_role: o(role), on_behalf_of: behalf, action, what, what_id: o(whatId), purpose,
        reason: o(reason), prev_hash: prev, hash,
      };
    });
}

// Appends an entry the way audit_append does (no trigger stands in the way
// of an append): the chain's head moves with it.
function append(db, patient, what) {
  const head = sql(db, `SELECT seq, hash FROM audit_head WHERE patient_id = ${patient}`)[0] || ['0', '0'.repeat(64)];
  const e = {
    patient_id: patient, seq: Number(head[0]) + 1, at: 1900000000, actor_kind: 'system', actor_person_id: 0,
    actor_staff_id: 0, actor_unit_id: 0, actor_role: null, on_behalf_of: 0, action: 'read', what, what_id: null,
    purpose: 'system', reason: null, prev_hash: head[1],
  };
  e.hash = entryHash(e);
  sql(db, `INSERT INTO audit_log (patient_id, seq, at, actor_kind, action, what, purpose, prev_hash, hash)
           VALUES (${patient}, ${e.seq}, ${e.at}, 'system', 'read', '${what}', 'system', '${e.prev_hash}', '${e.hash}');
           INSERT INTO audit_head (patient_id, seq, hash) VALUES (${patient}, ${e.seq}, '${e.hash}')
           ON CONFLICT (patient_id) DO UPDATE SET seq = ${e.seq}, hash = '${e.hash}';`);
}

function lines(file) {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
}

function rewriteLine(file, index, edit) {
  const all = lines(file);
  all[index] = edit(all[index]);
  writeFileSync(file, all.map((l) => `${l}\n`).join(''));
}

function sha256(s) {
  return createHash('sha256').update(s).digest('hex');
}

for (const [kind, makeDb] of backends()) {
  test(`${kind}: keygen writes a 0600 key once, and checkpoints of every head verify`, () => {
    const w = world(makeDb);
    try {
      assert.equal(statSync(w.key).mode & 0o777, 0o600);
      assert.match(readFileSync(w.pub, 'utf8'), /^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----\n$/);
      const before = readFileSync(w.key, 'utf8');
      const again = runCli(['audit', 'keygen', '--key', w.key]);
      assert.equal(again.status, 1);
      assert.match(again.stderr, /exists; refusing to replace it/);
      assert.equal(readFileSync(w.key, 'utf8'), before);

      assert.match(w.checkpoint().stdout, /^audit checkpoint: \d+ chains at \S+Z signed with key [0-9a-f]{16}, appended to /);
      w.checkpoint();
      const all = lines(w.file);
      assert.equal(all.length, 2, 'one line per checkpoint, appended');
      const cp = JSON.parse(all[1]);
      assert.deepEqual(Object.keys(cp), ['v', 'at', 'chains', 'heads_sha256', 'heads', 'key_id', 'sig']);
      const heads = sql(w.db, 'SELECT patient_id, seq, hash FROM audit_head ORDER BY patient_id')
        .map(([p, s, h]) => [Number(p), Number(s), h]);
      assert.ok(heads.length >= 2);
      assert.deepEqual(cp.heads, heads, 'every chain head, by patient');
      assert.equal(cp.chains, heads.length);
      assert.equal(cp.heads_sha256, sha256(heads.map((h) => `${h.join(' ')}\n`).join('')));

      const r = w.verify();
      passes(r, 'with the public key');
      assert.match(r.stdout, /all 2 checkpoints in .* hold/);
      passes(w.verify(['--checkpoints', w.file, '--key', w.key]), 'with the private key');
    } finally { w.cleanup(); }
  });

  test(`${kind}: a chain that grew since a checkpoint, and one newer than it, still verify`, () => {
    const w = world(makeDb);
    try {
      w.checkpoint();
      const chain = w.chain();
      append(w.db, chain, 'test.grew');
      append(w.db, 987654, 'test.newer');
      passes(w.verify([]), 'the chain walk accepts the test\'s appends');
      passes(w.verify(), 'grown and new chains are no problem');
    } finally { w.cleanup(); }
  });

  test(`${kind}: a deleted patient chain (entries and head) passes plain verify, but not --checkpoints`, () => {
    const w = world(makeDb);
    try {
      w.checkpoint();
      const chain = w.chain();
      const seq = Number(sqlValue(w.db, `SELECT seq FROM audit_head WHERE patient_id = ${chain}`));
      assert.throws(() => sql(w.db, `DELETE FROM audit_log WHERE patient_id = ${chain}`), /append-only/);
      dropAppendOnly(w.db);
      sql(w.db, `DELETE FROM audit_log WHERE patient_id = ${chain}; DELETE FROM audit_head WHERE patient_id = ${chain};`);
      passes(w.verify([]), 'the hole: the chain walk alone cannot see a whole chain gone');
      fails(w.verify(), new RegExp(`^audit verify: TAMPERED — the checkpoint of \\S+Z \\(line 1 of .*\\) saw the chain of patient ${chain} at entry ${seq}, but the database has no entries for it: the chain was deleted`));
    } finally { w.cleanup(); }
  });

  test(`${kind}: a chain cut short (last entries deleted, head set back) is found`, () => {
    const w = world(makeDb);
    try {
      w.checkpoint();
      const chain = w.chain();
      const es = entries(w.db, chain);
      const keep = es[es.length - 3];
      dropAppendOnly(w.db);
      sql(w.db, `DELETE FROM audit_log WHERE patient_id = ${chain} AND seq > ${keep.seq};
                 UPDATE audit_head SET seq = ${keep.seq}, hash = '${keep.hash}' WHERE patient_id = ${chain};`);
      passes(w.verify([]), 'a consistent cut passes the chain walk');
      fails(w.verify(), new RegExp(`^audit verify: TAMPERED — .* saw the chain of patient ${chain} at entry ${es.length}, but the chain now ends at entry ${keep.seq}: entries were removed from its end`));
    } finally { w.cleanup(); }
  });

  test(`${kind}: a chain rewritten with every hash recomputed, head included, is found`, () => {
    const w = world(makeDb);
    try {
      w.checkpoint();
      const chain = w.chain();
      const es = entries(w.db, chain);
      for (const e of es) assert.equal(entryHash(e), e.hash, 'the test computes hashes as the product does');
      // Hide what was read at entry 2, and relink everything after it.
      es[1].what = 'register.address';
      const updates = [];
      for (let i = 1; i < es.length; i++) {
        es[i].prev_hash = es[i - 1].hash;
        es[i].hash = entryHash(es[i]);
        updates.push(`UPDATE audit_log SET what = '${es[i].what}', prev_hash = '${es[i].prev_hash}', hash = '${es[i].hash}' WHERE id = ${es[i].id};`);
      }
      updates.push(`UPDATE audit_head SET hash = '${es[es.length - 1].hash}' WHERE patient_id = ${chain};`);
      dropAppendOnly(w.db);
      sql(w.db, updates.join('\n'));
      passes(w.verify([]), 'a consistent rewrite passes the chain walk');
      fails(w.verify(), new RegExp(`^audit verify: TAMPERED — .* saw the chain of patient ${chain} at entry ${es.length}, but that entry is no longer the same: the chain was rewritten`));
    } finally { w.cleanup(); }
  });

  test(`${kind}: a checkpoint with an edited head is refused as forged`, () => {
    const w = world(makeDb);
    try {
      w.checkpoint();
      w.checkpoint();
      // The intruder makes the second checkpoint agree with a chain cut short.
      rewriteLine(w.file, 1, (l) => { const cp = JSON.parse(l); cp.heads[0][1] -= 1; return JSON.stringify(cp); });
      fails(w.verify(), /^audit verify: FORGED CHECKPOINT — the checkpoint of \S+Z \(line 2 of .*\) does not match its signature/);
    } finally { w.cleanup(); }
  });

  test(`${kind}: a checkpoint with an edited head and heads_sha256 to match is refused as forged`, () => {
    const w = world(makeDb);
    try {
      w.checkpoint();
      rewriteLine(w.file, 0, (l) => {
        const cp = JSON.parse(l);
        cp.heads[0][2] = 'f'.repeat(64);
        cp.heads_sha256 = sha256(cp.heads.map((h) => `${h.join(' ')}\n`).join(''));
        return JSON.stringify(cp);
      });
      fails(w.verify(), /^audit verify: FORGED CHECKPOINT — the checkpoint of \S+Z \(line 1 of .*\) does not match its signature/);
    } finally { w.cleanup(); }
  });

  test(`${kind}: a checkpoint whose time or signature was changed is refused as forged`, () => {
    const w = world(makeDb);
    try {
      w.checkpoint();
      const original = readFileSync(w.file, 'utf8');
      rewriteLine(w.file, 0, (l) => l.replace(/"at":"(\d{4})/, (_, y) => `"at":"${Number(y) - 1}`));
      fails(w.verify(), /^audit verify: FORGED CHECKPOINT — .*line 1 .*does not match its signature/);
      writeFileSync(w.file, original);
      rewriteLine(w.file, 0, (l) => {
        const cp = JSON.parse(l);
        const sig = Buffer.from(cp.sig, 'base64');
        sig[10] ^= 1;
        cp.sig = sig.toString('base64');
        return JSON.stringify(cp);
      });
      fails(w.verify(), /^audit verify: FORGED CHECKPOINT — .*line 1 .*does not match its signature/);
    } finally { w.cleanup(); }
  });

  test(`${kind}: a checkpoint file cut short, or emptied, is refused`, () => {
    const w = world(makeDb);
    try {
      w.checkpoint();
      w.checkpoint();
      const text = readFileSync(w.file, 'utf8');
      writeFileSync(w.file, text.slice(0, text.length - 40));
      fails(w.verify(), /^audit verify: FORGED CHECKPOINT — line 2 of .* is not a checkpoint/);
      writeFileSync(w.file, '');
      fails(w.verify(), /^audit verify: NO CHECKPOINTS — .* holds none/);
    } finally { w.cleanup(); }
  });

  test(`${kind}: a checkpoint signed by a different key is refused, even under our key id`, () => {
    const w = world(makeDb);
    try {
      const other = keygen(w.db.dir, 'intruder');
      w.checkpoint(other.key);
      fails(w.verify(), /^audit verify: UNKNOWN KEY — the checkpoint of \S+Z \(line 1 of .*\) is signed with key [0-9a-f]{16}, none of the keys given/);
      // The key id, as documented: SHA-256 over the raw 32-byte public key.
      const raw = createPublicKey(readFileSync(w.pub, 'utf8')).export({ type: 'spki', format: 'der' }).subarray(-32);
      const ourId = sha256(raw).slice(0, 16);
      rewriteLine(w.file, 0, (l) => { const cp = JSON.parse(l); cp.key_id = ourId; return JSON.stringify(cp); });
      fails(w.verify(), /^audit verify: FORGED CHECKPOINT — .*line 1 .*not signed by key/);
    } finally { w.cleanup(); }
  });

  test(`${kind}: after a key rotation, a file of both public keys verifies checkpoints of both`, () => {
    const w = world(makeDb);
    try {
      w.checkpoint();
      const next = keygen(w.db.dir, 'next');
      w.checkpoint(next.key);
      const both = join(w.db.dir, 'both.pub');
      writeFileSync(both, readFileSync(w.pub, 'utf8') + readFileSync(next.pub, 'utf8'));
      const r = w.verify(['--checkpoints', w.file, '--public-key', both]);
      passes(r, 'old and new key');
      assert.match(r.stdout, /all 2 checkpoints/);
      fails(w.verify(['--checkpoints', w.file, '--public-key', next.pub]), /UNKNOWN KEY — .*line 1 /);
    } finally { w.cleanup(); }
  });

  test(`${kind}: the server writes a checkpoint at start-up and then on its timer, and they verify`, async () => {
    const db = makeDb();
    let srv;
    try {
      ok(runCli(['seed', 'demo', '--today', '2026-11-22', '--db', db.url]));
      const { key, pub } = keygen(db.dir, 'server');
      const file = join(db.dir, 'server-checkpoints.jsonl');
      // 0.02 minutes (1.2 s): fractions exist for tests.
      srv = await startServer({ db, args: ['--audit-checkpoint-key', key, '--audit-checkpoint-file', file,
        '--audit-checkpoint-minutes', '0.02'], env: { HELSAMI_LOG_LEVEL: 'info' } });
      assert.ok(lines(file).length >= 1, 'one checkpoint before the server listens');
      const deadline = Date.now() + 15000;
      while (lines(file).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      assert.ok(lines(file).length >= 3, `the timer wrote more: ${lines(file).length} lines`);
      const stopped = await srv.stop();
      srv = null;
      assert.equal(stopped.code, 0);
      const chains = sqlValue(db, 'SELECT COUNT(*) FROM audit_head');
      passes(runCli(['audit', 'verify', '--db', db.url, '--checkpoints', file, '--public-key', pub]), 'the server\'s checkpoints');
      assert.equal(JSON.parse(lines(file)[0]).chains, Number(chains));
    } finally {
      if (srv) await srv.stop();
      db.cleanup();
    }
  });
}

test('the server logs one line per checkpoint, naming no patient', async () => {
  const db = freshDb();
  let srv;
  try {
    const { key } = keygen(db.dir, 'log');
    const file = join(db.dir, 'log-checkpoints.jsonl');
    srv = await startServer({ db, args: ['--audit-checkpoint-key', key, '--audit-checkpoint-file', file],
      env: { HELSAMI_LOG_LEVEL: 'info' } });
    const log = srv.stderr();
    // The whole line: a count, a time, a key id and a path; no patient.
    assert.match(log, /Z info audit checkpoint: \d+ chains at \S+Z signed with key [0-9a-f]{16}, appended to \S+log-checkpoints\.jsonl\n/);
  } finally {
    if (srv) await srv.stop();
    db.cleanup();
  }
});

test('the server stops promptly though its next checkpoint is an hour away', async () => {
  const db = freshDb();
  try {
    const { key } = keygen(db.dir, 'stop');
    const srv = await startServer({ db, args: ['--audit-checkpoint-key', key, '--audit-checkpoint-file', join(db.dir, 'stop.jsonl')] });
    const t0 = Date.now();
    const r = await srv.stop();
    assert.equal(r.code, 0, `exit ${r.code} ${r.signal}: ${srv.stderr()}`);
    assert.ok(Date.now() - t0 < 5000, `stopping took ${Date.now() - t0} ms`);
  } finally { db.cleanup(); }
});

test('a half or wrong checkpoint configuration refuses to start', () => {
  const db = freshDb();
  try {
    const { key } = keygen(db.dir, 'half');
    const serve = (args, env = {}) => spawnSync(BIN, ['serve', '--listen', '127.0.0.1:0', '--db', db.url, '--static-dir', STATIC_DIR, '--dev', ...args],
      { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 15000 });
    const both = /need both --audit-checkpoint-key \(HELSAMI_AUDIT_CHECKPOINT_KEY\) and --audit-checkpoint-file \(HELSAMI_AUDIT_CHECKPOINT_FILE\)/;
    let r = serve(['--audit-checkpoint-key', key]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, both);
    assert.match(r.stderr, /only the key is set/);
    r = serve([], { HELSAMI_AUDIT_CHECKPOINT_FILE: join(db.dir, 'cp.jsonl') });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /only the file is set/);
    r = serve(['--audit-checkpoint-key', key, '--audit-checkpoint-file', join(db.dir, 'cp.jsonl'), '--audit-checkpoint-minutes', 'soon']);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /--audit-checkpoint-minutes .* must be a number of minutes/);
    r = serve(['--audit-checkpoint-key', join(db.dir, 'missing.key'), '--audit-checkpoint-file', join(db.dir, 'cp.jsonl')]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /cannot read .*missing\.key/);
    r = serve(['--audit-checkpoint-key', key, '--audit-checkpoint-file', join(db.dir, 'no-such-dir', 'cp.jsonl')]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /cannot open .*no-such-dir/);
  } finally { db.cleanup(); }
});

test('audit options are checked before anything is opened', () => {
  let r = runCli(['audit', 'checkpoint', '--key', '/nonexistent']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /audit checkpoint needs --key FILE and --out FILE/);
  r = runCli(['audit', 'verify', '--checkpoints', '/nonexistent']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /needs --public-key FILE/);
  r = runCli(['audit', 'keygen']);
  assert.equal(r.status, 2);
  r = runCli(['migrate', '--key', 'x']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /are for the audit commands/);
});
