// The country's figures in the browser (issue 11): the national coordinator opens the TIP report for
// 2025-26, every cell of each table shown or "x", switches to the unsuppressed level (marked OFFICIAL -
// SENSITIVE), downloads the PDF (read back with pdftotext) and the XLSX, freezes the report and opens the
// frozen copy; the data analyst gets the public level only. Accounts from e2e/run (E2E_REPORTS).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { BASE, DESKTOP, PHONE, check, launch, session, signIn } from './browser.mjs';

const accounts = JSON.parse(process.env.E2E_REPORTS ?? '{}');

test('the coordinator reads, downloads and freezes the TIP report', { skip: !accounts.coordinator }, async () => {
  const browser = await launch();
  try {
    const page = await session(browser, { lang: 'en', viewport: DESKTOP });
    await signIn(page, accounts.coordinator);
    await page.goto(`${BASE}/reports`);
    await page.locator('#period').selectOption('tip-2025');
    await Promise.all([page.waitForLoadState('load'), page.locator('form.report-choice button[type=submit]').click()]);
    assert.match(await page.locator('main .report .meta').first().innerText(), /2025-04-01 – 2026-03-31/);
    assert.match(await page.locator('#prosecution-investigations').innerText(), /Sex trafficking/);
    assert.match(await page.locator('main .report .notice').first().innerText(), /Internal rule/);
    await check(page, 'reports-coordinator-internal');
    // Unsuppressed: every cell, marked.
    await page.locator('#level').selectOption('unsuppressed');
    await Promise.all([page.waitForLoadState('load'), page.locator('form.report-choice button[type=submit]').click()]);
    assert.match(await page.locator('.banner.sensitive').innerText(), /OFFICIAL - SENSITIVE/);
    assert.equal(await page.locator('td.suppressed').count(), 0, 'nothing suppressed');
    // The PDF and the XLSX, as a person downloads them.
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.locator('a[href$="format=pdf"]').first().click()]);
    const pdfPath = await pdf.path();
    assert.equal(readFileSync(pdfPath).subarray(0, 5).toString(), '%PDF-');
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-']).toString();
    assert.match(text, /OFFICIAL - SENSITIVE/);
    assert.match(text, /2025-04-01 to 2026-03-31/);
    assert.match(text, /Page 1 of \d+/);
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.locator('a[href$="format=xlsx"]').first().click()]);
    assert.equal(readFileSync(await xlsx.path()).subarray(0, 2).toString(), 'PK');
    // Freeze, then the frozen copy: signed here, nothing changed yet.
    await Promise.all([page.waitForURL(/\/reports\/frozen\//), page.locator('form[action="/reports/freeze"] button').click()]);
    assert.match(await page.locator('main').innerText(), /Its signature holds/);
    assert.match(await page.locator('main').innerText(), /Every figure is as it was/);
    await check(page, 'reports-frozen');
    await page.goto(`${BASE}/reports`);
    assert.ok(await page.locator('section.frozen a[href^="/reports/frozen/"]').count() >= 1, 'listed as frozen');
  } finally {
    await browser.close();
  }
});

test('the data analyst gets the public rule only, on a phone in Sesotho', { skip: !accounts.analyst }, async () => {
  const browser = await launch();
  try {
    const page = await session(browser, { lang: 'st', viewport: PHONE });
    await signIn(page, accounts.analyst);
    await page.goto(`${BASE}/reports?period=tip-2025`);
    const levels = await page.locator('#level option').evaluateAll((os) => os.map((o) => o.value));
    assert.deepEqual(levels, ['public']);
    assert.equal(await page.locator('form[action="/reports/freeze"]').count(), 0, 'no freezing');
    const res = await page.goto(`${BASE}/reports?period=tip-2025&level=unsuppressed`);
    assert.ok(res.status() < 500);
    assert.match(await page.locator('main').innerText(), /public|sechaba/i);
    await page.goto(`${BASE}/reports?period=tip-2025`);
    await check(page, 'reports-analyst-st-360');
  } finally {
    await browser.close();
  }
});
