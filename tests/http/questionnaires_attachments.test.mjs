// questionnaires_attachments.test.mjs — attachment items (issue 16 item 7)
// over real HTTP: the answering page posts multipart when its form has one;
// a file is checked by the upload rules every area shares (its bytes, not
// its name; at most 4 MB), stored for its item and shown by name with a
// remove choice; `required` asks for one; the QuestionnaireResponse answers
// with a valueAttachment pointing to the download route, valid R4 (the
// `fhir` npm package). Downloads: the citizen or a representative who may
// see the questionnaire, the clinician who may read its answers (logged with
// both identities); everyone else, and any forged or foreign id, 404.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { startServer, runCli, freshDb } from '../lib/server.mjs';
import { seedDemo } from '../lib/demo.mjs';
import { loginActingForChild, loginAs } from '../lib/session.mjs';
import { sql, sqlValue, personId } from '../lib/db.mjs';
import { importForm, revisionOf, sendAsIngrid } from '../lib/qform.mjs';

const require = createRequire(import.meta.url);
const { Fhir } = require('fhir');
const fhir = new Fhir();

const SILJE = '03898849863'; // Emma's mother
const EMMA = '15862199860';
const NOW = '2026-11-22T10:00:00Z';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');

// a0: the vaccination card (a file, required); a1: a note.
const FORM = {
  resourceType: 'Questionnaire', url: 'https://example.org/fhir/Questionnaire/vaksinekort', version: '1',
  title: 'Vaksinekort', status: 'active',
  item: [
    { linkId: 'card', type: 'attachment', text: 'Bilde eller skanning av vaksinekortet', required: true },
    { linkId: 'note', type: 'string', text: 'Merknad' },
  ],
};

async function world(t) {
  const db = seedDemo();
  const imported = importForm(db, FORM);
  assert.equal(imported.status, 0, imported.stderr);
  const srv = await startServer({ db });
  t.after(async () => { await srv.stop(); db.cleanup(); });
  const headers = { 'x-helsami-now': NOW };
  const { ingrid, pid, qid } = await sendAsIngrid(srv, db, { nin: EMMA, title: 'Vaksinekort', headers });
  // Silje acts for Emma, her daughter.
  const silje = await loginActingForChild(srv, SILJE, EMMA, 'Emma Berg', { headers });
  return { db, srv, headers, ingrid, silje, pid, qid };
}

// A multipart POST of the answering page: fields (a value or a list of values), and files
// ({field, name, type, data}); at the revision the page shows now unless `revision` is given.
async function postFiles(b, qid, fields, files = [], { revision } = {}) {
  const page = await b.get(`/questionnaires/${qid}`);
  const form = new FormData();
  form.set('csrf', b.csrf);
  form.set('revision', String(revision ?? (page.text.includes('name="revision"') ? revisionOf(page.text) : 0))); // none once submitted
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) form.append(k, one);
  for (const f of files) form.append(f.field, new Blob([f.data], { type: f.type }), f.name);
  return b.request(`/questionnaires/${qid}`, { method: 'POST', body: form, headers: { origin: b.base } });
}

const files = (db) => Number(sqlValue(db, 'SELECT COUNT(*) FROM questionnaire_attachment'));
const stored = (db, qid) => JSON.parse(sql(db, `SELECT response FROM questionnaire_request WHERE id = ${qid}`)[0].join('|'));
const card = (name = 'vaksinekort.pdf', data = PDF, type = 'application/pdf') => ({ field: 'a0', name, type, data });

