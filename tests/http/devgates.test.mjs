// devgates.test.mjs — the two doors dev mode opens (docs/identity.md, "Dev
// mode": TestID and the settable request clock, plus synthetic identity
// numbers) tried on a server that is NOT in dev mode. Every other HTTP test
// server runs with --dev, so this file is where those gates are reached.
// Each refusal stands beside the same request answered on a dev server (or
// for a real number), so a pass means the gate answered and not something in
// front of it: TestID gets a valid form token, so its 404 is not the CSRF
// check's 403; the synthetic-number refusal is the one rule that differs,
// since a real number logs in through the same provider on the same server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoServer } from '../lib/demo.mjs';
import { Browser, loginAs, sessionCookiesSet } from '../lib/session.mjs';
import { startIdp, freePort, rpLogin } from '../lib/idp.mjs';
import { sql, sqlValue } from '../lib/db.mjs';

const MARIUS = '12848649994'; // demo citizen: synthetic (Tenor, month + 80), a patient at Øya
const INGRID = '14827549852'; // demo GP, synthetic too
const REAL = realNumber(1986, 4, 12); // an ordinary fødselsnummer, added to the register below

// A valid, non-synthetic fødselsnummer (SPEC.md: k1, k2 by the weights;
// 000-499 is the 1900s) for a birth date, from the first individual number
// that has check digits.
function realNumber(y, m, d) {
  const two = (n) => String(n).padStart(2, '0');
  for (let ind = 100; ind < 500; ind++) {
    const s = `${two(d)}${two(m)}${two(y % 100)}${String(ind).padStart(3, '0')}`.split('').map(Number);
    const k1 = (11 - ([3, 7, 6, 1, 8, 9, 4, 5, 2].reduce((a, w, i) => a + w * s[i], 0) % 11)) % 11;
    if (k1 === 10) continue;
    const k2 = (11 - ([5, 4, 3, 2, 7, 6, 5, 4, 3, 2].reduce((a, w, i) => a + w * [...s, k1][i], 0) % 11)) % 11;
    if (k2 === 10) continue;
    return `${s.join('')}${k1}${k2}`;
  }
  throw new Error('no individual number with check digits');
}

