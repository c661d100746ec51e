// record_access.test.mjs — access to the record (D2) over real HTTP: the
// citizen asks one of her units for chosen parts of the record over a
// period (a receipt in the document centre at once, an event without
// health content), refused input in nb and en, a unit that is not hers 404;
// the clinicians' queue at that unit with the deadline (30 days) and
// overdue by moving the clock; the extract made in the background, its
// text read back with pdftotext (only that unit, that period, those parts);
// the refusal with a reason the citizen sees; a clinician of another unit
// sees nothing; forged ids 404; representatives by access kind; their
// reads of the extract in the access log. SQLite, or PostgreSQL with
// HELSAMI_TEST_PG_URL.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../lib/server.mjs';
import { demoServer } from '../lib/demo.mjs';
import { loginAs } from '../lib/session.mjs';
import { sql, sqlValue, personId } from '../lib/db.mjs';

const P = {
  marius: '12848649994', silje: '03898849863', elisabeth: '02916949807', bjorn: '21876649788',
  ingrid: '14827549852', eirik: '05927049955', marte: '19889549834', per: '27816849956',
};
const NOW = '2026-11-22T10:00:00Z';
const at = (now = NOW) => ({ 'x-helsami-now': now });
const tmp = mkdtempSync(join(tmpdir(), 'helsami-record-access-'));

const demo = demoServer({ args: ['--login-rate', '0', '--lookup-rate', '0', '--notify-seconds', '3600'] });
after(() => rmSync(tmp, { recursive: true, force: true }));

const citizen = (nin, now) => loginAs(demo.srv, nin, { headers: at(now) });
const staff = (nin, now) => loginAs(demo.srv, nin, { staff: true, headers: at(now) });
const main = (html) => (html.match(/<main[\s\S]*<\/main>/) || [html])[0];
const text = (html) => main(html).replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ');
const num = (q) => Number(sqlValue(demo.db, q));
const unitId = (code) => num(`SELECT id FROM unit WHERE code = '${code}'`);
const jobs = (now) => {
  const r = runCli(['jobs', 'run', '--now', now, '--db', demo.db.url]);
  assert.equal(r.status, 0, r.stderr);
};
async function download(b, path) {
  const res = await fetch(demo.srv.url + path, { headers: { ...b.headers, cookie: b.cookieHeader() }, redirect: 'manual' });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}
function pdfText(bytes, name) {
  const file = join(tmp, name);
  writeFileSync(file, bytes);
  const r = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.replace(/\s+/g, ' ');
}
const form = (unit, extra = {}) => ({ unit: String(unit), parts: ['visits', 'allergies', 'medications'], from_date: '2025-01-01', to_date: '2026-11-22', ...extra });

let request, oya;

test('D2: Marius asks Øya for parts of his record; a receipt at once, an event without health content', async () => {
  oya = unitId('oya-legesenter');
  const m = await citizen(P.marius);
  const page = await m.get('/documents/record-access');
  assert.equal(page.status, 200);
  assert.match(page.text, /Øya legesenter/);
  const docs = await m.get('/documents');
  assert.match(docs.text, /href="\/documents\/record-access"/, 'the document centre links to it');
  const sent = await m.post('/documents/record-access', form(oya, { message: 'Gjerne <b>alt</b> fra i fjor.' }));
  assert.equal(sent.status, 303, sent.text);
  request = Number(sent.location.match(/record-access\/(\d+)/)[1]);
  const shown = await m.get(`/documents/record-access/${request}`);
  assert.equal(shown.status, 200);
  assert.match(text(shown.text), /Mottatt, ikke besvart/);
  assert.match(text(shown.text), /Svarfrist 22\. desember 2026/, 'due 30 days after it came in');
  const marius = personId(demo.db, P.marius);
  const receipt = num(`SELECT receipt_id FROM record_access_request WHERE id = ${request}`);
  assert.equal(sqlValue(demo.db, `SELECT kind FROM citizen_document WHERE id = ${receipt}`), 'receipt');
  assert.deepEqual(sql(demo.db, `SELECT kind FROM notification_outbox WHERE person_id = ${marius} AND payload_ref = ${receipt}`), [['letter']]);
  const list = await m.get('/documents');
  assert.match(text(list.text), /Begjæring om innsyn i journal/);
});

