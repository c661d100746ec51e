// questionnaires_controls.test.mjs — how the patient enters answers, as the
// form's extensions say (issue 16 items 7 and 8), over real HTTP: a
// drop-down itemControl is a labelled select, radio buttons and check boxes
// stay fieldsets with a legend, entryFormat is the hint under the label and
// changes no check, minOccurs/maxOccurs bound a repeating choice's answers
// and a repeating group's instances on submit. Forged option codes and
// instance counts past maxOccurs are refused; every stored
// QuestionnaireResponse is valid R4 (the `fhir` npm package).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { sql } from '../lib/db.mjs';
import { postAnswers, revisionOf, sentToMarius } from '../lib/qform.mjs';

const require = createRequire(import.meta.url);
const { Fhir } = require('fhir');
const fhir = new Fhir();

const MARIUS = '12848649994';
const INGRID = '14827549852'; // GP, Øya legesenter
const NOW = '2026-11-22T10:00:00Z';
const URL = 'https://example.org/fhir/Questionnaire/controls';
const SD = 'http://hl7.org/fhir/StructureDefinition/';

const control = (code) => ({ url: `${SD}questionnaire-itemControl`, valueCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/questionnaire-item-control', code }] } });
const option = (code, display) => ({ valueCoding: { system: 'https://example.org/codes', code, display } });
// Fields by item position: a0 drop-down, a1 yes/no as radio buttons, a2 check
// boxes (2 to 3), a3 a date with entryFormat, a4 a line with entryFormat,
// a5 a repeating group (2 instances, no more), a6 its question.
const FORM = {
  resourceType: 'Questionnaire', url: URL, version: '1', title: 'Kontroller', status: 'active',
  item: [
    { linkId: 'smoke', type: 'choice', text: 'Røyker du?', extension: [control('drop-down')],
      answerOption: [option('ja', 'Ja'), option('nei', 'Nei'), option('slutta', 'Har slutta')] },
    { linkId: 'snus', type: 'boolean', text: 'Snuser du?', extension: [control('radio-button')] },
    { linkId: 'sport', type: 'choice', text: 'Hvilke idretter?', repeats: true,
      extension: [control('check-box'), { url: `${SD}questionnaire-minOccurs`, valueInteger: 2 }, { url: `${SD}questionnaire-maxOccurs`, valueInteger: 3 }],
      answerOption: [option('ski', 'Ski'), option('fotball', 'Fotball'), option('svomming', 'Svømming'), option('sykkel', 'Sykkel')] },
    { linkId: 'when', type: 'date', text: 'Når begynte det?', extension: [{ url: `${SD}entryFormat`, valueString: 'dd.mm.åååå' }] },
    { linkId: 'post', type: 'string', text: 'Postnummer', extension: [{ url: `${SD}entryFormat`, valueString: 'Fire siffer' }] },
    { linkId: 'kin', type: 'group', text: 'Pårørende', repeats: true,
      extension: [{ url: `${SD}questionnaire-minOccurs`, valueInteger: 2 }, { url: `${SD}questionnaire-maxOccurs`, valueInteger: 2 }],
      item: [{ linkId: 'kin-name', type: 'string', text: 'Navn' }] },
  ],
};

const world = (t, form = FORM) => sentToMarius(t, { form, now: NOW });

const post = postAnswers;
const stored = (db, qid) => JSON.parse(sql(db, `SELECT response FROM questionnaire_request WHERE id = ${qid}`)[0].join('|'));
function validR4(resp) {
  const r = fhir.validate(resp);
  assert.deepEqual(r.messages.filter((m) => m.severity === 'error'), [], JSON.stringify(resp));
}

test('a drop-down is a labelled select, radio buttons and check boxes fieldsets, entryFormat the hint', async (t) => {
  const { marius, qid } = await world(t);
  const page = await marius.get(`/questionnaires/${qid}`);
  assert.equal(page.status, 200, page.text.slice(0, 2000));
  const html = page.text;
  assert.match(html, /<label class="ds-label" for="f-a0">Røyker du\?<\/label>\s*<select class="ds-input" id="f-a0" name="a0">\s*<option value="">Velg<\/option>\s*<option value="ja">Ja<\/option>/);
  assert.doesNotMatch(html, /type="radio" id="f-a0-/);
  assert.match(html, /<fieldset class="ds-fieldset" id="f-a1"[^>]*>\s*<legend class="ds-label">Snuser du\?<\/legend>[\s\S]*?type="radio" id="f-a1-0" name="a1" value="true"/);
  assert.match(html, /<fieldset class="ds-fieldset" id="f-a2"[^>]*>\s*<legend class="ds-label">Hvilke idretter\?<\/legend>[\s\S]*?type="checkbox" id="f-a2-0" name="a2" value="ski"/);
  assert.match(html, /<p class="ds-paragraph" data-size="sm" id="f-a3-hint">dd\.mm\.åååå<\/p>\s*<input class="ds-input hs-short" type="date" id="f-a3" name="a3" value="" aria-describedby="f-a3-hint">/);
  assert.match(html, /id="f-a4-hint">Fire siffer<\/p>\s*<input class="ds-input" type="text" id="f-a4" name="a4" value="" maxlength="500" aria-describedby="f-a4-hint">/);
});

test('minOccurs and maxOccurs on submit; forged codes and counts refused; the answers valid R4', async (t) => {
  const { db, marius, qid } = await world(t);
  let page = await marius.get(`/questionnaires/${qid}`);
  const rev = () => ['revision', String(revisionOf(page.text))];

  // Hostile: a code no option has, an instance count past maxOccurs, more boxes than maxOccurs.
  assert.equal((await post(marius, qid, [rev(), ['r5', '1'], ['action', 'save'], ['a0', 'kanskje']])).status, 400);
  assert.equal((await post(marius, qid, [rev(), ['r5', '3'], ['action', 'save']])).status, 400, 'past maxOccurs');
  let r = await post(marius, qid, [rev(), ['r5', '1'], ['action', 'save'], ['a2', 'ski'], ['a2', 'fotball'], ['a2', 'svomming'], ['a2', 'sykkel']]);
  assert.equal(r.status, 400, 'a draft keeps to maxOccurs too');
  assert.match(r.text, /Velg høyst 3\./);

  // entryFormat checks nothing: any line is a fine postcode. A draft may have too few.
  r = await post(marius, qid, [rev(), ['r5', '1'], ['action', 'add-5'], ['a0', 'nei'], ['a2', 'ski'], ['a4', 'Oslo'], ['a6', 'Kari']]);
  assert.equal(r.status, 303, r.text);
  page = await marius.get(r.headers.get('location'));
  assert.match(page.text, /name="a8"/, 'the second instance');
  assert.doesNotMatch(page.text, /value="add-5"/, 'no third: maxOccurs is 2');

  // Submitting: one box of at least two, one instance of at least two.
  r = await post(marius, qid, [rev(), ['r5', '2'], ['action', 'submit'], ['a0', 'nei'], ['a2', 'ski'], ['a6', 'Kari']]);
  assert.equal(r.status, 400);
  assert.match(r.text, /Velg minst 2\./);
  assert.match(r.text, /Fyll ut minst 2 her\./);
  assert.match(r.text, /href="#f-a2"/);
  assert.match(r.text, /href="#f-a5"/);
  assert.equal(stored(db, qid).status, 'in-progress');

  r = await post(marius, qid, [rev(), ['r5', '2'], ['action', 'submit'], ['a0', 'nei'], ['a1', 'false'], ['a2', 'ski'], ['a2', 'sykkel'],
    ['a4', 'Oslo'], ['a6', 'Kari'], ['a8', 'Ola']]);
  assert.equal(r.status, 303, r.text);
  const resp = stored(db, qid);
  assert.equal(resp.status, 'completed');
  validR4(resp);
  const item = (id) => resp.item.filter((i) => i.linkId === id);
  assert.deepEqual(item('smoke')[0].answer, [{ valueCoding: { system: 'https://example.org/codes', code: 'nei', display: 'Nei' } }]);
  assert.deepEqual(item('sport')[0].answer.map((a) => a.valueCoding.code), ['ski', 'sykkel']);
  assert.deepEqual(item('post')[0].answer, [{ valueString: 'Oslo' }]);
  assert.equal(item('kin').length, 2);
});

test('in English: the select, and the minOccurs messages', async (t) => {
  const { marius, qid } = await world(t);
  const en = await marius.post('/settings/language', { language: 'en' });
  assert.ok(en.status < 400, en.text);
  const page = await marius.get(`/questionnaires/${qid}`);
  // The form is Norwegian and not translated: its items say lang="nb", and the portal's words in it lang="en".
  assert.match(page.text, /<div class="hs-stack" lang="nb">/);
  assert.match(page.text, /<option value="" lang="en">Choose<\/option>/);
  const r = await post(marius, qid, [['revision', String(revisionOf(page.text))], ['r5', '1'], ['action', 'submit'], ['a2', 'ski'], ['a6', 'Kari']]);
  assert.equal(r.status, 400);
  assert.match(r.text, /Choose at least 2\./);
  assert.match(r.text, /Fill in at least 2 here\. Use &quot;Add another&quot; for more\./);
});

// A quantity with a choice of units (several unitOptions): a select next to
// the number; the answer's Quantity carries the chosen unit.
const unitOption = (code, display) => ({ url: `${SD}questionnaire-unitOption`, valueCoding: { system: 'http://unitsofmeasure.org', code, display } });
const WEIGHT = {
  resourceType: 'Questionnaire', url: `${URL}-weight`, version: '1', title: 'Vekt', status: 'active',
  item: [{ linkId: 'weight', type: 'quantity', text: 'Hvor mye veier du?', required: true, extension: [unitOption('kg', 'kg'), unitOption('[lb_av]', 'lb')] }],
};

test('a choice of units: a labelled select beside the number, the chosen unit in the Quantity, forged units refused', async (t) => {
  const { db, ingrid, marius, pid, qid } = await world(t, WEIGHT);
  let page = await marius.get(`/questionnaires/${qid}`);
  assert.match(page.text, /<input class="ds-input hs-short" type="text" inputmode="decimal" id="f-a0" name="a0" value="">/);
  assert.match(page.text, /<label class="ds-sr-only" for="f-a0-unit">Enhet<\/label><select class="ds-input hs-short" id="f-a0-unit" name="u0"><option value="kg" selected>kg<\/option><option value="\[lb_av\]">lb<\/option><\/select>/);
  const rev = () => ['revision', String(revisionOf(page.text))];

  assert.equal((await post(marius, qid, [rev(), ['action', 'save'], ['a0', '150'], ['u0', 'g']])).status, 400, 'a unit not offered');
  let r = await post(marius, qid, [rev(), ['action', 'save'], ['a0', '150']]);
  assert.equal(r.status, 400, 'a number without its unit');
  assert.match(r.text, /Velg enhet\./);
  r = await post(marius, qid, [rev(), ['action', 'save'], ['a0', '150,5'], ['u0', '[lb_av]']]);
  assert.equal(r.status, 303, r.text);
  page = await marius.get(`/questionnaires/${qid}`);
  assert.match(page.text, /name="a0" value="150,5"/);
  assert.match(page.text, /<option value="kg">kg<\/option><option value="\[lb_av\]" selected>lb<\/option>/, 'the stored unit is chosen');
  r = await post(marius, qid, [rev(), ['action', 'submit'], ['a0', '68,5'], ['u0', 'kg']]);
  assert.equal(r.status, 303, r.text);
  const resp = stored(db, qid);
  validR4(resp);
  assert.deepEqual(resp.item[0].answer, [{ valueQuantity: { value: 68.5, unit: 'kg', code: 'kg', system: 'http://unitsofmeasure.org' } }]);
  const view = await ingrid.get(`/staff/patients/${pid}/questionnaires/${qid}`);
  assert.equal(view.status, 200);
  assert.match(view.text, /68,5 kg/, 'the clinician sees the number with the chosen unit');
});
