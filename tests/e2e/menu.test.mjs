// menu.test.mjs — the page frame in a real browser: every entry of the main
// menu answers 200 and is axe clean for a reader who sees it (a citizen on
// their own record, a parent acting for a child, a power of attorney for
// appointments and messages, a clinician, front desk, a caseworker,
// support); on a 375 px phone nothing scrolls sideways, facts stack without
// breaking words, and the menu opens from its button without JavaScript,
// by keyboard, with visible focus; on a desktop it is an open row of links.
// What the menu lists for whom is tested over HTTP (tests/http/menu.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, noViolations, overflowX } from '../lib/e2e.mjs';
import { loginAs } from '../lib/session.mjs';

const EMMA = '15862199860';
const BJORN = '21876649788';

// Marius may act for Emma (5); Elisabeth gives Bjørn appointments and messages.
const e2e = browserSuite({
  async setup({ srv }) {
    const marius = await loginAs(srv, '12848649994');
    await marius.get('/access/parent');
    assert.equal((await marius.post('/access/parent', { nin: EMMA })).status, 303);
    const elisabeth = await loginAs(srv, '02916949807');
    await elisabeth.get('/access/grant');
    const r = await elisabeth.post('/access/grant', {
      nin: BJORN, family_name: 'Johansen', kind: 'appointments_messages', valid_until: '', confirm: '1',
    });
    assert.equal(r.status, 303);
  },
});

const menu = (page) => page.getByRole('navigation', { name: 'Hovedmeny' });

// Each reader walks every entry of their menu: 200, and marked current.
// axe runs where the frame differs (each kind of menu, whose record) and on
// pages no other browser test opens; every other page is axe-checked, with
// this same frame, by its area's own file.
test('every menu entry answers 200 for every kind of reader, axe clean', async () => {
  const readers = [
    { name: 'Marius Berg', what: 'a citizen on his own record', axe: ['/'] },
    { name: 'Marius Berg', record: 'Emma Berg', what: 'a parent acting for a child', axe: ['/'] },
    { name: 'Bjørn Johansen', record: 'Elisabeth Johansen', what: 'a power of attorney for appointments and messages' },
    { name: 'Ingrid Solberg', what: 'a clinician', axe: ['/staff'] },
    { name: 'Marte Vik', what: 'front desk' },
    { name: 'Per Haugland', what: 'a caseworker', axe: ['/staff/queues/representation'] },
    { name: 'Sara Nygård', what: 'support' },
  ];
  for (const reader of readers) {
    const page = await e2e.page();
    await e2e.openRecord(page, reader.name, reader.record);
    if (reader.record)
      assert.ok(await menu(page).getByText(`Gjelder journalen til ${reader.record}`).isVisible(), `${reader.what}: whose`);
    const entries = await menu(page).getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    assert.ok(entries.length > 0, reader.what);
    for (const href of entries) {
      const res = await page.goto(e2e.url(href));
      assert.equal(res.status(), 200, `${reader.what}: ${href}`);
      assert.equal(await menu(page).locator('a[aria-current="page"]').getAttribute('href'), href,
        `${reader.what}: ${href} is marked as the current area`);
      if (reader.axe?.includes(href)) await noViolations(page, `${reader.what}: ${href}`);
    }
    await page.close();
  }
});

test('on a 375 px phone: no sideways scrolling, facts stacked whole, the menu behind a button that needs no JavaScript', async () => {
  const page = await e2e.page({ viewport: { width: 375, height: 800 }, javaScriptEnabled: false });
  await e2e.login(page, 'Elisabeth Johansen', '/');
  assert.equal(await overflowX(page), 0, 'the home page scrolls sideways');

  // Terms above values, and no word broken over two lines.
  const facts = await page.locator('dl.hs-facts').first().evaluate((dl) => {
    const dt = dl.querySelector('dt').getBoundingClientRect();
    const dd = dl.querySelector('dd').getBoundingClientRect();
    const broken = [];
    const walker = document.createTreeWalker(dl, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      for (const m of n.data.matchAll(/\S+/g)) {
        const r = document.createRange();
        r.setStart(n, m.index);
        r.setEnd(n, m.index + m[0].length);
        if (r.getClientRects().length > 1) broken.push(m[0]);
      }
    }
    return { stacked: dd.top >= dt.bottom - 1, broken };
  });
  assert.ok(facts.stacked, 'the value is below its term');
  assert.deepEqual(facts.broken, [], 'words broken over two lines');

  // The menu is folded away behind its button, and opens by keyboard.
  const button = page.locator('.hs-menu > summary');
  assert.ok(await button.isVisible());
  assert.equal(await button.textContent(), 'Meny');
  const results = menu(page).getByRole('link', { name: 'Prøvesvar' });
  assert.equal(await results.isVisible(), false, 'folded away');
  await button.focus();
  await page.keyboard.press('Enter');
  assert.ok(await results.isVisible(), 'open');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return { href: el.getAttribute('href'), outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 };
  });
  assert.equal(focused.href, '/', 'the first entry is next by keyboard');
  assert.ok(focused.outline, 'focus is visible');
  assert.equal(await overflowX(page), 0, 'the open menu scrolls sideways');
  await results.click();
  await page.waitForURL(e2e.url('/health/results'));
  // A new page: the menu is folded again, its entry for this page marked.
  assert.equal(await page.locator('.hs-menu__link[href="/health/results"]').getAttribute('aria-current'), 'page');
  assert.equal(await page.locator('.hs-menu__link[href="/health/results"]').isVisible(), false);
  assert.equal(await overflowX(page), 0, 'the results page scrolls sideways');
  await page.close();

  // axe needs JavaScript: the open menu on a phone, checked with it.
  const js = await e2e.page({ viewport: { width: 375, height: 800 } });
  await e2e.login(js, 'Elisabeth Johansen', '/');
  await js.locator('.hs-menu > summary').click();
  await noViolations(js, 'the open menu at 375 px');
  await js.close();
});

test('on a desktop the menu is an open row of links, reached by keyboard', async () => {
  const page = await e2e.page();
  await e2e.login(page, 'Elisabeth Johansen', '/');
  assert.equal(await page.locator('.hs-menu > summary').isVisible(), false, 'no menu button');
  const links = menu(page).getByRole('link');
  assert.ok(await links.first().isVisible());
  const tops = await links.evaluateAll((as) => as.slice(0, 3).map((a) => Math.round(a.getBoundingClientRect().top)));
  assert.equal(new Set(tops).size, 1, 'side by side');
  await page.locator('a[hreflang="en"]').focus();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), '/', 'the menu is next by keyboard');
  await page.close();
});
