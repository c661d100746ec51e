// questionnaires_national_nhn.test.mjs — Norsk helsenett's published test
// forms for numbers and quantities (helsenorge/refero preview/skjema/, MIT;
// tests/data/questionnaires/README.md) over real HTTP: the national
// portal's display settings, sdf-sublabel, maxDecimalPlaces, the copy of a
// value into a data-receiver item (cqf-expression), a calculated quantity
// the age prefilled into numbers, and repeating numbers and quantities
// (repeatstext: one box per answer, "add another" and "remove" without
// JavaScript). Each form imports as published; its publisher marked it a
// draft, which cannot be sent, so it is answered as published but made
// active (nothing else changed); answered, several answers to each
// repeating item, submitted, read back as the clinician, its
// QuestionnaireResponse valid R4.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { runCli } from '../lib/server.mjs';
import { seedDemo } from '../lib/demo.mjs';
import { sql } from '../lib/db.mjs';
import { postAnswers, revisionOf, sentToMarius } from '../lib/qform.mjs';

const require = createRequire(import.meta.url);
const { Fhir } = require('fhir');
const fhir = new Fhir();

const MARIUS = '12848649994';
const NOW = '2026-11-22T10:00:00Z';
const DATA = new URL('../data/questionnaires/', import.meta.url);
const TALL = new URL('nhn-testskjema-tall-v0.1.json', DATA);
const QUANTITY = new URL('nhn-testskjema-quantity-v0.1.json', DATA);
const REPEAT_INTEGER = '2d1dc9db-299c-4f2b-bd20-16628dc1d176'; // "Uten noen ting tall maks 2", in "Gjentakelse"
const REPEAT_DECIMAL = '7d88075c-7363-4e9d-8972-693c423dac08'; // "Uten noen ting decimal maks 2"
const REPEAT_QUANTITY = '3221b7c9-5b14-47ba-8970-f598343dedc6'; // "Uten noen ting KG Repeterende 1-10"

const flat = (items = [], out = []) => {
  for (const i of items) { out.push(i); flat(i.item, out); }
  return out;
};
const findItem = (items = [], linkId) => {
  for (const i of items) {
    if (i.linkId === linkId) return i;
    const inner = findItem(i.item, linkId) ?? findItem((i.answer ?? []).flatMap((a) => a.item ?? []), linkId);
    if (inner) return inner;
  }
  return undefined;
};
const answerOf = (resp, linkId) => findItem(resp.item, linkId)?.answer?.[0];
const answersOf = (resp, linkId) => findItem(resp.item, linkId)?.answer;
const kg = (value) => ({ valueQuantity: { value, unit: 'kilo', code: 'kg', system: 'http://unitsofmeasure.org' } });
const plain = (html) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const stored = (db, qid) => JSON.parse(sql(db, `SELECT response FROM questionnaire_request WHERE id = ${qid}`)[0].join('|'));

// The form as published, made active (its publisher left it a draft).
function answerable(url) {
  const form = JSON.parse(readFileSync(url, 'utf8'));
  assert.equal(form.status, 'draft');
  form.status = 'active';
  return form;
}

// Marius's age on NOW in completed years, from his register birth date.
function mariusAge(db) {
  const born = String(sql(db, `SELECT birth_date FROM person WHERE nin = '${MARIUS}'`)[0][0]);
  const [y, m, d] = born.split('-').map(Number);
  const now = new Date(NOW);
  const had = now.getUTCMonth() + 1 > m || (now.getUTCMonth() + 1 === m && now.getUTCDate() >= d);
  return now.getUTCFullYear() - y - (had ? 0 : 1);
}

test('each form imports as published, file unchanged', () => {
  const db = seedDemo(null);
  try {
    for (const url of [TALL, QUANTITY]) {
      const r = runCli(['import', 'questionnaire', url.pathname, '--db', db.url]);
      assert.equal(r.status, 0, r.stderr);
    }
    const rows = sql(db, `SELECT status FROM questionnaire WHERE url LIKE 'NHN_Testskjema_%' ORDER BY url`);
    assert.deepEqual(rows.map((r) => String(r[0])), ['draft', 'draft']);
  } finally {
    db.cleanup();
  }
});

