// matrix.test.mjs — the authorization matrix (issue 5, T1 in
// shared/reference/security-and-reliability.md): every route of the route
// table (read from `helsami routes`, so a new route cannot escape it) for
// every kind of actor, each on its own freshly seeded server. A refused cell
// must answer exactly 401 (anonymous) or 403; an allowed cell must get past
// authorization (not 401/403) and never fail (no 5xx). Ids in paths are ids
// that exist for nobody (999999999), so allowed id routes answer 404.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { BIN, startServer, runCli, freshDb } from '../lib/server.mjs';
import { Browser, loginAs } from '../lib/session.mjs';

const lines = spawnSync(BIN, ['routes'], { encoding: 'utf8' }).stdout.trim().split('\n').map((l) => JSON.parse(l));
const routes = lines.filter((l) => l.pattern);
const citizenCaps = new Set(lines.find((l) => l.citizen_caps).citizen_caps);
const actorCaps = lines.find((l) => l.actor_caps).actor_caps;
const kindCaps = Object.fromEntries(lines.filter((l) => l.kind).map((l) => [l.kind, new Set([...l.caps, ...actorCaps])]));
const ROLE_BITS = { clinician: 1, office: 2, caseworker: 4, support: 8, admin: 16 };

const P = {
  marius: '12848649994', silje: '03898849863', nora: '01921099882', jonas: '02831399735', emma: '15862199860',
  thomas: '07878249733', hanne: '18828449806', ida: '20821699852', geir: '23857149971', sofie: '10851899893',
  bjorn: '21876649788', elisabeth: '02916949807', astrid: '08833849868', camilla: '30819249861',
  ingrid: '14827549852', ahmed: '25839049733', marte: '19889549834', per: '27816849956', sara: '04859849860', tor: '09898549906',
};
const FAMILY = { bjorn: 'Johansen' };
const NOW = '2026-11-22T10:00:00Z';

// Opens the record of `name` from the access overview (R6).
async function actFor(b, name) {
  const page = await b.get('/access');
  const m = page.text.match(new RegExp(`${name}</h3>[\\s\\S]*?name="person" value="(\\d+)"`));
  if (m) await b.post('/access/act', { person: m[1] });
  return Boolean(m);
}

async function grant(srv, from, to, kind, extra = {}) {
  const b = await loginAs(srv, P[from], { headers: { 'x-helsami-now': NOW } });
  await b.get('/access/grant');
  const r = await b.post('/access/grant', { nin: P[to], family_name: FAMILY[to], kind, valid_until: '', confirm: '1', ...extra });
  assert.equal(r.status, 303, `grant ${from} -> ${to}`);
  return b;
}

async function parent(srv, who, child, now = NOW) {
  const b = await loginAs(srv, P[who], { headers: { 'x-helsami-now': now } });
  await b.get('/access/parent');
  assert.equal((await b.post('/access/parent', { nin: P[child] })).status, 303, `${who} -> ${child}`);
}

