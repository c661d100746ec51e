// representation.test.mjs — acting for someone (SPEC.md R1–R6): parents by the
// register, powers of attorney, refusals in plain words, acting for someone
// with the access kind's limits, and changes that take effect at the next
// request (withdrawal, expiry, the 16th birthday).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoServer } from '../lib/demo.mjs';
import { loginAs } from '../lib/session.mjs';
import { sqlValue, personId } from '../lib/db.mjs';

const P = {
  marius: '12848649994', nora: '01921099882', jonas: '02831399735', emma: '15862199860',
  thomas: '07878249733', hanne: '18828449806', ida: '20821699852', mathias: '14880999983',
  geir: '23857149971', sofie: '10851899893', lene: '04849449635',
  bjorn: '21876649788', elisabeth: '02916949807', camilla: '30819249861', oskar: '05901999998',
};
const NOW = '2026-11-22T10:00:00Z';
const at = (iso) => ({ headers: { 'x-helsami-now': iso } });

const demo = demoServer({ args: [] });

async function apply(parent, child, iso = NOW) {
  const b = await loginAs(demo.srv, P[parent], at(iso));
  await b.get('/access/parent');
  return { b, r: await b.post('/access/parent', { nin: P[child] }) };
}

// Opens the record of the person named in the overview; returns the home page.
async function actFor(b, name) {
  const page = await b.get('/access');
  const m = page.text.match(new RegExp(`${name}</h3>[\\s\\S]*?name="person" value="(\\d+)"`));
  assert.ok(m, `an "open" button for ${name}`);
  const r = await b.post('/access/act', { person: m[1] });
  assert.equal(r.status, 303);
  return b.get('/');
}

test('a parent with responsibility at the child\'s address gets access at once', async () => {
  const { b, r } = await apply('marius', 'emma');
  assert.equal(r.status, 303);
  assert.equal(r.location, '/access?parent=1');
  const home = await actFor(b, 'Emma Berg');
  assert.match(home.text, /Du ser journalen til <strong>Emma Berg<\/strong>/);
  assert.match(home.text, /<h1[^>]*>Emma Berg<\/h1>/);
  assert.match(home.text, /15862199860/);
  // Back to one's own record.
  await b.get('/access/choose');
  await b.post('/access/act', { person: '0' });
  assert.match((await b.get('/')).text, /<h1[^>]*>Velkommen<\/h1>/);
});

test('a parent at another address gets access when the other parent lives with the child', async () => {
  const { r } = await apply('thomas', 'ida');
  assert.equal(r.status, 303);
});

test('the register decides: a parent with responsibility is told why, anyone else gets the neutral answer', async () => {
  const neutral = /fosterforeldre får ikke tilgang[\s\S]*forhold vi ikke kan opplyse om/;
  const cases = [
    ['geir', 'sofie', neutral],
    ['lene', 'sofie', /Ingen av foreldrene med foreldreansvar bor på barnets folkeregistrerte adresse/],
    ['hanne', 'mathias', /16 år eller eldre/],
    ['camilla', 'oskar', neutral],
  ];
  for (const [parent, child, why] of cases) {
    const { r } = await apply(parent, child);
    assert.equal(r.status, 403, `${parent} -> ${child}`);
    assert.match(r.text, why, `${parent} -> ${child}`);
  }
  const b = await loginAs(demo.srv, P.marius, at(NOW));
  await b.get('/access/parent');
  assert.equal((await b.post('/access/parent', { nin: '123' })).status, 400);
});

test('parent access ends by itself at midnight on the 16th birthday, open sessions too', async () => {
  const { b, r } = await apply('silje', 'nora', '2026-11-30T22:40:00Z');
  assert.equal(r.status, 303);
  b.headers['x-helsami-now'] = '2026-11-30T22:41:00Z';
  let home = await actFor(b, 'Nora Berg');
  assert.match(home.text, /Du ser journalen til <strong>Nora Berg/);
  b.headers['x-helsami-now'] = '2026-11-30T22:59:59Z';
  home = await b.get('/');
  assert.match(home.text, /Du ser journalen til <strong>Nora Berg/, 'the day before, still a parent');
  b.headers['x-helsami-now'] = '2026-11-30T23:00:00Z';
  home = await b.get('/');
  assert.doesNotMatch(home.text, /Du ser journalen til/, '00:00 in Norway on the birthday: gone');
  assert.match(home.text, /<h1[^>]*>Velkommen<\/h1>/);
  assert.match((await b.get('/access')).text, /Barnet har fylt 16 år/);
});
P.silje = '03898849863';

