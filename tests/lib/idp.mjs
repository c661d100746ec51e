// idp.mjs — a real OpenID provider (oidc-provider from npm) on loopback for
// the login tests, configured like ID-porten or like HelseID
// (shared/reference/domain-facts.md §1, §2), plus what a test needs to
// drive it over HTTP and to break it on purpose:
//
//  - startIdp({ kind, clients }) starts the provider in this process on an
//    ephemeral port; the issuer is http://127.0.0.1:PORT.
//  - Logins are driven by HTTP: GET /interaction/UID/login?account=..&acr=..
//    (our own minimal interaction handler: the account id is an identity
//    number, and the test says which acr/amr the "eID" gave) finishes the
//    provider's login and consent in one step; ...&deny=1 cancels.
//  - idp.tamper(fn) rewrites the id_token of the next token response (a
//    Koa middleware after the token endpoint: the provider still checks the
//    code, PKCE and client authentication for real). resign() makes a token
//    with changed header/claims, signed by the provider's key or another.
//  - idp.accounts overrides claims per account (e.g. a lower HelseID level).
import crypto from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import assert from 'node:assert/strict';
import { Browser, sessionCookiesSet } from './session.mjs';

// oidc-provider warns (console.warn) about Node 20 and its in-memory store,
// both fine for a test provider; keep the test output for real problems.
const warn = console.warn;
console.warn = (...args) => (String(args[0]).startsWith('oidc-provider WARNING') ? undefined : warn(...args));
const { default: Provider } = await import('oidc-provider');

// Demo staff (src/cli/seed_demo.c): identity number -> HPR number.
export const HPR = {
  '14827549852': '100000001', // Ingrid Solberg, GP
  '30868349995': '100000002',
  '11907949887': '100000003',
  '25839049733': '100000004',
  '05927049955': '100000005',
};

export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

const b64u = (b) => Buffer.from(b).toString('base64url');

export function decodeJwt(token) {
  const [h, p] = token.split('.');
  return { header: JSON.parse(Buffer.from(h, 'base64url')), payload: JSON.parse(Buffer.from(p, 'base64url')) };
}

// Signs header.payload with key (a KeyObject or, for HS256, a secret).
export function signJwt(header, payload, key) {
  const input = `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(payload))}`;
  let sig;
  switch (header.alg) {
    case 'RS256': sig = crypto.sign('sha256', Buffer.from(input), key); break;
    case 'ES256': sig = crypto.sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }); break;
    case 'HS256': sig = crypto.createHmac('sha256', key).update(input).digest(); break;
    default: sig = Buffer.alloc(0); // "none"
  }
  return `${input}.${b64u(sig)}`;
}

function rsaKey(kid) {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { key: privateKey, jwk: { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } };
}

