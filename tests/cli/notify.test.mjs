// notify.test.mjs — notifications delivered (SPEC.md N1, N2, S2, A2; issue
// 15) through a real SMTP server (aiosmtpd) and an SMS gateway sink, both
// on loopback, by `helsami jobs run` against the database a real server
// writes to. Journeys: a released result reaches e-mail and SMS exactly
// once; the SMTP server down while events are made, then back: every
// notice arrives once; a representative is told about the person they act
// for, never about an item hidden from guardians; a deactivated account
// gets nothing; two `jobs run` at once deliver each once; and nothing any
// of them sent holds record content. SQLite, or PostgreSQL with
// HELSAMI_TEST_PG_URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { runCliAsync } from '../lib/server.mjs';
import { demoServer } from '../lib/demo.mjs';
import { loginAs } from '../lib/session.mjs';
import { sql, sqlValue, personId } from '../lib/db.mjs';
import { startSmtp, startSms } from '../lib/notify_sinks.mjs';

const P = { marius: '12848649994', silje: '03898849863', jonas: '02831399735', ingrid: '14827549852', tor: '09898549906' };
const BASE = 'https://helsami.example.no';
const SMS_TOKEN = 'sms-gateway-secret';

let smtp, sms;
let ingrid, pids = {};

// One `helsami jobs run`, asynchronous (the SMS sink answers in this process).
function jobsRun(extra = []) {
  const args = ['jobs', 'run', '--db', demo.db.url, '--smtp-url', smtp.url, '--sms-url', sms.url,
    '--notify-backoff-seconds', '0', '--base-url', BASE, ...extra];
  return runCliAsync(args, { HELSAMI_SMS_TOKEN: SMS_TOKEN, HELSAMI_LOG_LEVEL: 'error' });
}

async function deliver() {
  const r = await jobsRun();
  assert.equal(r.code, 0, r.err);
  return r.out;
}

const mailsTo = (addr) => smtp.messages().filter((m) => m.to === addr);
const smsTo = (phone) => sms.received.filter((m) => m.json && m.json.destination === phone);

async function enterResult(patient, code, value) {
  const page = await ingrid.get(`/staff/patients/${patient}/results`);
  const type = page.text.match(new RegExp(`<option value="(\\d+)"[^>]*>${code}`))[1];
  const r = await ingrid.post(`/staff/patients/${patient}/results`, { type, value, taken_on: '2026-11-21' });
  assert.equal(r.status, 303, r.text);
}

