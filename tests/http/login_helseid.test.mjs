// login_helseid.test.mjs — staff login through a real OpenID provider
// configured like HelseID (tests/lib/idp.mjs: PAR required, private_key_jwt
// with an ES256 JWK, helseid:// claims) over HTTP: a GP lands in the
// workspace; security level, HPR number, identity number and the staff
// register are checked; tokens and callbacks of one provider are no good at
// the other's route.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { demoServer } from '../lib/demo.mjs';
import { Browser, sessionCookiesSet } from '../lib/session.mjs';
import { startIdp, freePort, rpLogin, assertLoginRefused, decodeJwt } from '../lib/idp.mjs';

const INGRID = '14827549852'; // GP at Øya legesenter, HPR 100000001
const MARTE = '19889549834'; // medical secretary: staff, but no HPR number
const MARIUS = '12848649994'; // a citizen, not staff

// Both OpenID providers, each with a client for the one server.
const demo = demoServer({
  beforeSeed: async (suite) => {
    suite.port = await freePort();
    const base = `http://127.0.0.1:${suite.port}`;
    suite.helseid = suite.own(await startIdp({
      kind: 'helseid',
      clients: [{ client_id: 'helsami-staff', auth: 'private_key_jwt', redirect_uri: `${base}/staff/login/helseid/callback`, post_logout_redirect_uri: `${base}/` }],
    }));
    suite.idporten = suite.own(await startIdp({
      kind: 'idporten',
      clients: [{ client_id: 'helsami-citizen', auth: 'client_secret_basic', redirect_uri: `${base}/login/idporten/callback`, post_logout_redirect_uri: `${base}/` }],
    }));
  },
  servers: ({ port, helseid, idporten }) => ({
    srv: {
      args: ['--listen', `127.0.0.1:${port}`, '--base-url', `http://127.0.0.1:${port}`],
      env: {
        HELSAMI_LOG_LEVEL: 'info',
        HELSAMI_LOGIN_RATE: '600',
        HELSAMI_HELSEID_ISSUER: helseid.issuer,
        HELSAMI_HELSEID_CLIENT_ID: 'helsami-staff',
        HELSAMI_HELSEID_CLIENT_KEY: helseid.clients[0].keyFile,
        HELSAMI_IDPORTEN_ISSUER: idporten.issuer,
        HELSAMI_IDPORTEN_CLIENT_ID: 'helsami-citizen',
        HELSAMI_IDPORTEN_CLIENT_SECRET: idporten.clients[0].client_secret,
      },
    },
  }),
});

const login = (opts) => rpLogin(demo.srv, demo.helseid, '/staff/login/helseid', opts);

test('the start pushes the request (PAR) and sends the browser with client_id and request_uri only', async () => {
  const before = demo.helseid.parRequests;
  const r = await new Browser(demo.srv.url).get('/staff/login/helseid');
  assert.equal(r.status, 303);
  assert.equal(demo.helseid.parRequests, before + 1);
  const u = new URL(r.location);
  assert.equal(u.origin + u.pathname, `${demo.helseid.issuer}/auth`);
  assert.deepEqual([...u.searchParams.keys()].sort(), ['client_id', 'request_uri']);
  assert.equal(u.searchParams.get('client_id'), 'helsami-staff');
  assert.match(u.searchParams.get('request_uri'), /^urn:ietf:params:oauth:request_uri:/);
});

test('a GP logs in through HelseID (PAR, private_key_jwt) and lands in the workspace', async () => {
  const r = await login({ account: INGRID });
  assert.equal(r.res.status, 303, r.res.text.slice(0, 500));
  assert.equal(r.res.location, '/staff');
  assert.equal(sessionCookiesSet(r.res).length, 1);
  const ws = await r.browser.get('/staff');
  assert.equal(ws.status, 200);
  assert.match(ws.text, /Ingrid Solberg/);
  const claims = decodeJwt(demo.helseid.idTokens.at(-1)).payload;
  assert.equal(claims['helseid://claims/identity/security_level'], '4');
  assert.equal(claims['helseid://claims/hpr/hpr_number'], '100000001');
});

test('security level below 4 is refused', async () => {
  demo.helseid.accounts.set(INGRID, { 'helseid://claims/identity/security_level': '3' });
  try {
    const r = await login({ account: INGRID });
    assertLoginRefused(r, 403, /sikkerhetsnivå 4/, 'level 3');
    assert.match(r.res.text, /security_level_too_low/);
  } finally {
    demo.helseid.accounts.delete(INGRID);
  }
});

