// Break-glass with a narrow token (issue 9): a shelter worker's token scoped `read-cases,break-glass` (no
// read-sealed) breaks the glass on a case outside its scope and reads it blanked; the grant admits no other
// credential of the same person (another token, the browser session); the reason must name a purpose in
// words; a person gets at most 3 grants an hour (429 with Retry-After), the third in a day alerts the
// national coordinator, whose review is paged and who can revoke a grant.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { totp } from './totp.mjs';

const BASE = process.env.BASE_URL ?? 'http://127.0.0.1:8080';
const api = (path) => `${BASE}/api/v1${path}`;
const COORDINATOR = `Bearer ${process.env.E2E_TOKEN}`;
const GLASS = `Bearer ${process.env.E2E_GLASS_TOKEN}`;
const SECOND = `Bearer ${process.env.E2E_GLASS_TOKEN2}`;
const REASON = 'victim arrived at our shelter at night, injured, needs her referral history';

async function call(method, path, authorization, body) {
  const res = await fetch(api(path), {
    method,
    headers: { 'content-type': 'application/json', authorization },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = text; }
  return { status: res.status, headers: res.headers, text, json };
}

const breakGlass = (id, reason, who = GLASS) => call('POST', `/cases/${id}/break-glass`, who, { reason });

// Demo cases with victims, read in full by the coordinator (whose token may read sealed fields).
async function casesWithVictims(n) {
  const list = await call('GET', '/cases?limit=60', COORDINATOR);
  assert.equal(list.status, 200, list.text);
  const found = [];
  for (const item of list.json.items) {
    const full = await call('GET', `/cases/${item.id}`, COORDINATOR);
    if (full.json.victims?.length) found.push(full.json);
    if (found.length === n) return found;
  }
  throw new Error(`fewer than ${n} demo cases with victims`);
}

test('a narrow token breaks the glass, reads blanked, and only it is admitted; the rate and the review hold', async () => {
  const [kase, second, third, fourth] = await casesWithVictims(4);
  const path = `/cases/${kase.id}`;
  assert.equal((await call('GET', path, GLASS)).status, 404, 'outside the shelter worker\'s scope');

  // The reason is a purpose in words, not characters.
  for (const bad of ['aaaaaaaaaaaaaaa', 'test test test test test']) {
    const r = await breakGlass(kase.id, bad);
    assert.equal(r.status, 422, `${bad}: ${r.text}`);
    assert.equal(r.json.error.fields[0].field, 'reason');
  }

  const grant = await breakGlass(kase.id, REASON);
  assert.equal(grant.status, 201, grant.text);
  const read = await call('GET', path, GLASS);
  assert.equal(read.status, 200, read.text);
  assert.equal(read.headers.get('x-lekhotla-sealed'), 'not-allowed');
  for (const v of read.json.victims) assert.equal(v.person.first_name, '[sealed]');
  for (const v of kase.victims) {
    assert.ok(!read.text.includes(v.person.first_name), 'no sealed name reaches the narrow token');
  }

  // Bound to the credential that asked: not another token of the same person, not their browser session.
  assert.equal((await call('GET', path, SECOND)).status, 404, 'another token');
  const body = { username: process.env.E2E_GLASS_USER, password: process.env.E2E_PASSWORD, code: totp(process.env.E2E_GLASS_TOTP_SECRET) };
  const signed = await fetch(api('/session'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const session = await signed.json();
  assert.equal(signed.status, 201, JSON.stringify(session));
  assert.equal((await call('GET', path, `Bearer ${session.token}`)).status, 404, 'the browser session');

  // The rate: three grants an hour; the third in a day alerts the coordinator; the fourth waits.
  assert.equal((await breakGlass(second.id, REASON)).status, 201);
  const unusual = await breakGlass(third.id, REASON);
  assert.equal(unusual.status, 201, unusual.text);
  assert.match(unusual.json.unusual, /within 24 hours/);
  const limited = await breakGlass(fourth.id, REASON);
  assert.equal(limited.status, 429, limited.text);
  const wait = Number(limited.headers.get('retry-after'));
  assert.ok(wait > 3500 && wait <= 3600, `Retry-After: ${wait}`);
  assert.equal((await call('GET', `/cases/${fourth.id}`, GLASS)).status, 404, 'a refused grant opens nothing');

  // The coordinator's review: paged, the unusual grant flagged; a revoked grant admits no longer.
  const review = await call('GET', '/break-glass?unusual=true&limit=1', COORDINATOR);
  assert.equal(review.status, 200, review.text);
  assert.equal(review.json.items.length, 1);
  assert.ok(review.json.total >= 1);
  const flagged = (await call('GET', '/break-glass?unusual=true&limit=200', COORDINATOR)).json.items;
  const mine = flagged.find((g) => g.id === unusual.json.id);
  assert.ok(mine, 'the unusual grant is flagged in the review');
  assert.equal(mine.credential.split('/')[0], 'token');
  const revoked = await call('POST', `/break-glass/${grant.json.id}/revoke`, COORDINATOR);
  assert.equal(revoked.status, 200, revoked.text);
  assert.equal(revoked.json.live, false);
  assert.equal((await call('GET', path, GLASS)).status, 404, 'revoked');
});