test('a file is stored for its item, shown by name, answered as a valueAttachment and downloaded by the clinician, logged', async (t) => {
  const { db, ingrid, silje, pid, qid } = await world(t);
  const page = await silje.get(`/questionnaires/${qid}`);
  assert.match(page.text, /<form [^>]*enctype="multipart\/form-data"/, 'multipart, for its file item');
  assert.match(page.text, /<input [^>]*type="file" id="f-a0" name="a0"/);

  // Required: submitting without a file asks for one, nothing is submitted.
  let r = await postFiles(silje, qid, { action: 'submit', a1: 'uten fil' });
  assert.equal(r.status, 400);
  assert.match(r.text, /id="f-a0-error"/);
  assert.equal(sqlValue(db, `SELECT status FROM questionnaire_request WHERE id = ${qid}`), 'sent');

  // Saved as a draft with the file: shown by name with a link and a remove choice.
  r = await postFiles(silje, qid, { action: 'save', a1: 'første side' }, [card()]);
  assert.equal(r.status, 303, r.text);
  assert.equal(files(db), 1);
  const shown = await silje.get(`/questionnaires/${qid}`);
  const link = shown.text.match(/href="(\/questionnaires\/\d+\/attachments\/(\d+))" download>vaksinekort\.pdf</);
  assert.ok(link, 'the saved file by name, as a download');
  assert.match(shown.text, /<input [^>]*type="checkbox" id="f-a0-remove" name="a0" value="remove"/);

  // The representative downloads it (logged with both identities).
  const emma = personId(db, EMMA), silje_id = personId(db, SILJE);
  const f = await silje.get(link[1]);
  assert.equal(f.status, 200);
  assert.equal(f.headers.get('content-type'), 'application/pdf');
  assert.match(f.headers.get('content-disposition'), /^attachment; filename="vedlegg-\d+\.pdf"$/);
  assert.ok(f.text.startsWith('%PDF-1.4'));

  // Submitted: the response carries the file as a valueAttachment, valid R4.
  r = await postFiles(silje, qid, { action: 'submit', a1: 'første side' });
  assert.equal(r.status, 303, r.text);
  const resp = stored(db, qid);
  const att = resp.item.find((i) => i.linkId === 'card').answer[0].valueAttachment;
  assert.deepEqual(att, { contentType: 'application/pdf', url: link[1], size: PDF.length, title: 'vaksinekort.pdf' });
  const v = fhir.validate(resp);
  assert.deepEqual(v.messages.filter((m) => m.severity === 'error'), [], JSON.stringify(resp));

  // The clinician sees it among the answers and downloads it; the read is logged as hers, for Emma.
  const view = await ingrid.get(`/staff/patients/${pid}/questionnaires/${qid}`);
  const staffLink = `/staff/patients/${pid}${link[1]}`;
  assert.ok(view.text.includes(`href="${staffLink}" download>vaksinekort.pdf<`), 'linked on her page');
  const reads = () => Number(sqlValue(db, `SELECT COUNT(*) FROM audit_log WHERE patient_id = ${emma} AND what = 'questionnaires' AND action = 'read' AND actor_kind = 'staff' AND actor_staff_id IS NOT NULL AND actor_person_id IS NOT NULL AND what_id = '${qid}'`));
  const before = reads();
  const g = await ingrid.get(staffLink);
  assert.equal(g.status, 200);
  assert.ok(g.text.startsWith('%PDF-1.4'));
  assert.equal(reads(), before + 1, 'the clinician\'s download is logged as hers');
  assert.ok(Number(sqlValue(db, `SELECT COUNT(*) FROM audit_log WHERE patient_id = ${emma} AND what = 'questionnaires' AND actor_person_id = ${silje_id} AND on_behalf_of = ${emma}`)) >= 1,
    'the representative\'s reads are logged with both identities');

  // Submitted answers are final: no new file, no removal.
  r = await postFiles(silje, qid, { action: 'save' }, [card('annen.pdf')]);
  assert.equal(r.status, 303);
  assert.doesNotMatch(r.location, /done=saved/);
  assert.equal(files(db), 1);
  assert.equal(sqlValue(db, 'SELECT name FROM questionnaire_attachment'), 'vaksinekort.pdf');
});

test('a file replaces the one saved, and "remove" removes it', async (t) => {
  const { db, silje, qid } = await world(t);
  assert.equal((await postFiles(silje, qid, { action: 'save' }, [card('forste.pdf')])).status, 303);
  assert.equal((await postFiles(silje, qid, { action: 'save' }, [card('andre.png', Buffer.from('\x89PNG\r\n\x1a\n0000', 'latin1'), 'image/png')])).status, 303);
  assert.equal(files(db), 1);
  assert.equal(sqlValue(db, 'SELECT content_type FROM questionnaire_attachment'), 'image/png');
  assert.match((await silje.get(`/questionnaires/${qid}`)).text, /download>andre\.png</);
  assert.equal((await postFiles(silje, qid, { action: 'save', a0: 'remove' })).status, 303);
  assert.equal(files(db), 0);
  assert.doesNotMatch((await silje.get(`/questionnaires/${qid}`)).text, /andre\.png/);
  assert.equal(stored(db, qid).item, undefined, 'no answer once removed');
});

