// browser.mjs — Debian's Chromium driven by playwright-core, and axe-core.
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

// playwright gives every launch a fresh, empty profile of its own. The
// suites run side by side on two cores, where Chromium can take longer than
// playwright's 30 s to start. extraArgs: flags a suite needs besides (the
// video suite's fake camera and microphone).
export async function launch(extraArgs = []) {
  return chromium.launch({
    timeout: 120_000,
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', ...extraArgs],
  });
}

// Runs axe with the WCAG 2.1 A/AA rules and returns the violations.
export async function axe(page) {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

// The contexts closing after their page, per browser: closeBrowser waits for
// them. A context.close() still running when the browser closes rejects
// ("Target page, context or browser has been closed") after the file's last
// test, which node:test pins on the `before` hook that launched the browser.
const closingContexts = new WeakMap();

// A page in its own context (axe needs one), as a Norwegian browser: nb-NO
// unless the test says otherwise. Closing the page closes the context.
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ locale: 'nb-NO', ...options });
  const page = await context.newPage();
  if (!closingContexts.has(browser)) closingContexts.set(browser, []);
  page.on('close', () => {
    // A page the browser closes (left open by a failed test) has nobody waiting for it.
    const closing = context.close().then(() => null, (e) => e);
    closingContexts.get(browser)?.push(closing);
  });
  return page;
}

// Closes the browser once every context closing after its page has closed;
// the first such failure is thrown after the browser is closed.
export async function closeBrowser(browser) {
  const failures = await Promise.all(closingContexts.get(browser) ?? []);
  closingContexts.delete(browser);
  await browser.close();
  const failure = failures.find((e) => e !== null);
  if (failure) throw failure;
}
