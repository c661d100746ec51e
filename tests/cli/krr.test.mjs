// krr.test.mjs — the contact register asked before a decision leaves the
// portal (SPEC.md K2, issue 17; integrations/krr.h; reference/domain-facts.md
// 7.2, 7.3): `helsami jobs run` with --contact-register-url posts
// {"personidentifikatorer": [nin]} with the register's token; someone
// reserved, or whom the register cannot notify (varslingsstatus
// KAN_IKKE_VARSLES), gets the letter on paper at once with that reason and
// never in their digital mailbox, and the local copy follows each answer; a register that does not
// answer leaves the local copy to decide; receipts, which stay in the
// portal, are not looked up; a register URL that is not https is refused.
// The register here is a loopback sink answering in the shape of its
// documented examples (tests/unit/test_krr.c). SQLite, or PostgreSQL with
// HELSAMI_TEST_PG_URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { runCliAsync } from '../lib/server.mjs';
import { seedDemo } from '../lib/demo.mjs';
import { sql, sqlValue, personId } from '../lib/db.mjs';
import { startHttpSink } from '../lib/notify_sinks.mjs';

const MARIUS = '12848649994';
const KRR_TOKEN = 'maskinporten-token';

let db, register, mailbox, marius, unit, letterJson;
const reserved = new Set(); // whom the register says JA for
const unreachable = new Set(); // whom it says NEI, KAN_IKKE_VARSLES for

function jobsRun(registerUrl) {
  const args = ['jobs', 'run', '--db', db.url, '--digital-mailbox-url', mailbox.url, '--contact-register-url', registerUrl];
  return runCliAsync(args, { HELSAMI_LOG_LEVEL: 'warn', HELSAMI_CONTACT_REGISTER_TOKEN: KRR_TOKEN });
}

async function run() {
  const r = await jobsRun(register.url);
  assert.equal(r.code, 0, r.err);
  return r;
}

function newLetter(kind = 'decision') {
  return Number(sqlValue(db, `INSERT INTO citizen_document (patient_id, unit_id, kind, letter, created_at)
    VALUES (${marius}, ${unit}, '${kind}', '${letterJson.replace(/'/g, "''")}', ${Math.floor(Date.now() / 1000)}) RETURNING id`));
}

// [paper_reason or '', whether on paper, whether its PDF is made]
const letter = (id) => sql(db, `SELECT COALESCE(paper_reason, ''), CASE WHEN paper_at IS NULL THEN 'digital' ELSE 'paper' END,
  CASE WHEN generated_at IS NULL THEN 'waiting' ELSE 'made' END FROM citizen_document WHERE id = ${id}`)[0];
const inLocalCopy = () => sqlValue(db, `SELECT COUNT(*) FROM krr_reservation WHERE nin = '${MARIUS}'`) === '1';
const localReason = () => sqlValue(db, `SELECT reason FROM krr_reservation WHERE nin = '${MARIUS}'`);
const toMailbox = (id) => mailbox.received.filter((r) => r.json?.reference === `helsami-letter-${id}`).length;

before(async () => {
  db = seedDemo();
  marius = personId(db, MARIUS);
  [unit, letterJson] = sql(db, "SELECT unit_id, letter FROM citizen_document WHERE kind = 'decision' ORDER BY id LIMIT 1")[0];
  mailbox = await startHttpSink({ path: '/inbox' });
  register = await startHttpSink({
    status: 200,
    path: '/rest/v2/personer',
    answer: (q) => JSON.stringify({
      personer: (q?.personidentifikatorer ?? []).map((nin) => ({
        personidentifikator: nin,
        reservasjon: reserved.has(nin) ? 'JA' : 'NEI',
        status: 'AKTIV',
        varslingsstatus: reserved.has(nin) || unreachable.has(nin) ? 'KAN_IKKE_VARSLES' : 'KAN_VARSLES',
      })),
    }),
  });
  await run(); // the demo world's own letters, made once
});
after(async () => { await register.close(); await mailbox.close(); db.cleanup(); });

test('someone the register says is reserved gets the decision on paper at once, never in the mailbox', async () => {
  reserved.add(MARIUS);
  sql(db, `DELETE FROM krr_reservation WHERE nin = '${MARIUS}'`);
  const asked = register.received.length;
  const id = newLetter();
  await run();
  const q = register.received.slice(asked);
  assert.equal(q.length, 1, 'one lookup for the one decision');
  assert.equal(q[0].authorization, `Bearer ${KRR_TOKEN}`);
  assert.deepEqual(q[0].json, { personidentifikatorer: [MARIUS] });
  assert.deepEqual(letter(id), ['reserved', 'paper', 'made']);
  assert.equal(localReason(), 'reserved', 'the local copy keeps the reservation');
  assert.equal(toMailbox(id), 0, 'nothing to the digital mailbox');
});

// reference/domain-facts.md 7.3: "Cannot be notified (no valid KRR contact) → paper."
test('someone the register cannot notify gets the decision on paper at once, as unreachable, never in the mailbox', async () => {
  reserved.delete(MARIUS);
  unreachable.add(MARIUS);
  try {
    const id = newLetter();
    await run();
    assert.deepEqual(letter(id), ['unreachable', 'paper', 'made']);
    assert.equal(localReason(), 'unreachable', 'the local copy now says why');
    assert.equal(toMailbox(id), 0, 'nothing to the digital mailbox');
  } finally {
    unreachable.delete(MARIUS);
  }
});

test('someone not reserved gets the decision digitally, and leaves the local copy', async () => {
  reserved.delete(MARIUS);
  assert.ok(inLocalCopy(), 'reserved in the local copy from before');
  const id = newLetter();
  await run();
  assert.deepEqual(letter(id), ['', 'digital', 'made']);
  assert.ok(!inLocalCopy(), 'the answer NEI removes the stale reservation');
  assert.equal(toMailbox(id), 1, 'the mailbox has it');
});

test('a register that does not answer leaves the local copy to decide; the letter is still made', async () => {
  register.status = 503;
  try {
    const id = newLetter();
    const r = await run();
    assert.match(r.err, /contact register answered 503; the local copy of the register decides/);
    assert.deepEqual(letter(id), ['', 'digital', 'made'], 'made, and nothing changed by a register that did not answer');
  } finally {
    register.status = 200;
  }
});

test('a receipt stays in the portal and is not looked up', async () => {
  const asked = register.received.length;
  const id = newLetter('receipt');
  await run();
  assert.equal(register.received.length, asked);
  assert.deepEqual(letter(id), ['', 'digital', 'made']);
});

test('a register URL that is not https is refused before anything runs', async () => {
  const id = newLetter();
  const r = await jobsRun('http://kontaktregisteret.example/rest/v2/personer');
  assert.notEqual(r.code, 0);
  assert.match(r.err, /--contact-register-url \(HELSAMI_CONTACT_REGISTER_URL\) must be an https:\/\/ URL/);
  assert.deepEqual(letter(id), ['', 'digital', 'waiting'], 'no letter made');
});
