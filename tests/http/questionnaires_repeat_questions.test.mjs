// questionnaires_repeat_questions.test.mjs — repeating questions other than
// choices (issue 16) over real HTTP, without JavaScript: a form written for
// these tests (tests/data/questionnaires/helsami-repeating-questions.json)
// with a repeating phone number (regex, at most 3, the national portal's
// repeatstext), repeating tablets a day (1 to 10, at least 2, required),
// their sum and count computed over every answer, repeating dates and
// notes (maxLength 20), and a repeating symptom within a repeating group.
// One box per answer, all named as the question's input; "add another"
// (add-KEY) and "remove" (remove-N.K) are submit buttons that save the draft
// first. A post with more boxes than the page shows, or removing one it
// does not have, is 400 with nothing saved. Every stored
// QuestionnaireResponse is valid R4, several answers on the one item.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { sql } from '../lib/db.mjs';
import { postAnswers, revisionOf, sentToMarius } from '../lib/qform.mjs';

const require = createRequire(import.meta.url);
const { Fhir } = require('fhir');
const fhir = new Fhir();

const MARIUS = '12848649994';
const NOW = '2026-11-22T10:00:00Z';
const FORM = new URL('../data/questionnaires/helsami-repeating-questions.json', import.meta.url);

// Items with one visit: a0 phone, a1 doses, a2 total, a3 count, a4 dates,
// a5 notes, a6 visit (group), a7 symptom; with two visits the second is a8
// (the group) and a9 symptom.
const world = (t) => sentToMarius(t, { file: FORM.pathname, title: 'Målinger og telefonnumre', now: NOW });

const stored = (db, qid) => {
  if (String(sql(db, `SELECT COUNT(*) FROM questionnaire_request WHERE id = ${qid} AND response IS NULL`)[0][0]) === '1')
    return null;
  return JSON.parse(sql(db, `SELECT response FROM questionnaire_request WHERE id = ${qid}`)[0].join('|'));
};
const boxes = (html, name) =>
  [...html.matchAll(new RegExp(`<(?:input|textarea) [^>]*name="${name}"(?: value="([^"]*)")?[^>]*>([^<]*)`, 'g'))]
    .map((m) => m[1] ?? m[2]);
const answers = (resp, linkId) => {
  const walk = (items = []) => items.flatMap((i) => [...(i.linkId === linkId ? [i.answer] : []), ...walk(i.item)]);
  return walk(resp?.item);
};
const plain = (html) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
function validR4(resp) {
  const r = fhir.validate(resp);
  assert.deepEqual(r.messages.filter((m) => m.severity === 'error'), [], JSON.stringify(resp));
}