// The demo world with `form` imported and sent to Marius: the fields by linkId.
async function world(t, form) {
  const w = await sentToMarius(t, { form, now: NOW });
  const items = flat(form.item);
  return { ...w, field: (linkId) => `a${items.findIndex((i) => i.linkId === linkId)}` };
}

test("NHN's test form for numbers: sublabels, maxDecimalPlaces, copies, sums and the age, submitted and read back", async (t) => {
  const { db, ingrid, marius, pid, qid, field } = await world(t, answerable(TALL));
  const age = mariusAge(db);
  let page = await marius.get(`/questionnaires/${qid}`);
  assert.equal(page.status, 200, page.text.slice(0, 2000));
  // The sublabel "Instruks" under its label, tied to the input as its hint.
  const instruks = field('1d8db967-70a5-4c41-fc7e-b3345b28b43f');
  assert.match(page.text, new RegExp(`id="f-${instruks}-hint"><span>Instruks</span></p>`));
  assert.match(page.text, new RegExp(`name="${instruks}"[^>]* aria-describedby="f-${instruks}-hint"`));
  // The age, the copies and the sums are no inputs; the age is shown.
  for (const id of ['a36290d9-e754-42c1-8897-9f7ddb48d4d2', 'efd83f32-9fb5-4ac1-fd78-cb79ab541490',
    '75c9480d-a36f-4fc9-9fea-79f54093725f', 'e74e20e2-f3e6-4aa5-8da9-acd093386099', 'af2d86ff-9c86-46d4-85a9-8e9d660acfc7'])
    assert.doesNotMatch(page.text, new RegExp(`name="${field(id)}"`), id);
  assert.match(plain(page.text), new RegExp(`Beriket med alder ${age} `));
  const rev = () => ['revision', String(revisionOf(page.text))];

  // The repeating integer (at most 2): one box and its repeatstext "Legg
  // til tall" as "add another", a plain submit button.
  const rint = field(REPEAT_INTEGER), rdec = field(REPEAT_DECIMAL);
  const boxes = (html, name) => [...html.matchAll(new RegExp(`<input [^>]*name="${name}" value="([^"]*)"`, 'g'))].map((m) => m[1]);
  assert.deepEqual(boxes(page.text, rint), ['']);
  const add = page.text.match(/name="action" value="(add-\d+)">Legg til tall</);
  assert.ok(add, 'the integer\'s "Legg til tall"');
  assert.match(page.text, /name="action" value="add-\d+">Legg til decimal</);
  let r = await postAnswers(marius, qid, [rev(), ['action', add[1]], [rint, '3']]);
  assert.equal(r.status, 303, r.text);
  assert.equal(r.headers.get('location'), `/questionnaires/${qid}?done=saved&${add[1].replace('-', '=')}`);
  page = await marius.get(r.headers.get('location'));
  assert.deepEqual(boxes(page.text, rint), ['3', '']);
  const saved = JSON.stringify(stored(db, qid));
  assert.deepEqual(answersOf(stored(db, qid), REPEAT_INTEGER), [{ valueInteger: 3 }]);
  assert.doesNotMatch(page.text, />Legg til tall</, 'maxOccurs 2: no third box');
  // A third answer is more than its page shows: 400, nothing saved.
  r = await postAnswers(marius, qid, [rev(), ['action', 'save'], [rint, '3'], [rint, '4'], [rint, '5']]);
  assert.equal(r.status, 400);

  // Hostile: a value posted for a copy is an unknown field, nothing stored.
  r = await postAnswers(marius, qid, [rev(), ['action', 'save'], [field('75c9480d-a36f-4fc9-9fea-79f54093725f'), '999']]);
  assert.equal(r.status, 400);
  // Three decimals where two are allowed: refused with the form's own message.
  r = await postAnswers(marius, qid, [rev(), ['action', 'save'], [field('c7f483c1-2f4b-4d25-8e55-f1a880cba438'), '3,142']]);
  assert.equal(r.status, 400);
  assert.match(r.text, /Her er det feil/);
  assert.equal(JSON.stringify(stored(db, qid)), saved, 'nothing saved by the refused posts');

  r = await postAnswers(marius, qid, [rev(), ['action', 'submit'],
    [field('5da1cca3-7d8d-419f-8fad-481b02a2169a'), '7'], [field('501362d6-a08c-41e4-884e-e3b5be6d014c'), '1,5'],
    [field('9859eaa1-2e30-46e4-86dc-7a4303fea449'), '123'], [field('5d6fa1e7-4eca-4b66-8cae-e08d33a27022'), '12,34'],
    [field('c7f483c1-2f4b-4d25-8e55-f1a880cba438'), '3,14'],
    [field('Verdi1'), '2'], [field('Verdi2'), '3'], [field('Verdi3'), '1'], [field('Verdi4'), '4'],
    [field('6d1c868f-a19e-4b14-e6c2-6caa05df573c'), '1'], [field('9964b03c-1759-48c8-eb5e-c7255142eacb'), '5'],
    [rint, '3'], [rint, '4'], [rdec, '1,5'], [rdec, '2,25']]);
  assert.equal(r.status, 303, r.text);
  const resp = stored(db, qid);
  assert.equal(resp.status, 'completed');
  // Several answers on the one item, in order.
  assert.deepEqual(answersOf(resp, REPEAT_INTEGER), [{ valueInteger: 3 }, { valueInteger: 4 }]);
  assert.deepEqual(answersOf(resp, REPEAT_DECIMAL), [{ valueDecimal: 1.5 }, { valueDecimal: 2.25 }]);
  const want = {
    'af2d86ff-9c86-46d4-85a9-8e9d660acfc7': { valueInteger: 5 }, // Verdi1 + Verdi2
    '279573e9-36e0-4d3b-8377-9b4216097b0f': { valueInteger: 5 }, // Verdi3 + Verdi4
    '75c9480d-a36f-4fc9-9fea-79f54093725f': { valueInteger: 123 }, // the copy of "Preutfylt"
    'e74e20e2-f3e6-4aa5-8da9-acd093386099': { valueDecimal: 12.34 }, // the copy of "Preutfylt" decimal
    'a36290d9-e754-42c1-8897-9f7ddb48d4d2': { valueInteger: age },
    'efd83f32-9fb5-4ac1-fd78-cb79ab541490': { valueDecimal: age },
    'c7f483c1-2f4b-4d25-8e55-f1a880cba438': { valueDecimal: 3.14 },
    '0bce6bd8-1bbf-4d60-86d1-df73887f0259': { valueInteger: 123 },
    '9964b03c-1759-48c8-eb5e-c7255142eacb': { valueInteger: 5 },
  };
  for (const [id, a] of Object.entries(want)) assert.deepEqual(answerOf(resp, id), a, id);
  const v = fhir.validate(resp);
  assert.deepEqual(v.messages.filter((m) => m.severity === 'error'), [], JSON.stringify(resp));

  const view = await ingrid.get(`/staff/patients/${pid}/questionnaires/${qid}`);
  assert.equal(view.status, 200);
  assert.match(plain(view.text), /Kopi Preutfylt tall 123/);
  assert.match(plain(view.text), /Kopi fra Preutfylt decimal 12,34/);
  assert.match(plain(view.text), /Uten noen ting tall maks 2 3 4 /);
  assert.match(plain(view.text), /Uten noen ting decimal maks 2 1,5 2,25 /);
  assert.match(plain(view.text), new RegExp(`Beriket med alder ${age} `));
});