test('D1: a letter whose PDF is not made yet says so, and its download answers 409 until the letter job has run', async () => {
  const m = await citizen(P.marius);
  const receipt = num(`SELECT receipt_id FROM record_access_request WHERE id = ${request}`);
  assert.equal(sqlValue(demo.db, `SELECT generated_at IS NULL FROM citizen_document WHERE id = ${receipt}`), sqlValue(demo.db, 'SELECT 1 = 1'));
  const { res } = await download(m, `/documents/${receipt}/pdf`);
  assert.equal(res.status, 409);
  assert.equal(res.headers.get('content-type')?.startsWith('application/pdf'), false);
  const page = await m.get(`/documents/${receipt}`);
  assert.equal(page.status, 200);
  assert.match(text(page.text), /Trondheim kommune/, 'the letter names the municipality');
  jobs('2026-11-22T10:01:00Z');
  const made = await download(m, `/documents/${receipt}/pdf`);
  assert.equal(made.res.status, 200);
  assert.match(pdfText(made.bytes, 'receipt.pdf'), /senest 22\. desember 2026/);
});

test('D2: bad input is refused in nb and en, nothing stored; another unit or a forged id is 404', async () => {
  const m = await citizen(P.marius);
  const before = num('SELECT COUNT(*) FROM record_access_request');
  const none = await m.post('/documents/record-access', { unit: String(oya), from_date: '2026-05-01', to_date: '2026-06-01' });
  assert.equal(none.status, 400);
  assert.match(none.text, /ds-error-summary/);
  const backwards = await m.post('/documents/record-access', form(oya, { from_date: '2026-05-01', to_date: '2026-01-01' }));
  assert.equal(backwards.status, 400);
  assert.match(backwards.text, /Til-datoen kan ikke være før fra-datoen/);
  const en = await m.post('/documents/record-access?lang=en', { unit: String(oya), parts: 'visits', from_date: '2027-05-01', to_date: '2027-06-01' });
  assert.equal(en.status, 400);
  assert.match(en.text, /The from date cannot be after today/);
  const badPart = await m.post('/documents/record-access', form(oya, { parts: 'everything' }));
  assert.equal(badPart.status, 400);
  // A unit that does not keep his record (the health station) is 404, as is a unit that does not exist.
  const other = await m.post('/documents/record-access', form(unitId('helsestasjon-sentrum')));
  assert.equal(other.status, 404);
  const forged = await m.post('/documents/record-access', form(987654));
  assert.equal(forged.status, 404);
  assert.equal(num('SELECT COUNT(*) FROM record_access_request'), before);
  // Someone else's request, and ids that are not ids.
  const s = await citizen(P.silje);
  assert.equal((await s.get(`/documents/record-access/${request}`)).status, 404);
  assert.equal((await s.get('/documents/record-access/99999')).status, 404);
  assert.equal((await m.get('/documents/record-access/0')).status, 404);
});