test('add another and remove without JavaScript: one box per answer, saved first, several answers on the one item', async (t) => {
  const { db, ingrid, marius, pid, qid } = await world(t);
  let page = await marius.get(`/questionnaires/${qid}`);
  assert.equal(page.status, 200);
  // One empty box each; the repeatstext, or the portal's own words.
  assert.deepEqual(boxes(page.text, 'a0'), ['']);
  assert.match(page.text, /<input class="ds-input" type="text" inputmode="text" id="f-a0-0" name="a0" value="" maxlength="500"/);
  assert.match(page.text, /name="action" value="add-0">Legg til et telefonnummer</);
  assert.match(page.text, /name="action" value="add-1"><span>Legg til en til<\/span><span class="ds-sr-only">: Tabletter per dag/);
  assert.match(page.text, /type="date" inputmode="text" id="f-a4-0" name="a4"/);
  assert.match(page.text, /<textarea class="ds-input" id="f-a5-0" name="a5"/);
  assert.match(page.text, /name="action" value="add-6">.*Legg til et besøk/);
  assert.doesNotMatch(page.text, /value="remove-0\.0"/, 'one box has no remove');
  // Enter in a box keeps a draft: the hidden save comes first.
  assert.ok(page.text.indexOf('name="action" value="save" hidden') < page.text.indexOf('value="add-0"'));
  const rev = () => ['revision', String(revisionOf(page.text))];

  // "Legg til" saves what is typed, then the page shows one box more.
  let r = await postAnswers(marius, qid, [rev(), ['r6', '1'], ['action', 'add-0'], ['a0', '12345678']]);
  assert.equal(r.status, 303, r.text);
  assert.equal(r.headers.get('location'), `/questionnaires/${qid}?done=saved&add=0`);
  assert.deepEqual(answers(stored(db, qid), 'phone'), [[{ valueString: '12345678' }]]);
  page = await marius.get(r.headers.get('location'));
  assert.deepEqual(boxes(page.text, 'a0'), ['12345678', '']);
  assert.match(page.text, /value="remove-0\.0"[^>]*>Fjern<span class="ds-sr-only">: Svar 1</);
  // With no answer yet, "add another" shows two empty boxes.
  page = await marius.get(`/questionnaires/${qid}?done=saved&add=1`);
  assert.deepEqual(boxes(page.text, 'a1'), ['', '']);

  // Three numbers typed, the first removed: the two others saved, in order.
  r = await postAnswers(marius, qid, [rev(), ['r6', '1'], ['action', 'remove-0.0'],
    ['a0', '12345678'], ['a0', '87654321'], ['a0', '11223344']]);
  assert.equal(r.status, 303, r.text);
  assert.deepEqual(answers(stored(db, qid), 'phone'), [[{ valueString: '87654321' }, { valueString: '11223344' }]]);
  page = await marius.get(`/questionnaires/${qid}`);
  assert.deepEqual(boxes(page.text, 'a0'), ['87654321', '11223344']);
  // At maxOccurs (3) there is no "add another".
  r = await postAnswers(marius, qid, [rev(), ['r6', '1'], ['action', 'add-0'], ['a0', '87654321'], ['a0', '11223344'], ['a0', '99887766']]);
  page = await marius.get(r.headers.get('location'));
  assert.deepEqual(boxes(page.text, 'a0'), ['87654321', '11223344', '99887766']);
  assert.doesNotMatch(page.text, /value="add-0"/);
  // An empty box between answers is no answer; removing it removes nothing else.
  r = await postAnswers(marius, qid, [rev(), ['r6', '1'], ['action', 'remove-0.1'], ['a0', '87654321'], ['a0', ''], ['a0', '99887766']]);
  assert.equal(r.status, 303);
  assert.deepEqual(answers(stored(db, qid), 'phone'), [[{ valueString: '87654321' }, { valueString: '99887766' }]]);

  // Within a repeating group: the second visit's symptom is its own occurrence (7.1).
  page = await marius.get(`/questionnaires/${qid}`);
  r = await postAnswers(marius, qid, [rev(), ['r6', '2'], ['action', 'add-7.1'], ['a0', '87654321'],
    ['a7', 'hoste'], ['a9', 'feber']]);
  assert.equal(r.status, 303, r.text);
  assert.equal(r.headers.get('location'), `/questionnaires/${qid}?done=saved&add=7.1`);
  page = await marius.get(r.headers.get('location'));
  assert.deepEqual(boxes(page.text, 'a7'), ['hoste']);
  assert.deepEqual(boxes(page.text, 'a9'), ['feber', '']);

  // Submitted: the sum and the count see every answer; the response holds them in order.
  r = await postAnswers(marius, qid, [rev(), ['r6', '2'], ['action', 'submit'], ['a0', '87654321'],
    ['a1', '2'], ['a1', '3'], ['a1', '2'], ['a4', '2026-11-01'], ['a4', '2026-11-15'], ['a5', 'Første'], ['a5', 'Andre'],
    ['a7', 'hoste'], ['a9', 'feber'], ['a9', 'hodepine']]);
  assert.equal(r.status, 303, r.text);
  const resp = stored(db, qid);
  assert.equal(resp.status, 'completed');
  validR4(resp);
  assert.deepEqual(answers(resp, 'doses'), [[{ valueInteger: 2 }, { valueInteger: 3 }, { valueInteger: 2 }]]);
  assert.deepEqual(answers(resp, 'total'), [[{ valueInteger: 7 }]]);
  assert.deepEqual(answers(resp, 'count'), [[{ valueInteger: 3 }]]);
  assert.deepEqual(answers(resp, 'dates'), [[{ valueDate: '2026-11-01' }, { valueDate: '2026-11-15' }]]);
  assert.deepEqual(answers(resp, 'notes'), [[{ valueString: 'Første' }, { valueString: 'Andre' }]]);
  assert.deepEqual(answers(resp, 'symptom'), [[{ valueString: 'hoste' }], [{ valueString: 'feber' }, { valueString: 'hodepine' }]]);

  const view = await ingrid.get(`/staff/patients/${pid}/questionnaires/${qid}`);
  assert.equal(view.status, 200);
  assert.match(plain(view.text), /Tabletter per dag 2 3 2 /);
  assert.match(plain(view.text), /Tabletter i alt 7 /);
  assert.match(plain(view.text), /Symptom feber hodepine /);
});