const csrfCookie = (b) => [...b.cookies].find(([k]) => /^(__Host-)?helsami-csrf$/.test(k))?.[1];
// 13 hours after the real clock: past the 12-hour session limit of a session made now.
const later = () => new Date(Date.now() + 13 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');

// One OpenID provider with a client for each of the two servers on the
// world: prod (not in dev mode) and dev. The world has one real number too.
const demo = demoServer({
  beforeSeed: async (suite) => {
    suite.ports = [await freePort(), await freePort()];
    suite.idp = suite.own(await startIdp({
      kind: 'idporten',
      clients: suite.ports.map((p, i) => ({
        client_id: `helsami-${i ? 'dev' : 'prod'}`, auth: 'client_secret_basic',
        redirect_uri: `http://127.0.0.1:${p}/login/idporten/callback`, post_logout_redirect_uri: `http://127.0.0.1:${p}/`,
      })),
    }));
  },
  afterSeed: (db) => sql(db, `INSERT INTO person (nin, given_name, family_name, birth_date) VALUES ('${REAL}', 'Ola', 'Ekte', '1986-04-12');`
    + ` INSERT INTO patient_unit (person_id, unit_id, since) SELECT p.id, u.id, '2020-01-01' FROM person p, unit u`
    + ` WHERE p.nin = '${REAL}' AND u.code = 'oya-legesenter';`),
  servers: ({ ports, idp }) => {
    const server = (i, dev) => ({
      dev,
      args: ['--listen', `127.0.0.1:${ports[i]}`, '--base-url', `http://127.0.0.1:${ports[i]}`],
      env: {
        HELSAMI_IDPORTEN_ISSUER: idp.issuer, HELSAMI_IDPORTEN_CLIENT_ID: idp.clients[i].client_id,
        HELSAMI_IDPORTEN_CLIENT_SECRET: idp.clients[i].client_secret, HELSAMI_LOGIN_RATE: '600',
      },
    });
    return { prod: server(0, false), dev: server(1, true) };
  },
});

test('TestID answers 404 outside dev mode to GET and to both POSTs with a valid form token (a wrong token is 403)', async () => {
  const b = new Browser(demo.prod.url);
  assert.equal((await b.get('/')).status, 200);
  // No anonymous page outside dev mode has a form, so none sets the
  // double-submit cookie; a valid form token is any token the cookie
  // repeats, so the client makes one.
  assert.equal(csrfCookie(b), undefined, 'a page without a form sets no cookie');
  const token = 'T'.repeat(43);
  b.cookies.set('__Host-helsami-csrf', token);
  assert.equal((await b.get('/login/testid')).status, 404);
  for (const [path, nin] of [['/login/testid', MARIUS], ['/staff/login/testid', INGRID]]) {
    b.csrf = 'x'.repeat(43);
    assert.equal((await b.post(path, { nin })).status, 403, `${path}: a wrong token stops at the CSRF check`);
    b.csrf = token;
    const r = await b.post(path, { nin });
    assert.equal(r.status, 404, `${path}: past the CSRF check, the dev gate answers`);
    assert.match(r.text, /<h1/);
    assert.deepEqual(sessionCookiesSet(r), [], `${path}: no session`);
    assert.equal(b.sessionCookie(), undefined);
  }
  assert.equal(sqlValue(demo.db, "SELECT COUNT(*) FROM security_event WHERE provider = 'testid' AND kind = 'login'"), '0',
    'nobody logged in through TestID');

  // The same requests on a dev server: the page's form token is the same
  // cookie value, and both logins go through.
  const d = new Browser(demo.dev.url);
  const page = await d.get('/login/testid');
  assert.equal(page.status, 200);
  assert.equal(d.csrf, csrfCookie(d), 'the form token is the double-submit cookie');
  for (const [path, nin, home] of [['/login/testid', MARIUS, '/'], ['/staff/login/testid', INGRID, '/staff']]) {
    const fresh = new Browser(demo.dev.url);
    await fresh.get('/login/testid'); // the page with the form sets the cookie
    fresh.csrf = csrfCookie(fresh);
    const r = await fresh.post(path, { nin });
    assert.equal(r.status, 303, `${path} on the dev server`);
    assert.equal(r.location, home);
  }
});

test('ID-porten outside dev mode refuses a synthetic identity number with its own page and reason; a real number logs in', async () => {
  const before = Number(sqlValue(demo.db, 'SELECT COALESCE(MAX(id), 0) FROM security_event'));
  const r = await rpLogin(demo.prod, demo.idp, '/login/idporten', { account: MARIUS });
  assert.equal(r.res.status, 403, r.res.text.slice(0, 300));
  assert.match(r.res.text, /<h1[^>]*>Du kan ikke logge inn i helsami<\/h1>/);
  assert.match(r.res.text, /Testbrukere kan ikke logge inn her\./);
  assert.deepEqual(sessionCookiesSet(r.res), []);
  assert.equal(r.browser.sessionCookie(), undefined);
  assert.deepEqual(sql(demo.db, `SELECT kind, provider, reason FROM security_event WHERE id > ${before} AND kind LIKE 'login%'`),
    [['login_refused', 'idporten', 'synthetic_number']]);
  const en = new Browser(demo.prod.url);
  en.cookies.set('lang', 'en');
  const e = await rpLogin(demo.prod, demo.idp, '/login/idporten', { account: MARIUS, browser: en });
  assert.equal(e.res.status, 403);
  assert.match(e.res.text, /Test users cannot log in here\./);

  // The same provider and server let a real number in, and a dev server the synthetic one.
  const real = await rpLogin(demo.prod, demo.idp, '/login/idporten', { account: REAL });
  assert.equal(real.res.status, 303, real.res.text.slice(0, 300));
  assert.equal(real.res.location, '/');
  assert.match((await real.browser.get('/')).text, /Ola Ekte/);
  const onDev = await rpLogin(demo.dev, demo.idp, '/login/idporten', { account: MARIUS });
  assert.equal(onDev.res.status, 303, onDev.res.text.slice(0, 300));
  assert.match((await onDev.browser.get('/')).text, /Marius Berg/);
});

test('a valid X-Helsami-Now is ignored outside dev mode and honoured in dev mode', async () => {
  const when = later();
  // Outside dev mode: a session made now is alive 13 hours "later".
  const r = await rpLogin(demo.prod, demo.idp, '/login/idporten', { account: REAL });
  assert.equal(r.res.status, 303);
  const b = r.browser;
  b.headers['x-helsami-now'] = when;
  const home = await b.get('/');
  assert.equal(home.status, 200);
  assert.match(home.text, /Ola Ekte/, `the clock header ${when} was ignored`);
  assert.equal((await b.get('/settings/account')).status, 200);

  // In dev mode the same header ends a session made now (12 hours at most).
  const d = await loginAs(demo.dev, MARIUS);
  assert.equal(d.loginResponse.status, 303);
  assert.match((await d.get('/')).text, /Marius Berg/);
  d.headers['x-helsami-now'] = when;
  assert.doesNotMatch((await d.get('/')).text, /Marius Berg/, `the clock header ${when} was honoured`);
  assert.equal((await d.get('/settings/account')).status, 401);
});
