// foundation.test.mjs — the dispatcher over real HTTP: pages, languages,
// errors, static files, security headers, limits, dev mode and shutdown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, client, BIN } from '../lib/server.mjs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

let srv, get;
before(async () => { srv = await startServer(); get = client(srv.url); });
after(async () => { await srv.stop(); });

function assertSecurityHeaders(res) {
  const csp = res.headers.get('content-security-policy');
  assert.ok(csp, 'CSP present');
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.match(csp, /object-src 'none'/);
  assert.match(csp, /base-uri 'none'/);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.ok(res.headers.get('referrer-policy'));
  assert.ok(res.headers.get('permissions-policy'));
  assert.equal(res.headers.get('strict-transport-security'), null, 'no HSTS over plain http');
}

test('start page is served in bokmål by default, with security headers', async () => {
  const res = await get('/');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/html; charset=utf-8/);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assertSecurityHeaders(res);
  const html = await res.text();
  assert.match(html, /<html lang="nb"/);
  assert.match(html, /href="\/login\/idporten"/);
  assert.match(html, /113/);
  assert.match(html, /116 117/);
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
  assert.doesNotMatch(html, /\sstyle="/, 'no inline style');
});

test('a visitor gets a form-token cookie only from a page with a form, once', async () => {
  for (const path of ['/', '/static/favicon.svg', '/nope']) {
    assert.deepEqual((await get(path)).headers.getSetCookie(), [], `${path}: no cookie`);
  }
  const form = await get('/login/testid');
  const set = form.headers.getSetCookie();
  assert.equal(set.length, 1);
  const m = set[0].match(/^helsami-csrf=([A-Za-z0-9_-]{43});/);
  assert.ok(m, set[0]);
  assert.match(await form.text(), new RegExp(`name="csrf" value="${m[1]}"`), 'the form carries the cookie\'s token');
  const again = await get('/login/testid', { headers: { cookie: `helsami-csrf=${m[1]}` } });
  assert.deepEqual(again.headers.getSetCookie(), [], 'a visitor who has one keeps it');
  assert.match(await again.text(), new RegExp(`name="csrf" value="${m[1]}"`));
});

