// questionnaires_repeat.test.mjs — a repeating group in a real browser
// (issue 16): a clinician sends "Legemidler du bruker", whose "Legemiddel"
// group repeats. Without JavaScript, on a phone: Enter in a field keeps a
// draft (a hidden "save draft" is the form's first button, not "add
// another"); "Legg til en til" saves and shows a second, numbered instance;
// "Fjern" takes one away; a value outside minValue/maxValue is refused by
// the server and the error summary links to it; the page does not scroll
// sideways. With JavaScript the same pages are axe clean, and enableWhen
// works without a save: "Ja" to an allergy shows "Hvilke?" at once (no
// request), "Nei" hides it again, and the submitted answers hold it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, noViolations, openQuestionnaireAsMarius, sendQuestionnaireToMarius } from '../lib/e2e.mjs';

const e2e = browserSuite();
const TITLE = 'Legemidler du bruker';
const NAME = /^Navn på legemidlet/;

const open = (page) => openQuestionnaireAsMarius(e2e, page, TITLE);

// First in the file: it submits its questionnaire, so the one the next
// test sends is the first open one.
test('with JavaScript on a phone, answering shows a follow-up without a reload, and the submitted answers hold it', async () => {
  await sendQuestionnaireToMarius(e2e, TITLE);
  const page = await e2e.page({ viewport: { width: 375, height: 740 } });
  await open(page);
  const requests = [];
  page.on('request', (r) => { if (['document', 'fetch', 'xhr'].includes(r.resourceType())) requests.push(r.url()); });
  const allergy = page.getByRole('group', { name: /^Har du allergi mot noen legemidler\?/ });
  const which = page.getByLabel('Hvilke?');
  assert.ok(await which.isHidden(), 'off until "Ja"');
  await page.getByRole('group', { name: /^Legemiddel/ }).getByLabel(NAME).fill('Paracet');
  await allergy.getByLabel('Ja').check();
  await which.waitFor({ state: 'visible', timeout: 3000 });
  assert.ok(await which.isEnabled());
  await which.fill('Penicillin');
  await allergy.getByLabel('Nei').check();
  await which.waitFor({ state: 'hidden', timeout: 3000 });
  assert.ok(await which.isDisabled(), 'off again: not sent');
  await allergy.getByLabel('Ja').check();
  await which.waitFor({ state: 'visible', timeout: 3000 });
  assert.equal(await which.inputValue(), 'Penicillin', 'what was typed is still there');
  assert.deepEqual(requests, [], 'no round trip');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'fits 375 px');
  await noViolations(page, 'the form with a follow-up shown by the script');

  await page.getByRole('button', { name: 'Send inn svarene' }).click();
  await page.waitForURL(e2e.srv.url + '/questionnaires?done=submitted');
  await page.getByRole('region', { name: 'Besvart' }).getByRole('link', { name: TITLE }).click();
  await page.waitForURL(/\/questionnaires\/\d+$/);
  const answerTo = (q) => page.locator('dl.hs-answers dt', { hasText: q }).locator('xpath=following-sibling::dd[1]');
  assert.equal((await answerTo('Hvilke?').innerText()).trim(), 'Penicillin');
  assert.equal((await answerTo('Har du allergi mot noen legemidler?').innerText()).trim(), 'Ja');
  await page.close();
});

test('add another and remove without JavaScript on a phone; Enter keeps a draft; the server refuses a value out of range', async () => {
  await sendQuestionnaireToMarius(e2e, TITLE);
  const viewport = { width: 375, height: 740 };
  const fits = (page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  const nojs = await e2e.page({ viewport, javaScriptEnabled: false });
  const formUrl = await open(nojs);
  const medicine = (n) => nojs.getByRole('group', { name: n ? new RegExp(`^Legemiddel \\(${n}\\)`) : /^Legemiddel/ });
  assert.equal(await medicine().count(), 1);
  assert.equal(await nojs.getByRole('button', { name: /^Fjern/ }).count(), 0, 'one instance cannot be removed');

  // Enter in a field saves the draft; it does not add an instance.
  await medicine().getByLabel(NAME).fill('Paracet');
  await medicine().getByLabel(NAME).press('Enter');
  await nojs.waitForURL(formUrl + '?done=saved');
  assert.equal(await medicine().count(), 1);
  assert.equal(await medicine().getByLabel(NAME).inputValue(), 'Paracet');

  // Add another: saved first, then a second instance, numbered.
  await medicine().getByLabel('Hvor mye og hvor ofte').fill('1 g ved behov');
  await nojs.getByRole('button', { name: /^Legg til en til/ }).click();
  await nojs.waitForURL(formUrl + '?done=saved&add=1');
  assert.ok(await medicine(2).isVisible());
  assert.equal(await medicine(1).getByLabel(NAME).inputValue(), 'Paracet');
  assert.equal(await medicine(1).getByLabel('Hvor mye og hvor ofte').inputValue(), '1 g ved behov');
  assert.equal(await medicine(2).getByLabel(NAME).inputValue(), '');
  await medicine(2).getByLabel(NAME).fill('Zopiklon');
  assert.ok(await fits(nojs), 'two instances fit 375 px');

  // A weight out of range: the server says so, next to the box with its unit.
  const weight = nojs.getByLabel(/^Hvor mye veier du\?/);
  assert.ok(await nojs.getByText('Fra og med 1 kg til og med 400 kg').isVisible());
  await weight.fill('0,5');
  await nojs.getByRole('button', { name: 'Lagre utkast' }).click();
  const summary = nojs.locator('.ds-error-summary');
  await summary.waitFor();
  const link = summary.getByRole('link', { name: /^Hvor mye veier du\?: Skriv et tall som er 1 eller mer\./ });
  assert.ok(await link.isVisible());
  assert.equal(await medicine(2).getByLabel(NAME).inputValue(), 'Zopiklon', 'kept what was typed');
  await weight.fill('72,5');

  // Remove the first: the second is what is left.
  await medicine(1).getByRole('button', { name: /^Fjern/ }).click();
  await nojs.waitForURL(formUrl + '?done=saved');
  assert.equal(await medicine().count(), 1);
  assert.equal(await medicine().getByLabel(NAME).inputValue(), 'Zopiklon');
  assert.equal(await weight.inputValue(), '72,5');
  assert.ok(await fits(nojs), 'the form fits 375 px');
  await nojs.close();

  // With JavaScript: the form with two instances, and with an error, is axe clean.
  const page = await e2e.page();
  await open(page);
  await page.getByRole('button', { name: /^Legg til en til/ }).click();
  await page.waitForURL(/\?done=saved&add=1$/);
  await noViolations(page, 'the form with two instances');
  await page.getByRole('button', { name: 'Send inn svarene' }).click();
  await page.locator('.ds-error-summary').waitFor();
  await noViolations(page, 'the form with a required group\'s error');
  await page.close();
});
