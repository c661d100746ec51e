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
const NO_RATE_LIMITS = ['--login-rate', '0', '--lookup-rate', '0'];

// The dev-mode clock header for an instant ("2026-11-23T12:45:00Z").
export const at = (now) => (now ? { 'x-helsami-now': now } : {});
// A page's <main>, and its text with the tags and runs of space taken out.
export const mainOf = (html) => (html.match(/<main[\s\S]*<\/main>/) || [html])[0];
export const textOf = (html) => mainOf(html).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

// Registers the file's before/after hooks and returns the suite: srv and db
// are set once `before` has run. args and env: the server's (startServer),
// login and lookup rate limits off unless args say otherwise; afterSeed: a
// function of the database run once the world is seeded, before the server
// starts (node:test may run the hook before demoServer has returned);
// afterStart: an async function of the suite run once the server is up
// (state the file's tests share, made over HTTP; a second top-level `before`
// would not wait for this one); cleanExit: the server must exit 0 when
// stopped (under ASan a leak report makes it exit otherwise).
export function demoServer({ today = SEED_DAY, args = NO_RATE_LIMITS, env = {}, afterSeed, afterStart, cleanExit = false } = {}) {
  const suite = { srv: null, db: null };
  before(async () => {
    suite.db = freshDb();
    const seeded = runCli(['seed', 'demo', '--today', today, '--db', suite.db.url]);
    assert.equal(seeded.status, 0, seeded.stderr);
    if (afterSeed) afterSeed(suite.db);
    suite.srv = await startServer({ db: suite.db, args, env });
    if (afterStart) await afterStart(suite);
  });
  after(async () => {
    try {
      const r = await suite.srv?.stop();
      if (cleanExit && suite.srv) assert.equal(r.code, 0, suite.srv.stderr().slice(-3000));
    } finally {
      suite.db?.cleanup();
    }
  });
  // A citizen's or a staff member's TestID login, the clock at `now` on every request.
  suite.citizen = (nin, now) => loginAs(suite.srv, nin, { headers: at(now) });
  suite.staff = (nin, now) => loginAs(suite.srv, nin, { staff: true, headers: at(now) });
  return suite;
}
