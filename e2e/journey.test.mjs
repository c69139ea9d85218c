// The scenarios through the pages alone, each act by the role and organisation that performs it
// (crates/lekhotla-identity/src/acts.rs), each person in a browser session of their own, signed in through
// the form; every page visited passes `check`. The accounts come from e2e/run (E2E_JOURNEY, JSON).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PHONE, check, launch, session, signIn, visit } from './browser.mjs';

const people = JSON.parse(process.env.E2E_JOURNEY ?? '{}');
const api = (path) => `${BASE}/api/v1${path}`;

/// Waits for the page that a click navigates to.
async function submit(page, button = 'main form.stacked button[type=submit]') {
  const invalid = await page.locator(button).first().evaluate((b) =>
    [...(b.form?.elements ?? [])].filter((e) => e.willValidate && !e.checkValidity()).map((e) => e.name));
  assert.deepEqual(invalid, [], `${page.url()}: fields the browser refuses to send`);
  const loaded = page.waitForEvent('load');
  await page.locator(button).first().click();
  await loaded;
}

/// The problems a form page shows, for a failure's message.
async function problems(page) {
  const texts = await page.locator('main .problem, main .field-error, main .notice').allInnerTexts();
  return `${page.url()}: ${texts.join(' | ') || (await page.locator('main').innerText()).slice(0, 600)}`;
}

/// Fills a form's fields by name: a select by value (or `{ label }`: the option whose text starts with it;
/// `{ first: true }`: the first real option), checkboxes and radios by value, anything else by typing.
async function fill(page, fields) {
  for (const [name, value] of Object.entries(fields)) {
    const field = page.locator(`main [name="${name}"]`).first();
    const kind = await field.evaluate((e) => `${e.tagName.toLowerCase()}:${e.type ?? ''}`);
    if (kind.startsWith('select')) {
      const wanted = typeof value === 'object' ? await field.evaluate((s, v) => {
        const options = [...s.options].filter((o) => o.value !== '');
        const found = v.first ? options[0] : options.find((o) => o.text.trim().startsWith(v.label));
        return found?.value;
      }, value) : value;
      assert.ok(wanted, `${page.url()}: no option ${JSON.stringify(value)} for ${name}`);
      await field.selectOption(wanted);
    } else if (kind.endsWith(':checkbox') || kind.endsWith(':radio')) {
      for (const v of [value].flat()) await page.locator(`main [name="${name}"][value="${v}"]`).check();
    } else {
      await field.fill(String(value));
    }
  }
}

/// Performs an act through its form at `path`: the form page passes the checks, the post leads to `next`
/// (the case file unless said otherwise), which passes them too.
async function act(page, path, name, fields, next) {
  await visit(page, path, name);
  await fill(page, fields);
  await submit(page);
  const want = next ?? path.replace(/^(\/cases\/[^/]+)\/.*$/, '$1');
  assert.equal(new URL(page.url()).pathname, want, `${name}: ${await problems(page)}`);
  await check(page, `${name}-done`);
}

/// A browser session of `who` (from E2E_JOURNEY), signed in through the form.
async function signedIn(browser, who, options) {
  const page = await session(browser, options);
  await signIn(page, people[who]);
  return page;
}

/// Records a person on the case through /cases/{number}/record-person, confirming past possible duplicates.
async function recordPerson(page, number, name, fields) {
  await visit(page, `/cases/${number}/record-person`, name);
  await fill(page, fields);
  await submit(page);
  if (/\/record-person$/.test(page.url()) && await page.locator('main button[name=confirm]').count()) {
    await check(page, `${name}-duplicates`);
    await fill(page, fields);
    await submit(page, 'main button[name=confirm]');
  }
  assert.doesNotMatch(page.url(), /\/record-person$/, `${name}: ${await problems(page)}`);
  await check(page, `${name}-done`);
}

/// Goes to `path`, which must answer 404 (the not-found page, which passes the checks).
async function missing(page, path, name, why) {
  const res = await page.goto(`${BASE}${path}`);
  assert.equal(res.status(), 404, why);
  await check(page, name);
}

/// The link (href) on the current page whose address matches `pattern`.
async function link(page, pattern, what) {
  const hrefs = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const href = hrefs.find((h) => pattern.test(h));
  assert.ok(href, `${what}: no link like ${pattern} on ${page.url()}: ${hrefs.join(' ')}`);
  return href;
}

