// session.test.mjs — TestID logins through the common post-login rules,
// refusals, sessions (cookie, fixation, idle and absolute timeouts, logout),
// CSRF, the account lifecycle and staff versus citizen routes. TestID and
// the clock header on a server that is not in dev mode: devgates.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoServer } from '../lib/demo.mjs';
import { Browser, loginAs } from '../lib/session.mjs';

const MARIUS = '12848649994'; // 40, patient
const SILJE = '03898849863';
const NORA = '01921099882'; // turns 16 on 2026-12-01
const SANDER = '22911099954'; // 16 on 2026-11-22
const VEGARD = '06867949974'; // not a patient
const ARNE = '16813549909'; // deceased
const UNKNOWN = '01818099939'; // a valid synthetic number nobody has
const INGRID = '14827549852'; // GP
const NOW = '2026-11-22T10:00:00Z';

const demo = demoServer({ args: [] });

const at = (iso) => ({ headers: { 'x-helsami-now': iso } });

test('a citizen logs in with TestID and lands on the home page', async () => {
  const b = await loginAs(demo.srv, MARIUS, at(NOW));
  assert.equal(b.loginResponse.status, 303);
  assert.equal(b.loginResponse.location, '/');
  const cookie = b.loginResponse.headers.getSetCookie().find((c) => c.startsWith('helsami='));
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  assert.match(cookie, /Path=\//);
  assert.equal(b.sessionCookie().length, 43);
  const home = await b.get('/');
  assert.equal(home.status, 200);
  assert.match(home.text, /Marius Berg/);
  assert.match(home.text, /12848649994/);
  assert.match(home.text, /Nedre Bakklandet 21/);
  assert.match(home.text, /action="\/logout"/);
});

test('the register decides: refusals get a clear page and no session', async () => {
  const cases = [[NORA, /16 år eller eldre/], [VEGARD, /ikke registrert som pasient/], [ARNE, /finner deg ikke/], [UNKNOWN, /finner deg ikke/]];
  for (const [nin, text] of cases) {
    const b = await loginAs(demo.srv, nin, at(NOW));
    assert.equal(b.loginResponse.status, 403, nin);
    assert.match(b.loginResponse.text, text, nin);
    assert.equal(b.sessionCookie(), undefined, `${nin} got no session`);
  }
  const en = new Browser(demo.srv.url, at(NOW));
  en.cookies.set('lang', 'en');
  await en.get('/login/testid');
  const r = await en.post('/login/testid', { nin: NORA });
  assert.match(r.text, /16 or older/);
});

test('16 today may log in; the 16th birthday counts from midnight in Norway', async () => {
  assert.equal((await loginAs(demo.srv, SANDER, at(NOW))).loginResponse.status, 303);
  // Oslo is UTC+1 in winter: 1 December 00:00 there is 30 November 23:00Z.
  assert.equal((await loginAs(demo.srv, NORA, at('2026-11-30T22:59:59Z'))).loginResponse.status, 403);
  assert.equal((await loginAs(demo.srv, NORA, at('2026-11-30T23:00:00Z'))).loginResponse.status, 303);
});

test('typed numbers are validated with a clear message', async () => {
  const b = new Browser(demo.srv.url);
  await b.get('/login/testid');
  let r = await b.post('/login/testid', { nin: '12345678901' });
  assert.equal(r.status, 400);
  assert.match(r.text, /ikke gyldig/);
  assert.match(r.text, /aria-invalid="true"/);
  r = await b.post('/login/testid', { nin: '' });
  assert.equal(r.status, 400);
  assert.equal(b.sessionCookie(), undefined);
});

test('every login makes a new session and ends the one it replaces', async () => {
  const b = await loginAs(demo.srv, MARIUS, at(NOW));
  const first = b.sessionCookie();
  await b.get('/login/testid');
  await b.post('/login/testid', { nin: MARIUS });
  const second = b.sessionCookie();
  assert.notEqual(first, second);
  const old = new Browser(demo.srv.url, at(NOW));
  old.cookies.set('helsami', first);
  assert.doesNotMatch((await old.get('/')).text, /Marius Berg/);
});

test('logout ends the session; the old cookie is worth nothing', async () => {
  const b = await loginAs(demo.srv, MARIUS, at(NOW));
  const cookie = b.sessionCookie();
  const r = await b.post('/logout');
  assert.equal(r.status, 303);
  assert.match(r.location, /^\/\?logged_out=1$/);
  assert.equal(b.sessionCookie(), undefined, 'the cookie is cleared');
  const replay = new Browser(demo.srv.url, at(NOW));
  replay.cookies.set('helsami', cookie);
  const home = await replay.get('/');
  assert.doesNotMatch(home.text, /Marius Berg/);
  assert.equal((await replay.get('/settings/account')).status, 401);
});

test('CSRF: a POST without the token, with a wrong one, or from another site changes nothing', async () => {
  const b = await loginAs(demo.srv, MARIUS, at(NOW));
  const token = b.csrf;
  b.csrf = '';
  assert.equal((await b.post('/logout')).status, 403);
  b.csrf = 'x'.repeat(43);
  assert.equal((await b.post('/logout')).status, 403);
  b.csrf = token;
  assert.equal((await b.post('/logout', {}, { headers: { origin: 'https://evil.example' } })).status, 403);
  assert.equal((await b.post('/logout', {}, { headers: { 'sec-fetch-site': 'cross-site' } })).status, 403);
  assert.match((await b.get('/')).text, /Marius Berg/, 'still logged in');
});

test('30 minutes idle ends the session; activity keeps it alive', async () => {
  const b = await loginAs(demo.srv, SILJE, at('2026-11-22T10:00:00Z'));
  b.headers['x-helsami-now'] = '2026-11-22T10:29:00Z';
  assert.match((await b.get('/')).text, /Silje Berg/);
  b.headers['x-helsami-now'] = '2026-11-22T10:58:00Z';
  assert.match((await b.get('/')).text, /Silje Berg/, 'idle 29 minutes since the last request');
  b.headers['x-helsami-now'] = '2026-11-22T11:28:01Z';
  assert.doesNotMatch((await b.get('/')).text, /Silje Berg/, 'idle 30 minutes and a second');
});

test('12 hours is the most a session lives, however active', async () => {
  const b = await loginAs(demo.srv, SILJE, at('2026-11-22T06:00:00Z'));
  for (let h = 0; h < 12 * 60; h += 25) {
    const t = new Date(Date.parse('2026-11-22T06:00:00Z') + h * 60000).toISOString().replace(/\.\d+Z$/, 'Z');
    b.headers['x-helsami-now'] = t;
    assert.match((await b.get('/')).text, /Silje Berg/, t);
  }
  b.headers['x-helsami-now'] = '2026-11-22T18:00:00Z';
  assert.doesNotMatch((await b.get('/')).text, /Silje Berg/);
});

test('pages tell when the idle session ends, for the warning', async () => {
  const b = await loginAs(demo.srv, MARIUS, at(NOW));
  const home = await b.get('/');
  const idle = Number(home.text.match(/data-idle="(\d+)"/)[1]);
  assert.ok(idle > 1700 && idle <= 1800, `${idle}`);
  assert.match(home.text, /src="\/static\/session.js/);
});

test('deactivating ends every session; logging in again offers reactivation', async () => {
  const other = await loginAs(demo.srv, SILJE, at(NOW));
  const b = await loginAs(demo.srv, SILJE, at(NOW));
  const confirm = await b.get('/settings/account/deactivate');
  assert.equal(confirm.status, 200);
  const r = await b.post('/settings/account/deactivate');
  assert.equal(r.status, 303);
  assert.equal(r.location, '/?deactivated=1');
  assert.doesNotMatch((await other.get('/')).text, /Silje Berg/, 'the other session ended too');
  const again = await loginAs(demo.srv, SILJE, at(NOW));
  assert.equal(again.loginResponse.location, '/settings/account');
  const page = await again.get('/settings/account');
  assert.match(page.text, /action="\/settings\/account\/reactivate"/);
  assert.equal((await again.get('/')).location, '/settings/account', 'home waits for reactivation');
  const re = await again.post('/settings/account/reactivate');
  assert.equal(re.status, 303);
  assert.match((await again.get('/')).text, /Silje Berg/);
});

test('staff log in to the workspace; staff and citizen routes stay apart', async () => {
  const staff = await loginAs(demo.srv, INGRID, { staff: true, ...at(NOW) });
  assert.equal(staff.loginResponse.status, 303);
  assert.equal(staff.loginResponse.location, '/staff');
  const ws = await staff.get('/staff');
  assert.equal(ws.status, 200);
  assert.match(ws.text, /Ingrid Solberg/);
  assert.match(ws.text, /Behandler/);
  assert.equal((await staff.get('/settings/account')).status, 403);
  assert.equal((await staff.get('/')).location, '/staff');
  const citizen = await loginAs(demo.srv, MARIUS, at(NOW));
  assert.equal((await citizen.get('/staff')).status, 403);
  assert.equal((await new Browser(demo.srv.url).get('/staff')).status, 401);
  const notStaff = await loginAs(demo.srv, MARIUS, { staff: true, ...at(NOW) });
  assert.equal(notStaff.loginResponse.status, 403);
  assert.equal(notStaff.sessionCookie(), undefined);
});
