// questionnaires_national.test.mjs — the national portal's calculated-value
// extension (http://ehelse.no/fhir/StructureDefinition/sdf-calculatedExpression,
// FHIRPath in valueString, as Helsenorge's renderer helsenorge/refero reads
// it) over real HTTP: a form in the portal's style is imported, answered and
// read back; the sum is computed on the server, never a box to type into (a
// forged value is refused), stored in a valid R4 QuestionnaireResponse and
// shown to the clinician. The form is written here in the style of refero's
// own tests: no public national form found imports whole yet (each carries
// the portal's other extensions, refused by name).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, runCli } from '../lib/server.mjs';
import { seedDemo } from '../lib/demo.mjs';
import { loginAs } from '../lib/session.mjs';
import { sql } from '../lib/db.mjs';
import { postAnswers, revisionOf, sendAsIngrid } from '../lib/qform.mjs';

const require = createRequire(import.meta.url);
const { Fhir } = require('fhir');
const fhir = new Fhir();

const MARIUS = '12848649994';
const INGRID = '14827549852'; // GP, Øya legesenter
const NOW = '2026-11-22T10:00:00Z';
const at = (linkId) => `QuestionnaireResponse.descendants().where(linkId='${linkId}').answer.value`;
// Fields by item position: a0 days, a1 nights, a2 the sum (calculated).
const FORM = {
  resourceType: 'Questionnaire', name: 'HN_Reise', version: '1', language: 'nb-NO', title: 'Reisedøgn', status: 'active',
  item: [
    { linkId: '1', type: 'integer', text: 'Antall dager' },
    { linkId: '2', type: 'integer', text: 'Antall netter' },
    { linkId: '3', type: 'integer', text: 'Døgn i alt', readOnly: true,
      extension: [{ url: 'http://ehelse.no/fhir/StructureDefinition/sdf-calculatedExpression', valueString: `${at('1')} + ${at('2')}` }] },
  ],
};

// The demo world with `form` (FORM unless given) imported and sent to Marius.
async function world(t, form = FORM) {
  const db = seedDemo(null);
  const file = join(mkdtempSync(join(tmpdir(), 'national-')), 'form.json');
  writeFileSync(file, JSON.stringify(form, null, 2));
  const imported = runCli(['import', 'questionnaire', file, '--db', db.url]);
  assert.equal(imported.status, 0, imported.stderr);
  const srv = await startServer({ db });
  t.after(async () => { await srv.stop(); db.cleanup(); });
  const headers = { 'x-helsami-now': NOW };
  const { ingrid, pid, qid } = await sendAsIngrid(srv, db, { nin: MARIUS, title: form.title, headers });
  return { db, ingrid, marius: await loginAs(srv, MARIUS, { headers }), pid, qid };
}

const post = postAnswers;
const stored = (db, qid) => JSON.parse(sql(db, `SELECT response FROM questionnaire_request WHERE id = ${qid}`)[0].join('|'));