test("NHN's test form for quantities: a calculated quantity, copies of quantities, maxDecimalPlaces, the age in years", async (t) => {
  const { db, ingrid, marius, pid, qid, field } = await world(t, answerable(QUANTITY));
  const age = mariusAge(db);
  let page = await marius.get(`/questionnaires/${qid}`);
  assert.equal(page.status, 200, page.text.slice(0, 2000));
  // A read-only quantity's sublabel stands under its label on its own.
  assert.match(page.text, /Beriket med år\/alder<\/p>\n<p class="ds-paragraph" data-size="sm">Instruks<\/p>/);
  const rev = () => ['revision', String(revisionOf(page.text))];
  const twoPlaces = field('4b18c046-64b6-4e2e-8550-9c6ffc85adfc');
  const rkg = field(REPEAT_QUANTITY);
  assert.match(page.text, new RegExp(`name="${rkg}" value=""[^>]*><span aria-hidden="true">kilo</span>`));
  assert.match(page.text, /name="action" value="add-\d+">Legg til vekt</);

  let r = await postAnswers(marius, qid, [rev(), ['action', 'save'], [twoPlaces, '1,234']]);
  assert.equal(r.status, 400);
  assert.match(r.text, /Skriv et tall med høyst 2 desimaler\./);
  r = await postAnswers(marius, qid, [rev(), ['action', 'save'], [field('fdbd2bae-299b-406f-8c14-55dd1ddb2fe2'), '1']]);
  assert.equal(r.status, 400, 'a posted copy is an unknown field');

  r = await postAnswers(marius, qid, [rev(), ['action', 'submit'],
    [field('063aa8b3-1d1d-416b-b366-f0728c97da00'), '70'], [field('b00258bd-4c56-4343-b9d6-f342fc1ce6f1'), '80,5'],
    [field('0428e674-d87d-441c-9c5f-7772334fa19b'), '11'], [field('5e923c55-e1c6-43df-85d0-87916d12a744'), '11,11'],
    [twoPlaces, '1,25'], [field('Verdi1'), '2,5'], [field('Verdi2'), '3'], [rkg, '72,5'], [rkg, ' '], [rkg, '71'], [rkg, '72,5']]);
  assert.equal(r.status, 303, r.text);
  const resp = stored(db, qid);
  // In order, the same weight twice, the empty box left out.
  assert.deepEqual(answersOf(resp, REPEAT_QUANTITY), [kg(72.5), kg(71), kg(72.5)]);
  const want = {
    '76d339c6-ccf5-406c-ab15-73d88823cdd8': kg(5.5), // Verdi1 + Verdi2, in kilos
    'fdbd2bae-299b-406f-8c14-55dd1ddb2fe2': kg(5.5), // the copy of the sum
    '8044b57c-2db4-4448-f08c-3d05075b0ecd': kg(11), // the copy of "Preutfylt read only"
    '283885ab-1497-49b6-d048-68ec9b50eada': kg(70), // the copy of "Uten noen ting KG"
    '4b18c046-64b6-4e2e-8550-9c6ffc85adfc': kg(1.25),
    '5ecf02ea-97d3-4d4d-b8e4-b820605be949': { valueQuantity: { value: age, unit: 'år', code: 'a', system: 'http://unitsofmeasure.org' } },
  };
  for (const [id, a] of Object.entries(want)) assert.deepEqual(answerOf(resp, id), a, id);
  const v = fhir.validate(resp);
  assert.deepEqual(v.messages.filter((m) => m.severity === 'error'), [], JSON.stringify(resp));

  const view = await ingrid.get(`/staff/patients/${pid}/questionnaires/${qid}`);
  assert.equal(view.status, 200);
  assert.match(plain(view.text), /Sum 5,5 kilo/);
  assert.match(plain(view.text), /Fra sum felt 5,5 kilo/);
  assert.match(plain(view.text), /Uten noen ting KG Repeterende 1-10 72,5 kilo 71 kilo 72,5 kilo /);
});
