// settings.test.mjs — the settings and access-log journey in a real browser:
// log in through TestID, change personal information (through one
// validation error and its summary), notification choices, the order of the
// shortcuts (buttons, no script needed), the language, and read the access
// log with a period filter. axe-core finds zero violations on every page at
// 1280 and at 320 px, and nothing needs horizontal scrolling on a phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, checkPage } from '../lib/e2e.mjs';

const e2e = browserSuite();

// Submits the form and waits for the answer to have loaded (a refused form
// answers at the same URL, so waiting for a URL is not enough).
async function save(page) {
  await Promise.all([
    page.waitForEvent('framenavigated'),
    page.getByRole('button', { name: /^(Lagre|Save)$/ }).click(),
  ]);
  await page.waitForLoadState();
}

test('a citizen changes every setting and reads the access log', async () => {
  const page = await e2e.page();
  await e2e.login(page, 'Elisabeth Johansen', '/');

  // Personal information, through one validation error.
  await page.getByRole('link', { name: 'Innstillinger' }).click();
  await page.waitForURL(e2e.srv.url + '/settings/personal');
  assert.equal(await page.locator('h1').textContent(), 'Personlige opplysninger');
  assert.ok(await page.getByText('Klostergata 58, 7030 Trondheim').isVisible(), 'the register address beside');
  await checkPage(page, 'personal information');
  await page.getByLabel('Gateadresse').fill('Munkegata 10');
  await page.getByLabel('Postnummer').fill('70300');
  await page.getByLabel('Poststed').fill('Trondheim');
  await page.getByLabel('E-postadresse').fill('elisabeth.johansen@eksempel.no');
  await page.getByLabel('Mobilnummer').fill('934 56 789');
  await page.getByLabel('Foretrukket språk').selectOption('nn');
  await page.getByLabel('Jeg trenger tolk').check();
  await page.getByLabel('Annet helsepersonellet bør vite').fill('Jeg bruker høreapparat.');
  await save(page);
  const summary = page.locator('.ds-error-summary');
  assert.ok(await summary.isVisible());
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'error-summary', 'the summary has focus');
  assert.match(await page.title(), /^Feil: /);
  assert.equal(await page.getByLabel('Postnummer').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByLabel('Postnummer').inputValue(), '70300', 'what was typed comes back');
  assert.equal(await page.getByLabel('E-postadresse').inputValue(), 'elisabeth.johansen@eksempel.no');
  await checkPage(page, 'personal information with an error');
  await summary.getByRole('link', { name: /Postnummer/ }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-postcode', 'the link leads to the field');
  await page.getByLabel('Postnummer').fill('7011');
  await save(page);
  await page.waitForURL(e2e.srv.url + '/settings/personal?saved=1');
  assert.ok(await page.getByText('Endringene er lagret.').isVisible());
  assert.equal(await page.getByLabel('Mobilnummer').inputValue(), '934 56 789');
  assert.ok(await page.getByLabel('Jeg trenger tolk').isChecked());
  await checkPage(page, 'personal information saved');

  // Notifications: SMS for test results, nothing in the app for questionnaires.
  await page.getByRole('navigation', { name: 'Innstillinger' }).getByRole('link', { name: 'Varsler' }).click();
  await page.waitForURL(e2e.srv.url + '/settings/notifications');
  await checkPage(page, 'notifications');
  await page.locator('#n-test_result-sms').check();
  await page.locator('#n-questionnaire-in_app').uncheck();
  await page.locator('#n-letter-email').check();
  await save(page);
  await page.waitForURL(e2e.srv.url + '/settings/notifications?saved=1');
  assert.ok(await page.locator('#n-test_result-sms').isChecked());
  assert.ok(!(await page.locator('#n-questionnaire-in_app').isChecked()));
  assert.ok(await page.locator('#n-letter-email').isChecked());
  await checkPage(page, 'notifications saved');

  // Shortcuts: choose three, then move one up with a button.
  await page.getByRole('navigation', { name: 'Innstillinger' }).getByRole('link', { name: 'Snarveier' }).click();
  await page.waitForURL(e2e.srv.url + '/settings/shortcuts');
  await checkPage(page, 'shortcuts');
  for (const box of await page.locator('input[name="show"]').all()) await box.uncheck();
  for (const key of ['questionnaires', 'care_team', 'vaccines']) await page.locator(`#s-${key}`).check();
  await save(page);
  await page.waitForURL(/\/settings\/shortcuts\?saved=1$/);
  const chosen = () => page.locator('ol input[name="show"]').evaluateAll((boxes) => boxes.map((b) => b.value));
  // Newly chosen items keep the menu's order.
  assert.deepEqual(await chosen(), ['vaccines', 'questionnaires', 'care_team']);
  await page.getByRole('button', { name: /^Flytt opp\s+Mine behandlere$/ }).click();
  await page.waitForURL(/\/settings\/shortcuts\?saved=1#s-care_team$/);
  assert.deepEqual(await chosen(), ['vaccines', 'care_team', 'questionnaires']);
  await page.getByRole('button', { name: /^Flytt ned\s+Vaksiner$/ }).click();
  await page.waitForURL(/#s-vaccines$/);
  assert.deepEqual(await chosen(), ['care_team', 'vaccines', 'questionnaires']);
  await checkPage(page, 'shortcuts saved');

  // Language: English at once.
  await page.getByRole('navigation', { name: 'Innstillinger' }).getByRole('link', { name: 'Språk' }).click();
  await page.waitForURL(e2e.srv.url + '/settings/language');
  await checkPage(page, 'language');
  await page.getByLabel('English').check();
  await save(page);
  await page.waitForURL(e2e.srv.url + '/settings/language?saved=1');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.ok(await page.getByText('Your changes have been saved.').isVisible());
  await checkPage(page, 'language saved');

  // The access log, in English now, with a period filter.
  await page.goto(e2e.srv.url + '/documents/access-log');
  assert.equal(await page.locator('h1').textContent(), 'Who has seen your record');
  await checkPage(page, 'access log');
  await page.getByLabel('From date').fill('2026-11-01');
  await page.getByLabel('To date').fill('2026-11-30');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.waitForURL(/from=2026-11-01&to=2026-11-30/);
  // Ahmed's read of her medications (other entries of the demo world, such as
  // the caseworker's of her application, may be newer).
  const entry = page.locator('ol.hs-pick > li', { hasText: 'Ahmed Hassan' }).first();
  assert.ok(await entry.getByText('Ahmed Hassan').isVisible());
  assert.ok(await entry.getByText('18 November 2026, 08:45').isVisible());
  assert.ok(await entry.getByText('Sykepleier, hjemmetjenesten').isVisible());
  await checkPage(page, 'access log filtered');
  // A period that ends before it starts is explained, not crashed on.
  await page.getByLabel('From date').fill('2026-11-30');
  await page.getByLabel('To date').fill('2026-11-01');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.waitForURL(/from=2026-11-30/);
  assert.ok(await page.getByText('The to date cannot be before the from date.').first().isVisible());
  assert.equal(await page.getByLabel('To date').getAttribute('aria-invalid'), 'true');
  await checkPage(page, 'access log with a bad period');

  // Back to bokmål, so the account is as other tests expect it.
  await page.goto(e2e.srv.url + '/settings/language');
  await page.getByLabel('Norsk bokmål').check();
  await save(page);
  await page.waitForURL(e2e.srv.url + '/settings/language?saved=1');
  assert.equal(await page.getAttribute('html', 'lang'), 'nb');
  await page.close();
});

test('shortcut order works with JavaScript turned off', async () => {
  const page = await e2e.page({ javaScriptEnabled: false });
  await e2e.login(page, 'Elisabeth Johansen', '/');
  await page.goto(e2e.srv.url + '/settings/shortcuts');
  for (const box of await page.locator('input[name="show"]').all()) await box.uncheck();
  for (const key of ['results', 'medications']) await page.locator(`#s-${key}`).check();
  await page.getByRole('button', { name: 'Lagre' }).click();
  await page.waitForURL(/saved=1/);
  await page.getByRole('button', { name: /^Flytt opp\s+Prøvesvar$/ }).click();
  await page.waitForURL(/#s-results$/);
  const chosen = await page.locator('ol input[name="show"]').evaluateAll((boxes) => boxes.map((b) => b.value));
  assert.deepEqual(chosen, ['results', 'medications']);
  await page.close();
});
