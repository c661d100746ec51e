// menu.test.mjs — the page frame's main menu and the shortcuts over real
// HTTP (web/menu.c): what the menu lists for each kind of reader (a citizen
// on their own record, a parent acting for a child, holders of a power of
// attorney of two kinds, every staff role, a visitor), that every entry
// answers 200 for that reader, that the current area is marked, and that
// the shortcut setting and the home page offer only areas that exist and
// that the open record allows. Runs on SQLite and PostgreSQL alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, client } from '../lib/server.mjs';
import { demoServer } from '../lib/demo.mjs';
import { loginAs } from '../lib/session.mjs';
import { sql, personId } from '../lib/db.mjs';

const P = {
  marius: '12848649994', emma: '15862199860', elisabeth: '02916949807', bjorn: '21876649788',
  ingrid: '14827549852', marte: '19889549834', per: '27816849956', sara: '04859849860', tor: '09898549906',
};

const OWN = ['/', '/health/summary', '/health/medications', '/health/results', '/health/vaccines', '/appointments', '/visits',
  '/questionnaires', '/care-team', '/messages', '/support', '/services', '/documents', '/documents/access-log', '/access',
  '/settings/personal'];

// Marius applies for Emma (5); Elisabeth gives Bjørn appointments and
// messages; Bjørn gives Elisabeth read access to his health information.
async function representations({ srv }) {
  const marius = await loginAs(srv, P.marius);
  await marius.get('/access/parent');
  assert.equal((await marius.post('/access/parent', { nin: P.emma })).status, 303);
  for (const [from, to, family, kind] of [['elisabeth', 'bjorn', 'Johansen', 'appointments_messages'],
    ['bjorn', 'elisabeth', 'Johansen', 'health_read']]) {
    const b = await loginAs(srv, P[from]);
    await b.get('/access/grant');
    const r = await b.post('/access/grant', { nin: P[to], family_name: family, kind, valid_until: '', confirm: '1' });
    assert.equal(r.status, 303, `grant ${from} -> ${to}`);
  }
}
const demo = demoServer({ args: [], afterStart: representations });

// The main menu of a page: its links in order, the current one, whose record.
function menuOf(html) {
  const nav = html.match(/<nav class="hs-menu__nav" aria-label="[^"]+">([\s\S]*?)<\/nav>/);
  assert.ok(nav, 'the page has the main menu');
  const links = [...nav[1].matchAll(/<a class="hs-menu__link" href="([^"]+)"( aria-current="page")?>/g)];
  const whose = nav[1].match(/class="ds-paragraph hs-menu__whose"[^>]*>[^<]*<strong>([^<]+)<\/strong>/);
  return {
    hrefs: links.map((m) => m[1]),
    current: links.filter((m) => m[2]).map((m) => m[1]),
    whose: whose ? whose[1] : null,
  };
}

// Opens the record of `name` from the access overview (R6).
async function actFor(b, name) {
  const page = await b.get('/access');
  const m = page.text.match(new RegExp(`${name}</h3>[\\s\\S]*?name="person" value="(\\d+)"`));
  assert.ok(m, `may act for ${name}`);
  assert.equal((await b.post('/access/act', { person: m[1] })).status, 303);
}

// Every entry answers 200 for this reader and is marked current there.
async function walk(b, hrefs, who) {
  for (const href of hrefs) {
    const r = await b.get(href);
    assert.equal(r.status, 200, `${who}: ${href}`);
    assert.deepEqual(menuOf(r.text).current, [href], `${who}: ${href} is the current area`);
  }
}

test('a citizen on their own record: every area that exists, each answering 200', async () => {
  const b = await loginAs(demo.srv, P.marius);
  const home = await b.get('/');
  const menu = menuOf(home.text);
  assert.deepEqual(menu.hrefs, OWN);
  assert.equal(menu.whose, null);
  await walk(b, OWN, 'own record');
  // A page under an area marks that area; so do the other settings pages.
  assert.deepEqual(menuOf((await b.get('/settings/notifications')).text).current, ['/settings/personal']);
  const results = await b.get('/health/results');
  const first = results.text.match(/href="(\/health\/results\/\d+)"/);
  if (first) assert.deepEqual(menuOf((await b.get(first[1])).text).current, ['/health/results']);
  // English labels in English.
  b.cookies.set('lang', 'en');
  assert.match((await b.get('/')).text, /aria-label="Main menu"[\s\S]*>Test results<\/a>/);
});

