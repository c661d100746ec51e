// letter_delivery.test.mjs — decision letters delivered to the national
// health portal and the citizen's digital mailbox (SPEC.md K2, issue 17;
// docs/services.md "Delivery to the national portal and the digital
// mailbox") by `helsami jobs run` and by the server's timer, to HTTP sinks
// on loopback. Nothing goes to an adapter that is not configured; each
// letter reaches each adapter exactly once with the adapter's token, the
// recipient's identity number, the letter and its PDF; a mailbox answering
// 500, then 200; a mailbox down, then back; two `jobs run` at once; dead
// after the last attempt (shown to the operator); receipts stay in the
// portal. SQLite, or
// PostgreSQL with HELSAMI_TEST_PG_URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { runCliAsync, startServer } from '../lib/server.mjs';
import { seedDemo } from '../lib/demo.mjs';
import { sql, sqlValue, personId } from '../lib/db.mjs';
import { startHttpSink } from '../lib/notify_sinks.mjs';
import { loginAs } from '../lib/session.mjs';

const MARIUS = '12848649994', TOR = '09898549906'; // Tor: the operator (admin)
const PORTAL_TOKEN = 'portal-secret', MAILBOX_TOKEN = 'mailbox-secret';

let db, portal, mailbox, marius, unit, letterJson, deadLetter;

// One `helsami jobs run`, asynchronous (the sinks answer in this process).
// adapters false: neither adapter configured.
function jobsRun({ adapters = true, extra = [] } = {}) {
  const urls = adapters ? ['--health-portal-url', portal.url, '--digital-mailbox-url', mailbox.url] : [];
  const args = ['jobs', 'run', '--db', db.url, '--notify-backoff-seconds', '0', ...urls, ...extra];
  return runCliAsync(args, { HELSAMI_LOG_LEVEL: 'error', HELSAMI_HEALTH_PORTAL_TOKEN: PORTAL_TOKEN, HELSAMI_DIGITAL_MAILBOX_TOKEN: MAILBOX_TOKEN });
}

async function run(opts) {
  const r = await jobsRun(opts);
  assert.equal(r.code, 0, r.err);
  return r.out;
}

// A new letter for Marius (the demo decision's content), its PDF not made yet.
function newLetter(kind = 'decision') {
  return Number(sqlValue(db, `INSERT INTO citizen_document (patient_id, unit_id, kind, letter, created_at)
    VALUES (${marius}, ${unit}, '${kind}', '${letterJson.replace(/'/g, "''")}', ${Math.floor(Date.now() / 1000)}) RETURNING id`));
}

const ref = (id) => `helsami-letter-${id}`;
const got = (sink, id) => sink.received.filter((r) => r.json && r.json.reference === ref(id));
const accepted = (sink, id) => got(sink, id).filter((r) => r.status < 300);
const statusOf = (id, adapter) => sql(db, `SELECT status, attempts FROM letter_delivery WHERE document_id = ${id} AND adapter = '${adapter}'`)[0];

before(async () => {
  db = seedDemo();
  // The demo world's given-up delivery (the operator's page in the demo) is not this file's: counts start at nothing.
  sql(db, 'DELETE FROM letter_delivery');
  marius = personId(db, MARIUS);
  [unit, letterJson] = sql(db, "SELECT unit_id, letter FROM citizen_document WHERE kind = 'decision' ORDER BY id LIMIT 1")[0];
  portal = await startHttpSink({ path: '/api/letters' });
  mailbox = await startHttpSink({ path: '/inbox' });
});
after(async () => { await portal.close(); await mailbox.close(); db.cleanup(); });

test('nothing is sent to an adapter that is not configured, nor later for a letter made then', async () => {
  const id = newLetter();
  const out = await run({ adapters: false });
  assert.match(out, /letter deliveries: 0 sent, 0 to retry, 0 given up/);
  assert.ok(sqlValue(db, `SELECT generated_at FROM citizen_document WHERE id = ${id}`), 'the PDF is made');
  assert.equal(sqlValue(db, 'SELECT COUNT(*) FROM letter_delivery'), '0');
  await run();
  assert.equal(portal.received.length + mailbox.received.length, 0, 'nothing sent');
});

