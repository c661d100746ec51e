// mailbox_receipts.test.mjs — the digital mailbox's read receipts (issue 17,
// K2 "The first opening ... is recorded"; docs/services.md, "Read receipts
// from the digital mailbox"): POST /integrations/digital-mailbox/read-receipts
// with the provider's secret as a Bearer token and {"reference":
// "helsami-letter-ID"} records the letter's first opening (opened_by NULL:
// in the mailbox), so it stays off paper; 204, and 204 again on a replay.
// Without the secret (or with a session, a form token and our Origin, as a
// citizen's browser would send) 401; a body of another shape 400 with the
// reason in the caller's language; a letter that never reached the mailbox
// (a guessed id, a delivery to the national portal only, one still pending
// or given up) 404, the same answer each; nothing recorded but on 204, and
// nothing in the access log. SQLite, or PostgreSQL with HELSAMI_TEST_PG_URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../lib/server.mjs';
import { demoServer } from '../lib/demo.mjs';
import { loginAs } from '../lib/session.mjs';
import { sql, sqlValue, personId } from '../lib/db.mjs';

const SECRET = 'mailbox-receipt-secret-4f1c';
const MARIUS = '12848649994';
const SILJE = '03898849863';
const PATH = '/integrations/digital-mailbox/read-receipts';
const demo = demoServer({ env: { HELSAMI_DIGITAL_MAILBOX_RECEIPT_TOKEN: SECRET } });

const num = (q) => Number(sqlValue(demo.db, q));
const now = () => Math.floor(Date.now() / 1000);

// A decision to nin made now, its PDF made, with deliveries {adapter: status}.
function letterTo(nin, deliveries = { digital_mailbox: 'sent' }) {
  const [unit, json] = sql(demo.db, "SELECT unit_id, letter FROM citizen_document WHERE kind = 'decision' ORDER BY id LIMIT 1")[0];
  const id = num(`INSERT INTO citizen_document (patient_id, unit_id, kind, letter, pdf, created_at, generated_at)
    VALUES (${personId(demo.db, nin)}, ${unit}, 'decision', '${json.replace(/'/g, "''")}', '', ${now()}, ${now()}) RETURNING id`);
  for (const [adapter, status] of Object.entries(deliveries))
    sql(demo.db, `INSERT INTO letter_delivery (document_id, adapter, status, created_at, next_attempt_at, sent_at)
      VALUES (${id}, '${adapter}', '${status}', ${now()}, ${now()}, ${status === 'sent' ? now() : 'NULL'})`);
  return id;
}

// [opened or not, opened_by or '', paper_at or '', printed_at or '']
const state = (id) => sql(demo.db, `SELECT CASE WHEN opened_at IS NULL THEN 'unopened' ELSE 'opened' END,
  COALESCE(CAST(opened_by AS TEXT), ''), COALESCE(CAST(paper_at AS TEXT), ''), COALESCE(CAST(printed_at AS TEXT), '')
  FROM citizen_document WHERE id = ${id}`)[0];
const logged = () => num('SELECT COUNT(*) FROM audit_log');

function receipt(body, { secret = SECRET, type = 'application/json', headers = {} } = {}) {
  const h = { 'content-type': type, ...headers };
  if (secret !== null) h.authorization = `Bearer ${secret}`;
  return fetch(demo.srv.url + PATH, { method: 'POST', headers: h, body: typeof body === 'string' ? body : JSON.stringify(body), redirect: 'manual' });
}
const ref = (id) => ({ reference: `helsami-letter-${id}` });

test('a read receipt records the first opening in the mailbox; a replay changes nothing; the letter stays off paper', async () => {
  const id = letterTo(MARIUS);
  const before = logged();
  const r = await receipt(ref(id));
  assert.equal(r.status, 204, await r.text());
  assert.deepEqual(state(id).slice(0, 2), ['opened', ''], 'opened, by no person of ours: in the mailbox');
  const at = sqlValue(demo.db, `SELECT opened_at FROM citizen_document WHERE id = ${id}`);
  const again = await receipt(ref(id));
  assert.equal(again.status, 204, 'a replay is answered the same');
  assert.equal(sqlValue(demo.db, `SELECT opened_at FROM citizen_document WHERE id = ${id}`), at, 'the first opening stays');
  assert.equal(logged(), before, 'no one read anything in helsami: nothing in the access log');

  // The document centre shows it read; the paper fallback passes it by.
  const m = await loginAs(demo.srv, MARIUS);
  const list = await m.get('/documents');
  const card = list.text.match(new RegExp(`href="/documents/${id}"[^]*?</h2>`))[0];
  assert.ok(!card.includes('data-testid="unread"'), 'not marked unread');
  const jobs = runCli(['jobs', 'run', '--now', new Date((now() + 30 * 86400) * 1000).toISOString().replace(/\.\d+Z$/, 'Z'), '--db', demo.db.url]);
  assert.equal(jobs.status, 0, jobs.stderr);
  assert.equal(state(id)[2], '', 'read in the mailbox: never on paper');
});