function ecKey(kid) {
  const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { key: privateKey, jwk: { ...privateKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' } };
}

const publicOf = (jwk) => { const { d, p, q, dp, dq, qi, ...pub } = jwk; return pub; };

const ACR = ['idporten-loa-substantial', 'idporten-loa-high'];
const HELSEID_SCOPES = ['helseid://scopes/identity/pid', 'helseid://scopes/identity/security_level', 'helseid://scopes/hpr/hpr_number'];

// kind: 'idporten' or 'helseid'. clients: [{ client_id, auth: 'client_secret_basic' | 'client_secret_post' |
// 'private_key_jwt', key: 'ec' | 'rsa-pem' (private_key_jwt), redirect_uri, post_logout_redirect_uri }].
// Returns the provider handle; private_key_jwt clients get keyFile (a JWK or PEM written to a temp dir).
export async function startIdp({ kind = 'idporten', clients = [] } = {}) {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'helsami-idp-'));
  const signing = rsaKey('idp-rs256-1');
  const accounts = new Map(); // account id -> extra/overridden claims (undefined values delete)

  const registered = clients.map((c) => {
    const meta = {
      client_id: c.client_id,
      redirect_uris: [c.redirect_uri],
      post_logout_redirect_uris: [c.post_logout_redirect_uri],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: c.auth,
      // sid in the ID token, as ID-porten gives it to clients registered for session logout
      backchannel_logout_uri: `${issuer}/backchannel-sink`,
      backchannel_logout_session_required: true,
    };
    if (c.auth === 'private_key_jwt') {
      if (c.key === 'rsa-pem') {
        const k = rsaKey(`${c.client_id}-key`);
        meta.jwks = { keys: [publicOf(k.jwk)] };
        meta.token_endpoint_auth_signing_alg = 'RS256';
        c.keyFile = join(dir, `${c.client_id}.pem`);
        writeFileSync(c.keyFile, k.key.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
      } else {
        const k = ecKey(`${c.client_id}-key`);
        meta.jwks = { keys: [publicOf(k.jwk)] };
        meta.token_endpoint_auth_signing_alg = 'ES256';
        c.keyFile = join(dir, `${c.client_id}.jwk`);
        writeFileSync(c.keyFile, JSON.stringify(k.jwk), { mode: 0o600 });
      }
    } else {
      c.client_secret = c.client_secret || crypto.randomBytes(24).toString('base64url');
      meta.client_secret = c.client_secret;
    }
    if (kind === 'helseid') meta.require_pushed_authorization_requests = true;
    return meta;
  });

  const claims = kind === 'helseid'
    ? {
      openid: ['sub', 'amr', 'acr'], profile: ['name'], acr: null, amr: null, sid: null, auth_time: null,
      'helseid://scopes/identity/pid': ['helseid://claims/identity/pid'],
      'helseid://scopes/identity/security_level': ['helseid://claims/identity/security_level'],
      'helseid://scopes/hpr/hpr_number': ['helseid://claims/hpr/hpr_number'],
    }
    // ID-porten puts pid, acr and amr in every ID token (domain-facts §1.4)
    : { openid: ['sub', 'pid', 'acr', 'amr'], profile: ['locale'], acr: null, amr: null, sid: null, auth_time: null };

  const provider = new Provider(issuer, {
    clients: registered,
    jwks: { keys: [signing.jwk] },
    claims,
    scopes: kind === 'helseid' ? ['openid', 'profile', ...HELSEID_SCOPES] : ['openid', 'profile'],
    acrValues: kind === 'helseid' ? [] : ACR,
    responseTypes: ['code'],
    ttl: { IdToken: 3600, AccessToken: 120, AuthorizationCode: 60, Interaction: 600, Session: 3600, Grant: 3600 },
    pkce: { required: () => true }, // S256 only in this version
    conformIdTokenClaims: false, // scope claims in the ID token, as ID-porten and HelseID put them
    cookies: { keys: [crypto.randomBytes(16).toString('hex')] },
    features: {
      devInteractions: { enabled: false },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: kind === 'helseid' },
    },
    extraParams: ['ui_locales'],
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
    async findAccount(ctx, id) {
      return {
        accountId: id,
        async claims() {
          const c = { sub: id, name: `Person ${id}`, locale: 'nb' };
          if (/^\d{11}$/.test(id)) {
            if (kind === 'helseid') {
              c['helseid://claims/identity/pid'] = id;
              c['helseid://claims/identity/security_level'] = '4';
              if (HPR[id]) c['helseid://claims/hpr/hpr_number'] = HPR[id];
            } else {
              c.pid = id;
            }
          }
          for (const [k, v] of Object.entries(accounts.get(id) || {})) {
            if (v === undefined) delete c[k]; else c[k] = v;
          }
          return c;
        },
      };
    },
    renderError(ctx, out) { ctx.type = 'json'; ctx.body = out; },
  });
  provider.on('server_error', (ctx, err) => { console.error('oidc-provider server_error', err); });

  let tamper = null;
  const idp = {
    kind, issuer, port, clients, accounts, provider, signingKey: signing.key, signingKid: signing.jwk.kid,
    idTokens: [], // every ID token issued, newest last (as issued, before tampering)
    tokenRequests: 0,
    jwksFetches: 0,
    parRequests: 0,
    tamper(fn) { tamper = fn; },
    // A copy of token with header/claims changed (undefined deletes), signed by key
    // (default: the provider's own) — or unsigned for alg none.
    resign(token, { header = {}, claims: changes = {}, key = signing.key } = {}) {
      const t = decodeJwt(token);
      const h = { ...t.header, ...header };
      const p = { ...t.payload, ...changes };
      for (const [k, v] of Object.entries(changes)) if (v === undefined) delete p[k];
      for (const [k, v] of Object.entries(header)) if (v === undefined) delete h[k];
      return signJwt(h, p, key);
    },
    publicJwk: publicOf(signing.jwk),
    // close() waits for every open connection to end: end them first, so a
    // kept-alive or half-sent request cannot hold the file's after hook.
    stop: async () => {
      const closed = new Promise((r) => server.close(r));
      server.closeAllConnections();
      await closed;
      rmSync(dir, { recursive: true, force: true });
    },
  };

  // After the token endpoint: remember the ID token, and rewrite it once if asked.
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/jwks') idp.jwksFetches++;
    if (ctx.path === '/request' && ctx.method === 'POST') idp.parRequests++;
    if (ctx.path === '/token' && ctx.method === 'POST') {
      idp.tokenRequests++;
      if (ctx.status === 200 && ctx.body && ctx.body.id_token) {
        idp.idTokens.push(ctx.body.id_token);
        if (tamper) {
          const fn = tamper;
          tamper = null;
          ctx.body = { ...ctx.body, id_token: await fn(ctx.body.id_token) };
        }
      }
    }
  });

  const callback = provider.callback();
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, issuer);
    try {
      if (url.pathname === '/backchannel-sink') { res.statusCode = 200; res.end(); return; }
      const m = url.pathname.match(/^\/interaction\/([^/]+)(\/login)?$/);
      if (m && req.method === 'GET') {
        const details = await provider.interactionDetails(req, res);
        if (details.uid !== m[1]) throw new Error('interaction mismatch');
        if (!m[2]) { // the "login page"
          res.setHeader('content-type', 'text/html; charset=utf-8');
          res.end(`<!doctype html><title>Login</title><p>interaction ${details.uid}: ${details.prompt.name}</p>`);
          return;
        }
        if (url.searchParams.get('deny')) {
          await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The user cancelled' }, { mergeWithLastSubmission: false });
          return;
        }
        const accountId = url.searchParams.get('account');
        const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
        grant.addOIDCScope(details.params.scope);
        const grantId = await grant.save();
        const amrParam = url.searchParams.get('amr') || 'TestID';
        const login = { accountId, amr: amrParam.split(',') };
        const acr = url.searchParams.get('acr') || (kind === 'idporten' ? 'idporten-loa-high' : undefined);
        if (acr) login.acr = acr;
        await provider.interactionFinished(req, res, { login, consent: { grantId } }, { mergeWithLastSubmission: false });
        return;
      }
      callback(req, res);
    } catch (err) {
      res.statusCode = 500;
      res.setHeader('content-type', 'text/plain');
      res.end(String(err && err.stack || err));
    }
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return idp;
}