test('Accept-Language picks English before any choice', async () => {
  const res = await get('/', { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
  assert.match(await res.text(), /<html lang="en"/);
  const nb = await get('/', { headers: { 'accept-language': 'nn-NO,nn;q=0.9,en;q=0.5' } });
  assert.match(await nb.text(), /<html lang="nb"/);
});

test('?lang= is remembered in a cookie and redirects to the clean URL', async () => {
  const res = await get('/?lang=en');
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/');
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('lang='));
  assert.match(cookie, /^lang=en;/);
  assert.match(cookie, /SameSite=Lax/);
  const again = await get('/', { headers: { cookie: 'lang=en', 'accept-language': 'nb' } });
  assert.match(await again.text(), /<html lang="en"/);
  const other = await get('/status?lang=nb&x=%C3%A6%20b');
  assert.equal(other.headers.get('location'), '/status?x=%C3%A6%20b');
});

test('the language switch links to the other language on the same page', async () => {
  const html = await (await get('/')).text();
  assert.match(html, /href="\/\?lang=en"[^>]*hreflang="en"|hreflang="en"[^>]*href="\/\?lang=en"/);
});

test('HEAD answers like GET without a body', async () => {
  const res = await get('/', { method: 'HEAD' });
  assert.equal(res.status, 200);
  assert.equal((await res.text()).length, 0);
  assertSecurityHeaders(res);
});

test('unknown paths get a real 404 page in the user language', async () => {
  const res = await get('/no/such/page');
  assert.equal(res.status, 404);
  assertSecurityHeaders(res);
  const nb = await res.text();
  assert.match(nb, /<html lang="nb"/);
  assert.match(nb, /<h1/);
  const en = await (await get('/no/such/page', { headers: { cookie: 'lang=en' } })).text();
  assert.match(en, /<html lang="en"/);
  assert.notEqual(nb, en);
});

test('a wrong method gets 405 with Allow', async () => {
  for (const method of ['DELETE', 'PUT', 'POST']) {
    const res = await get('/', { method });
    assert.equal(res.status, 405, method);
    assert.equal(res.headers.get('allow'), 'GET, HEAD');
    assert.match(await res.text(), /<h1/);
  }
});

test('a body where none is allowed gets 413', async () => {
  const res = await new Promise((resolve, reject) => {
    const req = http.request(`${srv.url}/`, { method: 'GET', headers: { 'content-length': '100000' } }, resolve);
    req.on('error', reject);
    req.end('x'.repeat(100000));
  });
  assert.equal(res.statusCode, 413);
  res.resume();
});

test('malformed query strings get 400, never a crash', async () => {
  for (const q of ['?q=%C0%80', '?q=%FF', '?q=%ED%A0%80']) {
    const res = await get('/' + q);
    assert.equal(res.status, 400, q);
  }
  assert.equal((await get('/')).status, 200);
});

test('static files have ETag, long caching, 304 and gzip', async () => {
  const res = await get('/static/helsami.css');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/css/);
  assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assertSecurityHeaders(res);
  const etag = res.headers.get('etag');
  assert.match(etag, /^"[0-9a-f]{20}"$/);
  const again = await get('/static/helsami.css', { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
  const ds = await new Promise((resolve) => http.get(`${srv.url}/static/designsystemet.css`, { headers: { 'accept-encoding': 'gzip' } }, resolve));
  assert.equal(ds.headers['content-encoding'], 'gzip');
  ds.resume();
});

test('no way out of the static directory', async () => {
  for (const p of ['/static/../Makefile', '/static/%2e%2e/Makefile', '/static/%2e%2e%2fMakefile', '/static/..%2fsrc%2fcli%2fmain.c', '/static/', '/static/.stamp', '/static//etc/passwd']) {
    const res = await get(p);
    assert.ok([404, 400].includes(res.status), `${p} -> ${res.status}`);
  }
});

test('keep-alive stays on: the same socket serves several requests', async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const sockets = new Set();
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve, reject) => {
      const req = http.get(`${srv.url}/`, { agent }, (res) => {
        assert.notEqual(res.headers.connection, 'close');
        sockets.add(req.socket);
        res.resume(); res.on('end', resolve);
      });
      req.on('error', reject);
    });
  }
  assert.equal(sockets.size, 1);
  agent.destroy();
});

test('many concurrent requests all succeed', async () => {
  const results = await Promise.all(Array.from({ length: 200 }, (_, i) => get(i % 2 ? '/' : '/static/helsami.css')));
  assert.ok(results.every((r) => r.status === 200));
});

test('status answers JSON for operators', async () => {
  const res = await get('/status');
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { status: 'ok', database: 'ok' });
});

test('dev mode: the request clock is settable and a bad value is refused', async () => {
  assert.equal((await get('/', { headers: { 'x-helsami-now': '2026-11-22T10:00:00Z' } })).status, 200);
  assert.equal((await get('/', { headers: { 'x-helsami-now': 'yesterday' } })).status, 400);
});

test('without dev mode the clock header is ignored', async () => {
  const prod = await startServer({ dev: false });
  try {
    const res = await fetch(`${prod.url}/`, { headers: { 'x-helsami-now': 'yesterday' } });
    assert.equal(res.status, 200);
  } finally { await prod.stop(); }
});

test('dev mode refuses a non-loopback address', () => {
  // A database of its own: a shared fixed path kept whatever schema an older run left there.
  const dir = mkdtempSync(path.join(tmpdir(), 'helsami-never-'));
  try {
    const r = spawnSync(BIN, ['serve', '--dev', '--listen', '0.0.0.0:0', '--db', `sqlite:${dir}/db`], { encoding: 'utf8', timeout: 10000 });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /loopback/);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('SIGTERM shuts down cleanly', async () => {
  const s = await startServer();
  assert.equal((await fetch(`${s.url}/`)).status, 200);
  const { code } = await s.stop();
  assert.equal(code, 0);
  assert.doesNotMatch(s.stderr(), /requires|error/i, 'libmicrohttpd stopped without complaint');
});
