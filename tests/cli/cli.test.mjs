// cli.test.mjs — the subcommands: help, errors, migrate, seeding twice,
// population, and `audit verify` catching every kind of tampering on both
// databases (tampering straight in the database, as an intruder would).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../lib/server.mjs';

const PG = process.env.HELSAMI_TEST_PG_URL;

function sqliteDb() {
  const dir = mkdtempSync(join(tmpdir(), 'helsami-cli-'));
  const file = join(dir, 'h.db');
  return {
    kind: 'sqlite', url: `sqlite:${file}`,
    sql(q) {
      const r = spawnSync('sqlite3', ['-bail', file, q], { encoding: 'utf8' });
      return { ok: r.status === 0, out: r.stdout.trim(), err: r.stderr };
    },
    unprotect() { return this.sql('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;'); },
    cleanup() { rmSync(dir, { recursive: true, force: true }); },
  };
}

function pgDb() {
  const name = `helsami_cli_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  const psql = (url, q) => {
    const r = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qAtc', q], { encoding: 'utf8' });
    return { ok: r.status === 0, out: r.stdout.trim(), err: r.stderr };
  };
  const created = psql(PG, `CREATE DATABASE ${name}`);
  assert.ok(created.ok, created.err);
  const url = PG.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
  return {
    kind: 'postgres', url,
    sql(q) { return psql(url, q); },
    unprotect() { return psql(url, 'ALTER TABLE audit_log DISABLE TRIGGER USER'); },
    cleanup() { psql(PG, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); },
  };
}

const backends = [['sqlite', sqliteDb]];
if (PG) backends.push(['postgres', pgDb]);

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
  r = runCli(['migrate', '--db', 'mysql://nope']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /cannot open/);
});

for (const [kind, make] of backends) {
  test(`${kind}: migrate is repeatable and seed demo never duplicates`, () => {
    const db = make();
    try {
      assert.equal(runCli(['migrate', '--db', db.url]).status, 0);
      assert.equal(runCli(['migrate', '--db', db.url]).status, 0);
      const first = runCli(['seed', 'demo', '--today', '2026-11-22', '--db', db.url]);
      assert.equal(first.status, 0, first.stderr);
      const counts = () => db.sql('SELECT (SELECT COUNT(*) FROM person) || \',\' || (SELECT COUNT(*) FROM unit) || \',\' || (SELECT COUNT(*) FROM staff) || \',\' || (SELECT COUNT(*) FROM audit_log)').out;
      const before = counts();
      const second = runCli(['seed', 'demo', '--today', '2026-11-22', '--db', db.url]);
      assert.equal(second.status, 0);
      assert.match(second.stdout + second.stderr, /already/);
      assert.equal(counts(), before);
    } finally { db.cleanup(); }
  });

  test(`${kind}: seed population adds exactly N valid persons`, () => {
    const db = make();
    try {
      assert.equal(runCli(['migrate', '--db', db.url]).status, 0);
      const r = runCli(['seed', 'population', '--persons', '3000', '--db', db.url]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(db.sql('SELECT COUNT(*) FROM person').out, '3000');
      assert.equal(db.sql('SELECT COUNT(DISTINCT nin) FROM person').out, '3000');
      const again = runCli(['seed', 'population', '--persons', '1000', '--db', db.url]);
      assert.equal(again.status, 0, again.stderr);
      assert.equal(db.sql('SELECT COUNT(*) FROM person').out, '4000');
    } finally { db.cleanup(); }
  });

  // Each tampering returns the id the verifier must name (or null for "any").
  const tamperings = {
    'an altered entry': (db, ids) => { db.sql(`UPDATE audit_log SET what = what || '.tampered' WHERE id = ${ids[1]}`); return ids[1]; },
    'a deleted entry': (db, ids) => { db.sql(`DELETE FROM audit_log WHERE id = ${ids[1]}`); return ids[2]; },
    'reordered entries': (db, ids) => {
      db.sql(`UPDATE audit_log SET seq = -1 WHERE id = ${ids[0]}`);
      db.sql(`UPDATE audit_log SET seq = seq - 1 WHERE id = ${ids[1]}`);
      db.sql(`UPDATE audit_log SET seq = seq + 3 WHERE id = ${ids[0]}`);
      return ids[1];
    },
    'a forged entry': (db, ids) => {
      db.sql(`INSERT INTO audit_log (patient_id, seq, at, actor_kind, action, what, purpose, prev_hash, hash)
              SELECT patient_id, seq + 1000, at, 'staff', 'read', 'health.results', 'care', hash, hash FROM audit_log WHERE id = ${ids[ids.length - 1]}`);
      return null;
    },
    'a truncated tail': (db, ids) => { db.sql(`DELETE FROM audit_log WHERE id = ${ids[ids.length - 1]}`); return null; },
  };

  for (const [what, tamper] of Object.entries(tamperings)) {
    test(`${kind}: audit verify passes an intact log and catches ${what}`, () => {
      const db = make();
      try {
        assert.equal(runCli(['seed', 'demo', '--today', '2026-11-22', '--db', db.url]).status, 0);
        let r = runCli(['audit', 'verify', '--db', db.url]);
        assert.equal(r.status, 0, r.stdout + r.stderr);
        assert.match(r.stdout, /intact/);
        const chain = db.sql('SELECT patient_id FROM audit_log GROUP BY patient_id HAVING COUNT(*) >= 3 ORDER BY patient_id LIMIT 1').out;
        assert.ok(chain, 'the demo world has a chain of at least three entries');
        const ids = db.sql(`SELECT id FROM audit_log WHERE patient_id = ${chain} ORDER BY seq`).out.split('\n').map(Number);
        // The log itself refuses changes until an intruder removes the protection.
        assert.equal(db.sql(`UPDATE audit_log SET what = 'x' WHERE id = ${ids[0]}`).ok, false);
        assert.equal(db.sql(`DELETE FROM audit_log WHERE id = ${ids[0]}`).ok, false);
        assert.ok(db.unprotect().ok);
        const bad = tamper(db, ids);
        r = runCli(['audit', 'verify', '--db', db.url]);
        assert.equal(r.status, 1, r.stdout + r.stderr);
        assert.match(r.stdout, /TAMPERED — first bad entry/);
        if (bad !== null) assert.match(r.stdout, new RegExp(`id ${bad} `));
      } finally { db.cleanup(); }
    });
  }
}
