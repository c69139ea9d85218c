// What every browser test shares: Debian's Chromium (playwright-core, no download), signing in (with the
// second factor, enrolling it on a first sign-in), and the checks every page visited must pass: no error
// status, `<html lang>` as asked, no horizontal scroll, no request to another site, axe-core with no serious
// or critical violation, touch targets (buttons, fields, the menu) at least 44 pixels tall, and a screenshot
// under target/e2e-screenshots/ (none with E2E_SCREENSHOTS=0, as in CI).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { totp } from './totp.mjs';

export const BASE = process.env.BASE_URL ?? 'http://127.0.0.1:8080';
const here = dirname(fileURLToPath(import.meta.url));
const AXE = readFileSync(join(here, 'node_modules/axe-core/axe.min.js'), 'utf8');
export const SHOTS = join(here, '..', 'target', 'e2e-screenshots', process.env.E2E_BACKEND ?? 'local');
// E2E_SCREENSHOTS=0 takes none: CI keeps no files, and a full-page shot costs as much as the axe-core run (0.3 s a
// page on average, 0.6 s on a long list; a third of the checks' time).
const SCREENSHOTS = process.env.E2E_SCREENSHOTS !== '0';
if (SCREENSHOTS) mkdirSync(SHOTS, { recursive: true });

export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 900 };

export async function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/// A fresh browser session (its own cookies) in `lang` (`en` or `st`, sent as Accept-Language) at `viewport`.
export async function session(browser, { lang = 'en', viewport = DESKTOP } = {}) {
  const context = await browser.newContext({
    viewport,
    locale: lang === 'st' ? 'st-LS' : 'en-GB',
    extraHTTPHeaders: { 'Accept-Language': lang === 'st' ? 'st-LS,st;q=0.9' : 'en-GB,en;q=0.9' },
  });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  // A page answering 4xx on purpose (a 404 page, a form with errors) makes the browser log it: the status
  // itself is checked where it matters, so that message is not a problem of the page.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) {
      page.problems.push(`console: ${m.text()}`);
    }
  });
  page.on('request', (r) => {
    if (!r.url().startsWith(BASE) && !r.url().startsWith('data:')) page.problems.push(`third-party request: ${r.url()}`);
  });
  page.lang = lang;
  return page;
}

/// Signs `account` ({username, password, totpSecret?}) in through the form; on a first sign-in that asks to
/// enrol the second factor, reads the secret from the enrolment page, confirms a code and keeps the secret.
export async function signIn(page, account) {
  await page.goto(`${BASE}/login`);
  await page.locator('#username').fill(account.username);
  await page.locator('#password').fill(account.password);
  if (account.totpSecret) await page.locator('#code').fill(totp(account.totpSecret));
  await Promise.all([page.waitForLoadState('load'), page.locator('form.signin button[type=submit]').click()]);
  if (/\/account\/enrol/.test(page.url())) {
    const secret = (await page.locator('#totp-secret').innerText()).replace(/\s+/g, '');
    await page.locator('form[action="/account/enrol"] input[name=code]').fill(totp(secret));
    await Promise.all([page.waitForLoadState('load'), page.locator('form[action="/account/enrol"] button[type=submit]').click()]);
    account.totpSecret = secret;
    const next = page.locator('a[href="/work"]').first();
    if (await next.count()) await Promise.all([page.waitForLoadState('load'), next.click()]);
  }
  assert.doesNotMatch(page.url(), /\/login$/, `${account.username} could not sign in: ${await page.locator('main').innerText()}`);
}

/// The checks every page passes; `name` names the screenshot.
export async function check(page, name, { status } = {}) {
  const lang = await page.locator('html').getAttribute('lang');
  assert.equal(lang, page.lang, `${name}: <html lang> is ${lang}, not ${page.lang}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${name}: ${overflow} pixels of horizontal scroll at ${page.viewportSize().width} px`);
  const small = await page.evaluate(() => [...document.querySelectorAll(
    'button, select, summary, nav a, input:not([type=hidden]):not([type=checkbox]):not([type=radio])')]
    .filter((e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
    .filter((e) => e.getBoundingClientRect().height < 43.5)
    .map((e) => `${e.tagName.toLowerCase()}${e.name ? `[name=${e.name}]` : ''} "${(e.textContent || e.value || '').trim().slice(0, 30)}" ${Math.round(e.getBoundingClientRect().height)} px`));
  assert.deepEqual(small, [], `${name}: touch targets under 44 pixels tall`);
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  assert.deepEqual(result, [], `${name}: axe-core found serious or critical violations`);
  if (SCREENSHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  assert.deepEqual(page.problems, [], `${name}: problems in the page`);
  if (status) assert.ok(status < 400, `${name}: status ${status}`);
}

/// Goes to `path` and checks the page.
export async function visit(page, path, name) {
  const res = await page.goto(`${BASE}${path}`);
  await check(page, name, { status: res.status() });
  return res;
}