test('a save that conflicts or is refused stores no file and keeps the one saved', async (t) => {
  const { db, silje, qid } = await world(t);
  const first = await silje.get(`/questionnaires/${qid}`);
  assert.equal((await postFiles(silje, qid, { action: 'save' }, [card('forste.pdf')])).status, 303);
  // Someone else saved meanwhile: this page's revision is old. 409, and the new file is not stored.
  const r = await postFiles(silje, qid, { action: 'save', a1: 'sent' }, [card('andre.pdf')], { revision: revisionOf(first.text) });
  assert.equal(r.status, 409, r.text);
  assert.equal(files(db), 1);
  assert.equal(sqlValue(db, 'SELECT name FROM questionnaire_attachment'), 'forste.pdf', 'the saved file stays');
  // Refused answers (a note too long): the file is not stored either, and its item says so, in nb and en.
  for (const [lang, said] of [['nb', /Filen ble ikke lagret fordi noe annet i skjemaet må rettes/], ['en', /The file was not saved because something else in the form needs correcting/]]) {
    await silje.get(`/?lang=${lang}`);
    const refused = await postFiles(silje, qid, { action: 'save', a1: 'x'.repeat(501) }, [card('tredje.pdf')]);
    assert.equal(refused.status, 400);
    assert.match(refused.text, said);
    assert.match(refused.text, /id="f-a0-error"/);
  }
  await silje.get('/?lang=nb');
  assert.equal(files(db), 1);
  assert.equal(sqlValue(db, 'SELECT name FROM questionnaire_attachment'), 'forste.pdf');
  // Nor does a conflicting removal remove it.
  assert.equal((await postFiles(silje, qid, { action: 'save', a0: 'remove' }, [], { revision: revisionOf(first.text) })).status, 409);
  assert.equal(files(db), 1);
});

test('a file too large or of a forbidden type is refused with a clear message, in nb and en, and nothing is stored', async (t) => {
  const { db, silje, qid } = await world(t);
  const big = Buffer.concat([PDF, Buffer.alloc(4 * 1024 * 1024 + 10)]);
  const cases = [
    [card('stor.pdf', big), /større enn 4 MB/, /larger than 4 MB/],
    [card('bilde.gif', GIF, 'image/gif'), /må være PDF, JPEG eller PNG/, /must be PDF, JPEG or PNG/],
    [card('faktura.pdf', Buffer.from('%PDF-1.4\n<html><script>alert(1)</script>')), /må være PDF, JPEG eller PNG/, /must be PDF, JPEG or PNG/],
  ];
  for (const [file, nb, en] of cases) {
    let r = await postFiles(silje, qid, { action: 'save', a1: 'notat' }, [file]);
    assert.equal(r.status, 400, file.name);
    assert.match(r.text, nb, file.name);
    assert.match(r.text, /id="f-a0-error"/, 'on the item');
    await silje.get('/?lang=en');
    r = await postFiles(silje, qid, { action: 'save', a1: 'notat' }, [file]);
    assert.equal(r.status, 400, file.name);
    assert.match(r.text, en, file.name);
    await silje.get('/?lang=nb');
  }
  assert.equal(files(db), 0, 'no file');
  assert.equal(sqlValue(db, `SELECT COUNT(*) FROM questionnaire_request WHERE id = ${qid} AND response IS NULL`), '1', 'no answers saved either');
});

