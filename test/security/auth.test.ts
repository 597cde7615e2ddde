// Why: issue "security": only verified callers get answers, each sees only the processes its roles
// grant (FORBIDDEN, never a silently emptied answer), and sending events needs its own permission.
// Tokens are made here with keys the test generates; the OIDC mode fetches them from a JWKS
// server on loopback, as it would from Keycloak.
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, KeyLike } from 'jose';
import { createHarness, Harness } from '../helpers/harness';
import { databaseLabel } from '../helpers/database';
import { loadConfig } from '../../src/config';

const SECRET = 'a-test-secret-of-at-least-32-characters!!';
const PERMISSIONS = JSON.stringify({
  roles: {
    'lezer-op': { read: ['ooievaarspas'] },
    'lezer-alles': { read: ['*'] },
    koppeling: { ingest: true },
  },
});

const events = [
  { id: 'op-1', type: 'case.created', caseId: 'op-1', at: '2025-03-03T09:00:00+01:00', data: { caseType: 'ooievaarspas' } },
  { id: 'op-2', type: 'case.created', caseId: 'op-2', at: '2025-03-04T09:00:00+01:00', data: { caseType: 'ooievaarspas' } },
  { id: 'pv-1', type: 'case.created', caseId: 'pv-1', at: '2025-03-03T09:00:00+01:00', data: { caseType: 'parkeervergunning' } },
];
const AS_OF = '2025-03-10T12:00:00Z';

async function post(h: Harness, query: string, token?: string, variables?: Record<string, unknown>) {
  const res = await fetch(`${h.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: await res.json() };
}

describe(`HS256 tokens and permissions on ${databaseLabel()}`, () => {
  let h: Harness;
  const key = new TextEncoder().encode(SECRET);
  const token = (roles: string[], claims: Record<string, unknown> = {}, expiresIn = '5m', signWith = key) =>
    new SignJWT({ realm_access: { roles }, ...claims }).setProtectedHeader({ alg: 'HS256' }).setSubject('user-1').setIssuedAt().setExpirationTime(expiresIn).sign(signWith);

  beforeAll(async () => {
    h = await createHarness({ env: { AUTH_MODE: 'hs256', AUTH_HS256_SECRET: SECRET, PERMISSIONS } });
    await post(h, 'mutation($e: [CaseEventInput!]!) { ingestEvents(events: $e) { inserted } }', await token(['koppeling']), { e: events });
  });
  afterAll(async () => { await h.close(); });

  it('refuses a request without a token with UNAUTHENTICATED and HTTP 401', async () => {
    const r = await post(h, '{ caseTypes { key } }');
    expect(r.status).toBe(401);
    expect(r.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an expired token, a token signed with another secret, and a malformed header', async () => {
    const expired = await token(['lezer-alles'], {}, '-1m');
    const forged = await token(['lezer-alles'], {}, '5m', new TextEncoder().encode('another-secret-of-at-least-32-characters'));
    for (const t of [expired, forged, 'not-a-jwt']) {
      const r = await post(h, '{ caseTypes { key } }', t);
      expect(r.status).toBe(401);
      expect(r.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    expect((await post(h, '{ caseTypes { key } }', expired)).body.errors[0].message).toMatch(/expired/);
  });

  it('scopes a KPI without caseTypes to the processes the caller may read', async () => {
    const reader = await token(['lezer-op']);
    const r = await post(h, `{ kpi(name: "openCases", dimensions: { asOf: "${AS_OF}" }) { value } }`, reader);
    expect(r.body.data.kpi.value).toBe(2); // op-1 and op-2; pv-1 is not readable
    const all = await post(h, `{ kpi(name: "openCases", dimensions: { asOf: "${AS_OF}" }) { value } }`, await token(['lezer-alles']));
    expect(all.body.data.kpi.value).toBe(3);
    // Asked again (whole results are cached per caller): each still gets its own answer.
    for (const [roles, value] of [[['lezer-op'], 2], [['lezer-alles'], 3], [['lezer-op'], 2]] as const) {
      const again = await post(h, `{ kpi(name: "openCases", dimensions: { asOf: "${AS_OF}" }) { value } }`, await token([...roles]));
      expect(again.body.data.kpi.value).toBe(value);
    }
  });

  it('answers FORBIDDEN, never an empty answer, for a process the caller may not read', async () => {
    const reader = await token(['lezer-op']);
    const r = await post(h, `{ kpi(name: "openCases", dimensions: { caseTypes: ["parkeervergunning"], asOf: "${AS_OF}" }) { value } }`, reader);
    expect(r.body.data).toBeNull();
    expect(r.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'dimensions.caseTypes' });
    const d = await post(h, '{ dashboard(key: "parkeervergunning") { widgets { widget { key } } } }', reader);
    expect(d.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const c = await post(h, '{ case(id: "pv-1") { id } }', reader);
    expect(c.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('lists only the readable processes, dashboards and KPIs', async () => {
    const reader = await token(['lezer-op']);
    const r = await post(h, '{ caseTypes { key } dashboards { key } kpis { name caseTypes } }', reader);
    expect(r.body.data.caseTypes).toEqual([{ key: 'ooievaarspas' }]);
    expect(r.body.data.dashboards).toEqual([{ key: 'ooievaarspas' }]);
    for (const k of r.body.data.kpis) expect(k.caseTypes).toEqual(['ooievaarspas']);
  });

  it('gives a caller without any grant nothing to read', async () => {
    const nobody = await token(['onbekende-rol']);
    const r = await post(h, `{ kpi(name: "openCases", dimensions: { asOf: "${AS_OF}" }) { value } }`, nobody);
    expect(r.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await post(h, '{ caseTypes { key } }', nobody)).body.data.caseTypes).toEqual([]);
  });

  it('lets only callers with the ingest permission send events', async () => {
    const e = [{ id: 'op-3', type: 'case.created', caseId: 'op-3', at: '2025-03-05T09:00:00+01:00', data: { caseType: 'ooievaarspas' } }];
    const denied = await post(h, 'mutation($e: [CaseEventInput!]!) { ingestEvents(events: $e) { inserted } }', await token(['lezer-alles']), { e });
    expect(denied.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const allowed = await post(h, 'mutation($e: [CaseEventInput!]!) { ingestEvents(events: $e) { inserted } }', await token(['koppeling']), { e });
    expect(allowed.body.data.ingestEvents.inserted).toBe(1);
  });
});

describe(`OpenID Connect tokens verified through a JWKS on loopback (${databaseLabel()})`, () => {
  let h: Harness;
  let jwks: http.Server;
  let issuer: string;
  let privateKey: KeyLike;
  let strangerKey: KeyLike;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    strangerKey = (await generateKeyPair('RS256')).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwks = http.createServer((req, res) => {
      if (req.url === '/realms/gemeente/protocol/openid-connect/certs') {
        res.setHeader('content-type', 'application/json');
        return void res.end(JSON.stringify({ keys: [jwk] }));
      }
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', () => r()));
    issuer = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/realms/gemeente`;
    h = await createHarness({ env: { AUTH_MODE: 'oidc', OIDC_ISSUER: issuer, OIDC_AUDIENCE: 'stuurinfo', PERMISSIONS } });
  });
  afterAll(async () => {
    await h.close();
    await new Promise((r) => jwks.close(r));
  });

  const sign = (key: KeyLike, claims: { iss?: string; aud?: string; groups?: string[] }) =>
    new SignJWT({ groups: claims.groups ?? ['/afdeling/lezer-op'] }).setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(claims.iss ?? issuer).setAudience(claims.aud ?? 'stuurinfo').setSubject('ambtenaar-7').setIssuedAt().setExpirationTime('5m').sign(key);

  it('accepts a token signed by the issuer, mapping a Keycloak group path to its permission', async () => {
    const r = await post(h, '{ caseTypes { key } }', await sign(privateKey, {}));
    expect(r.status).toBe(200);
    expect(r.body.data.caseTypes).toEqual([{ key: 'ooievaarspas' }]);
  });

  it('refuses a token signed by another key, for another audience, or from another issuer', async () => {
    for (const t of [
      await sign(strangerKey, {}),
      await sign(privateKey, { aud: 'een-andere-app' }),
      await sign(privateKey, { iss: 'http://127.0.0.1:1/realms/nep' }),
    ]) {
      const r = await post(h, '{ caseTypes { key } }', t);
      expect(r.status).toBe(401);
      expect(r.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });
});