test('a parent acting for a child: the child\'s areas, and whose record it is', async () => {
  const b = await loginAs(demo.srv, P.marius);
  await actFor(b, 'Emma Berg');
  const menu = menuOf((await b.get('/')).text);
  assert.equal(menu.whose, 'Emma Berg');
  // Settings are one's own: not on someone else's record.
  assert.deepEqual(menu.hrefs, OWN.filter((h) => h !== '/settings/personal'));
  await walk(b, menu.hrefs, 'parent for Emma');
});

test('a power of attorney follows its kind', async () => {
  const bjorn = await loginAs(demo.srv, P.bjorn);
  await actFor(bjorn, 'Elisabeth Johansen');
  let menu = menuOf((await bjorn.get('/')).text);
  assert.equal(menu.whose, 'Elisabeth Johansen');
  assert.deepEqual(menu.hrefs, ['/', '/appointments', '/questionnaires', '/messages', '/access'], 'appointments and messages');
  await walk(bjorn, menu.hrefs, 'appointments_messages');
  for (const hidden of ['/health/results', '/health/summary', '/documents/access-log'])
    assert.notEqual((await bjorn.get(hidden)).status, 200, `${hidden} is not for this kind, and is not linked`);

  const elisabeth = await loginAs(demo.srv, P.elisabeth);
  await actFor(elisabeth, 'Bjørn Johansen');
  menu = menuOf((await elisabeth.get('/')).text);
  assert.equal(menu.whose, 'Bjørn Johansen');
  assert.deepEqual(menu.hrefs, ['/', '/health/summary', '/health/medications', '/health/results', '/health/vaccines',
    '/visits', '/care-team', '/documents', '/documents/access-log', '/access'], 'read access to health information');
  await walk(elisabeth, menu.hrefs, 'health_read');
});

test('staff see the workspace areas their roles give', async () => {
  const clinical = ['/staff', '/staff/patients', '/staff/schedules', '/staff/queues/appointments', '/staff/queues/renewals', '/staff/queues/allergies',
    '/staff/queues/record-access', '/staff/queues/corrections', '/staff/queues/results', '/staff/queues/questionnaires', '/staff/queues/representation', '/staff/video', // P5: a clinician's video week
    '/staff/messages'];
  for (const [who, want] of [
    ['ingrid', clinical], // clinician
    ['marte', ['/staff', '/staff/patients', '/staff/schedules', '/staff/queues/appointments', '/staff/messages']], // front desk
    ['per', ['/staff', '/staff/queues/representation', '/staff/messages', '/staff/queues/services']], // caseworker
    ['sara', ['/staff', '/staff/messages', '/staff/support']], // support
    ['tor', ['/staff']], // admin
  ]) {
    const b = await loginAs(demo.srv, P[who], { staff: true });
    const page = await b.get('/staff');
    assert.equal(page.status, 200, who);
    const menu = menuOf(page.text);
    assert.deepEqual(menu.hrefs, want, who);
    assert.equal(menu.whose, null);
    await walk(b, want, who);
    // The workspace lists the same queues as the menu.
    const queues = [...page.text.matchAll(/<li><a class="ds-link" href="(\/staff\/queues\/[a-z-]+)">/g)].map((m) => m[1]);
    assert.deepEqual(queues, want.filter((h) => h.startsWith('/staff/queues/')), `${who}: workspace queues`);
  }
});

test('a visitor who is not logged in: the start page and the ways in', async () => {
  const get = client(demo.srv.url);
  for (const path of ['/', '/login/testid', '/no/such/page']) {
    const r = await get(path);
    const menu = menuOf(await r.text());
    assert.deepEqual(menu.hrefs, ['/', '/login/idporten', '/login/testid'], path);
  }
  const start = menuOf(await (await get('/')).text());
  assert.deepEqual(start.current, ['/']);
  assert.equal((await get('/login/testid')).status, 200);
});

test('outside dev mode there is no TestID entry', async () => {
  const prod = await startServer({ dev: false });
  try {
    const r = await client(prod.url)('/');
    assert.equal(r.status, 200);
    assert.deepEqual(menuOf(await r.text()).hrefs, ['/', '/login/idporten']);
  } finally {
    await prod.stop();
  }
});