test('a decision reaches each adapter exactly once, with its token, whose it is, the letter and its PDF', async () => {
  const id = newLetter();
  const receipt = newLetter('receipt');
  const out = await run();
  assert.match(out, /letter deliveries: 2 sent/);
  await run(); // a second run sends nothing again
  for (const [sink, token, path] of [[portal, PORTAL_TOKEN, '/api/letters'], [mailbox, MAILBOX_TOKEN, '/inbox']]) {
    const r = got(sink, id);
    assert.equal(r.length, 1, 'once');
    assert.equal(r[0].method, 'POST');
    assert.equal(r[0].url, path);
    assert.equal(r[0].authorization, `Bearer ${token}`);
    assert.equal(r[0].headers['idempotency-key'], ref(id));
    assert.equal(r[0].headers['content-type'], 'application/json');
    const m = r[0].json;
    assert.equal(m.recipient.nin, MARIUS);
    assert.deepEqual({ id: m.letter.id, kind: m.letter.kind }, { id, kind: 'decision' });
    assert.equal(m.letter.title, JSON.parse(letterJson).heading);
    assert.equal(m.document.contentType, 'application/pdf');
    const pdf = Buffer.from(m.document.data, 'base64');
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.equal(pdf.length, Number(sqlValue(db, `SELECT length(pdf_data) FROM citizen_document WHERE id = ${id}`)));
    assert.equal(got(sink, receipt).length, 0, 'a receipt stays in the portal');
  }
  assert.deepEqual(statusOf(id, 'health_portal'), ['sent', '1']);
  assert.deepEqual(statusOf(id, 'digital_mailbox'), ['sent', '1']);
});

test('a mailbox answering 500, then 200: retried after the backoff, accepted once, same reference', async () => {
  mailbox.status = 500;
  const id = newLetter();
  assert.match(await run(), /letter deliveries: 1 sent, 1 to retry, 0 given up/);
  assert.deepEqual(statusOf(id, 'digital_mailbox'), ['failed', '1']);
  assert.equal(sqlValue(db, `SELECT last_error FROM letter_delivery WHERE document_id = ${id} AND adapter = 'digital_mailbox'`), 'digital_mailbox answered 500');
  assert.equal(sqlValue(db, `SELECT next_attempt_at > created_at FROM letter_delivery WHERE document_id = ${id} AND adapter = 'digital_mailbox'`), db.url.startsWith('sqlite:') ? '1' : 't', 'due again after a backoff');
  mailbox.status = 200;
  await sleep(1100); // --notify-backoff-seconds 0: a second
  assert.match(await run(), /letter deliveries: 1 sent/);
  await sleep(1100);
  await run();
  assert.equal(got(mailbox, id).length, 2, 'tried twice');
  assert.equal(accepted(mailbox, id).length, 1, 'accepted once');
  assert.equal(accepted(portal, id).length, 1);
  assert.deepEqual(statusOf(id, 'digital_mailbox'), ['sent', '2']);
});

test('the mailbox down while letters are made, then back on its port: each arrives once', async () => {
  const port = mailbox.port;
  await mailbox.close();
  const ids = [newLetter(), newLetter(), newLetter()];
  assert.match(await run(), /letter deliveries: 3 sent, 3 to retry/);
  mailbox = await startHttpSink({ port, path: '/inbox' });
  await sleep(1100);
  assert.match(await run(), /letter deliveries: 3 sent/);
  await sleep(1100);
  await run();
  for (const id of ids) {
    assert.equal(accepted(mailbox, id).length, 1);
    assert.equal(accepted(portal, id).length, 1);
  }
});

