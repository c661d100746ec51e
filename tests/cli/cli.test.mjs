// cli.test.mjs — the subcommands: help, errors, migrate, seeding twice,
// population, and `audit verify` catching every kind of tampering on both
// databases (tampering straight in the database, as an intruder would).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, backends } from '../lib/server.mjs';
import { sql, sqlValue, dropAppendOnly } from '../lib/db.mjs';

test('--help lists the commands and every setting', () => {
  const r = runCli(['--help']);
  assert.equal(r.status, 0);
  for (const word of ['serve', 'migrate', 'seed demo', 'seed population', 'audit verify',
    'HELSAMI_LISTEN', 'HELSAMI_DB', 'HELSAMI_DEV', 'HELSAMI_BASE_URL', 'HELSAMI_STATIC_DIR']) {
    assert.ok(r.stdout.includes(word), word);
  }
});

test('unknown commands and options are refused with a clear message', () => {
  let r = runCli(['frobnicate']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown command/);
  r = runCli(['serve', '--no-such-option']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown option/);
  r = runCli(['seed', 'population', '--persons', 'many']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--persons/);
  r = runCli(['seed', 'population']);
  assert.equal(r.status, 2);
  // A value after the option or after "=", and a missing one, read the same way.
  for (const [args, message] of [
    [['seed', 'population', '--persons=many'], /--persons needs a whole number/],
    [['seed', 'population', '--persons=100000001'], /--persons needs a whole number/],
    [['seed', 'demo', '--today=2026-13-01'], /--today needs a date/],
    [['seed', 'demo', '--today'], /--today needs a date/],
    [['jobs', 'run', '--now', '2026-11-22'], /--now needs a time/],
    [['jobs', 'run', '--now='], /--now needs a time/],
    [['migrate', '--db'], /--db needs a value/]]) {
    r = runCli(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, message, args.join(' '));
  }
  r = runCli(['migrate', '--db', 'mysql://nope']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /cannot open/);
});

for (const [kind, make] of backends()) {
  test(`${kind}: migrate is repeatable and seed demo never duplicates`, () => {
    const db = make();
    try {
      assert.equal(runCli(['migrate', '--db', db.url]).status, 0);
      assert.equal(runCli(['migrate', '--db', db.url]).status, 0);
      const first = runCli(['seed', 'demo', '--today', '2026-11-22', '--db', db.url]);
      assert.equal(first.status, 0, first.stderr);
      const counts = () => sql(db, 'SELECT (SELECT COUNT(*) FROM person), (SELECT COUNT(*) FROM unit), (SELECT COUNT(*) FROM staff), (SELECT COUNT(*) FROM audit_log)');
      const before = counts();
      const second = runCli(['seed', 'demo', '--today=2026-11-22', '--db', db.url]); // the "=" form
      assert.equal(second.status, 0);
      assert.match(second.stdout + second.stderr, /already/);
      assert.deepEqual(counts(), before);
    } finally { db.cleanup(); }
  });

  test(`${kind}: seed population adds exactly N valid persons`, () => {
    const db = make();
    try {
      assert.equal(runCli(['migrate', '--db', db.url]).status, 0);
      const r = runCli(['seed', 'population', '--persons', '3000', '--db', db.url]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(sqlValue(db, 'SELECT COUNT(*) FROM person'), '3000');
      assert.equal(sqlValue(db, 'SELECT COUNT(DISTINCT nin) FROM person'), '3000');
      const again = runCli(['seed', 'population', '--persons=1000', '--db', db.url]); // the "=" form
      assert.equal(again.status, 0, again.stderr);
      assert.equal(sqlValue(db, 'SELECT COUNT(*) FROM person'), '4000');
    } finally { db.cleanup(); }
  });

  // Each tampering returns the id the verifier must name (or null for "any").
  const tamperings = {
    'an altered entry': (db, ids) => { sql(db, `UPDATE audit_log SET what = what || '.tampered' WHERE id = ${ids[1]}`); return ids[1]; },
    'a deleted entry': (db, ids) => { sql(db, `DELETE FROM audit_log WHERE id = ${ids[1]}`); return ids[2]; },
    'reordered entries': (db, ids) => {
      sql(db, `UPDATE audit_log SET seq = -1 WHERE id = ${ids[0]}`);
      sql(db, `UPDATE audit_log SET seq = seq - 1 WHERE id = ${ids[1]}`);
      sql(db, `UPDATE audit_log SET seq = seq + 3 WHERE id = ${ids[0]}`);
      return ids[1];
    },
    'a forged entry': (db, ids) => {
      sql(db, `INSERT INTO audit_log (patient_id, seq, at, actor_kind, action, what, purpose, prev_hash, hash)
              SELECT patient_id, seq + 1000, at, 'staff', 'read', 'health.results', 'care', hash, hash FROM audit_log WHERE id = ${ids[ids.length - 1]}`);
      return null;
    },
    'a truncated tail': (db, ids) => { sql(db, `DELETE FROM audit_log WHERE id = ${ids[ids.length - 1]}`); return null; },
  };

  for (const [what, tamper] of Object.entries(tamperings)) {
    test(`${kind}: audit verify passes an intact log and catches ${what}`, () => {
      const db = make();
      try {
        assert.equal(runCli(['seed', 'demo', '--today', '2026-11-22', '--db', db.url]).status, 0);
        let r = runCli(['audit', 'verify', '--db', db.url]);
        assert.equal(r.status, 0, r.stdout + r.stderr);
        assert.match(r.stdout, /intact/);
        const chain = sqlValue(db, 'SELECT patient_id FROM audit_log GROUP BY patient_id HAVING COUNT(*) >= 3 ORDER BY patient_id LIMIT 1');
        assert.ok(chain, 'the demo world has a chain of at least three entries');
        const ids = sql(db, `SELECT id FROM audit_log WHERE patient_id = ${chain} ORDER BY seq`).map((r) => Number(r[0]));
        // The log itself refuses changes until an intruder removes the protection.
        assert.throws(() => sql(db, `UPDATE audit_log SET what = 'x' WHERE id = ${ids[0]}`));
        assert.throws(() => sql(db, `DELETE FROM audit_log WHERE id = ${ids[0]}`));
        dropAppendOnly(db);
        const bad = tamper(db, ids);
        r = runCli(['audit', 'verify', '--db', db.url]);
        assert.equal(r.status, 1, r.stdout + r.stderr);
        assert.match(r.stdout, /TAMPERED — first bad entry/);
        if (bad !== null) assert.match(r.stdout, new RegExp(`id ${bad} `));
      } finally { db.cleanup(); }
    });
  }
}
