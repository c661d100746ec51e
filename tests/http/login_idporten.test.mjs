// login_idporten.test.mjs — citizen login through a real OpenID provider
// (oidc-provider, configured like ID-porten: tests/lib/idp.mjs) over HTTP:
// complete logins landing on the home page, every refusal of issue 3 with
// the right page and no session, front-channel and RP-initiated logout,
// the other client authentication methods, rate limits and start-up checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import crypto from 'node:crypto';
import { startServer } from '../lib/server.mjs';
import { demoServer } from '../lib/demo.mjs';
import { Browser, sessionCookiesSet } from '../lib/session.mjs';
import { startIdp, freePort, rpLogin, assertLoginRefused, decodeJwt, IdpBrowser } from '../lib/idp.mjs';
import { sql } from '../lib/db.mjs';

const MARIUS = '12848649994'; // 40, patient
const SANDER = '22911099954'; // turns 16 on 2026-11-22 (the demo "today")
const JONAS = '02831399735'; // 13: under 16 for years, so this test does not age
const VEGARD = '06867949974'; // not a patient of any participating unit
const UNKNOWN = '01818099939'; // a valid synthetic number nobody has

const REFUSED = /Innloggingen ble ikke fullført/;
const TECHNICAL = /Vi kunne ikke fullføre innloggingen/;

// One provider with a client for each of three servers on the world, one
// per way of authenticating the client. The busy servers get a higher rate
// limit; srvPost keeps the default (30 a minute) for its test.
const demo = demoServer({
  beforeSeed: async (suite) => {
    suite.ports = [await freePort(), await freePort(), await freePort()];
    const client = (id, port, auth, extra = {}) => ({
      client_id: id, auth, redirect_uri: `http://127.0.0.1:${port}/login/idporten/callback`,
      post_logout_redirect_uri: `http://127.0.0.1:${port}/`, ...extra,
    });
    suite.idp = suite.own(await startIdp({
      kind: 'idporten',
      clients: [
        client('helsami-basic', suite.ports[0], 'client_secret_basic'),
        client('helsami-jwt', suite.ports[1], 'private_key_jwt', { key: 'rsa-pem' }),
        client('helsami-post', suite.ports[2], 'client_secret_post'),
      ],
    }));
  },
  servers: ({ ports, idp }) => {
    const [basic, jwt, post] = idp.clients;
    const helsami = (port, env) => ({
      args: ['--listen', `127.0.0.1:${port}`, '--base-url', `http://127.0.0.1:${port}`],
      env: { HELSAMI_LOG_LEVEL: 'info', HELSAMI_IDPORTEN_ISSUER: idp.issuer, ...env },
    });
    return {
      srv: helsami(ports[0], {
        HELSAMI_IDPORTEN_CLIENT_ID: basic.client_id, HELSAMI_IDPORTEN_CLIENT_SECRET: basic.client_secret, HELSAMI_LOGIN_RATE: '600',
      }),
      srvJwt: helsami(ports[1], {
        HELSAMI_LOGIN_RATE: '600',
        HELSAMI_IDPORTEN_CLIENT_ID: jwt.client_id, HELSAMI_IDPORTEN_AUTH_METHOD: 'private_key_jwt', HELSAMI_IDPORTEN_CLIENT_KEY: jwt.keyFile,
      }),
      srvPost: helsami(ports[2], {
        HELSAMI_IDPORTEN_CLIENT_ID: post.client_id, HELSAMI_IDPORTEN_CLIENT_SECRET: post.client_secret,
        HELSAMI_IDPORTEN_AUTH_METHOD: 'client_secret_post', HELSAMI_IDPORTEN_ACR: 'idporten-loa-substantial',
      }),
    };
  },
});

const login = (opts) => rpLogin(demo.srv, demo.idp, '/login/idporten', opts);

// The security events recorded for login refusals, on either database.
const refusalReasons = () => sql(demo.db, "SELECT reason FROM security_event WHERE kind = 'login_refused' AND provider = 'idporten'").map((r) => r[0]);

