// Part C in a real browser at a phone's width: the criminal justice overview, the hearings calendar (month
// and week, each hearing a link to its case), the referral boxes and the send-referral form, with no
// sideways scrolling and no console errors. One sign-in (its own account: a code is good once).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { totp } from './totp.mjs';

const BASE = process.env.BASE_URL ?? 'http://127.0.0.1:8080';

test('the justice pages and referral boxes fit a 360 px screen and link hearings to their cases', async () => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${BASE}/login`);
    await page.getByLabel('Username').fill(process.env.E2E_JUSTICE_USER);
    await page.getByLabel('Password').fill(process.env.E2E_PASSWORD);
    await page.getByLabel(/^Code/).fill(totp(process.env.E2E_JUSTICE_TOTP_SECRET));
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()]);
    const fits = async (path) => {
      const res = await page.goto(`${BASE}${path}`);
      assert.equal(res.status(), 200, path);
      await page.waitForLoadState('networkidle');
      const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.equal(over, 0, `${path} scrolls sideways by ${over}px at 360 px`);
    };
    await fits('/justice');
    assert.match(await page.locator('h1').innerText(), /Criminal justice/);
    assert.match(await page.locator('main').innerText(), /Before the courts/);
    assert.doesNotMatch(await page.locator('main').innerText(), /Canary|Custodian-/, 'no sealed custodian');
    // The demo data (seed 7) hold hearings in June 2024.
    await fits('/justice/calendar?view=month&date=2024-06-01');
    assert.match(await page.locator('h2').first().innerText(), /June 2024/);
    const hearing = page.locator('main ul.hearings a').first();
    const number = await hearing.innerText();
    assert.match(number, /^LS-\d{4}-\d{6}$/);
    await fits('/justice/calendar?view=week&date=2024-06-10');
    await fits('/referrals?box=outbox');
    await fits('/referrals?box=inbox');
    await fits(`/cases/${number}/send-referral`);
    assert.match(await page.locator('h1').innerText(), /Send a referral/);
    assert.deepEqual(errors, [], 'the pages logged errors');
  } finally {
    await browser.close();
  }
});
