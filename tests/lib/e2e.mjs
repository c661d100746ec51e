// e2e.mjs — what every browser test file shares: a server on a fresh
// database (the demo world seeded unless asked otherwise) and one Chromium
// for the file, a TestID login, and the page checks (axe-core, no sideways
// scrolling at a desktop and a phone width). One copy here, so a journey
// file holds only its journey.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCli } from './server.mjs';
import { seedDemo } from './demo.mjs';
import { launch, axe, newPage, closeBrowser } from './browser.mjs';

export const DESKTOP = { width: 1280, height: 900 };
// Seeding, a server and Chromium's start share two cores with the other
// suites; the runner's 3-minute test timeout would cut a slow start short
// and leave Chromium starting after the file has failed.
const SETUP_TIMEOUT_MS = 600_000;
export const PHONE = { width: 320, height: 900 };

// Registers the file's before/after hooks and returns the suite: srv and
// browser are set once `before` has run. seed: the demo world (default on);
// sysvak: the demo vaccine import too; server: options for startServer;
// setup: an async function of the suite, run once the server is up (state
// the file's tests share, made over HTTP).
// chromiumArgs: extra Chromium flags (tests/lib/browser.mjs launch).
export function browserSuite({ seed = true, sysvak = false, server = {}, setup, chromiumArgs = [] } = {}) {
  const suite = { srv: null, browser: null, db: null };
  before(async () => {
    if (seed || sysvak) {
      suite.db = seedDemo();
      if (sysvak) {
        const imp = runCli(['import', 'sysvak', 'data/sysvak-demo.csv', '--dev', '--db', suite.db.url]);
        assert.equal(imp.status, 0, imp.stderr);
      }
    }
    suite.srv = await startServer({ ...server, ...(suite.db ? { db: suite.db } : {}) });
    suite.browser = await launch(chromiumArgs);
    if (setup) await setup(suite);
  }, { timeout: SETUP_TIMEOUT_MS });
  after(async () => {
    if (suite.browser) await closeBrowser(suite.browser);
    await suite.srv?.stop();
    suite.db?.cleanup();
  });
  // The server's address for a path.
  suite.url = (path = '/') => suite.srv.url + path;
  // A fresh page as a Norwegian desktop browser unless options say otherwise.
  suite.page = (options = {}) => newPage(suite.browser, { viewport: DESKTOP, ...options });
  // Logs in through the TestID page (citizens and staff share it) by the
  // person's button; waits for `landing` when given, else for the next page.
  suite.login = async (page, name, landing) => {
    await page.goto(suite.url('/login/testid'));
    await page.getByRole('button', { name, exact: true }).click();
    if (landing !== undefined) await page.waitForURL(suite.url(landing));
    else await page.waitForLoadState();
  };
  // Logs in and, when the person may act for others and is asked whose
  // record to open, opens `record` (a person's name) or their own; ends on
  // the home page of that record.
  suite.openRecord = async (page, name, record) => {
    await suite.login(page, name);
    if (!page.url().endsWith('/access/choose')) return;
    const button = record
      ? page.getByRole('listitem').filter({ hasText: record }).getByRole('button', { name: 'Åpne journalen' })
      : page.getByRole('button', { name: 'Åpne min journal' });
    await button.click();
    await page.waitForURL(suite.url('/'));
  };
  suite.logout = async (page) => {
    await page.getByRole('button', { name: /^(Logg ut|Log out)$/ }).click();
    await page.waitForURL(/logged_out/);
  };
  return suite;
}

// Ingrid Solberg sends Marius Berg the demo world's questionnaire `title`
// from his chart, in a page of her own.
export async function sendQuestionnaireToMarius(suite, title) {
  const gp = await suite.page();
  await suite.login(gp, 'Ingrid Solberg', '/staff');
  await gp.goto(suite.url('/staff/patients'));
  await gp.getByLabel('Fødselsnummer eller etternavn').fill('12848649994');
  await gp.getByRole('button', { name: 'Søk', exact: true }).click();
  await gp.getByRole('link', { name: 'Marius Berg' }).click();
  await gp.waitForURL(/\/staff\/patients\/\d+$/);
  await gp.getByRole('link', { name: 'Spørreskjemaer', exact: true }).click();
  await gp.waitForURL(/\/staff\/patients\/\d+\/questionnaires$/);
  const listUrl = gp.url();
  await gp.getByLabel('Spørreskjema', { exact: true }).selectOption({ label: `${title} (1)` });
  await gp.getByRole('button', { name: 'Send spørreskjemaet' }).click();
  await gp.waitForURL(listUrl + '?done=sent');
  await gp.close();
}

// Marius logs in and opens the first questionnaire titled `title` from his
// list; the form's URL.
export async function openQuestionnaireAsMarius(suite, page, title) {
  await page.goto(suite.srv.url + '/login/testid');
  await suite.login(page, 'Marius Berg', '/');
  await page.goto(suite.srv.url + '/questionnaires');
  await page.getByRole('link', { name: title }).first().click();
  await page.waitForURL(/\/questionnaires\/\d+$/);
  return page.url();
}

// axe-core finds nothing on the page as it is.
export async function noViolations(page, what) {
  assert.deepEqual(await axe(page), [], `${what} (${page.url()})`);
}

// How many pixels the page scrolls sideways (0 when it fits).
export function overflowX(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

// axe at the desktop width, and no sideways scrolling there and on a
// phone, then back to the desktop width. axe runs once: the stylesheet's
// media queries change only grid columns and one heading's size, never a
// colour or what is shown, so axe's rules find the same at both widths
// (each was run at both until December 2026, about a third of the browser
// suite's time, and never differed). The phone frame itself, with its menu
// behind a button, is axe-checked at 375 and 320 px in menu.test.mjs and
// start.test.mjs.
export async function checkPage(page, what) {
  for (const width of [DESKTOP.width, PHONE.width]) {
    await page.setViewportSize({ width, height: DESKTOP.height });
    if (width === DESKTOP.width) assert.deepEqual(await axe(page), [], `${what} at ${width} px`);
    const overflow = await overflowX(page);
    assert.ok(overflow <= 0, `${what} at ${width} px scrolls sideways by ${overflow} px`);
  }
  await page.setViewportSize(DESKTOP);
}
