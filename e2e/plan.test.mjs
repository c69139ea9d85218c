// The action plan in the browser (issue 12): the national coordinator opens the plan the demo loaded (the
// illustrative one, said so), finds its five pillars, and each of the year's recommendations with the
// activities that answer it and the live figures of their indicators, computed from the records at the time
// shown; then prints the period's progress report (the page, its PDF read back with pdftotext, its XLSX); a
// focal point reads the plan and the report on a phone in Sesotho. The bad and good plan files through the CLI
// are in e2e/run. Accounts from e2e/run (E2E_PLAN).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, DESKTOP, PHONE, check, launch, session, signIn } from './browser.mjs';

const given = JSON.parse(process.env.E2E_PLAN ?? '{}');

test('the coordinator opens the plan and sees each recommendation with its live figures', { skip: !given.coordinator }, async () => {
  const browser = await launch();
  try {
    const page = await session(browser, { lang: 'en', viewport: DESKTOP });
    await signIn(page, given.coordinator);
    await page.goto(`${BASE}/work`);
    await Promise.all([page.waitForLoadState('load'), page.locator('nav a[href="/plan"]').first().click()]);
    await page.goto(`${BASE}/plan?year=2025&level=unsuppressed`);
    assert.match(await page.locator('#plan-name').innerText(), /ILLUSTRATIVE/);
    const pillars = await page.locator('section.plan-pillar h2').allInnerTexts();
    assert.deepEqual(pillars.length, 5, pillars.join(', '));
    const recs = page.locator('section[aria-labelledby=recommendations] div.panel');
    const n = await recs.count();
    assert.ok(n >= 8, `${n} recommendations`);
    let live = 0;
    for (let i = 0; i < n; i++) {
      const r = recs.nth(i);
      const answered = await r.locator('ul li a[href^="#activity-"]').count();
      assert.ok(answered > 0, `${await r.locator('h3').innerText()} is answered by an activity`);
      // Each activity it names is in the plan above.
      for (const href of await r.locator('ul li a[href^="#activity-"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
        assert.equal(await page.locator(`tr[id="${href.slice(1)}"]`).count(), 1, `${href} is in the plan`);
      }
      for (const row of await r.locator('tr[id^="indicator-"]').all()) {
        const source = await row.locator('td').last().innerText();
        if (/^Live/.test(source)) {
          live += 1;
          assert.match(source, /computed at \d{4}-\d{2}-\d{2}/, source);
          assert.match(await row.locator('.plan-value').innerText(), /^[\d.,\u00a0 %]+$/);
        } else {
          assert.match(source, /^Typed in/, source);
        }
      }
    }
    assert.ok(live > 0, 'some recommendation shows a live figure');
    // The live count of victims identified is the records', not a typed number: it is a whole number.
    const victims = page.locator('tr[id^="indicator-"]', { hasText: 'Victims identified' }).first();
    assert.match(await victims.locator('.plan-value').innerText(), /^\d[\d\u00a0,]*$/);
    await check(page, 'plan-coordinator');
    // The coordinator changes an activity: a budget that is not a number is named, then it is marked done.
    await Promise.all([page.waitForLoadState('load'), page.locator('a[href="/plan/activities/3.1.1"]').click()]);
    await page.locator('#budget').fill('a lot');
    await page.locator('#status').selectOption('done');
    await Promise.all([page.waitForLoadState('load'), page.locator('#activity-form button[type=submit]').click()]);
    assert.match(await page.locator('#budget-error').innerText(), /whole number/);
    assert.equal(await page.locator('#status').inputValue(), 'done', 'what was typed is kept');
    await check(page, 'plan-activity-error');
    await page.locator('#budget').fill('150000');
    await Promise.all([page.waitForURL(/\/plan#activity-3\.1\.1$/), page.locator('#activity-form button[type=submit]').click()]);
    assert.match(await page.locator('tr[id="activity-3.1.1"]').innerText(), /Done/);
    // And uploads the signed procedures as evidence: listed beside the activity, downloaded as they were.
    await page.goto(`${BASE}/plan/activities/3.1.1`);
    const sops = join(mkdtempSync(join(tmpdir(), 'lekhotla-e2e-')), 'Signed SOPs.pdf');
    const pdf = Buffer.from('%PDF-1.4\n% Signed standard operating procedures (synthetic)\n%%EOF\n');
    writeFileSync(sops, pdf);
    await page.locator('#file').setInputFiles(sops);
    await Promise.all([page.waitForURL(/#files$/), page.locator('#upload-form button[type=submit]').click()]);
    assert.match(await page.locator('#files').innerText(), /Signed SOPs\.pdf/);
    await check(page, 'plan-activity-files');
    await page.goto(`${BASE}/plan?year=2025`);
    const [download] = await Promise.all([page.waitForEvent('download'),
      page.locator('tr[id="activity-3.1.1"] a[href^="/plan/files/"]').click()]);
    assert.deepEqual(readFileSync(await download.path()), pdf);
  } finally {
    await browser.close();
  }
});

test('the coordinator prints the period\'s progress report', { skip: !given.progress }, async () => {
  const browser = await launch();
  try {
    const page = await session(browser, { lang: 'en', viewport: DESKTOP });
    await signIn(page, given.progress);
    await page.goto(`${BASE}/plan`);
    await Promise.all([page.waitForLoadState('load'), page.locator('#plan-progress').click()]);
    assert.match(page.url(), /\/plan\/progress$/);
    // The 2025-26 TIP year, the 2025 recommendations.
    await page.locator('#period').selectOption('tip-2025');
    await page.locator('#year').selectOption('2025');
    await Promise.all([page.waitForLoadState('load'), page.locator('form.report-choice button[type=submit]').click()]);
    assert.match(await page.locator('#progress-title').innerText(), /2025 recommendations, 2025-04-01 to 2026-03-31/);
    assert.match(await page.locator('#progress-facts').innerText(), /ILLUSTRATIVE/);
    const parts = await page.locator('section.progress-part h2').allInnerTexts();
    assert.deepEqual(parts, ['Summary', 'Recommendations of 2025', 'Activities of the period', "The period's figures"]);
    // Each recommendation of the year says what its activities did, with their figures.
    const recs = page.locator('section[aria-labelledby=part-2] h3');
    assert.ok(await recs.count() >= 8, `${await recs.count()} recommendations`);
    const part = await page.locator('section[aria-labelledby=part-2]').innerText();
    assert.match(part, /Live: computed at \d{4}-\d{2}-\d{2}/);
    // The country's figures of the period, under the coordinator's internal rule.
    const figures = await page.locator('section[aria-labelledby=part-4]').innerText();
    assert.match(figures, /Victims identified/);
    assert.match(figures, /Trainings, by place/);
    await check(page, 'plan-progress-coordinator');
    // Printed: the PDF, and the XLSX.
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.locator('#progress-files a[href$="format=pdf"]').click()]);
    const pdfPath = await pdf.path();
    assert.equal(readFileSync(pdfPath).subarray(0, 5).toString(), '%PDF-');
    const text = execFileSync('pdftotext', [pdfPath, '-']).toString().replace(/\s+/g, ' ');
    assert.match(text, /Progress on the action plan and the 2025 recommendations/);
    assert.match(text, /Recommendations of 2025/);
    assert.match(text, /Needs attention/);
    assert.match(text, /Page 1 of \d+/);
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.locator('#progress-files a[href$="format=xlsx"]').click()]);
    assert.equal(readFileSync(await xlsx.path()).subarray(0, 2).toString(), 'PK');
  } finally {
    await browser.close();
  }
});

test('a focal point reads the plan on a phone in Sesotho', { skip: !given.focal }, async () => {
  const browser = await launch();
  try {
    const page = await session(browser, { lang: 'st', viewport: PHONE });
    await signIn(page, given.focal);
    await page.goto(`${BASE}/plan?year=2025`);
    assert.equal(await page.locator('section.plan-pillar').count(), 5);
    assert.ok(await page.locator('section[aria-labelledby=recommendations] div.panel').count() >= 8);
    assert.doesNotMatch(await page.locator('#plan-rule').innerText(), /rule|suppressed/, 'the rule in Sesotho');
    await check(page, 'plan-focal-st');
    // And the progress report, in Sesotho, on the phone.
    await page.goto(`${BASE}/plan/progress?period=tip-2025&year=2025`);
    assert.match(await page.locator('#progress-title').innerText(), /Tsoelopele ea moralo/);
    assert.equal(await page.locator('section.progress-part').count(), 4);
    await check(page, 'plan-progress-focal-st');
  } finally {
    await browser.close();
  }
});
