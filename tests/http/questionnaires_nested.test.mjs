// questionnaires_nested.test.mjs — a repeating group within a repeating
// group, with calculated values per instance (issue 16), over real HTTP and
// without JavaScript. The form (tests/data/questionnaires/
// helsami-nested-medications.json): "Legemiddel" repeats (at most 3), each
// with a name, a strength in mg, "only when needed?", and its doses
// ("Dose" repeats, at most 3 per medication: when, how many tablets, the mg
// of that dose calculated from the medication's strength, and "what for?"
// asked when that medication is taken when needed), then the mg a day of
// that medication (calculated from its own doses), and the tablets a day
// of the whole form (calculated over every instance). The page names each
// occurrence's count by the instances around it: r0 for the medications,
// r4.0 for the first medication's doses, r4.1 for the second's. Every
// stored QuestionnaireResponse is valid R4 (the `fhir` npm package).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { sql } from '../lib/db.mjs';
import { offeredFields, postAnswers, revisionOf, sentToMarius } from '../lib/qform.mjs';

const require = createRequire(import.meta.url);
const { Fhir } = require('fhir');
const fhir = new Fhir();

const MARIUS = '12848649994';
const NOW = '2026-11-22T10:00:00Z';
const FILE = 'tests/data/questionnaires/helsami-nested-medications.json';
const FORM = JSON.parse(readFileSync(FILE, 'utf8'));

const world = (t) => sentToMarius(t, { file: FILE, title: FORM.title, now: NOW });

const post = postAnswers;
const stored = (db, qid) => {
  const row = sql(db, `SELECT response FROM questionnaire_request WHERE id = ${qid}`)[0];
  return row[0] === '' || row[0] === null ? null : JSON.parse(row.join('|'));
};
const revisionInDb = (db, qid) => Number(sql(db, `SELECT revision FROM questionnaire_request WHERE id = ${qid}`)[0][0]);
const counts = (html) => Object.fromEntries([...html.matchAll(/<input type="hidden" name="(r[\d.]+)" value="(\d+)">/g)]
  .map((m) => [m[1], Number(m[2])]));
const actions = (html) => [...html.matchAll(/name="action" value="((?:add|remove)-[\d.]+)"/g)].map((m) => m[1]);
const value = (item) => { const a = item.answer?.[0] ?? {}; return a.valueString ?? a.valueInteger ?? a.valueDecimal ?? a.valueBoolean; };
// A medication as stored: its own answers, its doses (each its answers).
const medications = (resp) => (resp?.item || []).filter((i) => i.linkId === 'legemiddel').map((m) => ({
  ...Object.fromEntries(m.item.filter((i) => i.linkId !== 'dose').map((i) => [i.linkId, value(i)])),
  doses: m.item.filter((i) => i.linkId === 'dose').map((d) => Object.fromEntries(d.item.map((i) => [i.linkId, value(i)]))),
}));
const total = (resp) => value((resp.item || []).find((i) => i.linkId === 'tabletter-i-alt') ?? {});
function validR4(resp) {
  const r = fhir.validate(resp);
  assert.deepEqual(r.messages.filter((m) => m.severity === 'error'), [], JSON.stringify(resp));
  assert.equal(r.valid, true);
}

// Positions with two medications, the first with two doses and the second
// with one (as in tests/unit/test_questionnaire_nested.c): the first
// medication a0 (navn a1, styrke a2, behov a3; doses a4 (tid a5, antall a6,
// mg a7, grunn a8) and a9 (a10, a11, a12, a13); mg a day a14), the second
// a15 (a16, a17, a18; its dose a19 (a20, a21, a22, a23); a24), the total a25.
const PARACET = [['a1', 'Paracet'], ['a2', '500'], ['a5', 'morgen'], ['a6', '2'], ['a10', 'kveld'], ['a11', '1']];
const IBUX = [['a16', 'Ibux'], ['a17', '200'], ['a18', 'true'], ['a20', 'ved behov'], ['a21', '3'], ['a23', 'hodepine']];

