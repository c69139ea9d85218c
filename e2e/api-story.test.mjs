// The whole path of a case through the JSON API over HTTP, as the agencies' systems would drive it,
// each act by the role and organisation it belongs to: the police register the case, record the victim,
// the suspect and three events, refer the victim to a shelter and investigate; the shelter accepts the
// referral; the DPP decides, charges and obtains a conviction.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { totp } from './totp.mjs';

const BASE = process.env.BASE_URL ?? 'http://127.0.0.1:8080';
const api = (path) => `${BASE}/api/v1${path}`;
// The API token of a national coordinator who is also an administrator (made by e2e/run with the CLI),
// and those of the agencies: a police investigator, a shelter case worker, a DPP prosecutor.
const TOKEN = process.env.E2E_TOKEN;
const POLICE = { authorization: `Bearer ${process.env.E2E_POLICE_TOKEN}` };
const SHELTER = { authorization: `Bearer ${process.env.E2E_SHELTER_TOKEN}` };
const DPP = { authorization: `Bearer ${process.env.E2E_DPP_TOKEN}` };

async function call(method, path, body, headers = {}) {
  const res = await fetch(path.startsWith('http') ? path : api(path), {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = text; }
  return { status: res.status, etag: res.headers.get('etag'), json };
}

async function created(path, body, headers) {
  const r = await call('POST', path, body, headers);
  assert.equal(r.status, 201, `${path}: ${JSON.stringify(r.json)}`);
  return r;
}

const person = (first, gender = 'Feminine') => ({
  first_name: first, second_name: 'Synthetic', gender, birthdate: '1998-04-12', citizenship: ['LS'],
});

test('healthz answers when the database is reachable', async () => {
  const r = await call('GET', `${BASE}/healthz`);
  assert.equal(r.status, 200);
  assert.equal(r.json.status, 'ok');
  assert.equal(r.json.database, process.env.E2E_BACKEND ?? r.json.database);
});

test('without a credential nothing but health and the API description answers', async () => {
  for (const path of ['/cases', '/organisations', '/geography', '/audit']) {
    const res = await fetch(api(path));
    assert.equal(res.status, 401, path);
  }
  assert.equal((await fetch(api('/openapi.json'))).status, 200);
});

test('a person signs in with password and authenticator code, once per code', async () => {
  const body = { username: process.env.E2E_USER, password: process.env.E2E_PASSWORD, code: totp(process.env.E2E_TOTP_SECRET) };
  const res = await fetch(api('/session'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = await res.json();
  assert.equal(res.status, 201, JSON.stringify(json));
  assert.ok(json.actor.permissions.includes('write-cases'));
  const me = await call('GET', '/session', undefined, { authorization: `Bearer ${json.token}` });
  assert.equal(me.json.username, process.env.E2E_USER);
  const replay = await fetch(api('/session'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(replay.status, 401, 'a code is accepted once');
  const out = await call('DELETE', '/session', undefined, { authorization: `Bearer ${json.token}` });
  assert.equal(out.status, 204);
  assert.equal((await call('GET', '/session', undefined, { authorization: `Bearer ${json.token}` })).status, 401);
});

test('a case goes from border detection to conviction through the API', async () => {
  const orgs = (await call('GET', '/organisations')).json.items;
  const police = { json: orgs.find((o) => o.name === 'E2E Police Unit') };
  const shelter = { json: orgs.find((o) => o.name === 'E2E Shelter') };
  const kase = await created('/cases', {
    organisation: police.json.id, district: 'LS-C', detection_source: 'BorderPost',
    detected_on: '2026-09-01', port_of_entry: 'POE-MAPUTSOE-BRIDGE',
  }, POLICE);
  const number = kase.json.number;
  assert.match(number, /^LS-2026-\d{6}$/);
  const c = `/cases/${kase.json.id}`;

  const victim = await created(`${c}/victims`, {
    // Canaries in every sealed field: e2e/run checks that none reaches a log line.
    person: {
      ...person('Palesa-E2E-Canary'), middle_name: 'Middle-E2E-Canary', second_name: 'Second-E2E-Canary',
      identity_number: 'IDCANARY0042', phone: '+26658807711', email: 'e2e.canary@example.org',
      address: 'Canary-E2E Street 7',
    },
    context: {
      trafficking_status: 'ActualVictimOfTrafficking', status_decided_by: 'Police', identified_on: '2026-09-02',
      exploitation_types: ['ForcedLabour'], forced_labour_industry: 'T_ActivitiesOfHouseholdsAsEmployers',
      methods_of_control: ['WithholdsDocuments', 'DebtBondage'],
    },
  }, POLICE);
  const suspect = await created(`${c}/suspects`, {
    identity: { kind: 'individual', details: person('Thabo-E2E', 'Masculine') },
    roles: ['RecruiterOrIntermediary'],
  }, POLICE);
  for (const [event_type, country, extra] of [
    ['Recruitment', 'LS', { district: 'LS-C', city: 'Hlotse' }],
    ['Transit', 'LS', { port_of_entry: 'POE-MAPUTSOE-BRIDGE', date: '2026-06-01' }],
    ['Exploitation', 'ZA', { city: 'Welkom', description: 'Domestic work without pay' }],
  ]) {
    await created(`${c}/events`, { event_type, country, victim: victim.json.id, ...extra }, POLICE);
  }
  // A referral that names the victim needs her consent to services.
  await created(`${c}/consents`, {
    victim: victim.json.id, purpose: 'Services', given: true, recorded_on: '2026-09-02',
  }, POLICE);
  const referral = await created(`${c}/referrals`, {
    victim: victim.json.id, from_org: police.json.id, to_org: shelter.json.id, service: 'Shelter',
    reason: 'AdditionalServicesRequired', sent_on: '2026-09-02',
  }, POLICE);
  const move = `${c}/referrals/${referral.json.id}/actions`;
  // Only the shelter answers the referral: the police cannot accept it for them.
  const own = await call('POST', move, { action: 'accept', on: '2026-09-03' }, { ...POLICE, 'if-match': referral.etag });
  assert.equal(own.status, 403, JSON.stringify(own.json));
  const inbox = await call('GET', '/referrals?direction=incoming&state=Sent', undefined, SHELTER);
  assert.ok(inbox.json.items.some((r) => r.referral === referral.json.id), JSON.stringify(inbox.json));
  const accepted = await call('POST', move, { action: 'accept', on: '2026-09-03' }, { ...SHELTER, 'if-match': referral.etag });
  assert.equal(accepted.status, 200, JSON.stringify(accepted.json));
  assert.equal(accepted.json.state, 'Accepted');

  await created(`${c}/investigation`, {
    unit: 'AntiTraffickingUnit', organisation: police.json.id, investigator: 'Sgt. E2E',
    opened_on: '2026-09-03', docket_number: 'E2E/CR/1/2026',
  }, POLICE);
  // The prosecutor sees the case once the docket is referred to the DPP (a referral for investigation
  // support), opens the prosecution, decides to prosecute and obtains a conviction.
  const dppId = orgs.find((o) => o.name === 'Office of the Director of Public Prosecutions').id;
  await created(`${c}/referrals`, {
    from_org: police.json.id, to_org: dppId, service: 'Other', reason: 'AdditionalServicesRequired',
    details: 'Docket E2E/CR/1/2026 for a decision', sent_on: '2026-09-19',
  }, POLICE);
  const prosecution = await created(`${c}/prosecution`, {
    prosecutor: 'Adv. E2E', referred_on: '2026-09-20',
    charges: [{ accused: suspect.json.id, offence: 'TraffickingInPersons', filed_on: '2026-09-21' }],
  }, DPP);
  const decided = await call('PATCH', `${c}/prosecution`,
    { dpp_decision: { decision: 'Prosecute', on: '2026-09-22' } }, { ...DPP, 'if-match': prosecution.etag });
  assert.equal(decided.status, 200, JSON.stringify(decided.json));
  // A verdict needs the DPP's decision to prosecute, and only a prosecutor records it.
  // A police officer may not record the verdict; the prosecutor does.
  const wrong = await call('POST', `${c}/prosecution/verdicts`,
    { accused: suspect.json.id, outcome: 'Conviction', on: '2026-11-02' }, { ...POLICE, 'if-match': decided.etag });
  assert.equal(wrong.status, 403, JSON.stringify(wrong.json));
  const verdict = await call('POST', `${c}/prosecution/verdicts`,
    { accused: suspect.json.id, outcome: 'Conviction', on: '2026-11-02' }, { ...DPP, 'if-match': decided.etag });
  assert.equal(verdict.status, 201, JSON.stringify(verdict.json));

  const byNumber = await call('GET', `/cases/${number}`);
  assert.equal(byNumber.status, 200);
  const got = byNumber.json;
  assert.equal(byNumber.etag, `"${got.version}"`);
  assert.equal(got.victims.length, 1);
  assert.equal(got.suspects.length, 1);
  assert.equal(got.events.length, 3);
  assert.deepEqual(got.events.map((e) => e.event_type), ['Recruitment', 'Transit', 'Exploitation']);
  assert.equal(got.referrals[0].state, 'Accepted');
  assert.ok(got.acts.some((a) => a.act === 'transfer-case'), 'the coordinator may transfer it');
  assert.equal(got.investigation.docket_number, 'E2E/CR/1/2026');
  assert.equal(got.prosecution.verdicts[0].outcome, 'Conviction');
  const byId = await call('GET', c);
  assert.deepEqual(byId.json, got);

  // Optimistic concurrency: no If-Match is 428, a stale one 412, the current one 200.
  const change = { summary: 'Updated by the e2e test' };
  assert.equal((await call('PATCH', c, change, POLICE)).status, 428);
  assert.equal((await call('PATCH', c, change, { ...POLICE, 'if-match': '"1"' })).status, 412);
  const ok = await call('PATCH', c, change, { ...POLICE, 'if-match': byId.etag });
  assert.equal(ok.status, 200);
  assert.notEqual(ok.etag, byId.etag);
  assert.equal(ok.json.summary, change.summary, 'the summary (a sealed note) reads back');

  // The placeholder of a blanked value is never stored over the real one: sent back, it keeps it.
  const sealed = await call('PATCH', c, { summary: '[sealed]' }, { ...POLICE, 'if-match': ok.etag });
  assert.equal(sealed.status, 200);
  assert.equal(sealed.etag, ok.etag, 'nothing changed');
  assert.equal((await call('GET', c)).json.summary, change.summary);
});

test('bad input is refused with the field and the reason, and nothing is written', async () => {
  const before = await call('GET', '/cases?limit=1');
  const r = await call('POST', '/cases', {
    organisation: '00000000-0000-0000-0000-000000000000', district: 'LS-A', detection_source: 'Rumour',
    detected_on: '2026-01-01',
  });
  assert.equal(r.status, 422);
  assert.match(JSON.stringify(r.json.error.fields), /detection_source/);
  const after = await call('GET', '/cases?limit=1');
  assert.equal(after.json.total, before.json.total);
  assert.equal((await call('GET', '/cases/LS-1999-000001')).status, 404);
});
