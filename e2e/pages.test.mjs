// The pages in a real browser: Debian's Chromium driven by playwright-core (no browser download).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { totp } from './totp.mjs';

const BASE = process.env.BASE_URL ?? 'http://127.0.0.1:8080';

async function withPage(fn) {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await (await browser.newContext()).newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await fn(page);
    assert.deepEqual(errors, [], 'the page logged errors');
  } finally {
    await browser.close();
  }
}

async function signIn(page, username, password, code) {
  await page.goto(`${BASE}/`);
  assert.match(page.url(), /\/login$/, 'an anonymous visitor is sent to the sign-in page');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  if (code) await page.getByLabel(/^Code/).fill(code);
  const [res] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()]);
  return res;
}

test('a wrong password is refused on the sign-in page without saying which part was wrong', async () => {
  await withPage(async (page) => {
    await signIn(page, process.env.E2E_ANALYST, 'not the right password at all');
    assert.match(page.url(), /\/login$/);
    assert.match(await page.locator('[role=alert]').innerText(), /username, password or code is not right/);
  });
});

test('an analyst signs in and sees figures, never case rows', async () => {
  await withPage(async (page) => {
    const res = await signIn(page, process.env.E2E_ANALYST, process.env.E2E_PASSWORD);
    assert.equal(res.status(), 200);
    assert.match(page.url(), /\/work$/, 'signing in leads to my work');
    await page.goto(`${BASE}/dashboard`);
    const text = await page.locator('main').innerText();
    assert.match(text, /cases registered/);
    assert.match(text, /Public rule: counts from 1 to 9 are suppressed/, 'the analyst gets the public rule, as on the reports');
    assert.doesNotMatch(text, /OFFICIAL - SENSITIVE/, 'never the unsuppressed figures');
    assert.doesNotMatch(text, /LS-\d{4}-\d{6}/, 'an analyst saw case numbers');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login$/);
  });
});

test('the dashboard shows the registry in figures, by district, without names or case numbers', async () => {
  await withPage(async (page) => {
    const res = await signIn(page, process.env.E2E_PAGES_USER, process.env.E2E_PASSWORD, totp(process.env.E2E_PAGES_TOTP_SECRET));
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-security-policy'] ?? '', /default-src 'self'/);
    await page.goto(`${BASE}/dashboard`);
    assert.match(await page.title(), /Lekhotla/);
    const text = await page.locator('main').innerText();
    for (const district of ['Maseru', 'Botha-Bothe', 'Leribe', "Qacha's Nek", 'Thaba-Tseka']) {
      assert.ok(text.includes(district), `district ${district} missing`);
    }
    assert.doesNotMatch(text, /LS-\d{4}-\d{6}/, 'the figures (part E\'s dashboard) are counts, no case numbers');
    assert.ok(!text.includes('Palesa-E2E-Canary'), 'a victim name reached the home page');
    await page.screenshot({ path: `e2e/out/home-${process.env.E2E_BACKEND ?? 'local'}.png`, fullPage: true });
  });
});
