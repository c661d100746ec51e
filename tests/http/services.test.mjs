// services.test.mjs — municipal services (K1-K3) and the document centre (D1)
// over real HTTP: the catalogue of the citizen's municipality, a draft and
// its submission through the questionnaire engine with a receipt at once,
// the caseworker's queue, taking the case, asking for information and the
// applicant's answer, the decision and its letter (HTML, and a PDF made in
// the background whose text pdftotext reads back), safe download headers,
// the first opening recorded, the appeal within three weeks (refused after,
// by moving the clock), the reconsideration forwarded to Statsforvalteren,
// the paper fallback by moving the job clock (reminder first), a person
// reserved against digital communication on paper at once, the print batch,
// and the hostile cases: another citizen's application and documents 404,
// a caseworker of another municipality 404, a role without K2 403,
// representative kinds, markup in answers shown as text, events without
// case content. Attachments (K1, K3): added to a draft and removed, on a
// reply and an appeal, refused by the upload rules in nb and en with nothing
// stored, downloaded with safe headers by the applicant's side and the
// caseworker of the case only (another citizen, another municipality's
// caseworker, a health_read representative: 404 or 403). SQLite, or PostgreSQL with HELSAMI_TEST_PG_URL.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../lib/server.mjs';
import { demoServer } from '../lib/demo.mjs';
import { loginAs } from '../lib/session.mjs';
import { sql, sqlValue, personId } from '../lib/db.mjs';

const P = {
  marius: '12848649994', silje: '03898849863', nora: '01921099882', elisabeth: '02916949807', bjorn: '21876649788',
  astrid: '08833849868', per: '27816849956', marte: '19889549834', ingrid: '14827549852', tor: '09898549906',
};
const NOW = '2026-11-22T10:00:00Z';
const at = (now = NOW) => ({ 'x-helsami-now': now });
const tmp = mkdtempSync(join(tmpdir(), 'helsami-services-'));

const demo = demoServer({ args: ['--login-rate', '0', '--lookup-rate', '0'] });
after(() => rmSync(tmp, { recursive: true, force: true }));