test('a nested repeating group: add and remove doses per medication without JavaScript, each calculated per instance, read back by the clinician', async (t) => {
  const { db, ingrid, marius, pid, qid } = await world(t);
  let page = await marius.get(`/questionnaires/${qid}`);
  assert.equal(page.status, 200);
  assert.deepEqual(counts(page.text), { r0: 1, 'r4.0': 1 });
  assert.deepEqual(actions(page.text), ['add-4.0', 'add-0'], 'add a dose to this medication, add a medication');
  // Calculated values are no inputs; "what for?" waits for "when needed".
  assert.deepEqual(offeredFields(page.text), ['a1', 'a2', 'a3', 'a5', 'a6']);

  // Another dose: saved first, then the page has two doses in the first medication.
  let r = await post(marius, qid, [['revision', String(revisionOf(page.text))], ['r0', '1'], ['r4.0', '1'],
    ['action', 'add-4.0'], ['a1', 'Paracet'], ['a2', '500'], ['a5', 'morgen'], ['a6', '2']]);
  assert.equal(r.status, 303, r.text);
  assert.equal(r.headers.get('location'), `/questionnaires/${qid}?done=saved&add=4.0`);
  assert.deepEqual(medications(stored(db, qid)),
    [{ navn: 'Paracet', styrke: 500, 'dogn-mg': 1000, doses: [{ tid: 'morgen', antall: 2, 'dose-mg': 1000 }] }]);
  page = await marius.get(r.headers.get('location'));
  assert.equal(page.status, 200);
  assert.deepEqual(counts(page.text), { r0: 1, 'r4.0': 2 });
  assert.deepEqual(actions(page.text), ['remove-4', 'remove-9', 'add-4.0', 'add-0']);
  assert.match(page.text, /Dose \(2\)/);

  // Another medication, then its own dose list (r4.1).
  r = await post(marius, qid, [['revision', String(revisionOf(page.text))], ['r0', '1'], ['r4.0', '2'],
    ['action', 'add-0'], ...PARACET]);
  assert.equal(r.status, 303, r.text);
  assert.equal(r.headers.get('location'), `/questionnaires/${qid}?done=saved&add=0`);
  page = await marius.get(r.headers.get('location'));
  assert.deepEqual(counts(page.text), { r0: 2, 'r4.0': 2, 'r4.1': 1 });
  assert.deepEqual(actions(page.text), ['remove-0', 'remove-4', 'remove-9', 'add-4.0', 'remove-15', 'add-4.1', 'add-0']);
  assert.match(page.text, /name="a7"[^>]*value="1000"|>1000</, 'the first dose shows its mg');

  // Each dose, each medication and the whole form calculated in its own
  // instance; "what for?" only where that medication is taken when needed
  // (a reason posted for the first medication's dose is dropped).
  const rev = () => ['revision', String(revisionOf(page.text))];
  const shape = [['r0', '2'], ['r4.0', '2'], ['r4.1', '1']];
  r = await post(marius, qid, [rev(), ...shape, ['action', 'save'], ...PARACET, ['a8', 'feber'], ...IBUX]);
  assert.equal(r.status, 303, r.text);
  let resp = stored(db, qid);
  assert.deepEqual(medications(resp), [
    { navn: 'Paracet', styrke: 500, 'dogn-mg': 1500,
      doses: [{ tid: 'morgen', antall: 2, 'dose-mg': 1000 }, { tid: 'kveld', antall: 1, 'dose-mg': 500 }] },
    { navn: 'Ibux', styrke: 200, behov: true, 'dogn-mg': 600,
      doses: [{ tid: 'ved behov', antall: 3, 'dose-mg': 600, grunn: 'hodepine' }] },
  ]);
  assert.equal(total(resp), 6);
  validR4(resp);

  // Hostile posts: a count past the bound, a dose list of a third
  // medication that is not there, a forged calculated value: 400, nothing saved.
  page = await marius.get(`/questionnaires/${qid}`);
  const before = revisionInDb(db, qid);
  for (const bad of [
    [...shape.slice(0, 2), ['r4.1', '4']], // maxOccurs 3 per medication
    [...shape.slice(0, 2), ['r4.1', '21']], // past QF_INSTANCES_MAX
    [...shape, ['r4.2', '1']], // no third medication
    [['r0', '1'], ['r4.0', '2'], ['r4.1', '1']], // the second medication's doses without it
    [...shape, ['r4', '2']], // a nested group named without its medication
    [...shape, ['r4.0.0', '1']],
    [...shape.slice(1), ['r0', '2'], ['r0', '3']],
  ]) {
    r = await post(marius, qid, [rev(), ...bad, ['action', 'save'], ...PARACET, ...IBUX]);
    assert.equal(r.status, 400, JSON.stringify(bad));
  }
  r = await post(marius, qid, [rev(), ...shape, ['action', 'save'], ...PARACET, ...IBUX, ['a7', '99']]);
  assert.equal(r.status, 400, 'a calculated value is no input');
  assert.equal((await marius.get(`/questionnaires/${qid}?add=4.2`)).status, 400, 'no third medication to add a dose to');
  assert.equal((await marius.get(`/questionnaires/${qid}?add=4`)).status, 400);
  assert.equal(revisionInDb(db, qid), before, 'nothing saved');
  assert.deepEqual(medications(stored(db, qid)), medications(resp));

  // maxOccurs holds per medication: the first reaches three doses and
  // offers no more, the second still may.
  r = await post(marius, qid, [rev(), ...shape, ['action', 'add-4.0'], ...PARACET, ...IBUX]);
  assert.equal(r.headers.get('location'), `/questionnaires/${qid}?done=saved&add=4.0`);
  page = await marius.get(r.headers.get('location'));
  assert.deepEqual(counts(page.text), { r0: 2, 'r4.0': 3, 'r4.1': 1 });
  assert.ok(!actions(page.text).includes('add-4.0') && actions(page.text).includes('add-4.1'), actions(page.text).join());
  assert.equal((await marius.get(`/questionnaires/${qid}?add=4.0`)).status, 200, 'at the bound the page shows three');

  // "Fjern" on the first medication's first dose: positions after the
  // third dose (a14..a18) move on by five; it goes, the others stay.
  const three = [['r0', '2'], ['r4.0', '3'], ['r4.1', '1']];
  const shifted = IBUX.map(([k, v]) => [`a${Number(k.slice(1)) + 5}`, v]);
  r = await post(marius, qid, [rev(), ...three, ['action', 'remove-4'], ...PARACET, ['a15', 'natt'], ['a16', '1'], ...shifted]);
  assert.equal(r.status, 303, r.text);
  resp = stored(db, qid);
  assert.deepEqual(medications(resp)[0].doses,
    [{ tid: 'kveld', antall: 1, 'dose-mg': 500 }, { tid: 'natt', antall: 1, 'dose-mg': 500 }]);
  assert.equal(medications(resp)[0]['dogn-mg'], 1000);
  assert.equal(total(resp), 5);

  // "Legg til en til" on the second medication's doses when the first
  // medication is emptied: it goes with the save, and the second
  // medication's dose list is now the first's (r4.0).
  page = await marius.get(`/questionnaires/${qid}`);
  assert.deepEqual(counts(page.text), { r0: 2, 'r4.0': 2, 'r4.1': 1 });
  r = await post(marius, qid, [rev(), ...shape, ['action', 'add-4.1'], ...IBUX]);
  assert.equal(r.status, 303, r.text);
  assert.equal(r.headers.get('location'), `/questionnaires/${qid}?done=saved&add=4.0`);
  page = await marius.get(r.headers.get('location'));
  assert.deepEqual(counts(page.text), { r0: 1, 'r4.0': 2 });
  assert.match(page.text, /name="a1" value="Ibux"/);

  // Submitted; the clinician reads each medication with its doses and the values.
  r = await post(marius, qid, [rev(), ['r0', '1'], ['r4.0', '2'], ['action', 'submit'], ['a1', 'Ibux'], ['a2', '200'],
    ['a3', 'true'], ['a5', 'ved behov'], ['a6', '3'], ['a8', 'hodepine'], ['a10', 'natt'], ['a11', '2']]);
  assert.equal(r.status, 303, r.text);
  resp = stored(db, qid);
  assert.equal(resp.status, 'completed');
  validR4(resp);
  assert.deepEqual(medications(resp), [{ navn: 'Ibux', styrke: 200, behov: true, 'dogn-mg': 1000,
    doses: [{ tid: 'ved behov', antall: 3, 'dose-mg': 600, grunn: 'hodepine' }, { tid: 'natt', antall: 2, 'dose-mg': 400 }] }]);
  assert.equal(total(resp), 5);
  const view = await ingrid.get(`/staff/patients/${pid}/questionnaires/${qid}`);
  assert.equal(view.status, 200);
  for (const shown of ['Ibux', 'hodepine', 'natt', 'Mg denne gangen', 'Mg i døgnet', 'Tabletter i døgnet i alt'])
    assert.ok(view.text.includes(shown), shown);
  assert.match(view.text, />\s*600\s*</);
  assert.match(view.text, />\s*1000\s*</);
});
