// Issue 9 (penetration test, medium): a blanked read written back must lose nothing. A token that may
// read and write cases but not sealed fields reads a victim blanked (every sealed field reads `[sealed]`),
// sends the whole victim back with the first name retyped, and a reader with `read-sealed` still finds
// every other identity field as it was. Changes are JSON merge patches (RFC 7396); an empty one changes
// nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';

const BASE = process.env.BASE_URL ?? 'http://127.0.0.1:8080';
const api = (path) => `${BASE}/api/v1${path}`;
// The police investigator's token (every scope of the role, `read-sealed` included) and a token of the
// same investigator scoped `read-cases,write-cases` only (both made by e2e/run with the CLI).
const POLICE = `Bearer ${process.env.E2E_POLICE_TOKEN}`;
const NARROW = `Bearer ${process.env.E2E_NARROW_TOKEN}`;
const SEALED_FIELDS = ['first_name', 'middle_name', 'second_name', 'birthdate', 'identity_number', 'phone', 'email',
  'address', 'home_phone', 'postal_code', 'latitude', 'longitude'];

async function call(method, path, body, { token = POLICE, type = 'application/json', ifMatch } = {}) {
  const headers = { authorization: token };
  if (body !== undefined) headers['content-type'] = type;
  if (ifMatch) headers['if-match'] = ifMatch;
  const res = await fetch(api(path), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = text; }
  return { status: res.status, etag: res.headers.get('etag'), sealed: res.headers.get('x-lekhotla-sealed'), json, text };
}

test('a blanked victim written back keeps every sealed field', async () => {
  assert.ok(process.env.E2E_NARROW_TOKEN, 'e2e/run makes E2E_NARROW_TOKEN');
  const orgs = (await call('GET', '/organisations')).json.items;
  const police = orgs.find((o) => o.name === 'E2E Police Unit');
  const kase = await call('POST', '/cases', {
    organisation: police.id, district: 'LS-C', detection_source: 'BorderPost', detected_on: '2026-09-10',
  });
  assert.equal(kase.status, 201, kase.text);
  const c = `/cases/${kase.json.id}`;
  const victim = await call('POST', `${c}/victims`, {
    person: {
      first_name: 'Writeback-E2E-Canary', middle_name: 'Middle-E2E-Canary', second_name: 'Second-E2E-Canary',
      gender: 'Feminine', birthdate: '1997-07-07', citizenship: ['LS'], identity_number: 'IDCANARY0042',
      phone: '+26658807711', email: 'e2e.canary@example.org', address: 'Canary-E2E Street 9',
    },
    context: { trafficking_status: 'ActualVictimOfTrafficking', status_decided_by: 'Police', identified_on: '2026-09-10' },
  });
  assert.equal(victim.status, 201, victim.text);
  const before = (await call('GET', c)).json.victims[0];

  const blanked = await call('GET', c, undefined, { token: NARROW });
  assert.equal(blanked.status, 200, blanked.text);
  assert.equal(blanked.sealed, 'not-allowed');
  const shown = blanked.json.victims[0];
  for (const field of SEALED_FIELDS) assert.equal(shown.person[field], '[sealed]', field);
  assert.ok(!blanked.text.includes('E2E-Canary') && !blanked.text.includes('IDCANARY'), 'nothing sealed shows');

  // The whole victim as read, the first name retyped.
  const back = { person: { ...shown.person, first_name: 'Retyped-E2E-Canary' }, context: shown.context };
  const path = `${c}/victims/${victim.json.id}`;
  const written = await call('PATCH', path, back, { token: NARROW, ifMatch: victim.etag });
  assert.equal(written.status, 200, written.text);
  assert.equal(written.sealed, 'not-allowed');
  assert.ok(!written.text.includes('E2E-Canary'), 'the answer is blanked like the read');

  const after = (await call('GET', c)).json.victims[0];
  assert.equal(after.person.first_name, 'Retyped-E2E-Canary');
  for (const field of SEALED_FIELDS.filter((f) => f !== 'first_name')) {
    assert.deepEqual(after.person[field], before.person[field], `${field} was kept`);
  }
  assert.deepEqual(after.context, before.context);

  // A merge patch of one member changes that member only; an empty one changes nothing.
  const one = await call('PATCH', path, { person: { phone: '+26658807712' } },
    { type: 'application/merge-patch+json', ifMatch: written.etag });
  assert.equal(one.status, 200, one.text);
  const patched = (await call('GET', c)).json.victims[0];
  assert.equal(patched.person.phone, '+26658807712');
  assert.equal(patched.person.identity_number, before.person.identity_number);
  const none = await call('PATCH', path, {}, { type: 'application/merge-patch+json', ifMatch: one.etag });
  assert.equal(none.status, 200, none.text);
  assert.equal(none.etag, one.etag, 'no new version');
  const weak = await call('PATCH', path, { person: { phone: '+26658807713' } }, { ifMatch: `W/${one.etag}` });
  assert.equal(weak.status, 412, 'a weak ETag never matches');
});