const citizen = (nin, now) => loginAs(demo.srv, nin, { headers: at(now) });
const staff = (nin, now) => loginAs(demo.srv, nin, { staff: true, headers: at(now) });
const main = (html) => (html.match(/<main[\s\S]*<\/main>/) || [html])[0];
const text = (html) => main(html).replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ');
const num = (q) => Number(sqlValue(demo.db, q));
const serviceId = (code) => num(`SELECT id FROM municipal_service WHERE code = '${code}'`);
const jobs = (now) => {
  const r = runCli(['jobs', 'run', '--now', now, '--db', demo.db.url]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
};
// The PDF's bytes as the browser downloads them, and their text.
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
// The form's answers: a1 need, a2 living, a3 relatives_help, a4 relatives_details, a5 wanted_from, a6 other.
const answers = (extra = {}) => ({ a1: 'Hjelp med <b>rengjøring</b> og handling, æøå.', a2: 'alone', a3: 'false', ...extra });

// Starts and submits an application as b; returns its id.
async function applyFor(b, code, fields = answers()) {
  await b.get('/services');
  const started = await b.post('/services/apply', { service: String(serviceId(code)) });
  assert.equal(started.status, 303, started.text);
  const id = Number(started.location.match(/\/services\/applications\/(\d+)$/)[1]);
  await b.get(`/services/applications/${id}`);
  const rev = num(`SELECT revision FROM service_application WHERE id = ${id}`);
  const sent = await b.post(`/services/applications/${id}`, { ...fields, revision: String(rev), action: 'submit' });
  assert.equal(sent.status, 303, sent.text);
  return id;
}

let mariusApp, decisionDoc;

test('K1: the catalogue of the municipality; a draft saved, refused in nb and en, then submitted with a receipt at once', async () => {
  const m = await citizen(P.marius);
  const page = await m.get('/services');
  assert.equal(page.status, 200);
  assert.match(text(page.text), /Praktisk bistand.*Trygghetsalarm|Trygghetsalarm.*Praktisk bistand/);
  assert.match(page.text, /Du kan legge ved dokumenter/, 'says what may be attached');
  const started = await m.post('/services/apply', { service: String(serviceId('practical_assistance')) });
  assert.equal(started.status, 303);
  mariusApp = Number(started.location.match(/(\d+)$/)[1]);
  const form = await m.get(`/services/applications/${mariusApp}`);
  assert.match(form.text, /name="a1"/, 'the questionnaire engine renders the form');
  // A draft keeps what is typed; required questions wait until submit.
  const draft = await m.post(`/services/applications/${mariusApp}`, { a1: 'Bare litt', revision: '0', action: 'save' });
  assert.equal(draft.status, 303);
  assert.match(draft.location, /done=saved/);
  // Submit without the required "living": 400 in Norwegian, and in English.
  const bad = await m.post(`/services/applications/${mariusApp}`, { a1: 'Bare litt', revision: '1', action: 'submit' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /ds-error-summary/);
  assert.match(bad.text, /Hvordan bor du\?/);
  const en = await m.post(`/services/applications/${mariusApp}?lang=en`, { a1: 'Bare litt', revision: '1', action: 'submit' });
  assert.equal(en.status, 400);
  assert.match(en.text, /How do you live\?/);
  // A stale revision is a conflict, not an overwrite.
  const stale = await m.post(`/services/applications/${mariusApp}`, { ...answers(), revision: '0', action: 'submit' });
  assert.equal(stale.status, 409);
  const ok = await m.post(`/services/applications/${mariusApp}`, { ...answers(), revision: '1', action: 'submit' });
  assert.equal(ok.status, 303);
  assert.match(ok.location, /\/services\?done=submitted/);
  // The receipt is in the document centre at once, with an event that says nothing of the case.
  const docs = await m.get('/documents');
  assert.match(text(docs.text), /Kvittering: Praktisk bistand/);
  const marius = personId(demo.db, P.marius);
  const receipt = num(`SELECT id FROM citizen_document WHERE application_id = ${mariusApp} AND kind = 'receipt'`);
  assert.deepEqual(sql(demo.db, `SELECT kind, payload_ref FROM notification_outbox WHERE person_id = ${marius} AND payload_ref = ${receipt}`), [['letter', String(receipt)]]);
  // Submitting made him a user of the services office (the caseworkers' unit).
  assert.equal(num(`SELECT COUNT(*) FROM patient_unit pu JOIN unit u ON u.id = pu.unit_id WHERE pu.person_id = ${marius} AND u.code = 'tjenestekontoret-trondheim'`), 1);
  // Stored markup reads as text.
  const shown = await m.get(`/services/applications/${mariusApp}`);
  assert.match(shown.text, /&lt;b&gt;rengjøring&lt;\/b&gt;/);
  assert.doesNotMatch(shown.text, /<b>rengjøring/);
});

test('K1 hostile: another citizen\'s application and documents are 404, malformed ids 404; a health_read representative may not apply', async () => {
  const s = await citizen(P.silje);
  const receipt = num(`SELECT id FROM citizen_document WHERE application_id = ${mariusApp} AND kind = 'receipt'`);
  for (const path of [`/services/applications/${mariusApp}`, `/documents/${receipt}`, `/documents/${receipt}/pdf`, '/services/applications/abc', '/documents/0', '/documents/99999999']) {
    assert.equal((await s.get(path)).status, 404, path);
  }
  await s.get('/services');
  for (const [path, form] of [[`/services/applications/${mariusApp}`, { revision: '2', action: 'save' }], [`/services/applications/${mariusApp}/reply`, { text: 'x' }], [`/services/applications/${mariusApp}/appeal`, { text: 'x' }]]) {
    assert.equal((await s.post(path, form)).status, 404, path);
  }
  // A service of another municipality cannot be applied for.
  sql(demo.db, `INSERT INTO unit (code, kind, name, municipality, phone) VALUES ('tjenestekontoret-bergen', 'services_office', 'Tjenestekontoret Bergen', '4601', '55 00 00 00')`);
  sql(demo.db, `INSERT INTO municipal_service (unit_id, code, title_nb, title_en, summary_nb, summary_en, legal_basis, questionnaire_id)
    SELECT id, 'home_nursing', 'Hjemmesykepleie Bergen', 'Home nursing Bergen', 'x', 'x', 'x', (SELECT questionnaire_id FROM municipal_service LIMIT 1) FROM unit WHERE code = 'tjenestekontoret-bergen'`);
  const bergen = num(`SELECT s.id FROM municipal_service s JOIN unit u ON u.id = s.unit_id WHERE u.code = 'tjenestekontoret-bergen'`);
  assert.doesNotMatch((await s.get('/services')).text, /Hjemmesykepleie Bergen/);
  assert.equal((await s.post('/services/apply', { service: String(bergen) })).status, 404);
  assert.equal((await s.post('/services/apply', { service: 'abc' })).status, 400);
  // Marius gives Silje read access to health information: documents yes (read), applying no.
  const m = await citizen(P.marius);
  await m.get('/access/grant');
  assert.equal((await m.post('/access/grant', { nin: P.silje, family_name: 'Berg', kind: 'health_read', valid_until: '', confirm: '1' })).status, 303);
  const rep = await citizen(P.silje);
  await rep.get('/access/choose');
  assert.equal((await rep.post('/access/act', { person: personId(demo.db, P.marius) })).status, 303);
  const docs = await rep.get('/documents');
  assert.equal(docs.status, 200);
  assert.match(text(docs.text), /Kvittering/);
  assert.equal((await rep.get('/services')).status, 403);
  assert.equal((await rep.post('/services/apply', { service: String(serviceId('safety_alarm')) })).status, 403);
  // Her read is in Marius's access log.
  assert.ok(num(`SELECT COUNT(*) FROM audit_log WHERE patient_id = ${personId(demo.db, P.marius)} AND what = 'documents' AND actor_person_id = ${personId(demo.db, P.silje)} AND purpose = 'representation'`) >= 1);
});

test('K1 on someone else\'s behalf: a representative with full access applies, logged with both identities', async () => {
  const giver = await citizen(P.elisabeth);
  await giver.get('/access/grant');
  assert.equal((await giver.post('/access/grant', { nin: P.bjorn, family_name: 'Johansen', kind: 'full', valid_until: '', confirm: '1' })).status, 303);
  const rep = await citizen(P.bjorn);
  await rep.get('/access/choose');
  const elisabeth = personId(demo.db, P.elisabeth), bjorn = personId(demo.db, P.bjorn);
  assert.equal((await rep.post('/access/act', { person: elisabeth })).status, 303);
  const id = await applyFor(rep, 'safety_alarm');
  assert.deepEqual(sql(demo.db, `SELECT patient_id, created_by, submitted_by FROM service_application WHERE id = ${id}`), [[String(elisabeth), String(bjorn), String(bjorn)]]);
  assert.deepEqual(sql(demo.db, `SELECT action FROM audit_log WHERE patient_id = ${elisabeth} AND what = 'services' AND what_id = '${id}' AND actor_person_id = ${bjorn} AND action <> 'read' ORDER BY id`), [['create'], ['submit']]);
});

test('K2: the queue, take, ask for information, the applicant answers, decide; other municipality 404, other roles 403', async () => {
  const per = await staff(P.per);
  const queue = await per.get('/staff/queues/services');
  assert.equal(queue.status, 200);
  assert.match(queue.text, new RegExp(`/staff/services/${mariusApp}"`));
  const casePage = await per.get(`/staff/services/${mariusApp}`);
  assert.equal(casePage.status, 200);
  assert.match(text(casePage.text), /Marius Berg/);
  assert.equal((await per.post(`/staff/services/${mariusApp}/take`)).status, 303);
  // Asking needs a text: 400 with the error summary.
  await per.get(`/staff/services/${mariusApp}`);
  const empty = await per.post(`/staff/services/${mariusApp}/ask`, { text: '' });
  assert.equal(empty.status, 400);
  assert.match(empty.text, /ds-error-summary/);
  assert.equal((await per.post(`/staff/services/${mariusApp}/ask`, { text: 'Hvor mange timer i uka trenger du?' })).status, 303);
  const marius = personId(demo.db, P.marius);
  assert.equal(num(`SELECT COUNT(*) FROM notification_outbox WHERE person_id = ${marius} AND kind = 'new_message' AND payload_ref = ${mariusApp}`), 1);
  const m = await citizen(P.marius);
  const page = await m.get(`/services/applications/${mariusApp}`);
  assert.match(text(page.text), /Hvor mange timer i uka trenger du\?/);
  assert.equal((await m.post(`/services/applications/${mariusApp}/reply`, { text: 'Omtrent fire timer.' })).status, 303);
  assert.equal(sqlValue(demo.db, `SELECT status FROM service_application WHERE id = ${mariusApp}`), 'in_progress');

  // A caseworker of another municipality sees nothing; a clinician has no casework.
  const bergen = num(`SELECT id FROM unit WHERE code = 'tjenestekontoret-bergen'`);
  sql(demo.db, `INSERT INTO staff_unit (staff_id, unit_id, role) SELECT s.id, ${bergen}, 'caseworker' FROM staff s JOIN person p ON p.id = s.person_id WHERE p.nin = '${P.marte}'`);
  const marte = await staff(P.marte);
  assert.equal((await marte.get(`/staff/services/${mariusApp}`)).status, 404);
  assert.doesNotMatch((await marte.get('/staff/queues/services')).text, new RegExp(`/staff/services/${mariusApp}"`));
  await marte.get('/staff/queues/services');
  assert.equal((await marte.post(`/staff/services/${mariusApp}/decide`, { outcome: 'refused', reasons: 'x' })).status, 404);
  const ingrid = await staff(P.ingrid);
  assert.equal((await ingrid.get(`/staff/services/${mariusApp}`)).status, 403);
  assert.equal((await ingrid.get('/staff/queues/services')).status, 403);

  // Deciding: a grant needs its scope and start; then the decision and its letter.
  await per.get(`/staff/services/${mariusApp}`);
  const missing = await per.post(`/staff/services/${mariusApp}/decide`, { outcome: 'granted', scope: '', from_date: '', reasons: 'Behov for hjelp.' });
  assert.equal(missing.status, 400);
  assert.match(missing.text, /ds-error-summary/);
  const t0 = Date.now();
  const decided = await per.post(`/staff/services/${mariusApp}/decide`, { outcome: 'granted', scope: '4 timer i uka', from_date: '2026-12-01', reasons: 'Du trenger hjelp til rengjøring og innkjøp på grunn av ryggsmerter.' });
  const ms = Date.now() - t0;
  assert.equal(decided.status, 303);
  decisionDoc = num(`SELECT id FROM citizen_document WHERE application_id = ${mariusApp} AND kind = 'decision'`);
  assert.equal(sqlValue(demo.db, `SELECT appeal_deadline FROM service_application WHERE id = ${mariusApp}`), '2026-12-13');
  console.log(`# decide click answered in ${ms} ms (the PDF is made later)`);
  assert.deepEqual(sql(demo.db, `SELECT kind, payload_ref FROM notification_outbox WHERE person_id = ${marius} AND payload_ref = ${decisionDoc}`), [['letter', String(decisionDoc)]]);
  // Every caseworker step is in the access log.
  assert.ok(num(`SELECT COUNT(*) FROM audit_log WHERE patient_id = ${marius} AND what = 'services' AND what_id = '${mariusApp}' AND action = 'decide' AND purpose = 'casework'`) === 1);
});

test('D1: the decision letter as HTML and as a PDF made in the background, safe headers, first opening recorded', async () => {
  const m = await citizen(P.marius);
  const list = await m.get('/documents?kind=decision');
  assert.equal(list.status, 200);
  assert.match(main(list.text), /data-testid="unread"/);
  assert.doesNotMatch(text(list.text), /Kvittering: /, 'filtered by kind');
  assert.equal((await m.get('/documents?kind=bogus')).status, 400);
  // The server's letter worker makes the PDF in the background, without any request waiting for it.
  let made = false;
  for (let i = 0; i < 100 && !made; i++) {
    made = num(`SELECT COUNT(*) FROM citizen_document WHERE id = ${decisionDoc} AND generated_at IS NOT NULL`) === 1;
    if (!made) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(made, 'the letter worker made the PDF');
  const html = await m.get(`/documents/${decisionDoc}`);
  assert.equal(html.status, 200);
  const t = text(html.text);
  for (const want of ['Tjenestekontoret Trondheim', 'Vedtak om Praktisk bistand', '4 timer i uka', '1. desember 2026', 'forvaltningsloven § 29', '13. desember 2026', 'Helse- og omsorgstjenesteloven § 3-2']) assert.ok(t.includes(want), want);
  assert.deepEqual(sql(demo.db, `SELECT opened_by FROM citizen_document WHERE id = ${decisionDoc}`), [[String(personId(demo.db, P.marius))]]);
  assert.doesNotMatch(main((await m.get('/documents?kind=decision')).text), /data-testid="unread"/);
  const { res, bytes } = await download(m, `/documents/${decisionDoc}/pdf`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  assert.match(res.headers.get('content-disposition'), /^attachment; filename="helsami-document-\d+\.pdf"$/);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.match(res.headers.get('content-security-policy'), /sandbox/);
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  const pdf = pdfText(bytes, 'decision.pdf');
  for (const want of ['Tjenestekontoret Trondheim', 'Marius Berg', 'Vedtak om Praktisk bistand', 'innvilget', '4 timer i uka', 'ryggsmerter', 'Lovgrunnlag', 'Helse- og omsorgstjenesteloven § 3-2', 'Du har rett til å klage', 'forvaltningsloven § 29', '13. desember 2026', 'Statsforvalteren']) assert.ok(pdf.includes(want), `the PDF says ${want}`);
});

test('K3: an appeal after the deadline is refused with a clear message; within it, it goes to the queue; upheld and forwarded, the outcome a letter', async () => {
  const late = await citizen(P.marius, '2026-12-14T09:00:00Z');
  const page = await late.get(`/services/applications/${mariusApp}`);
  assert.match(text(page.text), /Klagefristen på tre uker har gått ut/);
  const refused = await late.post(`/services/applications/${mariusApp}/appeal`, { text: 'Jeg trenger mer hjelp.' });
  assert.equal(refused.status, 400);
  assert.match(text(refused.text), /Klagefristen på tre uker har gått ut/);
  const lateEn = await late.post(`/services/applications/${mariusApp}/appeal?lang=en`, { text: 'I need more help.' });
  assert.equal(lateEn.status, 400);
  assert.match(text(lateEn.text), /deadline for appeal has passed/);
  assert.equal(sqlValue(demo.db, `SELECT status FROM service_application WHERE id = ${mariusApp}`), 'decided');
  // On the last day it is still in time.
  const m = await citizen(P.marius, '2026-12-13T20:00:00Z');
  await m.get(`/services/applications/${mariusApp}`);
  assert.equal((await m.post(`/services/applications/${mariusApp}/appeal`, { text: 'Fire timer er for lite; jeg trenger seks.' })).status, 303);
  const per = await staff(P.per, '2026-12-15T09:00:00Z');
  assert.match((await per.get('/staff/queues/services')).text, new RegExp(`/staff/services/${mariusApp}"`));
  await per.get(`/staff/services/${mariusApp}`);
  assert.equal((await per.post(`/staff/services/${mariusApp}/reconsider`, { result: 'upheld', reasons: 'Behovet er dekket med fire timer.' })).status, 303);
  assert.deepEqual(sql(demo.db, `SELECT status, appeal_outcome, forwarded_at IS NOT NULL FROM service_application WHERE id = ${mariusApp}`).map((r) => r.slice(0, 2)), [['appeal_decided', 'upheld']]);
  assert.ok(num(`SELECT COUNT(*) FROM service_application WHERE id = ${mariusApp} AND forwarded_at IS NOT NULL`) === 1, 'the forwarding is recorded');
  jobs('2026-12-15T10:00:00Z');
  const doc = num(`SELECT id FROM citizen_document WHERE application_id = ${mariusApp} AND kind = 'appeal_outcome'`);
  const { bytes } = await download(m, `/documents/${doc}/pdf`);
  const pdf = pdfText(bytes, 'appeal.pdf');
  for (const want of ['Svar på klage: Praktisk bistand', 'opprettholder vedtaket', 'Statsforvalteren', 'Behovet er dekket med fire timer.']) assert.ok(pdf.includes(want), `the PDF says ${want}`);
});

test('paper fallback: unopened past the unit\'s days goes to print, a reminder first; a reserved person gets paper at once, and one who cannot be notified; the operator sees the print queue by reason; the daily batch PDF', async () => {
  // Elisabeth's case (the demo) is decided now; she does not open the letter.
  const per = await staff(P.per);
  const app = num(`SELECT MIN(a.id) FROM service_application a JOIN person p ON p.id = a.patient_id WHERE p.nin = '${P.elisabeth}'`);
  await per.get(`/staff/services/${app}`);
  assert.equal((await per.post(`/staff/services/${app}/decide`, { outcome: 'partly', scope: '2 timer annenhver uke', from_date: '2026-11-30', reasons: 'Delvis behov.' })).status, 303);
  const doc = num(`SELECT id FROM citizen_document WHERE application_id = ${app} AND kind = 'decision'`);
  const days = num(`SELECT u.paper_after_days FROM unit u WHERE u.code = 'tjenestekontoret-trondheim'`);
  assert.equal(days, 3);
  const elisabeth = personId(demo.db, P.elisabeth);
  const events = () => num(`SELECT COUNT(*) FROM notification_outbox WHERE person_id = ${elisabeth} AND kind = 'letter' AND payload_ref = ${doc}`);
  assert.equal(events(), 1);
  jobs('2026-11-23T10:00:00Z'); // day 1: nothing yet
  assert.deepEqual(sql(demo.db, `SELECT reminded_at IS NULL, paper_at IS NULL FROM citizen_document WHERE id = ${doc}`), [['1', '1']].map((r) => r.map((v) => (demo.db.url.startsWith('sqlite') ? v : v === '1' ? 't' : 'f'))));
  jobs('2026-11-24T10:30:00Z'); // a day before paper: the reminder
  assert.equal(events(), 2, 'a reminder event');
  assert.equal(num(`SELECT COUNT(*) FROM citizen_document WHERE id = ${doc} AND reminded_at IS NOT NULL AND paper_at IS NULL`), 1);
  jobs('2026-11-25T10:30:00Z'); // past three days: the print queue
  assert.deepEqual(sql(demo.db, `SELECT paper_reason FROM citizen_document WHERE id = ${doc}`), [['unopened']]);
  assert.equal(events(), 2, 'no second reminder');

  // Reserved against digital communication: paper at once.
  sql(demo.db, `INSERT INTO krr_reservation (nin, reserved_at) VALUES ('${P.bjorn}', 0)`);
  const b = await citizen(P.bjorn);
  const bapp = await applyFor(b, 'meal_delivery');
  await per.get(`/staff/services/${bapp}`);
  assert.equal((await per.post(`/staff/services/${bapp}/take`)).status, 303);
  assert.equal((await per.post(`/staff/services/${bapp}/decide`, { outcome: 'refused', reasons: 'Du klarer å lage mat selv.' })).status, 303);
  assert.deepEqual(sql(demo.db, `SELECT kind, paper_reason FROM citizen_document WHERE application_id = ${bapp} ORDER BY id`), [['receipt', ''], ['decision', 'reserved']]);

  // Cannot be notified (varslingsstatus KAN_IKKE_VARSLES in the local copy): paper at once, a reason of its own.
  sql(demo.db, `UPDATE krr_reservation SET reason = 'unreachable' WHERE nin = '${P.bjorn}'`);
  const uapp = await applyFor(b, 'safety_alarm');
  await per.get(`/staff/services/${uapp}`);
  assert.equal((await per.post(`/staff/services/${uapp}/take`)).status, 303);
  assert.equal((await per.post(`/staff/services/${uapp}/decide`, { outcome: 'refused', reasons: 'Du bor ikke alene.' })).status, 303);
  assert.deepEqual(sql(demo.db, `SELECT kind, paper_reason FROM citizen_document WHERE application_id = ${uapp} ORDER BY id`), [['receipt', ''], ['decision', 'unreachable']]);

  // The operator tells the reasons apart on /staff/outbox, in nb and en, by counts only.
  const tor = await staff(P.tor);
  const queue = async (lang) => {
    await tor.get(`/staff/outbox?lang=${lang}`); // sets the language and redirects
    const page = await tor.get('/staff/outbox');
    assert.equal(page.status, 200);
    const list = page.text.match(/data-testid="paper-counts">([\s\S]*?)<\/ul>/)[1];
    return Object.fromEntries([...list.matchAll(/data-reason="(\w+)">([^<]*): (\d+)</g)].map((m) => [m[1], [m[2], Number(m[3])]]));
  };
  assert.deepEqual(await queue('nb'), {
    unopened: ['Ikke åpnet digitalt i tide', 2], // and Astrid's demo decision, unopened since October
    reserved: ['Reservert mot digital kommunikasjon', 1],
    unreachable: ['Kan ikke varsles (ingen gyldig kontaktinformasjon i kontaktregisteret)', 1],
  });
  assert.deepEqual(await queue('en'), {
    unopened: ['Not opened digitally in time', 2],
    reserved: ['Reserved against digital communication', 1],
    unreachable: ['Cannot be notified (no valid contact details in the contact register)', 1],
  });

  // The daily batch: one PDF with both letters, marked printed; a second run prints nothing.
  const out = join(tmp, 'batch.pdf');
  const r = runCli(['letters', 'print', out, '--now', '2026-11-25T12:00:00Z', '--db', demo.db.url]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /letters: 4 printed/); // and Astrid's demo decision, unopened since October
  const batch = pdfText(readFileSync(out), 'batch-copy.pdf');
  assert.ok(batch.includes('Elisabeth Johansen') && batch.includes('Bjørn Johansen'), 'both letters in the batch');
  assert.ok(batch.includes('Du klarer å lage mat selv.') && batch.includes('Du bor ikke alene.'));
  assert.equal(num('SELECT COUNT(*) FROM citizen_document WHERE paper_at IS NOT NULL AND printed_at IS NULL'), 0);
  const again = runCli(['letters', 'print', join(tmp, 'none.pdf'), '--db', demo.db.url]);
  assert.match(again.stdout, /letters: 0 printed/);
  assert.ok(existsSync(out));
});

// A multipart POST of fields and files ({name, type, data}) with the form token.
function upload(b, path, fields, files = []) {
  const form = new FormData();
  form.set('csrf', b.csrf);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  for (const f of files) form.append('attachment', new Blob([f.data], { type: f.type }), f.name);
  return b.request(path, { method: 'POST', body: form, headers: { origin: demo.srv.url } });
}
const PDF = Buffer.from('%PDF-1.4\n\x00\xff legeerklæring %%EOF\n', 'latin1');
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(32, 7)]);
const pdfFile = (name = 'legeerklæring.pdf') => ({ name, type: 'application/pdf', data: PDF });
const files = (app) => num(`SELECT COUNT(*) FROM service_attachment WHERE application_id = ${app}`);

test('K1, K3 attachments: a draft\'s files added and removed under the upload rules, a reply\'s and an appeal\'s; the caseworker of the case reads them, no one else', async () => {
  const m = await citizen(P.marius);
  await m.get('/services');
  const started = await m.post('/services/apply', { service: String(serviceId('safety_alarm')) });
  assert.equal(started.status, 303);
  const app = Number(started.location.match(/(\d+)$/)[1]);
  const draft = await m.get(`/services/applications/${app}`);
  assert.match(draft.text, new RegExp(`action="/services/applications/${app}/attachments" enctype="multipart/form-data"`));
  // Refused by the upload rules, in nb and en, with nothing stored.
  const html = { name: 'brev.pdf', type: 'application/pdf', data: Buffer.from('%PDF-1.4 <html><script>alert(1)</script>') };
  const wrong = await upload(m, `/services/applications/${app}/attachments`, {}, [html]);
  assert.equal(wrong.status, 400);
  assert.match(wrong.text, /ds-error-summary/);
  assert.match(text(wrong.text), /Vedlegg må være PDF, JPEG eller PNG/);
  const wrongEn = await upload(m, `/services/applications/${app}/attachments?lang=en`, {}, [html]);
  assert.equal(wrongEn.status, 400);
  assert.match(text(wrongEn.text), /Attachments must be PDF, JPEG or PNG/);
  assert.match(text((await upload(m, `/services/applications/${app}/attachments`, {}, [])).text), /Velg en fil å legge ved/);
  const four = await upload(m, `/services/applications/${app}/attachments`, {}, [pdfFile('a.pdf'), pdfFile('b.pdf'), pdfFile('c.pdf'), pdfFile('d.pdf')]);
  assert.equal(four.status, 400);
  assert.match(text(four.text), /Legg ved høyst 3 filer/);
  const big = await upload(m, `/services/applications/${app}/attachments`, {}, [{ name: 'stor.pdf', type: 'application/pdf', data: Buffer.concat([PDF, Buffer.alloc(4 * 1024 * 1024)]) }]);
  assert.equal(big.status, 400);
  assert.match(text(big.text), /større enn 4 MB/);
  assert.equal(files(app), 0, 'nothing stored');
  // Two files added; listed with download links and remove buttons.
  const added = await upload(m, `/services/applications/${app}/attachments`, {}, [pdfFile(), { name: 'bilde.png', type: 'image/png', data: PNG }]);
  assert.equal(added.status, 303, added.text);
  assert.match(added.location, /done=attached/);
  const page = await m.get(`/services/applications/${app}`);
  const link = page.text.match(new RegExp(`href="(/services/applications/${app}/attachments/(\\d+))" download>legeerklæring.pdf<`));
  assert.ok(link, 'the file is listed by its name');
  const png = Number(sqlValue(demo.db, `SELECT id FROM service_attachment WHERE application_id = ${app} AND name = 'bilde.png'`));
  assert.match(page.text, new RegExp(`action="/services/applications/${app}/attachments/${png}/delete"`));
  // Downloaded as an attachment, never rendered in our origin.
  const { res, bytes } = await download(m, link[1]);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  assert.equal(res.headers.get('content-disposition'), `attachment; filename="vedlegg-${link[2]}.pdf"`);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.match(res.headers.get('content-security-policy'), /sandbox/);
  assert.deepEqual(bytes, PDF);

  // Another citizen: every route of these files is 404, nothing changes.
  const s = await citizen(P.silje);
  await s.get('/services');
  assert.equal((await s.get(link[1])).status, 404);
  assert.equal((await s.post(`/services/applications/${app}/attachments/${png}/delete`)).status, 404);
  assert.equal((await upload(s, `/services/applications/${app}/attachments`, {}, [pdfFile()])).status, 404);
  assert.equal((await m.get(`/services/applications/${app}/attachments/0`)).status, 404);
  assert.equal((await m.get(`/services/applications/${mariusApp}/attachments/${link[2]}`)).status, 404, 'a file under another application of his');
  assert.equal(files(app), 2);
  // A representative with health_read only (Silje for Marius) has no K1: 403.
  await s.get('/access/choose');
  assert.equal((await s.post('/access/act', { person: personId(demo.db, P.marius) })).status, 303);
  assert.equal((await s.get(link[1])).status, 403);

  // Removing one; submitting; then the draft's rules end (nothing changes).
  await m.get(`/services/applications/${app}`);
  const removed = await m.post(`/services/applications/${app}/attachments/${png}/delete`);
  assert.equal(removed.status, 303);
  assert.match(removed.location, /done=removed/);
  assert.equal(files(app), 1);
  const rev = num(`SELECT revision FROM service_application WHERE id = ${app}`);
  assert.equal((await m.post(`/services/applications/${app}`, { ...answers(), revision: String(rev), action: 'submit' })).status, 303);
  assert.equal((await m.post(`/services/applications/${app}/attachments/${link[2]}/delete`)).status, 303);
  assert.equal((await upload(m, `/services/applications/${app}/attachments`, {}, [pdfFile()])).status, 303);
  assert.equal(files(app), 1);
  assert.equal(num(`SELECT COUNT(*) FROM citizen_document WHERE application_id = ${app} AND kind = 'receipt' AND letter LIKE '%legeerkl%'`), 1, 'the receipt lists the file');

  // The caseworker of the municipality reads it (logged); Bergen's finds nothing; a clinician has no casework.
  const per = await staff(P.per);
  const casePage = await per.get(`/staff/services/${app}`);
  assert.match(casePage.text, new RegExp(`href="/staff/services/${app}/attachments/${link[2]}" download>legeerklæring.pdf<`));
  const got = await download(per, `/staff/services/${app}/attachments/${link[2]}`);
  assert.equal(got.res.status, 200);
  assert.deepEqual(got.bytes, PDF);
  assert.equal(num(`SELECT COUNT(*) FROM audit_log WHERE patient_id = ${personId(demo.db, P.marius)} AND what = 'services.attachment' AND what_id = '${link[2]}' AND purpose = 'casework'`), 1);
  assert.equal((await (await staff(P.marte)).get(`/staff/services/${app}/attachments/${link[2]}`)).status, 404);
  assert.equal((await (await staff(P.ingrid)).get(`/staff/services/${app}/attachments/${link[2]}`)).status, 403);

  // K2/K3: a reply to a request for information and an appeal, each with a file.
  assert.equal((await per.post(`/staff/services/${app}/take`)).status, 303);
  await per.get(`/staff/services/${app}`);
  assert.equal((await per.post(`/staff/services/${app}/ask`, { text: 'Send oss en legeerklæring til.' })).status, 303);
  await m.get(`/services/applications/${app}`);
  const badReply = await upload(m, `/services/applications/${app}/reply`, { text: 'Her.' }, [html]);
  assert.equal(badReply.status, 400);
  assert.match(text(badReply.text), /Vedlegg må være PDF, JPEG eller PNG/);
  assert.equal(sqlValue(demo.db, `SELECT status FROM service_application WHERE id = ${app}`), 'info_requested', 'nothing changed');
  assert.equal((await upload(m, `/services/applications/${app}/reply`, { text: 'Her er den.' }, [pdfFile('erklæring-2.pdf')])).status, 303);
  await per.get(`/staff/services/${app}`);
  assert.equal((await per.post(`/staff/services/${app}/decide`, { outcome: 'refused', reasons: 'Ikke behov.' })).status, 303);
  await m.get(`/services/applications/${app}`);
  const appeal = await upload(m, `/services/applications/${app}/appeal`, { text: 'Jeg faller ofte.' }, [{ name: 'rapport.png', type: 'image/png', data: PNG }]);
  assert.equal(appeal.status, 303, appeal.text);
  assert.deepEqual(sql(demo.db, `SELECT part, name FROM service_attachment WHERE application_id = ${app} ORDER BY id`),
    [['application', 'legeerklæring.pdf'], ['reply', 'erklæring-2.pdf'], ['appeal', 'rapport.png']]);
  const appealed = text((await per.get(`/staff/services/${app}`)).text);
  assert.match(appealed, /rapport\.png \(PNG-bilde, 1 kB, med klagen\)/);
});
