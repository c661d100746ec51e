// questionnaires_enable.test.mjs — enableWhen and English forms in the
// browser (issue 16). The script against the server's own rules,
// differentially, on a form of ours
// (tests/data/questionnaires/helsami-enablewhen-browser.json) with every
// operator on a decimal, a date, a string, a yes/no and a repeating choice
// (one condition naming another coding system), enableBehavior all and any,
// a group with a question and a follow-up under it, a condition on that
// follow-up, one on a read-only value, one on a hidden value (settled by the
// server) and one on a later question. At each
// step the patient answers in Chromium with JavaScript on; what the script
// shows and hides is then compared with what the server renders for the same
// answers after "Lagre utkast" (the page as the server sent it, before the
// script runs). The demo world's English form, in a Norwegian page on a
// phone: marked lang="en" with the portal's words in bokmål, axe clean, and
// its follow-up shown by the script.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, noViolations, sendQuestionnaireToMarius } from '../lib/e2e.mjs';
import { runCli } from '../lib/server.mjs';

const FILE = 'tests/data/questionnaires/helsami-enablewhen-browser.json';
const TITLE = 'Vilkår i nettleseren';

const e2e = browserSuite({
  setup: async (suite) => {
    const imported = runCli(['import', 'questionnaire', FILE, '--db', suite.db.url]);
    assert.equal(imported.status, 0, imported.stderr);
  },
});

// Which items are hidden, by data-item: in the page as the script left it,
// and in HTML as the server rendered it.
const scriptHidden = (page) => page.evaluate(() =>
  Object.fromEntries([...document.querySelectorAll('[data-item]')].map((el) => [el.dataset.item, el.hidden])));
function serverHidden(html) {
  const tags = [...html.matchAll(/<(?:div|fieldset)\b[^>]*\bdata-item="(\d+)"[^>]*>/g)];
  return Object.fromEntries(tags.map((m) => [m[1], / hidden(?=[\s>])/.test(m[0])]));
}

test('the script shows and hides what the server does, for every operator, any and all, and nesting', async () => {
  await sendQuestionnaireToMarius(e2e, TITLE);
  const page = await e2e.page();
  await e2e.login(page, 'Marius Berg', '/');
  await page.goto(e2e.srv.url + '/questionnaires');
  await page.getByRole('link', { name: TITLE }).click();
  await page.waitForURL(/\/questionnaires\/\d+$/);
  const formUrl = page.url();
  const label = (text) => page.getByLabel(text, { exact: true });
  const group = (text) => page.getByRole('group', { name: text });

  // Compares the script's view with the server's for the answers on the page.
  async function agree(step, expectOn) {
    const shown = await scriptHidden(page);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url() === formUrl + '?done=saved'),
      page.getByRole('button', { name: 'Lagre utkast' }).click(),
    ]);
    const served = serverHidden(await response.text());
    assert.deepEqual(shown, served, `${step}: the script and the server disagree`);
    await page.waitForURL(formUrl + '?done=saved');
    for (const text of expectOn) assert.ok(await page.getByText(text, { exact: true }).first().isVisible(), `${step}: ${text}`);
  }

  // Nothing answered: only what needs no answer, or a fixed one.
  await agree('nothing answered', ['Den faste verdien er 3', 'Et skjult svar er ja']);

  await label('Et tall').fill('4,9');
  await label('En dato').fill('2020-05-01');
  await label('En tekst').fill('a');
  await group('Ja eller nei').getByLabel('Ja').check();
  await group('Velg noen').getByLabel('Y').check();
  assert.ok(await label('Tallet er over 4,8').isVisible(), 'shown by the script before any save');
  await agree('4,9, a date, a, yes, Y', ['Tallet er over 4,8', 'Datoen er 1. mai 2020 eller før',
    'Teksten kommer før test', 'X er ikke valgt', 'Ett av to vilkår']);

  await label('Et tall').fill('5');
  await group('Inne i gruppen').getByLabel('Ja').check();
  await label('Oppfølging').fill('hei');
  await label('Det siste spørsmålet').fill('x');
  assert.ok(await label('Oppfølgingen er besvart').isVisible());
  await agree('the group, its follow-up and a later question', ['Oppfølgingen er besvart', 'Det siste spørsmålet er besvart']);

  await label('En tekst').fill('b');
  assert.ok(await group('Begge vilkår').isHidden(), 'all: one of two conditions is not enough');
  await agree('5 and b', ['Tallet er over 4,8']);

  await label('Et tall').fill('1');
  await group('Velg noen').getByLabel('X').check();
  await group('Ja eller nei').getByLabel('Nei').check();
  await label('Det siste spørsmålet').fill('');
  assert.ok(await label('Oppfølging').isHidden(), 'the group is off, and its follow-up with it');
  await agree('1, b, X and Y, no', ['Ett av to vilkår']);

  await label('En dato').fill('2020-05-02');
  await label('Et tall').fill('');
  await group('Velg noen').getByLabel('Y').uncheck();
  await agree('a later date, no number, X alone', []);
  assert.ok(await label('Ett av to vilkår').isHidden());
  await page.close();
});

test('an English form in a Norwegian page on a phone: lang="en", the portal\'s words in bokmål, axe clean', async () => {
  const title = 'Before your travel vaccination';
  await sendQuestionnaireToMarius(e2e, title);
  const page = await e2e.page({ viewport: { width: 375, height: 740 } });
  await e2e.login(page, 'Marius Berg', '/');
  await page.goto(e2e.srv.url + '/questionnaires');
  await page.getByRole('link', { name: title }).click();
  await page.waitForURL(/\/questionnaires\/\d+$/);
  assert.equal(await page.locator('html').getAttribute('lang'), 'nb');
  assert.equal(await page.locator('h1 span').getAttribute('lang'), 'en');
  const before = page.getByRole('group', { name: /^Have you had travel vaccines before\?/ });
  assert.equal(await before.evaluate((el) => el.closest('[lang]').getAttribute('lang')), 'en');
  assert.equal(await before.getByText('Ja', { exact: true }).getAttribute('lang'), 'nb', 'the portal\'s yes');
  const which = page.getByLabel('Which ones, and when?');
  assert.ok(await which.isHidden());
  await before.getByText('Ja', { exact: true }).click();
  await which.waitFor({ state: 'visible', timeout: 3000 });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'fits 375 px');
  await noViolations(page, 'an English form in a Norwegian page');
  await page.close();
});