// Each actor: how to set the world up, how to log in, and what it holds.
const actors = [
  { name: 'anonymous', kind: 'anonymous' },
  { name: 'citizen, own record', login: 'marius', caps: citizenCaps },
  { name: 'parent of a child under 12', setup: (s) => parent(s, 'marius', 'emma'), login: 'marius', actFor: 'Emma Berg', caps: kindCaps.full },
  { name: 'parent of a child of 12-15', setup: (s) => parent(s, 'marius', 'jonas'), login: 'marius', actFor: 'Jonas Berg', caps: kindCaps.full },
  { name: 'parent the day before the 16th birthday', now: '2026-11-30T12:00:00Z', setup: (s) => parent(s, 'silje', 'nora', '2026-11-30T11:00:00Z'), login: 'silje', actFor: 'Nora Berg', caps: kindCaps.full },
  { name: 'parent on the 16th birthday (access gone)', now: '2026-12-01T12:00:00Z', setup: (s) => parent(s, 'silje', 'nora', '2026-11-30T11:00:00Z'), login: 'silje', actFor: 'Nora Berg', expectActing: false, caps: citizenCaps },
  { name: 'foster parent (refused, own record only)', login: 'geir', caps: citizenCaps },
  { name: 'parent at another address than the child', setup: (s) => parent(s, 'thomas', 'ida'), login: 'thomas', actFor: 'Ida Lie', caps: kindCaps.full },
  ...Object.keys(kindCaps).map((kind) => ({ name: `power of attorney: ${kind}`, setup: (s) => grant(s, 'elisabeth', 'bjorn', kind), login: 'bjorn', actFor: 'Elisabeth Johansen', caps: kindCaps[kind] })),
  {
    name: 'revoked power of attorney', login: 'bjorn', actFor: 'Elisabeth Johansen', expectActing: false, caps: citizenCaps,
    setup: async (s) => {
      const giver = await grant(s, 'elisabeth', 'bjorn', 'full');
      const id = (await giver.get('/access')).text.match(/action="\/access\/(\d+)\/end"/)[1];
      await giver.post(`/access/${id}/end`);
    },
  },
  { name: 'expired power of attorney', now: '2026-11-26T12:00:00Z', setup: (s) => grant(s, 'elisabeth', 'bjorn', 'full', { valid_until: '2026-11-25' }), login: 'bjorn', actFor: 'Elisabeth Johansen', expectActing: false, caps: citizenCaps },
  {
    name: 'approved guardian (lacking capacity)', login: 'bjorn', actFor: 'Astrid Johansen', caps: kindCaps.full,
    setup: async (s) => {
      const b = await loginAs(s, P.bjorn, { headers: { 'x-helsami-now': NOW } });
      await b.get('/access/capacity');
      const form = new FormData();
      form.set('csrf', b.csrf); form.set('nin', P.astrid); form.set('family_name', 'Johansen'); form.set('relation', 'child'); form.set('statement', 'Demens.');
      form.set('document', new Blob([Buffer.from('%PDF-1.4\n')], { type: 'application/pdf' }), 'c.pdf');
      assert.equal((await b.request('/access/capacity', { method: 'POST', body: form, headers: { origin: s.url } })).status, 303);
      const gp = await loginAs(s, P.ahmed, { staff: true, headers: { 'x-helsami-now': NOW } });
      const id = (await gp.get('/staff/queues/representation')).text.match(/\/staff\/representation\/(\d+)/)[1];
      assert.equal((await gp.post(`/staff/representation/${id}/take`)).status, 303);
      assert.equal((await gp.post(`/staff/representation/${id}/decide`, { decision: 'grant', valid_until: '2030-01-01' })).status, 303);
    },
  },
  { name: 'citizen with a confidential address', login: 'camilla', caps: citizenCaps },
  ...Object.keys(ROLE_BITS).map((role) => ({ name: `staff: ${role}`, kind: 'staff', role, login: { clinician: 'ingrid', office: 'marte', caseworker: 'per', support: 'sara', admin: 'tor' }[role] })),
];

function expected(route, actor) {
  if (route.who.includes('anonymous')) return 'allowed';
  if (actor.kind === 'anonymous') return 401;
  if (actor.kind === 'staff') return route.who.includes('staff') && (route.staff_roles & ROLE_BITS[actor.role]) ? 'allowed' : 403;
  return route.who.includes('citizen') && actor.caps.has(route.cap_index) ? 'allowed' : 403;
}

const path = (pattern) => pattern.replace(/:name/g, 'nonexistent.css').replace(/:[a-z_]+/g, '999999999');
// Logins through providers that are not configured here answer 503.
const unconfigured = (p) => /^\/(staff\/)?login\/(idporten|helseid)/.test(p) || p.startsWith('/logout/idporten');

let cells = 0;
const failures = [];

for (const actor of actors) {
  test(`matrix: ${actor.name}`, async () => {
    const db = freshDb();
    assert.equal(runCli(['seed', 'demo', '--db', db.url]).status, 0);
    const srv = await startServer({ db, args: ['--login-rate', '0'] });
    try {
      if (actor.setup) await actor.setup(srv);
      const headers = { 'x-helsami-now': actor.now || NOW };
      const session = async () => {
        if (actor.kind === 'anonymous') {
          const anon = new Browser(srv.url, { headers });
          await anon.get('/login/testid'); // a form token, as a visitor's browser has
          return anon;
        }
        const b = await loginAs(srv, P[actor.login], { staff: actor.kind === 'staff', headers });
        if (actor.actFor) assert.equal(await actFor(b, actor.actFor), actor.expectActing !== false, `${actor.name}: can act`);
        return b;
      };
      let b = await session();
      for (const route of routes) {
        const want = expected(route, actor);
        const p = path(route.pattern);
        const res = route.method === 'GET' ? await b.get(p) : await b.post(p, {});
        cells++;
        const ok = want === 'allowed'
          ? ![401, 403].includes(res.status) && (res.status < 500 || (res.status === 503 && unconfigured(p)))
          : res.status === want;
        if (!ok) failures.push(`${actor.name}: ${route.method} ${route.pattern} -> ${res.status}, want ${want}`);
        if (route.method === 'POST') b = await session(); // a POST may have ended or changed the session
      }
    } finally {
      await srv.stop();
      db.cleanup();
    }
  });
}

test('matrix: every cell passed', () => {
  console.log(`# authorization matrix: ${routes.length} routes x ${actors.length} actors = ${cells} cells, ${failures.length} failed`);
  assert.equal(cells, routes.length * actors.length);
  assert.deepEqual(failures, []);
});
