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
import { loginAs, loginActingForChild } from '../lib/session.mjs';
import { sql } from '../lib/db.mjs';
import { postAnswers, revisionOf, sendAsIngrid, sentToMarius } from '../lib/qform.mjs';

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
const world = (t, form = FORM) => sentToMarius(t, { form, now: NOW });

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

// A form as the national portal publishes it: Helfo's order of the European
// Health Insurance Card (helsenorge/refero preview/skjema/HELFO_EHIC-v2.1.json,
// tests/data/questionnaires/README.md), a Bundle of three languages of which
// the Bokmål one is imported, byte for byte. Fields by item position: a3 who
// the card is for (check boxes); a2 the identity number is prefilled,
// read-only (sdf-fhirpath over the Patient).
const SILJE = '03898849863'; // Emma's mother
const EMMA = '15862199860';
const EHIC = new URL('../data/questionnaires/helfo-ehic-v2.1.json', import.meta.url).pathname;
const MYSELF = 'c7b81e69-e40f-43a1-8afb-c2e76f7040fe';
// The portal's prefill of who fills in the form (sdf-fhirpath over RelatedPerson,
// as Helse Vest's HV-Anestesi-1 writes it): read-only, the representative acting.
const FHIRPATH = (valueString) => [{ url: 'http://ehelse.no/fhir/StructureDefinition/sdf-fhirpath', valueString }];
const FILLER = {
  resourceType: 'Questionnaire', name: 'HN_Utfyller', version: '1', language: 'nb-NO', title: 'Hvem fyller ut', status: 'active',
  item: [
    { linkId: 'navn', type: 'string', text: 'Navn', readOnly: true, extension: FHIRPATH("Patient.name.where(use = 'official').text") },
    { linkId: 'rep', type: 'string', text: 'Utfylt av', readOnly: true, extension: FHIRPATH("RelatedPerson.name.where(use = 'official').text") },
    { linkId: 'repnr', type: 'string', text: 'Fødselsnummer til den som fyller ut', readOnly: true,
      extension: FHIRPATH("RelatedPerson.identifier.where(use = 'official' and system = 'urn:oid:2.16.578.1.12.4.1.4.1').value") },
    { linkId: 'merknad', type: 'string', text: 'Merknad' },
  ],
};
const CHILDREN = '1f321b56-de32-45c7-e3f0-2f65d04701b3';

