// questionnaires_repeat.test.mjs — repeating groups and required groups
// (issue 16) over real HTTP, without JavaScript: the demo world's "Legemidler
// du bruker" (data/questionnaires/questionnaire-legemidler.json) has a
// required, repeating group "Legemiddel" (a required name, a dose, a date)
// and a required group "Allergier". "Legg til en til" and "Fjern" are submit
// buttons: they save the draft, and the page comes back with one instance
// more or less. The page says how many instances it showed (r1); a count it
// cannot have shown is refused. Every stored QuestionnaireResponse is valid
// R4 (the `fhir` npm package), with the group item repeated per instance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startServer } from '../lib/server.mjs';
import { seedDemo } from '../lib/demo.mjs';
import { loginAs } from '../lib/session.mjs';
import { sql } from '../lib/db.mjs';
import { offeredFields, postAnswers, revisionOf, sendAsIngrid } from '../lib/qform.mjs';

const require = createRequire(import.meta.url);
const { Fhir } = require('fhir');
const fhir = new Fhir();

const MARIUS = '12848649994';
const SILJE = '03898849863';
const INGRID = '14827549852'; // GP, Øya legesenter
const NOW = '2026-11-22T10:00:00Z';

// Items with one instance: a0 intro, a1 Legemiddel (group), a2 name, a3
// dose, a4 since, a5 Allergier (group), a6 has_allergy, a7 which (when
// has_allergy = true), a8 comment, a9 weight (a quantity in kg, 1 to 400).
// With two instances the second is a5
// (the group), a6 name, a7 dose, a8 since; then Allergier a9, a10, a11,
// the comment a12 and the weight a13.
async function world(t) {
  const db = seedDemo(null);
  const srv = await startServer({ db });
  t.after(async () => { await srv.stop(); db.cleanup(); });
  const headers = { 'x-helsami-now': NOW };
  const { ingrid, pid, qid } = await sendAsIngrid(srv, db, { nin: MARIUS, title: 'Legemidler du bruker', headers });
  const marius = await loginAs(srv, MARIUS, { headers });
  return { db, srv, ingrid, marius, pid, qid };
}

const fields = offeredFields;
const countOf = (html) => Number(html.match(/name="r1" value="(\d+)"/)[1]);
const post = postAnswers;
const stored = (db, qid) => JSON.parse(sql(db, `SELECT response FROM questionnaire_request WHERE id = ${qid}`)[0].join('|'));
const medicines = (resp) => (resp.item || []).filter((i) => i.linkId === 'medicine')
  .map((g) => g.item.map((i) => `${i.linkId}=${i.answer[0].valueString ?? i.answer[0].valueDate}`).join(','));
function validR4(resp) {
  const r = fhir.validate(resp);
  assert.deepEqual(r.messages.filter((m) => m.severity === 'error'), [], JSON.stringify(resp));
  assert.equal(r.valid, true);
}

