// Screenings at ports of entry in the browser (issue 12): a border official of an immigration office records a
// session at Maseru Bridge that referred two travellers and opened a case (a breakdown that does not add up is
// named at its field, what was typed kept), finds it on /prevention with the case linked and the year's totals
// grown, and the TIP report's tables of travellers screened and of cases opened by port; a focal point reads the
// screenings in Sesotho on a 360-pixel phone, the one e2e/run imported through the CLI among them. Accounts and
// the case number from e2e/run (E2E_SCREENINGS); each account signs in once (a TOTP code is not taken twice).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DESKTOP, PHONE, check, launch, session, signIn } from './browser.mjs';

const given = JSON.parse(process.env.E2E_SCREENINGS ?? '{}');

/// The year's screenings line: sessions, travellers screened, people referred, cases opened.
async function summary(page) {
  await page.goto(`${BASE}/prevention?year=2025`);
  const text = await page.locator('#screenings').locator('..').innerText();
  const m = text.match(/(\d+) screening sessions in this year\. (\d[\d\s]*) travellers screened\. (\d[\d\s]*) people referred for further screening\. (\d+) cases opened\./);
  assert.ok(m, `the summary line in: ${text}`);
  return m.slice(1).map((n) => Number(n.replace(/\s/g, '')));
}

async function save(page) {
  await Promise.all([page.waitForLoadState('load'), page.locator('form.stacked[method=post] button[type=submit]').click()]);
}

test('a border official records a screening at Maseru Bridge that opened a case', { skip: !given.official }, async () => {
  const browser = await launch();
  try {
    const page = await session(browser, { lang: 'en', viewport: DESKTOP });
    await signIn(page, given.official);
    const [sessions, travellers, referred, cases] = await summary(page);
    await page.locator('a[href="/prevention/screenings/new"]').click();
    const orgs = await page.locator('#organisation option').evaluateAll((os) => os.map((o) => o.textContent));
    assert.deepEqual(orgs, ['E2E Immigration Caledonspoort'], 'its own office only');
    await page.locator('#port').selectOption('POE-MASERU-BRIDGE');
    await page.locator('#started_on').fill('2025-12-19');
    await page.locator('#ended_on').fill('2025-12-20');
    await page.locator('#direction').selectOption('Leaving');
    await page.locator('#travellers').fill('260');
    await page.locator('#women').fill('120');
    await page.locator('#men').fill('100');
    await page.locator('#girls').fill('25');
    await page.locator('#boys').fill('10');
    for (const i of ['ChildWithNonRelative', 'TooGoodJobOffer']) await page.locator(`input[name=indicators][value=${i}]`).check();
    await page.locator('#referred').fill('2');
    await page.locator('#cases').fill(given.case.toLowerCase());
    await page.locator('#note').fill('Two girls travelling with a man who was not their relative, sent to the CGPU.');
    await save(page);
    // 120 + 100 + 25 + 10 is 255, not 260: said at the breakdown, and what was typed is kept.
    assert.match(await page.locator('#by-group-error').innerText(), /add up to 255, not the 260 travellers screened/);
    assert.equal(await page.locator('#women').inputValue(), '120');
    assert.ok(await page.locator('input[name=indicators][value=TooGoodJobOffer]').isChecked(), 'the indicators stay ticked');
    await page.locator('#boys').fill('15');
    await save(page);
    assert.match(page.url(), /\/prevention#screenings$/);
    assert.deepEqual(await summary(page), [sessions + 1, travellers + 260, referred + 2, cases + 1]);
    const row = page.locator('#screenings ~ table tr', { hasText: '2025-12-19' }).filter({ hasText: 'Maseru Bridge' });
    assert.match(await row.innerText(), /Maseru Bridge \(Maseru\)[\s\S]*Leaving Lesotho[\s\S]*260[\s\S]*2/);
    assert.equal(await row.locator(`a[href="/cases/${given.case}"]`).count(), 1, 'the case it opened, linked');
    await check(page, 'screenings-official');
    // The TIP report at the official's level: travellers screened and cases opened, by port.
    await page.goto(`${BASE}/reports?period=tip-2025`);
    assert.match(await page.locator('#prevention-screened').innerText(), /Maseru Bridge\s+\d+/);
    assert.match(await page.locator('#prevention-screening_cases').innerText(), /Maseru Bridge/);
    assert.match(await page.locator('#prevention-screened_districts').innerText(), /Maseru\s+\d+/);
  } finally {
    await browser.close();
  }
});

test('a focal point reads the screenings in Sesotho on a phone', { skip: !given.focal }, async () => {
  const browser = await launch();
  try {
    const page = await session(browser, { lang: 'st', viewport: PHONE });
    await signIn(page, given.focal);
    await page.goto(`${BASE}/prevention?year=2025#screenings`);
    const section = page.locator('#screenings').locator('..');
    assert.match(await page.locator('#screenings').innerText(), /Lihlahlobo tsa baeti liheking tsa moeli/);
    const text = await section.innerText();
    assert.match(text, /Baeti ba \d[\d\s]* ba hlahlobiloe\./);
    assert.match(text, /Caledonspoort \(Botha-Bothe\)/, 'the screening imported through the CLI');
    assert.match(text, /Ba tsoang Lesotho/);
    await check(page, 'screenings-focal-st');
    await page.goto(`${BASE}/prevention/screenings/new`);
    assert.match(await page.locator('label[for=port]').innerText(), /Heke ea moeli/);
    await check(page, 'screenings-focal-new-st');
  } finally {
    await browser.close();
  }
});