test('an opening in helsami first stays the first; a letter already printed stays printed', async () => {
  const mine = letterTo(MARIUS);
  const m = await loginAs(demo.srv, MARIUS);
  assert.equal((await m.get(`/documents/${mine}`)).status, 200);
  const marius = String(personId(demo.db, MARIUS));
  assert.equal((await receipt(ref(mine))).status, 204);
  assert.deepEqual(state(mine).slice(0, 2), ['opened', marius], 'Marius opened it first, in helsami');

  const printed = letterTo(SILJE);
  sql(demo.db, `UPDATE citizen_document SET paper_at = 100, paper_reason = 'unopened', printed_at = 200 WHERE id = ${printed}`);
  assert.equal((await receipt(ref(printed))).status, 204);
  assert.deepEqual(state(printed), ['opened', '', '100', '200'], 'read late in the mailbox: it was posted all the same');
});

test('without the secret, or with a wrong one, 401 and nothing recorded; a citizen\'s session, form token and Origin are no secret', async () => {
  const id = letterTo(MARIUS);
  const tries = [
    [null, 'no Authorization'],
    ['', 'an empty secret'],
    ['mailbox-receipt-secret-4f1', 'a prefix of it'],
    [`${SECRET}x`, 'it and more'],
    [SECRET.toUpperCase(), 'another case'],
  ];
  for (const [secret, what] of tries) {
    const r = await receipt(ref(id), { secret });
    assert.equal(r.status, 401, what);
    assert.equal(r.headers.get('www-authenticate'), 'Bearer');
    assert.equal((await r.json()).error, 'unauthorized');
  }
  const basic = await receipt(ref(id), { secret: null, headers: { authorization: `Basic ${Buffer.from(`x:${SECRET}`).toString('base64')}` } });
  assert.equal(basic.status, 401, 'another scheme');
  // Marius himself, from his browser: his session, the form token and our Origin.
  const m = await loginAs(demo.srv, MARIUS);
  await m.get('/documents');
  const own = await m.request(PATH, { method: 'POST', body: JSON.stringify(ref(id)), headers: { origin: demo.srv.url, 'content-type': 'application/json' } });
  assert.equal(own.status, 401);
  const form = await m.post(PATH, ref(id));
  assert.equal(form.status, 401);
  assert.deepEqual(state(id), ['unopened', '', '', ''], 'nothing recorded');
});

test('a letter that never reached the mailbox is 404, whoever\'s and however near: a guessed id, the portal only, pending, given up', async () => {
  const portalOnly = letterTo(SILJE, { health_portal: 'sent' });
  const pending = letterTo(SILJE, { digital_mailbox: 'pending', health_portal: 'sent' });
  const dead = letterTo(MARIUS, { digital_mailbox: 'dead' });
  const receiptOnly = num(`SELECT MIN(id) FROM citizen_document WHERE kind = 'receipt'`);
  const guessed = num('SELECT MAX(id) FROM citizen_document') + 1;
  const answers = new Set();
  for (const [id, what] of [[guessed, 'a guessed id'], [portalOnly, 'the national portal only'], [pending, 'a receipt before the delivery'], [dead, 'given up'], [receiptOnly, 'a receipt, never sent']]) {
    const r = await receipt(ref(id));
    assert.equal(r.status, 404, what);
    answers.add(await r.text());
  }
  assert.equal(answers.size, 1, 'the same answer each time: nothing told apart');
  for (const id of [portalOnly, pending, dead]) assert.equal(state(id)[0], 'unopened');
  // Once the pending delivery reaches the mailbox, its receipt counts.
  sql(demo.db, `UPDATE letter_delivery SET status = 'sent', sent_at = ${now()} WHERE document_id = ${pending} AND adapter = 'digital_mailbox'`);
  assert.equal((await receipt(ref(pending))).status, 204);
  assert.equal(state(pending)[0], 'opened');
});

test('a body of another shape is 400 with the reason in the caller\'s language; too large is 413; nothing recorded', async () => {
  const id = letterTo(MARIUS);
  const bad = [
    '',
    'not json',
    '[]',
    '{}',
    JSON.stringify({ reference: id }),
    JSON.stringify({ reference: `helsami-letter-${id}`, readAt: '2026-12-01T10:00:00Z' }),
    JSON.stringify({ reference: `letter-${id}` }),
    JSON.stringify({ reference: `helsami-letter-0${id}` }),
    JSON.stringify({ reference: `helsami-letter-+${id}` }),
    JSON.stringify({ reference: `helsami-letter-${id} ` }),
    JSON.stringify({ reference: 'helsami-letter-0' }),
    JSON.stringify({ reference: 'helsami-letter-99999999999999999999' }),
    `{"reference": "helsami-letter-${id}", "reference": "helsami-letter-${id}"}`,
    `{"reference": "helsami-letter-${id}"}\u0000`,
  ];
  for (const body of bad) {
    const r = await receipt(body);
    assert.equal(r.status, 400, `body ${JSON.stringify(body)}`);
    assert.equal((await r.json()).error, 'invalid');
  }
  const form = await receipt(`reference=helsami-letter-${id}`, { type: 'application/x-www-form-urlencoded' });
  assert.equal(form.status, 400, 'a form is no receipt');
  const en = await receipt('{}', { headers: { 'accept-language': 'en' } });
  assert.match((await en.json()).message, /A read receipt must be JSON with the one field "reference"/);
  const nb = await receipt('{}', { headers: { 'accept-language': 'nb' } });
  assert.match((await nb.json()).message, /Lesekvitteringen må være JSON med bare feltet «reference»/);
  const big = await receipt(JSON.stringify({ reference: `helsami-letter-${id}`, pad: 'x'.repeat(5000) }));
  assert.equal(big.status, 413);
  assert.equal(state(id)[0], 'unopened');
});