test('add another and remove without JavaScript: saved first, one instance more or less, the group repeated in the response', async (t) => {
  const { db, ingrid, marius, pid, qid } = await world(t);

  let page = await marius.get(`/questionnaires/${qid}`);
  assert.equal(page.status, 200);
  assert.equal(countOf(page.text), 1);
  assert.match(page.text, /Legemiddel <span class="ds-sr-only">/, 'one instance is not numbered');
  assert.deepEqual(fields(page.text), ['a2', 'a3', 'a4', 'a6', 'a8', 'a9']);
  assert.match(page.text, /<button class="ds-button" data-variant="secondary" type="submit" name="action" value="add-1">Legg til en til/);
  assert.doesNotMatch(page.text, /value="remove-/, 'one instance cannot be removed');
  // Enter in a field presses the first submit button: a hidden "save draft".
  assert.ok(page.text.indexOf('name="action" value="save" hidden') < page.text.indexOf('value="add-1"'));

  // "Add another" saves what was typed, then shows a second, empty instance.
  let r = await post(marius, qid, [['revision', String(revisionOf(page.text))], ['r1', '1'], ['action', 'add-1'],
    ['a2', 'Paracet'], ['a3', '1 g ved behov']]);
  assert.equal(r.status, 303, r.text);
  assert.equal(r.headers.get('location'), `/questionnaires/${qid}?done=saved&add=1`);
  assert.deepEqual(medicines(stored(db, qid)), ['name=Paracet,dose=1 g ved behov']);
  page = await marius.get(r.headers.get('location'));
  assert.equal(page.status, 200, page.text.slice(0, 2000));
  assert.equal(countOf(page.text), 2);
  assert.deepEqual(fields(page.text), ['a2', 'a3', 'a4', 'a6', 'a7', 'a8', 'a10', 'a12', 'a13']);
  assert.match(page.text, /name="a2" value="Paracet"/);
  assert.match(page.text, /Legemiddel \(2\)/);
  assert.match(page.text, /value="remove-1"/);
  assert.match(page.text, /value="remove-5"/);

  // Both instances saved; a required name applies per instance.
  r = await post(marius, qid, [['revision', String(revisionOf(page.text))], ['r1', '2'], ['action', 'save'],
    ['a2', 'Paracet'], ['a8', '2026-09-01']]);
  assert.equal(r.status, 303, r.text);
  page = await marius.get(`/questionnaires/${qid}`);
  assert.equal(countOf(page.text), 2, 'an instance with an answer is kept');
  r = await post(marius, qid, [['revision', String(revisionOf(page.text))], ['r1', '2'], ['action', 'submit'],
    ['a2', 'Paracet'], ['a8', '2026-09-01'], ['a10', 'false']]);
  assert.equal(r.status, 400);
  assert.match(r.text, /href="#f-a6"/, 'the second name is asked for');
  assert.doesNotMatch(r.text, /href="#f-a2"/);
  r = await post(marius, qid, [['revision', String(revisionOf(page.text))], ['r1', '2'], ['action', 'save'],
    ['a2', 'Paracet'], ['a6', 'Zopiklon'], ['a7', '5 mg om kvelden'], ['a8', '2026-09-01']]);
  assert.equal(r.status, 303, r.text);
  let resp = stored(db, qid);
  assert.deepEqual(medicines(resp), ['name=Paracet', 'name=Zopiklon,dose=5 mg om kvelden,since=2026-09-01']);
  validR4(resp);

  // "Remove" on the first: it goes, the second becomes the first.
  page = await marius.get(`/questionnaires/${qid}`);
  r = await post(marius, qid, [['revision', String(revisionOf(page.text))], ['r1', '2'], ['action', 'remove-1'],
    ['a2', 'Paracet'], ['a6', 'Zopiklon'], ['a7', '5 mg om kvelden'], ['a8', '2026-09-01']]);
  assert.equal(r.status, 303, r.text);
  assert.deepEqual(medicines(stored(db, qid)), ['name=Zopiklon,dose=5 mg om kvelden,since=2026-09-01']);
  page = await marius.get(`/questionnaires/${qid}`);
  assert.equal(countOf(page.text), 1);
  assert.match(page.text, /name="a2" value="Zopiklon"/);

  // Submitted: the clinician sees each instance's answers.
  r = await post(marius, qid, [['revision', String(revisionOf(page.text))], ['r1', '1'], ['action', 'submit'],
    ['a2', 'Zopiklon'], ['a6', 'true'], ['a7', 'Penicillin']]);
  assert.equal(r.status, 303, r.text);
  resp = stored(db, qid);
  assert.equal(resp.status, 'completed');
  validR4(resp);
  const view = await ingrid.get(`/staff/patients/${pid}/questionnaires/${qid}`);
  assert.equal(view.status, 200);
  assert.match(view.text, /Zopiklon/);
  assert.match(view.text, /Penicillin/);
});

test('a required group needs one answer within it, on submit, in the reader\'s language', async (t) => {
  const { marius, qid } = await world(t);
  const page = await marius.get(`/questionnaires/${qid}`);
  const pairs = [['revision', String(revisionOf(page.text))], ['r1', '1'], ['a2', 'Paracet']];
  let r = await post(marius, qid, [...pairs, ['action', 'submit']]);
  assert.equal(r.status, 400);
  assert.match(r.text, /href="#f-a5">Allergier: Svar på minst ett av spørsmålene her\.<\/a>/);
  assert.match(r.text, /id="f-a5-error">Svar på minst ett av spørsmålene her\./);
  assert.doesNotMatch(r.text, /href="#f-a1"/, 'the medicine group has an answer');
  // A draft may leave it open.
  r = await post(marius, qid, [...pairs, ['action', 'save']]);
  assert.equal(r.status, 303);
  const en = await marius.post('/settings/language', { language: 'en' });
  assert.ok(en.status < 400, en.text);
  const again = await marius.get(`/questionnaires/${qid}`);
  r = await post(marius, qid, [['revision', String(revisionOf(again.text))], ['r1', '1'], ['action', 'submit']]);
  assert.equal(r.status, 400);
  assert.match(r.text, /id="f-a1-error">Answer at least one of the questions here\./);
  assert.match(r.text, /id="f-a5-error">Answer at least one of the questions here\./);
});

test('value rules on the server, per item, in nb and en; a quantity is stored with its unit', async (t) => {
  const { db, marius, qid } = await world(t);
  let page = await marius.get(`/questionnaires/${qid}`);
  assert.match(page.text, /id="f-a9" name="a9" value="" aria-describedby="f-a9-hint"><span aria-hidden="true">kg<\/span>/, 'the unit beside the box');
  assert.match(page.text, /id="f-a9-hint">Fra og med 1 kg til og med 400 kg</);
  const pairs = (weight) => [['revision', String(revisionOf(page.text))], ['r1', '1'], ['a2', 'Paracet'], ['a6', 'false'], ['a9', weight]];
  let r = await post(marius, qid, [...pairs('400,5'), ['action', 'save']]);
  assert.equal(r.status, 400, 'a draft keeps to the rules too');
  assert.match(r.text, /href="#f-a9">Hvor mye veier du\?: Skriv et tall som er 400 eller mindre\.<\/a>/);
  r = await post(marius, qid, [...pairs('0,5'), ['action', 'submit']]);
  assert.equal(r.status, 400);
  assert.match(r.text, /id="f-a9-error">Skriv et tall som er 1 eller mer\./);
  assert.equal((await marius.post('/settings/language', { language: 'en' })).status, 303);
  page = await marius.get(`/questionnaires/${qid}`);
  assert.match(page.text, /id="f-a9-hint">From 1 kg to 400 kg</);
  r = await post(marius, qid, [...pairs('1000'), ['action', 'submit']]);
  assert.match(r.text, /id="f-a9-error">Enter a number that is 400 or less\./);
  r = await post(marius, qid, [...pairs('72.5'), ['action', 'submit']]);
  assert.equal(r.status, 303, r.text);
  const resp = stored(db, qid);
  const weight = resp.item.find((i) => i.linkId === 'weight');
  assert.deepEqual(weight.answer, [{ valueQuantity: { value: 72.5, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' } }]);
  validR4(resp);
});

test('hostile: counts, buttons and added instances the page cannot have shown; others cannot add', async (t) => {
  const { srv, marius, qid } = await world(t);
  const page = await marius.get(`/questionnaires/${qid}`);
  const base = [['revision', String(revisionOf(page.text))], ['action', 'save']];
  for (const r1 of ['0', '21', 'x', '-1', '1000000']) {
    const r = await post(marius, qid, [...base, ['r1', r1]]);
    assert.equal(r.status, 400, `r1=${r1}`);
  }
  // Fields of a second instance with one declared: unknown fields.
  assert.equal((await post(marius, qid, [...base, ['r1', '1'], ['a12', 'x']])).status, 400);
  // A group is no input; only repeating groups have add and remove buttons.
  assert.equal((await post(marius, qid, [...base, ['r1', '1'], ['a5', 'x']])).status, 400);
  for (const action of ['add-5', 'add-0', 'remove-1', 'remove-0', 'add-']) {
    const r = await post(marius, qid, [['revision', String(revisionOf(page.text))], ['r1', '1'], ['action', action]]);
    assert.equal(r.status, 400, action);
  }
  assert.equal((await marius.get(`/questionnaires/${qid}?add=5`)).status, 400);
  assert.equal((await marius.get(`/questionnaires/${qid}?add=x`)).status, 400);
  assert.equal((await marius.get(`/questionnaires/${qid}?other=1`)).status, 400);
  // At the limit the page shows no "add another", and asking adds none.
  let r = await post(marius, qid, [...base, ['r1', '20'], ...Array.from({ length: 20 }, (_, i) => [`a${2 + 4 * i}`, `L${i}`])]);
  assert.equal(r.status, 303, r.text);
  const full = await marius.get(`/questionnaires/${qid}?add=1`);
  assert.equal(countOf(full.text), 20);
  assert.doesNotMatch(full.text, /value="add-1"/);
  // Someone else's questionnaire stays not found, with or without add.
  const silje = await loginAs(srv, SILJE, { headers: { 'x-helsami-now': NOW } });
  assert.equal((await silje.get(`/questionnaires/${qid}?add=1`)).status, 404);
  const other = await post(silje, qid, [['revision', '0'], ['r1', '1'], ['action', 'add-1']]);
  assert.equal(other.status, 404);
});
