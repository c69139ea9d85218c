// The committees in the browser (issue 12): the national coordinator records a meeting of the Multi-Sectoral
// Committee with an action item linked to a plan activity and to a case by its number, finds it on
// /committees with its owner and deadline, edits it and is told, at the field, that the plan has no such
// activity (what was typed is kept), then downloads the minutes as a PDF (read back with pdftotext); a focal
// point of Leribe reads the committees and the meeting in Sesotho on a phone. Accounts and the case number
// from e2e/run (E2E_COMMITTEES).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { BASE, DESKTOP, PHONE, check, launch, session, signIn } from './browser.mjs';

const given = JSON.parse(process.env.E2E_COMMITTEES ?? '{}');

/// A day `n` days from today, as a date input takes it.
function day(n) {
  return new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
}

async function save(page) {
  await Promise.all([page.waitForLoadState('load'), page.locator('form.stacked[method=post] button[type=submit]').first().click()]);
}

test('the coordinator records, edits and prints an MSC meeting', { skip: !given.coordinator }, async () => {
  const browser = await launch();
  try {
    const page = await session(browser, { lang: 'en', viewport: DESKTOP });
    await signIn(page, given.coordinator);
    await page.goto(`${BASE}/work`);
    await Promise.all([page.waitForLoadState('load'), page.locator('nav a[href="/committees"]').first().click()]);
    await check(page, 'committees-coordinator');
    await Promise.all([page.waitForLoadState('load'), page.locator('a[href="/committees/new"]').click()]);
    const held = day(-3);
    await page.locator('#committee').selectOption('MSC');
    await page.locator('#held_on').fill(held);
    await page.locator('#place').fill('Ministry of Home Affairs, Maseru');
    await page.locator('#chair').fill('Principal Secretary, Home Affairs');
    await page.locator('#agenda').fill('Opening\nQuarterly figures\nReferral deadlines');
    await page.locator('#attendance-1 input[name=a_people]').fill('3');
    await page.locator('#attendance-2 input[name=a_guest]').fill('Christian Council of Lesotho');
    await page.locator('#attendance-2 input[name=a_people]').fill('1');
    await page.locator('#decisions').fill('Adopt the revised referral SOP');
    const item = page.locator('#action-1');
    await item.locator('textarea[name=x_text]').fill('Follow up the Maputsoe case with the DPP');
    await item.locator('select[name=x_owner]').selectOption({ index: 1 });
    const owner = await item.locator('select[name=x_owner] option:checked').innerText();
    await item.locator('input[name=x_deadline]').fill(day(30));
    await item.locator('input[name=x_activities]').fill('1.3.1');
    await item.locator('input[name=x_cases]').fill(given.case);
    await check(page, 'committee-new');
    await save(page);
    assert.match(page.url(), /\/committees\/[0-9a-f-]{36}$/, `saved: ${await page.locator('main').innerText()}`);
    const meeting = page.url();

    // On /committees: the open action item with its owner and deadline, and the meeting of the year.
    await page.goto(`${BASE}/committees`);
    const row = page.locator('section[aria-labelledby=actions] tr', { hasText: 'Follow up the Maputsoe case with the DPP' });
    assert.equal(await row.count(), 1);
    const text = await row.innerText();
    for (const part of [owner, day(30), '1.3.1', given.case]) assert.ok(text.includes(part), `${part} in ${text}`);
    assert.doesNotMatch(text, /Overdue/, 'due in a month');
    assert.ok(await page.locator('section[aria-labelledby=meetings] tr', { hasText: 'Ministry of Home Affairs, Maseru' }).count() >= 1);
    assert.ok(await page.locator('section[aria-labelledby=actions] .badge.bad').count() >= 1, "the demo's overdue items are flagged");

    // Edited: an activity the plan does not have is named at its field, and what was typed is kept.
    await page.goto(meeting);
    await page.locator('#decisions').fill('Adopt the revised referral SOP\nMeet again next quarter');
    await page.locator('#action-1 input[name=x_activities]').fill('1.3.1, 9.9.9');
    await save(page);
    assert.match(await page.locator('#action-1 .field-error').innerText(), /The action plan has no activity 9\.9\.9\./);
    assert.match(await page.locator('div.problem[role=alert]').innerText(), /Action item 1: Plan activities/);
    assert.equal(await page.locator('#decisions').inputValue(), 'Adopt the revised referral SOP\nMeet again next quarter');
    await check(page, 'committee-field-error');
    await page.locator('#action-1 input[name=x_activities]').fill('1.3.1, 1.3.2');
    await save(page);
    assert.equal(page.url(), meeting);
    assert.equal(await page.locator('input[name=version]').inputValue(), '2');

    // The minutes, as a person downloads them.
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.locator('a[href$="/minutes.pdf"]').first().click()]);
    const path = await pdf.path();
    assert.equal(readFileSync(path).subarray(0, 5).toString(), '%PDF-');
    const minutes = execFileSync('pdftotext', [path, '-']).toString().replace(/\s+/g, ' ');
    for (const part of ['Minutes of the Multi-Sectoral Committee', held, 'Christian Council of Lesotho (guest)', 'Meet again next quarter', given.case, '1.3.1, 1.3.2', 'Page 1 of 1']) {
      assert.ok(minutes.includes(part), `${part} in the minutes: ${minutes}`);
    }
  } finally {
    await browser.close();
  }
});

test("a focal point reads the committees in Sesotho on a phone", { skip: !given.focal }, async () => {
  const browser = await launch();
  try {
    const page = await session(browser, { lang: 'st', viewport: PHONE });
    await signIn(page, given.focal);
    await page.goto(`${BASE}/committees`);
    assert.equal(await page.locator('h1').innerText(), 'Likomiti');
    assert.ok(await page.locator('section[aria-labelledby=meetings] tbody tr').count() >= 1);
    await check(page, 'committees-focal-st');
    // The MSC's meeting is read, not changed, by a district's focal point.
    const msc = page.locator('section[aria-labelledby=meetings] tr', { hasText: 'Komiti ea Makala a Mangata' }).first().locator('a').first();
    await Promise.all([page.waitForLoadState('load'), msc.click()]);
    assert.equal(await page.locator('form.stacked[method=post]').count(), 0);
    assert.ok(await page.locator('a[href$="/minutes.pdf"]').count() === 1);
    await check(page, 'committee-focal-st');
  } finally {
    await browser.close();
  }
});
