// Why: the HTTP surface a user meets first: an offline playground (no CDN), health endpoints,
// and errors that never leak SQL or a stack trace.
import { createApp, App } from '../src/app';
import { loadConfig } from '../src/config';
import { createTestDatabase, TestDatabase, databaseLabel } from './helpers/database';

describe(`HTTP surface on ${databaseLabel()}`, () => {
  let db: TestDatabase;
  let app: App;
  let url: string;
  const logged: unknown[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createApp({ ...loadConfig({ LOG_LEVEL: 'silent' }), port: 0 }, { db, log: (e) => logged.push(e) });
    url = await app.listen();
  });
  afterAll(async () => {
    await app.close();
    await db.dispose();
  });

  it('serves the playground and all its assets from this server, with the Ooievaarspas examples', async () => {
    const res = await fetch(`${url}/playground`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(sources.length).toBeGreaterThanOrEqual(4);
    for (const src of sources) {
      expect(src.startsWith('/playground/assets/')).toBe(true);
      const asset = await fetch(`${url}${src}`);
      expect(asset.status).toBe(200);
      expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain('overdueCases');
    expect(html).toContain('openCaseLetters');
    expect(html).toContain('caseLeadTime');
  });

  it('sends a browser that opens /graphql to the playground', async () => {
    const res = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/playground');
  });

  it('answers liveness and readiness', async () => {
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', database: db.kind, primary: 'ok', read: 'ok' });
  });

  it('turns a GraphQL syntax error into BAD_USER_INPUT', async () => {
    const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ kpi(name: ' }) });
    const body = await res.json();
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].extensions.stacktrace).toBeUndefined();
  });

  it('hides a database fault behind INTERNAL_SERVER_ERROR: no SQL, no stack, logged on the server', async () => {
    await db.knex.raw('alter table case_intervals rename to case_intervals_away');
    try {
      const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ kpi(name: "openCases") { value } }' }) });
      const body = await res.json();
      expect(body.errors).toHaveLength(1);
      const [error] = body.errors;
      expect(error.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
      expect(JSON.stringify(body)).not.toMatch(/case_intervals|select|relation|\.ts:|at /i);
      expect(logged.length).toBe(1);
    } finally {
      await db.knex.raw('alter table case_intervals_away rename to case_intervals');
    }
  });
});

describe(`ingestEvents over HTTP on ${databaseLabel()}`, () => {
  let db: TestDatabase;
  let app: App;
  let url: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createApp({ ...loadConfig({ LOG_LEVEL: 'silent' }), port: 0 }, { db });
    url = await app.listen();
  });
  afterAll(async () => {
    await app.close();
    await db.dispose();
  });

  it('refuses text the database cannot store with the index and field, not a database error', async () => {
    const events = [
      { id: 'ok-1', type: 'case.created', caseId: 'ok', at: '2025-03-03T09:00:00+01:00', data: { caseType: 'ooievaarspas' } },
      { id: 'nul-1', type: 'case.created', caseId: 'nul', at: '2025-03-03T09:00:00+01:00', data: { caseType: 'ooievaarspas', reference: 'a\u0000b' } },
    ];
    const res = await fetch(`${url}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation($e: [CaseEventInput!]!) { ingestEvents(events: $e) { inserted } }', variables: { e: events } }),
    });
    const body = await res.json();
    expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'events[1].data.reference' });
    expect(body.errors[0].extensions.problems).toEqual([{ index: 1, id: 'nul-1', field: 'data.reference', message: expect.stringContaining('U+0000') }]);
    const stored = await db.knex('events').count<{ n: number | string }[]>({ n: '*' });
    expect(Number(stored[0].n)).toBe(0);
  });
});
