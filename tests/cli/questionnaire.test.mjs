// questionnaire.test.mjs — `helsami import questionnaire FILE` on both
// databases (SPEC.md Q1, docs/questionnaires.md): a demo file imports into a
// migrated empty database; importing it again changes nothing; the same url
// and version with other content is refused and changes nothing (a new
// version imports); features helsami does not understand (FHIRPath outside
// its subset, other item types, a value set needing a terminology server,
// extensions), broken JSON, a missing or
// unreadable file and a resource over 1 MiB as compact JSON are each refused
// with a sentence naming the problem, every problem at once, and nothing is
// imported; --url, --name and --version set or override a published form's
// identity (issue 16).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../lib/server.mjs';

const PG = process.env.HELSAMI_TEST_PG_URL;
const DEMO = 'data/questionnaires/questionnaire-for-timen.json';
const DEMO_URL = 'https://helsami.example/Questionnaire/for-timen';
const LIMIT = 1024 * 1024; // bytes of compact JSON

function sqliteDb() {
  const dir = mkdtempSync(join(tmpdir(), 'helsami-qimport-'));
  const file = join(dir, 'h.db');
  return {
    url: `sqlite:${file}`, dir,
    sql(q) {
      const r = spawnSync('sqlite3', ['-bail', '-separator', '|', file, q], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout.replace(/\n$/, '');
    },
    cleanup() { rmSync(dir, { recursive: true, force: true }); },
  };
}

function pgDb() {
  const name = `helsami_qimport_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  const psql = (url, q) => spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qAtc', q], { encoding: 'utf8' });
  const created = psql(PG, `CREATE DATABASE ${name}`);
  assert.equal(created.status, 0, created.stderr);
  const url = PG.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
  const dir = mkdtempSync(join(tmpdir(), 'helsami-qimport-'));
  return {
    url, dir,
    sql(q) {
      const r = psql(url, q);
      assert.equal(r.status, 0, r.stderr);
      return r.stdout.replace(/\n$/, '');
    },
    cleanup() { psql(PG, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); rmSync(dir, { recursive: true, force: true }); },
  };
}

const backends = [['sqlite', sqliteDb]];
if (PG) backends.push(['postgres', pgDb]);

const demo = () => JSON.parse(readFileSync(DEMO, 'utf8'));
const snapshot = (db) => db.sql('SELECT id, url, version, title_nb, status, resource FROM questionnaire ORDER BY id');
const migrated = (make) => {
  const db = make();
  const r = runCli(['migrate', '--db', db.url]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(db.sql('SELECT COUNT(*) FROM questionnaire'), '0');
  return db;
};
const importFile = (db, file) => runCli(['import', 'questionnaire', file, '--db', db.url]);

test('import needs exactly one file', () => {
  assert.equal(runCli(['import', 'questionnaire']).status, 2);
  assert.equal(runCli(['import', 'questionnaire', 'a.json', 'b.json']).status, 2);
  assert.match(runCli(['--help']).stdout, /import questionnaire FILE/);
});

// A ValueSet imported beside the questionnaire (--valueset FILE): the
// questionnaire names it by url; it is stored contained, so the options
// travel with the questionnaire. One that needs a terminology server, one
// no item names, and a file that is not a ValueSet are refused by name.
test('--valueset: a value set file beside the questionnaire gives its options; what cannot is refused by name', () => {
  const db = migrated(sqliteDb);
  try {
    const VS = 'http://example.org/ValueSet/frequency';
    const q = demo();
    q.url = 'https://helsami.example/Questionnaire/with-value-set';
    delete q.item[3].item[1].maxLength;
    Object.assign(q.item[3].item[1], { type: 'choice', answerValueSet: `${VS}|2` });
    const qfile = join(db.dir, 'q.json');
    writeFileSync(qfile, JSON.stringify(q));
    const vs = {
      resourceType: 'ValueSet', url: VS, version: '2', status: 'active',
      compose: { include: [{ system: 'http://example.org/CodeSystem/frequency', concept: [
        { code: 'daily', display: 'Daglig', designation: [{ language: 'en', value: 'Daily' }] },
        { code: 'weekly', display: 'Ukentlig' }] }] },
    };
    const write = (name, content) => { const f = join(db.dir, name); writeFileSync(f, JSON.stringify(content)); return f; };
    const refusals = [
      [write('filter.json', { ...vs, compose: { include: [{ system: 'http://snomed.info/sct', filter: [{ property: 'concept', op: 'is-a', value: '1' }] }] } }),
        /item 'which-medicines': the value set '#valueset-1' needs a terminology server: its compose.include has 'filter'/],
      [write('unused.json', { ...vs, url: 'http://example.org/ValueSet/other' }),
        /the value set file .*unused\.json: no item's answerValueSet names http:\/\/example\.org\/ValueSet\/other; nothing was imported/],
      [write('not-vs.json', { resourceType: 'CodeSystem', url: VS }), /not-vs\.json: it is not a ValueSet/],
    ];
    for (const [file, want] of refusals) {
      const r = runCli(['import', 'questionnaire', qfile, '--valueset', file, '--db', db.url]);
      assert.equal(r.status, 1, file);
      assert.match(r.stderr, want);
    }
    assert.equal(db.sql('SELECT COUNT(*) FROM questionnaire'), '0', 'nothing was imported');
    assert.match(runCli(['import', 'questionnaire', qfile, '--db', db.url]).stderr, /needs a terminology server/);
    const ok = runCli(['import', 'questionnaire', qfile, '--valueset', write('vs.json', vs), '--db', db.url]);
    assert.equal(ok.status, 0, ok.stderr);
    const stored = JSON.parse(db.sql('SELECT resource FROM questionnaire'));
    assert.deepEqual(stored.contained.map((r) => [r.resourceType, r.id, r.url]), [['ValueSet', 'valueset-1', VS]]);
    assert.equal(runCli(['seed', 'demo', '--valueset', 'x.json', '--db', db.url]).status, 2, 'only for import questionnaire');
  } finally { db.cleanup(); }
});

for (const [kind, make] of backends) {
  test(`${kind}: a demo file imports; again it is unchanged; other content under the same version is refused`, () => {
    const db = migrated(make);
    try {
      const first = importFile(db, DEMO);
      assert.equal(first.status, 0, first.stderr);
      assert.match(first.stdout, /questionnaire-for-timen\.json: imported \(id 1\)/);
      assert.equal(db.sql('SELECT url, version, title_nb, title_en, status FROM questionnaire'),
        `${DEMO_URL}|1|Før timen hos fastlegen|Before your GP appointment|active`);
      const given = readFileSync(DEMO, 'utf8');
      assert.equal(db.sql('SELECT resource FROM questionnaire'), JSON.stringify(JSON.parse(given)), 'stored as compact JSON');
      const stored = snapshot(db);

      const again = importFile(db, DEMO);
      assert.equal(again.status, 0, again.stderr);
      assert.match(again.stdout, /already imported, unchanged \(id 1\)/);
      assert.equal(snapshot(db), stored);

      // Same url and version, other content: refused, with what to do instead.
      const changed = demo();
      changed.title = 'Før timen hos legen';
      const file = join(db.dir, 'changed.json');
      writeFileSync(file, JSON.stringify(changed, null, 1));
      const refused = importFile(db, file);
      assert.equal(refused.status, 1);
      assert.match(refused.stderr, new RegExp(`changed\\.json: ${DEMO_URL.replace(/[./]/g, '\\$&')} version 1 is already imported with other content; give the change a new version; nothing was imported`));
      assert.equal(refused.stdout, '');
      assert.equal(snapshot(db), stored, 'nothing changed');

      // A new version is a new questionnaire; the old one stays as it was.
      changed.version = '2';
      writeFileSync(file, JSON.stringify(changed, null, 1));
      const v2 = importFile(db, file);
      assert.equal(v2.status, 0, v2.stderr);
      assert.match(v2.stdout, /imported \(id 2\)/);
      assert.equal(db.sql("SELECT version || ':' || title_nb FROM questionnaire ORDER BY id"), '1:Før timen hos fastlegen\n2:Før timen hos legen');
    } finally { db.cleanup(); }
  });

  test(`${kind}: what helsami does not understand is refused, naming the problem, and nothing is imported`, () => {
    const db = migrated(make);
    try {
      const write = (name, content) => {
        const file = join(db.dir, name);
        writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
        return file;
      };
      const withItem = (url, change) => {
        const q = demo();
        q.url = `https://helsami.example/Questionnaire/${url}`;
        change(q.item);
        return q;
      };
      const cases = [
        ['value-set.json', withItem('value-set', (items) => {
          delete items[3].item[1].maxLength;
          Object.assign(items[3].item[1], { type: 'choice', answerValueSet: 'http://example.org/ValueSet/x' });
        }), /value-set\.json: item 'which-medicines': the value set http:\/\/example\.org\/ValueSet\/x needs a terminology server; only a ValueSet contained in the questionnaire \('#id'\) or imported beside it \(--valueset FILE\) can give answer options \(at item\[3\]\.item\[1\]\); nothing was imported/],
        ['reference.json', withItem('reference', (items) => {
          items.push({ linkId: 'gp', type: 'reference', text: 'Fastlege' });
        }), /reference\.json: item 'gp': type 'reference' is not supported \(at item\[\d+\]\); nothing was imported/],
        ['extension.json', withItem('extension', (items) => {
          items[3].item[0].extension = [{ url: 'http://hl7.org/fhir/StructureDefinition/questionnaire-sliderStepValue', valueInteger: 5 }];
        }), /extension\.json: item 'other-medicines': the extension http:\/\/hl7\.org\/fhir\/StructureDefinition\/questionnaire-sliderStepValue is not supported/],
        ['twice.json', withItem('twice', (items) => { items[items.length - 1].linkId = 'reason'; }), /twice\.json: item 'reason': the linkId is used twice \(at item\[\d+\]\)/],
        ['broken.json', '{"resourceType": "Questionnaire", "item": [', /broken\.json: not JSON: .* \(line \d+\); nothing was imported/],
        ['empty.json', '', /empty\.json: not JSON: /],
        ['patient.json', { resourceType: 'Patient', id: 'x' }, /patient\.json: the resource is not a Questionnaire/],
      ];
      for (const [name, content, why] of cases) {
        const r = importFile(db, write(name, content));
        assert.equal(r.status, 1, name);
        assert.match(r.stderr, why, name);
        assert.equal(r.stdout, '', name);
      }
      const missing = importFile(db, join(db.dir, 'missing.json'));
      assert.equal(missing.status, 1);
      assert.match(missing.stderr, /cannot read .*missing\.json/);
      const folder = join(db.dir, 'folder.json');
      mkdirSync(folder);
      const dir = importFile(db, folder);
      assert.equal(dir.status, 1);
      assert.match(dir.stderr, /cannot read .*folder\.json/);
      assert.equal(db.sql('SELECT COUNT(*) FROM questionnaire'), '0', 'nothing imported');
    } finally { db.cleanup(); }
  });

  test(`${kind}: 1 MiB of compact JSON imports, however indented; one byte more is refused`, () => {
    const db = migrated(make);
    try {
      // A long description pads the resource to an exact size in bytes.
      const sized = (url, bytes, indent) => {
        const q = demo();
        q.url = `https://helsami.example/Questionnaire/${url}`;
        q.description = '';
        const base = Buffer.byteLength(JSON.stringify(q));
        q.description = 'x'.repeat(bytes - base);
        assert.equal(Buffer.byteLength(JSON.stringify(q)), bytes);
        const file = join(db.dir, `${url}.json`);
        writeFileSync(file, JSON.stringify(q, null, indent));
        return file;
      };
      const at = importFile(db, sized('at-limit', LIMIT, 4));
      assert.equal(at.status, 0, at.stderr);
      assert.match(at.stdout, /imported/);
      const over = importFile(db, sized('over-limit', LIMIT + 1, 0));
      assert.equal(over.status, 1);
      assert.match(over.stderr, /over-limit\.json: the resource is larger than 1024 KiB as compact JSON; nothing was imported/);
      const huge = importFile(db, sized('huge', 9 * LIMIT, 0));
      assert.equal(huge.status, 1);
      assert.match(huge.stderr, /larger than 8192 KiB/);
      assert.equal(db.sql("SELECT COUNT(*) FROM questionnaire WHERE url LIKE '%limit' OR url LIKE '%huge'"), '1');
    } finally { db.cleanup(); }
  });

  test(`${kind}: published forms: every problem at once; --url, --name and --version set what the publisher left out`, () => {
    const db = migrated(make);
    try {
      const F = 'tests/data/questionnaires';
      // LHC-Forms' enableWhen test form has neither url nor version: both named at once.
      const bare = importFile(db, `${F}/lforms-test-enablewhen.json`);
      assert.equal(bare.status, 1);
      assert.match(bare.stderr, /nothing was imported:\nthe questionnaire: it has neither 'url' nor 'name' to identify it \(import with --url or --name\)\nthe questionnaire: 'version' is missing \(import with --version\)\n/);
      const url = 'https://lhncbc.github.io/lforms/test-enablewhen';
      const ok = runCli(['import', 'questionnaire', `${F}/lforms-test-enablewhen.json`, '--url', url, '--version', '1', '--db', db.url]);
      assert.equal(ok.status, 0, ok.stderr);
      const stored = JSON.parse(db.sql(`SELECT resource FROM questionnaire WHERE url = '${url}'`));
      assert.equal(stored.url, url);
      assert.equal(stored.version, '1');
      // A name identifies a form without a url.
      const named = runCli(['import', 'questionnaire', `${F}/lforms-q-3-level-deep.json`, '--name', 'ThreeLevels', '--version=2', '--db', db.url]);
      assert.equal(named.status, 0, named.stderr);
      assert.equal(db.sql("SELECT url || '|' || version FROM questionnaire WHERE url = 'ThreeLevels'"), 'ThreeLevels|2');
      // Overriding a published version.
      const v9 = runCli(['import', 'questionnaire', `${F}/lforms-default-boolean.json`, '--version', '9', '--db', db.url]);
      assert.equal(v9.status, 0, v9.stderr);
      assert.equal(db.sql("SELECT version FROM questionnaire WHERE url LIKE '%default-boolean'"), '9');
      // Calculated values in the FHIRPath subset import; an expression outside it is refused, naming it, in every item.
      const calc = runCli(['import', 'questionnaire', `${F}/lforms-hidden-item-questionnaire.R4.json`, '--version', '1', '--db', db.url]);
      assert.equal(calc.status, 0, calc.stderr);
      const outside = JSON.parse(readFileSync(`${F}/lforms-hidden-item-questionnaire.R4.json`, 'utf8').replaceAll('.answer.value', '.answer.value.avg()'));
      const dir = mkdtempSync(join(tmpdir(), 'helsami-qcalc-'));
      writeFileSync(join(dir, 'avg.json'), JSON.stringify(outside));
      const avg = runCli(['import', 'questionnaire', join(dir, 'avg.json'), '--version', '2', '--db', db.url]);
      rmSync(dir, { recursive: true });
      assert.equal(avg.status, 1);
      assert.equal((avg.stderr.match(/calculatedExpression '.*?\.avg\(\)': the function avg\(\) is not supported/g) || []).length, 5);
      assert.match(avg.stderr, /item 'GROUP-HIDDEN\/CE-HIDDEN': .* \(at item\[4\]\.item\[0\]\)/);
      // The options belong to this command only.
      assert.equal(runCli(['migrate', '--version', '1', '--db', db.url]).status, 2);
    } finally { db.cleanup(); }
  });
}