test('each answer is checked as a single one, and minOccurs on submit', async (t) => {
  const { db, marius, qid } = await world(t);
  const page = await marius.get(`/questionnaires/${qid}`);
  const rev = ['revision', String(revisionOf(page.text))];
  const refused = async (pairs, message) => {
    const r = await postAnswers(marius, qid, [rev, ['r6', '1'], ...pairs]);
    assert.equal(r.status, 400, message.source);
    assert.match(r.text, message);
    assert.equal(stored(db, qid), null, 'nothing saved');
    return r;
  };
  // The second box is out of range; the page keeps both as typed.
  const r = await refused([['action', 'save'], ['a1', '2'], ['a1', '11']], /Skriv et tall som er 10 eller mindre\./);
  assert.deepEqual(boxes(r.text, 'a1'), ['2', '11']);
  await refused([['action', 'save'], ['a1', '2'], ['a1', 'to']], /Skriv et helt tall|heltall/i);
  await refused([['action', 'save'], ['a0', '12345678'], ['a0', '1234']], /id="f-a0-error"/);
  await refused([['action', 'save'], ['a5', 'kort'], ['a5', 'denne merknaden er for lang']], /id="f-a5-error"/);
  await refused([['action', 'save'], ['a4', '2026-02-30']], /id="f-a4-error"/);
  // minOccurs 2 once answered, and required: on submit only.
  await refused([['action', 'submit'], ['a1', '2']], /Fyll ut minst 2 svar her\./);
  await refused([['action', 'submit']], /id="f-a1-error"/);
  const saved = await postAnswers(marius, qid, [rev, ['r6', '1'], ['action', 'save'], ['a1', '2']]);
  assert.equal(saved.status, 303, 'a draft may hold fewer');
});

test('hostile posts: more boxes than the page shows, removing a box it does not have, an add it cannot show: 400, nothing saved', async (t) => {
  const { db, marius, qid } = await world(t);
  const page = await marius.get(`/questionnaires/${qid}`);
  const rev = ['revision', String(revisionOf(page.text))];
  const phones = (n) => Array.from({ length: n }, (_, k) => ['a0', String(10000000 + k)]);
  for (const pairs of [
    [['action', 'save'], ...phones(4)], // maxOccurs 3
    [['action', 'save'], ...Array.from({ length: 21 }, () => ['a4', '2026-11-01'])], // QF_ANSWERS_MAX 20
    [['action', 'remove-0.1'], ['a0', '12345678']], // one box posted
    [['action', 'remove-0.3'], ...phones(3)], // past maxOccurs
    [['action', 'remove-2.0'], ['a1', '2']], // a computed item
    [['action', 'remove-0.x'], ['a0', '12345678']],
    [['action', 'add-2'], ['a1', '2']], // not a repeating question
    [['action', 'add-7.1'], ['a7', 'hoste']], // a visit that is not there
    [['action', 'save'], ['a2', '99']], // a value for the computed sum
  ]) {
    const r = await postAnswers(marius, qid, [rev, ['r6', '1'], ...pairs]);
    assert.equal(r.status, 400, JSON.stringify(pairs));
    assert.equal(stored(db, qid), null, JSON.stringify(pairs));
  }
  for (const add of ['2', '0.0', '99', '7.1'])
    assert.equal((await marius.get(`/questionnaires/${qid}?add=${add}`)).status, 400, add);
});