async function chooses(nin, { email, phone, notify }) {
  const b = await loginAs(demo.srv, nin);
  await b.get('/settings/personal');
  assert.equal((await b.post('/settings/personal', { email, phone })).status, 303);
  await b.get('/settings/notifications');
  const body = new URLSearchParams([['csrf', b.csrf], ...notify.map((n) => ['notify', n])]);
  const r = await b.request('/settings/notifications', { method: 'POST', body, headers: { origin: demo.srv.url, 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.status, 303, r.text);
  return b;
}

// The demo world on the real day: the server's worker fans out, `jobs
// run` sends (the server has no channel configured).
const demo = demoServer({
  today: null,
  // `jobs run` is the one deliverer here: the server's own rounds (every 2
  // s) could fan an event out while a `jobs run` looks, which then finds
  // neither the event nor its deliveries (seen once under load, PostgreSQL).
  args: ['--notify-seconds', '3600'],
  // Events made while the demo world was seeded are not this test's.
  afterSeed: (db) => sql(db, "UPDATE notification_outbox SET fanned_out_at = 1 WHERE fanned_out_at IS NULL; DELETE FROM notification_delivery;"),
  afterStart: async () => {
    ingrid = await loginAs(demo.srv, P.ingrid, { staff: true });
    for (const who of ['marius', 'silje', 'jonas']) {
      const page = await ingrid.post('/staff/patients', { q: P[who] });
      const m = page.text.match(/href="\/staff\/patients\/(\d+)"/);
      if (m) pids[who] = m[1];
    }
    await chooses(P.marius, { email: 'marius@eksempel.no', phone: '91234567', notify: ['test_result:email', 'test_result:sms', 'test_result:in_app', 'questionnaire:email'] });
  },
});
before(async () => {
  smtp = await startSmtp();
  sms = await startSms();
});
after(async () => { await smtp.stop(); smtp.cleanup(); await sms.close(); });

test('a released result reaches e-mail and SMS exactly once, and the in-app list', async () => {
  await enterResult(pids.marius, 'Hemoglobin', '14.1');
  await deliver();
  await deliver(); // a second round sends nothing again
  const mails = mailsTo('marius@eksempel.no');
  assert.equal(mails.length, 1, 'one e-mail');
  const m = mails[0];
  assert.match(m.headers['message-id'], /^<notification-\d+\.\d+@localhost>$/);
  assert.match(m.headers.subject, /^=\?UTF-8\?B\?/);
  assert.equal(Buffer.from(m.headers.subject.split('?')[3], 'base64').toString(), 'Noe nytt venter på deg i helsami');
  assert.match(m.body, new RegExp(`${BASE}/`));
  const texts = smsTo('+4791234567');
  assert.equal(texts.length, 1, 'one SMS');
  assert.equal(texts[0].authorization, `Bearer ${SMS_TOKEN}`);
  assert.match(texts[0].json.userData, /^helsami: Noe nytt venter på deg\. .*https:\/\/helsami\.example\.no\/$/);
  // In-app: the header counts it; reading marks it read.
  const b = await loginAs(demo.srv, P.marius);
  const home = await b.get('/');
  assert.match(home.text, /data-testid="unread">\(\d+ nye\)/);
  const page = await b.get('/notifications');
  assert.equal(page.status, 200);
  assert.match(page.text, /Nytt prøvesvar/);
  assert.equal((await b.post('/notifications/read')).status, 303);
  assert.doesNotMatch((await b.get('/')).text, /data-testid="unread"/);
});

test('SMTP down while events are made, then back: every notification arrives once', async () => {
  const before = mailsTo('marius@eksempel.no').length;
  const port = smtp.port, dir = smtp.dir;
  await smtp.stop();
  for (const v of ['13.9', '14.0', '14.2']) await enterResult(pids.marius, 'Hemoglobin', v);
  const down = await jobsRun();
  assert.equal(down.code, 0, down.err);
  assert.match(down.out, /3 to retry/);
  assert.equal(Number(sqlValue(demo.db, "SELECT COUNT(*) FROM notification_delivery WHERE channel = 'email' AND status = 'failed'")), 3);
  smtp = await startSmtp({ dir, port });
  await new Promise((r) => setTimeout(r, 1200)); // the shortest backoff is a second
  await deliver();
  await deliver();
  const mails = mailsTo('marius@eksempel.no');
  assert.equal(mails.length, before + 3);
  assert.equal(new Set(mails.map((x) => x.headers['message-id'])).size, mails.length, 'each once');
  assert.equal(Number(sqlValue(demo.db, "SELECT COUNT(*) FROM notification_delivery WHERE status IN ('pending', 'failed')")), 0);
});

test('a representative is told about the person they act for, never about an item hidden from guardians', async () => {
  const marius = await loginAs(demo.srv, P.marius);
  await marius.get('/access/parent');
  assert.equal((await marius.post('/access/parent', { nin: P.jonas })).status, 303);
  const jonas = personId(demo.db, P.jonas);
  const before = mailsTo('marius@eksempel.no').length;
  // A result of Jonas (13) marked confidential, and one that is not.
  sql(demo.db, `INSERT INTO notification_outbox (person_id, kind, created_at, payload_ref, hidden_from_guardians) VALUES (${jonas}, 'test_result', 1795341600, 900001, 1);
           INSERT INTO notification_outbox (person_id, kind, created_at, payload_ref, hidden_from_guardians) VALUES (${jonas}, 'test_result', 1795341600, 900002, 0);`);
  await deliver();
  const mails = mailsTo('marius@eksempel.no');
  assert.equal(mails.length, before + 1, 'told once, about the result that is not hidden');
  assert.match(mails.at(-1).body, /en du representerer/);
  const hidden = sql(demo.db, `SELECT d.id FROM notification_delivery d JOIN notification_outbox e ON e.id = d.event_id WHERE e.payload_ref = 900001 AND d.recipient_id <> ${jonas}`);
  assert.deepEqual(hidden, [], 'no delivery of a hidden event to anyone but the child');
});

test('a deactivated account receives nothing (A2)', async () => {
  const silje = await chooses(P.silje, { email: 'silje@eksempel.no', phone: '92345678', notify: ['test_result:email', 'test_result:sms'] });
  await silje.get('/settings/account/deactivate');
  assert.equal((await silje.post('/settings/account/deactivate')).status, 303);
  // Counted from the deactivation: the demo world is seeded for the real day, so an
  // earlier test's jobs may have told Silje of an appointment tomorrow in the app.
  const deliveries = () => Number(sqlValue(demo.db, `SELECT COUNT(*) FROM notification_delivery WHERE recipient_id = ${personId(demo.db, P.silje)}`));
  const before = deliveries();
  await enterResult(pids.silje, 'Hemoglobin', '12.9');
  await deliver();
  assert.equal(mailsTo('silje@eksempel.no').length, 0);
  assert.equal(smsTo('+4792345678').length, 0);
  assert.equal(deliveries(), before);
});

test('two jobs run at once deliver each notification once', async () => {
  const marius = personId(demo.db, P.marius);
  const before = mailsTo('marius@eksempel.no').length;
  const rows = Array.from({ length: 40 }, (_, i) => `(${marius}, 'test_result', 1795341600, ${910000 + i}, 0)`).join(',');
  sql(demo.db, `INSERT INTO notification_outbox (person_id, kind, created_at, payload_ref, hidden_from_guardians) VALUES ${rows};`);
  const [a, b] = await Promise.all([jobsRun(), jobsRun()]);
  assert.equal(a.code, 0, a.err);
  assert.equal(b.code, 0, b.err);
  await deliver();
  const mails = mailsTo('marius@eksempel.no');
  assert.equal(mails.length, before + 40);
  assert.equal(new Set(mails.map((x) => x.headers['message-id'])).size, mails.length, 'no e-mail twice');
  assert.equal(smsTo('+4791234567').length, new Set(smsTo('+4791234567').map((x) => x.json.reference)).size, 'no SMS twice');
});

test('the admin sees the outbox and retries a dead delivery; others may not', async () => {
  const dead = sql(demo.db, "SELECT id FROM notification_delivery WHERE channel = 'email' AND status = 'sent' ORDER BY id LIMIT 1")[0][0];
  sql(demo.db, `UPDATE notification_delivery SET status = 'dead', sent_at = NULL, attempts = 10, last_error = 'smtp: test' WHERE id = ${dead}`);
  const tor = await loginAs(demo.srv, P.tor, { staff: true });
  const page = await tor.get('/staff/outbox?status=dead');
  assert.equal(page.status, 200);
  assert.match(page.text, /smtp: test/);
  assert.doesNotMatch(page.text, /marius|Marius|test_result/, 'names no one and no kind');
  const retried = await tor.post('/staff/outbox/retry', { delivery: dead });
  assert.equal(retried.status, 303);
  assert.match((await tor.get(retried.location)).text, /Leveransen er lagt i kø igjen/, 'the page it leads to says so (it was a 400 before)');
  assert.equal(sqlValue(demo.db, `SELECT status FROM notification_delivery WHERE id = ${dead}`), 'pending');
  // In the access log of the person the notification is about: the operator sent it again.
  assert.deepEqual(sql(demo.db, `SELECT a.action, a.what, a.purpose FROM audit_log a JOIN notification_delivery d ON d.about_id = a.patient_id
    WHERE d.id = ${dead} AND a.what_id = '${dead}'`), [['retry', 'notifications.delivery', 'operations']]);
  assert.equal((await tor.post('/staff/outbox/retry', { delivery: dead })).status, 400, 'not dead any more');
  assert.equal((await tor.post('/staff/outbox/retry', { delivery: 'x' })).status, 400);
  assert.equal((await ingrid.get('/staff/outbox')).status, 403);
  assert.equal((await tor.get('/staff/outbox?status=nonsense')).status, 400);
});

test('leak: no e-mail or SMS sent by these journeys holds record content', async () => {
  // One more journey: a questionnaire sent to Marius.
  const qpage = await ingrid.get(`/staff/patients/${pids.marius}/questionnaires`);
  const def = qpage.text.match(/<option value="(\d+)">/)[1];
  assert.equal((await ingrid.post(`/staff/patients/${pids.marius}/questionnaires`, { questionnaire: def, due_on: '' })).status, 303);
  await deliver();
  // What a reader sees: the subject, the addresses and the text of each
  // e-mail (decoded), the text of each SMS. Our ids and dates in headers are
  // numbers that would match lab values by chance.
  const sent = [
    ...smtp.messages().map((m) => [m.headers.subject, m.headers.from, m.headers.to, m.body].join('\n')),
    ...sms.received.map((m) => `${m.json.source}\n${m.json.userData}`),
  ];
  assert.ok(sent.length >= 45, `collected ${sent.length}`);
  const words = new Set();
  const add = (rows) => rows.flat().filter((w) => w && w.length >= 2).forEach((w) => words.add(w));
  add(sql(demo.db, 'SELECT name_nb, name_en, code, unit FROM result_type'));
  add(sql(demo.db, 'SELECT value FROM test_result WHERE length(value) >= 2'));
  add(sql(demo.db, 'SELECT name, strength FROM medication'));
  add(sql(demo.db, 'SELECT name FROM unit'));
  add(sql(demo.db, 'SELECT given_name, family_name FROM person'));
  add(sql(demo.db, 'SELECT title_nb, title_en FROM questionnaire'));
  add(sql(demo.db, 'SELECT diagnosis, substance FROM health_issue, allergy'));
  const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const leaks = [];
  for (const text of sent) {
    const plain = text.replace(/=\?UTF-8\?B\?([^?]+)\?=/g, (_, b) => Buffer.from(b, 'base64').toString());
    for (const w of words) {
      if (new RegExp(`(?<![\\p{L}\\p{N}])${esc(w)}(?![\\p{L}\\p{N}])`, 'u').test(plain)) leaks.push(w);
    }
  }
  // Not even the kind of thing that is new (N1: only that something waits).
  for (const text of sent) {
    const plain = text.replace(/=\?UTF-8\?B\?([^?]+)\?=/g, (_, b) => Buffer.from(b, 'base64').toString());
    const kind = plain.match(/prøvesvar|test ?result|spørreskjema|questionnaire|melding|message|avtale|appointment|brev|letter|resept|medisin|medication/i);
    if (kind) leaks.push(kind[0]);
  }
  assert.deepEqual([...new Set(leaks)], [], 'record content in a notification');
});