test('D2: the queue at Øya shows the deadline; overdue after 30 days by the clock; other units and roles see nothing', async () => {
  const i = await staff(P.ingrid);
  const q = await i.get('/staff/queues/record-access');
  assert.equal(q.status, 200);
  assert.match(text(q.text), /Marius Berg/);
  assert.match(text(q.text), /22\. desember 2026/);
  assert.doesNotMatch(q.text, /data-testid="overdue"/);
  // The demo world's request came in on 10 November (last day 10 December); this one on 22 November.
  const day30 = await staff(P.ingrid, '2026-12-22T22:00:00Z');
  const last = await day30.get('/staff/queues/record-access');
  assert.equal((last.text.match(/data-testid="overdue"/g) || []).length, 1, 'the last day is not overdue');
  const day31 = await staff(P.ingrid, '2026-12-23T10:00:00Z');
  const late = await day31.get('/staff/queues/record-access');
  assert.equal((late.text.match(/data-testid="overdue"/g) || []).length, 2);
  assert.match(text(late.text), /Over fristen: 2/);
  // A clinician at another unit (St. Olavs), where Marius is also a patient: the request is not theirs.
  const e = await staff(P.eirik);
  assert.doesNotMatch(text((await e.get('/staff/queues/record-access')).text), /Marius Berg/);
  assert.equal((await e.get(`/staff/queues/record-access/${request}`)).status, 404);
  assert.equal((await e.post(`/staff/queues/record-access/${request}/fulfil`, {})).status, 404);
  assert.equal(sqlValue(demo.db, `SELECT status FROM record_access_request WHERE id = ${request}`), 'received');
  // The front desk at Øya and a caseworker lack the capability.
  const marte = await staff(P.marte);
  assert.equal((await marte.get('/staff/queues/record-access')).status, 403);
  assert.equal((await marte.get(`/staff/queues/record-access/${request}`)).status, 403);
  const per = await staff(P.per);
  assert.equal((await per.post(`/staff/queues/record-access/${request}/fulfil`, {})).status, 403);
  assert.equal((await i.get('/staff/queues/record-access/99999')).status, 404);
});

let extract;

