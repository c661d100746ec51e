// start.test.mjs — the start page in a real browser: both languages, the
// language switch, the skip link, a 320 px phone, and zero axe violations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, noViolations, overflowX } from '../lib/e2e.mjs';

const e2e = browserSuite({ seed: false });

test('start page in bokmål, switch to English and back, axe clean in both', async () => {
  const page = await e2e.page();
  await page.goto(e2e.srv.url + '/');
  assert.equal(await page.getAttribute('html', 'lang'), 'nb');
  assert.ok(await page.locator('h1').count() === 1);
  await noViolations(page, 'start page in bokmål');
  const nbHeading = await page.locator('h1').textContent();

  await page.locator('a[hreflang="en"]').click();
  await page.waitForURL(e2e.srv.url + '/');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.notEqual(await page.locator('h1').textContent(), nbHeading);
  await noViolations(page, 'start page in English');

  // The choice is remembered without the query parameter.
  await page.goto(e2e.srv.url + '/');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.locator('a[hreflang="nb"]').click();
  await page.waitForURL(e2e.srv.url + '/');
  assert.equal(await page.getAttribute('html', 'lang'), 'nb');
  await page.close();
});

test('the login button leads to ID-porten login', async () => {
  const page = await e2e.page();
  await page.goto(e2e.srv.url + '/');
  const login = page.getByRole('main').locator('a[href="/login/idporten"]');
  assert.ok(await login.isVisible());
  await page.close();
});

test('skip link is the first focusable element and moves focus to main', async () => {
  const page = await e2e.page();
  await page.goto(e2e.srv.url + '/');
  await page.keyboard.press('Tab');
  const href = await page.evaluate(() => document.activeElement.getAttribute('href'));
  assert.equal(href, '#main');
  assert.ok(await page.evaluate(() => document.activeElement.getBoundingClientRect().height > 0), 'visible when focused');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => location.hash), '#main');
  assert.equal(await page.locator('main#main').count(), 1);
  await page.close();
});

test('a 320 px phone needs no horizontal scrolling, and axe is clean there', async () => {
  const page = await e2e.page({ viewport: { width: 320, height: 640 } });
  for (const lang of ['nb', 'en']) {
    await page.goto(`${e2e.srv.url}/?lang=${lang}`);
    const overflow = await overflowX(page);
    assert.ok(overflow <= 0, `${lang}: ${overflow}px horizontal overflow`);
    await noViolations(page, `start page at 320 px (${lang})`);
  }
  await page.close();
});

test('error pages are real pages, axe clean', async () => {
  const page = await e2e.page();
  const res = await page.goto(e2e.srv.url + '/no/such/page');
  assert.equal(res.status(), 404);
  assert.ok(await page.locator('h1').count() === 1);
  await noViolations(page, '404 page');
  await page.close();
});

test('the page works with the CSP: no console errors', async () => {
  const page = await e2e.page();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(e2e.srv.url + '/');
  await page.waitForLoadState('networkidle');
  assert.deepEqual(errors, []);
  await page.close();
});