test('the start redirects to the provider with PKCE S256, state, nonce, ui_locales and acr_values', async () => {
  const b = new Browser(demo.srv.url);
  const r = await b.get('/login/idporten');
  assert.equal(r.status, 303);
  const u = new URL(r.location);
  assert.equal(u.origin + u.pathname, `${demo.idp.issuer}/auth`);
  const q = u.searchParams;
  assert.equal(q.get('response_type'), 'code');
  assert.equal(q.get('client_id'), 'helsami-basic');
  assert.equal(q.get('redirect_uri'), `${demo.srv.url}/login/idporten/callback`);
  assert.equal(q.get('scope'), 'openid profile');
  assert.equal(q.get('code_challenge_method'), 'S256');
  assert.match(q.get('code_challenge'), /^[A-Za-z0-9_-]{43}$/);
  assert.match(q.get('state'), /^[A-Za-z0-9_-]{43}$/); // 256 random bits
  assert.match(q.get('nonce'), /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(q.get('state'), q.get('nonce'));
  assert.equal(q.get('ui_locales'), 'nb');
  assert.equal(q.get('acr_values'), 'idporten-loa-high');
  const again = new URL((await b.get('/login/idporten')).location).searchParams;
  assert.notEqual(again.get('state'), q.get('state'), 'a fresh state per attempt');
  assert.notEqual(again.get('code_challenge'), q.get('code_challenge'), 'a fresh verifier per attempt');
  const en = new Browser(demo.srv.url);
  en.cookies.set('lang', 'en');
  assert.equal(new URL((await en.get('/login/idporten')).location).searchParams.get('ui_locales'), 'en');
});

test('a citizen logs in through the provider and lands on the home page with a session', async () => {
  const r = await login({ account: MARIUS });
  assert.equal(r.res.status, 303, r.res.text.slice(0, 500));
  assert.equal(r.res.location, '/');
  const [cookie] = sessionCookiesSet(r.res);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  const home = await r.browser.get('/');
  assert.equal(home.status, 200);
  assert.match(home.text, /Marius Berg/);
  assert.match(home.text, /action="\/logout"/);
  // the callback's iss, state and code came from the real provider
  assert.equal(new URL(r.callback).searchParams.get('iss'), demo.idp.issuer);
  const claims = decodeJwt(demo.idp.idTokens.at(-1)).payload;
  assert.equal(claims.pid, MARIUS);
  assert.deepEqual(claims.amr, ['TestID']);
  assert.ok(claims.sid);
});

test('amr as a plain string is accepted too', async () => {
  const r = await login({ account: SANDER, tamper: (t) => demo.idp.resign(t, { claims: { amr: 'BankID' } }) });
  assert.equal(r.res.status, 303, r.res.text.slice(0, 500));
  assert.equal(r.res.location, '/');
  assert.equal(sessionCookiesSet(r.res).length, 1);
});

test('the register refuses: under 16, unknown person, not a patient', async () => {
  for (const [nin, text] of [[JONAS, /16 år eller eldre/], [UNKNOWN, /finner deg ikke/], [VEGARD, /ikke registrert som pasient/]]) {
    const r = await login({ account: nin });
    assertLoginRefused(r, 403, text, nin);
  }
});

test('assurance level too low: substantial where high is required', async () => {
  const r = await login({ account: MARIUS, acr: 'idporten-loa-substantial' });
  assertLoginRefused(r, 403, /for lavt sikkerhetsnivå/, 'acr substantial');
  const missing = await login({ account: MARIUS, tamper: (t) => demo.idp.resign(t, { claims: { acr: undefined } }) });
  assertLoginRefused(missing, 403, /for lavt sikkerhetsnivå/, 'no acr');
});

test('no identity number in the login', async () => {
  const r = await login({ account: 'foreign-eidas-user' }); // the provider gives no pid
  assertLoginRefused(r, 403, /ga oss ikke fødselsnummeret/, 'no pid');
  assert.match(r.res.text, /no_pid/);
});

test('wrong, missing and replayed state are refused', async () => {
  const wrong = await login({ account: MARIUS, mutate: (u) => u.searchParams.set('state', crypto.randomBytes(32).toString('base64url')) });
  assertLoginRefused(wrong, 400, /annen nettleser/, 'wrong state');
  assert.match(wrong.res.text, /state_other_browser/);
  const missing = await login({ account: MARIUS, mutate: (u) => u.searchParams.delete('state') });
  assertLoginRefused(missing, 400, TECHNICAL, 'missing state');

  // A state is good once, even for a browser that still holds it.
  const ok = await login({ account: MARIUS });
  assert.equal(ok.res.status, 303);
  const replay = new Browser(demo.srv.url);
  replay.cookies.set('helsami-login', new URL(ok.callback).searchParams.get('state'));
  const res = await replay.get(ok.callback.slice(demo.srv.url.length));
  assertLoginRefused({ res, browser: replay }, 400, TECHNICAL, 'replayed state');
  assert.match(res.text, /state_used/);
});

test('security 3: login CSRF — the callback of one browser\'s login, opened in another browser, logs nobody in', async () => {
  // The attacker logs in as themself and stops at the callback URL...
  const attacker = new Browser(demo.srv.url);
  const start = await attacker.get('/login/idporten');
  assert.equal(start.status, 303);
  assert.ok(attacker.cookies.get('helsami-login'), 'the state is bound to the browser that started the login');
  const callback = await new IdpBrowser(demo.idp).authorize(start.location, { account: MARIUS });
  // ...and gets a victim's fresh browser to open it.
  const victim = new Browser(demo.srv.url);
  const res = await victim.get(callback.slice(demo.srv.url.length));
  assertLoginRefused({ res, browser: victim }, 400, /startet i en annen nettleser/, 'callback in another browser');
  assert.match(res.text, /state_other_browser/);
  // The attacker's own browser could still finish: the state was not spent by the refusal.
  const own = await attacker.get(callback.slice(demo.srv.url.length));
  assert.equal(own.status, 303);
  assert.ok(attacker.sessionCookie(), 'the browser that started it logs in');
  assert.equal(attacker.cookies.get('helsami-login'), undefined, 'the binding cookie is cleared after use');
});

test('an authorization code is good once: replaying it with a fresh state is refused', async () => {
  const first = await login({ account: MARIUS });
  assert.equal(first.res.status, 303);
  const code = new URL(first.callback).searchParams.get('code');
  const before = demo.idp.tokenRequests;
  const r = await login({ account: MARIUS, mutate: (u) => u.searchParams.set('code', code) });
  assertLoginRefused(r, 400, TECHNICAL, 'code replay');
  assert.match(r.res.text, /token_request_failed/);
  assert.equal(demo.idp.tokenRequests, before + 1, 'the provider itself refused the code');
});

test('iss in the authorization response: wrong or missing is refused (RFC 9207)', async () => {
  const wrong = await login({ account: MARIUS, mutate: (u) => u.searchParams.set('iss', 'http://127.0.0.1:1') });
  assertLoginRefused(wrong, 400, TECHNICAL, 'wrong iss');
  assert.match(wrong.res.text, /response_iss/);
  const missing = await login({ account: MARIUS, mutate: (u) => u.searchParams.delete('iss') });
  assertLoginRefused(missing, 400, TECHNICAL, 'missing iss');
});

test('a tampered ID token is refused: nonce, audience, issuer, alg none, HS256, another key, issued in the future', async () => {
  const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const cases = [
    ['wrong nonce', (t) => demo.idp.resign(t, { claims: { nonce: 'not-the-nonce' } }), 'wrong_nonce'],
    ['wrong audience', (t) => demo.idp.resign(t, { claims: { aud: 'someone-else' } }), 'wrong_aud'],
    ['audience list without azp', (t) => demo.idp.resign(t, { claims: { aud: ['helsami-basic', 'another-api'] } }), 'wrong_aud'],
    ['wrong issuer in the token', (t) => demo.idp.resign(t, { claims: { iss: 'https://idporten.no' } }), 'wrong_iss'],
    ['alg none', (t) => demo.idp.resign(t, { header: { alg: 'none' } }), 'alg_not_allowed'],
    ['HS256 with the public key as secret', (t) => demo.idp.resign(t, { header: { alg: 'HS256' }, key: JSON.stringify(demo.idp.publicJwk) }), 'alg_not_allowed'],
    ['signed by another key', (t) => demo.idp.resign(t, { claims: { pid: VEGARD }, key: other }), 'bad_signature'],
    ['issued in the future', (t) => demo.idp.resign(t, { claims: { iat: Math.floor(Date.now() / 1000) + 3600 } }), 'not_yet_valid'],
  ];
  for (const [what, tamper, code] of cases) {
    const r = await login({ account: MARIUS, tamper });
    assertLoginRefused(r, 400, TECHNICAL, what);
    assert.match(r.res.text, new RegExp(code), what);
  }
});

test('an unknown kid makes helsami look at the JWKS again, at most once a minute', async () => {
  const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const before = demo.idp.jwksFetches;
  const r1 = await login({ account: MARIUS, tamper: (t) => demo.idp.resign(t, { header: { kid: 'new-key-1' }, key: other }) });
  assertLoginRefused(r1, 400, /unknown_kid/, 'unknown kid');
  const r2 = await login({ account: MARIUS, tamper: (t) => demo.idp.resign(t, { header: { kid: 'new-key-2' }, key: other }) });
  assertLoginRefused(r2, 400, /unknown_kid/, 'unknown kid again');
  assert.equal(demo.idp.jwksFetches - before, 1, 'one refetch for the first unknown kid, none for the second');
});

test('an expired ID token is refused (helsami\'s clock moved two hours on)', async () => {
  const later = new Date(Date.now() + 2 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const r = await login({ account: MARIUS, headers: { 'x-helsami-now': later } });
  assertLoginRefused(r, 400, TECHNICAL, 'expired');
  assert.match(r.res.text, /expired/);
});

test('a login cancelled at the provider shows a clear page', async () => {
  const r = await login({ deny: true });
  assertLoginRefused(r, 400, /avbrutt eller avvist/, 'cancelled');
  assert.equal(new URL(r.callback).searchParams.get('error'), 'access_denied');
});

test('refusal pages speak English when the user does', async () => {
  const b = new Browser(demo.srv.url);
  b.cookies.set('lang', 'en');
  const r = await login({ account: MARIUS, acr: 'idporten-loa-substantial', browser: b });
  assert.equal(r.res.status, 403);
  assert.match(r.res.text, /<html lang="en"/);
  assert.match(r.res.text, /security level is too low/);
});

test('every refusal is a security event with a reason code and no personal data', async () => {
  const reasons = refusalReasons();
  for (const code of ['state_unknown', 'state_used', 'response_iss', 'wrong_nonce', 'wrong_aud', 'alg_not_allowed',
    'bad_signature', 'unknown_kid', 'expired', 'acr_too_low', 'no_pid', 'token_request_failed', 'provider_error']) {
    assert.ok(reasons.includes(code), `${code} recorded`);
  }
  for (const r of reasons) assert.doesNotMatch(r, /\d{11}|eyJ/);
  assert.doesNotMatch(demo.srv.stderr(), /\d{11}/, 'no identity numbers in the log');
  assert.doesNotMatch(demo.srv.stderr(), /eyJ[A-Za-z0-9_-]{10,}/, 'no tokens in the log');
});

test('front-channel logout ends the session found by sid, in a page the provider may frame', async () => {
  const r = await login({ account: MARIUS });
  assert.equal(r.res.status, 303);
  const { sid } = decodeJwt(demo.idp.idTokens.at(-1)).payload;
  assert.ok(sid);
  const home = await r.browser.get('/');
  assert.match(home.text, /Marius Berg/);

  const wrongIss = await fetch(`${demo.srv.url}/logout/idporten/frontchannel?iss=${encodeURIComponent('https://idporten.no')}&sid=${encodeURIComponent(sid)}`);
  assert.equal(wrongIss.status, 400);
  assert.match((await r.browser.get('/')).text, /Marius Berg/, 'a wrong iss ends nothing');

  const res = await fetch(`${demo.srv.url}/logout/idporten/frontchannel?iss=${encodeURIComponent(demo.idp.issuer)}&sid=${encodeURIComponent(sid)}`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const csp = res.headers.get('content-security-policy');
  assert.match(csp, new RegExp(`frame-ancestors ${demo.idp.issuer.replace(/[.]/g, '\\.')}(;| )`));
  assert.doesNotMatch(csp, /frame-ancestors 'none'/);
  assert.equal(res.headers.get('x-frame-options'), null);
  assert.ok((await res.text()).length < 300);
  const after = await r.browser.get('/');
  assert.doesNotMatch(after.text, /Marius Berg/, 'the old cookie is anonymous now');
  // every other page keeps refusing to be framed
  const start = await fetch(`${demo.srv.url}/`);
  assert.match(start.headers.get('content-security-policy'), /frame-ancestors 'none'/);
});

test('logout continues to the provider\'s end_session_endpoint with id_token_hint', async () => {
  const r = await login({ account: MARIUS });
  assert.equal(r.res.status, 303);
  const idToken = demo.idp.idTokens.at(-1);
  await r.browser.get('/');
  const out = await r.browser.post('/logout');
  assert.equal(out.status, 303);
  const u = new URL(out.location);
  assert.equal(u.origin + u.pathname, `${demo.idp.issuer}/session/end`);
  assert.equal(u.searchParams.get('id_token_hint'), idToken);
  assert.equal(u.searchParams.get('post_logout_redirect_uri'), `${demo.srv.url}/`);
  assert.equal(u.searchParams.get('client_id'), 'helsami-basic');
  assert.ok(u.searchParams.get('state'));
  // the provider accepts it: it asks to confirm the logout
  const confirm = await fetch(out.location, { redirect: 'manual' });
  assert.equal(confirm.status, 200);
  assert.doesNotMatch((await r.browser.get('/')).text, /Marius Berg/);
});

test('private_key_jwt with a PEM key: the provider accepts helsami\'s client assertion', async () => {
  const r = await rpLogin(demo.srvJwt, demo.idp, '/login/idporten', { account: MARIUS });
  assert.equal(r.res.status, 303, r.res.text.slice(0, 500));
  assert.equal(r.res.location, '/');
  assert.equal(sessionCookiesSet(r.res).length, 1);
});

test('client_secret_post, and acr substantial accepted where configured', async () => {
  const r = await rpLogin(demo.srvPost, demo.idp, '/login/idporten', { account: MARIUS, acr: 'idporten-loa-substantial' });
  assert.equal(new URL(r.start.location).searchParams.get('acr_values'), 'idporten-loa-substantial');
  assert.equal(r.res.status, 303, r.res.text.slice(0, 500));
  assert.equal(sessionCookiesSet(r.res).length, 1);
});

test('the login endpoints are rate limited per client address', async () => {
  // From 127.0.0.2, so the other tests' address keeps its allowance.
  const get = (path) => new Promise((resolve, reject) => {
    http.get(`${demo.srvPost.url}${path}`, { localAddress: '127.0.0.2' }, (res) => { res.resume(); res.on('end', () => resolve(res)); }).on('error', reject);
  });
  // The default, 30 a minute, is a bucket of 30 refilled at one every 2 s:
  // 30 starts in a row pass and the 31st is refused (one more for every 2 s
  // the loop itself takes, which on any machine here is none).
  const t0 = performance.now();
  let passed = 0, limited;
  while ((limited = await get('/login/idporten')).statusCode === 303 && passed < 100) passed++;
  const seconds = (performance.now() - t0) / 1000;
  assert.equal(limited.statusCode, 429, `refused after ${passed}`);
  assert.ok(passed >= 30 && passed <= 30 + Math.floor(seconds / 2), `${passed} starts passed in ${seconds.toFixed(2)} s; the default allows 30`);
  assert.ok(Number(limited.headers['retry-after']) >= 1);
  const cb = await get('/login/idporten/callback?state=x&code=y');
  assert.equal(cb.statusCode, 400, 'the callback counts on its own');
  const other = await fetch(`${demo.srvPost.url}/login/idporten`, { redirect: 'manual' });
  assert.equal(other.status, 303, 'another address is not limited');
});

test('not configured: the login answers "not available", nothing crashes', async () => {
  const plain = await startServer();
  try {
    for (const path of ['/login/idporten', '/login/idporten/callback?state=a&code=b', '/logout/idporten/frontchannel?iss=a&sid=b', '/staff/login/helseid', '/staff/login/helseid/callback?state=a']) {
      const res = await fetch(plain.url + path, { redirect: 'manual' });
      assert.equal(res.status, 503, path);
    }
  } finally {
    await plain.stop();
  }
});

test('a provider that cannot be reached: "not available", and no attempt is half-made', async () => {
  const port = await freePort(); // nothing listens there
  const down = await startServer({
    dev: false,
    args: ['--base-url', 'https://helsami.example.no'],
    env: { HELSAMI_IDPORTEN_ISSUER: `http://127.0.0.1:${port}`, HELSAMI_IDPORTEN_CLIENT_ID: 'x', HELSAMI_IDPORTEN_CLIENT_SECRET: 's' },
  });
  try {
    const res = await fetch(`${down.url}/login/idporten`, { redirect: 'manual' });
    assert.equal(res.status, 503);
    const again = await fetch(`${down.url}/login/idporten`, { redirect: 'manual' });
    assert.equal(again.status, 503);
  } finally {
    assert.equal((await down.stop()).code, 0);
  }
});

test('start-up refuses an issuer over plain http off loopback, and a half configuration', async () => {
  const bad = [
    [{ HELSAMI_IDPORTEN_ISSUER: 'http://idporten.example.no', HELSAMI_IDPORTEN_CLIENT_ID: 'x', HELSAMI_IDPORTEN_CLIENT_SECRET: 's' }, /must be an https URL/],
    [{ HELSAMI_IDPORTEN_ISSUER: 'https://test.idporten.no' }, /set both/],
    [{ HELSAMI_IDPORTEN_ISSUER: 'https://test.idporten.no', HELSAMI_IDPORTEN_CLIENT_ID: 'x' }, /CLIENT_SECRET is needed/],
    [{ HELSAMI_IDPORTEN_ISSUER: 'https://test.idporten.no', HELSAMI_IDPORTEN_CLIENT_ID: 'x', HELSAMI_IDPORTEN_CLIENT_SECRET: 's', HELSAMI_IDPORTEN_ACR: 'idporten-loa-low' }, /_ACR must be/],
  ];
  for (const [env, message] of bad) {
    await assert.rejects(startServer({ dev: false, env, args: ['--base-url', 'https://helsami.example.no'] }), message);
  }
});