test('a case from border detection to conviction through the pages alone, each act by the role that performs it',
  async () => {
    const browser = await launch();
    try {
      // The immigration officer at Caledonspoort records the detection, the victim and the screening.
      const officer = await signedIn(browser, 'immigration');
      await visit(officer, '/intake', 'journey-intake');
      await fill(officer, {
        detection_source: 'BorderPost', detected_on: '2026-09-01', district: 'LS-B',
        port_of_entry: 'POE-CALEDONSPOORT', summary: 'Journey: young woman held at the border with a false job offer',
      });
      await submit(officer, 'main form.stacked button[type=submit]');
      const [, number] = new URL(officer.url()).pathname.match(/^\/cases\/([^/]+)\/record-person$/) ?? [];
      assert.ok(number, `the detection was not registered: ${await problems(officer)}`);
      await check(officer, 'journey-registered');
      await recordPerson(officer, number, 'journey-victim', {
        role: 'victim', first_name: 'Mpho-Journey', second_name: 'Caledon-Journey', gender: 'Feminine',
        estimated_age: '24', identified_on: '2026-09-02',
      });
      assert.match(officer.url(), /\/decide-status\?victim=/, 'recording a victim leads to her screening');
      await officer.locator('main input[name=act]').first().check();
      await officer.locator('main input[name=means]').first().check();
      await officer.locator('main input[name=purpose]').first().check();
      await fill(officer, {
        trafficking_status: 'ActualVictimOfTrafficking', decided_by: 'NonPoliceGovernmentalOrganization',
        decided_on: '2026-09-02',
      });
      await submit(officer);
      assert.equal(new URL(officer.url()).pathname, `/cases/${number}`, `screening: ${await problems(officer)}`);
      await check(officer, 'journey-screened');

      // The Botha-Bothe focal point sees the case of its hub and refers it to the police.
      const focal = await signedIn(browser, 'focal');
      await visit(focal, `/cases/${number}`, 'journey-focal-case');
      await act(focal, `/cases/${number}/send-referral`, 'journey-refer-police', {
        to_org: { label: 'E2E Police Unit' }, service: 'Investigation', reason: 'AdditionalServicesRequired',
        sent_on: '2026-09-03',
      });

      // The police unit's investigator accepts it, records the suspect, investigates and sends the docket on.
      const police = await signedIn(browser, 'police');
      await visit(police, '/referrals?box=inbox', 'journey-police-inbox');
      const accept = await link(police, new RegExp(`^/cases/${number}/referrals/[^/]+/accept-referral$`), 'police inbox');
      await act(police, accept, 'journey-police-accept', { on: '2026-09-04' });
      await recordPerson(police, number, 'journey-suspect', {
        role: 'suspect', first_name: 'Teboho-Journey', second_name: 'Recruiter-Journey', gender: 'Masculine',
      });
      await act(police, `/cases/${number}/open-investigation`, 'journey-investigation', {
        unit: 'AntiTraffickingUnit', investigator: 'Sgt. Journey', opened_on: '2026-09-05',
        docket_number: 'J/CR/7/2026',
      });
      await act(police, `/cases/${number}/move-docket`, 'journey-docket', {
        to_custodian: 'Office of the DPP', on: '2026-09-10', reason: 'Investigation complete',
      });
      await act(police, `/cases/${number}/send-referral`, 'journey-refer-dpp', {
        to_org: { label: 'Office of the Director of Public Prosecutions' }, service: 'Other',
        reason: 'AdditionalServicesRequired', details: 'Docket J/CR/7/2026 for a decision', sent_on: '2026-09-11',
      });

      // The DPP's prosecutor, on a phone in Sesotho: the docket's referral, the prosecution to the sentence.
      const dpp = await signedIn(browser, 'prosecutor', { lang: 'st', viewport: PHONE });
      await visit(dpp, '/referrals?box=inbox', 'journey-dpp-inbox-st-360');
      const take = await link(dpp, new RegExp(`^/cases/${number}/referrals/[^/]+/accept-referral$`), 'DPP inbox');
      await act(dpp, take, 'journey-dpp-accept-st-360', { on: '2026-09-12' });
      const c = `/cases/${number}`;
      await act(dpp, `${c}/open-prosecution`, 'journey-prosecution-st-360', {
        prosecutor: 'Adv. Journey', referred_on: '2026-09-12', court: 'Botha-Bothe Magistrate Court',
      });
      await act(dpp, `${c}/dpp-decision`, 'journey-dpp-decision-st-360', { decision: 'Prosecute', on: '2026-09-13' });
      await act(dpp, `${c}/charge`, 'journey-charge-st-360', {
        accused: { first: true }, offence: 'TraffickingInPersons', statute: 'Anti-Trafficking in Persons Act 2011, s 5',
        counts: '1', filed_on: '2026-09-14',
      });
      await act(dpp, `${c}/record-hearing`, 'journey-hearing-st-360', { on: '2026-10-01', kind: 'Trial' });
      await act(dpp, `${c}/record-verdict`, 'journey-verdict-st-360', {
        accused: { first: true }, outcome: 'Conviction', on: '2026-11-02',
      });
      await act(dpp, `${c}/record-sentence`, 'journey-sentence-st-360', {
        accused: { first: true }, on: '2026-11-20', imprisonment_months: '120', fine_lsl: '0',
      });

      // The officer who detected it reads the whole story, in order, to the conviction and the sentence (the
      // docket's custodian and the people's names are sealed: blanked unless she steps up).
      await visit(officer, c, 'journey-story');
      const story = await officer.locator('main ol.timeline li strong').allInnerTexts();
      const steps = [
        /^Detected by Border post/, /identified as a victim/, /^Trafficking status of .* decided: Actual victim/,
        /^Referral for Investigation sent from E2E Botha-Bothe Office to E2E Police Unit/,
        /^E2E Police Unit accepted the referral/, /^Investigation opened by Anti-trafficking/,
        /^Docket moved to /, /^Referral for Other sent from E2E Police Unit to Office of the Director/,
        /accepted the referral for Other/, /^Docket sent to the prosecutor Adv\. Journey/,
        /^Decision of the DPP: Prosecute/, /charged: /, /^Hearing: Trial/, /^Verdict for .*: Convicted/,
        /^Sentence for .*: 120 months/,
      ];
      let at = -1;
      for (const step of steps) {
        const found = story.findIndex((line, i) => i > at && step.test(line));
        assert.ok(found > at, `the story lacks ${step} after entry ${at}: ${JSON.stringify(story)}`);
        at = found;
      }
    } finally {
      await browser.close();
    }
  });