// The browser's side of the provider: its own cookie jar, following the
// provider's redirects until they leave for the relying party.
export class IdpBrowser {
  constructor(idp) { this.idp = idp; this.cookies = new Map(); }

  async get(url) {
    const headers = {};
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, { redirect: 'manual', headers });
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      if (value === '' || attrs.some((a) => /expires=Thu, 01 Jan 1970/i.test(a))) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    return { status: res.status, location: res.headers.get('location'), text };
  }

  // From the authorization URL to the relying party's callback URL: logs in
  // as account (an identity number) with acr/amr, or cancels with deny.
  async authorize(authUrl, { account, acr, amr, deny = false } = {}) {
    let url = authUrl;
    for (let hops = 0; hops < 10; hops++) {
      if (!url.startsWith(this.idp.issuer)) return url; // back to the relying party
      const r = await this.get(url);
      if (r.status !== 302 && r.status !== 303) throw new Error(`provider answered ${r.status} at ${url}: ${r.text.slice(0, 300)}`);
      let next = new URL(r.location, url).href;
      const m = new URL(next).pathname.match(/^\/interaction\/([^/]+)$/);
      if (m) {
        const q = new URLSearchParams(deny ? { deny: '1' } : { account, ...(acr ? { acr } : {}), ...(amr ? { amr } : {}) });
        next = `${this.idp.issuer}/interaction/${m[1]}/login?${q}`;
      }
      url = next;
    }
    throw new Error('too many redirects at the provider');
  }
}

// One login through helsami and the provider, as a browser does it:
// GET startPath on helsami, through the provider as `account`, back to the
// callback. Options: acr, amr, deny (cancel at the provider), tamper (rewrite
// the ID token the provider returns), mutate(URL) (change the callback URL
// before it reaches helsami), headers (sent to helsami on every request, e.g.
// x-helsami-now), browser (an existing session.mjs Browser). Returns
// { browser, start, callback, res } where res is helsami's answer to the callback.
export async function rpLogin(srv, idp, startPath, { account, acr, amr, deny, tamper, mutate, headers = {}, browser } = {}) {
  const b = browser || new Browser(srv.url, { headers });
  const start = await b.get(startPath);
  if (start.status !== 303) throw new Error(`${startPath} answered ${start.status}: ${start.text.slice(0, 200)}`);
  const ib = new IdpBrowser(idp);
  let callback = await ib.authorize(start.location, { account, acr, amr, deny });
  if (mutate) {
    const u = new URL(callback);
    mutate(u);
    callback = u.href;
  }
  if (!callback.startsWith(srv.url)) throw new Error(`the provider sent the browser to ${callback}`);
  idp.tamper(tamper || null);
  const res = await b.get(callback.slice(srv.url.length));
  idp.tamper(null);
  return { browser: b, start, callback, res };
}

// A login (rpLogin's result) refused with `status` and a page matching
// `text`, and no session made.
export function assertLoginRefused(r, status, text, what) {
  assert.equal(r.res.status, status, `${what}: status`);
  assert.match(r.res.text, text, `${what}: page`);
  assert.deepEqual(sessionCookiesSet(r.res), [], `${what}: no session cookie`);
  assert.equal(r.browser.sessionCookie(), undefined, `${what}: no session`);
}