test('two `jobs run` at once deliver each letter once to each adapter', async () => {
  const ids = Array.from({ length: 8 }, () => newLetter());
  const [a, b] = await Promise.all([jobsRun(), jobsRun()]);
  assert.equal(a.code, 0, a.err);
  assert.equal(b.code, 0, b.err);
  for (const id of ids) {
    assert.equal(got(portal, id).length, 1, `letter ${id} to the portal`);
    assert.equal(got(mailbox, id).length, 1, `letter ${id} to the mailbox`);
  }
});

test('after the last attempt a delivery is dead and never tried again', async () => {
  portal.status = 503;
  const id = newLetter();
  deadLetter = id;
  await run({ extra: ['--notify-attempts', '2'] });
  await sleep(1100);
  assert.match(await run({ extra: ['--notify-attempts', '2'] }), /1 given up/);
  assert.deepEqual(statusOf(id, 'health_portal'), ['dead', '2']);
  await sleep(1100);
  await run({ extra: ['--notify-attempts', '2'] });
  assert.equal(got(portal, id).length, 2);
  assert.equal(accepted(mailbox, id).length, 1, 'the other adapter is not held up');
  portal.status = 201;
});

test('the server delivers on its own timer, with no request waiting for it', async () => {
  const srv = await startServer({
    db,
    args: ['--notify-seconds', '1', '--health-portal-url', portal.url, '--digital-mailbox-url', mailbox.url],
    env: { HELSAMI_HEALTH_PORTAL_TOKEN: PORTAL_TOKEN, HELSAMI_DIGITAL_MAILBOX_TOKEN: MAILBOX_TOKEN },
  });
  try {
    const id = newLetter();
    for (let i = 0; i < 100 && (accepted(portal, id).length === 0 || accepted(mailbox, id).length === 0); i++) await sleep(100);
    assert.equal(accepted(portal, id).length, 1);
    assert.equal(accepted(mailbox, id).length, 1);
    assert.equal(got(mailbox, id)[0].authorization, `Bearer ${MAILBOX_TOKEN}`);
    // The operator sees the counts and the dead delivery: a letter id and
    // the adapter, never whose letter it is.
    const tor = await loginAs(srv, TOR, { staff: true });
    const page = await tor.get('/staff/outbox');
    assert.equal(page.status, 200);
    const dead = sqlValue(db, `SELECT id FROM letter_delivery WHERE document_id = ${deadLetter} AND adapter = 'health_portal'`);
    assert.match(page.text, new RegExp(`<tr><td>${dead}</td><td>${deadLetter}</td><td>Helsenorge</td><td>2</td><td>health_portal answered 503</td>\\s*<td><form method="post" action="/staff/outbox/letters/${dead}/retry">`));
    assert.match(page.text, /data-testid="letter-counts">\s*<li>Venter: \d+<\/li><li>Sendt: \d+<\/li><li>Feilet, prøves igjen: \d+<\/li><li>Gitt opp: 1<\/li>/);
    assert.doesNotMatch(page.text, /Marius|12848649994/);
  } finally {
    await srv.stop();
  }
});