test("a national portal's form as published: imported from its Bundle, answered, read back; only the patient answers it", async (t) => {
  const db = seedDemo();
  const imported = runCli(['import', 'questionnaire', EHIC, '--language', 'nb-NO', '--db', db.url]);
  assert.equal(imported.status, 0, imported.stderr);
  const filler = join(mkdtempSync(join(tmpdir(), 'national-')), 'filler.json');
  writeFileSync(filler, JSON.stringify(FILLER));
  assert.equal(runCli(['import', 'questionnaire', filler, '--db', db.url]).status, 0);
  const srv = await startServer({ db });
  t.after(async () => { await srv.stop(); db.cleanup(); });
  const headers = { 'x-helsami-now': NOW };
  const title = 'Bestill Europeisk helsetrygdkort';
  const { ingrid, pid, qid } = await sendAsIngrid(srv, db, { nin: MARIUS, title, headers });
  const marius = await loginAs(srv, MARIUS, { headers });

  let page = await marius.get(`/questionnaires/${qid}`);
  assert.equal(page.status, 200, page.text.slice(0, 2000));
  // Markdown rendered, escaped: the link, the bold label, the highlighted text, the sidebar, the section to open.
  assert.match(page.text, /<a class="ds-link" href="https:\/\/www.helsenorge.no\/behandling-i-utlandet\/eu-eos-landene\/" rel="noopener">EU\/EØS-land<\/a>/);
  assert.match(page.text, /<legend class="ds-label"><strong>Europeisk helsetrygdkort bestilles for:<\/strong>/);
  assert.match(page.text, /<div class="ds-alert" data-color="info"><p class="ds-paragraph">Europeisk helsetrygdkort dokumenterer/);
  assert.match(page.text, /<aside class="hs-stack"><p class="ds-paragraph"><strong>Leveringstid<\/strong><br>Ved automatisk/);
  assert.match(page.text, /<details [^>]*><summary><strong>Søknaden din blir behandlet automatisk[^<]*<\/strong>\s*<\/summary>[\s\S]*?<li>Folkeregisteret[^<]*<\/li>[\s\S]*?<\/details>/);
  assert.doesNotMatch(page.text, /\*\*/, 'no Markdown shows as written');
  const rev = () => ['revision', String(revisionOf(page.text))];

  // The form's own message for a failed check (validationtext).
  let r = await post(marius, qid, [rev(), ['action', 'submit']]);
  assert.equal(r.status, 400);
  assert.match(r.text, /id="f-a3-error">Velg ett eller flere av alternativene.<\/p>/);
  assert.match(r.text, /<a class="ds-link" href="#f-a3">Europeisk helsetrygdkort bestilles for: Velg ett eller flere av alternativene.<\/a>/, 'the summary: plain text without the question\'s own colon, the form\'s message');

  // Check boxes: several answers, as the portal's renderer allows.
  r = await post(marius, qid, [rev(), ['action', 'submit'], ['a3', MYSELF], ['a3', CHILDREN]]);
  assert.equal(r.status, 303, r.text);
  const resp = stored(db, qid);
  const group = findItem(resp.item, 'GR_BESTILLING');
  assert.deepEqual(group.item.map((i) => [i.linkId, i.answer.map((a) => a.valueString ?? a.valueCoding.code)]),
    [['FNR', [MARIUS]], ['HVEM_BESTILLES_FOR', [MYSELF, CHILDREN]]]);
  assert.equal(findItem(resp.item, 'INTRO_TEKST'), undefined, 'a text shown is no answer');
  const v = fhir.validate(resp);
  assert.deepEqual(v.messages.filter((m) => m.severity === 'error'), [], JSON.stringify(resp));

  const view = await ingrid.get(`/staff/patients/${pid}/questionnaires/${qid}`);
  assert.equal(view.status, 200);
  const text = view.text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  assert.match(text, new RegExp(`Fødselsnummer til den som bestiller: ${MARIUS}`));
  assert.match(text, /Europeisk helsetrygdkort bestilles for: Meg selv Barn jeg har foreldreansvar for/);

  // sdf-canbeperformedby 2: a parent acting for her child reads it, cannot answer it.
  const sent = await sendAsIngrid(srv, db, { nin: EMMA, title, headers });
  const silje = await loginActingForChild(srv, SILJE, EMMA, 'Emma Berg', { headers });
  page = await silje.get(`/questionnaires/${sent.qid}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /kan bare fylles ut av personen selv/);
  assert.doesNotMatch(page.text, /name="a3"/);
  r = await post(silje, sent.qid, [['revision', '0'], ['action', 'submit'], ['a3', MYSELF]]);
  assert.equal(r.location, `/questionnaires/${sent.qid}?done=closed`, 'no answer taken');
  assert.equal(String(sql(db, `SELECT COUNT(*) FROM questionnaire_request WHERE id = ${sent.qid} AND response IS NULL`)[0][0]), '1');

  // RelatedPerson: the parent acting is named in the child's answers; the patient alone, nobody.
  const answersOf = (qid) => Object.fromEntries((stored(db, qid).item || []).map((i) => [i.linkId, i.answer[0].valueString]));
  const forEmma = await sendAsIngrid(srv, db, { nin: EMMA, title: 'Hvem fyller ut', headers });
  page = await silje.get(`/questionnaires/${forEmma.qid}`);
  r = await post(silje, forEmma.qid, [['revision', String(revisionOf(page.text))], ['action', 'submit'], ['a3', 'ok']]);
  assert.equal(r.status, 303, r.text);
  const names = (nin) => sql(db, `SELECT given_name || ' ' || family_name FROM person WHERE nin = '${nin}'`)[0][0];
  assert.deepEqual(answersOf(forEmma.qid), { navn: names(EMMA), rep: names(SILJE), repnr: SILJE, merknad: 'ok' });
  const forMarius = await sendAsIngrid(srv, db, { nin: MARIUS, title: 'Hvem fyller ut', headers });
  page = await marius.get(`/questionnaires/${forMarius.qid}`);
  r = await post(marius, forMarius.qid, [['revision', String(revisionOf(page.text))], ['action', 'submit'], ['a3', 'ok']]);
  assert.equal(r.status, 303, r.text);
  assert.deepEqual(answersOf(forMarius.qid), { navn: names(MARIUS), merknad: 'ok' });
});