test("someone else's file, a forged id and a representative who may not see the questionnaire: 404", async (t) => {
  const { db, srv, headers, ingrid, silje, pid, qid } = await world(t);
  assert.equal((await postFiles(silje, qid, { action: 'save' }, [card()])).status, 303);
  const aid = Number(sqlValue(db, 'SELECT id FROM questionnaire_attachment'));
  // Silje's own questionnaire: Emma's file under its id is not found, nor is it for Silje as herself.
  const own = await sendAsIngrid(srv, db, { nin: SILJE, title: 'Vaksinekort', headers });
  const self = await loginAs(srv, SILJE, { headers });
  assert.equal((await self.get(`/questionnaires/${own.qid}/attachments/${aid}`)).status, 404, 'another request\'s file under her own');
  assert.equal((await self.get(`/questionnaires/${qid}/attachments/${aid}`)).status, 404, 'Emma\'s file, as herself');
  for (const bad of [`${aid + 1000}`, '0', '-1', 'abc', `${aid}x`])
    assert.equal((await silje.get(`/questionnaires/${qid}/attachments/${bad}`)).status, 404, bad);
  // The clinician: not while it is a draft (the answers are the patient's until sent), then only
  // under the patient and the request it belongs to.
  assert.equal((await ingrid.get(`/staff/patients/${pid}/questionnaires/${qid}/attachments/${aid}`)).status, 404, 'a draft\'s file');
  assert.equal((await postFiles(silje, qid, { action: 'submit' })).status, 303);
  assert.equal((await ingrid.get(`/staff/patients/${own.pid}/questionnaires/${qid}/attachments/${aid}`)).status, 404);
  assert.equal((await ingrid.get(`/staff/patients/${pid}/questionnaires/${own.qid}/attachments/${aid}`)).status, 404);
  assert.equal((await ingrid.get(`/staff/patients/${pid}/questionnaires/${qid}/attachments/${aid}`)).status, 200);
  // A representative whose access leaves out questionnaires (health records only, R1) is refused the
  // capability as on every questionnaire route (403, policy.mjs), and cannot remove the file either.
  sql(db, `UPDATE representation SET kind = 'health_read' WHERE representative_id = ${personId(db, SILJE)} AND represented_id = ${personId(db, EMMA)}`);
  assert.equal((await silje.get(`/questionnaires/${qid}/attachments/${aid}`)).status, 403);
  assert.equal((await silje.get(`/questionnaires/${qid}`)).status, 403);
  const form = new FormData();
  form.set('csrf', silje.csrf ?? ''); form.set('revision', '1'); form.set('action', 'save'); form.set('a0', 'remove');
  assert.equal((await silje.request(`/questionnaires/${qid}`, { method: 'POST', body: form, headers: { origin: silje.base } })).status, 403);
  assert.equal(files(db), 1, 'nor can she remove it');
  assert.equal(files(db), 1, 'nor can she remove it');
});

test('an attachment item within a repeating group, or with an initial value, is refused at import by name', async () => {
  const db = freshDb();
  try {
    const bad = structuredClone(FORM);
    bad.item.push({ linkId: 'doses', type: 'group', repeats: true, text: 'Doser', item: [{ linkId: 'dose-card', type: 'attachment', text: 'Kort' }] });
    bad.item[0].initial = [{ valueAttachment: { title: 'x' } }];
    const r = importForm(db, bad);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /item 'dose-card': an attachment item within the repeating group 'doses' is not supported/);
    assert.match(r.stderr, /item 'card'.*an attachment item takes no value/);
  } finally {
    db.cleanup();
  }
});

// A referral's documents: several PDFs (Word is named too, and not taken), at most two, of at most
// 2 kB each (maxSize in bytes); a PNG photo (maxSize 5: the national portal's megabytes, above the
// limit: 4 MB), required.
const DOCS_FORM = {
  resourceType: 'Questionnaire', url: 'https://example.org/fhir/Questionnaire/henvisning-vedlegg', version: '1',
  title: 'Vedlegg til henvisning', status: 'active',
  item: [
    { linkId: 'docs', type: 'attachment', text: 'Epikriser og brev', repeats: true, extension: [
      { url: 'http://hl7.org/fhir/StructureDefinition/mimeType', valueCode: 'application/pdf' },
      { url: 'http://hl7.org/fhir/StructureDefinition/mimeType', valueCode: 'application/msword' },
      { url: 'http://hl7.org/fhir/StructureDefinition/maxSize', valueDecimal: 2048 },
      { url: 'http://hl7.org/fhir/StructureDefinition/questionnaire-maxOccurs', valueInteger: 2 }] },
    { linkId: 'photo', type: 'attachment', text: 'Bilde av utslettet', required: true, extension: [
      { url: 'http://hl7.org/fhir/StructureDefinition/mimeType', valueCode: 'image/png' },
      { url: 'http://hl7.org/fhir/StructureDefinition/maxSize', valueDecimal: 5 }] },
  ],
};
const PNG = Buffer.from('\x89PNG\r\n\x1a\n0000', 'latin1');
const doc = (name, data = PDF) => ({ field: 'a0', name, type: 'application/pdf', data });
const photo = (name = 'utslett.png', data = PNG, type = 'image/png') => ({ field: 'a1', name, type, data });
const REFERO = 'refero-Vedlegg_opplasting-trimmed.json';

