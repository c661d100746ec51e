// sysvak.test.mjs — `helsami import sysvak FILE` on both databases: the demo
// world's sample file imports; importing it again changes nothing (no rows,
// no access-log entries); bad lines are each reported with their line
// number and nothing is imported (all or nothing); a fixed file then
// imports; a registry correction updates; synthetic numbers need --dev;
// CRLF and a byte-order mark are accepted; no identity number or vaccine
// name is ever echoed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, freshDb, backends } from '../lib/server.mjs';
import { sql, sqlValue } from '../lib/db.mjs';

const SAMPLE = 'data/sysvak-demo.csv';
const HEADER = 'nin,atc,vaccine,given_on,dose,batch';
const MARIUS = '12848649994'; // born 1986-04-12
const EMMA = '15862199860'; // born 2021-06-15

// A valid synthetic (Tenor, month + 80) number for a birth date, not in the demo world.
function synthetic(day, month, year2, individual) {
  for (let i = individual; i > 0; i--) {
    const d = `${String(day).padStart(2, '0')}${String(month + 80)}${String(year2).padStart(2, '0')}${String(i).padStart(3, '0')}`.split('').map(Number);
    let k1 = 11 - ((3 * d[0] + 7 * d[1] + 6 * d[2] + 1 * d[3] + 8 * d[4] + 9 * d[5] + 4 * d[6] + 5 * d[7] + 2 * d[8]) % 11);
    if (k1 === 11) k1 = 0;
    if (k1 === 10) continue;
    let k2 = 11 - ((5 * d[0] + 4 * d[1] + 3 * d[2] + 2 * d[3] + 7 * d[4] + 6 * d[5] + 5 * d[6] + 4 * d[7] + 3 * d[8] + 2 * k1) % 11);
    if (k2 === 11) k2 = 0;
    if (k2 === 10) continue;
    return d.join('') + k1 + k2;
  }
  throw new Error('no number');
}

const counts = (db) => sqlValue(db, "SELECT (SELECT COUNT(*) FROM vaccination) || ',' || (SELECT COUNT(*) FROM audit_log)");

test('import needs exactly one file and a readable one', () => {
  let r = runCli(['import', 'sysvak']);
  assert.equal(r.status, 2);
  r = runCli(['import', 'nothing', 'x.csv']);
  assert.equal(r.status, 2);
  const db = freshDb({ sqlite: true });
  try {
    r = runCli(['import', 'sysvak', join(db.dir, 'missing.csv'), '--db', db.url]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /cannot open/);
  } finally { db.cleanup(); }
  assert.match(runCli(['--help']).stdout, /import sysvak FILE/);
});

