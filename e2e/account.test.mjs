// Accounts (part D) in a real browser, on a phone-sized screen: a newcomer whose account was made without a
// second factor signs in with the password only, lands on the enrolment page, sees the QR code and the
// secret, types the code an authenticator app computes from that secret, and is shown the recovery codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { totp } from './totp.mjs';

const BASE = process.env.BASE_URL ?? 'http://127.0.0.1:8080';

async function withPhone(fn) {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await (await browser.newContext({ viewport: { width: 360, height: 780 } })).newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await fn(page);
    assert.deepEqual(errors, [], 'the page logged errors (a CSP refusal would be one)');
  } finally {
    await browser.close();
  }
}

const noSidewaysScroll = async (page) =>
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${page.url()} scrolls sideways`);

test('a newcomer enrols the authenticator from the QR code at the first sign-in', async () => {
  await withPhone(async (page) => {
    await page.goto(`${BASE}/login`);
    await page.getByLabel('Username').fill(process.env.E2E_NEWCOMER);
    await page.getByLabel('Password').fill(process.env.E2E_PASSWORD);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()]);
    assert.match(page.url(), /\/account\/enrol$/);
    const qr = page.getByRole('img', { name: /QR code/ });
    assert.ok(await qr.isVisible(), 'the QR code is drawn');
    const box = await qr.boundingBox();
    assert.ok(box.width >= 150 && box.width <= 360, `QR code ${box.width}px wide`);
    await noSidewaysScroll(page);
    await page.screenshot({ path: 'e2e/out/enrol-360.png', fullPage: true });
    const secret = (await page.locator('#totp-secret').innerText()).replace(/\s/g, '');
    await page.getByLabel('Code from the app').fill(totp(secret));
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Confirm' }).click()]);
    assert.equal(await page.locator('h1').innerText(), 'Your recovery codes');
    assert.equal(await page.locator('ul.recovery-codes li').count(), 10);
    await noSidewaysScroll(page);
    await page.goto(`${BASE}/account`);
    assert.match(await page.locator('main').innerText(), /An authenticator app/);
    await noSidewaysScroll(page);
  });
});