test('no HPR number, no identity number: refused', async () => {
  const noHpr = await login({ account: MARTE }); // the provider knows no HPR number for her
  assertLoginRefused(noHpr, 403, /HPR-nummer mangler/, 'no HPR');
  demo.helseid.accounts.set(INGRID, { 'helseid://claims/identity/pid': undefined });
  try {
    const noPid = await login({ account: INGRID });
    assertLoginRefused(noPid, 403, /ga oss ikke fødselsnummeret/, 'no pid');
  } finally {
    demo.helseid.accounts.delete(INGRID);
  }
});

test('health personnel who are not our staff are refused by the staff register', async () => {
  demo.helseid.accounts.set(MARIUS, { 'helseid://claims/hpr/hpr_number': '199999999' });
  try {
    const r = await login({ account: MARIUS });
    assertLoginRefused(r, 403, /ikke registrert som ansatt/, 'not staff');
  } finally {
    demo.helseid.accounts.delete(MARIUS);
  }
});

test('tampered tokens, wrong state and a replayed code are refused', async () => {
  const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  for (const [what, tamper, code] of [
    ['wrong nonce', (t) => demo.helseid.resign(t, { claims: { nonce: 'x' } }), 'wrong_nonce'],
    ['alg none', (t) => demo.helseid.resign(t, { header: { alg: 'none' } }), 'alg_not_allowed'],
    ['another key', (t) => demo.helseid.resign(t, { key: other }), 'bad_signature'],
    ['wrong audience', (t) => demo.helseid.resign(t, { claims: { aud: 'helsami-citizen' } }), 'wrong_aud'],
  ]) {
    const r = await login({ account: INGRID, tamper });
    assertLoginRefused(r, 400, /Vi kunne ikke fullføre innloggingen/, what);
    assert.match(r.res.text, new RegExp(code), what);
  }
  const wrong = await login({ account: INGRID, mutate: (u) => u.searchParams.set('state', 'forged') });
  assertLoginRefused(wrong, 400, /state_other_browser/, 'wrong state: not the state this browser started with');
  const first = await login({ account: INGRID });
  assert.equal(first.res.status, 303);
  const code = new URL(first.callback).searchParams.get('code');
  const replay = await login({ account: INGRID, mutate: (u) => u.searchParams.set('code', code) });
  assertLoginRefused(replay, 400, /token_request_failed/, 'code replay');
});

test('a HelseID login cannot finish at the citizen route, nor an ID-porten login at the staff route', async () => {
  // the state is bound to the provider that started it
  const staff = await login({ account: INGRID, mutate: (u) => { u.pathname = '/login/idporten/callback'; u.searchParams.set('iss', demo.idporten.issuer); } });
  assertLoginRefused(staff, 400, /state_unknown/, 'HelseID callback on the citizen route');
  const citizen = await rpLogin(demo.srv, demo.idporten, '/login/idporten', {
    account: MARIUS, mutate: (u) => { u.pathname = '/staff/login/helseid/callback'; u.searchParams.set('iss', demo.helseid.issuer); },
  });
  assertLoginRefused(citizen, 400, /state_unknown/, 'ID-porten callback on the staff route');
  // the same claims signed by ID-porten's key, handed out by the HelseID token endpoint
  const swapped = await login({ account: INGRID, tamper: (t) => demo.idporten.resign(t) });
  assertLoginRefused(swapped, 400, /bad_signature|unknown_kid/, 'ID-porten signature at HelseID');
});

test('the citizen login works alongside, and its page is not the staff workspace', async () => {
  const r = await rpLogin(demo.srv, demo.idporten, '/login/idporten', { account: MARIUS });
  assert.equal(r.res.status, 303, r.res.text.slice(0, 300));
  assert.equal(r.res.location, '/');
  const ws = await r.browser.get('/staff');
  assert.equal(ws.status, 403);
});

test('refusals are logged as codes only: no identity numbers, no tokens', async () => {
  assert.doesNotMatch(demo.srv.stderr(), /\d{11}/);
  assert.doesNotMatch(demo.srv.stderr(), /eyJ[A-Za-z0-9_-]{10,}/);
  assert.match(demo.srv.stderr(), /helseid login refused: security_level_too_low/);
});