// #17: the operator puts a dead letter delivery back in line from the
// outbox page (POST /staff/outbox/letters/:id/retry, CAP_ADMIN); the next
// `jobs run` delivers it. Hostile: another role 403, an unknown id or a
// notification delivery's id 404, a delivery that is not dead 409 with the
// reason in the operator's language, and nothing changed by any of them.
test('the operator retries a dead letter delivery; the next run delivers it; others may not', async () => {
  const srv = await startServer({ db });
  try {
    const dead = sqlValue(db, `SELECT id FROM letter_delivery WHERE document_id = ${deadLetter} AND adapter = 'health_portal'`);
    const sent = sqlValue(db, `SELECT id FROM letter_delivery WHERE document_id = ${deadLetter} AND adapter = 'digital_mailbox'`);
    // A dead notification delivery, with an id no letter delivery has.
    const notification = 900001;
    sql(db, `INSERT INTO notification_outbox (person_id, kind, created_at, payload_ref, hidden_from_guardians) VALUES (${marius}, 'letter', 1795341600, ${deadLetter}, 0);
      INSERT INTO notification_delivery (id, event_id, recipient_id, about_id, channel, status, attempts, created_at, next_attempt_at, last_error)
      VALUES (${notification}, (SELECT MAX(id) FROM notification_outbox), ${marius}, ${marius}, 'email', 'dead', 10, 1795341600, 1795341600, 'smtp: test');`);
    const rows = () => sql(db, 'SELECT id, status, attempts, next_attempt_at, last_error FROM letter_delivery ORDER BY id');
    const logged = () => sql(db, `SELECT action, what, what_id, purpose, actor_staff_id IS NOT NULL FROM audit_log WHERE patient_id = ${marius} AND action = 'retry'`);
    const before = rows();
    const retry = (b, id) => b.post(`/staff/outbox/letters/${id}/retry`, {});

    const ingrid = await loginAs(srv, '14827549852', { staff: true }); // a clinician: no CAP_ADMIN
    assert.equal((await retry(ingrid, dead)).status, 403);
    const tor = await loginAs(srv, TOR, { staff: true });
    assert.equal((await retry(tor, 999999999)).status, 404, 'no such delivery');
    assert.equal((await retry(tor, notification)).status, 404, "a notification delivery's id is no letter delivery");
    assert.equal((await tor.post(`/staff/outbox/letters/x/retry`, {})).status, 404, 'a malformed id');
    const notDead = await retry(tor, sent);
    assert.equal(notDead.status, 409);
    assert.match(notDead.text, /role="alert"><p class="ds-paragraph">Brevleveransen er ikke gitt opp, så den kan ikke prøves igjen\./);
    await tor.get('/staff/outbox?lang=en');
    assert.match((await retry(tor, sent)).text, /The letter delivery has not been given up, so it cannot be retried\. .*Nothing was changed\./);
    await tor.get('/staff/outbox?lang=nb');
    assert.deepEqual(rows(), before, 'nothing changed');
    assert.deepEqual(logged(), [], 'nothing logged');

    const ok = await retry(tor, dead);
    assert.equal(ok.status, 303);
    assert.equal(ok.location, '/staff/outbox?letter_retried=1');
    assert.match((await tor.get(ok.location)).text, /Brevleveransen er lagt i kø igjen/);
    assert.deepEqual(statusOf(deadLetter, 'health_portal'), ['pending', '0']);
    assert.equal(sqlValue(db, `SELECT last_error IS NULL FROM letter_delivery WHERE id = ${dead}`), db.url.startsWith('sqlite:') ? '1' : 't');
    // In Marius's access log: the operator sent his letter again, and read nothing.
    assert.deepEqual(logged(), [['retry', 'documents.delivery', String(dead), 'operations', db.url.startsWith('sqlite:') ? '1' : 't']]);
    assert.equal((await retry(tor, dead)).status, 409, 'pending now: not dead');

    const tried = got(portal, deadLetter).length;
    assert.match(await run(), /letter deliveries: 1 sent/);
    assert.equal(got(portal, deadLetter).length, tried + 1);
    assert.equal(accepted(portal, deadLetter).length, 1);
    assert.deepEqual(statusOf(deadLetter, 'health_portal'), ['sent', '1']);
    assert.equal((await retry(tor, dead)).status, 409, 'sent: not dead');
  } finally {
    await srv.stop();
  }
});

test('a URL that is not https (or http to this machine) stops the run with a clear message', async () => {
  for (const url of ['ftp://mailbox.example.no/', 'http://mailbox.example.no/']) {
    const r = await jobsRun({ extra: ['--digital-mailbox-url', url] });
    assert.notEqual(r.code, 0, url);
    assert.match(r.err, /--digital-mailbox-url \(HELSAMI_DIGITAL_MAILBOX_URL\) must be an https:\/\/ URL \(http:\/\/ only to this machine, for tests\)/);
  }
});
