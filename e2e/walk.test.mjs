// Every page each role reaches from its menu, on a 360-pixel phone in Sesotho and on a desktop in English:
// no error, <html lang> right, no horizontal scroll, no third-party request, axe-core clean, a screenshot
// each (target/e2e-screenshots/<backend>/). The accounts come from e2e/run (E2E_WALK, JSON).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DESKTOP, PHONE, check, launch, session, signIn, visit } from './browser.mjs';

const accounts = JSON.parse(process.env.E2E_WALK ?? '[]');

const WORDS = {
  en: { work: 'My work', signOut: 'Sign out' },
  st: { work: 'Mosebetsi oa ka', signOut: 'Tsoa' },
};

for (const [lang, viewport] of [['st', PHONE], ['en', DESKTOP]]) {
  for (const account of accounts) {
    test(`${account.role}: every page of the menu in ${lang} at ${viewport.width} px`, async () => {
      const browser = await launch();
      try {
        const page = await session(browser, { lang, viewport });
        await signIn(page, account);
        await check(page, `${account.role}-${lang}-${viewport.width}-landing`);
        const links = await page.locator('nav.menu.wide a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
        assert.ok(links.includes('/work'), `${account.role} has no "my work" in the menu: ${links}`);
        assert.match(await page.locator('nav.menu.wide').innerText(), new RegExp(WORDS[lang].work));
        for (const href of links) {
          const name = `${account.role}-${lang}-${viewport.width}${href.replace(/\//g, '-')}`;
          await visit(page, href, name);
        }
        if (links.includes('/cases')) {
          await page.goto(`${BASE}/cases`);
          const first = page.locator('main a[href^="/cases/"]').first();
          if (await first.count()) {
            const href = await first.getAttribute('href');
            await visit(page, href, `${account.role}-${lang}-${viewport.width}-case-file`);
          }
        }
        // The menu on a phone is a disclosure that opens.
        if (viewport.width === PHONE.width) {
          await page.goto(`${BASE}/work`);
          await page.locator('details.menu.narrow summary').click();
          assert.ok(await page.locator('details.menu.narrow a[href="/work"]').isVisible(), 'the phone menu opens');
          await check(page, `${account.role}-${lang}-${viewport.width}-menu-open`);
        }
        // The menu's sign-out (the account page, last in some menus, has one of its own).
        await page.locator('header form[action="/logout"] button').first().click();
        await page.waitForURL(/\/login$/);
        await check(page, `${account.role}-${lang}-${viewport.width}-signed-out`);
      } finally {
        await browser.close();
      }
    });
  }
}

test('the language follows the browser first, then the choice, which sticks', async () => {
  const browser = await launch();
  try {
    const page = await session(browser, { lang: 'st', viewport: PHONE });
    await page.goto(`${BASE}/login`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'st');
    assert.match(await page.locator('h1').innerText(), /Kena/);
    await check(page, 'login-st-360');
    page.lang = 'en';
    await Promise.all([page.waitForLoadState('load'), page.locator('form.lang button[value=en]').click()]);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.match(await page.locator('h1').innerText(), /Sign in/);
    await page.goto(`${BASE}/login`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en', 'the choice sticks over Accept-Language');
    await check(page, 'login-en-360');
  } finally {
    await browser.close();
  }
});

test('an unknown address is a page in the person\'s language, not JSON', async () => {
  const browser = await launch();
  try {
    const page = await session(browser, { lang: 'st', viewport: PHONE });
    const res = await page.goto(`${BASE}/no-such-page`);
    assert.equal(res.status(), 404);
    assert.match(await page.locator('h1').innerText(), /Ha e fumanehe/);
    await check(page, 'not-found-st-360');
  } finally {
    await browser.close();
  }
});

assert.ok(BASE);
