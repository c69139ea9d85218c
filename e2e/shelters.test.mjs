// Shelters and funding in the browser (issue 12): the national coordinator sees the demo shelter's occupancy
// and length of stay for 2025, the same figures the API gives; is told that the shelter's year is recorded
// already; adds a funder to it and finds the year's totals grown by exactly that; a bad number is named at its
// field with what was typed kept. A Botha-Bothe focal point, on a phone in Sesotho, records its own office's
// year and may not change the shelter's. Accounts from e2e/run (E2E_SHELTERS).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DESKTOP, PHONE, check, launch, session, signIn } from './browser.mjs';

const given = JSON.parse(process.env.E2E_SHELTERS ?? '{}');
const SHELTER = 'Lehae la Khotso Shelter Trust';

/// Maloti as the page writes them (`M 1 200 000`, with no-break spaces) as a number.
const maloti = (s) => Number(s.replace(/[^\d]/g, ''));

async function totals(page, year) {
  await page.goto(`${BASE}/shelters?year=${year}`);
  const text = await page.locator('#funding-total').innerText();
  const m = text.match(/^(M[\s\d]+) committed, (M[\s\d]+) disbursed in this year\.$/);
  assert.ok(m, `the totals line: ${text}`);
  return [maloti(m[1]), maloti(m[2])];
}

async function save(page) {
  await Promise.all([page.waitForLoadState('load'), page.locator('form.stacked[method=post] button[type=submit]:not([name])').click()]);
}

test('the coordinator sees the shelter\'s occupancy and adds a funder to its year', { skip: !given.coordinator }, async () => {
  const browser = await launch();
  try {
    const page = await session(browser, { lang: 'en', viewport: DESKTOP });
    await signIn(page, given.coordinator);
    await page.goto(`${BASE}/shelters?year=2025`);
    const row = page.locator('#shelter-table tbody tr', { hasText: SHELTER });
    const cells = await row.locator('td').allInnerTexts();
    const api = await page.evaluate(async () => (await fetch('/api/v1/shelters?year=2025')).json());
    const shelter = api.shelters.find((s) => s.name === 'Lehae la Khotso Shelter Trust');
    assert.ok(shelter, 'the API lists the shelter');
    assert.equal(shelter.beds, 24);
    assert.ok(shelter.placements > 0 && shelter.ended > 0, `the demo's 2025 stays: ${JSON.stringify(shelter)}`);
    // Beds, staying, average, occupancy, placements, ended, median, longest: as the API computes them.
    assert.equal(cells[0], '24');
    assert.equal(Number(cells[1]), shelter.present);
    assert.equal(cells[2], shelter.average.toFixed(1));
    assert.equal(cells[3], `${shelter.rate.toFixed(1)}%`);
    assert.equal(Number(cells[4]), shelter.placements);
    assert.equal(Number(cells[5]), shelter.ended);
    assert.equal(cells[6], `${shelter.median_stay} days`);
    assert.ok(shelter.median_stay <= shelter.longest_stay);
    await check(page, 'shelters-coordinator');

    // The shelter's 2025 is recorded (the demo's): a second record is refused at the year.
    const [committed, disbursed] = await totals(page, 2025);
    await page.locator('a[href^="/shelters/years/new"]').click();
    await page.locator('#organisation').selectOption({ label: SHELTER });
    await page.locator('#year').fill('2025');
    await page.locator('input[name=f_funder]').first().fill('Maseru City Council');
    await save(page);
    assert.match(await page.locator('#year-error').innerText(), /recorded already/);

    // Changing it: a bad number named at its field, what was typed kept; then saved.
    await page.goto(`${BASE}/shelters?year=2025`);
    await page.locator('#funding-table a', { hasText: SHELTER }).click();
    const blank = page.locator('fieldset.group', { has: page.locator('input[name=f_funder][value=""]') }).last();
    await blank.locator('input[name=f_funder]').fill('Maseru City Council');
    await blank.locator('input[name=f_committed]').fill('50,000');
    await blank.locator('input[name=f_disbursed]').fill('twenty thousand');
    await save(page);
    assert.match(await page.locator('fieldset.group .field-error').first().innerText(), /whole number/i);
    const kept = page.locator('fieldset.group', { has: page.locator('input[name=f_funder][value="Maseru City Council"]') });
    assert.equal(await kept.count(), 1, 'the new funder\'s row is kept as typed');
    assert.equal(await kept.locator('input[name=f_committed]').inputValue(), '50,000');
    await kept.locator('input[name=f_disbursed]').fill('20000');
    await save(page);
    assert.match(page.url(), /\/shelters\?year=2025#funding$/);
    assert.deepEqual(await totals(page, 2025), [committed + 50000, disbursed + 20000]);
    assert.match(await page.locator('#funding-table tr', { hasText: SHELTER }).innerText(), /Maseru City Council/);
  } finally {
    await browser.close();
  }
});

test('a focal point records its office\'s year on a phone in Sesotho', { skip: !given.focal }, async () => {
  const browser = await launch();
  try {
    const page = await session(browser, { lang: 'st', viewport: PHONE });
    await signIn(page, given.focal);
    await page.goto(`${BASE}/shelters?year=2026`);
    assert.equal(await page.locator('#funding-table a', { hasText: SHELTER }).count(), 0, 'not its year to change');
    await check(page, 'shelters-focal-st');
    await page.locator('a[href^="/shelters/years/new"]').click();
    const options = await page.locator('#organisation option').allInnerTexts();
    assert.deepEqual(options, ['E2E Botha-Bothe Office'], 'only its own office');
    await page.locator('#year').fill('2026');
    await page.locator('input[name=f_funder]').first().fill('Masepala oa Botha-Bothe');
    await page.locator('input[name=f_committed]').first().fill('12000');
    await page.locator('input[name=f_disbursed]').first().fill('6000');
    await check(page, 'shelters-focal-new-st');
    await save(page);
    assert.match(page.url(), /\/shelters\?year=2026#funding$/);
    assert.match(await page.locator('#funding-table tr', { hasText: 'E2E Botha-Bothe Office' }).innerText(), /Masepala oa Botha-Bothe/);
  } finally {
    await browser.close();
  }
});