test("the national portal's calculated expression: computed on the server, stored, shown to the clinician", async (t) => {
  const { db, ingrid, marius, pid, qid } = await world(t);
  let page = await marius.get(`/questionnaires/${qid}`);
  assert.equal(page.status, 200, page.text.slice(0, 2000));
  assert.doesNotMatch(page.text, /name="a2"/, 'the sum is no input');
  const rev = () => ['revision', String(revisionOf(page.text))];

  // Hostile: a value for the calculated item is an unknown field.
  assert.equal((await post(marius, qid, [rev(), ['action', 'save'], ['a0', '3'], ['a1', '2'], ['a2', '999']])).status, 400);

  let r = await post(marius, qid, [rev(), ['action', 'save'], ['a0', '3'], ['a1', '2']]);
  assert.equal(r.status, 303, r.text);
  page = await marius.get(`/questionnaires/${qid}`);
  r = await post(marius, qid, [rev(), ['action', 'submit'], ['a0', '4'], ['a1', '3']]);
  assert.equal(r.status, 303, r.text);
  const resp = stored(db, qid);
  assert.deepEqual(resp.item.map((i) => [i.linkId, i.answer[0].valueInteger]), [['1', 4], ['2', 3], ['3', 7]]);
  const v = fhir.validate(resp);
  assert.deepEqual(v.messages.filter((m) => m.severity === 'error'), [], JSON.stringify(resp));

  const view = await ingrid.get(`/staff/patients/${pid}/questionnaires/${qid}`);
  assert.equal(view.status, 200);
  assert.match(view.text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '), /Døgn i alt 7/);
});

// The portal's scoring by item code (http://ehelse.no/scoringFormulas): a
// form in its style (tests/data/questionnaires/helsami-national-scoring.json).
// Fields by item position: a1 '1.1', a2 '1.2' (choices, QS), a3 '1.3' (section
// score, a quantity), a5 '2.1' (checkboxes, QS), a6 '2.2' (section score), a7
// '3' (total score).
const SCORED = JSON.parse(readFileSync(new URL('../data/questionnaires/helsami-national-scoring.json', import.meta.url), 'utf8'));
const findItem = (items = [], linkId) => {
  for (const i of items) {
    if (i.linkId === linkId) return i;
    const inner = findItem(i.item, linkId);
    if (inner) return inner;
  }
  return undefined;
};
const scoreOf = (resp, linkId) => {
  const a = findItem(resp.item, linkId)?.answer?.[0];
  return a ? (a.valueQuantity?.value ?? a.valueDecimal ?? a.valueInteger) : undefined;
};

test("the national portal's scoring by item code: section and total scores computed on the server, never typed", async (t) => {
  const { db, ingrid, marius, pid, qid } = await world(t, SCORED);
  let page = await marius.get(`/questionnaires/${qid}`);
  assert.equal(page.status, 200, page.text.slice(0, 2000));
  for (const score of ['a3', 'a6', 'a7']) assert.doesNotMatch(page.text, new RegExp(`name="${score}"`), `${score} is no input`);
  const rev = () => ['revision', String(revisionOf(page.text))];

  // Hostile: the patient cannot set their own score; nothing is stored.
  for (const forged of [['a7', '0'], ['a3', '0'], ['a6', '99']]) {
    const r = await post(marius, qid, [rev(), ['action', 'save'], ['a1', '2'], forged]);
    assert.equal(r.status, 400, forged[0]);
  }
  assert.equal(String(sql(db, `SELECT COUNT(*) FROM questionnaire_request WHERE id = ${qid} AND response IS NULL`)[0][0]), '1');

  let r = await post(marius, qid, [rev(), ['action', 'save'], ['a1', '2'], ['a2', '1'], ['a5', 'a'], ['a5', 'c']]);
  assert.equal(r.status, 303, r.text);
  let resp = stored(db, qid);
  assert.deepEqual(['1.3', '2.2', '3'].map((l) => scoreOf(resp, l)), [3, 1.5, 5], JSON.stringify(resp));
  page = await marius.get(`/questionnaires/${qid}`);
  assert.match(page.text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '), /Totalsum 5/, 'the patient sees the score');

  // Answers changed: the scores follow on the next save; a section left empty has none.
  r = await post(marius, qid, [rev(), ['action', 'submit'], ['a1', '1']]);
  assert.equal(r.status, 303, r.text);
  resp = stored(db, qid);
  assert.deepEqual(['1.3', '2.2', '3'].map((l) => scoreOf(resp, l)), [1, undefined, 1]);
  assert.deepEqual(findItem(resp.item, '1.3').answer[0].valueQuantity, { code: 'score', system: 'http://ehelse.no/Score', unit: 'poeng', value: 1 });
  const v = fhir.validate(resp);
  assert.deepEqual(v.messages.filter((m) => m.severity === 'error'), [], JSON.stringify(resp));

  const view = await ingrid.get(`/staff/patients/${pid}/questionnaires/${qid}`);
  assert.equal(view.status, 200);
  const text = view.text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  assert.match(text, /Sum del 1 1 poeng/);
  assert.match(text, /Totalsum 1/);
});