test('the shortcut setting offers only areas that exist; a stored choice of one not built yet is not shown', async () => {
  const b = await loginAs(demo.srv, P.elisabeth);
  const page = await b.get('/settings/shortcuts');
  assert.equal(page.status, 200);
  const offered = [...page.text.matchAll(/name="show" value="([a-z_]+)"/g)].map((m) => m[1]);
  assert.deepEqual(offered.sort(), ['access', 'access_log', 'appointments', 'care_team', 'documents', 'health_summary', 'medications',
    'messages', 'questionnaires', 'results', 'services', 'vaccines', 'visits']);
  const shortcuts = (html) => {
    const list = html.match(/<ul class="hs-shortcuts">([\s\S]*?)<\/ul>/);
    return list ? [...list[1].matchAll(/href="([^"]+)"/g)].map((m) => m[1]) : [];
  };
  // Every offered shortcut, chosen six at a time, leads to a page
  // that answers.
  for (let i = 0; i < offered.length; i += 6) {
    const some = offered.slice(i, i + 6);
    await b.get('/settings/shortcuts');
    const body = new URLSearchParams([['csrf', b.csrf], ...some.map((k) => ['show', k])]);
    const saved = await b.request('/settings/shortcuts', {
      method: 'POST', body, headers: { origin: demo.srv.url, 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(saved.status, 303);
    const hrefs = shortcuts((await b.get('/')).text);
    assert.equal(hrefs.length, some.length);
    for (const href of hrefs) assert.equal((await b.get(href)).status, 200, href);
  }

  // Choices stored before (record_access: D2 is not built) stay stored, are
  // not shown, and come back when their areas are built, as appointments,
  // messages and documents have.
  const me = personId(demo.db, P.elisabeth);
  sql(demo.db, `DELETE FROM shortcut WHERE person_id = ${me};
    INSERT INTO shortcut (person_id, pos, item) VALUES (${me}, 1, 'appointments'), (${me}, 2, 'results'), (${me}, 3, 'messages'), (${me}, 4, 'record_access');
    INSERT INTO ui_preference (person_id, shortcuts_chosen, updated_at) VALUES (${me}, 1, 0)
      ON CONFLICT (person_id) DO UPDATE SET shortcuts_chosen = 1;`);
  assert.deepEqual(shortcuts((await b.get('/')).text), ['/appointments', '/health/results', '/messages']);
  const settings = await b.get('/settings/shortcuts');
  assert.deepEqual([...settings.text.matchAll(/name="show" value="([a-z_]+)" checked/g)].map((m) => m[1]), ['appointments', 'results', 'messages']);
  // One not offered cannot be chosen.
  const r = await b.post('/settings/shortcuts', { show: 'record_access' });
  assert.equal(r.status, 400);
});

test('the home page shows only shortcuts the open record allows', async () => {
  // Bjørn may not read his own shortcuts on Elisabeth's record: the
  // defaults stand in, and none of them is an appointments-and-messages area.
  const bjorn = await loginAs(demo.srv, P.bjorn);
  await actFor(bjorn, 'Elisabeth Johansen');
  const home = await bjorn.get('/');
  assert.equal(home.status, 200);
  assert.doesNotMatch(home.text, /class="hs-shortcuts"/);
  // With read access to health information, the defaults all lead somewhere.
  const elisabeth = await loginAs(demo.srv, P.elisabeth);
  await actFor(elisabeth, 'Bjørn Johansen');
  const list = (await elisabeth.get('/')).text.match(/<ul class="hs-shortcuts">([\s\S]*?)<\/ul>/);
  assert.ok(list, 'shortcuts shown');
  const hrefs = [...list[1].matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(hrefs, ['/health/summary', '/health/results', '/health/medications', '/documents/access-log']);
  for (const href of hrefs) assert.equal((await elisabeth.get(href)).status, 200, href);
});

// The header's count of the reader's unread in-app notices (N1), read with
// the session (issue 12): on every page, also while acting for someone (the
// notices are the reader's own, some about the one they act for), gone once
// the inbox is read.
test('the header counts the reader\'s own unread in-app notices', async () => {
  const me = personId(demo.db, P.marius);
  sql(demo.db, `UPDATE notification_delivery SET read_at = 1700000000 WHERE recipient_id = ${me} AND channel = 'in_app';
    INSERT INTO notification_outbox (person_id, kind, created_at, payload_ref) VALUES (${me}, 'test_result', 1700000001, 1);
    INSERT INTO notification_delivery (event_id, recipient_id, about_id, channel, status, created_at, next_attempt_at, sent_at)
    SELECT id, ${me}, ${me}, 'in_app', 'sent', created_at, created_at, created_at FROM notification_outbox
    WHERE person_id = ${me} AND created_at = 1700000001;`);
  const unread = (html) => html.match(/data-testid="unread">\((\d+) /)?.[1];
  const b = await loginAs(demo.srv, P.marius);
  assert.equal(unread((await b.get('/')).text), '1');
  assert.equal(unread((await b.get('/health/results')).text), '1');
  const parent = await loginAs(demo.srv, P.marius);
  await actFor(parent, 'Emma Berg');
  assert.equal(unread((await parent.get('/')).text), '1', 'on a child\'s record too');
  await b.get('/notifications');
  assert.equal((await b.post('/notifications/read')).status, 303);
  assert.equal(unread((await b.get('/')).text), undefined);
});
