// Prevention work in the browser (issue 12): the national coordinator records an awareness campaign among
// Basotho in Welkom and one in Leribe, is told exactly what is wrong with a bad one, sees the year's list with
// the campaigns e2e/run imported from a spreadsheet through the CLI, and finds them counted in the TIP report's
// prevention table; a Botha-Bothe focal point, on a phone in Sesotho, records one for its own office, changes
// it, and is refused a stale change. Accounts from e2e/run (E2E_PREVENTION).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DESKTOP, PHONE, check, launch, session, signIn } from './browser.mjs';

const accounts = JSON.parse(process.env.E2E_PREVENTION ?? '{}');

/// The year's summary line: campaigns, people reached, of them abroad.
async function summary(page) {
  await page.goto(`${BASE}/prevention?year=2025`);
  const m = (await page.locator('main').innerText()).match(/(\d+) campaigns in this year\. (\d[\d\s]*) people reached\. (\d+) of them abroad\./);
  assert.ok(m, 'the summary line');
  return m.slice(1).map((n) => Number(n.replace(/\s/g, '')));
}

async function submit(page) {
  await Promise.all([page.waitForLoadState('load'), page.locator('form.stacked[method=post] button[type=submit]').click()]);
}

test('the coordinator records campaigns in Welkom and Leribe and finds them in the figures', { skip: !accounts.coordinator }, async () => {
  const browser = await launch();
  try {
    const page = await session(browser, { lang: 'en', viewport: DESKTOP });
    await signIn(page, accounts.coordinator);
    const [count, reach, abroad] = await summary(page);
    assert.match(await page.locator('main').innerText(), /Safe jobs pitso/, 'the imported campaign is listed');
    assert.match(await page.locator('main').innerText(), /Durban, South Africa/);
    // A bad form: abroad without a town, people reached not a number. Each field says what is wrong.
    await page.locator('a[href="/prevention/campaigns/new"]').click();
    await page.locator('#title').fill('Know before you go: mineworkers in Welkom');
    await page.locator('#country').selectOption('ZA');
    await page.locator('#audience').selectOption('MigrantWorkers');
    await page.locator('#started_on').fill('2025-09-12');
    await page.locator('#reach').fill('many');
    await submit(page);
    assert.match(await page.locator('#reach-error').innerText(), /whole number/);
    await page.locator('#reach').fill('420');
    await submit(page);
    assert.match(await page.locator('#town-error').innerText(), /Give the town or community abroad/);
    assert.equal(await page.locator('#title').inputValue(), 'Know before you go: mineworkers in Welkom', 'kept as typed');
    await page.locator('#town').fill('Welkom');
    await page.locator('input[name=channels][value=Gathering]').check();
    await submit(page);
    assert.match(page.url(), /\/prevention$/);
    // Leribe.
    await page.goto(`${BASE}/prevention/campaigns/new`);
    await page.locator('#title').fill('Safe migration at Maputsoe factories');
    await page.locator('#district').selectOption('LS-C');
    await page.locator('#audience').selectOption('JobSeekers');
    await page.locator('#started_on').fill('2025-10-01');
    await page.locator('#reach').fill('260');
    await submit(page);
    assert.deepEqual(await summary(page), [count + 2, reach + 680, abroad + 1]);
    const list = await page.locator('main').innerText();
    assert.match(list, /Know before you go: mineworkers in Welkom/);
    assert.match(list, /Safe migration at Maputsoe factories/);
    await check(page, 'prevention-coordinator');
    // The TIP report, unsuppressed: the campaigns and the people reached, by place.
    await page.goto(`${BASE}/reports?period=tip-2025&level=unsuppressed`);
    const campaigns = await page.locator('#prevention-campaigns').innerText();
    assert.match(campaigns, new RegExp(`Abroad: South Africa\\s+${abroad + 1}\\b`), 'every campaign abroad of the year');
    assert.match(campaigns, /Leribe\s+\d+/);
    assert.match(await page.locator('#prevention-campaign_reach').innerText(), /Abroad: South Africa\s+[\d,]+/);
  } finally {
    await browser.close();
  }
});

test('a focal point records its office\'s campaign on a phone in Sesotho, and a stale change is refused', { skip: !accounts.focal }, async () => {
  const browser = await launch();
  try {
    const page = await session(browser, { lang: 'st', viewport: PHONE });
    await signIn(page, accounts.focal);
    await page.goto(`${BASE}/prevention/campaigns/new`);
    await check(page, 'prevention-focal-new-st');
    const orgs = await page.locator('#organisation option').evaluateAll((os) => os.map((o) => o.textContent));
    assert.deepEqual(orgs, ['E2E Botha-Bothe Office'], 'its own office only');
    await page.locator('#title').fill('Pitso ea Ha Sechele');
    await page.locator('#audience').selectOption('CommunityLeaders');
    await page.locator('#started_on').fill('2025-11-20');
    await page.locator('#reach').fill('95');
    await submit(page);
    assert.match(page.url(), /\/prevention$/);
    await page.goto(`${BASE}/prevention?year=2025`);
    await check(page, 'prevention-focal-st');
    const link = page.locator('a', { hasText: 'Pitso ea Ha Sechele' });
    const href = await link.getAttribute('href');
    // Two tabs open the same campaign; the first saves, the second is told and loses nothing.
    const other = await session(browser, { lang: 'st', viewport: PHONE });
    await other.context().addCookies(await page.context().cookies());
    await page.goto(`${BASE}${href}`);
    await other.goto(`${BASE}${href}`);
    await page.locator('#reach').fill('120');
    await submit(page);
    assert.match(page.url(), /\/prevention$/);
    await other.locator('#reach').fill('130');
    await submit(other);
    assert.match(await other.locator('.versions').innerText(), /130/);
    assert.equal(await other.locator('#reach').inputValue(), '120', 'the form shows the saved change');
  } finally {
    await browser.close();
  }
});