for (const [kind, make] of backends()) {
  test(`${kind}: the sample file imports, and importing it again changes nothing`, () => {
    const db = make();
    try {
      assert.equal(runCli(['seed', 'demo', '--today', '2026-11-22', '--db', db.url]).status, 0);
      const before = counts(db);
      const first = runCli(['import', 'sysvak', SAMPLE, '--dev', '--db', db.url]);
      assert.equal(first.status, 0, first.stderr);
      assert.match(first.stdout, /13 vaccinations read: 13 added, 0 updated, 0 unchanged/);
      assert.deepEqual(sql(db, 'SELECT COUNT(*) FROM vaccination'), [['13']]);
      assert.deepEqual(sql(db, `SELECT COUNT(*) FROM vaccination v JOIN person p ON p.id = v.patient_id WHERE p.nin = '${EMMA}'`), [['9']]);
      assert.deepEqual(sql(db, "SELECT COUNT(*) FROM audit_log WHERE actor_kind = 'system' AND what = 'health.vaccines'"), [['13']]);
      assert.notEqual(counts(db), before);
      const after = counts(db);
      const again = runCli(['import', 'sysvak', SAMPLE, '--dev', '--db', db.url]);
      assert.equal(again.status, 0, again.stderr);
      assert.match(again.stdout, /0 added, 0 updated, 13 unchanged/);
      assert.equal(counts(db), after, 'no rows and no access-log entries the second time');
      assert.equal(runCli(['audit', 'verify', '--db', db.url]).status, 0);
    } finally { db.cleanup(); }
  });

  test(`${kind}: every bad line is reported with its number, and nothing is imported`, () => {
    const db = make();
    try {
      assert.equal(runCli(['seed', 'demo', '--today', '2026-11-22', '--db', db.url]).status, 0);
      const unknown = synthetic(1, 1, 90, 499);
      const lines = [
        '# a comment', // 1
        HEADER, // 2
        `${MARIUS},J07BB02,Influvac Tetra,2025-10-20,1,X25F0931`, // 3: good
        '', // 4: blank
        `${MARIUS.slice(0, 10)}5,J07BB02,Influvac Tetra,2025-10-20,1,X1`, // 5: check digits
        `${MARIUS},N02BE01,Paracetamol,2025-10-20,1,X1`, // 6: not a vaccine ATC code
        `${MARIUS},J07BB02,Influvac Tetra,2025-02-30,1,X1`, // 7: no such date
        `${MARIUS},J07BB02,Influvac Tetra,2025-10-20,0,X1`, // 8: dose 0
        `${MARIUS},J07BB02,Influvac Tetra,2025-10-20,1`, // 9: five fields
        `${MARIUS},J07BB02,"Influvac, Tetra,2025-10-20,1,X1`, // 10: unclosed quote
        `${unknown},J07BB02,Influvac Tetra,2025-10-20,1,X1`, // 11: not in the register
        `${EMMA},J07BD52,Priorix,2020-01-01,1,X1`, // 12: before birth
        `${MARIUS},J07BB02,Influvac Tetra,2027-01-01,1,X1`, // 13: in the future
        `${MARIUS},J07BB02,Influvac Tetra,2025-10-20,1,OTHER1`, // 14: line 3 again, other batch
        `${MARIUS},J07BB02,Influvac Tetra,2025-10-20,1,X25F0931`, // 15: line 3 again, the same: fine
        `${MARIUS},J07BB02,,2025-10-20,1,X1`, // 16: no name
        `${MARIUS},J07BB02,Influvac Tetra,2025-10-20,2,bad;batch`, // 17: batch characters
      ];
      const file = join(db.dir, 'bad.csv');
      writeFileSync(file, lines.join('\n') + '\n');
      const before = counts(db);
      const r = runCli(['import', 'sysvak', file, '--dev', '--db', db.url]);
      assert.equal(r.status, 1);
      const reported = [...r.stderr.matchAll(/bad\.csv:(\d+): /g)].map((m) => Number(m[1]));
      assert.deepEqual(reported, [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 17]);
      assert.match(r.stderr, /bad\.csv:11: no person with this identity number/);
      assert.match(r.stderr, /bad\.csv:12: given_on is before the person was born/);
      assert.match(r.stderr, /bad\.csv:14: the same vaccination .* as line 3/);
      assert.match(r.stderr, /12 bad lines .*nothing was imported/);
      assert.doesNotMatch(r.stderr + r.stdout, new RegExp(`${MARIUS}|${EMMA}|Influvac|Priorix`), 'no health data echoed');
      assert.equal(counts(db), before, 'all or nothing: the good line is not imported either');
      // Fixed: the good lines import.
      writeFileSync(file, [HEADER, lines[2], lines[14]].join('\n'));
      const fixed = runCli(['import', 'sysvak', file, '--dev', '--db', db.url]);
      assert.equal(fixed.status, 0, fixed.stderr);
      assert.match(fixed.stdout, /2 vaccinations read: 1 added, 0 updated, 1 unchanged/);
      // A registry correction of the batch updates the row.
      writeFileSync(file, [HEADER, `${MARIUS},J07BB02,Influvac Tetra,2025-10-20,1,X25F0932`].join('\n'));
      const corrected = runCli(['import', 'sysvak', file, '--dev', '--db', db.url]);
      assert.equal(corrected.status, 0, corrected.stderr);
      assert.match(corrected.stdout, /0 added, 1 updated, 0 unchanged/);
      assert.deepEqual(sql(db, 'SELECT batch FROM vaccination'), [['X25F0932']]);
    } finally { db.cleanup(); }
  });

  test(`${kind}: synthetic numbers need --dev; a missing header is refused; CRLF and a BOM are fine`, () => {
    const db = make();
    try {
      assert.equal(runCli(['seed', 'demo', '--today', '2026-11-22', '--db', db.url]).status, 0);
      const prod = runCli(['import', 'sysvak', SAMPLE, '--db', db.url]);
      assert.equal(prod.status, 1);
      assert.match(prod.stderr, /sysvak-demo\.csv:5: nin is a synthetic test number, accepted only with --dev/);
      assert.deepEqual(sql(db, 'SELECT COUNT(*) FROM vaccination'), [['0']]);
      const file = join(db.dir, 'v.csv');
      writeFileSync(file, `${MARIUS},J07BB02,Influvac Tetra,2025-10-20,1,X1\n`);
      const noHeader = runCli(['import', 'sysvak', file, '--dev', '--db', db.url]);
      assert.equal(noHeader.status, 1);
      assert.match(noHeader.stderr, /v\.csv:1: expected the header line/);
      writeFileSync(file, '');
      const empty = runCli(['import', 'sysvak', file, '--dev', '--db', db.url]);
      assert.equal(empty.status, 1);
      assert.match(empty.stderr, /no header line/);
      writeFileSync(file, `\uFEFF${HEADER}\r\n${MARIUS},J07BB02,"Influvac ""Tetra""",2025-10-20,1,\r\n`);
      const crlf = runCli(['import', 'sysvak', file, '--dev', '--db', db.url]);
      assert.equal(crlf.status, 0, crlf.stderr);
      assert.deepEqual(sql(db, 'SELECT vaccine_name FROM vaccination'), [['Influvac "Tetra"']]);
      assert.deepEqual(sql(db, 'SELECT COUNT(*) FROM vaccination WHERE batch IS NULL'), [['1']]);
    } finally { db.cleanup(); }
  });
}
