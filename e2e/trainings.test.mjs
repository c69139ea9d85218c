// Trainings in the browser (issue 12): the national coordinator records a training of trainers in Leribe with
// its groups of participants, is told which group is wrong, asks for more rows without losing what was typed,
// then records a follow-up given by its graduates and sees the cascade, the year's totals and the TIP report's
// people trained by role and by sex; the trainings e2e/run imported through the CLI are listed. A Botha-Bothe
// focal point, on a phone in Sesotho, records one for its own office. Accounts from e2e/run (E2E_TRAININGS).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DESKTOP, PHONE, check, launch, session, signIn } from './browser.mjs';

const accounts = JSON.parse(process.env.E2E_TRAININGS ?? '{}');

/// The year's trainings line: trainings, people trained, certified, trainings of trainers.
async function summary(page) {
  await page.goto(`${BASE}/prevention?year=2025`);
  const text = await page.locator('#trainings').locator('..').innerText();
  const m = text.match(/(\d+) trainings in this year\. (\d[\d\s]*) people trained\. (\d[\d\s]*) certified\. (\d+) of them trainings of trainers\./);
  assert.ok(m, `the summary line in: ${text}`);
  return m.slice(1).map((n) => Number(n.replace(/\s/g, '')));
}

async function save(page) {
  await Promise.all([page.waitForLoadState('load'), page.locator('.actions button:not([name=more])').click()]);
}

/// Fills the n-th group of participants (from 1).
async function group(page, n, { role, sex, people, certified = '', district = '' }) {
  const g = page.locator(`#group-${n}`);
  await g.locator('select[name=g_role]').selectOption(role);
  await g.locator('select[name=g_sex]').selectOption(sex);
  await g.locator('input[name=g_people]').fill(people);
  await g.locator('input[name=g_certified]').fill(certified);
  if (district) await g.locator('select[name=g_district]').selectOption(district);
}

test('the coordinator records a training of trainers in Leribe and its follow-up, and finds them in the figures', { skip: !accounts.coordinator }, async () => {
  const browser = await launch();
  try {
    const page = await session(browser, { lang: 'en', viewport: DESKTOP });
    await signIn(page, accounts.coordinator);
    const [count, people, certified, tots] = await summary(page);
    const list = await page.locator('main').innerText();
    assert.match(list, /Trainers of Botha-Bothe/, 'the imported training is listed');
    assert.match(list, /Training of trainers: 1 trainings given next by its graduates/, 'the imported cascade');
    await page.locator('a[href="/prevention/trainings/new"]').click();
    await page.locator('#title').fill('Identifying victims: trainers of Leribe');
    await page.locator('#district').selectOption('LS-C');
    await page.locator('#started_on').fill('2025-10-06');
    await page.locator('#ended_on').fill('2025-10-08');
    await page.locator('input[name=of_trainers]').check();
    await group(page, 1, { role: 'Police', sex: 'Feminine', people: '12', certified: '12', district: 'LS-C' });
    await group(page, 2, { role: 'Police', sex: 'Masculine', people: '9', certified: '15', district: 'LS-C' });
    // More rows: nothing saved, nothing lost.
    await Promise.all([page.waitForLoadState('load'), page.locator('button[name=more]').click()]);
    assert.equal(await page.locator('#group-2 input[name=g_certified]').inputValue(), '15', 'kept as typed');
    assert.equal(await page.locator('fieldset.group').count(), 5, 'two groups and three blank rows');
    await group(page, 3, { role: 'Immigration', sex: 'Feminine', people: '3' });
    await save(page);
    // The bad group is named where it is.
    assert.match(await page.locator('#group-2 .field-error').innerText(), /must not be more than the people who took part/);
    assert.equal(await page.locator('#title').inputValue(), 'Identifying victims: trainers of Leribe', 'kept as typed');
    await page.locator('#group-2 input[name=g_certified]').fill('8');
    await save(page);
    assert.match(page.url(), /\/prevention#trainings$/);
    assert.deepEqual(await summary(page), [count + 1, people + 24, certified + 20, tots + 1]);
    // A follow-up in Berea, given by its graduates.
    await page.goto(`${BASE}/prevention/trainings/new`);
    await page.locator('#title').fill('Referral SOP for Berea police');
    await page.locator('#district').selectOption('LS-D');
    await page.locator('#started_on').fill('2025-11-03');
    const tot = page.locator('#trained_by option', { hasText: 'Identifying victims: trainers of Leribe' });
    await page.locator('#trained_by').selectOption(await tot.getAttribute('value'));
    await group(page, 1, { role: 'Police', sex: 'Masculine', people: '14', certified: '14', district: 'LS-D' });
    await save(page);
    assert.deepEqual(await summary(page), [count + 2, people + 38, certified + 34, tots + 1]);
    const row = page.locator('tr', { hasText: 'Identifying victims: trainers of Leribe' });
    assert.match(await row.innerText(), /Training of trainers: 1 trainings given next by its graduates/);
    await check(page, 'trainings-coordinator');
    // The TIP report, unsuppressed: people trained by what they do and by sex.
    await page.goto(`${BASE}/reports?period=tip-2025&level=unsuppressed`);
    assert.match(await page.locator('#prevention-trained_roles').innerText(), /Immigration and border officials\s+\d+/);
    assert.match(await page.locator('#prevention-trained_sexes').innerText(), /Female\s+\d+/);
    assert.match(await page.locator('#prevention-trainings').innerText(), /Leribe\s+\d+/);
  } finally {
    await browser.close();
  }
});

test('a focal point records its office\'s training on a phone in Sesotho', { skip: !accounts.focal }, async () => {
  const browser = await launch();
  try {
    const page = await session(browser, { lang: 'st', viewport: PHONE });
    await signIn(page, accounts.focal);
    await page.goto(`${BASE}/prevention/trainings/new`);
    await check(page, 'trainings-focal-new-st');
    const orgs = await page.locator('#organisation option').evaluateAll((os) => os.map((o) => o.textContent));
    assert.deepEqual(orgs, ['E2E Botha-Bothe Office'], 'its own office only');
    await page.locator('#title').fill('Thupelo ea marena a Butha-Buthe');
    await page.locator('#started_on').fill('2025-12-01');
    await group(page, 1, { role: 'CommunityLeaders', sex: 'Masculine', people: '18' });
    await group(page, 2, { role: 'CommunityLeaders', sex: 'Feminine', people: 'mashome' });
    await save(page);
    // Not a number: said in Sesotho, in its group.
    assert.ok((await page.locator('#group-2 .field-error').innerText()).length > 0, 'the group says what is wrong');
    await page.locator('#group-2 input[name=g_people]').fill('11');
    await save(page);
    assert.match(page.url(), /\/prevention#trainings$/);
    await page.goto(`${BASE}/prevention?year=2025`);
    assert.match(await page.locator('main').innerText(), /Thupelo ea marena a Butha-Buthe/);
    await check(page, 'trainings-focal-st');
  } finally {
    await browser.close();
  }
});
