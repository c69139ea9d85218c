// Joint inspections in the browser (issue 12): the national coordinator records a joint inspection of an
// employer in Leribe that opened a case, is told when a case number is not on record, finds the inspection
// listed with a link to the case and the year's count of inspections that opened one, and the TIP report's
// table of them; the inspection e2e/run imported through the CLI is listed. Accounts and the case number from
// e2e/run (E2E_INSPECTIONS).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DESKTOP, check, launch, session, signIn } from './browser.mjs';

const given = JSON.parse(process.env.E2E_INSPECTIONS ?? '{}');

/// The year's inspections line: inspections, foreign workers checked, of them opened a case.
async function summary(page) {
  await page.goto(`${BASE}/prevention?year=2025`);
  const text = await page.locator('#inspections').locator('..').innerText();
  const m = text.match(/(\d+) inspections in this year\. (\d[\d\s]*) foreign workers checked\. (\d+) of them opened a case\./);
  assert.ok(m, `the summary line in: ${text}`);
  return m.slice(1).map((n) => Number(n.replace(/\s/g, '')));
}

async function save(page) {
  await Promise.all([page.waitForLoadState('load'), page.locator('form.stacked[method=post] button[type=submit]').click()]);
}

test('the coordinator records a joint inspection in Leribe that opened a case', { skip: !given.coordinator }, async () => {
  const browser = await launch();
  try {
    const page = await session(browser, { lang: 'en', viewport: DESKTOP });
    await signIn(page, given.coordinator);
    const [count, workers, withCase] = await summary(page);
    assert.match(await page.locator('main').innerText(), /Butha-Buthe brickworks/, 'the imported inspection is listed');
    await page.locator('a[href="/prevention/inspections/new"]').click();
    await page.locator('#employer').fill('Maputsoe knitwear factory');
    await page.locator('#sector').selectOption('C_Manufacturing');
    await page.locator('#district').selectOption('LS-C');
    await page.locator('#town').fill('Maputsoe');
    await page.locator('#inspected_on').fill('2025-11-04');
    for (const a of ['Labour', 'Immigration', 'Police']) await page.locator(`input[name=agencies][value=${a}]`).check();
    await page.locator('#workers').fill('210');
    await page.locator('#foreign_workers').fill('48');
    await page.locator('input[name=indicators][value=WithholdsDocuments]').check();
    await page.locator('#cases').fill('LS-2025-999999');
    await save(page);
    // A case number that no case has: said at the field, and what was typed is kept.
    assert.match(await page.locator('#cases-error').innerText(), /no case has the number LS-2025-999999/);
    assert.equal(await page.locator('#employer').inputValue(), 'Maputsoe knitwear factory');
    assert.ok(await page.locator('input[name=agencies][value=Police]').isChecked(), 'the agencies stay ticked');
    await page.locator('#cases').fill(given.case.toLowerCase());
    await save(page);
    assert.match(page.url(), /\/prevention#inspections$/);
    assert.deepEqual(await summary(page), [count + 1, workers + 48, withCase + 1]);
    const row = page.locator('tr', { hasText: 'Maputsoe knitwear factory' });
    assert.equal(await row.locator(`a[href="/cases/${given.case}"]`).count(), 1, 'the case it opened, linked');
    await check(page, 'inspections-coordinator');
    // The TIP report, unsuppressed: the inspections that opened a case, by district.
    await page.goto(`${BASE}/reports?period=tip-2025&level=unsuppressed`);
    assert.match(await page.locator('#prevention-inspections_with_case').innerText(), /Leribe\s+[1-9]\d*/);
    assert.match(await page.locator('#prevention-inspected_workers').innerText(), /Leribe\s+\d+/);
  } finally {
    await browser.close();
  }
});