describe('authentication configuration', () => {
  it('refuses to run without authentication in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', AUTH_MODE: 'off' })).toThrow(/refused when NODE_ENV=production/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_MODE must be set in production/);
  });
  it('needs issuer and audience for OIDC and a long secret for HS256', () => {
    expect(() => loadConfig({ AUTH_MODE: 'oidc', OIDC_AUDIENCE: 'x', PERMISSIONS })).toThrow(/OIDC_ISSUER/);
    expect(() => loadConfig({ AUTH_MODE: 'hs256', AUTH_HS256_SECRET: 'short', PERMISSIONS })).toThrow(/at least 32 characters/);
  });
  it('refuses a permission file that names a process that does not exist', () => {
    expect(() => loadConfig({ AUTH_MODE: 'hs256', AUTH_HS256_SECRET: SECRET, PERMISSIONS: JSON.stringify({ roles: { x: { read: ['bestaat_niet'] } } }) }))
      .toThrow(/"bestaat_niet" is not a configured process/);
  });
  it('turns introspection and the playground off in production unless switched on', () => {
    const prod = loadConfig({ NODE_ENV: 'production', AUTH_MODE: 'hs256', AUTH_HS256_SECRET: SECRET, PERMISSIONS });
    expect(prod.introspection).toBe(false);
    expect(prod.playground).toBe(false);
    expect(prod.privacy.minGroupSize).toBe(5);
    const on = loadConfig({ NODE_ENV: 'production', AUTH_MODE: 'hs256', AUTH_HS256_SECRET: SECRET, PERMISSIONS, PLAYGROUND: 'true' });
    expect(on.playground).toBe(true);
    expect(on.introspection).toBe(true);
  });
});
