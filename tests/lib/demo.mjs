// demo.mjs — what HTTP test files on the demo world share: a server on a
// fresh database with the demo world seeded for a day (the hooks are
// registered by demoServer), logins at a clock of the test's choosing, and
// the text of a page's main content. One copy here, so a test file holds
// only its rules.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCli, freshDb } from './server.mjs';
import { loginAs } from './session.mjs';

// The day the test worlds are seeded for (a Sunday): every test's clock is
// written relative to it.
export const SEED_DAY = '2026-11-22';
// Server arguments that turn the login and lookup rate limits off: the
// default of demoServer, for tests that log in more often than a person would.
export const NO_RATE_LIMITS = ['--login-rate', '0', '--lookup-rate', '0'];

// The dev-mode clock header for an instant ("2026-11-23T12:45:00Z").
export const at = (now) => (now ? { 'x-helsami-now': now } : {});
// A page's <main>, and its text with the tags and runs of space taken out.
export const mainOf = (html) => (html.match(/<main[\s\S]*<\/main>/) || [html])[0];
export const textOf = (html) => mainOf(html).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

// A fresh database (freshDb) with the demo world seeded for `today`, a copy
// of the one seeded first for that day; null seeds it for the real day in
// Oslo (the command's default), for a test that runs on the real clock.
export function seedDemo(today = SEED_DAY) {
  const day = today ?? new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' }).format(new Date());
  const seed = (url) => {
    const seeded = runCli(['seed', 'demo', '--today', day, '--db', url]);
    assert.equal(seeded.status, 0, seeded.stderr);
  };
  return freshDb({ from: { key: `demo_${day.replaceAll('-', '')}`, make: seed } });
}

// Registers the file's before/after hooks and returns the suite: srv and db
// are set once `before` has run. args, env and dev: the server's
// (startServer), login and lookup rate limits off unless args say otherwise.
// servers: for a file that needs more than one server on the world, a
// function of the suite giving each server's startServer options by name
// ({ prod: { dev: false, ... }, dev: { ... } }); each is then suite[name],
// and srv the first. beforeSeed: an async function of the suite run first,
// for what the servers need (an OpenID provider, free ports); what it starts
// it hands to suite.own(thing), which stops it after the servers.
// afterSeed: a function of the database run once the world is seeded,
// before the servers start (node:test may run the hook before demoServer
// has returned); afterStart: an async function of the suite run once the
// servers are up (state the file's tests share, made over HTTP; a second
// top-level `before` would not wait for this one).
export function demoServer({ today = SEED_DAY, dev = true, args = NO_RATE_LIMITS, env = {}, servers, beforeSeed, afterSeed, afterStart } = {}) {
  const suite = { srv: null, db: null };
  const owned = [];
  const started = [];
  suite.own = (thing) => { owned.push(thing); return thing; };
  before(async () => {
    if (beforeSeed) await beforeSeed(suite);
    suite.db = seedDemo(today);
    if (afterSeed) afterSeed(suite.db);
    const wanted = servers ? servers(suite) : { srv: { dev, args, env } };
    for (const [name, options] of Object.entries(wanted)) {
      suite[name] = await startServer({ args: NO_RATE_LIMITS, ...options, db: suite.db });
      started.push(suite[name]);
    }
    suite.srv ??= started[0];
    if (afterStart) await afterStart(suite);
  });
  after(async () => {
    // Every server is stopped (and every one that does not exit cleanly
    // reported) before what they needed and the database go.
    const stopped = await Promise.allSettled(started.map((s) => s.stop()));
    for (const thing of owned.reverse()) await thing.stop();
    suite.db?.cleanup();
    const failed = stopped.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  });
  // A citizen's or a staff member's TestID login, the clock at `now` on every request.
  suite.citizen = (nin, now) => loginAs(suite.srv, nin, { headers: at(now) });
  suite.staff = (nin, now) => loginAs(suite.srv, nin, { staff: true, headers: at(now) });
  return suite;
}
