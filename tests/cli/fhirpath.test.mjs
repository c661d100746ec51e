// fhirpath.test.mjs — the calculated values' FHIRPath evaluator
// (domain/questionnaire_fhirpath.c) differentially against the `fhirpath`
// npm package (fhirpath.js, R4 model) — issue 16 item 6. The same
// expressions run on the same QuestionnaireResponses through
// `helsami fhirpath` and through fhirpath.js, with the same variables in
// scope (fhirpath.js is given them evaluated by itself, in order), and the
// results must agree. Every operator and function of the subset
// (docs/questionnaires.md) is covered, and every calculated expression and
// variable of the forms here: the demo PHQ-9's total score and LHC-Forms'
// hidden-item form. A disagreement is a bug in ours.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../lib/server.mjs';

const require = createRequire(import.meta.url);
const fhirpath = require('fhirpath');
const r4 = require('fhirpath/fhir-context/r4');

const VARIABLE = 'http://hl7.org/fhir/StructureDefinition/variable';
const CALCULATED = 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression';
const dir = mkdtempSync(join(tmpdir(), 'fhirpath-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const PHQ9 = readJson('data/questionnaires/questionnaire-phq9.json');
// LHC-Forms' hidden-item form, as published but for the version it lacks.
const HIDDEN = { ...readJson('tests/data/questionnaires/lforms-hidden-item-questionnaire.R4.json'), version: '1' };

// The items from the top to the one named (its ancestors, then it).
function chain(items, linkId, above = []) {
  for (const it of items || []) {
    if (it.linkId === linkId) return [...above, it];
    const found = chain(it.item, linkId, [...above, it]);
    if (found) return found;
  }
  return null;
}
const variables = (o) => (o.extension || []).filter((e) => e.url === VARIABLE).map((e) => e.valueExpression);

// The response items from the top to the n-th (in document order) with
// this linkId, through answers' items too; null when it is not there.
function nodePath(items, linkId, n, above = [], seen = { n }) {
  for (const it of items || []) {
    if (it.linkId === linkId && seen.n-- === 0) return [...above, it];
    const inner = [...(it.item || []), ...(it.answer || []).flatMap((a) => a.item || [])];
    const found = nodePath(inner, linkId, n, [...above, it], seen);
    if (found) return found;
  }
  return null;
}

// fhirpath.js evaluating from a response item (none: the empty collection),
// as SDC says an item's expression does (%context is that item).
const fromItem = (node, expression, env) =>
  fhirpath.evaluate(node ?? [], { base: 'QuestionnaireResponse.item', expression }, env, r4);

// fhirpath.js's result in the scope of the item `at` names ("linkId" or
// "linkId@n", its n-th copy; '' the questionnaire): the questionnaire's
// variables over the response, then each item's from the outermost in,
// each from its own response item (the instance the item is in) with those
// before in scope, and the expression from the item's response item.
function theirs(q, resource, at, expression) {
  const env = { resource, questionnaire: q };
  const [linkId, n] = at.split('@');
  const defs = linkId ? chain(q.item, linkId) : [];
  const nodes = linkId ? nodePath(resource.item, linkId, Number(n || 0)) || [] : [];
  const nodeOf = (d) => nodes.find((x) => x.linkId === d.linkId);
  try {
    for (const v of variables(q)) env[v.name] = fhirpath.evaluate(resource, v.expression, env, r4);
    for (const d of defs) for (const v of variables(d)) env[v.name] = fromItem(nodeOf(d), v.expression, env);
    return linkId ? fromItem(nodeOf(defs.at(-1)), expression, env) : fhirpath.evaluate(resource, expression, env, r4);
  } catch {
    return null;
  }
}

// Ours, for many expressions in one run of the CLI.
function ours(q, resource, cases) {
  const qf = join(dir, 'q.json'), rf = join(dir, 'r.json');
  writeFileSync(qf, JSON.stringify(q));
  writeFileSync(rf, JSON.stringify(resource));
  const input = cases.map(([linkId, e]) => `${linkId}\t${e}\n`).join('');
  const r = spawnSync(BIN, ['fhirpath', qf, rf], { input, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
}

function agree(q, resource, cases) {
  const got = ours(q, resource, cases);
  assert.equal(got.length, cases.length);
  // Each is in the subset: ours gives a collection (maybe empty), never an error.
  cases.forEach(([, e], i) => assert.notEqual(got[i], null, e));
  const disagreements = [];
  cases.forEach(([linkId, e], i) => {
    const want = theirs(q, resource, linkId, e);
    try {
      assert.deepEqual(got[i], want);
    } catch {
      disagreements.push(`${linkId || '(questionnaire)'}: ${e}\n  ours: ${JSON.stringify(got[i])}\n  fhirpath.js: ${JSON.stringify(want)}`);
    }
  });
  assert.deepEqual(disagreements, [], disagreements.join('\n'));
}

const LOINC = 'http://loinc.org';
const phq9Codes = ['LA6568-5', 'LA6569-3', 'LA6570-1', 'LA6571-9']; // scores 0..3
function phq9Response(scores, { total, vansker } = {}) {
  const plager = scores.map((s, i) => ({ linkId: `phq9-${i + 1}`, answer: [{ valueCoding: { system: LOINC, code: phq9Codes[s] } }] }));
  const item = [{ linkId: 'plager', item: plager }];
  if (total !== undefined) item.push({ linkId: 'total', answer: [{ valueInteger: total }] });
  if (vansker) item.push({ linkId: 'vansker', answer: [{ valueCoding: { system: LOINC, code: vansker } }] });
  return { resourceType: 'QuestionnaireResponse', status: 'in-progress', item };
}

// Every operator and function of the subset, over the response.
const SUBSET = [
  '%resource.item.linkId', '%resource.repeat(item).linkId', '%resource.item.item.linkId',
  "%resource.repeat(item).where(linkId = 'phq9-1').answer.value",
  "%resource.repeat(item).where(linkId = 'total').answer.value",
  "%resource.repeat(item).where(linkId.matches('^phq9-[1-9]$')).answer.value.ordinal()",
  "%resource.repeat(item).where(linkId.matches('^phq9-[1-9]$')).answer.value.weight()",
  "%resource.repeat(item).where(linkId.matches('^phq9-[1-9]$')).answer.value.ordinal().sum()",
  "%resource.repeat(item).where(linkId.matches('^phq9-[1-9]$')).answer.value.ordinal().count()",
  "%resource.repeat(item).where(linkId.startsWith('phq9')).count()",
  "%resource.repeat(item).where(linkId.startsWith('phq9-1')).linkId",
  "%resource.repeat(item).where(linkId.matches('^phq9-[0-9]+$').not()).linkId",
  '%resource.item.exists()', "%resource.item.exists(linkId = 'total')", "%resource.item.where(linkId = 'nei').exists()",
  "%resource.item.exists(linkId = 'nei')", "%resource.item.where(linkId = 'nei').empty()", '%resource.item.empty()',
  '%resource.item.first().linkId', '%resource.repeat(item).first().linkId', '%resource.item.exists().not()',
  "%resource.repeat(item).where(linkId = 'nei').answer.value.first()",
  "iif(%resource.item.count() > 1, 'mange', 'få')", "iif(%resource.item.count() > 9, 'mange', 'få')",
  'iif({}, 1, 2)', 'iif(true, 1)', 'iif(false, 1)', "iif(%resource.item.where(linkId = 'nei').exists(), 1, {})",
  '1 + 2 * 3 - 4 / 8', '7 / 2', '7 / 0', '(1 + 2) * 3', '5 - {}', '{} + 5', '2.5 * 4', '-3 + 1', '1 - -1', '10 / 4 * 2',
  '1 < 2', '2 <= 2', '3 > 4', '3 >= 4', '1 = 1', '1 != 1', '1 = 1.0', "'a' = 'a'", "'a' != 'b'", "'a' < 'b'", '{} = 1',
  '{} != 1', '1 < {}',
  'true and false', 'true and {}', 'false and {}', '{} and false', 'true or {}', 'false or {}', '{} or {}', '{} or true',
  'true and true or false', 'true.not()', 'false.not()', '{}.not()', '{}', '{}.count()', '{}.sum()', '{}.first()',
  '{}.exists()', '{}.empty()', "'x'.startsWith('')", "'abc'.startsWith('ab')", "'abc'.matches('^a.c$')",
  "'abc'.matches('b')", "'2024-01-01'.matches('^[0-9]{4}-[0-9]{2}-[0-9]{2}$')",
  "%resource.repeat(item).where(linkId = 'total').answer.value + 1",
  "%resource.repeat(item).where(linkId = 'total').answer.value > 9",
  "%resource.repeat(item).where(linkId = 'total').answer.value.exists() and %resource.item.exists()",
  // The national portal's style (sdf-calculatedExpression): from the response by its type name, descendants().
  "QuestionnaireResponse.descendants().where(linkId = 'phq9-1').answer.value.ordinal()",
  "QuestionnaireResponse.descendants().where(linkId = 'total').answer.value + 1",
  "QuestionnaireResponse.descendants().where(linkId.startsWith('phq9')).answer.value.ordinal().sum()",
  "QuestionnaireResponse.item.linkId", "%resource.item[0].linkId", "%resource.repeat(item)[1].linkId", "%resource.item[9].linkId",
  "'a' + 'b'", "'PHQ-' + %resource.item.first().linkId",
];

test('every operator and function of the subset agrees with fhirpath.js, over PHQ-9 responses', () => {
  for (const resource of [phq9Response([1, 0, 3, 2, 1, 0, 0, 2, 1], { total: 10, vansker: 'LA6572-7' }),
    phq9Response([3, 3]), { resourceType: 'QuestionnaireResponse', status: 'in-progress' }]) {
    agree(PHQ9, resource, SUBSET.map((e) => ['', e]));
  }
});

// The calculated expressions and variables of a form, each in its item's scope.
function calculatedCases(q) {
  const cases = variables(q).map((v) => ['', v.expression]);
  const walk = (items) => (items || []).forEach((it) => {
    for (const v of variables(it)) cases.push([it.linkId, v.expression]);
    for (const e of (it.extension || []).filter((x) => x.url === CALCULATED)) cases.push([it.linkId, e.valueExpression.expression]);
    walk(it.item);
  });
  walk(q.item);
  assert.ok(cases.length > 0);
  return cases;
}

test("the forms' own calculated values agree: PHQ-9's total (all nine, some, none) and LHC-Forms' hidden-item form", () => {
  const phq9 = [...calculatedCases(PHQ9), ['total', '%skaarer'], ['total', '%skaarer.count()'], ['total', '%skaarer.sum()']];
  assert.ok(phq9.some(([, e]) => e.includes('iif(')), 'the total score is among them');
  for (const scores of [[0, 0, 0, 0, 0, 0, 0, 0, 0], [3, 3, 3, 3, 3, 3, 3, 3, 3], [1, 2, 3, 0, 1, 2, 3, 0, 1], [2, 2, 2], []]) {
    agree(PHQ9, phq9Response(scores), phq9);
  }
  const visible = (v) => ({ resourceType: 'QuestionnaireResponse', status: 'in-progress', item: [{ linkId: 'ITEM-VISIBLE', answer: [{ valueDecimal: v }] }] });
  for (const resource of [visible(2.5), visible(-0.125), visible(1000000), { resourceType: 'QuestionnaireResponse', status: 'completed' }]) {
    agree(HIDDEN, resource, calculatedCases(HIDDEN));
  }
});

// Repeating groups within repeating groups (tests/data/questionnaires/
// helsami-nested-medications.json): each expression from its item's
// response item in its own instance (SDC), %resource the whole response.
const NESTED = readJson('tests/data/questionnaires/helsami-nested-medications.json');
const dose = (tid, antall, mg) => ({ linkId: 'dose', item: [
  ...(tid ? [{ linkId: 'tid', answer: [{ valueString: tid }] }] : []),
  ...(antall !== undefined ? [{ linkId: 'antall', answer: [{ valueInteger: antall }] }] : []),
  ...(mg !== undefined ? [{ linkId: 'dose-mg', answer: [{ valueDecimal: mg }] }] : []),
] });
const medication = (navn, styrke, doses, dogn) => ({ linkId: 'legemiddel', item: [
  { linkId: 'navn', answer: [{ valueString: navn }] },
  ...(styrke !== undefined ? [{ linkId: 'styrke', answer: [{ valueDecimal: styrke }] }] : []),
  ...doses,
  ...(dogn !== undefined ? [{ linkId: 'dogn-mg', answer: [{ valueDecimal: dogn }] }] : []),
] });
const nestedResponse = (...medications) => ({ resourceType: 'QuestionnaireResponse', status: 'in-progress', item: medications });
const IN_INSTANCE = [
  'item.linkId', '%context.item.linkId', "item.where(linkId = 'dose').count()", "item.where(linkId = 'dose').item.linkId",
  "item.where(linkId = 'dose').item.where(linkId = 'antall').answer.value.sum()", 'answer.value', '%context.answer.value',
  "%resource.repeat(item).where(linkId = 'antall').answer.value.sum()", "%resource.item.where(linkId = 'legemiddel').count()",
  '%styrke', '%tabletter', '%styrke * %tabletter', 'linkId', 'item.exists()', "repeat(item).where(linkId = 'tid').answer.value",
];

test('within repeating groups within repeating groups each expression starts from its own instance, as fhirpath.js given that item', () => {
  const responses = [
    nestedResponse(medication('Paracet', 500, [dose('morgen', 2, 1000), dose('kveld', 1, 500)], 1500),
      medication('Ibux', 200, [dose('ved behov', 3, 600)], 600)),
    nestedResponse(medication('Paracet', 500, [dose('morgen', 2, 1000)], 1000),
      medication('Ibux', undefined, [dose('kveld', 1, 5), dose(undefined, 4, 7), dose('natt', undefined, 9)], 3)),
  ];
  for (const resource of responses) {
    const doses = nodesNamed(resource, 'dose'), meds = nodesNamed(resource, 'legemiddel');
    const cases = [
      ...calculatedCases(NESTED).filter(([l]) => l === '' || l === 'tabletter-i-alt'),
      ...meds.flatMap((_, k) => [...IN_INSTANCE.filter((e) => !e.includes('%antall')).map((e) => [`legemiddel@${k}`, e]),
        [`dogn-mg@${k}`, '%styrke * %tabletter'], [`dogn-mg@${k}`, 'answer.value'], [`navn@${k}`, 'answer.value']]),
      ...doses.flatMap((_, k) => [...IN_INSTANCE.map((e) => [`dose@${k}`, e]),
        [`dose-mg@${k}`, '%antall * %styrke'], [`dose-mg@${k}`, '%antall'], [`dose-mg@${k}`, '%context.answer.value'],
        [`dose-mg@${k}`, '%tabletter']]),
    ].filter(([at]) => !at.includes('@') || nodePath(resource.item, ...at.split('@').map((x, i) => (i ? Number(x) : x))));
    assert.ok(cases.length > 40);
    agree(NESTED, resource, cases);
  }
  // Per instance: each dose's own mg, each medication's own total.
  const got = ours(NESTED, responses[0], [['dose-mg@0', '%antall * %styrke'], ['dose-mg@1', '%antall * %styrke'],
    ['dose-mg@2', '%antall * %styrke'], ['dogn-mg@0', '%styrke * %tabletter'], ['dogn-mg@1', '%styrke * %tabletter']]);
  assert.deepEqual(got, [[1000], [500], [600], [1500], [600]]);
});

// The response items with this linkId, in document order.
function nodesNamed(resource, linkId) {
  const out = [];
  const walk = (items) => (items || []).forEach((it) => {
    if (it.linkId === linkId) out.push(it);
    walk(it.item);
    (it.answer || []).forEach((a) => walk(a.item));
  });
  walk(resource.item);
  return out;
}

// Prefills (initialExpression) with a Patient as %patient: ours through the
// CLI given the Patient, fhirpath.js with it as the variable `patient`.
const FNR = 'urn:oid:2.16.578.1.12.4.1.4.1';
const PATIENT = {
  resourceType: 'Patient',
  identifier: [{ use: 'official', system: FNR, value: '17051250011' }],
  name: [{ use: 'official', family: 'Nordmann', given: ['Kari Anne'], text: 'Kari Anne Nordmann' }],
  telecom: [{ system: 'phone', value: '41234567', use: 'mobile' }, { system: 'email', value: 'kari@example.no' }],
  birthDate: '2012-05-17',
  address: [{ use: 'home', line: ['Storgata 1'], postalCode: '7010', city: 'Trondheim', text: 'Storgata 1, 7010 Trondheim' }],
};
const PREFILLS = [
  '%patient.name.text', '%patient.name.given.first()', '%patient.name.family', '%patient.name[0].given[0]',
  '%patient.name.first().family', "%patient.name.given.first() + ' ' + %patient.name.family",
  `%patient.identifier.where(system = '${FNR}').value`, "%patient.identifier.where(use = 'official').value.first()",
  '%patient.birthDate', "%patient.telecom.where(system = 'phone').value", "%patient.telecom.where(system = 'email').value",
  '%patient.telecom.value', '%patient.telecom.value.count()', '%patient.address.text', '%patient.address.line.first()',
  '%patient.address.postalCode', '%patient.address.first().city', "%patient.address.where(use = 'work').city",
  '%patient.name.exists()', "iif(%patient.telecom.where(system = 'phone').exists(), 'ja', 'nei')",
];

test('prefills agree with fhirpath.js, with a Patient as %patient and without one', () => {
  const q = { resourceType: 'Questionnaire', url: 'https://example.org/p', version: '1', title: 'P', status: 'active',
    item: [{ linkId: 'a', type: 'string', text: 'A' }] };
  const qf = join(dir, 'pq.json'), rf = join(dir, 'pr.json'), pf = join(dir, 'patient.json');
  writeFileSync(qf, JSON.stringify(q));
  writeFileSync(rf, '{}');
  for (const patient of [PATIENT, { resourceType: 'Patient', name: [{ family: 'Berg' }] }]) {
    writeFileSync(pf, JSON.stringify(patient));
    const r = spawnSync(BIN, ['fhirpath', qf, rf, pf], { input: PREFILLS.map((e) => `\t${e}\n`).join(''), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const got = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    const disagreements = PREFILLS.filter((e, i) => JSON.stringify(got[i]) !== JSON.stringify(fhirpath.evaluate({}, e, { patient }, r4)))
      .map((e) => `${e}\n  ours: ${JSON.stringify(got[PREFILLS.indexOf(e)])}\n  fhirpath.js: ${JSON.stringify(fhirpath.evaluate({}, e, { patient }, r4))}`);
    assert.deepEqual(disagreements, [], disagreements.join('\n'));
  }
});

test('the CLI names a file it cannot read or a questionnaire it refuses', () => {
  let r = spawnSync(BIN, ['fhirpath', join(dir, 'nei.json'), join(dir, 'nei.json')], { input: '', encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /cannot read/);
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...HIDDEN, version: undefined, name: undefined }));
  writeFileSync(join(dir, 'r.json'), '{}');
  r = spawnSync(BIN, ['fhirpath', join(dir, 'bad.json'), join(dir, 'r.json')], { input: '', encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /version/);
});