test('D2: Ingrid makes the extract; the PDF follows in the background with only that unit, period and parts', async () => {
  const i = await staff(P.ingrid);
  const page = await i.get(`/staff/queues/record-access/${request}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Gjerne &lt;b&gt;alt&lt;\/b&gt; fra i fjor\./, 'markup reads as text');
  const t0 = Date.now();
  const done = await i.post(`/staff/queues/record-access/${request}/fulfil`, {});
  assert.equal(done.status, 303);
  assert.ok(Date.now() - t0 < 2000);
  const again = await i.post(`/staff/queues/record-access/${request}/fulfil`, {});
  assert.equal(again.status, 303);
  assert.match(again.location, /done=conflict/, 'a second click is a conflict, never a second extract');
  extract = num(`SELECT document_id FROM record_access_request WHERE id = ${request}`);
  assert.equal(sqlValue(demo.db, `SELECT kind FROM citizen_document WHERE id = ${extract}`), 'record_extract');
  // Told with a kind of its own, holding only the document's id (channels: the choice for letters).
  assert.deepEqual(sql(demo.db, `SELECT kind FROM notification_outbox WHERE payload_ref = ${extract}`), [['extract_ready']]);
  const m = await citizen(P.marius);
  const early = await download(m, `/documents/${extract}/pdf`);
  assert.equal(early.res.status, 409, 'not made yet');
  jobs('2026-11-22T10:05:00Z');
  const { res, bytes } = await download(m, `/documents/${extract}/pdf`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-disposition'), `attachment; filename="helsami-document-${extract}.pdf"`);
  const pdf = pdfText(bytes, 'extract.pdf');
  assert.match(pdf, /Utskrift fra journalen/);
  assert.match(pdf, /Øya legesenter/);
  assert.match(pdf, /Trondheim kommune/);
  assert.match(pdf, /Marius Berg/);
  assert.match(pdf, /1\. januar 2025 til 22\. november 2026/);
  assert.match(pdf, /Besøk og journalnotater/);
  assert.match(pdf, /Allergier/);
  assert.doesNotMatch(pdf, /Henvisninger|Opphold/, 'parts not asked for are left out');
  assert.doesNotMatch(pdf, /Eirik Lund/, 'nothing from another unit');
  const shown = await m.get(`/documents/record-access/${request}`);
  assert.match(text(shown.text), /Utskrift sendt/);
  assert.match(shown.text, new RegExp(`href="/documents/${extract}"`));
});

test('D2: health_read reads the extract (logged with both identities) but may not ask; full access asks for the person', async () => {
  const m = await citizen(P.marius);
  await m.get('/access/grant');
  assert.equal((await m.post('/access/grant', { nin: P.silje, family_name: 'Berg', kind: 'health_read', valid_until: '', confirm: '1' })).status, 303);
  const rep = await citizen(P.silje);
  await rep.get('/access/choose');
  const marius = personId(demo.db, P.marius), silje = personId(demo.db, P.silje);
  assert.equal((await rep.post('/access/act', { person: marius })).status, 303);
  assert.equal((await rep.get('/documents/record-access')).status, 403);
  assert.equal((await rep.post('/documents/record-access', form(oya))).status, 403);
  assert.equal((await rep.get(`/documents/record-access/${request}`)).status, 403);
  const { res } = await download(rep, `/documents/${extract}/pdf`);
  assert.equal(res.status, 200);
  assert.ok(num(`SELECT COUNT(*) FROM audit_log WHERE patient_id = ${marius} AND what = 'documents' AND what_id = '${extract}' AND actor_person_id = ${silje} AND purpose = 'representation'`) >= 1);
  // Ingrid's extract is in his access log too.
  assert.equal(num(`SELECT COUNT(*) FROM audit_log WHERE patient_id = ${marius} AND what = 'documents' AND what_id = '${extract}' AND action = 'create'`), 1);
  // Full access: Bjørn asks for Elisabeth; both identities on the request and in her log.
  const giver = await citizen(P.elisabeth);
  await giver.get('/access/grant');
  assert.equal((await giver.post('/access/grant', { nin: P.bjorn, family_name: 'Johansen', kind: 'full', valid_until: '', confirm: '1' })).status, 303);
  const b = await citizen(P.bjorn);
  await b.get('/access/choose');
  const elisabeth = personId(demo.db, P.elisabeth), bjorn = personId(demo.db, P.bjorn);
  assert.equal((await b.post('/access/act', { person: elisabeth })).status, 303);
  const units = (await b.get('/documents/record-access')).text;
  const unit = Number(units.match(/<option value="(\d+)"/)[1]);
  const sent = await b.post('/documents/record-access', form(unit, { parts: 'visits' }));
  assert.equal(sent.status, 303, sent.text);
  const id = Number(sent.location.match(/record-access\/(\d+)/)[1]);
  assert.deepEqual(sql(demo.db, `SELECT patient_id, requested_by FROM record_access_request WHERE id = ${id}`), [[String(elisabeth), String(bjorn)]]);
  assert.equal(num(`SELECT COUNT(*) FROM audit_log WHERE patient_id = ${elisabeth} AND what = 'record_access' AND what_id = '${id}' AND actor_person_id = ${bjorn} AND action = 'create'`), 1);
});

test('D2: a refusal with a reason the law allows; the citizen sees it', async () => {
  const e = await citizen(P.elisabeth);
  const units = (await e.get('/documents/record-access')).text;
  const unit = Number(units.match(/<option value="(\d+)"/)[1]);
  const sent = await e.post('/documents/record-access', form(unit, { parts: 'visits' }));
  assert.equal(sent.status, 303, sent.text);
  const id = Number(sent.location.match(/record-access\/(\d+)/)[1]);
  const ahmed = await staff('25839049733');
  const bad = await ahmed.post(`/staff/queues/record-access/${id}/refuse`, { reason: 'because', text: 'kort' });
  assert.equal(bad.status, 400);
  const ok = await ahmed.post(`/staff/queues/record-access/${id}/refuse`, { reason: 'regard_for_others', text: 'Journalen inneholder opplysninger om <i>andre</i> i familien.' });
  assert.equal(ok.status, 303, ok.text);
  const page = await e.get(`/documents/record-access/${id}`);
  assert.match(text(page.text), /Innsyn nektet/);
  assert.match(text(page.text), /klart utilrådelig av hensyn til personer som står pasienten nær/);
  assert.match(page.text, /opplysninger om &lt;i&gt;andre&lt;\/i&gt; i familien/);
});

test('D2: a parent of a child of 12-15 gets an extract without what is hidden from guardians, and never sees an unfiltered one', async () => {
  const jonas = personId(demo.db, '02831399735'), marius = personId(demo.db, P.marius);
  const ingridStaff = num(`SELECT s.id FROM staff s JOIN person p ON p.id = s.person_id WHERE p.nin = '${P.ingrid}' ORDER BY s.id LIMIT 1`);
  sql(demo.db, `INSERT INTO medication (patient_id, name, strength, dosage, prescriber_id, unit_id, start_date, created_at, hidden_from_guardians) VALUES (${jonas}, 'Synlig', '1 mg', 'om morgenen', ${ingridStaff}, ${oya}, '2026-10-01', 1795341600, 0), (${jonas}, 'Hemmelig', '2 mg', 'om kvelden', ${ingridStaff}, ${oya}, '2026-10-02', 1795341600, 1)`);
  const m = await citizen(P.marius);
  await m.get('/access/parent');
  assert.equal((await m.post('/access/parent', { nin: '02831399735' })).status, 303);
  await m.get('/access/choose');
  assert.equal((await m.post('/access/act', { person: jonas })).status, 303);
  const sent = await m.post('/documents/record-access', form(oya, { parts: 'medications' }));
  assert.equal(sent.status, 303, sent.text);
  const id = Number(sent.location.match(/record-access\/(\d+)/)[1]);
  assert.deepEqual(sql(demo.db, `SELECT for_guardian, requested_by FROM record_access_request WHERE id = ${id}`), [['1', String(marius)]]);
  const i = await staff(P.ingrid);
  await i.get(`/staff/queues/record-access/${id}`);
  assert.equal((await i.post(`/staff/queues/record-access/${id}/fulfil`, {})).status, 303);
  jobs('2026-11-22T10:10:00Z');
  const doc = num(`SELECT document_id FROM record_access_request WHERE id = ${id}`);
  const { res, bytes } = await download(m, `/documents/${doc}/pdf`);
  assert.equal(res.status, 200);
  const pdf = pdfText(bytes, 'guardian.pdf');
  assert.match(pdf, /Synlig/);
  assert.doesNotMatch(pdf, /Hemmelig/);
  // An extract made without the guardian filter (asked for before the child turned 12, say) is not the parent's to see.
  const other = num(`SELECT id FROM record_access_request WHERE id = ${id}`);
  sql(demo.db, `INSERT INTO record_access_request (patient_id, unit_id, requested_by, parts, from_date, to_date, for_guardian, status, created_at, due_date) VALUES (${jonas}, ${oya}, ${marius}, 'medications', '2026-01-01', '2026-11-20', 0, 'received', 1795341600, '2026-12-22')`);
  const unfiltered = num(`SELECT MAX(id) FROM record_access_request WHERE patient_id = ${jonas}`);
  assert.notEqual(unfiltered, other);
  await i.get(`/staff/queues/record-access/${unfiltered}`);
  assert.equal((await i.post(`/staff/queues/record-access/${unfiltered}/fulfil`, {})).status, 303);
  const hidden = num(`SELECT document_id FROM record_access_request WHERE id = ${unfiltered}`);
  assert.equal((await m.get(`/documents/${hidden}`)).status, 404);
  assert.equal((await download(m, `/documents/${hidden}/pdf`)).res.status, 404);
  assert.doesNotMatch((await m.get('/documents?kind=record_extract')).text, new RegExp(`href="/documents/${hidden}"`));
  assert.match((await m.get('/documents?kind=record_extract')).text, new RegExp(`href="/documents/${doc}"`));
});