test('a power of attorney: confirm by name, act within the kind, withdraw at once', async () => {
  const giver = await loginAs(demo.srv, P.elisabeth, at(NOW));
  await giver.get('/access/grant');
  const check = await giver.post('/access/grant', { nin: P.bjorn, family_name: 'johansen', kind: 'health_read', valid_until: '' });
  assert.equal(check.status, 200);
  assert.match(check.text, /Bjørn Johansen/, 'the name is shown for confirmation');
  const done = await giver.post('/access/grant', { nin: P.bjorn, family_name: 'johansen', kind: 'health_read', valid_until: '', confirm: '1' });
  assert.equal(done.status, 303);
  assert.match((await giver.get('/access')).text, /Bjørn Johansen[\s\S]*Se helseopplysninger/);

  const rep = await loginAs(demo.srv, P.bjorn, at(NOW));
  assert.equal(rep.loginResponse.location, '/access/choose', 'offered the choice at login');
  const home = await actFor(rep, 'Elisabeth Johansen');
  assert.match(home.text, /Du ser journalen til <strong>Elisabeth Johansen/);
  assert.doesNotMatch(home.text, /id="questionnaires-heading"/, 'no questionnaires without Q1');
  assert.equal((await rep.get('/settings/account')).status, 403, 'never the account of the person');
  assert.equal((await rep.get('/access/grant')).status, 403, 'never giving access on their behalf');

  // Elisabeth withdraws; Bjørn's open session loses it at the next request.
  const overview = await giver.get('/access');
  const id = overview.text.match(/action="\/access\/(\d+)\/end"/)[1];
  assert.equal((await giver.post(`/access/${id}/end`)).status, 303);
  const after = await rep.get('/');
  assert.doesNotMatch(after.text, /Du ser journalen til/);
  assert.match(after.text, /<h1[^>]*>Velkommen<\/h1>/);
});

test('grant refusals: under 18, self, a past date, no family name, the neutral answer, twice', async () => {
  const b = await loginAs(demo.srv, P.bjorn, at(NOW));
  await b.get('/access/choose');
  await b.post('/access/act', { person: '0' });
  await b.get('/access/grant');
  const neutral = /Vi kan ikke gi tilgang til denne personen/;
  const cases = [
    [{ nin: P.mathias, family_name: 'Strand' }, /18 år eller eldre/],
    [{ nin: P.bjorn }, /deg selv/],
    [{ nin: '01818099939', family_name: 'Hansen' }, neutral],
    [{ nin: '12345' }, /ikke gyldig/],
    [{ nin: P.elisabeth, family_name: '' }, /Skriv etternavnet/],
    [{ nin: P.elisabeth, valid_until: '2026-11-21' }, /i dag eller senere/],
    [{ nin: P.elisabeth, valid_until: '2026-13-45' }, /i dag eller senere/],
    [{ nin: P.camilla, family_name: 'Eide' }, neutral],
    [{ nin: P.elisabeth, kind: 'everything' }, /Velg hva slags tilgang/],
  ];
  for (const [fields, why] of cases) {
    const r = await b.post('/access/grant', { kind: 'full', valid_until: '', family_name: 'Johansen', ...fields, confirm: '1' });
    assert.equal(r.status, 400, JSON.stringify(fields));
    assert.match(r.text, why, JSON.stringify(fields));
  }
  assert.equal((await b.post('/access/grant', { nin: P.elisabeth, family_name: 'Johansen', kind: 'full', valid_until: '', confirm: '1' })).status, 303);
  const twice = await b.post('/access/grant', { nin: P.elisabeth, family_name: 'Johansen', kind: 'full', valid_until: '', confirm: '1' });
  assert.equal(twice.status, 400);
  assert.match(twice.text, /allerede tilgang/);
});

test('a time-limited power of attorney expires after its last day', async () => {
  const giver = await loginAs(demo.srv, P.hanne, at(NOW));
  await giver.get('/access/grant');
  assert.equal((await giver.post('/access/grant', { nin: P.thomas, family_name: 'Lie', kind: 'appointments_messages', valid_until: '2026-11-25', confirm: '1' })).status, 303);
  const rep = await loginAs(demo.srv, P.thomas, at('2026-11-25T22:00:00Z'));
  const home = await actFor(rep, 'Hanne Strand');
  assert.match(home.text, /Du ser journalen til <strong>Hanne Strand/);
  rep.headers['x-helsami-now'] = '2026-11-25T23:00:00Z'; // 26 November in Norway
  assert.doesNotMatch((await rep.get('/')).text, /Du ser journalen til/);
});

test('nobody can open a record they may not act for', async () => {
  // Geir, Sofie's foster parent, acts for nobody: the ids of real people
  // (his foster child among them) and of nobody are all 404; what is not
  // an id at all is 400.
  const b = await loginAs(demo.srv, P.geir, at(NOW));
  await b.get('/access');
  const ids = [P.sofie, P.marius, P.camilla, P.oskar, P.elisabeth].map((nin) => personId(demo.db, nin));
  ids.push(Number(sqlValue(demo.db, 'SELECT MAX(id) + 1 FROM person')));
  for (const id of ids) assert.equal((await b.post('/access/act', { person: String(id) })).status, 404, `person ${id}`);
  for (const person of ['-1', 'x', '1e3', '']) assert.equal((await b.post('/access/act', { person })).status, 400, JSON.stringify(person));
  const home = await b.get('/');
  assert.match(home.text, /<h1[^>]*>Velkommen<\/h1>/);
  assert.doesNotMatch(home.text, /Du ser journalen til/);
});