test('several files on a repeating item, maxSize and mimeType on the item, hostile posts; the national portal\'s attachment form answered', async (t) => {
  const db = seedDemo();
  assert.equal(importForm(db, DOCS_FORM).status, 0);
  const refero = runCli(['import', 'questionnaire', `tests/data/questionnaires/${REFERO}`, '--db', db.url]);
  assert.equal(refero.status, 0, refero.stderr);
  const srv = await startServer({ db });
  t.after(async () => { await srv.stop(); db.cleanup(); });
  const headers = { 'x-helsami-now': NOW };
  const { ingrid, pid, qid } = await sendAsIngrid(srv, db, { nin: EMMA, title: 'Vedlegg til henvisning', headers });
  const own = await sendAsIngrid(srv, db, { nin: SILJE, title: 'Test av vedleggs opplastning', headers });
  const silje = await loginActingForChild(srv, SILJE, EMMA, 'Emma Berg', { headers });
  const count = (link) => Number(sqlValue(db, `SELECT COUNT(*) FROM questionnaire_attachment WHERE request_id = ${qid}${link ? ` AND link_id = '${link}'` : ''}`));

  // What each item takes, said on it; the input accepts only those types.
  let page = await silje.get(`/questionnaires/${qid}`);
  assert.match(page.text, /id="f-a0-hint"[^>]*>PDF, høyst 2 filer, hver på høyst 2 kB\.</);
  assert.match(page.text, /id="f-a1-hint"[^>]*>PNG, høyst én fil på 4 MB\.</);
  assert.match(page.text, /<input [^>]*type="file" id="f-a0" name="a0" accept="application\/pdf"/);

  // One file a post, each listed with its own remove choice.
  assert.equal((await postFiles(silje, qid, { action: 'save' }, [doc('epikrise.pdf')])).status, 303);
  assert.equal((await postFiles(silje, qid, { action: 'save' }, [doc('brev.pdf')])).status, 303);
  assert.equal(count('docs'), 2);
  const draft = stored(db, qid);
  assert.equal(draft.item[0].answer.length, 2, 'the draft answers with both');
  assert.deepEqual(fhir.validate(draft).messages.filter((m) => m.severity === 'error'), [], JSON.stringify(draft));
  page = await silje.get(`/questionnaires/${qid}`);
  const ids = [...page.text.matchAll(/type="checkbox" id="f-a0-remove-\d" name="a0" value="remove-(\d+)"/g)].map((m) => Number(m[1]));
  assert.equal(ids.length, 2, 'a remove choice for each');
  assert.match(page.text, /download>epikrise\.pdf<[\s\S]*download>brev\.pdf</);
  assert.doesNotMatch(page.text, /type="file" id="f-a0"/, 'no input once the item holds all it takes');

  // More than the item takes, a type it does not take, a file over its maxSize: refused on the item, in nb and en, nothing stored.
  const refusals = [
    [[doc('tredje.pdf')], /Legg ved høyst 2 filer\./, /Attach at most 2 files\./],
    [[photo('feil.png', PNG, 'image/png')].map((f) => ({ ...f, field: 'a0' })), /Her kan du bare legge ved PDF\./, /Only PDF can be attached here\./],
    [[doc('stor.pdf', Buffer.concat([PDF, Buffer.alloc(2049)]))], /Filen er større enn 2 kB\./, /The file is larger than 2 kB\./],
    [[photo('skann.pdf', PDF, 'application/pdf')], /Her kan du bare legge ved PNG-bilder\./, /Only PNG images can be attached here\./],
    [[photo('en.png'), photo('to.png')], /Legg ved én fil om gangen her\./, /Attach one file at a time here\./], // twice on an item that does not repeat
  ];
  for (const [posted, nb, en] of refusals) {
    for (const [lang, said] of [['nb', nb], ['en', en]]) {
      await silje.get(`/?lang=${lang}`);
      const r = await postFiles(silje, qid, { action: 'save' }, posted);
      assert.equal(r.status, 400, `${posted[0].name} ${lang}`);
      assert.match(r.text, said, `${posted[0].name} ${lang}`);
    }
  }
  await silje.get('/?lang=nb');
  assert.equal(count(), 2, 'nothing stored by a refused post');

  // Silje's own questionnaire (the national portal's form): her file is hers; Emma's page cannot remove it by its id.
  const self = await loginAs(srv, SILJE, { headers });
  const mine = await postFiles(self, own.qid, { action: 'save' }, [{ field: 'a2', name: 'min.pdf', type: 'application/pdf', data: PDF }]);
  assert.equal(mine.status, 303, mine.text);
  const hers = Number(sqlValue(db, `SELECT id FROM questionnaire_attachment WHERE request_id = ${own.qid}`));
  assert.equal((await postFiles(silje, qid, { action: 'save', a0: `remove-${hers}` })).status, 303);
  assert.equal(Number(sqlValue(db, `SELECT COUNT(*) FROM questionnaire_attachment WHERE id = ${hers}`)), 1, 'another person\'s file stays');
  for (const forged of ['remove-abc', 'remove', `remove-${hers}x`, 'remove--1'])
    assert.equal((await postFiles(silje, qid, { action: 'save', a0: forged })).status, 400, forged);

  // Removing one by its id; then the photo, and the answers submitted: a valueAttachment each, valid R4.
  assert.equal((await postFiles(silje, qid, { action: 'save', a0: `remove-${ids[0]}` })).status, 303);
  assert.equal(count('docs'), 1);
  assert.equal((await postFiles(silje, qid, { action: 'save' }, [doc('notat.pdf')])).status, 303);
  let r = await postFiles(silje, qid, { action: 'submit' });
  assert.equal(r.status, 400, 'the photo is required');
  assert.match(r.text, /id="f-a1-error"/);
  r = await postFiles(silje, qid, { action: 'submit' }, [photo()]);
  assert.equal(r.status, 303, r.text);
  let resp = stored(db, qid);
  assert.deepEqual(resp.item.find((i) => i.linkId === 'docs').answer.map((a) => a.valueAttachment.title), ['brev.pdf', 'notat.pdf']);
  assert.equal(resp.item.find((i) => i.linkId === 'photo').answer[0].valueAttachment.contentType, 'image/png');
  let v = fhir.validate(resp);
  assert.deepEqual(v.messages.filter((m) => m.severity === 'error'), [], JSON.stringify(resp));
  // The clinician sees each file among the answers, a link each.
  const view = await ingrid.get(`/staff/patients/${pid}/questionnaires/${qid}`);
  for (const name of ['brev.pdf', 'notat.pdf', 'utslett.png'])
    assert.match(view.text, new RegExp(`href="/staff/patients/${pid}/questionnaires/${qid}/attachments/\\d+" download>${name.replace('.', '\\.')}<`), name);

  // The portal's form, as its own person answers it: its required file, two on its repeating item, submitted.
  const refPage = await self.get(`/questionnaires/${own.qid}`);
  assert.match(refPage.text, /PDF, JPEG eller PNG, høyst 5 filer, hver på høyst 4 MB\./, 'maxSize 5: the portal\'s 5 MB, the upload limit here');
  r = await postFiles(self, own.qid, { action: 'submit' });
  assert.equal(r.status, 400, 'its required file');
  assert.equal((await postFiles(self, own.qid, { action: 'save' }, [{ field: 'a2', name: 'to.png', type: 'image/png', data: PNG }])).status, 303);
  r = await postFiles(self, own.qid, { action: 'submit' }, [{ field: 'a1', name: 'vedlegg.pdf', type: 'application/pdf', data: PDF }]);
  assert.equal(r.status, 303, r.text);
  resp = stored(db, own.qid);
  const rep = resp.item.find((i) => i.linkId === '98a6514d-be82-4e06-85e7-bf6a8d2ae655');
  assert.deepEqual(rep.answer.map((a) => a.valueAttachment.title), ['min.pdf', 'to.png']);
  v = fhir.validate(resp);
  assert.deepEqual(v.messages.filter((m) => m.severity === 'error'), [], JSON.stringify(resp));
  assert.ok(readFileSync(`tests/data/questionnaires/${REFERO}`, 'utf8').includes('"repeats": true'));
});
