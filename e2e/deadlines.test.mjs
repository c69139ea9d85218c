// Referral deadlines in the browser (issue 12): a Mafeteng focal point, on a phone in Sesotho, finds the
// referrals past their deadline of its hub in "My work", each of them in the daily digest e2e/run sent through
// the CLI to a local SMTP sink, in Sesotho, with the case linked; the national coordinator sees the escalated
// ones, reads the response times by organisation and district, and changes a deadline (a bad value named at its
// field, nothing saved; then saved) and sets its own digest address on the account page, which e2e/run then
// finds in the digest. Accounts and the sink's file from e2e/run (E2E_DEADLINES).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BASE, DESKTOP, PHONE, check, launch, session, signIn } from './browser.mjs';

const given = JSON.parse(process.env.E2E_DEADLINES ?? '{}');

/// The case numbers of a section of "My work".
async function overdueOnWork(page) {
  await page.goto(`${BASE}/work`);
  const section = page.locator('#work-overdue');
  return section.locator('a[href^="/cases/LS-"]').allInnerTexts();
}

test('a focal point finds its hub\'s overdue referrals in My work and in its Sesotho digest', { skip: !given.focal }, async () => {
  const browser = await launch();
  try {
    const page = await session(browser, { lang: 'st', viewport: PHONE });
    await signIn(page, given.focal);
    const listed = await overdueOnWork(page);
    assert.ok(listed.length > 0, 'the demo has referrals past their deadline in the hub');
    await check(page, 'work-overdue-focal-st');
    const mails = readFileSync(given.mails, 'utf8').split('----- end of message -----');
    const mine = mails.find((m) => m.includes('To: focal.mafeteng@example.org'));
    assert.ok(mine, 'the focal point got a digest');
    assert.match(mine, /Lumela\. Litšupiso tsena tse \d+ li fetile nako ea tsona/);
    for (const number of listed) {
      assert.ok(mine.includes(`http://lekhotla.test/cases/${number}`), `${number} is in the digest`);
    }
    await page.goto(`${BASE}/referrals/deadlines`);
    const rows = await page.locator('#overdue-table tbody th a').allInnerTexts();
    for (const number of listed) assert.ok(rows.includes(number), `${number} is on the deadlines page`);
    assert.equal(await page.locator('#deadline-table input').count(), 0, 'only the coordinator sets deadlines');
    await check(page, 'deadlines-focal-st');
    // The account page shows the address set through the CLI, and refuses a bad one in Sesotho.
    await page.goto(`${BASE}/account`);
    assert.equal(await page.locator('#digest-email').inputValue(), 'focal.mafeteng@example.org');
    assert.equal(await page.locator('#digest-language').inputValue(), 'st');
    await page.locator('#digest-email').fill('focal mafeteng');
    await Promise.all([page.waitForLoadState('load'), page.locator('form[action="/account/digest"] button:not([name])').click()]);
    assert.match(await page.locator('#digest-email-error').innerText(), /^Hase aterese ea lengolo-tsoibila:/);
    await check(page, 'account-digest-focal-st');
    await page.goto(`${BASE}/account`);
    assert.equal(await page.locator('#digest-email').inputValue(), 'focal.mafeteng@example.org', 'nothing was changed');
  } finally {
    await browser.close();
  }
});

test('the coordinator sees the escalated referrals and the response times, and changes a deadline', { skip: !given.coordinator }, async () => {
  const browser = await launch();
  try {
    const page = await session(browser, { lang: 'en', viewport: DESKTOP });
    await signIn(page, given.coordinator);
    const listed = await overdueOnWork(page);
    assert.ok(listed.length > 0, 'escalated referrals reach the coordinator');
    assert.match(await page.locator('#work-overdue').innerText(), /escalated: past twice its deadline/);
    await page.goto(`${BASE}/referrals/deadlines`);
    const total = await page.locator('#times-total').innerText();
    const m = total.match(/^(\d+) referrals sent, (\d+) answered, (\d+) of them by their deadline; (\d+) waiting past it\.$/);
    assert.ok(m, total);
    const [sent, answered, onTime] = m.slice(1).map(Number);
    assert.ok(sent > 0 && answered <= sent && onTime <= answered, total);
    // The organisations' lines add up to the total.
    const bySent = (await page.locator('#times-org tbody tr td:nth-of-type(1)').allInnerTexts()).map(Number);
    assert.equal(bySent.reduce((a, b) => a + b, 0), sent);
    await check(page, 'deadlines-coordinator');
    // A child's deadline longer than the adult's: named at the field, nothing saved.
    await page.locator('#c_Counselling').fill('9');
    await Promise.all([page.waitForLoadState('load'), page.locator('form.deadlines button[type=submit]').click()]);
    assert.match(await page.locator('#deadline-table tr', { hasText: 'Counselling' }).locator('.field-error').innerText(), /not be longer than the adult/);
    await page.goto(`${BASE}/referrals/deadlines`);
    assert.equal(await page.locator('#c_Counselling').inputValue(), '3');
    await page.locator('#a_Counselling').fill('6');
    await Promise.all([page.waitForLoadState('load'), page.locator('form.deadlines button[type=submit]').click()]);
    assert.match(page.url(), /\/referrals\/deadlines#deadlines$/);
    assert.equal(await page.locator('#a_Counselling').inputValue(), '6');
    // The coordinator's own digest address, set on the account page (e2e/run then finds it in the digest).
    await page.goto(`${BASE}/account`);
    await page.locator('#digest-email').fill('coordinator.national@example.org');
    await page.locator('#digest-language').selectOption('en');
    await Promise.all([page.waitForLoadState('load'), page.locator('form[action="/account/digest"] button:not([name])').click()]);
    assert.equal(await page.locator('section[aria-labelledby=digest] [role=status]').innerText(), 'Your digest address is saved.');
    await check(page, 'account-digest-coordinator');
  } finally {
    await browser.close();
  }
});