test('a referral sent by the police and accepted by the shelter, each in its own browser session; the shelter '
  + 'loses the case when the referral closes', async () => {
  const browser = await launch();
  try {
    const police = await signedIn(browser, 'police2');
    await visit(police, '/intake', 'referral-intake');
    await fill(police, { detection_source: 'Police', detected_on: '2026-11-20', district: 'LS-C' });
    await submit(police);
    const [, number] = new URL(police.url()).pathname.match(/^\/cases\/([^/]+)\/record-person$/) ?? [];
    assert.ok(number, `the case was not registered: ${await problems(police)}`);
    const c = `/cases/${number}`;

    const shelter = await signedIn(browser, 'shelter');
    await missing(shelter, c, 'referral-shelter-before', 'the shelter does not see the case before the referral');

    await act(police, `${c}/send-referral`, 'referral-send', {
      to_org: { label: 'E2E Shelter' }, service: 'Shelter', reason: 'AdditionalServicesRequired', sent_on: '2026-11-21',
    });

    await visit(shelter, '/referrals?box=inbox', 'referral-shelter-inbox');
    assert.ok(await shelter.locator(`main a[href="${c}"]`).count(), `the shelter's inbox lists ${number}`);
    const accept = await link(shelter, new RegExp(`^${c}/referrals/[^/]+/accept-referral$`), 'shelter inbox');
    await act(shelter, accept, 'referral-accept', { on: '2026-11-22' });
    assert.match(await shelter.locator('h1').innerText(), new RegExp(number), 'the shelter opens the case');
    const deliver = await link(shelter, /\/deliver-referral$/, 'shelter case file');
    await act(shelter, deliver, 'referral-deliver', { on: '2026-11-23', note: 'Bed and counselling given' });

    // The police, who sent it, close it: the shelter's part ends, and with it the case.
    await visit(police, c, 'referral-police-case');
    const close = await link(police, /\/close-referral$/, 'police case file');
    await act(police, close, 'referral-close', { on: '2026-11-24' });
    await missing(shelter, c, 'referral-shelter-after', 'the shelter no longer sees the case');
  } finally {
    await browser.close();
  }
});

test('a Botha-Bothe focal point sees only its hub on the dashboard; a break-glass reveal with its reason appears on '
  + 'the auditor\'s page', async () => {
  const browser = await launch();
  try {
    const focal = await signedIn(browser, 'focal2');
    await visit(focal, '/dashboard', 'hub-dashboard');
    const districts = await focal.locator('main ul.dash-districts a').allInnerTexts();
    assert.deepEqual(districts.map((d) => d.trim()).sort(), ['Botha-Bothe', 'Mokhotlong']);
    const rows = await focal.locator('main figure.chart table tbody th[scope=row]').allInnerTexts();
    for (const row of rows) {
      assert.ok(!/Maseru|Leribe|Berea|Mafeteng|Quthing|Thaba-Tseka|Qacha|Mohale/.test(row), `dashboard row ${row}`);
    }

    // A demo case of Maseru, outside the hub (found through the coordinator's token, not the focal point's).
    const res = await fetch(api('/cases?district=LS-A&limit=5'), { headers: { authorization: `Bearer ${process.env.E2E_TOKEN}` } });
    assert.equal(res.status, 200);
    const [other] = (await res.json()).items;
    assert.ok(other, 'no demo case of Maseru');
    const c = `/cases/${other.number ?? other.id}`;
    await missing(focal, c, 'hub-outside', 'outside the hub');
    const reason = `a child from Botha-Bothe was moved to Maseru, journey ${Date.now()}, her history is needed tonight`;
    await act(focal, `${c}/break-glass`, 'hub-break-glass', { reason }, c);
    assert.match(await focal.locator('main').innerText(), new RegExp(reason.split(',')[0]));

    const auditor = await signedIn(browser, 'auditor');
    await visit(auditor, '/audit?action=break_glass', 'hub-audit');
    assert.match(await auditor.locator('main table').innerText(), new RegExp(`journey ${reason.match(/journey (\d+)/)[1]}`),
      'the reason is on the auditor\'s page');
  } finally {
    await browser.close();
  }
});
