// questionnaires_score.test.mjs — a calculated score in a real browser
// (issue 16): a clinician sends the demo world's PHQ-9, whose "Totalskår"
// is an SDC calculatedExpression over the answers' ordinal values. Without
// JavaScript, on a phone: the score is a text, never a box to type into,
// "Ikke besvart" until all nine are answered, and the server's sum after a
// save; the page does not scroll sideways. With JavaScript the form with
// its score is axe clean, and the submitted answers show the score.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, noViolations, openQuestionnaireAsMarius, sendQuestionnaireToMarius } from '../lib/e2e.mjs';

const e2e = browserSuite();
const TITLE = 'Spørreskjema om depresjon (PHQ-9)';
const SCORE = /^Totalskår \(0–27\)/;
// Options by their ordinal values: 1 for the first five, 3 for the last four.
const ANSWERS = [
  [/Lite interesse/, 'Flere dager'], [/Følt deg nedfor/, 'Flere dager'], [/Problemer med å sovne/, 'Flere dager'],
  [/Følt deg trett/, 'Flere dager'], [/Dårlig matlyst/, 'Flere dager'], [/Følt deg mislykket/, 'Nesten hver dag'],
  [/Problemer med å konsentrere/, 'Nesten hver dag'], [/Beveget deg eller snakket/, 'Nesten hver dag'],
  [/Tanker om at det ville vært bedre/, 'Nesten hver dag'],
];

const open = (page) => openQuestionnaireAsMarius(e2e, page, TITLE);

// The score as the page shows it: the text under its label.
function scoreOf(page) {
  return page.locator('.ds-field', { has: page.locator('.ds-label', { hasText: SCORE }) }).locator('p.ds-paragraph');
}

test('a calculated score is a text the server fills in, without JavaScript on a phone; axe clean and submitted with it', async () => {
  await sendQuestionnaireToMarius(e2e, TITLE);
  const nojs = await e2e.page({ viewport: { width: 375, height: 740 }, javaScriptEnabled: false });
  const formUrl = await open(nojs);
  assert.equal(await nojs.getByRole('textbox', { name: SCORE }).count(), 0, 'the score is no box to type into');
  assert.equal(await nojs.getByRole('spinbutton', { name: SCORE }).count(), 0);
  assert.equal((await scoreOf(nojs).innerText()).trim(), 'Ikke besvart');

  // Eight of nine: no score yet (the form's expression asks for all nine).
  for (const [question, option] of ANSWERS.slice(0, 8))
    await nojs.getByRole('group', { name: question }).getByLabel(option, { exact: true }).check();
  await nojs.getByRole('button', { name: 'Lagre utkast' }).click();
  await nojs.waitForURL(formUrl + '?done=saved');
  assert.equal((await scoreOf(nojs).innerText()).trim(), 'Ikke besvart');

  // The ninth: the server's sum, 5 × 1 + 4 × 3.
  const [question, option] = ANSWERS[8];
  await nojs.getByRole('group', { name: question }).getByLabel(option, { exact: true }).check();
  await nojs.getByRole('button', { name: 'Lagre utkast' }).click();
  await nojs.waitForURL(formUrl + '?done=saved');
  assert.equal((await scoreOf(nojs).innerText()).trim(), '17');
  assert.ok(await nojs.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'fits 375 px');
  await nojs.close();

  // With JavaScript: the form with its score is axe clean; sent, the answers hold the score.
  const page = await e2e.page();
  await open(page);
  assert.equal((await scoreOf(page).innerText()).trim(), '17');
  await noViolations(page, 'the form with a calculated score');
  await page.getByRole('button', { name: 'Send inn svarene' }).click();
  await page.waitForURL(e2e.srv.url + '/questionnaires?done=submitted');
  await page.getByRole('region', { name: 'Besvart' }).getByRole('link', { name: TITLE }).click();
  await page.waitForURL(formUrl);
  const answers = page.locator('dl.hs-answers');
  const score = answers.locator('dt', { hasText: SCORE }).locator('xpath=following-sibling::dd[1]');
  assert.equal((await score.innerText()).trim(), '17');
  await page.close();
});
