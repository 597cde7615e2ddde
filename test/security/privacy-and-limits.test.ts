// Why: per-person figures only where a deployment allows them and groups are large enough; limits
// on the shape and size of every request; and a request log that says what happened without ever
// holding a token.
import { Writable } from 'node:stream';
import pino from 'pino';
import { createHarness, Harness } from '../helpers/harness';
import { createTestDatabase, databaseLabel } from '../helpers/database';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';

const AS_OF = '2025-03-20T12:00:00Z';
const created = (i: number, assignee: string) => [
  { id: `c${i}`, type: 'case.created', caseId: `case-${i}`, at: `2025-03-0${1 + (i % 9)}T09:00:00+01:00`, data: { caseType: 'ooievaarspas' } },
  { id: `a${i}`, type: 'case.assigned', caseId: `case-${i}`, at: '2025-03-10T09:00:00+01:00', data: { assignee, role: 'behandelaar' } },
];
// anna 4 cases, bram 3, carla 1, daan 1: with a minimum of 3, carla and daan are "other" (2 people, 2 cases).
const EVENTS = [
  ...[1, 2, 3, 4].flatMap((i) => created(i, 'anna')),
  ...[5, 6, 7].flatMap((i) => created(i, 'bram')),
  ...created(8, 'carla'),
  ...created(9, 'daan'),
];

describe(`privacy guard on ${databaseLabel()}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ env: { PRIVACY_MIN_GROUP_SIZE: '3' } });
    await h.ingest(EVENTS);
  });
  afterAll(async () => { await h.close(); });

  it('merges per-person groups below the minimum into "other"', async () => {
    const r = await h.kpi('openCases', { asOf: AS_OF, groupBy: ['ASSIGNEE'] });
    const byKey = Object.fromEntries(r.points.map((p) => [p.groups[0].key, [p.value, p.groups[0].label]]));
    expect(byKey).toEqual({ anna: [4, 'anna'], bram: [3, 'bram'], __other__: [2, 'Overige medewerkers'] });
    expect(r.value).toBe(9);
  });

  it('weights a mean in "other" by its cases', async () => {
    const r = await h.kpi('caseLeadTime', { asOf: AS_OF, groupBy: ['ASSIGNEE'] });
    // carla: case-8 created 9 Mar → 11 days on 20 Mar; daan: case-9 created 1 Mar → 19 days. Other: (11 + 19) / 2 = 15.
    const other = r.points.find((p) => p.groups[0].key === '__other__');
    expect(other?.value).toBe(15);
  });

  it('refuses a filter on one person below the minimum, and answers one above it', async () => {
    const r = await h.gql(`{ kpi(name: "openCases", dimensions: { asOf: "${AS_OF}", assignees: ["carla"] }) { value } }`);
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'dimensions.assignees' });
    expect((await h.kpi('openCases', { asOf: AS_OF, assignees: ['anna'] })).value).toBe(4);
  });
});

describe(`per-person figures switched off (${databaseLabel()})`, () => {
  let h: Harness;
  beforeAll(async () => { h = await createHarness({ env: { ASSIGNEE_DIMENSION: 'false' } }); });
  afterAll(async () => { await h.close(); });

  it('refuses grouping and filtering by civil servant', async () => {
    const g = await h.gql('{ kpi(name: "openCases", dimensions: { groupBy: [ASSIGNEE] }) { value } }');
    expect(g.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'dimensions.groupBy' });
    const f = await h.gql('{ kpi(name: "openCases", dimensions: { assignees: ["anna"] }) { value } }');
    expect(f.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'dimensions.assignees' });
    expect((await h.kpi('openCases', { groupBy: ['ROLE'] })).value).toBe(0);
  });
});

describe(`request limits on ${databaseLabel()}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ env: { MAX_QUERY_DEPTH: '6', MAX_KPI_FIELDS: '5', MAX_BODY_BYTES: '20000', MAX_POINTS: '50' } });
  });
  afterAll(async () => { await h.close(); });

  it('refuses a query nested deeper than the limit', async () => {
    const r = await h.gql('{ __schema { types { fields { type { ofType { ofType { name } } } } } } }');
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query' });
    expect(r.errors?.[0].message).toMatch(/levels deep; at most 6/);
  });

  it('refuses more kpi fields (aliases) than the limit', async () => {
    const fields = Array.from({ length: 6 }, (_, i) => `k${i}: kpi(name: "openCases") { value }`).join(' ');
    const r = await h.gql(`{ ${fields} }`);
    expect(r.errors?.[0].message).toMatch(/asks 6 kpi\/dashboard\/case fields; at most 5/);
    const ok = await h.gql(`{ ${fields.split(' k5')[0]} }`);
    expect(ok.errors).toBeUndefined();
  });

  it('refuses a body over the size limit with a contract error and HTTP 413', async () => {
    const res = await fetch(`${h.url}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ caseTypes { key } } # ${'x'.repeat(30_000)}` }),
    });
    expect(res.status).toBe(413);
    expect((await res.json()).errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'body' });
  });

  it('refuses an answer with more points than the limit', async () => {
    // 61 days × 1 group combination > 50 points.
    const r = await h.gql('{ kpi(name: "inflow", dimensions: { period: { from: "2025-01-01T00:00:00Z", to: "2025-03-03T00:00:00Z" }, granularity: DAY }) { value } }');
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'dimensions.groupBy' });
  });

  it('refuses more events in one ingest batch than allowed', async () => {
    const many = Array.from({ length: 10_001 }, (_, i) => ({ id: `x${i}`, type: 'case.reopened', caseId: 'x', at: '2025-01-01T00:00:00Z' }));
    const res = await fetch(`${h.url}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation($e: [CaseEventInput!]!) { ingestEvents(events: $e) { inserted } }', variables: { e: many } }),
    });
    // Over the body limit here already; with a larger body limit the batch limit answers (see ingest-resolver).
    expect([400, 413]).toContain(res.status);
    const body = await res.json();
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe(`request log (${databaseLabel()})`, () => {
  it('writes one JSON line per request with id, KPI names and duration, and never the token', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
    const db = await createTestDatabase();
    const app = await createApp({ ...loadConfig({ LOG_LEVEL: 'info' }), port: 0 }, { db, logger: pino({ level: 'info' }, sink) });
    const url = await app.listen();
    try {
      const secretLooking = 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2VjcmV0';
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: secretLooking, 'x-request-id': 'req-42' },
        body: JSON.stringify({ query: 'query Stuur { a: kpi(name: "openCases") { value } b: kpi(name: "inflow") { value } }' }),
      });
      expect(res.headers.get('x-request-id')).toBe('req-42');
      const entries = lines.map((l) => JSON.parse(l)).filter((e) => e.msg === 'graphql');
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ requestId: 'req-42', operation: 'Stuur', kpis: ['openCases', 'inflow'], status: 200 });
      expect(typeof entries[0].durationMs).toBe('number');
      expect(lines.join('\n')).not.toContain('eyJhbGciOiJIUzI1NiJ9');
    } finally {
      await app.close();
      await db.dispose();
    }
  });
});
