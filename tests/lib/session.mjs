// session.mjs — a browser-like HTTP client for tests: a cookie jar, the
// form token read from pages, our Origin on POSTs, and TestID logins.
import assert from 'node:assert/strict';

export class Browser {
  constructor(base, { headers = {} } = {}) {
    this.base = base;
    this.cookies = new Map();
    this.headers = headers; // sent on every request (e.g. x-helsami-now)
    this.csrf = null;
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  remember(res) {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      if (attrs.some((a) => /^\s*max-age=0/i.test(a)) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(path, opts = {}) {
    const headers = { ...this.headers, ...(opts.headers || {}) };
    if (this.cookies.size) headers.cookie = this.cookieHeader();
    const res = await fetch(this.base + path, { redirect: 'manual', ...opts, headers });
    this.remember(res);
    const text = await res.text();
    const m = text.match(/name="csrf" value="([^"]+)"/);
    if (m) this.csrf = m[1];
    return { status: res.status, headers: res.headers, text, location: res.headers.get('location') };
  }

  get(path, opts = {}) { return this.request(path, opts); }

  // POSTs a form with our Origin and the last form token seen (unless given);
  // an array value is sent as the field repeated (a checkbox group).
  post(path, fields = {}, opts = {}) {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries({ csrf: this.csrf ?? '', ...fields }))
      for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    return this.request(path, {
      method: 'POST', body,
      headers: { origin: this.base, 'content-type': 'application/x-www-form-urlencoded', ...(opts.headers || {}) },
    });
  }

  sessionCookie() { return this.cookies.get('helsami') ?? this.cookies.get('__Host-helsami'); }
}

// The session cookies a response sets (a value, not a clearing), with their attributes.
export const sessionCookiesSet = (res) => res.headers.getSetCookie().filter((c) => /^(__Host-)?helsami=[^;]/.test(c));

// Logs in through TestID (dev mode): citizens by default, staff with {staff: true}.
export async function loginAs(srv, nin, { staff = false, headers = {} } = {}) {
  const b = new Browser(srv.url, { headers });
  await b.get('/login/testid');
  const res = await b.post(staff ? '/staff/login/testid' : '/login/testid', { nin });
  b.loginResponse = res;
  if (res.status === 303) await b.get(res.location);
  return b;
}

// A parent logged in and acting for their child: registered as parent on /access/parent, then the child
// (by the name /access lists) chosen on /access/act.
export async function loginActingForChild(srv, parentNin, childNin, childName, { headers = {} } = {}) {
  const b = await loginAs(srv, parentNin, { headers });
  await b.get('/access/parent');
  assert.equal((await b.post('/access/parent', { nin: childNin })).status, 303);
  const access = await b.get('/access');
  const person = access.text.match(new RegExp(`${childName}</h3>[\\s\\S]*?name="person" value="(\\d+)"`))[1];
  assert.equal((await b.post('/access/act', { person })).status, 303);
  return b;
}
